"""Match imported rows to stored events of another source: one incident, one set of records.

A row (ACLED, UCDP, our export) and a stored event from a different source are the
same incident when they are dated within a day of each other, lie within 25 km, and
share an actor or the event type. With ``link`` (the default) the row is not stored
as a second point: the stored event's sources grow by the row's id and source, and
its toll joins the stored event's fatality claims (claims are never summed).
``keep`` stores the row as a separate event anyway; ``skip`` drops it. Nothing is
written here: :func:`plan_matches` says what to write.

Example
-------
>>> plan = plan_matches(result.events, store.load_frame(), mode="link")  # doctest: +SKIP
>>> plan.summary()  # doctest: +SKIP
'1 row linked to stored events'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import ACTOR_COLUMNS, CRS, frame_from_table, from_frame, to_frame
from events.model import Event, FatalityClaim, split_actors

MAX_DAYS = 1
MAX_KM = 25.0
MODES: tuple[str, ...] = ("link", "keep", "skip")
#: A source's name by the prefix of its event ids (anything else is this project's).
FAMILIES: dict[str, str] = {"acled-": "ACLED", "ucdp-": "UCDP GED"}
_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class ImportLink:
    """An imported row and the stored event of another source it is the same incident as."""

    event_id: str
    stored_id: str
    distance_km: float
    days: int
    reason: str

    def describe(self) -> str:
        """One line, e.g. ``acled-MLI1 -> seed-000-airport (8.2 km, same day, actor JNIM)``."""
        when = "same day" if self.days == 0 else f"{self.days:+d} day"
        return (
            f"{self.event_id} -> {self.stored_id} ({self.distance_km:.1f} km, {when}, "
            f"{self.reason})"
        )


@dataclass(frozen=True)
class MatchPlan:
    """What an import writes: ``new`` rows to add, ``grown`` stored events to rewrite."""

    mode: str
    links: tuple[ImportLink, ...]
    new: gpd.GeoDataFrame
    grown: gpd.GeoDataFrame

    def summary(self) -> str:
        """One line about the matches, ``""`` when there are none."""
        n = len(self.links)
        if not n:
            return ""
        rows = f"{n} row{'s' if n != 1 else ''}"
        if self.mode == "link":
            return f"{rows} linked to {len(self.grown)} stored events of another source"
        if self.mode == "skip":
            return f"{rows} matching stored events of another source skipped"
        return f"{rows} matching stored events of another source kept as separate events"


def source_family(event_id: str) -> str:
    """Return the source an event id comes from: ``"ACLED"``, ``"UCDP GED"`` or ``"sahelmap"``."""
    return next((name for p, name in FAMILIES.items() if event_id.startswith(p)), "sahelmap")


def find_links(imported: pd.DataFrame, stored: pd.DataFrame) -> list[ImportLink]:
    """Return the best stored match of each imported row that has one (closest first).

    Rows whose id is already stored are left out (a re-import adds nothing anyway).
    """
    if imported.empty or stored.empty:
        return []
    imp = _keys(imported[~imported["event_id"].isin(set(stored["event_id"]))])
    sto = _keys(stored)
    pairs = pd.concat(
        [
            imp.assign(day=imp["day"] + shift).merge(sto, on="day", suffixes=("", "_s"))
            for shift in range(-MAX_DAYS, MAX_DAYS + 1)
        ],
        ignore_index=True,
    )
    pairs = pairs[pairs["family"] != pairs["family_s"]]
    if pairs.empty:
        return []
    km = _haversine(pairs["lat"], pairs["lon"], pairs["lat_s"], pairs["lon_s"])
    pairs = pairs.assign(km=km)[km <= MAX_KM]
    links: dict[str, ImportLink] = {}
    for row in pairs.sort_values(["km", "event_id_s"]).itertuples(index=False):
        shared = sorted(row.actors & row.actors_s)
        if not shared and row.type != row.type_s:
            continue
        reason = f"actor {shared[0]}" if shared else f"same type {row.type}"
        days = int(row.date_s - row.date)
        link = ImportLink(str(row.event_id), str(row.event_id_s), float(row.km), days, reason)
        best = links.get(link.event_id)
        if best is None or (shared and not best.reason.startswith("actor ")):
            links[link.event_id] = link
    order = {eid: i for i, eid in enumerate(imported["event_id"])}
    return sorted(links.values(), key=lambda lk: order[lk.event_id])


def plan_matches(imported: gpd.GeoDataFrame, stored: pd.DataFrame, *, mode: str) -> MatchPlan:
    """Decide what to write for ``imported`` beside ``stored`` (see the module docstring)."""
    if mode not in MODES:
        raise ValueError(f"unknown match mode {mode!r}; one of {', '.join(MODES)}")
    links = tuple(find_links(imported, stored))
    matched = imported["event_id"].isin([lk.event_id for lk in links])
    new = imported if mode == "keep" else imported[~matched.to_numpy()]
    grown = to_frame([])
    if mode == "link" and links:
        grown = _grow(imported[matched.to_numpy()], stored, links)
    return MatchPlan(mode, links, gpd.GeoDataFrame(new, crs=CRS), grown)


def _grow(
    rows: pd.DataFrame, stored: pd.DataFrame, links: tuple[ImportLink, ...]
) -> gpd.GeoDataFrame:
    """Return the linked stored events with each linked row's source and toll added."""
    by_id = {e.event_id: e for e in from_frame(frame_from_table(rows))}
    targets = stored[stored["event_id"].isin({lk.stored_id for lk in links})]
    grown = {e.event_id: e for e in from_frame(frame_from_table(targets))}
    for link in links:
        grown[link.stored_id] = link_into(grown[link.stored_id], by_id[link.event_id])
    return to_frame(list(grown.values()))


def link_into(stored: Event, row: Event) -> Event:
    """Return ``stored`` with ``row`` (another source's record of it) as a source and a claim."""
    mention = f"{row.event_id} ({row.source[:200]})" if row.source else row.event_id
    sources = [p.strip() for p in stored.source.split("; ") if p.strip()]
    if not any(p.startswith(row.event_id) for p in sources):
        sources.append(mention)
    claimant = f"{source_family(row.event_id)} {row.event_id}"
    claims = stored.fatality_claims
    if all(c.claimant != claimant for c in claims):
        low = row.fatalities if row.fatalities_low is None else row.fatalities_low
        high = row.fatalities if row.fatalities_high is None else row.fatalities_high
        claims = (*claims, FatalityClaim(claimant=claimant, low=low, high=high))
    return stored.with_changes(source="; ".join(sources), fatality_claims=claims)


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    dates = pd.to_datetime(frame["event_date"]).to_numpy().astype("datetime64[D]").astype(int)
    actors = [
        frozenset(a for cell in cells for a in split_actors(str(cell)))
        for cells in zip(*(frame[c].astype(str) for c in ACTOR_COLUMNS), strict=True)
    ]
    return pd.DataFrame(
        {
            "event_id": frame["event_id"].astype(str).to_numpy(),
            "day": dates,
            "date": dates,
            "lat": frame["latitude"].to_numpy(float),
            "lon": frame["longitude"].to_numpy(float),
            "type": frame["event_type"].astype(str).to_numpy(),
            "family": [source_family(str(e)) for e in frame["event_id"]],
            "actors": actors,
        }
    )


def _haversine(lat1: pd.Series, lon1: pd.Series, lat2: pd.Series, lon2: pd.Series) -> np.ndarray:
    p1, p2 = np.radians(lat1.to_numpy()), np.radians(lat2.to_numpy())
    dlat, dlon = p2 - p1, np.radians(lon2.to_numpy() - lon1.to_numpy())
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
