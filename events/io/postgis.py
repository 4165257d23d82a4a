"""The team store: PostgreSQL + PostGIS, shared by several machines.

Every write is one server transaction on its own connection, serialised with every
other writer by a transaction-level advisory lock taken first (so append's
check-then-insert and upsert's read-diff-write see every earlier write), and rolled
back on any exception, ``KeyboardInterrupt`` included; a client killed mid-write
leaves nothing. Rows travel as CSV through ``COPY`` both ways (Arrow writes and
parses it: a few Python calls per 20,000 rows, not one per value). ``geom`` is a
generated column. Reads share one autocommit connection per store and process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pandas as pd
import psycopg
import pyarrow as pa
from psycopg import sql

from events.io.changes import CHANGE_COLUMNS
from events.io.pgcopy import (
    CHANGE_SCHEMA,
    EVENT_SCHEMA,
    SELECT_COLUMNS,
    copy_in,
    copy_out,
    select_rows,
)
from events.io.pgschema import CHANGE_INDEXES, CHANGES, DDL, INDEXES, LAYER, check_schema
from events.io.store import EventStore, Progress, StoreError

#: The advisory lock key every writer takes (``'sahelmap'`` as 8 bytes).
LOCK_KEY = int.from_bytes(b"sahelmap", "big") >> 1
CONNECT_TIMEOUT_S = 10
#: How long a writer waits for the others (as the GeoPackage store's busy timeout).
LOCK_TIMEOUT_S = 120
#: Inserts of this many rows into an empty table rebuild its indexes after the rows.
BULK_ROWS = 50_000
T = TypeVar("T")


class PostgisStore(EventStore):
    """Events and their history in a PostGIS database (tables ``events``, ``sahelmap_changes``).

    Example
    -------
    >>> store = PostgisStore("postgresql://analyst:secret@db.example/sahel")
    >>> store.location
    'postgresql://analyst@db.example/sahel'
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = redact_url(url)
        self._lock = threading.Lock()
        self._reader: psycopg.Connection | None = None
        self._reader_pid = 0

    def exists(self) -> bool:
        """Whether both tables are there (:class:`StoreError` if only one, or foreign)."""
        return self._read(lambda cur: check_schema(cur, self.location)) == "ok"

    def create(self) -> None:
        """Create the tables (and the PostGIS extension) if they are missing."""
        with self._transaction():
            pass

    def version(self) -> str:
        """Return the database's and history table's identity and the last change number."""

        def query(cur: psycopg.Cursor[Any]) -> str:
            if check_schema(cur, self.location) == "missing":
                return "missing"
            cur.execute(
                f"SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), "
                f"'{CHANGES}'::regclass::oid, (SELECT coalesce(max(change_id), 0) FROM {CHANGES})"
            )
            row = cur.fetchone()
            assert row is not None
            return "-".join(map(str, row))

        return self._read(query)

    def count(self) -> int:
        """Return how many events are stored."""

        def query(cur: psycopg.Cursor[Any]) -> int:
            if check_schema(cur, self.location) == "missing":
                return 0
            cur.execute(f"SELECT count(*) FROM {LAYER}")
            row = cur.fetchone()
            return int(row[0]) if row else 0

        return self._read(query)

    def _read_table(
        self, start: dt.date | None, end: dt.date | None, ids: Sequence[str] | None
    ) -> pd.DataFrame:
        if ids is not None:
            return self._read(lambda cur: select_rows(cur, LAYER, *_id_in(ids)))
        where: list[sql.Composable] = [sql.SQL("true")]
        if start is not None:
            where.append(sql.SQL("event_date >= {}").format(sql.Literal(start)))
        if end is not None:
            where.append(sql.SQL("event_date <= {}").format(sql.Literal(end)))
        query = sql.SQL("SELECT {} FROM {} WHERE {}").format(
            SELECT_COLUMNS, sql.Identifier(LAYER), sql.SQL(" AND ").join(where)
        )
        return self._read(lambda cur: copy_out(cur, query, EVENT_SCHEMA))

    def _read_changes(self, event_id: str | None, limit: int | None) -> pd.DataFrame:
        cols = sql.SQL(", ").join(map(sql.Identifier, ("change_id", *CHANGE_COLUMNS)))
        query = sql.SQL("SELECT {} FROM {}").format(cols, sql.Identifier(CHANGES))
        if event_id is not None:
            query += sql.SQL(" WHERE event_id = {}").format(sql.Literal(event_id))
        if limit is None:
            query += sql.SQL(" ORDER BY change_id")
        else:
            query = sql.SQL("SELECT * FROM ({} ORDER BY change_id DESC LIMIT {}) AS c").format(
                query, sql.Literal(int(limit))
            ) + sql.SQL(" ORDER BY change_id")
        schema = pa.schema([("change_id", pa.int64()), *CHANGE_SCHEMA])
        return self._read(lambda cur: copy_out(cur, query, schema))

    def _read_changes_of(self, ids: Sequence[str]) -> pd.DataFrame:
        cols = ["change_id", *CHANGE_COLUMNS]
        query = (
            f"SELECT {', '.join(cols)} FROM {CHANGES} WHERE event_id = ANY(%s::text[]) "
            "ORDER BY change_id"
        )

        def fetch(cur: psycopg.Cursor[Any]) -> pd.DataFrame:
            return pd.DataFrame(cur.execute(query, (list(ids),)).fetchall(), columns=cols)

        return self._read(fetch)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[_PgTxn]:
        con = self._connect(autocommit=False)
        try:
            with con.cursor() as cur:
                cur.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S}s'")
                try:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                except psycopg.errors.LockNotAvailable as exc:
                    raise StoreError(
                        f"event store {self.location!r} is busy: another writer held it "
                        f"for {LOCK_TIMEOUT_S} s; try again"
                    ) from exc
                if check_schema(cur, self.location) == "missing":
                    for statement in DDL:
                        cur.execute(statement)  # type: ignore[arg-type]
                yield _PgTxn(cur)
            con.commit()
        except BaseException as exc:
            with contextlib.suppress(psycopg.Error):
                con.rollback()
            if isinstance(exc, psycopg.Error):
                raise StoreError(f"event store {self.location!r}: {_message(exc)}") from exc
            raise
        finally:
            con.close()

    def _connect(self, *, autocommit: bool) -> psycopg.Connection:
        try:
            return psycopg.connect(
                self.url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S,
                application_name="sahelmap",
            )  # fmt: skip
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to event store {self.location!r}: {_message(exc)}"
            ) from exc

    def _read(self, query: Callable[[psycopg.Cursor[Any]], T]) -> T:
        """Run ``query`` on this process's reading connection (reconnecting once if lost)."""
        with self._lock:
            for attempt in (0, 1):
                con = self._reader if self._reader_pid == os.getpid() else None
                if con is None or con.closed:
                    con = self._reader = self._connect(autocommit=True)
                    self._reader_pid = os.getpid()
                try:
                    with con.cursor() as cur:
                        return query(cur)
                except psycopg.OperationalError as exc:
                    lost = con.broken
                    con.close()
                    if attempt or not lost:
                        raise StoreError(f"event store {self.location!r}: {_message(exc)}") from exc
                except psycopg.Error as exc:
                    raise StoreError(f"event store {self.location!r}: {_message(exc)}") from exc
                except StoreError:
                    raise
                except BaseException:
                    con.close()  # interrupted mid-read (mid-COPY): start clean next time
                    raise
        raise AssertionError("unreachable")

    def __del__(self) -> None:
        reader = getattr(self, "_reader", None)
        if reader is not None and self._reader_pid == os.getpid():
            with contextlib.suppress(Exception):
                reader.close()


class _PgTxn:
    def __init__(self, cur: psycopg.Cursor[Any]) -> None:
        self.cur = cur

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        where, params = _id_in(ids)
        query = sql.SQL("SELECT event_id FROM {} WHERE {}").format(sql.Identifier(LAYER), where)
        return {row[0] for row in self.cur.execute(query, params)}

    def fetch_rows(self, ids: Sequence[str]) -> pd.DataFrame:
        return select_rows(self.cur, LAYER, *_id_in(ids))

    def fetch_window(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        return select_rows(self.cur, LAYER, sql.SQL("event_date BETWEEN %s AND %s"), [start, end])

    def delete_rows(self, ids: Sequence[str]) -> None:
        where, params = _id_in(ids)
        self.cur.execute(
            sql.SQL("DELETE FROM {} WHERE {}").format(sql.Identifier(LAYER), where), params
        )

    def insert_rows(self, table: pd.DataFrame, progress: Progress | None = None) -> None:
        self._copy(LAYER, INDEXES, table, EVENT_SCHEMA, progress)

    def insert_changes(self, changes: pd.DataFrame) -> None:
        self._copy(CHANGES, CHANGE_INDEXES, changes, CHANGE_SCHEMA, None)

    def _copy(
        self,
        name: str,
        indexes: dict[str, str],
        table: pd.DataFrame,
        schema: pa.Schema,
        progress: Progress | None,
    ) -> None:
        empty = self.cur.execute(f"SELECT NOT EXISTS (SELECT FROM {name})").fetchone()
        if len(table) < BULK_ROWS or not (empty and empty[0]):
            copy_in(self.cur, name, table, schema, progress)
            return
        # A first import: build the indexes once, after the rows, instead of row by row
        # (3x faster; DROP INDEX locks out readers until the commit, with nothing to read).
        for index in indexes:
            self.cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(index)))
        copy_in(self.cur, name, table, schema, progress)
        for statement in indexes.values():
            self.cur.execute(statement)  # type: ignore[arg-type]

    def fetch_change(self, change_id: int) -> pd.DataFrame:
        cols = ", ".join(("change_id", *CHANGE_COLUMNS))
        rows = self.cur.execute(
            f"SELECT {cols} FROM {CHANGES} WHERE change_id = %s", (int(change_id),)
        ).fetchall()
        return pd.DataFrame(rows, columns=["change_id", *CHANGE_COLUMNS])

    def clear(self) -> None:
        # DELETE, not TRUNCATE: readers keep seeing the old rows until the commit.
        self.cur.execute(f"DELETE FROM {LAYER}")
        self.cur.execute(f"DELETE FROM {CHANGES}")


def redact_url(url: str) -> str:
    """Return ``url`` without its password (in the user part or the query)."""
    parts = urlsplit(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    netloc = f"{userinfo.partition(':')[0]}@{hosts}" if at else hosts
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _id_in(ids: Sequence[str]) -> tuple[sql.Composable, list[object]]:
    """Return a condition matching ``ids``, and its parameter.

    The ids travel as one string split by the server: psycopg adapts a list of
    strings element by element, which took longer than the lookup for 100k ids.
    """
    ids = [str(i) for i in ids]
    joined = "\x1f".join(ids)
    if "" in ids or joined.count("\x1f") != max(len(ids) - 1, 0):
        return sql.SQL("event_id = ANY(%s::text[])"), [ids]
    return sql.SQL("event_id = ANY(string_to_array(%s, E'\\x1f'))"), [joined]


def _message(exc: BaseException) -> str:
    """Return the server's or libpq's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__
