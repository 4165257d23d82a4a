"""The default store ships the UCDP GED history beside the seed events."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from events.defaults import HISTORY_PATH, build_default_store
from events.importers import import_file
from events.io.store import open_store

ROOT = Path(__file__).resolve().parents[2]


def test_history_file_is_compact_and_imports():
    assert HISTORY_PATH.is_file()
    assert HISTORY_PATH.stat().st_size < 500_000
    result = import_file(HISTORY_PATH, "ucdp")
    assert result.counts["rows"] == 3940  # 3,939 partial GED rows + the GED 25.1 Bamako row
    # two GED rows stated in Burkina Faso lie in Niger: flagged, not moved
    assert [r.reason.split(" are ")[1][:30] for r in result.rejects] == [
        "outside the stated country Bur"
    ] * 2
    frame = result.events
    assert set(frame["iso3"].astype(str)) == {"MLI", "BFA", "NER"}
    assert frame["event_id"].str.startswith("ucdp-").all()
    assert (frame["admin1"] != "").mean() > 0.98


def test_default_store_holds_seeds_and_history(tmp_path):
    store = open_store(tmp_path / "events.gpkg")
    summary = build_default_store(store, ROOT / "seeds")
    assert summary == (
        "2 seed events + 3937 UCDP GED events (2 rejected, 1 folded into seed events)"
    )
    frame = store.load_frame()
    assert len(frame) == 3939
    # UCDP's city-level record of the Bamako attack is a source of the two seed events.
    assert "ucdp-541666" not in set(frame["event_id"])
    seeds = frame[frame["event_id"].str.startswith("seed-")]
    assert seeds["source"].str.contains("ucdp-541666").all()
    years = frame["event_date"].dt.year
    assert ((years >= 2012) & (years <= 2023)).sum() > 3000
    day = frame[frame["event_date"] == pd.Timestamp("2024-09-17")]
    # the two seed sites only: UCDP's city-level record was folded into them
    assert sorted(day["event_id"]) == ["seed-000-airport", "seed-000-gendarmerie-school"]
    assert build_default_store(store, ROOT / "seeds", history=None) == "2 seed events"
    assert len(store.load_frame()) == 2
