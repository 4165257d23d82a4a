"""The "Add report" page in AppTest: extract the seed report, review, merge, reject, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from events.cli import main
from events.io.store import EventStore, open_store

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "1_Add_report.py"
SEED = ROOT / "seeds" / "000_e244a61c166959a2.txt"
SEED_IDS = {"seed-000-airport", "seed-000-gendarmerie-school"}


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "events.gpkg"
    assert main(["build-store", "--store", str(path)]) == 0
    return path


@pytest.fixture
def store(built_store, tmp_path, monkeypatch) -> EventStore:
    """A fresh copy of the seed store per test, named by SAHELMAP_STORE."""
    path = tmp_path / "events.gpkg"
    path.write_bytes(built_store.read_bytes())
    monkeypatch.setenv("SAHELMAP_STORE", str(path))
    return open_store(path)


def extracted(*, text: str = "", files=None, source: str = "Test wire") -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    assert not at.exception
    at.text_area(key="add_text").set_value(text)
    if files:
        at.file_uploader(key="add_files").set_value(files)
    at.date_input(key="add_published").set_value(dt.date(2024, 9, 18))
    at.text_input(key="add_source").set_value(source)
    at.button(key="add_extract").click().run()
    assert not at.exception
    return at


def edit(at: AppTest, rows: dict[int, dict]) -> AppTest:
    at.session_state["add_editor"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def matches_table(at: AppTest):
    """The read-only table of what saving does (AppTest keeps no key on st.dataframe)."""
    (table,) = [d for d in at.dataframe if d.editing_mode == "read_only"]
    return table.value


def save(at: AppTest) -> AppTest:
    at.button(key="add_save").click().run()
    assert not at.exception
    return at


def test_seed_report_gives_two_drafts_with_their_matches(store):
    at = extracted(text=SEED.read_text(encoding="utf-8"))
    table = at.data_editor(key="add_editor").value
    assert len(table) == 2
    assert set(table["actor1"]) == {"JNIM"}
    assert set(table["event_date"].astype(str)) == {"2024-09-17"}
    matches = matches_table(at)
    assert all(a.startswith("merge into stored seed-000-") for a in matches["action"])
    assert {a.split()[-1] for a in matches["action"]} == SEED_IDS
    html = at.html[0].value
    assert 'dir="rtl"' in html
    assert "<mark title=" in html
    assert not at.error


def test_accepting_merges_into_the_stored_seed_events(store):
    before = store.load_frame()
    at = extracted(text=SEED.read_text(encoding="utf-8"))
    at = save(edit(at, {0: {"decision": "accept"}, 1: {"decision": "accept"}}))
    assert not at.error
    assert "merged 2" in at.success[0].value
    after = store.load_frame()
    assert len(after) == len(before)  # merged, not duplicated
    seeds = after[after["event_id"].isin(SEED_IDS)]
    assert seeds["source"].str.contains("Test wire").all()
    assert (seeds["status"].astype(str) == "verified").all()
    assert len(at.data_editor) == 0  # every draft decided: the review is done


def test_a_new_event_is_saved_as_verified(store):
    before = store.load_frame()
    text = "Yesterday, JNIM fighters attacked the army post in Menaka, killing five soldiers."
    at = extracted(text=text)
    assert matches_table(at)["action"].tolist() == ["new verified event"]
    at = save(edit(at, {0: {"decision": "accept", "fatalities": 6}}))
    assert "1 new verified event" in at.success[0].value
    after = store.load_frame()
    assert len(after) == len(before) + 1
    new = after[~after["event_id"].isin(before["event_id"])].iloc[0]
    assert new["status"] == "verified"
    assert new["fatalities"] == 6
    assert new["location"] == "Menaka" or "Ménaka" in new["location"]


def test_rejecting_saves_nothing(store):
    version = store.version()
    at = extracted(text=SEED.read_text(encoding="utf-8"))
    at = edit(at, {0: {"decision": "reject"}, 1: {"decision": "reject"}})
    assert matches_table(at)["action"].tolist() == ["nothing (rejected)"] * 2
    at = save(at)
    assert any("no draft is accepted" in w.value for w in at.warning)
    assert store.version() == version
    assert not at.success


def test_a_bad_edit_names_the_field_and_saves_nothing(store):
    version = store.version()
    at = extracted(text=SEED.read_text(encoding="utf-8"))
    at = edit(at, {0: {"decision": "accept", "latitude": 200.0}, 1: {"decision": "accept"}})
    assert any("'latitude'" in e.value and "200" in e.value for e in at.error)
    assert matches_table(at)["action"][0] == "none until 'latitude' is fixed"
    at = save(at)
    assert any("Nothing saved" in e.value for e in at.error)
    assert store.version() == version
    assert len(at.data_editor(key="add_editor").value) == 2  # drafts kept for fixing


def test_bad_files_are_named_and_the_others_still_processed(store):
    files = [
        ("binary.txt", b"\x00\x01\x02PK\x00", "text/plain"),
        ("empty.txt", b"", "text/plain"),
        ("latin1.txt", "Hier, attaque à Ménaka".encode("latin-1"), "text/plain"),
        ("seed.txt", SEED.read_bytes(), "text/plain"),
    ]
    at = extracted(files=files)
    errors = " | ".join(e.value for e in at.error)
    for name in ("binary.txt", "empty.txt", "latin1.txt"):
        assert name in errors
    assert "seed.txt" not in errors
    assert len(at.data_editor(key="add_editor").value) == 2


def test_drafts_survive_reruns(store):
    at = extracted(text=SEED.read_text(encoding="utf-8"))
    at.text_area(key="add_text").set_value("")
    at.run()
    assert len(at.data_editor(key="add_editor").value) == 2
