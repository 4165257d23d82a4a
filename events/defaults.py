"""The default store: the hand-coded seed events beside the shipped UCDP GED history."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import CRS, from_frame, to_frame
from events.importers import import_file
from events.io.store import EventStore
from events.merge import distance_km
from events.seeds import load_seed_events

#: UCDP GED rows for Mali, Burkina Faso and Niger (CC BY 4.0, a partial extract; see
#: ``events/data/ATTRIBUTION.md``), made by ``scripts/make_history.py``.
#: Distance within which a history record of a seed incident is folded into it: the
#: city-level UCDP point of the Bamako attack is 8-13 km from the two sites.
FOLD_KM = 15.0
HISTORY_PATH = Path(__file__).resolve().parent / "data" / "ucdp_ged_aes.csv.gz"


def build_default_store(
    store: EventStore, seeds_dir: Path, *, history: Path | None = HISTORY_PATH
) -> str:
    """Write the seed events and the UCDP history to ``store`` (replacing it), in one transaction.

    Parameters
    ----------
    store : EventStore
        Where to write.
    seeds_dir : Path
        The folder of seed reports and their coded events.
    history : Path or None
        A UCDP GED CSV (``.csv.gz``) to import beside the seeds; ``None`` for seeds only.

    Returns
    -------
    str
        A one-line summary, e.g. ``"2 seed events + 3938 UCDP GED events (2 rejected)"``.
    """
    seeds = to_frame(load_seed_events(seeds_dir))
    if history is None:
        store.write(seeds, why="build-store: seed events")
        return f"{len(seeds)} seed events"
    result = import_file(history, "ucdp")
    events = result.events[~result.events["event_id"].isin(seeds["event_id"])]
    seeds, events, folded = fold_into_seeds(seeds, events)
    store.write(
        gpd.GeoDataFrame(pd.concat([seeds, events], ignore_index=True), crs=CRS),
        why="build-store: seed events + shipped UCDP GED history",
    )
    return (
        f"{len(seeds)} seed events + {len(events)} UCDP GED events "
        f"({result.counts['rejected']} rejected, {folded} folded into seed events)"
    )


def fold_into_seeds(
    seeds: gpd.GeoDataFrame, history: gpd.GeoDataFrame, *, max_km: float = FOLD_KM
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, int]:
    """Fold history records of a seed incident into the seed events, as extra sources.

    UCDP codes the 17 September 2024 Bamako attack once, at the city centre; the seed
    codes it per site. A history record on the same day (±1) as a seed event, within
    ``max_km`` of it and sharing an actor, is the same incident: its id and source are
    added to each such seed event's ``source`` and it is not stored as a separate point.
    """
    seed_events = from_frame(seeds)
    keep = np.ones(len(history), dtype=bool)
    extra: dict[str, list[str]] = {}
    candidates = (
        history[
            history["event_date"].between(
                seeds["event_date"].min() - pd.Timedelta(days=1),
                seeds["event_date"].max() + pd.Timedelta(days=1),
            )
        ]
        if len(seeds)
        else history.iloc[:0]
    )
    for pos, row in zip(
        np.flatnonzero(history.index.isin(candidates.index)), from_frame(candidates), strict=True
    ):
        hits = [
            s
            for s in seed_events
            if abs((s.event_date - row.event_date).days) <= 1
            and set(s.actors()) & set(row.actors())
            and distance_km(s, row) <= max_km
        ]
        if hits:
            keep[pos] = False
            for s in hits:
                extra.setdefault(s.event_id, []).append(f"{row.event_id} ({row.source[:200]})")
    if extra:
        seeds = seeds.assign(
            source=[
                "; ".join([src, *extra.get(eid, [])])
                for src, eid in zip(seeds["source"], seeds["event_id"], strict=True)
            ]
        )
    return seeds, history[keep], int((~keep).sum())
