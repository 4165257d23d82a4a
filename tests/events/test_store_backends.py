"""The store interface, on every backend (GeoPackage and PostGIS): same writes, same history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from events.frame import COLUMNS, from_frame, to_frame
from events.io.store import EventStore, open_store
from events.model import EventValidationError, Status
from tests.conftest import make_event, mixed_event_list
from tests.store_backends import synthetic_frame

ROOT = Path(__file__).resolve().parents[2]
# A writer in its own process: builds its rows, says "ready", appends, says "done".
WORKER = """
import sys
import pandas as pd
from events.frame import frame_from_table
from events.io.store import open_store
from tests.store_backends import synthetic_frame
location, prefix, n, shared = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
frame = synthetic_frame(n, prefix=prefix)
if shared:
    frame = frame_from_table(pd.concat([frame, synthetic_frame(shared, prefix="shared")]))
store = open_store(location)
print("ready", flush=True)
print("done", store.append(frame, why=prefix), flush=True)
"""


def start_writer(location: str, prefix: str, n: int, shared: int = 0) -> subprocess.Popen[str]:
    args = [sys.executable, "-c", WORKER, location, prefix, str(n), str(shared)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def by_id(events):
    return {e.event_id: e for e in events}


def test_append_skips_known_ids(any_store: EventStore):
    assert any_store.append(mixed_event_list()[:3]) == 3
    assert any_store.append(mixed_event_list()) == 2
    assert any_store.count() == 5
    assert any_store.event_ids() == {"a", "b", "c", "d", "e"}
    assert any_store.append(mixed_event_list()) == 0


def test_append_with_one_invalid_row_writes_nothing(any_store: EventStore):
    any_store.append([make_event(event_id="old")])
    frame = synthetic_frame(50)
    frame.loc[37, "latitude"] = 123.0
    with pytest.raises(EventValidationError, match="latitude"):
        any_store.append(frame)
    assert any_store.event_ids() == {"old"}


def test_append_interrupted_mid_copy_writes_nothing(any_store: EventStore):
    any_store.append([make_event(event_id="old")])

    def interrupt(done: int, total: int) -> None:
        if done < total:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        any_store.append(synthetic_frame(45_000), progress=interrupt)
    assert any_store.count() == 1
    assert [c.event_id for c in any_store.history()] == ["old"]
    assert any_store.append(synthetic_frame(10)) == 10  # the store is still writable


def test_upsert_modifies_only_changed_rows(any_store: EventStore):
    events = mixed_event_list()
    any_store.append(events)
    edited = [dataclasses.replace(events[1], notes="new notes", fatalities=4), *events[2:]]
    result = any_store.upsert([*edited, make_event(event_id="f")], why="fix b")
    assert (result.created, result.modified, result.unchanged) == (1, 1, 3)
    last = any_store.history("b")[-1]
    assert (last.action, last.op, last.reason) == ("update", "modify", "fix b")
    assert set(last.fields) == {"notes", "fatalities"}
    assert last.new == {"notes": "new notes", "fatalities": 4}
    assert last.old == {"notes": events[1].notes, "fatalities": events[1].fatalities}
    assert [c.action for c in any_store.history("c")] == ["create"]
    assert by_id(any_store.load())["b"].notes == "new notes"


def test_status_change_recorded_as_status(any_store: EventStore):
    any_store.append([make_event(event_id="s", status=Status.DRAFT)])
    any_store.upsert([make_event(event_id="s", status=Status.VERIFIED)])
    change = any_store.history("s")[-1]
    assert (change.action, change.fields) == ("status", ("status",))
    assert (change.old, change.new) == ({"status": "draft"}, {"status": "verified"})


def test_delete_then_revert_restores_the_row(any_store: EventStore):
    any_store.append(mixed_event_list())
    before = by_id(any_store.load())["c"]
    assert any_store.delete(["c", "missing"], why="duplicate") == 1
    assert "c" not in any_store.event_ids()
    deleted = any_store.history("c")[-1]
    assert (deleted.action, deleted.op) == ("delete", "remove")
    revert = any_store.revert(deleted.change_id)
    assert (revert.action, revert.op) == ("revert", "insert")
    assert by_id(any_store.load())["c"] == before


def test_edit_then_revert_restores_old_values(any_store: EventStore):
    any_store.append(mixed_event_list())
    old = by_id(any_store.load())["a"]
    any_store.upsert([dataclasses.replace(old, location="Kati", fatalities=9)], why="edit")
    edit = any_store.history("a")[-1]
    revert = any_store.revert(edit.change_id)
    assert by_id(any_store.load())["a"] == old
    assert [c.action for c in any_store.history("a")] == ["create", "update", "revert"]
    assert revert.new == {"location": old.location, "fatalities": old.fatalities}
    assert revert.old == {"location": "Kati", "fatalities": 9}


def test_version_changes_after_another_process_writes(any_store: EventStore, store_location):
    any_store.append(mixed_event_list())
    before = any_store.version()
    assert any_store.version() == before
    proc = start_writer(store_location, "other", 3)
    assert proc.communicate(timeout=120)[0].split() == ["done", "3"]
    assert any_store.version() != before
    assert any_store.count() == 8


def test_load_frame_within_a_date_range(any_store: EventStore):
    any_store.append(mixed_event_list())
    got = any_store.load_frame(dt.date(2024, 9, 17), dt.date(2024, 9, 18))
    want = {
        e.event_id for e in mixed_event_list() if "2024-09-17" <= str(e.event_date) <= "2024-09-18"
    }
    assert set(got["event_id"]) == want
    assert len(want) >= 2
    assert len(any_store.load_frame(start=dt.date(2030, 1, 1))) == 0


def test_frame_round_trip_field_for_field(any_store: EventStore, seed_events):
    awkward = make_event(
        event_id='x,"1"', notes='two\nlines, "quoted"\r\nand a \\ backslash', location="Ségou",
        actor2="", source="", fatalities_low=0, fatalities_high=None,
    )  # fmt: skip
    events = [*seed_events, *mixed_event_list(), awkward]
    any_store.append(to_frame(events))
    got = any_store.load_frame().sort_values("event_id", ignore_index=True)
    want = to_frame(events).sort_values("event_id", ignore_index=True)
    assert list(got.columns) == list(want.columns)
    assert got.crs == want.crs
    for col in COLUMNS:
        assert got[col].dtype == want[col].dtype, col
        assert got[col].astype(object).tolist() == want[col].astype(object).tolist(), col
    assert got.geometry.geom_equals(want.geometry).all()
    assert by_id(from_frame(got)) == by_id(events)


def test_concurrent_writers_lose_nothing(any_store: EventStore, store_location):
    any_store.append(mixed_event_list())
    # Each also appends the same 100 shared ids: exactly one writer may create them.
    writers = [start_writer(store_location, f"w{i}", 5_000, shared=100) for i in range(4)]
    added = [int(p.communicate(timeout=240)[0].split()[1]) for p in writers]
    assert all(p.returncode == 0 for p in writers)
    assert sum(added) == 20_100
    assert any_store.count() == 5 + 20_100
    assert len(any_store.history()) == 5 + 20_100


# 6 appends of 60k rows (the kill lands anywhere in one): under a minute per backend on
# a busy 2-core machine.
@pytest.mark.timeout(900)
def test_kill_9_mid_append_leaves_old_or_all_rows(any_store: EventStore, store_location):
    n = 60_000
    any_store.append(mixed_event_list())
    start = time.monotonic()
    calibration = start_writer(store_location, "k0", n)
    ready = time.monotonic()
    assert calibration.communicate(timeout=240)[0].split() == ["done", str(n)]
    took = time.monotonic() - ready
    print(f"{type(any_store).__name__}: 60k-row append {took:.1f} s ({ready - start:.1f} s start)")
    rng, outcomes = random.Random(9), []
    for trial in range(1, 6):
        before = any_store.count()
        proc = start_writer(store_location, f"k{trial}", n)
        time.sleep(rng.uniform(0, took * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = any_store.count()
        assert after in (before, before + n), (trial, before, after)
        assert len(any_store._read_changes(None, None)) == after  # one create per row
        outcomes.append("all" if after > before else "old")
        _check_no_leftovers(any_store)
    print("kill -9 outcomes:", outcomes)


def _check_no_leftovers(store: EventStore) -> None:
    path = getattr(store, "path", None)
    if path is None:
        return
    open_store(path).count()  # the next open removes the WAL of the killed writer
    assert sorted(os.listdir(path.parent)) == [path.name]


def test_history_of_many_rows_reads_fast_enough(any_store: EventStore):
    any_store.append(synthetic_frame(30_000))
    assert any_store.count() == 30_000
    assert len(any_store.history(limit=10)) == 10
    assert any_store.history("syn-5")[0].action == "create"
    table = any_store.load_frame()
    assert len(table) == 30_000
    assert not table["event_id"].duplicated().any()
    assert pd.api.types.is_datetime64_any_dtype(table["event_date"])
