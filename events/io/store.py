"""The event store interface, shared by the GeoPackage and PostGIS backends.

A backend supplies reads and a :class:`StoreTxn` (one serialised, all-or-nothing
transaction); this class does the rest the same way for both: validation, which
rows a write inserts or modifies, and the edit history.

Example
-------
>>> store = open_store("data/events.gpkg")  # doctest: +SKIP
>>> store.append(frame, why="import ged.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import abc
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

import pandas as pd

import geopandas as gpd

from events.frame import from_frame, to_frame
from events.io.changes import (
    CHANGE_COLUMNS,
    Change,
    WriteResult,
    change_row,
    changes_from_table,
    default_analyst,
    diff_rows,
    insert_changes,
    new_batch,
)
from events.io.storage import Value, from_storage, row_values, table_from_values, to_storage
from events.model import Event, EventValidationError
from events.save_plan import SavePlan, date_window, plan_save
from events.validate import validate_frame

#: A progress callback: ``progress(rows_done, rows_total)``.
Progress = Callable[[int, int], None]
#: Rows written per statement batch (and per progress call).
CHUNK = 20_000


class StoreError(RuntimeError):
    """The store is missing, unreadable or not an event store; names its location."""


class StoreTxn(Protocol):
    """One write transaction of a backend: serialised with other writers, all or nothing."""

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Return which of ``ids`` are stored."""

    def fetch_rows(self, ids: Sequence[str]) -> pd.DataFrame:
        """Return the storage rows of the stored events among ``ids``."""

    def fetch_window(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Return the storage rows of the events dated ``start`` to ``end`` (inclusive)."""

    def delete_rows(self, ids: Sequence[str]) -> None:
        """Delete the events ``ids``."""

    def insert_rows(self, table: pd.DataFrame, progress: Progress | None = None) -> None:
        """Insert storage rows (their ids are not stored)."""

    def insert_changes(self, changes: pd.DataFrame) -> None:
        """Append rows with :data:`~events.io.changes.CHANGE_COLUMNS` to the history."""

    def fetch_change(self, change_id: int) -> pd.DataFrame:
        """Return the history row ``change_id`` (empty if unknown)."""

    def clear(self) -> None:
        """Delete every event and every change."""


class EventStore(abc.ABC):
    """Events and their history, in a GeoPackage file or a PostGIS database."""

    #: Where the store is, for messages: a path, or a URL without its password.
    location: str

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r})"

    # -- backend primitives -------------------------------------------------------
    @abc.abstractmethod
    def exists(self) -> bool:
        """Whether the store has been created."""

    @abc.abstractmethod
    def version(self) -> str:
        """Return a token that changes with every write, by any process (cheap to poll)."""

    @abc.abstractmethod
    def count(self) -> int:
        """Return how many events are stored."""

    @abc.abstractmethod
    def _read_table(
        self, start: dt.date | None, end: dt.date | None, ids: Sequence[str] | None
    ) -> pd.DataFrame:
        """Return storage rows, within the inclusive date range, or of ``ids``."""

    @abc.abstractmethod
    def _read_changes(self, event_id: str | None, limit: int | None) -> pd.DataFrame:
        """Return history rows (with ``change_id``), oldest first."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[StoreTxn]:
        """Open a write transaction, creating the store if needed."""

    # -- reads ----------------------------------------------------------------------
    def load_frame(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> gpd.GeoDataFrame:
        """Read the events (within an inclusive date range) as a typed GeoDataFrame."""
        self._check_exists()
        return from_storage(self._read_table(start, end, None))

    def load(self) -> list[Event]:
        """Read and validate every event (small stores; prefer :meth:`load_frame`)."""
        return from_frame(self.load_frame())

    def get(self, ids: Sequence[str]) -> gpd.GeoDataFrame:
        """Return the stored events among ``ids``."""
        self._check_exists()
        return from_storage(self._read_table(None, None, list(ids)))

    def event_ids(self) -> set[str]:
        """Return the ids of every stored event."""
        if not self.exists():
            return set()
        return set(self._read_table(None, None, None)["event_id"].astype(str))

    def history(self, event_id: str | None = None, *, limit: int | None = None) -> list[Change]:
        """Return the changes of one event (or of all), oldest first."""
        if not self.exists():
            return []
        return changes_from_table(self._read_changes(event_id, limit))

    def history_of(self, ids: Sequence[str]) -> dict[str, list[Change]]:
        """Return the changes of each of ``ids`` (oldest first); ids with none are left out."""
        if not self.exists() or not ids:
            return {}
        out: dict[str, list[Change]] = {}
        for change in changes_from_table(self._read_changes_of(list(ids))):
            out.setdefault(change.event_id, []).append(change)
        return out

    def _read_changes_of(self, ids: Sequence[str]) -> pd.DataFrame:
        """Return the history rows of ``ids``, oldest first (backends may do it in one query)."""
        parts = [self._read_changes(eid, None) for eid in ids]
        return pd.concat(parts, ignore_index=True).sort_values("change_id")

    # -- writes ---------------------------------------------------------------------
    def append(
        self,
        events: Sequence[Event] | pd.DataFrame,
        *,
        why: str = "",
        who: str | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Add the events whose ids are not stored yet, in one transaction; return how many."""
        table = _storage_of(events)
        table = table.drop_duplicates("event_id", keep="first")
        batch = new_batch(who or default_analyst(), why)
        with self._transaction() as txn:
            known = txn.known_ids(table["event_id"].tolist())
            if known:
                table = table[~table["event_id"].isin(known)]
            if table.empty:
                return 0
            txn.insert_rows(table, progress)
            txn.insert_changes(insert_changes(table["event_id"].tolist(), batch, "create"))
        return len(table)

    def upsert(
        self,
        events: Sequence[Event] | pd.DataFrame,
        *,
        why: str = "",
        who: str | None = None,
        action: str = "update",
    ) -> WriteResult:
        """Insert new events and modify stored ones by id, in one transaction.

        Only rows that differ are rewritten; each inserted or modified event gets a
        history entry (``action``, or ``status`` when only the status changed).
        """
        table = _storage_of(events).drop_duplicates("event_id", keep="last")
        if table.empty:
            return WriteResult()
        batch = new_batch(who or default_analyst(), why)
        with self._transaction() as txn:
            return _upsert_in(txn, table, batch, lambda _: action)

    def save_drafts(
        self,
        drafts: Sequence[Event],
        *,
        verify: bool,
        reports: Sequence[str] | None = None,
        why: str = "",
        who: str | None = None,
    ) -> SavePlan:
        """Plan and save drafts in one transaction (see :func:`events.save_plan.plan_save`).

        The stored events of the drafts' days are read inside the transaction, so the
        plan sees every other writer's saves: two sessions merging into one event
        both keep their sources.
        """
        window = date_window(drafts)
        if window is None:
            return SavePlan((), ())
        batch = new_batch(who or default_analyst(), why)
        with self._transaction() as txn:
            stored = from_frame(from_storage(txn.fetch_window(*window)))
            plan = plan_save(drafts, stored, verify=verify, reports=reports)
            if plan.events:
                _upsert_in(txn, _storage_of(plan.events), batch, plan.action_of)
        return plan

    def write(
        self, events: Sequence[Event] | pd.DataFrame, *, why: str = "", who: str | None = None
    ) -> int:
        """Replace every event (and the history) with ``events``, in one transaction."""
        table = _storage_of(events).drop_duplicates("event_id", keep="first")
        batch = new_batch(who or default_analyst(), why)
        with self._transaction() as txn:
            txn.clear()
            if not table.empty:
                txn.insert_rows(table)
                txn.insert_changes(insert_changes(table["event_id"].tolist(), batch, "create"))
        return len(table)

    def copy_from(self, src: EventStore, *, progress: Progress | None = None) -> int:
        """Replace this store with a copy of ``src``: every event and the whole history.

        A GeoPackage written by an earlier version (no history table) is read too;
        its events get one ``create`` entry each.
        """
        frame, history = src._read_for_copy()
        table = _storage_of(frame)
        with self._transaction() as txn:
            txn.clear()
            if not table.empty:
                txn.insert_rows(table, progress)
            if history is None:
                batch = new_batch(default_analyst(), f"copied from {src.location}")
                history = insert_changes(table["event_id"].tolist(), batch, "create")
            if not history.empty:
                txn.insert_changes(history[list(CHANGE_COLUMNS)])
        return len(table)

    def _read_for_copy(self) -> tuple[gpd.GeoDataFrame, pd.DataFrame | None]:
        """Return every event and the history rows (``None``: no history kept)."""
        return self.load_frame(), self._read_changes(None, None)

    def delete(self, ids: Sequence[str], *, why: str = "", who: str | None = None) -> int:
        """Delete events by id, keeping each whole old row in the history; return how many."""
        batch = new_batch(who or default_analyst(), why)
        with self._transaction() as txn:
            old = txn.fetch_rows(list(ids))
            if old.empty:
                return 0
            rows = [
                change_row(
                    batch, str(old["event_id"].iloc[i]), "delete", "remove", row_values(old, i), {}
                )
                for i in range(len(old))
            ]
            txn.delete_rows(old["event_id"].astype(str).tolist())
            txn.insert_changes(pd.DataFrame(rows))
        return len(old)

    def revert(self, change_id: int, *, who: str | None = None) -> Change:
        """Undo one change (a new change, itself recorded and revertible); return it."""
        with self._transaction() as txn:
            found = changes_from_table(txn.fetch_change(change_id))
            if not found:
                raise StoreError(f"{self.location}: no change #{change_id}")
            change = found[0]
            batch = new_batch(who or default_analyst(), f"revert of change #{change_id}")
            current = txn.fetch_rows([change.event_id])
            eid = change.event_id
            if change.op == "insert":
                if current.empty:
                    raise StoreError(f"change #{change_id}: event {eid!r} is no longer stored")
                row = change_row(batch, eid, "revert", "remove", row_values(current, 0), {})
                txn.delete_rows([eid])
            elif change.op == "remove":
                if not current.empty:
                    raise StoreError(f"change #{change_id}: event {eid!r} is stored again")
                txn.insert_rows(table_from_values([change.old]))
                row = change_row(batch, eid, "revert", "insert", {}, {})
            else:
                if current.empty:
                    raise StoreError(f"change #{change_id}: event {eid!r} is no longer stored")
                values = row_values(current, 0)
                before = {f: values.get(f) for f in change.fields}
                restored = {**values, **{f: change.old.get(f) for f in change.fields}}
                table = table_from_values([restored])
                validate_frame(from_storage(table))
                txn.delete_rows([eid])
                txn.insert_rows(table)
                row = change_row(batch, eid, "revert", "modify", before, dict(change.old))
            txn.insert_changes(pd.DataFrame([row]))
        return self.history(change.event_id, limit=1)[-1]

    def _check_exists(self) -> None:
        if not self.exists():
            raise StoreError(
                f"event store {self.location!r} does not exist "
                "(create it with `sahelmap build-store`, or import into it)"
            )


def _upsert_in(
    txn: StoreTxn, table: pd.DataFrame, batch: dict[str, str], action_of: Callable[[str], str]
) -> WriteResult:
    old = txn.fetch_rows(table["event_id"].tolist())
    known = set(old["event_id"].astype(str))
    fresh = table[~table["event_id"].isin(known)]
    diffs = diff_rows(old, table[table["event_id"].isin(known)])
    changed = [d[0] for d in diffs]
    rows = [
        change_row(
            batch, eid, "status" if set(new) == {"status"} else action_of(eid), "modify", old_, new
        )
        for eid, old_, new in diffs
    ]
    if changed:
        txn.delete_rows(changed)
    write = pd.concat([fresh, table[table["event_id"].isin(changed)]], ignore_index=True)
    if not write.empty:
        txn.insert_rows(write)
    log = insert_changes(fresh["event_id"].tolist(), batch, "create")
    if rows:
        log = pd.concat([log, pd.DataFrame(rows)], ignore_index=True)
    if not log.empty:
        txn.insert_changes(log)
    unchanged = len(table) - len(fresh) - len(changed)
    return WriteResult(len(fresh), len(changed), unchanged, batch["batch_id"])


def _storage_of(events: Sequence[Event] | pd.DataFrame) -> pd.DataFrame:
    frame = events if isinstance(events, pd.DataFrame) else to_frame(list(events))
    validate_frame(frame)
    return to_storage(frame)


def iter_chunks(n: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    """Yield ``(start, stop)`` bounds of ``n`` rows in chunks of ``size``."""
    for start in range(0, n, size):
        yield start, min(n, start + size)


def open_store(location: str | os.PathLike[str]) -> EventStore:
    """Return the store at ``location``: a ``postgresql://`` URL, else a GeoPackage path."""
    text = os.fspath(location)
    if text.startswith(("postgresql://", "postgres://")):
        from events.io.postgis import PostgisStore

        return PostgisStore(text)
    from events.io.gpkg import GeoPackageStore

    return GeoPackageStore(text)


__all__ = [
    "CHUNK",
    "Change",
    "EventStore",
    "EventValidationError",
    "Progress",
    "StoreError",
    "StoreTxn",
    "Value",
    "WriteResult",
    "iter_chunks",
    "open_store",
]
