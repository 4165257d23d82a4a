"""HTML in event text stays text; the default store shows the conflict's history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import XSS
from tests.e2e.test_dashboard import open_map

pytestmark = pytest.mark.e2e


def test_html_in_event_text_is_shown_literally_and_never_runs(xss_app, page):
    frame = open_map(page, xss_app.url)
    expect(frame.locator("path.sem-event")).to_have_count(3)
    for i in range(3):
        frame.locator("path.sem-event").nth(i).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content").last
        popup.wait_for()
        if "xss-1" in popup.inner_text():
            break
    text = popup.inner_text()
    assert f"Notes {XSS} end" in text
    assert f"Kalaban {XSS}" in text
    assert "<script>window.__xss = 1</script>" in text
    # Nothing was parsed as markup: no injected image, no script ran, no dialog opened.
    assert frame.locator("img[src='x']").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert frame.locator(".leaflet-popup-content script").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert frame.locator("body").evaluate("() => window.__xss === undefined")
    # The table shows the same text (its cells are drawn text, never HTML).
    page.get_by_text("Filtered events").scroll_into_view_if_needed()
    grid = page.locator("[data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    assert grid.locator("img[src='x']").count() == 0
    assert page.dialogs == []


def test_default_store_shows_history_and_the_attack(default_app, page):
    frame = open_map(page, default_app.url + "?start=2012-01-01&end=2023-12-31")
    count = page.get_by_text(re.compile(r"^\d+ of \d+ events$"))
    shown, total = map(int, re.findall(r"\d+", count.inner_text()))
    assert shown > 3000
    assert total > shown
    # Thousands of events: aggregated, with a note that says so.
    expect(frame.locator("path.sem-hexagon").first).to_be_attached()
    expect(frame.get_by_text(re.compile("shown as hexagons"))).to_be_visible()

    frame = open_map(page, default_app.url + "?start=2024-09-17&end=2024-09-17")
    page.get_by_text(f"2 of {total} events").wait_for()
    expect(frame.locator("path.sem-event")).to_have_count(2)
