from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import geopandas as gpd
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point, Polygon

from geo.boundaries import load_countries
from geo.join import JoinError, join_admin_areas, outside_country
from tests import geoms


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return load_countries()


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


@pytest.mark.parametrize(
    ("point", "predicate", "with_overlap", "expected"),
    [
        (geoms.inside_west, "within", False, "West"),
        (geoms.inside_east, "within", False, "East"),
        (geoms.outside, "within", False, None),
        (geoms.on_shared_edge, "within", False, None),
        (geoms.on_shared_edge, "intersects", False, "West"),  # first area wins
        (geoms.in_overlap, "within", True, "West"),  # overlapping areas: first wins
        (geoms.empty_point, "within", False, None),
    ],
)
def test_join_admin_areas(point, predicate, with_overlap, expected):
    areas = geoms.squares(with_overlap=with_overlap)
    pts = geoms.points_frame([point])
    got = join_admin_areas(pts, areas, predicate=predicate)
    value = got["admin1"].iloc[0]
    assert value == expected or (expected is None and is_missing(value))


def test_join_keeps_rows_index_and_input():
    areas = geoms.squares(with_overlap=True)
    pts = geoms.points_frame(
        [geoms.in_overlap, geoms.outside, geoms.inside_east, geoms.in_overlap],
        event_id=["a", "b", "c", "d"],
    ).set_axis([10, 5, 5, 7])  # duplicate labels on purpose
    before = pts.copy()
    got = join_admin_areas(pts, areas, columns=("admin1", "iso3"))
    assert_geodataframe_equal(pts, before)  # not mutated
    assert list(got.index) == [10, 5, 5, 7]
    assert got["admin1"].tolist()[:1] + got["admin1"].tolist()[2:] == ["West", "East", "West"]
    assert is_missing(got["iso3"].iloc[1])
    assert_geodataframe_equal(got.drop(columns=["admin1", "iso3"]), before)


def test_join_reprojects_areas():
    areas = geoms.squares().to_crs(3857)
    got = join_admin_areas(geoms.points_frame([geoms.inside_east]), areas)
    assert got["admin1"].iloc[0] == "East"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"columns": ["nope"]}, "nope"),
        ({"predicate": "touches"}, "touches"),
    ],
)
def test_join_bad_inputs(kwargs, message):
    with pytest.raises(JoinError, match=message):
        join_admin_areas(geoms.points_frame([geoms.inside_west]), geoms.squares(), **kwargs)


def test_join_empty_points():
    got = join_admin_areas(geoms.points_frame([]), geoms.squares())
    assert len(got) == 0
    assert "admin1" in got.columns


# --- outside_country -----------------------------------------------------

DEG_KM = 111.32  # km per degree of longitude at the equator


@pytest.mark.parametrize(
    ("point", "iso3", "flagged"),
    [
        (geoms.inside_west, "WWW", False),
        (geoms.inside_east, "WWW", True),  # 0.75 degree away
        (Point(1.02, 0.5), "WWW", False),  # ~2.2 km east of West: within 5 km
        (Point(1.06, 0.5), "WWW", True),  # ~6.7 km: beyond
        (geoms.inside_west, "ZZZ", False),  # unknown code: not judged
        (geoms.inside_west, None, False),
        (geoms.empty_point, "WWW", False),
    ],
)
def test_outside_country_tiny(point, iso3, flagged):
    pts = geoms.points_frame([point], iso3=[iso3])
    got = outside_country(pts, geoms.squares(), tolerance_m=5000)
    assert got.tolist() == [flagged]
    assert got.name == "outside_country"


def test_outside_country_tolerance_in_true_metres():
    # at 60 deg N, 1 degree of longitude is ~55.7 km; a point 4 km east is inside 5 km
    square = gpd.GeoDataFrame(
        {"iso3": ["NNN"]}, geometry=[Polygon([(0, 59), (1, 59), (1, 61), (0, 61)])], crs=4326
    )
    four_km = 4 / (DEG_KM * np.cos(np.radians(60)))
    six_km = 6 / (DEG_KM * np.cos(np.radians(60)))
    pts = geoms.points_frame([Point(1 + four_km, 60), Point(1 + six_km, 60)], iso3=["NNN"] * 2)
    assert outside_country(pts, square, tolerance_m=5000).tolist() == [False, True]


def test_outside_country_real_points(countries):
    pts = geoms.points_frame(
        [geoms.bamako_airport, geoms.niamey, geoms.bamako_airport_swapped, geoms.niamey],
        iso3=["MLI", "MLI", "MLI", "NER"],
    ).set_axis(["airport", "niamey_as_mali", "swapped", "niamey"])
    got = outside_country(pts, countries)
    assert got.to_dict() == {
        "airport": False,
        "niamey_as_mali": True,
        "swapped": True,
        "niamey": False,
    }


def test_outside_country_does_not_mutate_and_keeps_index(countries):
    pts = geoms.points_frame([geoms.niamey, geoms.bamako_airport], iso3=["MLI", "MLI"])
    pts.index = pd.Index([3, 3])
    before = pts.copy()
    got = outside_country(pts, countries)
    assert list(got.index) == [3, 3]
    assert got.tolist() == [True, False]
    assert_geodataframe_equal(pts, before)


def test_outside_country_fast_on_many_points(countries):
    rng = np.random.default_rng(0)
    n = 200_000
    lon = rng.uniform(-12, 4, n)
    lat = rng.uniform(10, 25, n)
    iso3 = rng.choice(["MLI", "NER", "BFA", "XXX"], n)
    pts = gpd.GeoDataFrame({"iso3": iso3}, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    got = outside_country(pts, countries)
    assert not got[iso3 == "XXX"].any()
    assert got[iso3 == "NER"].mean() > 0.5


def test_outside_country_bad_inputs(countries):
    pts = geoms.points_frame([geoms.niamey], country=["NER"])
    with pytest.raises(JoinError, match="'iso3'"):
        outside_country(pts, countries)
    assert outside_country(pts, countries, iso3_column="country").tolist() == [False]
    with pytest.raises(JoinError, match="-1"):
        outside_country(pts, countries, iso3_column="country", tolerance_m=-1)
