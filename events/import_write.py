"""Write an import to the store: its new rows and, when linked, the stored events it grew.

Shared by ``sahelmap import`` and the Import page, so both write the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import geopandas as gpd

from events.frame import frame_from_table, to_frame
from events.importers.matching import MatchPlan, plan_matches
from events.io.store import EventStore, Progress


@dataclass(frozen=True)
class ImportWrite:
    """Done: events ``added``, stored events ``grown`` by links, rows ``already`` stored."""

    added: int
    grown: int
    already: int


def match_import(events: gpd.GeoDataFrame, store: EventStore, *, mode: str) -> MatchPlan:
    """Plan an import against the stored events of its days (±1 day).

    See :mod:`events.importers.matching`.
    """
    if events.empty or not store.exists():
        return plan_matches(events, to_frame([]), mode=mode)
    start = (events["event_date"].min() - pd.Timedelta(days=1)).date()
    end = (events["event_date"].max() + pd.Timedelta(days=1)).date()
    return plan_matches(events, store.load_frame(start, end), mode=mode)


def write_import(
    store: EventStore,
    plan: MatchPlan,
    *,
    why: str,
    who: str | None = None,
    progress: Progress | None = None,
) -> ImportWrite:
    """Append the plan's new rows (known ids skipped) and rewrite the events it grew.

    Without links this is one :meth:`~events.io.store.EventStore.append`; with them,
    the new rows and the grown events go in one
    :meth:`~events.io.store.EventStore.upsert` (one transaction, history ``merge``).
    """
    if plan.grown.empty:
        added = store.append(plan.new, why=why, who=who, progress=progress)
        return ImportWrite(added, 0, len(plan.new) - added)
    known = store.event_ids()
    fresh = plan.new[~plan.new["event_id"].isin(known)]
    table = frame_from_table(pd.concat([fresh, plan.grown], ignore_index=True))
    result = store.upsert(table, why=why, who=who, action="merge")
    return ImportWrite(result.created, result.modified, len(plan.new) - len(fresh))
