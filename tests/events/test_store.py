from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, from_frame, to_frame
from events.io.gpkg import LAYER, _GpkgTxn
from events.io.gpkg_file import register_functions
from events.io.store import StoreError, open_store
from events.model import EventValidationError
from tests.conftest import make_event


def by_id(events):
    return {e.event_id: e for e in events}


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "events.gpkg")


@pytest.fixture
def filled(store, seed_events, mixed_events):
    store.write(seed_events + mixed_events)
    return store


def test_round_trip(filled, seed_events, mixed_events):
    got = filled.load()
    assert len(got) == len(seed_events) + len(mixed_events)
    assert by_id(got) == by_id(seed_events + mixed_events)


def test_round_trip_keeps_arabic_evidence(filled, seed_events):
    airport = by_id(filled.load())["seed-000-airport"]
    assert airport.evidence == seed_events[0].evidence
    assert airport.fatality_claims == seed_events[0].fatality_claims
    assert airport.fatalities_high == 99


def test_load_frame_matches_to_frame(filled, seed_events, mixed_events):
    got = filled.load_frame().sort_values("event_id", ignore_index=True)
    want = to_frame(seed_events + mixed_events).sort_values("event_id", ignore_index=True)
    assert list(got.columns) == list(want.columns)
    assert got.crs == want.crs
    assert from_frame(got) == from_frame(want)
    assert got.geometry.geom_equals(want.geometry).all()


def test_readable_by_geopandas(filled, seed_events, mixed_events):
    gdf = gpd.read_file(filled.path, layer=LAYER)
    assert gdf.crs is not None
    assert gdf.crs.to_epsg() == 4326
    assert set(COLUMNS) <= set(gdf.columns)
    assert len(gdf) == len(seed_events) + len(mixed_events)
    assert set(gdf.geom_type) == {"Point"}
    assert (gdf.geometry.x == gdf["longitude"]).all()
    assert (gdf.geometry.y == gdf["latitude"]).all()
    airport = gdf.set_index("event_id").loc["seed-000-airport"]
    assert airport.geometry.x == pytest.approx(-7.943056)
    assert airport.geometry.y == pytest.approx(12.537778)
    assert str(airport["event_date"])[:10] == "2024-09-17"
    assert "باماكو" in airport["evidence"]


def test_layers_are_events_and_their_history(filled):
    assert [name for name, _ in pyogrio.list_layers(filled.path)] == [LAYER, "sahelmap_changes"]


def test_write_replaces(filled, mixed_events):
    filled.write(mixed_events[:2])
    assert sorted(e.event_id for e in filled.load()) == ["a", "b"]


def test_write_empty(store):
    store.write([])
    assert store.exists()
    assert store.load() == []


def test_append_to_missing_store_creates_it(store, mixed_events):
    assert store.append(mixed_events) == len(mixed_events)
    assert by_id(store.load()) == by_id(mixed_events)


def test_append_idempotent_by_id(store, mixed_events):
    assert store.append(mixed_events[:3]) == 3
    before = store.path.read_bytes()
    version = store.version()
    assert store.append(mixed_events[:3]) == 0
    assert store.path.read_bytes() == before
    assert store.version() == version
    assert store.append(mixed_events) == 2
    assert sorted(e.event_id for e in store.load()) == ["a", "b", "c", "d", "e"]
    assert store.append(mixed_events) == 0
    assert len(store.load()) == 5


def test_append_does_not_overwrite_existing_id(store, mixed_events):
    store.append(mixed_events)
    changed = mixed_events[0].with_changes(notes="changed")
    assert store.append([changed]) == 0
    assert by_id(store.load())["a"].notes == ""


def test_append_drops_duplicates_within_batch(store):
    first = make_event(event_id="dup", notes="first")
    second = make_event(event_id="dup", notes="second")
    assert store.append([first, second]) == 1
    assert [e.notes for e in store.load()] == ["first"]


def test_upsert_replaces_by_id(filled, mixed_events, seed_events):
    changed = mixed_events[0].with_changes(notes="revised", fatalities=3)
    new = make_event(event_id="new")
    result = filled.upsert([changed, new])
    assert (result.created, result.modified, result.unchanged) == (1, 1, 0)
    got = by_id(filled.load())
    assert got["a"] == changed
    assert got["new"] == new
    assert len(got) == len(seed_events) + len(mixed_events) + 1


def test_upsert_into_missing_store(store, mixed_events):
    assert store.upsert(mixed_events).created == 5
    assert by_id(store.load()) == by_id(mixed_events)


def test_event_ids(filled, store):
    assert "seed-000-airport" in filled.event_ids()
    assert open_store(store.path.with_name("none.gpkg")).event_ids() == set()


def test_version_changes_on_write(store, mixed_events):
    assert store.version() == "missing"
    store.write(mixed_events[:1])
    v1 = store.version()
    store.append(mixed_events[1:])
    assert store.version() != v1


def test_missing_store_error_names_path(tmp_path):
    path = tmp_path / "nope.gpkg"
    with pytest.raises(StoreError, match=r"nope\.gpkg"):
        open_store(path).load()
    assert not path.exists()


def test_not_a_geopackage_error_names_path(tmp_path):
    path = tmp_path / "junk.gpkg"
    path.write_text("not a geopackage")
    with pytest.raises(StoreError, match=r"junk\.gpkg"):
        open_store(path).load_frame()


def test_store_creates_parent_directory(tmp_path, mixed_events):
    store = open_store(tmp_path / "sub" / "dir" / "events.gpkg")
    store.write(mixed_events)
    assert store.exists()


# ---------------------------------------------------------------------------
# Transactions: a failed write leaves the store's rows and history as they were.


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda s: s.write([make_event(event_id="zzz")]), id="write"),
        pytest.param(lambda s: s.append([make_event(event_id="zzz")]), id="append"),
        pytest.param(lambda s: s.upsert([make_event(event_id="a", notes="x")]), id="upsert"),
        pytest.param(lambda s: s.delete(["a"]), id="delete"),
    ],
)
def test_failed_write_leaves_store_untouched(tmp_path, mixed_events, monkeypatch, operation):
    store = open_store(tmp_path / "events.gpkg")
    store.write(mixed_events)
    history = store.history()

    def fail(self, changes):
        raise Boom("disk full")  # after the rows were written, before the commit

    monkeypatch.setattr(_GpkgTxn, "insert_changes", fail)
    with pytest.raises(Boom):
        operation(store)
    monkeypatch.undo()
    assert by_id(store.load()) == by_id(mixed_events)
    assert store.history() == history
    assert sorted(os.listdir(tmp_path)) == ["events.gpkg"]


def test_writes_happen_in_place(store, mixed_events):
    store.write(mixed_events)
    inode = store.path.stat().st_ino
    store.upsert([mixed_events[0].with_changes(notes="edited")])
    store.append([make_event(event_id="new-one")])
    assert store.path.stat().st_ino == inode  # QGIS keeps the same file open
    assert by_id(store.load())["a"].notes == "edited"


def test_unique_event_id_enforced_by_the_file(store, mixed_events):
    store.write(mixed_events)
    con = sqlite3.connect(store.path)
    register_functions(con)  # GDAL's R-tree triggers call ST_IsEmpty
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO events (event_id, geom) VALUES ('a', NULL)")
    con.close()


def test_event_date_is_a_date_field(store, mixed_events):
    store.write(mixed_events)
    info = pyogrio.read_info(store.path, layer=LAYER)
    dtypes = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert dtypes["event_date"] == "datetime64[D]"  # GDAL's OFTDate, not a string


def test_geopackage_version_is_1_2(store, mixed_events):
    store.write(mixed_events)
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10200
    con.close()


VALIDATE_GPKG = [
    Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"),
    Path("/usr/share/doc/python3-gdal/examples/validate_gpkg.py"),
]


def test_debian_validate_gpkg_accepts_the_store(store, seed_events, mixed_events):
    script = next((p for p in VALIDATE_GPKG if p.is_file()), None)
    if script is None:
        if os.environ.get("CI") == "true":
            pytest.fail("validate_gpkg.py missing: .ci/run installs gdal-bin and python3-gdal")
        pytest.skip("Debian's validate_gpkg.py is not installed (apt install python3-gdal)")
    store.write(seed_events + mixed_events)
    store.upsert([mixed_events[0].with_changes(notes="edited")])
    done = subprocess.run(
        ["/usr/bin/python3", str(script), str(store.path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()


def test_an_older_store_is_named_with_the_way_out(tmp_path, mixed_events):
    path = tmp_path / "old.gpkg"
    gpd.GeoDataFrame(to_frame(mixed_events)[["event_id", "geometry"]]).to_file(path, layer="events")
    with pytest.raises(StoreError, match=r"old\.gpkg.*store copy"):
        open_store(path).load_frame()


@pytest.mark.parametrize("operation", ["write", "append"])
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("latitude", 123.0),
        ("event_type", "Skirmish"),
        ("fatalities", -5),
        ("event_date", pd.Timestamp("1850-10-14")),
    ],
)
def test_invalid_frame_rejected_and_store_untouched(
    tmp_path, mixed_events, operation, column, value
):
    # write() and append() accept a GeoDataFrame as well as events: an invalid row in
    # it must be rejected like an invalid Event, leaving the previous store as it was.
    store = open_store(tmp_path / "events.gpkg")
    store.write(mixed_events)
    before = store.path.read_bytes()
    bad = to_frame([make_event(event_id="bad")])
    if bad[column].dtype.kind not in "Mif":
        bad = bad.astype({column: object})
    bad.loc[0, column] = value
    with pytest.raises(EventValidationError, match=column):
        getattr(store, operation)(bad)
    assert store.path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["events.gpkg"]
    assert by_id(store.load()) == by_id(mixed_events)


def test_write_does_not_mutate_input(store, mixed_events):
    gdf = to_frame(mixed_events)
    before = gdf.copy()
    store.write(gdf)
    pd.testing.assert_frame_equal(pd.DataFrame(gdf), pd.DataFrame(before))


def test_dates_survive_store(store):
    store.write([make_event(event_id="old", event_date=dt.date(1901, 2, 3))])
    assert store.load()[0].event_date == dt.date(1901, 2, 3)


def test_a_large_append_keeps_the_spatial_index_and_its_triggers(store, mixed_events):
    from tests.store_backends import synthetic_frame

    store.write(mixed_events)
    big = synthetic_frame(3_000)  # enough for the bulk path
    assert store.append(big) == 3_000
    store.append([make_event(event_id="after", latitude=14.0, longitude=-4.0)])  # trigger path
    con = sqlite3.connect(store.path)
    n_rtree = con.execute("SELECT count(*) FROM rtree_events_geom").fetchone()[0]
    n_count = con.execute(
        "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'events'"
    ).fetchone()[0]
    triggers = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    con.close()
    assert n_rtree == n_count == len(mixed_events) + 3_001
    assert {"rtree_events_geom_insert", "trigger_insert_feature_count_events"} <= triggers
    box = (-4.5, 13.5, -3.5, 14.5)
    inside = pyogrio.read_dataframe(store.path, layer=LAYER, bbox=box, read_geometry=False)
    lat, lon = big["latitude"], big["longitude"]
    expected = int(((lat >= 13.5) & (lat <= 14.5) & (lon >= -4.5) & (lon <= -3.5)).sum()) + 1
    assert len(inside) == expected
