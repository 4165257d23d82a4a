"""Working in the map, in a real browser: drill-down, co-located events, the linked table,
the export, playback and links that keep their meaning."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.io.store import open_store
from events.seeds import load_seed_events
from tests.conftest import ROOT, make_event
from tests.e2e.conftest import AppServer
from tests.e2e.test_dashboard import MAP_FRAME, open_map

pytestmark = pytest.mark.e2e

SHOWN = re.compile(r"^(\d+) of (\d+) events$")


def shown(page) -> tuple[int, int]:
    found = SHOWN.match(page.get_by_text(SHOWN).inner_text())
    assert found
    return int(found[1]), int(found[2])


def map_zoom(frame) -> float:
    return frame.locator("body").evaluate("() => window.map.getZoom()")


@pytest.fixture(scope="session")
def twin_store(tmp_path_factory) -> Path:
    """The seeds, and a second event at the airport's very coordinates."""
    seeds = load_seed_events(ROOT / "seeds")
    airport = next(e for e in seeds if e.event_id == "seed-000-airport")
    twin = dataclasses.replace(airport, event_id="twin-at-the-airport", fatalities=1)
    path = tmp_path_factory.mktemp("twin") / "events.gpkg"
    open_store(path).write([*seeds, twin])
    return path


@pytest.fixture(scope="session")
def twin_app(twin_store, tmp_path_factory) -> Iterator[AppServer]:
    server = AppServer(twin_store, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()


def test_zooming_into_central_mali_brings_events_back(default_app, page):
    frame = open_map(page, default_app.url)
    before = shown(page)
    assert before[0] > 3000
    expect(frame.locator("path.sem-hexagon").first).to_be_attached()
    assert frame.locator("path.sem-event").count() == 0
    frame.locator("body").evaluate("() => window.map.setView([14.45, -4.2], 10)")
    expect(frame.locator("path.sem-event").first).to_be_attached(timeout=30_000)
    assert frame.locator("path.sem-hexagon").count() == 0
    assert shown(page) == before  # no filter changed
    # The legend follows: event types for points, no count classes.
    expect(frame.locator(".sem-legend-types").first).to_be_visible()
    expect(frame.locator(".sem-legend-counts")).to_be_hidden()
    # The view is in the link.
    expect(page).to_have_url(re.compile(r"[?&]z=10\b"))


def test_clicking_a_cell_zooms_into_it(default_app, page):
    frame = open_map(page, default_app.url)
    expect(frame.locator("path.sem-hexagon").first).to_be_attached()
    expect(frame.locator(".sem-legend-counts")).to_be_visible()
    zoom = map_zoom(frame)
    frame.locator("path.sem-hexagon").first.dispatch_event("click")
    page.wait_for_function(
        f"""() => {{
            const f = document.querySelector('{MAP_FRAME}');
            return f && f.contentWindow.map && f.contentWindow.map.getZoom() > {zoom};
        }}""",
        timeout=20_000,
    )


def test_two_events_at_one_place_are_both_reachable(twin_app, page):
    frame = open_map(page, twin_app.url)
    assert shown(page) == (3, 3)
    markers = frame.locator("path.sem-event")
    expect(markers).to_have_count(2)  # the school, and one marker for the airport's two
    texts = []
    for i in range(2):
        markers.nth(i).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content").last
        popup.wait_for()
        texts.append(popup.inner_text())
    (both,) = [t for t in texts if "2 events at this place" in t]
    assert "seed-000-airport" in both
    assert "twin-at-the-airport" in both


def test_clicking_a_table_row_opens_that_event_on_the_map(seed_app, page):
    frame = open_map(page, seed_app.url)
    grid = page.locator("[data-testid='stDataFrame']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box
    # the first data row's selection box: under the 35 px header, in the first column
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_be_visible(timeout=20_000)
    event_id = re.search(r"Event id\s+(\S+)", popup.inner_text())
    assert event_id
    assert event_id[1].startswith("seed-000-")
    expect(page).to_have_url(re.compile(rf"[?&]event={re.escape(event_id[1])}"))
    assert map_zoom(frame) >= 11


def test_export_downloads_exactly_the_filtered_events(default_app, page, tmp_path):
    open_map(page, default_app.url + "?start=2023-06-01&end=2023-06-30&country=MLI")
    n, _ = shown(page)
    assert n > 0
    button = page.get_by_role("button", name="GeoJSON")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = tmp_path / "events.geojson"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data["features"]
    assert len(features) == n
    days = {f["properties"]["event_date"] for f in features}
    assert min(days) >= "2023-06-01"
    assert max(days) <= "2023-06-30"
    assert {f["properties"]["country"] for f in features} == {"Mali"}


def test_play_steps_the_shown_week(default_app, page):
    open_map(page, default_app.url + "?start=2023-01-02&end=2023-03-31")
    page.get_by_text("fast", exact=True).click()
    page.get_by_role("button", name=re.compile("Play")).click()
    # one week is shown, then the next
    expect(page).to_have_url(re.compile(r"start=2023-01-02&end=2023-01-08"), timeout=20_000)
    expect(page).to_have_url(re.compile(r"start=2023-01-09&end=2023-01-15"), timeout=30_000)
    page.get_by_role("button", name=re.compile("Pause")).click()


def test_a_shared_link_keeps_its_events_after_a_later_one_is_added(
    tmp_path_factory, page, seed_store
):
    path = tmp_path_factory.mktemp("later") / "events.gpkg"
    open_store(path).write(load_seed_events(ROOT / "seeds"))
    server = AppServer(path, tmp_path_factory.mktemp("log") / "streamlit.log")
    try:
        open_map(page, server.url)
        assert shown(page) == (2, 2)
        link = page.url
        assert "start=2024-09-17" in link
        assert "end=2024-09-17" in link
        # the page offers the same link, to copy
        page.get_by_text("Link to this view").click()
        offered = page.locator("[data-testid='stCode']").inner_text().strip()
        assert offered.startswith(server.url)
        assert "start=2024-09-17" in offered
        assert "end=2024-09-17" in offered
        later = make_event(event_id="later-1", event_date=dt.date(2024, 10, 1))
        open_store(path).append([later])
        open_map(page, link)
        assert shown(page) == (2, 3)
    finally:
        server.stop()


def test_on_a_phone_the_legend_folds_and_hides_no_marker(seed_app, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        frame = open_map(page, seed_app.url)
        expect(frame.locator(".sem-legend details")).not_to_have_attribute("open", "")
        markers = frame.locator("path.sem-event")
        expect(markers).to_have_count(2)
        for i in range(2):
            # the topmost element at each marker's centre is the marker itself
            on_top = markers.nth(i).evaluate(
                """el => { const r = el.getBoundingClientRect();
                           const x = r.left + r.width / 2, y = r.top + r.height / 2;
                           return document.elementFromPoint(x, y) === el; }"""
            )
            assert on_top, f"marker {i} is covered"
        frame.locator(".sem-legend summary").click()
        expect(frame.locator(".sem-legend details")).to_have_attribute("open", "")
    finally:
        context.close()
