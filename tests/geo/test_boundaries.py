from __future__ import annotations

import pytest

import geopandas as gpd
import shapely

from geo.boundaries import (
    AES_ISO3,
    ATTRIBUTION_HTML,
    DATA_DIR,
    BoundaryError,
    load_admin1,
    load_countries,
)
from geo.gazetteer import load_gazetteer
from geo.join import join_admin_areas
from tests import geoms

NEIGHBOURS = [
    "MRT",
    "SEN",
    "GMB",
    "GIN",
    "GNB",
    "SLE",
    "LBR",
    "CIV",
    "GHA",
    "TGO",
    "BEN",
    "NGA",
    "CMR",
    "TCD",
    "DZA",
    "LBY",
    "SDN",
    "ESH",
    "MAR",
    "CAF",
]


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return load_countries()


@pytest.fixture(scope="module")
def admin1() -> gpd.GeoDataFrame:
    return load_admin1()


@pytest.mark.parametrize(
    ("name", "max_kb"),
    [("countries.geojson", 500), ("admin1.geojson", 500), ("places.csv", 2000)],
)
def test_committed_file_sizes(name, max_kb):
    assert (DATA_DIR / name).stat().st_size < max_kb * 1024


def test_attribution_files():
    text = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("Natural Earth", "CC BY-IGO", "geoBoundaries", "GeoNames", "ASECNA"):
        assert needle in text
        assert needle.split()[0] in ATTRIBUTION_HTML
    assert "make_geo_data.py" in text
    assert "\n" not in ATTRIBUTION_HTML


def test_countries(countries):
    assert countries.crs.to_epsg() == 4326
    assert list(countries.columns) == ["iso3", "name", "name_fr", "aes", "geometry"]
    assert set(AES_ISO3) | set(NEIGHBOURS) <= set(countries["iso3"])
    assert countries["iso3"].is_unique
    assert sorted(countries.loc[countries["aes"], "iso3"]) == sorted(AES_ISO3)
    assert countries.is_valid.all()
    assert countries.set_index("iso3").loc["CIV", "name_fr"] == "Côte d'Ivoire"


def test_admin1(admin1):
    assert admin1.crs.to_epsg() == 4326
    assert len(admin1) == 31
    assert admin1["iso3"].value_counts().to_dict() == {"BFA": 13, "MLI": 10, "NER": 8}
    assert admin1.is_valid.all()
    assert admin1["admin1_code"].is_unique
    names = set(admin1["admin1"])
    assert {"Ségou", "Tombouctou", "Bamako", "Ménaka", "Tillabéri", "Sahel"} <= names


def test_admin1_inside_their_country(admin1, countries):
    polygons = countries.set_index("iso3").geometry
    for row in admin1.itertuples():
        share = row.geometry.intersection(polygons[row.iso3]).area / row.geometry.area
        assert share > 0.97, row.admin1


def test_coordinates_are_rounded(admin1):
    coords = shapely.get_coordinates(admin1.geometry.to_numpy())
    assert (abs(coords * 1e4 - (coords * 1e4).round()) < 1e-6).all()


def test_airport_falls_in_bamako(admin1):
    airport = load_gazetteer().site("site:bamako_airport_gabs")
    pts = geoms.points_frame([shapely.Point(airport.longitude, airport.latitude)], event_id=["x"])
    got = join_admin_areas(pts, admin1, columns=["iso3", "admin1"])
    assert (got["iso3"].iloc[0], got["admin1"].iloc[0]) == ("MLI", "Bamako")


def test_gazetteer_regions_agree_with_polygons(admin1):
    gaz = load_gazetteer()
    towns = [p for p in gaz.places if p.kind == "town" and p.iso3 in AES_ISO3]
    pts = geoms.points_frame(
        [shapely.Point(p.longitude, p.latitude) for p in towns],
        iso3=[p.iso3 for p in towns],
        stated=[p.admin1 for p in towns],
    )
    got = join_admin_areas(pts, admin1, columns=["admin1"])
    agree = (got["admin1"] == got["stated"]).mean()
    assert agree > 0.95  # the rest sit on or just outside simplified edges


def test_wrong_file_raises(tmp_path):
    path = tmp_path / "x.geojson"
    geoms.points_frame([geoms.inside_west], other=[1]).to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryError, match="missing columns"):
        load_countries(path)
