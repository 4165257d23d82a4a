"""Events as a GeoDataFrame: the column names, the conversions and the filter.

This module is the only place that converts ``list[Event]`` to and from a
GeoDataFrame and the only place that filters events, so the app, the CLI and
the exports share one set of semantics.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd

from events.datasets import dataset_of
from events.model import (
    Event,
    EventType,
    EventValidationError,
    Evidence,
    FatalityClaim,
    Status,
    split_actors,
)

CRS = "EPSG:4326"

#: ACLED's columns, in ACLED's order where ACLED has them.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "iso3",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
)
#: What we add to ACLED.
EXTRA_COLUMNS: tuple[str, ...] = (
    "site",
    "uncertainty_m",
    "fatalities_low",
    "fatalities_high",
    "fatality_claims",
    "source_url",
    "language",
    "evidence",
    "incident_id",
    "status",
)
#: What ACLED and UCDP say beyond the columns above (see docs/data-dictionary.md):
#: ACLED's remaining codebook columns, the source's own actor names, UCDP's fields.
SOURCE_COLUMNS: tuple[str, ...] = (
    "status_reason",
    "disorder_type",
    "civilian_targeting",
    "inter1",
    "inter2",
    "interaction",
    "region",
    "admin3",
    "source_scale",
    "tags",
    "timestamp",
    "source_actor1",
    "source_assoc_actor_1",
    "source_actor2",
    "source_assoc_actor_2",
    "type_of_violence",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS + SOURCE_COLUMNS
#: The columns of stores written before :data:`SOURCE_COLUMNS` existed.
LEGACY_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS
ACTOR_COLUMNS: tuple[str, ...] = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
JSON_COLUMNS: tuple[str, ...] = ("evidence", "fatality_claims")
CATEGORY_COLUMNS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    *ACTOR_COLUMNS,
    "iso3",
    "country",
    "admin1",
    "admin2",
    "status",
    "language",
    "status_reason",
    "disorder_type",
    "civilian_targeting",
    "inter1",
    "inter2",
    "interaction",
    "region",
    "admin3",
    "source_scale",
    "source_actor1",
    "source_assoc_actor_1",
    "source_actor2",
    "source_assoc_actor_2",
)
INT_COLUMNS: tuple[str, ...] = ("time_precision", "geo_precision", "fatalities")
NULLABLE_INT_COLUMNS: tuple[str, ...] = (
    "fatalities_low",
    "fatalities_high",
    "timestamp",
    "type_of_violence",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
)
FLOAT_COLUMNS: tuple[str, ...] = ("latitude", "longitude", "uncertainty_m")
TEXT_COLUMNS: tuple[str, ...] = tuple(
    c
    for c in COLUMNS
    if c not in (*INT_COLUMNS, *NULLABLE_INT_COLUMNS, *FLOAT_COLUMNS, "event_date", *JSON_COLUMNS)
)


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see; empty tuples and ``None`` mean "no restriction".

    Hashable, so it can key a cache. Actors match any role (actor1, actor2 or an
    associated actor).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    geo_precisions: tuple[int, ...] = ()
    #: ``(latitude, longitude, km)``: only events within ``km`` of that point.
    near: tuple[float, float, float] | None = None


def evidence_to_json(evidence: dict[str, tuple[Evidence, ...]]) -> str:
    """Serialise an evidence mapping (field -> quotes) as compact JSON."""
    return json.dumps(
        {name: [q.to_dict() for q in quotes] for name, quotes in evidence.items()},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def evidence_from_json(text: str | None) -> dict[str, tuple[Evidence, ...]]:
    """Parse what :func:`evidence_to_json` wrote (empty for ``None`` or ``""``)."""
    if not text:
        return {}
    raw = json.loads(text)
    return {name: tuple(Evidence.from_dict(q) for q in quotes) for name, quotes in raw.items()}


def claims_to_json(claims: Sequence[FatalityClaim]) -> str:
    """Serialise fatality claims as compact JSON."""
    return json.dumps([c.to_dict() for c in claims], ensure_ascii=False, separators=(",", ":"))


def claims_from_json(text: str | None) -> tuple[FatalityClaim, ...]:
    """Parse what :func:`claims_to_json` wrote."""
    if not text:
        return ()
    return tuple(FatalityClaim.from_dict(c) for c in json.loads(text))


def event_to_row(event: Event) -> dict[str, object]:
    """Return the flat export row of an event (JSON text for evidence and claims)."""
    row: dict[str, object] = {name: getattr(event, name) for name in COLUMNS}
    row["event_date"] = event.event_date.isoformat()
    row["event_type"] = event.event_type.value
    row["status"] = event.status.value
    row["evidence"] = evidence_to_json(event.evidence)
    row["fatality_claims"] = claims_to_json(event.fatality_claims)
    return row


def to_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Return the events as a GeoDataFrame of points in EPSG:4326, one row per event.

    Example
    -------
    >>> to_frame([]).columns[:3].tolist()
    ['event_id', 'event_date', 'time_precision']
    """
    rows = [event_to_row(e) for e in events]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return _typed_frame(df)


def frame_from_table(df: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return a typed events GeoDataFrame from a table with the :data:`COLUMNS`.

    Geometry is rebuilt from latitude/longitude; missing optional columns are filled.
    """
    missing = [c for c in ("event_id", "event_date", "latitude", "longitude") if c not in df]
    if missing:
        raise KeyError(f"events table lacks columns {missing}")
    table = pd.DataFrame({c: df.get(c) for c in COLUMNS}, index=df.index)
    return _typed_frame(table.reset_index(drop=True))


def _typed_frame(df: pd.DataFrame) -> gpd.GeoDataFrame:
    df = df.copy()
    df["event_date"] = pd.to_datetime(df["event_date"], format="%Y-%m-%d")
    for col in FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col]).astype("float64")
    for col in INT_COLUMNS:
        df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64")
    for col in NULLABLE_INT_COLUMNS:
        df[col] = pd.to_numeric(df[col]).astype("Int64")
    for col in (*TEXT_COLUMNS, *JSON_COLUMNS):
        values = df[col]
        if pd.api.types.is_float_dtype(values):  # all blank (e.g. read from Excel): NaN
            values = values.astype(object)
        df[col] = values.fillna("").astype(str)
    # Few distinct values: categories are smaller and make isin/actor matching cheap.
    for col in CATEGORY_COLUMNS:
        df[col] = df[col].astype("category")
    geometry = gpd.points_from_xy(df["longitude"], df["latitude"], crs=CRS)
    return gpd.GeoDataFrame(df, geometry=geometry, crs=CRS)


def from_frame(gdf: pd.DataFrame) -> list[Event]:
    """Return the events of a frame made by :func:`to_frame` (validating each)."""
    events = []
    for row in gdf.to_dict("records"):
        events.append(row_to_event(row))
    return events


def row_to_event(row: dict[str, object]) -> Event:
    """Build a validated :class:`Event` from one flat row (frame or export)."""
    values = {name: row.get(name) for name in COLUMNS}
    date = values["event_date"]
    if isinstance(date, pd.Timestamp):
        date = date.date()
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise EventValidationError(
                "event_date", date, "not a date (YYYY-MM-DD)", event_id=str(values["event_id"])
            ) from None
    values["event_date"] = date
    for col in NULLABLE_INT_COLUMNS:
        v = values[col]
        values[col] = None if v is None or pd.isna(v) else int(v)  # type: ignore[call-overload]
    for col in INT_COLUMNS:
        values[col] = int(values[col])  # type: ignore[call-overload]
    for col in FLOAT_COLUMNS:
        values[col] = float(values[col])  # type: ignore[arg-type]
    for col in TEXT_COLUMNS:
        v = values[col]
        values[col] = "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
    values["evidence"] = evidence_from_json(values["evidence"])  # type: ignore[arg-type]
    values["fatality_claims"] = claims_from_json(values["fatality_claims"])  # type: ignore[arg-type]
    values["status"] = Status(str(values["status"] or Status.DRAFT))
    return Event(**values)  # type: ignore[arg-type]


def filter_events(gdf: gpd.GeoDataFrame, flt: EventFilter) -> gpd.GeoDataFrame:
    """Return the rows of ``gdf`` that pass ``flt`` (a new frame; the input is untouched).

    Dates are inclusive. Actors match any role, including one name among several in
    an associated-actor cell (``"A; B"``).

    Example
    -------
    >>> filter_events(to_frame([]), EventFilter(actors=("JNIM",))).empty
    True
    """
    return gdf[filter_mask(gdf, flt)]


def select_rows(
    gdf: pd.DataFrame,
    mask: np.ndarray,
    *,
    columns: Sequence[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return the rows of ``mask`` (the first ``limit`` of them), only ``columns`` if given.

    Extracting half a million rows of every column costs more than the filter itself;
    a view that is drawn as hexagons needs three columns, and a table only its head.
    """
    rows = np.flatnonzero(mask)
    if limit is not None:
        rows = rows[:limit]
    subset = gdf if columns is None else gdf[list(columns)]
    return subset.iloc[rows]


def filter_mask(gdf: pd.DataFrame, flt: EventFilter) -> np.ndarray:
    """Return the boolean mask of :func:`filter_events`."""
    mask = np.ones(len(gdf), dtype=bool)
    dates = gdf["event_date"]
    if flt.start is not None:
        mask &= (dates >= pd.Timestamp(flt.start)).to_numpy()
    if flt.end is not None:
        mask &= (dates <= pd.Timestamp(flt.end)).to_numpy()
    if flt.event_types:
        mask &= gdf["event_type"].isin(flt.event_types).to_numpy()
    if flt.countries:
        mask &= (
            gdf["country"].isin(flt.countries).to_numpy()
            | gdf["iso3"].isin(flt.countries).to_numpy()
        )
    if flt.admin1:
        mask &= gdf["admin1"].isin(flt.admin1).to_numpy()
    if flt.actors:
        mask &= _actor_mask(gdf, set(flt.actors))
    if flt.statuses:
        mask &= gdf["status"].astype(str).isin(flt.statuses).to_numpy()
    if flt.datasets:
        mask &= np.isin(dataset_of(gdf["event_id"]), flt.datasets)
    if flt.geo_precisions:
        mask &= gdf["geo_precision"].isin(flt.geo_precisions).to_numpy()
    if flt.near is not None:
        lat, lon, km = flt.near
        mask &= distance_km(gdf, lat, lon) <= km
    return mask


def distance_km(gdf: pd.DataFrame, latitude: float, longitude: float) -> np.ndarray:
    """Return each event's great-circle distance from a point, in km (haversine)."""
    lat1, lon1 = np.radians(latitude), np.radians(longitude)
    lat2 = np.radians(gdf["latitude"].to_numpy(float))
    lon2 = np.radians(gdf["longitude"].to_numpy(float))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _actor_mask(gdf: pd.DataFrame, wanted: set[str]) -> np.ndarray:
    hit = np.zeros(len(gdf), dtype=bool)
    for col in ACTOR_COLUMNS:
        values = gdf[col]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("category")
        # Decide once per distinct cell (including multi-actor cells "A; B"), not per row.
        cell_hits = np.array(
            [bool(wanted.intersection(split_actors(str(c)))) for c in values.cat.categories],
            dtype=bool,
        )
        if not cell_hits.any():
            continue
        codes = values.cat.codes.to_numpy()
        hit |= (codes >= 0) & cell_hits[np.maximum(codes, 0)]
    return hit


def actor_counts(gdf: pd.DataFrame) -> Counter[str]:
    """Count the events each actor takes part in, in any role (once per event)."""
    counts: Counter[str] = Counter()
    seen = pd.concat(
        [
            gdf[col].rename("actor").to_frame().assign(row=np.arange(len(gdf)))
            for col in ACTOR_COLUMNS
        ],
        ignore_index=True,
    )
    seen = seen[seen["actor"].astype(str) != ""]
    multi = seen["actor"].astype(str).str.contains(";", regex=False)
    if multi.any():
        exploded = seen[multi].assign(actor=seen.loc[multi, "actor"].astype(str).map(split_actors))
        seen = pd.concat([seen[~multi], exploded.explode("actor")], ignore_index=True)
    counts.update(seen.drop_duplicates()["actor"].value_counts().to_dict())
    return counts


def event_type_values() -> list[str]:
    """ACLED's event types, in codebook order."""
    return [t.value for t in EventType]
