"""'N km from / near / between X and Y': the point, geo_precision 2, a radius covering it."""

from __future__ import annotations

import math

import pytest

from geo.gazetteer import GeocodingError, Place
from geo.vicinity import NEAR_KM, locate_between, locate_near

DJIBO = Place("t:djibo", "Djibo", "town", 14.10, -1.63, 3000.0, 1, "BFA", admin1="Sahel")
ARBINDA = Place("t:arbinda", "Arbinda", "town", 14.23, -0.87, 2500.0, 1, "BFA", admin1="Sahel")
REGION = Place("r:sahel", "Sahel", "region", 14.0, -0.5, 120_000.0, 3, "BFA")


def km_between(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def point_at(place: Place, km: float, bearing_deg: float) -> tuple[float, float]:
    # a simple local offset, independent of the module's great-circle code
    dlat = km * math.cos(math.radians(bearing_deg)) / 111.195
    dlon = (
        km
        * math.sin(math.radians(bearing_deg))
        / (111.195 * math.cos(math.radians(place.latitude)))
    )
    return place.latitude + dlat, place.longitude + dlon


@pytest.mark.parametrize("km", [0.0, 5.0, 20.0, 60.0])
def test_distance_from_a_place_is_covered_in_every_direction(km):
    v = locate_near(DJIBO, km)
    assert v.geo_precision == 2
    assert (v.latitude, v.longitude) == (DJIBO.latitude, DJIBO.longitude)
    for bearing in range(0, 360, 30):
        lat, lon = point_at(DJIBO, km, bearing)
        assert km_between(v.latitude, v.longitude, lat, lon) * 1000 <= v.uncertainty_m
    assert v.uncertainty_m >= DJIBO.uncertainty_m + km * 1000 - 1
    assert str(int(km)) in v.note
    assert "Djibo" in v.note


def test_near_without_distance_uses_the_default_radius():
    v = locate_near(DJIBO)
    assert v.geo_precision == 2
    assert v.uncertainty_m == pytest.approx(DJIBO.uncertainty_m + NEAR_KM * 1000)
    assert v.note.startswith("near")


@pytest.mark.parametrize(("bearing", "degrees"), [("N", 0), ("ne", 45), ("SO", 225), (90, 90)])
def test_a_direction_moves_the_point_and_still_covers_the_spot(bearing, degrees):
    v = locate_near(DJIBO, 30, bearing=bearing)
    lat, lon = point_at(DJIBO, 30, degrees)
    assert km_between(v.latitude, v.longitude, lat, lon) < 1.0
    assert km_between(v.latitude, v.longitude, DJIBO.latitude, DJIBO.longitude) == pytest.approx(
        30, rel=0.02
    )
    assert v.uncertainty_m < locate_near(DJIBO, 30).uncertainty_m
    assert v.uncertainty_m >= 15_000


def test_between_two_places_reaches_both():
    v = locate_between(DJIBO, ARBINDA)
    assert v.geo_precision == 2
    for p in (DJIBO, ARBINDA):
        assert (
            km_between(v.latitude, v.longitude, p.latitude, p.longitude) * 1000 <= v.uncertainty_m
        )
    apart = km_between(DJIBO.latitude, DJIBO.longitude, ARBINDA.latitude, ARBINDA.longitude)
    assert v.uncertainty_m < apart * 1000  # tighter than a circle around either town


def test_a_coarse_place_keeps_its_precision():
    assert locate_near(REGION, 10).geo_precision == REGION.geo_precision


def test_to_place_gives_a_place_at_the_vicinity():
    p = locate_near(DJIBO, 20).to_place()
    assert (p.place_id, p.geo_precision) == ("t:djibo", 2)
    assert p.uncertainty_m == pytest.approx(23_000)


@pytest.mark.parametrize(("km", "bearing"), [(-3, None), (math.nan, None), (10, "up")])
def test_bad_distance_or_direction_names_the_place(km, bearing):
    with pytest.raises(GeocodingError, match="Djibo"):
        locate_near(DJIBO, km, bearing=bearing)
