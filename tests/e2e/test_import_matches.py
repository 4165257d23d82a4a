"""The Import page shows the rows that match stored events of another source before saving."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.io.store import open_store
from tests.e2e.conftest import ROOT, AppServer

pytestmark = pytest.mark.e2e

CODEBOOK = ROOT / "tests" / "data" / "acled_codebook.csv"


@pytest.fixture
def import_app(tmp_path, seed_events):
    store = tmp_path / "events.gpkg"
    open_store(store).write(seed_events)
    server = AppServer(store, tmp_path / "streamlit.log")
    yield server, open_store(store)
    server.stop()


def test_matches_are_shown_then_linked_on_save(import_app, page):
    server, store = import_app
    page.goto(server.url + "Import")
    page.get_by_text("Import events").first.wait_for(timeout=60_000)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(CODEBOOK)
    page.get_by_text(CODEBOOK.name).first.wait_for()
    page.locator("[data-testid='stSelectbox']").click()
    page.get_by_role("option", name=re.compile("^acled:")).click()
    page.get_by_role("button", name="Import", exact=True).click()

    page.get_by_text(re.compile(r"1 rows match stored events")).wait_for(timeout=60_000)
    table = page.locator("[data-testid='stDataFrame']").first
    expect(table).to_be_visible()
    assert store.count() == 2  # nothing saved before the button

    page.get_by_role("button", name=re.compile(r"^Save \(link")).click()
    page.get_by_text(re.compile("Added 4 new events")).wait_for(timeout=60_000)
    assert page.get_by_text(re.compile("1 row linked to 1 stored events")).is_visible()
    frame = store.load_frame().set_index("event_id")
    assert len(frame) == 6
    assert "acled-MLI9001" not in frame.index
    assert frame["source"].str.contains("acled-MLI9001", regex=False).sum() == 1
