"""The edit history from the command line, and ids that follow a report's content."""

from __future__ import annotations

import json
import shutil

import pyogrio

from events.cli import main
from events.io.gpkg import LAYER
from events.io.store import open_store
from tests.conftest import make_event

from .conftest import SEED


def ingest_ids(path, capsys) -> list[str]:
    assert main(["ingest", str(path), "--published", "2024-09-18", "--dry-run"]) == 0
    return sorted(r["event_id"] for r in json.loads(capsys.readouterr().out))


def test_the_same_report_from_two_folders_gives_the_same_ids(tmp_path, capsys):
    a = tmp_path / "inbox" / "report.txt"
    b = tmp_path / "archive" / "2024" / "renamed.txt"
    for path in (a, b):
        path.parent.mkdir(parents=True)
    shutil.copy(SEED, a)
    # the same text re-saved with other line endings and trailing spaces
    b.write_text(SEED.read_text(encoding="utf-8").replace("\n", " \r\n"), encoding="utf-8")
    ids = ingest_ids(a, capsys)
    assert len(ids) == 2
    assert ingest_ids(b, capsys) == ids


def test_two_pasted_reports_about_one_town_and_day_are_two_events(tmp_path, capsys):
    attack = "Hier, des hommes armés du JNIM ont attaqué un poste de l'armée à Gao."
    protest = "Hier, des centaines de manifestants ont marché à Gao contre la vie chère."
    files = []
    for folder, text in (("monday", attack), ("tuesday", protest)):
        # one name, no source, no URL: what the Add report page calls "pasted text"
        path = tmp_path / folder / "pasted text"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        files.append(path)
    store = tmp_path / "events.gpkg"
    for path in files:
        assert main(["ingest", str(path), "--published", "2024-09-18", "--store", str(store)]) == 0
    capsys.readouterr()
    stored = open_store(store).load()
    assert len(stored) == 2
    assert {e.event_date.isoformat() for e in stored} == {"2024-09-17"}
    assert len({e.event_id for e in stored}) == 2


def test_edit_then_revert_restores_the_old_values_and_both_are_in_the_history(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SAHELMAP_ANALYST", "Aïcha")
    path = tmp_path / "events.gpkg"
    store = open_store(path)
    store.append([make_event(event_id="ev-1", fatalities=3)], why="import test.csv")
    store.upsert(
        [make_event(event_id="ev-1", fatalities=30, notes="revised toll")],
        why="correction from a second report",
        who="Aïcha",
    )
    assert main(["history", "ev-1", "--store", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "create ev-1 — import test.csv" in lines[0]
    assert "Aïcha: update (fatalities: 3 → 30; notes: '' → 'revised toll')" in lines[1]
    edit = int(lines[1].split()[0].lstrip("#"))

    assert main(["revert", str(edit), "--store", str(path)]) == 0
    assert "revert" in capsys.readouterr().out
    (event,) = store.load()
    assert (event.fatalities, event.notes) == (3, "")
    history = store.history("ev-1")
    assert [c.action for c in history] == ["create", "update", "revert"]
    assert history[-1].analyst == "Aïcha"
    assert history[-1].reason == f"revert of change #{edit}"

    # the revert is itself revertible
    assert main(["revert", str(history[-1].change_id), "--store", str(path)]) == 0
    assert store.load()[0].fatalities == 30


def test_reverting_a_delete_brings_the_event_back(tmp_path):
    store = open_store(tmp_path / "events.gpkg")
    original = make_event(event_id="gone", notes="keep me")
    store.append([original])
    assert store.delete(["gone"], why="duplicate") == 1
    assert store.load() == []
    deleted = store.history("gone")[-1]
    assert (deleted.action, deleted.op) == ("delete", "remove")
    store.revert(deleted.change_id)
    assert store.load() == [original]


def test_unknown_change_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "events.gpkg"
    open_store(path).append([make_event()])
    assert main(["revert", "999", "--store", str(path)]) == 2
    assert "no change #999" in capsys.readouterr().err


def test_history_of_an_event_without_changes_says_so(tmp_path, capsys):
    path = tmp_path / "events.gpkg"
    open_store(path).append([make_event()])
    assert main(["history", "nope", "--store", str(path)]) == 1
    assert "no changes recorded for event 'nope'" in capsys.readouterr().err


def test_store_copy_keeps_events_and_history(tmp_path, capsys, seed_events):
    src = open_store(tmp_path / "a.gpkg")
    src.append(seed_events, why="seeds")
    src.upsert([seed_events[0].with_changes(notes="checked")], why="review")
    dst = tmp_path / "b.gpkg"
    assert main(["store", "copy", str(tmp_path / "a.gpkg"), str(dst)]) == 0
    assert "copied 2 events" in capsys.readouterr().err
    copy = open_store(dst)
    assert sorted(copy.load(), key=lambda e: e.event_id) == sorted(
        src.load(), key=lambda e: e.event_id
    )
    assert [c.describe() for c in copy.history()] == [c.describe() for c in src.history()]


def test_store_copy_upgrades_a_store_of_an_earlier_version(tmp_path, capsys, seed_events):
    from events.frame import to_frame

    old = tmp_path / "old.gpkg"
    frame = to_frame(seed_events)
    frame["event_date"] = frame["event_date"].dt.strftime("%Y-%m-%d")  # stored as TEXT then
    for col in ("evidence", "fatality_claims"):
        frame[col] = frame[col].astype(str)
    for col in frame.columns[frame.dtypes == "category"]:
        frame[col] = frame[col].astype(str)
    pyogrio.write_dataframe(frame, old, layer=LAYER, driver="GPKG")
    assert main(["store", "copy", str(old), str(tmp_path / "new.gpkg")]) == 0
    capsys.readouterr()
    new = open_store(tmp_path / "new.gpkg")
    assert sorted(e.event_id for e in new.load()) == sorted(e.event_id for e in seed_events)
    assert {c.action for c in new.history()} == {"create"}


def test_history_of_a_missing_store_says_how_to_make_one(tmp_path, capsys):
    missing = tmp_path / "nowhere.gpkg"
    assert main(["history", "--store", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "nowhere.gpkg" in err
    assert "build-store" in err
    assert main(["revert", "1", "--store", str(missing)]) == 2
    assert not missing.exists()  # a revert never creates an empty store
