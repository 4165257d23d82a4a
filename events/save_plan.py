"""One save planner for the CLI and the app: which drafts are new, merged or updates.

``sahelmap ingest`` saves drafts as drafts and leaves an event it stored before
alone; the Add report page saves reviewed drafts as verified and replaces its own
earlier version. Both run :func:`plan_save` inside the store's write transaction
(:meth:`events.io.store.EventStore.save_drafts`), against the stored events of the
drafts' days read in that transaction, so two sessions saving at once never
overwrite each other's merges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from events.frame import EventFilter, filter_events, from_frame
from events.merge import MAX_DAYS, find_match, merge_into
from events.model import Event, Status

NEW, MERGE, UPDATE, UNCHANGED = "new", "merge", "update", "unchanged"


@dataclass(frozen=True)
class SaveAction:
    """What saving one draft does.

    ``kind`` is ``"new"`` (stored as a new event), ``"merge"`` (the draft's sources
    and claims join ``target``), ``"update"`` (``target`` has the draft's id: the same
    report saved before; the reviewed draft replaces it, sources kept) or
    ``"unchanged"`` (the same report ingested again as a draft: nothing to do).
    ``target_is_new`` says the target is a draft of this same batch.
    """

    draft: Event
    kind: str
    target: Event | None = None
    distance_km: float = 0.0
    target_is_new: bool = False


@dataclass(frozen=True)
class SavePlan:
    """The actions, and the events to write in one store transaction."""

    actions: tuple[SaveAction, ...]
    events: tuple[Event, ...]

    def count(self, kind: str) -> int:
        """How many actions are of ``kind``."""
        return sum(a.kind == kind for a in self.actions)

    def action_of(self, event_id: str) -> str:
        """Return the history action of a written event: ``create``, ``merge`` or ``update``."""
        kinds = {a.kind for a in self.actions if _written_id(a) == event_id}
        if NEW in kinds:
            return "create"
        return "update" if UPDATE in kinds else "merge"


def plan_save(
    drafts: Sequence[Event],
    stored: Sequence[Event],
    *,
    verify: bool,
    reports: Sequence[str] | None = None,
) -> SavePlan:
    """Decide how to save ``drafts`` against ``stored`` events.

    With ``verify`` (a person reviewed them) drafts are saved as verified and a draft
    with a stored id replaces it; without, they stay drafts and a stored id is left
    alone. A draft matching a stored event (or an earlier draft of the same batch: two
    reports of one attack) is merged into it, so nothing is stored twice; the merged
    record keeps its own status and fields. ``reports`` names each draft's report:
    drafts of one report are distinct events by construction and never merge.

    Example
    -------
    >>> plan = plan_save(drafts, stored, verify=True)  # doctest: +SKIP
    """
    pool: dict[str, Event] = {e.event_id: e for e in stored}
    origin: dict[str, str] = {}  # batch event id -> its report
    batch_new: set[str] = set()
    written: dict[str, Event] = {}
    actions: list[SaveAction] = []
    keys = list(reports) if reports is not None else [str(i) for i in range(len(drafts))]
    for draft, report in zip(drafts, keys, strict=True):
        if verify:
            draft = draft.with_changes(status=Status.VERIFIED)
        candidates = [e for eid, e in pool.items() if origin.get(eid) != report]
        match = find_match(draft, candidates)
        target = match.stored
        if target is None:
            kind, result = NEW, draft
            batch_new.add(draft.event_id)
        elif target.event_id == draft.event_id:
            if not verify:
                actions.append(SaveAction(draft, UNCHANGED, target))
                continue
            kind, result = UPDATE, merge_into(draft, target)
        else:
            kind, result = MERGE, merge_into(target, draft)
        actions.append(
            SaveAction(
                draft=draft,
                kind=kind,
                target=target,
                distance_km=match.distance_km,
                target_is_new=target is not None and target.event_id in batch_new,
            )
        )
        pool[result.event_id] = result
        if kind == NEW:
            origin[result.event_id] = report
        written[result.event_id] = result
    return SavePlan(tuple(actions), tuple(written.values()))


def date_window(drafts: Sequence[Event]) -> tuple[dt.date, dt.date] | None:
    """Return the days whose stored events could match a draft (``None`` without drafts)."""
    if not drafts:
        return None
    pad = dt.timedelta(days=MAX_DAYS)
    days = [d.event_date for d in drafts]
    return min(days) - pad, max(days) + pad


def candidate_events(frame: pd.DataFrame, drafts: Sequence[Event]) -> list[Event]:
    """Return the events of ``frame`` that could match a draft by date (for a preview).

    Only events within ``MAX_DAYS`` of some draft can match, so only those are
    validated into :class:`Event` objects, however large the frame.
    """
    window = date_window(drafts)
    if window is None or frame.empty:
        return []
    days = {d.event_date for d in drafts}
    view = filter_events(frame, EventFilter(start=window[0], end=window[1]))
    near = view["event_date"].dt.date.map(
        lambda day: any(abs((day - d).days) <= MAX_DAYS for d in days)
    )
    return from_frame(view[near.to_numpy(dtype=bool)])


def describe_action(action: SaveAction) -> str:
    """Return what saving a draft does, in words (``"merge into stored seed-000-airport"``)."""
    if action.kind == NEW or action.target is None:
        return "new verified event" if action.draft.status == Status.VERIFIED else "new draft event"
    if action.kind == UPDATE:
        return f"update stored {action.target.event_id} (same report, saved before)"
    if action.kind == UNCHANGED:
        return f"already stored as {action.target.event_id} (same report)"
    where = "the new event" if action.target_is_new else "stored"
    return f"merge into {where} {action.target.event_id}"


def _written_id(action: SaveAction) -> str:
    if action.kind == NEW or action.target is None:
        return action.draft.event_id
    return action.target.event_id
