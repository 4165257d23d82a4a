"""The Import page in a real browser: upload, progress, rejects, and the main map updated."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from events.io.store import open_store
from tests.e2e.conftest import ROOT, AppServer

pytestmark = pytest.mark.e2e

DATA = ROOT / "tests" / "data"


@pytest.fixture
def import_app(tmp_path, seed_events):
    store = tmp_path / "events.gpkg"
    open_store(store).write(seed_events)
    server = AppServer(store, tmp_path / "streamlit.log")
    yield server, open_store(store)
    server.stop()


def upload(page, url: str, name: str, fmt: str) -> None:
    page.goto(url + "Import")
    page.get_by_text("Import events").first.wait_for(timeout=60_000)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(DATA / name)
    page.get_by_text(name).first.wait_for()
    page.locator("[data-testid='stSelectbox']").click()
    page.get_by_role("option", name=re.compile(f"^{fmt}:")).click()
    page.get_by_role("button", name="Import", exact=True).click()


def test_import_keeps_good_rows_lists_bad_ones_and_is_idempotent(import_app, page):
    server, store = import_app
    upload(page, server.url, "acled_bad_rows.csv", "acled")
    page.get_by_text(re.compile(r"10 rows: 3 kept, 7 rejected")).wait_for(timeout=60_000)
    assert page.get_by_text("Added 3 new events").is_visible()
    assert page.get_by_text("7 rows were set aside").is_visible()
    assert len(store.load_frame()) == 5
    download = page.get_by_role("button", name=re.compile("Download the rejected rows"))
    expect(download).to_be_visible()

    upload(page, server.url, "acled_bad_rows.csv", "acled")
    page.get_by_text(re.compile("Added 0 new events")).wait_for(timeout=60_000)
    assert len(store.load_frame()) == 5

    # The main page picks the new rows up at once, with ACLED's attribution.
    page.goto(server.url)
    page.get_by_text("5 of 5 events").wait_for(timeout=60_000)
    page.get_by_text(re.compile("Armed Conflict Location & Event Data")).first.wait_for()
