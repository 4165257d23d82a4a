"""Places said only approximately: "30 km from X", "near X", "between X and Y".

ACLED codes such an event at the named place with geo_precision 2 ("near, or
in the area of"); here the uncertainty radius is also widened so that the
circle drawn on the map covers every point the sentence allows.

Example
-------
>>> from geo.gazetteer import load_gazetteer
>>> djibo = load_gazetteer(villages=False).geocode("Djibo")
>>> v = locate_near(djibo, distance_km=20)
>>> v.geo_precision, v.uncertainty_m >= 20_000
(2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from geo.place import GeocodingError, Place

__all__ = ["COMPASS", "NEAR_KM", "Vicinity", "locate_between", "locate_near"]

#: "near X" with no distance: the radius it stands for.
NEAR_KM = 15.0
#: Compass words (folded) and their bearing in degrees from north.
COMPASS: dict[str, float] = {
    "n": 0.0, "ne": 45.0, "e": 90.0, "se": 135.0, "s": 180.0, "sw": 225.0, "w": 270.0,
    "nw": 315.0, "so": 225.0, "o": 270.0, "no": 315.0,
}  # fmt: skip
# A told distance is rounded ("une vingtaine") and a compass word spans 45 degrees:
# a point moved along the bearing is known to about half the distance.
_BEARING_SPREAD = 0.5
_EARTH_RADIUS_M = 6_371_008.8
_APPROXIMATE = 2


@dataclass(frozen=True)
class Vicinity:
    """Where an event "N km from / near / between" places happened.

    ``latitude``/``longitude`` is the point to draw, ``uncertainty_m`` the radius
    that covers the distance said, ``geo_precision`` is ACLED's (2 at best).
    ``place`` is the reference place named in the text.
    """

    place: Place
    latitude: float
    longitude: float
    uncertainty_m: float
    geo_precision: int
    note: str

    def to_place(self) -> Place:
        """Return the reference place moved to this point, radius and precision."""
        return replace(
            self.place,
            latitude=self.latitude,
            longitude=self.longitude,
            uncertainty_m=self.uncertainty_m,
            geo_precision=self.geo_precision,
            note=self.note,
        )


def locate_near(
    place: Place, distance_km: float | None = None, *, bearing: float | str | None = None
) -> Vicinity:
    """Return the vicinity of ``place``: "N km from X" or, without a distance, "near X".

    Parameters
    ----------
    place : Place
        The place the text measures from.
    distance_km : float, optional
        The distance said ("à 30 km de"); None for "near", taken as `NEAR_KM`.
    bearing : float or str, optional
        Direction from the place, in degrees or a compass key of `COMPASS`
        ("ne" for "au nord-est de"). Without it the point stays on the place and
        the radius covers the distance in every direction; with it the point
        moves that far along the bearing and the radius is half the distance.

    Returns
    -------
    Vicinity
        geo_precision 2 (or the place's own when coarser), radius
        ``place.uncertainty_m`` plus the distance covered.

    Raises
    ------
    GeocodingError
        If the distance is negative or the bearing unknown.
    """
    km = NEAR_KM if distance_km is None else float(distance_km)
    if not math.isfinite(km) or km < 0:
        raise GeocodingError(f"distance from {place.name!r} must be >= 0 km, not {distance_km!r}")
    precision = max(_APPROXIMATE, place.geo_precision)
    said = "near" if distance_km is None else f"{km:g} km from"
    if bearing is None:
        return Vicinity(
            place,
            place.latitude,
            place.longitude,
            place.uncertainty_m + km * 1000.0,
            precision,
            f"{said} {place.name}",
        )
    degrees = _bearing_degrees(bearing, place)
    lat, lon = _destination(place.latitude, place.longitude, degrees, km * 1000.0)
    radius = place.uncertainty_m + _BEARING_SPREAD * km * 1000.0
    return Vicinity(place, lat, lon, radius, precision, f"{said} {place.name} ({degrees:g}°)")


def locate_between(a: Place, b: Place) -> Vicinity:
    """Return the vicinity of "between A and B": the midpoint, a radius reaching both.

    Example
    -------
    >>> from geo.gazetteer import load_gazetteer
    >>> gaz = load_gazetteer(villages=False)
    >>> v = locate_between(gaz.geocode("Gao"), gaz.geocode("Ansongo"))
    >>> v.geo_precision
    2
    """
    half = _distance_m(a.latitude, a.longitude, b.latitude, b.longitude) / 2
    lat, lon = _midpoint(a.latitude, a.longitude, b.latitude, b.longitude)
    radius = half + max(a.uncertainty_m, b.uncertainty_m)
    precision = max(_APPROXIMATE, a.geo_precision, b.geo_precision)
    return Vicinity(a, lat, lon, radius, precision, f"between {a.name} and {b.name}")


def _bearing_degrees(bearing: float | str, place: Place) -> float:
    if isinstance(bearing, str):
        key = bearing.strip().lower().replace("-", "").replace(" ", "")
        if key not in COMPASS:
            raise GeocodingError(f"unknown direction {bearing!r} from {place.name!r}")
        return COMPASS[key]
    return float(bearing) % 360.0


def _destination(lat: float, lon: float, bearing_deg: float, dist_m: float) -> tuple[float, float]:
    """Return the point ``dist_m`` from (lat, lon) along ``bearing_deg`` (great circle)."""
    d = dist_m / _EARTH_RADIUS_M
    p1, l1, th = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(th))
    l2 = l1 + math.atan2(
        math.sin(th) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), (math.degrees(l2) + 540.0) % 360.0 - 180.0


def _midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    l1, dl = math.radians(lon1), math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    p3 = math.atan2(math.sin(p1) + math.sin(p2), math.hypot(math.cos(p1) + bx, by))
    return math.degrees(p3), math.degrees(l1 + math.atan2(by, math.cos(p1) + bx))


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
