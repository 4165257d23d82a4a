"""The app itself at scale: script rerun time after a filter change, and server memory
with many browser sessions open on one store (data loaded once per process)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent

_RERUN = """
import datetime as dt, json, statistics, sys, time
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600).run()
assert not at.exception, at.exception
times = []
for start in (dt.date(2020, 1, 1), dt.date(2021, 6, 1), dt.date(2024, 1, 1)):
    at.date_input(key="start").set_value(start)
    t0 = time.perf_counter(); at.run(); times.append(time.perf_counter() - t0)
    assert not at.exception, at.exception
actor = at.multiselect(key="actors").options[0].rsplit(" (", 1)[0]
at.multiselect(key="actors").set_value([actor])
t0 = time.perf_counter(); at.run(); times.append(time.perf_counter() - t0)
print(json.dumps({"median": statistics.median(times), "max": max(times)}))
"""


def rerun_seconds(store: Path) -> tuple[float, float]:
    """Median and max script time of a rerun after a filter change (data already cached)."""
    env = {**os.environ, "SAHELMAP_STORE": str(store)}
    out = subprocess.run(
        [sys.executable, "-c", _RERUN, str(ROOT / "app.py")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=ROOT,
    )
    import json

    got = json.loads(out.stdout.strip().splitlines()[-1])
    return got["median"], got["max"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss(proc: psutil.Process) -> int:
    return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])


def sessions_rss(browser: Browser, store: Path, n_sessions: int = 20) -> tuple[int, int, float]:
    """Server RSS with one session open, then with ``n_sessions``; and the first map's time."""
    port = _free_port()
    env = {**os.environ, "SAHELMAP_STORE": str(store)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        proc = psutil.Process(server.pid)
        contexts = []
        if True:
            pages = []
            first_s = 0.0
            for i in range(n_sessions):
                contexts.append(browser.new_context())
                page = contexts[-1].new_page()
                t0 = time.perf_counter()
                page.goto(url)
                page.get_by_text(re.compile(r"\d+ of \d+ events")).wait_for(timeout=600_000)
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                frame.locator(".sem-legend").wait_for(timeout=600_000)
                if i == 0:
                    first_s = time.perf_counter() - t0
                    one = _rss(proc)
                pages.append(page)
            time.sleep(2)
            many = _rss(proc)
            for context in contexts:
                context.close()
        return one, many, first_s
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(browser: Browser, store: Path, n_sessions: int = 20) -> list[list[str]]:
    """Rows for the 1M table: rerun time, first map time, RSS with 1 and n sessions."""
    from bench import map_page

    median, worst = rerun_seconds(store)
    one, many, first_s = sessions_rss(browser, store, n_sessions)
    ratios = map_page.page_ratios(browser, store)
    return [
        *ratios,
        ["app rerun after a filter change", f"{median:.2f} s",
         f"median of 4; max {worst:.2f} s (goal 0.25 s)"],
        ["first page: open -> map drawn", f"{first_s:.1f} s", "includes loading the store"],
        ["server RSS, 1 session", f"{one / 1e6:.0f} MB", ""],
        [f"server RSS, {n_sessions} sessions", f"{many / 1e6:.0f} MB",
         f"{many / one:.2f}x the one-session figure"],
    ]  # fmt: skip
