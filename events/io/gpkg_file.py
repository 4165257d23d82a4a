"""The GeoPackage file itself: creating it with GDAL, GDAL's SQL functions, bulk inserts.

What :mod:`events.io.gpkg` needs below the store interface: the layers created by
GDAL (so QGIS and ``validate_gpkg.py`` accept the file), the ``ST_*`` functions GDAL's
R-tree triggers call (registered on every ``sqlite3`` connection), point geometry
blobs, and :func:`bulk_insert`, which lifts GDAL's per-row triggers for big inserts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, CRS, NULLABLE_INT_COLUMNS
from events.io.changes import CHANGE_COLUMNS
from events.io.store import StoreError

LAYER = "events"
CHANGES = "sahelmap_changes"
_SRS = 4326
# GeoPackage binary header (magic, version 0, little-endian without envelope, srs id)
# followed by a little-endian WKB point.
_POINT = np.dtype(
    [("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"),
     ("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")]
)  # fmt: skip


#: Inserts of at least this many rows suspend GDAL's per-row triggers (see :func:`_bulk`).
BULK_ROWS = 2_000


@contextlib.contextmanager
def bulk_insert(con: sqlite3.Connection, table: str, n: int) -> Iterator[int | None]:
    """Suspend the R-tree and feature-count insert triggers of ``table`` for a large insert.

    GDAL's triggers call back into Python for every row (most of an import's time);
    inside the same transaction they are dropped, the caller fills the R-tree in one
    statement from the first fid yielded, the count is set, and the triggers come back.
    Yields ``None`` (triggers left alone) for small inserts.
    """
    if n < BULK_ROWS:
        yield None
        return
    triggers = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND "
        "(name LIKE 'rtree_%_insert' OR name LIKE 'trigger_insert_feature_count_%')",
        (table,),
    ).fetchall()
    for name, _ in triggers:
        con.execute(f'DROP TRIGGER "{name}"')
    seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    yield (seq[0] if seq else 0) + 1
    con.execute(
        "UPDATE gpkg_ogr_contents SET feature_count = "
        f"(SELECT count(*) FROM {table}) WHERE lower(table_name) = lower(?)",
        (table,),
    )
    for _, sql in triggers:
        con.execute(sql)


def point_blobs(x: np.ndarray, y: np.ndarray) -> list[bytes]:
    """Return GeoPackage point geometries (EPSG:4326) for coordinate arrays."""
    arr = np.zeros(len(x), dtype=_POINT)
    arr["magic"], arr["flags"], arr["srs"] = b"GP", 1, _SRS
    arr["order"], arr["kind"], arr["x"], arr["y"] = 1, 1, x, y
    raw, size = arr.tobytes(), _POINT.itemsize
    return [raw[i : i + size] for i in range(0, len(raw), size)]


def create_store(path: Path) -> None:
    """Create an empty store at ``path`` (atomically: a concurrent creator wins or loses whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new.gpkg", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        _create_layers(tmp)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # fails if another process created the store first
    finally:
        tmp.unlink(missing_ok=True)


def _create_layers(tmp: Path) -> None:
    values = {
        **dict.fromkeys(COLUMNS, ""),
        **{"event_date": dt.date(2000, 1, 1), "latitude": 0.0, "longitude": 0.0},
        **{"time_precision": 1, "geo_precision": 1, "fatalities": 0, "uncertainty_m": 0.0},
        **dict.fromkeys(NULLABLE_INT_COLUMNS, 0),
    }
    layer = gpd.GeoDataFrame(
        {c: [v] for c, v in values.items()}, geometry=gpd.points_from_xy([0.0], [0.0]), crs=CRS
    )[[*COLUMNS, "geometry"]]
    for col in NULLABLE_INT_COLUMNS:
        layer[col] = layer[col].astype("Int64")
    pyogrio.write_dataframe(
        layer, tmp, layer=LAYER, driver="GPKG", use_arrow=True, geometry_type="Point",
        dataset_options={"VERSION": "1.2"},
        layer_options={"SPATIAL_INDEX": "YES", "FID": "fid", "GEOMETRY_NAME": "geom",
                       "DESCRIPTION": "Sahel Event Map events"},
    )  # fmt: skip
    log = pd.DataFrame({c: [""] for c in CHANGE_COLUMNS})
    pyogrio.write_dataframe(
        log, tmp, layer=CHANGES, driver="GPKG", use_arrow=True,
        layer_options={"FID": "change_id", "DESCRIPTION": "Sahel Event Map edit history"},
    )  # fmt: skip
    con = sqlite3.connect(tmp, isolation_level=None)
    try:
        register_functions(con)
        con.execute("PRAGMA journal_mode=WAL")
        con.executescript(
            f"""
            BEGIN;
            DELETE FROM {LAYER};
            DELETE FROM {CHANGES};
            DELETE FROM sqlite_sequence WHERE name IN ('{LAYER}', '{CHANGES}');
            CREATE UNIQUE INDEX {LAYER}_event_id ON {LAYER}(event_id);
            CREATE INDEX {LAYER}_event_date ON {LAYER}(event_date);
            CREATE INDEX {CHANGES}_event_id ON {CHANGES}(event_id);
            COMMIT;
            """
        )
    finally:
        con.close()


def is_legacy(path: Path) -> bool:
    """Whether ``path`` is an events GeoPackage of an earlier version (no history table)."""
    con = sqlite3.connect(path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()
    return LAYER in names and CHANGES not in names


def check_schema(con: sqlite3.Connection, location: str) -> None:
    """Raise :class:`StoreError` unless the file holds the events and history tables.

    A store written before the source columns existed gets them (empty), once.
    """
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if LAYER not in names or CHANGES not in names:
        raise StoreError(
            f"{location!r} is not a Sahel Event Map store (no {LAYER!r} and {CHANGES!r} "
            "tables); copy an older store into a new one with `sahelmap store copy`"
        )
    if _missing_columns(con):
        add_source_columns(con, location)


def _missing_columns(con: sqlite3.Connection) -> list[str]:
    present = {r[1] for r in con.execute(f'PRAGMA table_info("{LAYER}")')}
    return [c for c in COLUMNS if c not in present]


def add_source_columns(con: sqlite3.Connection, location: str) -> None:
    """Add the columns an older store lacks, in one write transaction (text ``''``, ints NULL)."""
    try:
        con.execute("BEGIN IMMEDIATE")
        for col in _missing_columns(con):  # again: another process may have added them
            kind = "INTEGER" if col in NULLABLE_INT_COLUMNS else "TEXT DEFAULT ''"
            con.execute(f'ALTER TABLE "{LAYER}" ADD COLUMN "{col}" {kind}')
        con.execute("COMMIT")
    except sqlite3.Error as exc:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise StoreError(
            f"{location!r} was written by an earlier version and cannot be upgraded in place "
            f"({exc}); copy it into a new store with `sahelmap store copy OLD NEW`"
        ) from exc


def register_functions(con: sqlite3.Connection) -> None:
    """Give ``con`` the ``ST_*`` functions that GDAL's R-tree triggers call."""
    con.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 0), ("ST_MinY", 1), ("ST_MaxY", 1)):
        con.create_function(name, 1, _coordinate(index), deterministic=True)


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    x, y = _xy(blob)
    return int(x != x or y != y)


def _coordinate(index: int) -> Callable[[bytes | None], float | None]:
    def read(blob: bytes | None) -> float | None:
        return None if blob is None else _xy(blob)[index]

    return read


def _xy(blob: bytes) -> tuple[float, float]:
    """Return the point of a GeoPackage geometry blob (any envelope, either byte order)."""
    flags = blob[3]
    envelope = (0, 32, 48, 48, 64)[(flags >> 1) & 7]
    wkb = 8 + envelope
    order = "<" if blob[wkb] == 1 else ">"
    x, y = struct.unpack_from(f"{order}dd", blob, wkb + 5)
    return float(x), float(y)
