"""The embedded store: a GeoPackage 1.2 file, written in place inside SQLite transactions.

GDAL creates the file (so QGIS and ``validate_gpkg.py`` accept it); writes then go
through Python's ``sqlite3``: ``BEGIN IMMEDIATE`` serialises writers (others wait
on SQLite's lock, up to :data:`BUSY_TIMEOUT_S`), the journal is a write-ahead log (readers
never wait for a writer), and a write either commits whole or leaves no trace, even
after ``kill -9``. The file's own machinery is in :mod:`events.io.gpkg_file`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, frame_from_table, to_frame
from events.io.changes import CHANGE_COLUMNS
from events.io.gpkg_file import (
    CHANGES,
    LAYER,
    bulk_insert,
    check_schema,
    create_store,
    is_legacy,
    point_blobs,
    register_functions,
)
from events.io.storage import to_storage
from events.io.store import EventStore, Progress, StoreError, iter_chunks

BUSY_TIMEOUT_S = 120.0


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
        if self.exists() and is_legacy(self.path):
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
            create_store(self.path)
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
            register_functions(con)
            con.execute("PRAGMA cache_size = -262144")  # up to 256 MB: big imports spill less
            check_schema(con, self.location)
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
        with bulk_insert(self.con, LAYER, n) as first_fid:
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
        with bulk_insert(self.con, CHANGES, len(changes)):
            self.con.executemany(sql, zip(*[changes[c].tolist() for c in cols], strict=True))

    def fetch_change(self, change_id: int) -> pd.DataFrame:
        sql = f"SELECT change_id, {', '.join(CHANGE_COLUMNS)} FROM {CHANGES} WHERE change_id = ?"
        return pd.read_sql_query(sql, self.con, params=(int(change_id),))

    def clear(self) -> None:
        self.dirty = True
        self.con.execute(f"DELETE FROM {LAYER}")
        self.con.execute(f"DELETE FROM {CHANGES}")


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
