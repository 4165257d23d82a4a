"""Committed country and admin-1 boundaries for the Sahel map.

The files in ``geo/data/`` are built by ``scripts/make_geo_data.py`` from
Natural Earth (countries) and OCHA COD-AB / geoBoundaries (admin-1); see
``geo/data/ATTRIBUTION.md``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

__all__ = [
    "AES_ISO3",
    "ATTRIBUTION_HTML",
    "DATA_DIR",
    "BoundaryError",
    "load_admin1",
    "load_countries",
]

DATA_DIR = Path(__file__).parent / "data"

#: Alliance of Sahel States (Alliance des États du Sahel): Mali, Burkina Faso, Niger.
AES_ISO3: tuple[str, ...] = ("MLI", "BFA", "NER")

#: One-line credits for the map's attribution control.
ATTRIBUTION_HTML = (
    'Boundaries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; '
    '<a href="https://data.humdata.org/">OCHA COD-AB</a> (Mali DNCT, Niger IGNN, CC BY-IGO); '
    '<a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0). '
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0), ASECNA AIP'
)

_COUNTRY_COLUMNS = ("iso3", "name", "name_fr", "aes")
_ADMIN1_COLUMNS = ("iso3", "country", "admin1", "admin1_code", "source")


class BoundaryError(ValueError):
    """A boundary file is missing a column or has the wrong CRS."""


def load_countries(path: Path | None = None) -> gpd.GeoDataFrame:
    """Load the country polygons (Sahel and neighbours), EPSG:4326.

    Parameters
    ----------
    path : Path, optional
        A GeoJSON file; default ``geo/data/countries.geojson``.

    Returns
    -------
    GeoDataFrame
        Columns ``iso3``, ``name``, ``name_fr``, ``aes`` (bool) and geometry.

    Examples
    --------
    >>> sorted(load_countries().query("aes")["iso3"])
    ['BFA', 'MLI', 'NER']
    """
    gdf = _read(path or DATA_DIR / "countries.geojson", _COUNTRY_COLUMNS)
    return gdf.assign(aes=gdf["aes"].astype(bool))


def load_admin1(path: Path | None = None) -> gpd.GeoDataFrame:
    """Load the 31 admin-1 regions of Mali, Burkina Faso and Niger, EPSG:4326.

    Parameters
    ----------
    path : Path, optional
        A GeoJSON file; default ``geo/data/admin1.geojson``.

    Returns
    -------
    GeoDataFrame
        Columns ``iso3``, ``country``, ``admin1``, ``admin1_code``, ``source``
        and geometry.
    """
    return _read(path or DATA_DIR / "admin1.geojson", _ADMIN1_COLUMNS)


def _read(path: Path, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path, engine="pyogrio")
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise BoundaryError(f"{path}: missing columns {missing}")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise BoundaryError(f"{path}: expected EPSG:4326, got {gdf.crs}")
    return gdf
