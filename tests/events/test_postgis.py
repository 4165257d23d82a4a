"""What only the PostGIS store has: a URL, a server that can be down, a real geometry column."""

from __future__ import annotations

import psycopg
import pytest

from events.io import postgis
from events.io.postgis import PostgisStore, redact_url
from events.io.store import StoreError, open_store
from tests.conftest import mixed_event_list
from tests.pg_server import free_port
from tests.store_backends import synthetic_frame


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cret@db.example:5433/sahel", "postgresql://ana@db.example:5433/sahel"),
        ("postgresql://ana@db/sahel?password=s3cret&sslmode=require", "postgresql://ana@db/sahel?sslmode=require"),
        ("postgres://db/sahel", "postgres://db/sahel"),
    ],
)  # fmt: skip
def test_location_hides_the_password(url, shown):
    assert redact_url(url) == shown
    store = open_store(url)
    assert isinstance(store, PostgisStore)
    assert store.location == shown
    assert "s3cret" not in repr(store)


def test_unreachable_server_is_a_store_error_without_the_password():
    url = f"postgresql://ana:s3cret@127.0.0.1:{free_port()}/sahel"
    store = open_store(url)
    for call in (store.exists, store.version, store.count, store.load_frame, store.create):
        with pytest.raises(StoreError, match="cannot connect") as info:
            call()
        assert "s3cret" not in str(info.value)
        assert f"postgresql://ana@127.0.0.1:{url.split(':')[3]}" in str(info.value)


def test_unknown_role_is_a_store_error(pg_url):
    url = pg_url.replace("postgres@", "nobody:pw@")
    with pytest.raises(StoreError, match='role "nobody" does not exist'):
        open_store(url).count()


def test_missing_database_is_a_store_error(pg_server):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(pg_server.url("no_such_db")).exists()


def test_foreign_database_is_a_store_error(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("CREATE TABLE events (id int, name text)")
    store = open_store(pg_url)
    for call in (store.exists, store.version, store.load_frame):
        with pytest.raises(StoreError, match="not a Sahel Event Map database"):
            call()
    with pytest.raises(StoreError, match="not a Sahel Event Map database"):
        store.append(mixed_event_list())
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_schema_is_created_on_first_write(pg_url):
    store = open_store(pg_url)
    assert not store.exists()
    assert store.version() == "missing"
    assert store.count() == 0
    assert store.history() == []
    store.append(mixed_event_list())
    assert store.exists()
    with psycopg.connect(pg_url) as con:
        row = con.execute(
            "SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom), longitude, latitude, event_date "
            "FROM events WHERE event_id = 'c'"
        ).fetchone()
        indexes = {r[0] for r in con.execute("SELECT indexdef FROM pg_indexes")}
    assert row is not None
    assert row[:3] == (row[3], row[4], 4326)
    assert str(row[5]) == "2024-08-01"
    assert any("USING gist (geom)" in i for i in indexes)
    assert any("(event_date)" in i for i in indexes)
    assert any(
        "UNIQUE INDEX events_pkey ON public.events USING btree (event_id)" in i for i in indexes
    )


def test_create_is_idempotent_and_empty(pg_url):
    store = open_store(pg_url)
    store.create()
    store.create()
    assert store.exists()
    assert store.count() == 0
    assert store.version().endswith("-0")


def test_a_reader_survives_a_server_side_disconnect(pg_url):
    store = open_store(pg_url)
    store.append(mixed_event_list())
    assert store.count() == 5
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'sahelmap' AND datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    assert store.count() == 5  # reconnected once


def test_write_replaces_events_and_history(pg_url):
    store = open_store(pg_url)
    store.append(mixed_event_list())
    assert store.write(mixed_event_list()[:2], why="reset") == 2
    assert store.event_ids() == {"a", "b"}
    assert [c.reason for c in store.history()] == ["reset", "reset"]


def test_history_of_several_events_in_one_query(pg_url):
    store = open_store(pg_url)
    store.append(mixed_event_list())
    store.delete(["b"])
    got = store.history_of(["a", "b", "zz"])
    assert sorted(got) == ["a", "b"]
    assert [c.action for c in got["b"]] == ["create", "delete"]
    assert got["b"][0].change_id < got["b"][1].change_id


def test_ids_are_matched_exactly(pg_url):
    store = open_store(pg_url)
    store.append(mixed_event_list())
    assert set(store.get(["a", "c", "zz"])["event_id"]) == {"a", "c"}
    assert store.get(["a\x1fc"]).empty  # the separator of the ids' string: no split
    assert store.get([]).empty
    assert store.delete(["a", "b"]) == 2
    assert store.event_ids() == {"c", "d", "e"}


def test_a_writer_waits_for_another_then_gives_up(pg_url, monkeypatch):
    store = open_store(pg_url)
    store.create()
    monkeypatch.setattr(postgis, "LOCK_TIMEOUT_S", 1)
    with psycopg.connect(pg_url) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (postgis.LOCK_KEY,))
        with pytest.raises(StoreError, match="busy: another writer held it for 1 s"):
            store.append(mixed_event_list())
    assert store.append(mixed_event_list()) == 5


def test_copy_between_backends_keeps_events_and_history(pg_url, tmp_path):
    gpkg = open_store(tmp_path / "events.gpkg")
    gpkg.append(mixed_event_list(), why="import")
    gpkg.delete(["e"], why="duplicate")
    pg = open_store(pg_url)
    assert pg.copy_from(gpkg) == 4
    assert by_event(pg.load()) == by_event(gpkg.load())
    assert [(c.action, c.event_id, c.reason) for c in pg.history()] == [
        (c.action, c.event_id, c.reason) for c in gpkg.history()
    ]
    back = open_store(tmp_path / "back.gpkg")
    assert back.copy_from(pg) == 4
    assert by_event(back.load()) == by_event(pg.load())


def by_event(events):
    return {e.event_id: e for e in events}


def test_first_bulk_import_rebuilds_the_indexes_all_or_nothing(pg_url, monkeypatch):
    monkeypatch.setattr(postgis, "BULK_ROWS", 1_000)
    store = open_store(pg_url)
    store.create()

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.append(synthetic_frame(3_000), progress=interrupt)
    assert store.count() == 0
    assert store.append(synthetic_frame(3_000)) == 3_000
    with psycopg.connect(pg_url) as con:
        names = {r[0] for r in con.execute("SELECT indexname FROM pg_indexes")}
    assert {"events_pkey", "events_event_date", "events_geom"} <= names
    assert {"sahelmap_changes_pkey", "sahelmap_changes_event_id"} <= names
    assert len(store.history()) == 3_000
    assert store.append(synthetic_frame(3_000)) == 0  # the key still holds
    assert len(store.load_frame()) == 3_000
