"""The dashboard in a real browser: markers, URL filters, popups with the Arabic evidence."""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# During a rerun Streamlit may briefly keep the previous map's iframe (width -1) beside
# the new one: the map is the one laid out.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]:not([width="-1"])'
AIRPORT = (12.537778, -7.943056)
SCHOOL = (12.5925, -7.953)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def open_map(page, url: str):
    """Open ``url`` and wait until the map has drawn its boundary layers."""
    page.goto(url)
    page.get_by_text(re.compile(r"\d+ of \d+ events")).wait_for(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    # The legend is added after every layer: once it shows, the layers are drawn.
    frame.locator(".sem-legend").wait_for(timeout=60_000)
    page.wait_for_timeout(500)  # let the last rerun settle
    return frame


def popup_text(page, frame, index: int) -> str:
    frame.locator("path.sem-event").nth(index).dispatch_event("click")
    # Opening a popup closes the previous one, which may linger while it fades out.
    popup = frame.locator(".leaflet-popup-content").last
    popup.wait_for(timeout=10_000)
    return popup.inner_text()


def test_default_view_shows_the_two_sites(seed_app, page):
    frame = open_map(page, seed_app.url)
    expect(frame.locator("path.sem-event")).to_have_count(2)
    expect(frame.locator("path.sem-uncertainty")).to_have_count(2)
    positions = []
    for i in range(2):
        text = popup_text(page, frame, i)
        lat, lon = re.search(r"Coordinates\s+(-?[\d.]+), (-?[\d.]+)", text).groups()
        positions.append((float(lat), float(lon)))
    assert min(distance_km(p, AIRPORT) for p in positions) < 1.5
    assert min(distance_km(p, SCHOOL) for p in positions) < 2.0
    assert page.get_by_text("2 of 2 events").is_visible()
    assert not page.dialogs


def test_url_start_after_the_attack_shows_nothing(seed_app, page):
    frame = open_map(page, seed_app.url + "?start=2024-09-18")
    page.get_by_text("0 of 2 events").wait_for()
    expect(frame.locator("path.sem-event")).to_have_count(0)


def test_url_actor_shows_both_events(seed_app, page):
    frame = open_map(page, seed_app.url + "?actor=JNIM&type=Battles")
    page.get_by_text("2 of 2 events").wait_for()
    expect(frame.locator("path.sem-event")).to_have_count(2)


def test_bad_url_value_is_a_warning_not_a_crash(seed_app, page):
    frame = open_map(page, seed_app.url + "?start=2024-13-45&actor=Nobody")
    page.get_by_text("Ignored start='2024-13-45'").wait_for()
    assert page.get_by_text("Ignored actor='Nobody'").is_visible()
    expect(frame.locator("path.sem-event")).to_have_count(2)


def test_marker_popup_shows_the_arabic_quote_right_to_left(seed_app, page):
    frame = open_map(page, seed_app.url)
    frame.locator("path.sem-event").first.dispatch_event("click")
    # the evidence is folded under the summary: open it
    frame.locator(".leaflet-popup-content summary", has_text="Evidence").click()
    quotes = frame.locator(".leaflet-popup-content q.sem-quote[dir='rtl']")
    quotes.first.wait_for(timeout=10_000)
    texts = quotes.all_inner_texts()
    assert any("جماعة نصرة الإسلام والمسلمين" in t for t in texts)
    assert quotes.first.evaluate("el => getComputedStyle(el).direction") == "rtl"


def test_changing_the_start_date_updates_map_count_and_url(seed_app, page):
    frame = open_map(page, seed_app.url)
    day = page.get_by_role("spinbutton", name="day, From")
    day.focus()
    day.press("ArrowUp")  # 2024-09-17 -> 2024-09-18; "To" is pushed along
    page.locator("h1").first.click()  # leave the field: the widget commits its value
    page.get_by_text("0 of 2 events").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('start=2024-09-18')", timeout=10_000)
    frame.locator(".sem-legend").wait_for()
    expect(frame.locator("path.sem-event")).to_have_count(0)


def test_timeline_slider_moves_the_range(seed_app, page):
    frame = open_map(page, seed_app.url)
    thumbs = page.locator("[data-testid='stSlider'] input[type='range']")
    expect(thumbs).to_have_count(2)
    # Each thumb stops at the other: move the end first, then the start, one day each.
    thumbs.nth(1).focus()
    thumbs.nth(1).press("ArrowRight")
    page.wait_for_function("() => location.search.includes('end=2024-09-18')", timeout=15_000)
    thumbs.nth(0).focus()
    thumbs.nth(0).press("ArrowRight")
    page.get_by_text("0 of 2 events").wait_for(timeout=30_000)
    frame.locator(".sem-legend").wait_for()
    expect(frame.locator("path.sem-event")).to_have_count(0)
