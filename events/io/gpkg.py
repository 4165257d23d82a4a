"""The embedded store: a GeoPackage 1.2 file, written in place inside SQLite transactions.

GDAL creates the file (so QGIS and ``validate_gpkg.py`` accept it); writes then go
through Python's ``sqlite3``: ``BEGIN IMMEDIATE`` serialises writers (others wait
on SQLite's lock, up to :data:`BUSY_TIMEOUT_S`), the journal is a write-ahead log (readers
never wait for a writer), and a write either commits whole or leaves no trace, even
after ``kill -9``. GDAL's R-tree triggers call ``ST_*`` functions, registered here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import struct
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, CRS, frame_from_table, to_frame
from events.io.changes import CHANGE_COLUMNS
from events.io.storage import to_storage
from events.io.store import EventStore, Progress, StoreError, iter_chunks

LAYER = "events"
CHANGES = "sahelmap_changes"
BUSY_TIMEOUT_S = 120.0
_SRS = 4326
# GeoPackage binary header (magic, version 0, little-endian without envelope, srs id)
# followed by a little-endian WKB point.
_POINT = np.dtype(
    [("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"),
     ("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")]
)  # fmt: skip


class GeoPackageStore(EventStore):
    """A GeoPackage of events at ``path`` (layer ``events``, history ``sahelmap_changes``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.location = str(self.path)

    def exists(self) -> bool:
        """Whether the store file exists."""
        return self.path.is_file()

    def version(self) -> str:
        """Return the file's identity and its last change number."""
        if not self.exists():
            return "missing"
        with self._connect() as con:
            last = con.execute(f"SELECT max(change_id) FROM {CHANGES}").fetchone()[0]
        return f"{self.path.stat().st_ino}-{last or 0}"

    def count(self) -> int:
        """Return how many events are stored."""
        if not self.exists():
            return 0
        with self._connect() as con:
            return int(con.execute(f"SELECT count(*) FROM {LAYER}").fetchone()[0])

    def _read_table(
        self, start: dt.date | None, end: dt.date | None, ids: Sequence[str] | None
    ) -> pd.DataFrame:
        where = []
        if start is not None:
            where.append(f"event_date >= '{start.isoformat()}'")
        if end is not None:
            where.append(f"event_date <= '{end.isoformat()}'")
        if ids is not None:
            if not ids:
                return to_storage(to_frame([]))
            with self._connect() as con:
                return _fetch(con, ids)
        with self._connect():
            pass  # names an older or foreign file before GDAL reads it
        try:
            table = pyogrio.read_arrow(
                self.path, layer=LAYER, columns=list(COLUMNS), read_geometry=False,
                where=" AND ".join(where) or None,
            )[1]  # fmt: skip
        except Exception as exc:  # pyogrio raises several DataSourceError types
            raise StoreError(f"cannot read event store {self.location!r}: {exc}") from exc
        return table.to_pandas(date_as_object=False)

    def _read_for_copy(self) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
        if self.exists() and _is_legacy(self.path):
            try:
                raw = pyogrio.read_dataframe(self.path, layer=LAYER, read_geometry=False)
                return frame_from_table(pd.DataFrame(raw)), None
            except Exception as exc:  # pyogrio raises several DataSourceError types
                raise StoreError(f"cannot read {self.location!r}: {exc}") from exc
        return super()._read_for_copy()

    def _read_changes_of(self, ids: Sequence[str]) -> pd.DataFrame:
        cols = f"change_id, {', '.join(CHANGE_COLUMNS)}"
        parts = []
        with self._connect() as con:
            for a, b in iter_chunks(len(ids), 500):
                chunk = list(ids[a:b])
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT {cols} FROM {CHANGES} WHERE event_id IN ({marks})"
                parts.append(pd.read_sql_query(sql, con, params=chunk))
        return pd.concat(parts, ignore_index=True).sort_values("change_id", ignore_index=True)

    def _read_changes(self, event_id: str | None, limit: int | None) -> pd.DataFrame:
        sql = f"SELECT change_id, {', '.join(CHANGE_COLUMNS)} FROM {CHANGES}"
        params: tuple[object, ...] = ()
        if event_id is not None:
            sql += " WHERE event_id = ?"
            params = (event_id,)
        sql += " ORDER BY change_id"
        if limit is not None:
            sql = f"SELECT * FROM ({sql} DESC LIMIT {int(limit)}) ORDER BY change_id"
        with self._connect() as con:
            return pd.read_sql_query(sql, con, params=params)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_GpkgTxn]:
        if not self.exists():
            _create(self.path)
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                txn = _GpkgTxn(con)
                yield txn
                if not txn.dirty:
                    con.execute("ROLLBACK")
                    return
                stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"
                con.execute(
                    "UPDATE gpkg_contents SET last_change = ? WHERE table_name IN (?, ?)",
                    (stamp, LAYER, CHANGES),
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open event store {self.location!r}: {exc}") from exc
        try:
            _register_functions(con)
            con.execute("PRAGMA cache_size = -262144")  # up to 256 MB: big imports spill less
            _check_schema(con, self.location)
            yield con
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"event store {self.location!r}: {exc}") from exc
        finally:
            con.close()


class _GpkgTxn:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.dirty = False

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        if len(ids) > 5_000:
            stored = {r[0] for r in self.con.execute(f"SELECT event_id FROM {LAYER}")}
            return stored.intersection(ids)
        return set(_fetch(self.con, ids, columns=("event_id",))["event_id"])

    def fetch_rows(self, ids: Sequence[str]) -> pd.DataFrame:
        return _fetch(self.con, ids)

    def fetch_window(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        sql = f"SELECT {', '.join(COLUMNS)} FROM {LAYER} WHERE event_date BETWEEN ? AND ?"
        return pd.read_sql_query(sql, self.con, params=(start.isoformat(), end.isoformat()))

    def delete_rows(self, ids: Sequence[str]) -> None:
        self.dirty = True
        for a, b in iter_chunks(len(ids), 500):
            chunk = list(ids[a:b])
            marks = ",".join("?" * len(chunk))
            self.con.execute(f"DELETE FROM {LAYER} WHERE event_id IN ({marks})", chunk)

    def insert_rows(self, table: pd.DataFrame, progress: Progress | None = None) -> None:
        self.dirty = True
        cols = ", ".join(["geom", *COLUMNS])
        marks = ", ".join("?" * (len(COLUMNS) + 1))
        sql = f"INSERT INTO {LAYER} ({cols}) VALUES ({marks})"
        n = len(table)
        with _bulk(self.con, LAYER, n) as first_fid:
            for a, b in iter_chunks(n):
                part = table.iloc[a:b]
                geoms = point_blobs(part["longitude"].to_numpy(), part["latitude"].to_numpy())
                columns = [geoms] + [part[c].tolist() for c in COLUMNS]
                self.con.executemany(sql, zip(*columns, strict=True))
                if progress is not None:
                    progress(b, n)
            if first_fid is not None:  # the R-tree in one statement, not one trigger per row
                self.con.execute(
                    f"INSERT OR REPLACE INTO rtree_{LAYER}_geom SELECT fid, longitude, "
                    f"longitude, latitude, latitude FROM {LAYER} WHERE fid >= ?",
                    (first_fid,),
                )

    def insert_changes(self, changes: pd.DataFrame) -> None:
        cols = list(CHANGE_COLUMNS)
        sql = f"INSERT INTO {CHANGES} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        with _bulk(self.con, CHANGES, len(changes)):
            self.con.executemany(sql, zip(*[changes[c].tolist() for c in cols], strict=True))

    def fetch_change(self, change_id: int) -> pd.DataFrame:
        sql = f"SELECT change_id, {', '.join(CHANGE_COLUMNS)} FROM {CHANGES} WHERE change_id = ?"
        return pd.read_sql_query(sql, self.con, params=(int(change_id),))

    def clear(self) -> None:
        self.dirty = True
        self.con.execute(f"DELETE FROM {LAYER}")
        self.con.execute(f"DELETE FROM {CHANGES}")


#: Inserts of at least this many rows suspend GDAL's per-row triggers (see :func:`_bulk`).
BULK_ROWS = 2_000


@contextlib.contextmanager
def _bulk(con: sqlite3.Connection, table: str, n: int) -> Iterator[int | None]:
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


def _fetch(
    con: sqlite3.Connection, ids: Sequence[str], columns: Sequence[str] = COLUMNS
) -> pd.DataFrame:
    parts = []
    for a, b in iter_chunks(len(ids), 500):
        chunk = list(ids[a:b])
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {', '.join(columns)} FROM {LAYER} WHERE event_id IN ({marks})"
        parts.append(pd.read_sql_query(sql, con, params=chunk))
    if not parts:
        return pd.DataFrame(columns=list(columns))
    return pd.concat(parts, ignore_index=True)


def _create(path: Path) -> None:
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
        **{"fatalities_low": 0, "fatalities_high": 0},
    }
    layer = gpd.GeoDataFrame(
        {c: [v] for c, v in values.items()}, geometry=gpd.points_from_xy([0.0], [0.0]), crs=CRS
    )[[*COLUMNS, "geometry"]]
    layer["fatalities_low"] = layer["fatalities_low"].astype("Int64")
    layer["fatalities_high"] = layer["fatalities_high"].astype("Int64")
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
        _register_functions(con)
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


def _is_legacy(path: Path) -> bool:
    """Whether ``path`` is an events GeoPackage of an earlier version (no history table)."""
    con = sqlite3.connect(path)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()
    return LAYER in names and CHANGES not in names


def _check_schema(con: sqlite3.Connection, location: str) -> None:
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if LAYER not in names or CHANGES not in names:
        raise StoreError(
            f"{location!r} is not a Sahel Event Map store (no {LAYER!r} and {CHANGES!r} "
            "tables); copy an older store into a new one with `sahelmap store copy`"
        )


def _register_functions(con: sqlite3.Connection) -> None:
    con.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 0), ("ST_MinY", 1), ("ST_MaxY", 1)):
        con.create_function(name, 1, _coordinate(index), deterministic=True)


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    x, y = _xy(blob)
    return int(x != x or y != y)


def _coordinate(index: int):  # type: ignore[no-untyped-def]
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
