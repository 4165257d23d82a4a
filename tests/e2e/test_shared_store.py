"""The map over a shared store, on both backends: other writers' saves appear, with history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.io.store import open_store
from tests.conftest import make_event
from tests.e2e.conftest import AppServer
from tests.e2e.test_dashboard import open_map

pytestmark = pytest.mark.e2e


@pytest.fixture
def shared_app(store_location, tmp_path, seed_events):
    open_store(store_location).append(seed_events, why="build-store: seed events", who="Amadou")
    server = AppServer(store_location, tmp_path / "streamlit.log")
    yield server, open_store(store_location)
    server.stop()


def test_an_open_page_shows_another_analysts_save_and_its_history(shared_app, page):
    server, store = shared_app
    frame = open_map(page, server.url)
    expect(page.get_by_text("2 of 2 events")).to_be_visible()

    # another analyst, another process, another machine: the page is left alone
    store.upsert(
        [make_event(event_id="field-report", location="Ségou", latitude=13.43, longitude=-6.26)],
        why="Add report: radio bulletin",
        who="Fatou",
    )
    page.get_by_text("3 of 3 events").wait_for(timeout=60_000)  # polled, no reload

    frame = open_map(page, server.url)
    # the seeds were checked by hand; the new event is a draft: hollow, dashed, in the legend
    expect(frame.locator("path.sem-event")).to_have_count(3)
    expect(frame.locator("path.sem-event.sem-draft")).to_have_count(1)
    expect(frame.locator(".sem-legend")).to_contain_text("Draft: coded from a report")
    popups = []
    for i in range(3):
        frame.locator("path.sem-event").nth(i).dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content").last
        popup.wait_for(timeout=10_000)
        popup.locator("details.sem-history summary").click()
        popups.append(popup.inner_text())
    (ours,) = [p for p in popups if "field-report" in p]
    assert re.search(
        r"History \(1 change\).*Fatou: create — Add report: radio bulletin", ours, re.S
    )
    assert sum("Amadou: create — build-store: seed events" in p for p in popups) == 2
