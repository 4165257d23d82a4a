"""Place checks of imported rows: inside the stated country, and admin1 by boundary name."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import CRS
from events.importers.columns import map_values
from events.importers.reading import Reject
from geo.join import join_admin_areas, outside_country
from geo.normalize import normalize_name

#: Distance beyond a (simplified) border still accepted as inside the stated country.
COUNTRY_TOLERANCE_M = 5_000.0
#: Rows located more coarsely than this (a whole country) get no admin1 from a join.
JOIN_MAX_UNCERTAINTY_M = 150_000.0


def check_countries(
    frame: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    raw_by_line: Callable[[int], dict[str, str]],
) -> tuple[gpd.GeoDataFrame, list[Reject]]:
    """Reject points outside their stated country; name a latitude/longitude swap as such."""
    if frame.empty:
        return frame, []
    outside = outside_country(frame, countries, tolerance_m=COUNTRY_TOLERANCE_M).to_numpy()
    if not outside.any():
        return frame, []
    bad = frame[outside]
    swapped = gpd.GeoDataFrame(
        {"iso3": bad["iso3"].astype(str).to_numpy()},
        geometry=gpd.points_from_xy(bad["latitude"], bad["longitude"]),
        crs=CRS,
        index=bad.index,
    )
    swapped_inside = ~outside_country(swapped, countries, tolerance_m=COUNTRY_TOLERANCE_M)
    rejects = []
    for line, row in bad.iterrows():
        where = f"({row['latitude']:g}, {row['longitude']:g})"
        if swapped_inside.loc[line]:
            reason = (
                f"latitude/longitude swapped: {where} is outside {row['country']} "
                f"({row['iso3']}) but ({row['longitude']:g}, {row['latitude']:g}) is inside"
            )
        else:
            reason = (
                f"coordinates {where} are outside the stated country {row['country']} "
                f"({row['iso3']}) by more than {COUNTRY_TOLERANCE_M / 1000:g} km"
            )
        rejects.append(Reject(int(line), reason, raw_by_line(int(line))))
    return frame[~outside], rejects


def fill_admin1(frame: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Set admin1 to the boundary name: by name within the country, else by location.

    A name that matches no boundary of its country (e.g. a region created after the
    boundaries were drawn) is replaced by the region the point falls in; the source's
    own name stays in the notes for UCDP rows.
    """
    if frame.empty:
        return frame
    iso3 = frame["iso3"].astype(str).to_numpy()
    given = frame["admin1"].astype(str).to_numpy()
    names = {
        (str(i), normalize_name(str(n))): str(n)
        for i, n in zip(areas["iso3"], areas["admin1"], strict=True)
    }
    # decided once per distinct (iso3, name) pair, not once per row
    by_name = map_values(iso3.astype(object) + "\x1f" + given.astype(object), lambda key: (
        names.get((key.partition("\x1f")[0], normalize_name(key.partition("\x1f")[2])))
        if key.partition("\x1f")[2] else None
    ))  # fmt: skip
    covered = np.isin(iso3, areas["iso3"].astype(str).unique())
    # a country-level point (UCDP where_prec 6) is a centroid: no region to join
    located = frame["uncertainty_m"].to_numpy() <= JOIN_MAX_UNCERTAINTY_M
    need_join = covered & located & pd.isna(by_name)
    result = np.where(pd.isna(by_name), given, by_name).astype(object)
    if need_join.any():
        joined = join_admin_areas(frame[need_join], areas, columns=("iso3", "admin1"))
        same_country = joined["iso3"].astype(object).to_numpy() == iso3[need_join]
        found = joined["admin1"].to_numpy(dtype=object)
        idx = np.flatnonzero(need_join)
        ok = same_country & ~pd.isna(found)
        result[idx[ok]] = found[ok]
    return frame.assign(admin1=pd.Series(result, index=frame.index, dtype=str))
