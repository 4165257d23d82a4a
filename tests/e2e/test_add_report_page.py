"""The Add report page in a real browser: upload, review with evidence, accept, save, map."""

from __future__ import annotations

import re

import pytest

from events.io.store import open_store
from tests.e2e.conftest import AppServer

pytestmark = pytest.mark.e2e

REPORT = """published: 2025-03-02
source: Test wire

Hier, des hommes armés non identifiés ont attaqué le village de Diallassagou, près de \
Bankass, tuant une vingtaine de civils selon des sources locales. L'armée a annoncé avoir \
tué 12 terroristes à Ménaka mardi dernier.
"""


@pytest.fixture
def add_app(tmp_path, seed_events):
    store = tmp_path / "events.gpkg"
    open_store(store).write(seed_events)
    server = AppServer(store, tmp_path / "streamlit.log")
    yield server, open_store(store)
    server.stop()


def test_upload_review_accept_save_and_see_on_the_map(add_app, page, tmp_path):
    server, store = add_app
    report = tmp_path / "bankass.txt"
    report.write_text(REPORT, encoding="utf-8")

    page.goto(server.url + "Add_report")
    page.get_by_role("button", name="Extract").wait_for(timeout=60_000)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(report)
    page.get_by_text("bankass.txt").first.wait_for()
    page.get_by_role("button", name="Extract").click()
    # the heading (the progress bar above says "Extracted 2 draft event(s) from ...")
    page.get_by_text("2 draft event(s)", exact=True).wait_for(timeout=60_000)

    # The report is shown with each coded field's evidence highlighted.
    marks = page.locator("mark[title]")
    marks.first.wait_for(timeout=30_000)
    assert marks.count() >= 4
    assert any("vingtaine" in t for t in marks.all_inner_texts())
    assert len(store.load_frame()) == 2  # nothing saved before the review

    page.get_by_role("button", name="Accept all drafts").click()
    page.get_by_role("button", name="Save accepted").click()
    page.get_by_text(re.compile(r"Saved 2 new verified event\(s\)")).wait_for(timeout=60_000)
    saved = store.load_frame()
    assert len(saved) == 4
    assert set(saved.loc[~saved["event_id"].str.startswith("seed-"), "status"]) == {"verified"}

    page.goto(server.url)
    page.get_by_text("4 of 4 events").wait_for(timeout=60_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]:not([width="-1"])')
    frame.locator(".sem-legend").wait_for()
    assert frame.locator("path.sem-event").count() == 4
