"""The Map page against its floor, in one run: a Streamlit page holding one st_folium map.

Every figure is a ratio to the floor measured beside it (same machine, same browser), or
a server-side time of the very code a rerun runs: fresh session (server warm), cold start
(server just started, store not loaded), re-aggregation after a zoom or pan, and the
payload of the map for each view.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from playwright.sync_api import Browser
from streamlit_folium import _get_feature_group_string

from app_map import MapInputs, build_base_map
from bench.timing import median_time
from events.frame import EventFilter, filter_mask, select_rows
from events.viewport import Viewport, fit_viewport, viewport_mask
from geo.boundaries import ATTRIBUTION_HTML, load_admin1, load_countries
from layers.aggregate import AGGREGATE_COLUMNS, should_aggregate
from layers.base import make_map
from layers.boundaries import admin1_features, country_features
from layers.events import build_event_layer

ROOT = Path(__file__).resolve().parent.parent
FLOOR = Path(__file__).with_name("floor_page.py")
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]:not([width="-1"])'
POINT_LIMIT = 750
#: Views a user moves through: the Sahel, central Mali, around Mopti, one town.
VIEWS = {
    "Sahel (zoom 5)": fit_viewport(9.0, -18.0, 25.5, 24.5),
    "central Mali (zoom 7)": Viewport(13.0, -6.5, 16.0, -2.0, 7),
    "around Mopti (zoom 9)": Viewport(14.1, -4.6, 14.9, -3.6, 9),
    "one town (zoom 12)": Viewport(14.46, -4.23, 14.53, -4.16, 12),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(script: Path, store: Path) -> Iterator[str]:
    """Run ``streamlit run script`` on a free port over ``store``; yield its URL."""
    port = _free_port()
    env = {**os.environ, "SAHELMAP_STORE": str(store), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_to_map(browser: Browser, url: str, drawn: str) -> float:
    """Seconds from opening ``url`` in a new session to ``drawn`` showing in the map."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        page.frame_locator(MAP_FRAME).locator(drawn).first.wait_for(timeout=600_000)
        return time.perf_counter() - t0
    finally:
        context.close()


def page_ratios(browser: Browser, store: Path) -> list[list[str]]:
    """Fresh-session and cold-start times of the Map page and of the floor, and ratios."""
    figures: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="sahelmap-floor-") as tmp:
        # Streamlit serves static/ from beside the page: the floor gets the same Leaflet
        floor = Path(tmp) / FLOOR.name
        shutil.copy(FLOOR, floor)
        (Path(tmp) / "static").symlink_to(ROOT / "static")
        for name, script, drawn in (
            ("floor", floor, ".leaflet-container"),
            ("ours", ROOT / "app.py", ".sem-mode-hex, .sem-mode-points"),
        ):
            with serve(script, store) as url:
                cold = time_to_map(browser, url, drawn)
                fresh = min(time_to_map(browser, url, drawn) for _ in range(3))
            figures[name] = (cold, fresh)
    (floor_cold, floor_fresh), (cold, fresh) = figures["floor"], figures["ours"]
    return [
        ["floor page (one st_folium map): fresh session", f"{floor_fresh:.2f} s", ""],
        ["Map page: fresh session -> events drawn", f"{fresh:.2f} s",
         f"{fresh / floor_fresh:.2f}x the floor (goal 1.3x)"],
        ["floor page: cold start", f"{floor_cold:.2f} s", "server just started"],
        ["Map page: cold start -> events drawn", f"{cold:.2f} s",
         f"{cold / floor_fresh:.2f}x the floor's fresh session (goal 5x); store loaded"],
    ]  # fmt: skip


def redraw(frame: pd.DataFrame, mask: np.ndarray, view: Viewport) -> tuple[str, bool]:
    """Run what a rerun after a zoom or pan runs; return the layer's script and its mode."""
    near = mask & viewport_mask(frame, view.padded(0.25))
    aggregate = should_aggregate(int(near.sum()), POINT_LIMIT)
    rows = select_rows(frame, near, columns=AGGREGATE_COLUMNS if aggregate else None)
    layer, _ = build_event_layer(
        rows, point_limit=POINT_LIMIT, extent=(view.west, view.south, view.east, view.north)
    )
    return _get_feature_group_string(layer, make_map([], None)), aggregate


def reaggregation(frame: pd.DataFrame, repeat: int = 3) -> list[list[str]]:
    """Server time and payload of the events layer for each view (all events shown)."""
    mask = filter_mask(frame, EventFilter())
    admin1 = load_admin1()
    countries, regions = country_features(load_countries()), admin1_features(admin1)
    inputs = MapInputs(frame, mask, POINT_LIMIT, "none", ATTRIBUTION_HTML, countries, regions, dict)
    base = build_base_map(inputs).get_root().render()
    rows = [["map base (boundaries, names, legend)", f"{len(base.encode()) / 1e6:.2f} MB",
             "sent once per session"]]  # fmt: skip
    for label, view in VIEWS.items():
        script, aggregate = redraw(frame, mask, view)
        s = median_time(lambda v=view: redraw(frame, mask, v), repeat)
        kind = "hexagons" if aggregate else "points"
        size = f"layer {len(script.encode()) / 1e6:.2f} MB"
        rows.append([f"re-aggregate after a move: {label}", f"{s:.2f} s",
                     f"{kind}, {size} (goals 0.3 s, 2 MB)"])  # fmt: skip
    return rows
