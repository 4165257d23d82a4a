"""The default store: the hand-coded seed events beside the shipped UCDP GED history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import geopandas as gpd

from events.frame import CRS, to_frame
from events.importers import import_file
from events.seeds import load_seed_events
from events.store import EventStore

#: UCDP GED rows for Mali, Burkina Faso and Niger (CC BY 4.0, a partial extract; see
#: ``events/data/ATTRIBUTION.md``), made by ``scripts/make_history.py``.
HISTORY_PATH = Path(__file__).resolve().parent / "data" / "ucdp_ged_aes.csv.gz"


def build_default_store(
    store: EventStore, seeds_dir: Path, *, history: Path | None = HISTORY_PATH
) -> str:
    """Write the seed events and the UCDP history to ``store`` (replacing it), atomically.

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
        store.write(seeds)
        return f"{len(seeds)} seed events"
    result = import_file(history, "ucdp")
    events = result.events[~result.events["event_id"].isin(seeds["event_id"])]
    store.write(gpd.GeoDataFrame(pd.concat([seeds, events], ignore_index=True), crs=CRS))
    return (
        f"{len(seeds)} seed events + {len(events)} UCDP GED events "
        f"({result.counts['rejected']} rejected)"
    )
