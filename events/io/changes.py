"""The edit history: one :class:`Change` per event created, updated, merged or deleted.

Backends store changes in a table with :data:`CHANGE_COLUMNS`; this module decides
what a write changes (:func:`diff_rows`) so both backends record the same history.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from events.frame import COLUMNS
from events.io.storage import Value, dumps, plain_value

#: What a user did: ``create`` (import, ingest, Add report), ``update`` (an edit or a
#: re-ingested report), ``merge`` (another source joined the event), ``status``
#: (draft ↔ verified), ``delete``, ``revert`` (a change undone).
ACTIONS = ("create", "update", "merge", "status", "delete", "revert")
#: What happened to the row: inserted, some fields modified, or removed.
OPS = ("insert", "modify", "remove")
CHANGE_COLUMNS: tuple[str, ...] = (
    "batch_id",
    "changed_at",
    "analyst",
    "event_id",
    "action",
    "op",
    "fields",
    "old_values",
    "new_values",
    "reason",
)


@dataclass(frozen=True)
class Change:
    """One recorded change of one event.

    ``old`` and ``new`` hold the changed fields' values; a removal keeps the whole
    old row in ``old`` (so it can be reverted), an insertion keeps nothing (the row
    itself is the new value).
    """

    change_id: int
    batch_id: str
    changed_at: dt.datetime
    analyst: str
    event_id: str
    action: str
    op: str
    fields: tuple[str, ...]
    old: Mapping[str, Value]
    new: Mapping[str, Value]
    reason: str

    def describe(self) -> str:
        """Return one line: number, when, who, what, which event and why."""
        return self._line(with_event=True)

    def summary(self) -> str:
        """Return :meth:`describe` without the event id (for the event's own popup)."""
        return self._line(with_event=False)

    def _line(self, *, with_event: bool) -> str:
        when = self.changed_at.strftime("%Y-%m-%d %H:%M UTC")
        what = self.action
        if self.op == "modify" and self.fields:
            parts = [
                f"{f}: {_short(self.old.get(f))} → {_short(self.new.get(f))}" for f in self.fields
            ]
            what = f"{self.action} ({'; '.join(parts)})"
        event = f" {self.event_id}" if with_event else ""
        why = f" — {self.reason}" if self.reason else ""
        return f"#{self.change_id} {when} {self.analyst}: {what}{event}{why}"


@dataclass(frozen=True)
class WriteResult:
    """What one store write did: events created, modified and unchanged."""

    created: int = 0
    modified: int = 0
    unchanged: int = 0
    batch_id: str = ""


def default_analyst() -> str:
    """Return the operating-system user name, for writes that name no analyst."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def new_batch(analyst: str, reason: str) -> dict[str, str]:
    """Return the values shared by every change row of one write."""
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {
        "batch_id": f"{now:%Y%m%dT%H%M%S%f}-{np.random.default_rng().integers(1 << 30):08x}",
        "changed_at": stamp,
        "analyst": analyst,
        "reason": reason,
    }


def insert_changes(ids: Sequence[str], batch: Mapping[str, str], action: str) -> pd.DataFrame:
    """Return the change rows of inserting the events ``ids`` (vectorised)."""
    n = len(ids)
    table = pd.DataFrame({c: [batch[c]] * n for c in ("batch_id", "changed_at", "analyst")})
    table["event_id"] = list(ids)
    table["action"] = action
    table["op"] = "insert"
    table["fields"] = "[]"
    table["old_values"] = "{}"
    table["new_values"] = "{}"
    table["reason"] = batch["reason"]
    return table[list(CHANGE_COLUMNS)]


def change_row(
    batch: Mapping[str, str],
    event_id: str,
    action: str,
    op: str,
    old: Mapping[str, Value],
    new: Mapping[str, Value],
) -> dict[str, str]:
    """Return one change row (fields are the keys of ``old`` and ``new``)."""
    fields = list(dict.fromkeys([*old, *new])) if op == "modify" else []
    return {
        "batch_id": batch["batch_id"],
        "changed_at": batch["changed_at"],
        "analyst": batch["analyst"],
        "event_id": event_id,
        "action": action,
        "op": op,
        "fields": dumps(fields),
        "old_values": dumps(dict(old)),
        "new_values": dumps(dict(new)),
        "reason": batch["reason"],
    }


def diff_rows(
    old: pd.DataFrame, new: pd.DataFrame
) -> list[tuple[str, dict[str, Value], dict[str, Value]]]:
    """Return ``(event_id, old values, new values)`` of the changed fields of each row.

    ``old`` and ``new`` are storage tables of the same events (matched by
    ``event_id``); rows with no changed field are left out.
    """
    if old.empty:
        return []
    merged = old.merge(new, on="event_id", suffixes=("_old", "_new"))
    changed = np.zeros(len(merged), dtype=bool)
    differs: dict[str, np.ndarray] = {}
    for col in COLUMNS:
        if col == "event_id":
            continue
        a = merged[f"{col}_old"].astype(object)
        b = merged[f"{col}_new"].astype(object)
        both_missing = a.isna().to_numpy() & b.isna().to_numpy()
        diff = (a.to_numpy() != b.to_numpy()) & ~both_missing
        differs[col] = diff
        changed |= diff
    out = []
    for i in np.flatnonzero(changed):
        cols = [c for c, d in differs.items() if d[i]]
        before = {c: plain_value(merged[f"{c}_old"].iloc[i]) for c in cols}
        after = {c: plain_value(merged[f"{c}_new"].iloc[i]) for c in cols}
        out.append((str(merged["event_id"].iloc[i]), before, after))
    return out


def changes_from_table(table: pd.DataFrame) -> list[Change]:
    """Return :class:`Change` records from rows of a changes table (with ``change_id``)."""
    return [
        Change(
            change_id=int(r["change_id"]),
            batch_id=str(r["batch_id"]),
            changed_at=_parse_stamp(str(r["changed_at"])),
            analyst=str(r["analyst"]),
            event_id=str(r["event_id"]),
            action=str(r["action"]),
            op=str(r["op"]),
            fields=tuple(json.loads(str(r["fields"]) or "[]")),
            old=json.loads(str(r["old_values"]) or "{}"),
            new=json.loads(str(r["new_values"]) or "{}"),
            reason=str(r["reason"] or ""),
        )
        for r in table.to_dict("records")
    ]


def _short(value: Value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def _parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
