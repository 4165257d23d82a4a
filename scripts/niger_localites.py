"""Niger's names-only localités list: communes for located rows, commune centres for the rest.

The list (about 23,000 localités, each with its commune, département and region)
has no coordinates. `add_niger_communes` gives a located row its commune when
its name is unique in its region; `place_localites` places the localités no
source locates at their commune's centre, with the commune's spread as the
uncertainty (geo_precision 2).
"""

from __future__ import annotations

import difflib
import math
import statistics
from collections.abc import Sequence

from village_sources import Localite, Row

from geo.normalize import normalize_name, spelling_key
from geo.place import Place

#: A Niger localité spelled this close to a row of its region names the same place.
LOCALITE_RATIO = 0.9
#: A commune's centre needs this many located localités (else its seat is used).
MIN_JOINED = 3
#: The radius of a commune centre is never less than this, nor more than the maximum.
MIN_RADIUS_KM = 10.0
MAX_RADIUS_KM = 60.0
#: A located row this far from its commune's centre (and 3 radii) loses the commune.
OUTLIER_KM = 60.0
#: A commune placed at its seat only: this radius.
SEAT_RADIUS_KM = 25.0
#: Rank of a localité placed at its commune's centre (after located settlements).
LOCALITE_RANK = 5


def add_niger_communes(rows: list[Row], localites: list[Localite]) -> int:
    """Set admin3 (commune) and admin2 of Niger rows named like one localité of their region.

    The list has no coordinates, so a name is joined only when it is unique
    within the row's region: the same key, or else one spelling variant
    ("Inatess" / "INATES", similarity >= `LOCALITE_RATIO`), whose official
    spelling becomes an alias. Returns the number of rows joined.
    """
    index: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    by_prefix: dict[tuple[str, str], set[str]] = {}
    for loc in localites:
        key, region = normalize_name(loc.name), normalize_name(loc.region)
        index.setdefault((key, region), set()).add((loc.commune, loc.departement, loc.name))
        by_prefix.setdefault((key[:3], region), set()).add(key)
    joined = 0
    for row in rows:
        if row.iso3 != "NER" or row.admin3:
            continue
        key, region = normalize_name(row.name), normalize_name(row.admin1)
        found = index.get((key, region), set())
        if not found:
            close = [
                k
                for k in by_prefix.get((key[:3], region), ())
                if abs(len(k) - len(key)) <= 2
                and difflib.SequenceMatcher(None, key, k).ratio() >= LOCALITE_RATIO
            ]
            found = index[(close[0], region)] if len(close) == 1 else set()
        if len(found) == 1:
            commune, departement, official = next(iter(found))
            row.admin3 = commune.title()
            row.admin2 = row.admin2 or departement.title()
            if normalize_name(official) != key:
                row.aliases.append(official.title())
            joined += 1
    return joined


def place_localites(
    rows: Sequence[Row], localites: Sequence[Localite], towns: Sequence[Place]
) -> list[Row]:
    """Return rows for the localités no row or town has, at their commune's centre.

    A commune's centre is the median point of its located localités (at least
    `MIN_JOINED`), its radius 1.5 times their median distance from it (between
    `MIN_RADIUS_KM` and `MAX_RADIUS_KM`; rows far outside lose the commune join);
    else the commune's seat, a row
    or town named like the commune in its region (`SEAT_RADIUS_KM`). Localités
    of a commune with neither are left out.
    """
    regions = {normalize_name(r.admin1): r.admin1 for r in rows if r.iso3 == "NER"}
    known: set[tuple[str, str]] = set()
    for r in rows:
        if r.iso3 == "NER":
            for n in (r.name, *r.aliases):
                key = normalize_name(n)
                known.update({(key, r.admin1), (spelling_key(key) or key, r.admin1)})
    for t in towns:
        if t.iso3 == "NER":
            for n in t.names:
                key = normalize_name(n)
                known.update({(key, t.admin1), (spelling_key(key) or key, t.admin1)})
    centres = _commune_centres(rows, towns)
    out: dict[tuple[str, str], Row] = {}
    for loc in localites:
        admin1 = regions.get(normalize_name(loc.region), "")
        key = normalize_name(loc.name)
        centre = centres.get((normalize_name(loc.commune), admin1))
        if not key or not admin1 or centre is None or key.isdigit():
            continue
        if (key, admin1) in known or (spelling_key(key) or key, admin1) in known:
            continue
        lat, lon, radius_km = centre
        row = Row(f"ner:{loc.localite_id}", loc.name.title(), LOCALITE_RANK, lat, lon)
        row.iso3, row.admin1 = "NER", admin1
        row.admin2, row.admin3 = loc.departement.title(), loc.commune.title()
        row.uncertainty_m, row.geo_precision = radius_km * 1000.0, 2
        out.setdefault((key, normalize_name(loc.commune)), row)
    return list(out.values())


def _commune_centres(
    rows: Sequence[Row], towns: Sequence[Place]
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """Return (folded commune, admin1) -> (lat, lon, radius km) for Niger's communes."""
    members: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        if r.iso3 == "NER" and r.admin3:
            members.setdefault((normalize_name(r.admin3), r.admin1), []).append(r)
    centres: dict[tuple[str, str], tuple[float, float, float]] = {}
    for where, found in members.items():
        if len(found) < MIN_JOINED:
            continue
        lat = statistics.median(r.latitude for r in found)
        lon = statistics.median(r.longitude for r in found)
        # median point and 1.5 x median distance: a few wrong name joins do not move it
        dists = [_km(lat, lon, r.latitude, r.longitude) for r in found]
        radius = 1.5 * statistics.median(dists)
        centres[where] = (lat, lon, min(MAX_RADIUS_KM, max(MIN_RADIUS_KM, radius)))
        for r, d in zip(found, dists, strict=True):
            if d > max(3 * radius, OUTLIER_KM):
                r.admin3 = ""  # named like a localité of the commune, but elsewhere
    seats = [(r.name, r.admin1, r.latitude, r.longitude) for r in rows if r.iso3 == "NER"]
    seats += [(t.name, t.admin1, t.latitude, t.longitude) for t in towns if t.iso3 == "NER"]
    for name, admin1, lat, lon in seats:
        where = (normalize_name(name), admin1)
        if where not in centres and where in members:
            centres[where] = (lat, lon, SEAT_RADIUS_KM)
    return centres


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(dlat, dlon)
