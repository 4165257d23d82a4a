"""Whole-frame checks: the Event rules, vectorised, and "inside the stated country".

A store write of a GeoDataFrame (an import of a million rows) cannot afford one
:class:`~events.model.Event` per row; these checks apply the same rules to columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geopandas as gpd

from events.model import (
    GEO_PRECISIONS,
    SUB_EVENT_TYPES,
    TIME_PRECISIONS,
    EventType,
    EventValidationError,
)
from geo.join import outside_country

_TYPES = {t.value for t in EventType}
_MIN_DATE = pd.Timestamp("1900-01-01")
_MAX_DATE = pd.Timestamp("2100-01-01")


def validate_frame(gdf: pd.DataFrame) -> None:
    """Raise :class:`EventValidationError` for the first invalid value of any column.

    Example
    -------
    >>> from events.frame import to_frame
    >>> validate_frame(to_frame([]))  # nothing to reject
    """
    ids = gdf["event_id"].astype(str).to_numpy()
    checks: list[tuple[str, np.ndarray, str]] = [
        ("event_id", (gdf["event_id"].astype(str).str.strip() == "").to_numpy(), "empty"),
        (
            "event_date",
            (
                gdf["event_date"].isna()
                | (gdf["event_date"] < _MIN_DATE)
                | (gdf["event_date"] > _MAX_DATE)
            ).to_numpy(),
            "missing or outside 1900-2100",
        ),
        (
            "event_type",
            ~gdf["event_type"].astype(str).isin(_TYPES).to_numpy(),
            "unknown event type",
        ),
        ("latitude", ~gdf["latitude"].between(-90, 90).to_numpy(), "must be in [-90, 90]"),
        ("longitude", ~gdf["longitude"].between(-180, 180).to_numpy(), "must be in [-180, 180]"),
        ("time_precision", ~gdf["time_precision"].isin(TIME_PRECISIONS).to_numpy(), "must be 1-3"),
        ("geo_precision", ~gdf["geo_precision"].isin(GEO_PRECISIONS).to_numpy(), "must be 1-3"),
        ("fatalities", (gdf["fatalities"] < 0).to_numpy(), "must be >= 0"),
        ("actor1", (gdf["actor1"].astype(str).str.strip() == "").to_numpy(), "must name an actor"),
        ("uncertainty_m", ~(gdf["uncertainty_m"].fillna(0) >= 0).to_numpy(), "must be >= 0"),
    ]
    low, high = gdf["fatalities_low"], gdf["fatalities_high"]
    checks.append(
        (
            "fatalities_low",
            (low.notna() & high.notna() & (low > high)).fillna(False).to_numpy(dtype=bool),
            "greater than fatalities_high",
        )
    )
    # decided once per distinct (type, sub-type) pair, not once per row
    pairs = pd.MultiIndex.from_arrays(
        [gdf["event_type"].astype(str), gdf["sub_event_type"].astype(str)]
    )
    codes, uniques = pairs.factorize()
    pair_ok = np.array(
        [(not s) or s in SUB_EVENT_TYPES.get(EventType(t), ()) if t in _TYPES else True
         for t, s in uniques],
        dtype=bool,
    )  # fmt: skip
    sub_ok = pair_ok[codes] if len(codes) else np.ones(0, dtype=bool)
    checks.append(("sub_event_type", ~sub_ok, "not a sub-type of its event type"))
    for name, bad, reason in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            value = gdf[name].iloc[i]
            raise EventValidationError(
                name, value, f"{reason} ({int(bad.sum())} rows)", event_id=str(ids[i])
            )


def check_countries(gdf: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> None:
    """Raise :class:`EventValidationError` for the first event outside its stated country."""
    flagged = outside_country(gdf, countries).to_numpy(dtype=bool)
    if flagged.any():
        i = int(np.flatnonzero(flagged)[0])
        row = gdf.iloc[i]
        raise EventValidationError(
            "latitude/longitude",
            (float(row["latitude"]), float(row["longitude"])),
            f"outside the stated country {row['iso3']} ({int(flagged.sum())} rows)",
            event_id=str(row["event_id"]),
        )
