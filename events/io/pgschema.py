"""The PostGIS store's tables: their definition and the check that a database holds them."""

from __future__ import annotations

from typing import Any

import psycopg

from events.frame import (
    COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    LEGACY_COLUMNS,
    NULLABLE_INT_COLUMNS,
)
from events.io.changes import CHANGE_COLUMNS
from events.io.store import StoreError

LAYER = "events"
CHANGES = "sahelmap_changes"


def _sql_type(col: str) -> str:
    if col == "event_date":
        return "date NOT NULL"
    if col in (*INT_COLUMNS, *NULLABLE_INT_COLUMNS):
        return "bigint" + (" NOT NULL" if col in INT_COLUMNS else "")
    if col in FLOAT_COLUMNS:
        return "double precision NOT NULL"
    return "text NOT NULL"


#: The events' indexes besides the key (rebuilt after a bulk load into an empty table).
INDEXES = {
    f"{LAYER}_event_date": f"CREATE INDEX {LAYER}_event_date ON {LAYER} (event_date)",
    f"{LAYER}_geom": f"CREATE INDEX {LAYER}_geom ON {LAYER} USING gist (geom)",
}
CHANGE_INDEXES = {
    f"{CHANGES}_event_id": f"CREATE INDEX {CHANGES}_event_id ON {CHANGES} (event_id)",
}
#: What creates the store (in the first write's transaction).
DDL = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    # event_id is the key (unique, and what QGIS needs); no serial id: one index less
    # to update on every insert.
    f"CREATE TABLE {LAYER} ("
    + ", ".join(f"{c} {_sql_type(c)}" for c in COLUMNS)
    + ", geom geometry(Point, 4326) GENERATED ALWAYS AS "
    "(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED, "
    f"CONSTRAINT {LAYER}_pkey PRIMARY KEY (event_id))",
    *INDEXES.values(),
    f"CREATE TABLE {CHANGES} (change_id bigserial PRIMARY KEY, "
    + ", ".join(f"{c} text NOT NULL" for c in CHANGE_COLUMNS)
    + ")",
    *CHANGE_INDEXES.values(),
    f"COMMENT ON TABLE {LAYER} IS 'Sahel Event Map events'",
]


def check_schema(cur: psycopg.Cursor[Any], location: str) -> str:
    """Return ``"missing"`` (no tables yet) or ``"ok"``; raise for a foreign database.

    A store created before the source columns existed gets them (empty), once.
    """
    row = cur.execute(
        "SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL, "
        "(SELECT coalesce(array_agg(attname::text), '{}') FROM pg_attribute "
        " WHERE attrelid = to_regclass(%s) AND attnum > 0 AND NOT attisdropped)",
        (LAYER, CHANGES, LAYER),
    ).fetchone()
    assert row is not None
    has_layer, has_changes, present = row
    if not has_layer and not has_changes:
        return "missing"
    if has_layer and has_changes and set(LEGACY_COLUMNS) <= set(present):
        missing = [c for c in COLUMNS if c not in present]
        if missing:
            _add_columns(cur, missing, location)
        return "ok"
    raise StoreError(
        f"{location!r} is not a Sahel Event Map database (no {LAYER!r} table with the "
        f"event columns and {CHANGES!r} table); point the store at another database"
    )


def _add_columns(cur: psycopg.Cursor[Any], missing: list[str], location: str) -> None:
    """Add the columns an older store lacks (one statement: all of them or none)."""
    clauses = ", ".join(
        f"ADD COLUMN IF NOT EXISTS {c} "
        + ("bigint" if c in NULLABLE_INT_COLUMNS else "text NOT NULL DEFAULT ''")
        for c in missing
    )
    try:
        cur.execute(f"ALTER TABLE {LAYER} {clauses}")
    except psycopg.Error as exc:
        raise StoreError(
            f"{location!r} was written by an earlier version and cannot be upgraded in place "
            f"({exc}); copy it into a new store with `sahelmap store copy OLD NEW`"
        ) from exc
