"""Tiny geometries shared by tests (like shapely/tests/common.py).

Two unit squares side by side ("West" and "East"), an overlapping square
("Overlap") and points at known places relative to them; plus real points
around Bamako and Niamey for checks against the committed boundaries.
"""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point, box

west = box(0, 0, 1, 1)
east = box(1, 0, 2, 1)
overlap = box(0.5, 0, 1.5, 1)  # covers half of West and half of East

inside_west = Point(0.25, 0.5)
inside_east = Point(1.75, 0.5)
in_overlap = Point(0.75, 0.5)  # in West and in Overlap
on_shared_edge = Point(1, 0.5)  # on the West/East border
outside = Point(5, 5)
empty_point = Point()

# Real points (lon, lat)
bamako_airport = Point(-7.943056, 12.537778)  # ASECNA ARP
bamako_airport_swapped = Point(12.537778, -7.943056)
niamey = Point(2.1098, 13.51366)
faladie_bamako = Point(-7.953, 12.5925)


def squares(*, with_overlap: bool = False) -> gpd.GeoDataFrame:
    """Return the West/East squares (and Overlap last) with admin1/iso3 columns."""
    names, geoms, iso3 = ["West", "East"], [west, east], ["WWW", "EEE"]
    if with_overlap:
        names.append("Overlap")
        geoms.append(overlap)
        iso3.append("OOO")
    return gpd.GeoDataFrame({"admin1": names, "iso3": iso3}, geometry=geoms, crs=4326)


def points_frame(points: list[Point], **columns: list[object]) -> gpd.GeoDataFrame:
    """Return a GeoDataFrame of ``points`` in EPSG:4326 with extra columns."""
    return gpd.GeoDataFrame(dict(columns), geometry=points, crs=4326)
