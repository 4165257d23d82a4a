"""The offline basemap in a real browser: names by zoom, clicks through names, dark style."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from geo.basemap import TIER_MIN_ZOOM, load_map_labels
from layers.basemap import DARK, LIGHT
from tests.e2e.conftest import ROOT, AppServer

pytestmark = pytest.mark.e2e

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]:not([width="-1"])'
CAPITALS = ("Bamako", "Niamey", "Ouagadougou")
REGIONAL = ("Gao", "Mopti", "Timbuktu")
GAO = next(lb for lb in load_map_labels() if lb.name == "Gao" and lb.tier == "regional")
#: An event drawn under the "Gao" name: 0.1 degree east of the town's dot.
UNDER_GAO = (GAO.latitude, GAO.longitude + 0.1)


def open_map(page, url: str):
    page.goto(url)
    page.get_by_text(re.compile(r"\d+ of \d+ events")).wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".sem-label").first.wait_for(state="attached", timeout=60_000)
    # The legend is added after every layer; then the view may still move once (the page
    # keeps the view in the URL): wait until the zoom holds still.
    frame.locator(".sem-legend").wait_for(timeout=60_000)
    last = None
    for _ in range(20):
        page.wait_for_timeout(500)
        now = frame.locator("body").evaluate("() => [window.map.getZoom(), location.href]")
        if now == last:
            break
        last = now
    return frame


def shown_labels(frame) -> dict[str, str]:
    """Return ``{name: tier}`` of the names displayed inside the map's view."""
    return frame.locator("body").evaluate(
        """() => {
            const box = document.querySelector('.leaflet-container').getBoundingClientRect();
            const out = {};
            document.querySelectorAll('.sem-label').forEach(el => {
                if (getComputedStyle(el).display === 'none') return;
                const r = el.getBoundingClientRect();
                if (r.right < box.left || r.left > box.right
                    || r.bottom < box.top || r.top > box.bottom) return;
                const tier = [...el.classList].find(c => c.startsWith('sem-label-')
                    && c !== 'sem-label-left').slice('sem-label-'.length);
                out[el.textContent] ??= tier;
            });
            return out;
        }"""
    )


def set_view(page, frame, lat: float, lon: float, zoom: int) -> None:
    frame.locator("body").evaluate(
        f"() => window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})"
    )
    page.wait_for_timeout(1500)  # a view change may rerun the page and redraw the events


def zoom_of(frame) -> int:
    return int(frame.locator("body").evaluate("() => window.map.getZoom()"))


def test_default_view_names_capitals_and_regional_capitals(default_app, page):
    frame = open_map(page, default_app.url)
    zoom = zoom_of(frame)
    assert TIER_MIN_ZOOM["regional"] <= zoom < TIER_MIN_ZOOM["town"]
    shown = shown_labels(frame)
    for name in CAPITALS:
        assert shown.get(name) == "capital", name
    for name in REGIONAL:
        assert shown.get(name) == "regional", (name, zoom, sorted(shown))
    assert "town" not in shown.values()  # towns wait for zoom 7
    assert "local" not in shown.values()


def test_zooming_in_brings_towns_then_local_names(default_app, page):
    frame = open_map(page, default_app.url)
    set_view(page, frame, 12.9, -7.6, TIER_MIN_ZOOM["town"])
    shown = shown_labels(frame)
    assert shown.get("Bamako") == "capital"
    assert shown.get("Koulikoro") == "regional"
    assert "town" in shown.values()
    assert "local" not in shown.values()
    set_view(page, frame, 12.63, -7.98, TIER_MIN_ZOOM["local"])
    shown = shown_labels(frame)
    assert shown.get("Kati") == "town"
    assert "local" in shown.values()
    # far out again: only capitals
    set_view(page, frame, 14.0, -2.0, TIER_MIN_ZOOM["regional"] - 1)
    assert set(shown_labels(frame).values()) == {"capital"}


@pytest.fixture(scope="module")
def gao_app(tmp_path_factory) -> Iterator[AppServer]:
    """Two events: one drawn right under the "Gao" label, one in Mopti."""
    from events.io.store import open_store
    from events.model import Event

    def event(event_id: str, location: str, lat: float, lon: float, admin1: str) -> Event:
        return Event(
            event_id=event_id,
            event_date=dt.date(2023, 5, 1),
            event_type="Battles",
            sub_event_type="Armed clash",
            actor1="JNIM",
            iso3="MLI",
            country="Mali",
            admin1=admin1,
            location=location,
            latitude=lat,
            longitude=lon,
            source="test",
        )

    store = tmp_path_factory.mktemp("gao") / "events.gpkg"
    open_store(store).write(
        [
            event("under-gao", "Under the Gao label", *UNDER_GAO, "Gao"),
            event("mopti-1", "Mopti", 14.4843, -4.18296, "Mopti"),
        ]
    )
    server = AppServer(store, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()


def test_marker_under_a_name_is_clickable(gao_app, page):
    frame = open_map(page, gao_app.url)
    set_view(page, frame, *UNDER_GAO, 8)
    label = frame.locator(".sem-label-regional", has_text=re.compile(r"^Gao$"))
    marker = frame.locator("path.sem-event")
    marker.first.wait_for(timeout=10_000)
    iframe_box = page.locator(MAP_FRAME).bounding_box()
    label_box = label.bounding_box()
    hit = None
    for i in range(marker.count()):
        b = marker.nth(i).bounding_box()
        x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
        if (
            label_box["x"] <= x <= label_box["x"] + label_box["width"]
            and label_box["y"] <= y <= label_box["y"] + label_box["height"]
        ):
            hit = (x, y)
    assert hit, "the test event is not drawn under the Gao label"
    # What the pointer reaches there is the marker, not the label above it
    top = frame.locator("body").evaluate(
        "(_, [x, y]) => document.elementFromPoint(x, y).getAttribute('class')",
        [hit[0] - iframe_box["x"], hit[1] - iframe_box["y"]],
    )
    assert "sem-event" in top
    page.mouse.click(*hit)
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(timeout=10_000)
    assert "Under the Gao label" in popup.inner_text()


def css_background(frame) -> str:
    return frame.locator(".leaflet-container").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_dark_style_changes_background_and_names(seed_app, page, tmp_path):
    frame = open_map(page, seed_app.url)
    assert css_background(frame) == rgb(LIGHT.background)
    light_text = frame.locator(".sem-label-capital").first.evaluate(
        "el => getComputedStyle(el).color"
    )
    frame = open_map(page, seed_app.url + "?basemap=dark")
    assert css_background(frame) == rgb(DARK.background)
    bamako = frame.locator(".sem-label-capital", has_text="Bamako")
    assert bamako.evaluate("el => getComputedStyle(el).color") == rgb(DARK.label_text)
    assert rgb(DARK.label_text) != light_text
    assert bamako.evaluate("el => getComputedStyle(el).display") == "block"
    page.locator(MAP_FRAME).screenshot(path=tmp_path / "dark.png")


def test_basemap_files_stay_inside_the_project():
    # the app reads only the committed copies, never the shared data directory
    for name in ("map_labels.csv", "lakes.geojson"):
        assert (ROOT / "geo" / "data" / name).is_file()
