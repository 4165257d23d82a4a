"""The source columns (ACLED's codebook, UCDP's fields) in both stores, and older stores."""

from __future__ import annotations

import sqlite3

import pandas as pd
import psycopg

import pyogrio

from events.frame import SOURCE_COLUMNS
from events.io.store import EventStore, open_store
from tests.conftest import make_event, mixed_event_list

FIELDS = {
    "status_reason": "UCDP code_status: Check deaths",
    "disorder_type": "Political violence",
    "civilian_targeting": "Civilian targeting",
    "inter1": "Rebel group",
    "inter2": "Civilians",
    "interaction": "Rebel group-Civilians",
    "region": "Western Africa",
    "admin3": "Commune VI",
    "source_scale": "National-International",
    "tags": "crowd size=no report",
    "timestamp": 1727000000,
    "source_actor1": "JNIM: Group for Support of Islam and Muslims",
    "source_actor2": "Civilians (Mali)",
    "type_of_violence": 3,
    "date_end": "2024-09-18",
    "deaths_a": 0,
    "deaths_civilians": 12,
}


def sourced_event(event_id: str = "src"):
    return make_event(event_id=event_id).with_changes(**FIELDS)


def drop_source_columns(store: EventStore) -> None:
    """Make ``store`` look like one written before the source columns existed."""
    if store.location.startswith("postgresql"):
        with psycopg.connect(store.url, autocommit=True) as con:  # type: ignore[attr-defined]
            drops = ", ".join(f"DROP COLUMN {c}" for c in SOURCE_COLUMNS)
            con.execute(f"ALTER TABLE events {drops}")
        return
    con = sqlite3.connect(store.location)
    try:
        for col in SOURCE_COLUMNS:
            con.execute(f'ALTER TABLE events DROP COLUMN "{col}"')
        con.commit()
    finally:
        con.close()


def test_source_fields_survive_the_store(any_store: EventStore):
    any_store.append([sourced_event(), make_event(event_id="plain")])
    loaded = {e.event_id: e for e in open_store(any_store.location).load()}
    for name, value in FIELDS.items():
        assert getattr(loaded["src"], name) == value, name
    assert loaded["plain"].deaths_a is None
    assert loaded["plain"].inter1 == ""


def test_store_without_the_source_columns_opens_and_is_upgraded(any_store: EventStore):
    any_store.append(mixed_event_list())
    drop_source_columns(any_store)
    old = open_store(any_store.location)
    frame = old.load_frame()
    assert len(frame) == 5
    assert set(frame["inter1"]) == {""}
    assert frame["deaths_a"].isna().all()
    assert old.append([sourced_event()]) == 1
    again = {e.event_id: e for e in open_store(any_store.location).load()}
    assert again["src"].deaths_civilians == 12
    assert again["a"].source_actor1 == ""
    assert len(again) == 6


def test_upgraded_geopackage_is_still_read_by_gdal(tmp_path):
    store = open_store(tmp_path / "events.gpkg")
    store.append(mixed_event_list())
    drop_source_columns(store)
    store.append([sourced_event()])
    layer = pyogrio.read_dataframe(store.location, layer="events")
    assert set(SOURCE_COLUMNS) <= set(layer.columns)
    row = layer[layer["event_id"] == "src"].iloc[0]
    assert (row["inter1"], row["deaths_civilians"]) == ("Rebel group", 12)
    assert pd.isna(layer[layer["event_id"] == "a"]["deaths_a"].iloc[0])
