"""Spatial joins of points with areas: admin areas and country checks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

__all__ = ["JoinError", "join_admin_areas", "outside_country"]

_METRIC_CRS = "EPSG:3857"  # Web Mercator: scale factor is exactly 1 / cos(latitude)
_PREDICATES = ("within", "intersects")


class JoinError(ValueError):
    """Inputs of a spatial join are inconsistent (missing column, no CRS...)."""


def join_admin_areas(
    points: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    *,
    columns: Sequence[str] = ("admin1",),
    predicate: str = "within",
) -> gpd.GeoDataFrame:
    """Attach attributes of the area each point falls in (a left join).

    Unlike ``geopandas.sjoin`` the result has exactly the rows and index of
    ``points``: where areas overlap, the first matching area (in ``areas``
    order) wins; points in no area get missing values. Columns of
    ``points`` with the same names are replaced. The input is not modified.

    Parameters
    ----------
    points : GeoDataFrame
        Points (any geometry works with ``predicate="intersects"``).
    areas : GeoDataFrame
        Polygons; reprojected to the CRS of ``points`` if needed.
    columns : sequence of str
        Columns of ``areas`` to copy.
    predicate : {"within", "intersects"}
        ``"intersects"`` also matches points on an area's edge.

    Returns
    -------
    GeoDataFrame
        A copy of ``points`` with ``columns`` added.

    Examples
    --------
    >>> from geo.boundaries import load_admin1
    >>> pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([-7.943], [12.538]), crs=4326)
    >>> join_admin_areas(pts, load_admin1(), columns=["iso3", "admin1"])["admin1"].tolist()
    ['Bamako']
    """
    areas = _check_join_inputs(points, areas, columns, predicate)
    n = len(points)
    # sindex.query(points, predicate) tests predicate(point, area)
    point_pos, area_pos = areas.sindex.query(points.geometry.to_numpy(), predicate=predicate)
    # first match per point, in the order of `areas`
    order = np.lexsort((area_pos, point_pos))
    point_pos, area_pos = point_pos[order], area_pos[order]
    first_point, first = np.unique(point_pos, return_index=True)
    first_area = area_pos[first]
    new = {}
    for col in columns:
        values = np.full(n, None, dtype=object)
        values[first_point] = areas[col].to_numpy()[first_area]
        new[col] = pd.Series(values, index=points.index).infer_objects()
    return points.assign(**new)


def _check_join_inputs(
    points: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, columns: Sequence[str], predicate: str
) -> gpd.GeoDataFrame:
    if predicate not in _PREDICATES:
        raise JoinError(f"predicate must be one of {_PREDICATES}, got {predicate!r}")
    missing = [c for c in columns if c not in areas.columns]
    if missing:
        raise JoinError(f"areas lack columns {missing}")
    if points.crs is None or areas.crs is None:
        raise JoinError(f"both frames need a CRS (points: {points.crs}, areas: {areas.crs})")
    return areas if areas.crs == points.crs else areas.to_crs(points.crs)


def outside_country(
    points: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    *,
    iso3_column: str = "iso3",
    tolerance_m: float = 5000,
) -> pd.Series:
    """Flag points farther than ``tolerance_m`` from their stated country.

    Each point is tested only against the polygon of its own
    ``points[iso3_column]``: first a fast point-in-polygon test, then, for
    the few points outside, a distance test in Web Mercator with the
    tolerance scaled by 1/cos(latitude) (Mercator's scale factor), so the
    tolerance is in true metres. Simplified boundaries (±1–2 km) need a few
    km of tolerance.

    Points with a missing geometry, a missing iso3, or an iso3 that has no
    polygon in ``countries`` are **not** flagged: there is nothing to check
    them against, and an unknown code is a different error (check codes
    separately, e.g. ``~points.iso3.isin(countries.iso3)``).

    Parameters
    ----------
    points : GeoDataFrame
        Points with an ISO 3166-1 alpha-3 column.
    countries : GeoDataFrame
        Polygons with an ``iso3`` column (e.g. `geo.boundaries.load_countries`).
    iso3_column : str
        Name of the stated-country column in ``points``.
    tolerance_m : float
        Distance beyond the border still accepted, in metres.

    Returns
    -------
    Series of bool
        Same index as ``points``, named ``"outside_country"``.
    """
    if iso3_column not in points.columns:
        raise JoinError(f"points lack the column {iso3_column!r}")
    if "iso3" not in countries.columns:
        raise JoinError("countries lack the column 'iso3'")
    if tolerance_m < 0:
        raise JoinError(f"tolerance_m must be >= 0, got {tolerance_m!r}")
    pts = points.geometry if points.crs and points.crs.to_epsg() == 4326 else None
    if pts is None:
        if points.crs is None:
            raise JoinError("points have no CRS")
        pts = points.geometry.to_crs(4326)
    shapes = countries if countries.crs and countries.crs.to_epsg() == 4326 else None
    if shapes is None:
        if countries.crs is None:
            raise JoinError("countries have no CRS")
        shapes = countries.to_crs(4326)

    geoms = pts.to_numpy()
    stated = points[iso3_column].to_numpy()
    flagged = np.zeros(len(points), dtype=bool)
    has_point = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    polygons = shapes.dissolve("iso3").geometry
    for iso3, polygon in polygons.items():
        idx = np.flatnonzero((stated == iso3) & has_point)
        if idx.size == 0:
            continue
        shapely.prepare(polygon)
        x, y = shapely.get_x(geoms[idx]), shapely.get_y(geoms[idx])
        outside = ~shapely.intersects_xy(polygon, x, y)
        if not outside.any():
            continue
        idx, x, y = idx[outside], x[outside], y[outside]
        flagged[idx] = ~_within_metres(polygon, x, y, tolerance_m)
    return pd.Series(flagged, index=points.index, name="outside_country")


def _within_metres(polygon: object, x: np.ndarray, y: np.ndarray, tolerance_m: float) -> np.ndarray:
    metric = gpd.GeoSeries([polygon], crs=4326).to_crs(_METRIC_CRS).iloc[0]
    pts = gpd.GeoSeries(gpd.points_from_xy(x, y), crs=4326).to_crs(_METRIC_CRS).to_numpy()
    scale = 1 / np.cos(np.radians(np.clip(y, -85, 85)))
    shapely.prepare(metric)
    return shapely.dwithin(metric, pts, tolerance_m * scale)
