"""Resolve a name to one place: country, region and distance to the report's other places.

`resolve_place` ranks same-name candidates (curated towns before villages,
settlements before wells and wadis) and refuses a frequent family name or
common word ("Traoré", "Selon") without nearby evidence; `read_common_names`
reads that word list (``geo/data/common_names.csv``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

from geo.normalize import normalize_name
from geo.place import GeocodingError, Place, PlaceMention

__all__ = ["COMMON_NAMES_CSV", "rank_places", "read_common_names", "resolve_place"]

_EARTH_RADIUS_M = 6_371_008.8
# Candidates whose distance to the context differs by less than this are
# tied, and specificity/population decide.
_NEAR_TIE_M = 10_000.0
# A curated town this large is always meant over villages of the same name.
_TOWN_POPULATION = 50_000
_VILLAGE_PENALTY_M = 50_000.0
# A well, wadi or forest must be this much closer to the context than a settlement.
_FEATURE_PENALTY_M = 30_000.0
#: Word list of family names, given names and common words (see ATTRIBUTION.md).
COMMON_NAMES_CSV = "common_names.csv"
# A village named like a family name needs a context place this close, or its region;
# a curated town of that name needs the report's country, its region or this distance.
_COMMON_VILLAGE_M = 50_000.0
_COMMON_TOWN_M = 150_000.0


def resolve_place(
    candidates: Sequence[Place] | PlaceMention,
    *,
    country_iso3: str | None = None,
    near: Sequence[Place] = (),
    admin1: str | None = None,
    common_names: frozenset[str] = frozenset(),
    name: str | None = None,
) -> Place:
    """Pick one place among candidates; see `Gazetteer.resolve`.

    ``name`` is the mentioned name (a PlaceMention's surface by default); without
    it, the names all candidates share are checked against ``common_names``.
    """
    if isinstance(candidates, PlaceMention):
        name = candidates.surface if name is None else name
        candidates = candidates.place_candidates
    if not candidates:
        what = repr(name) if name is not None else repr(list(candidates))
        raise GeocodingError(f"no candidate place to resolve for {what}")
    pool = list(candidates)
    if any(_is_major_town(p, pool) for p in pool):
        pool = [p for p in pool if not p.is_village]  # "Gao" is the city, not a hamlet
    if country_iso3:
        same = [p for p in pool if p.iso3 == country_iso3]
        pool = same or pool
    ids = {p.place_id for p in pool}
    context = [p for p in near if p.place_id not in ids]
    regions = _regions_of(context, admin1)
    if regions:
        inside = [
            p
            for p in pool
            if (p.iso3, _fold(p.admin1)) in regions
            or (admin1 is not None and _fold(p.admin1) == _fold(admin1))
        ]
        pool = inside or pool
    if context:
        # a village must be clearly closer to the context than a curated town
        town = max((p.population for p in pool if not p.is_village), default=0)
        penalty = _VILLAGE_PENALTY_M * (3 if town >= _TOWN_POPULATION // 5 else 1)
        settled = any(p.is_settlement for p in pool)
        dist = {
            p.place_id: _context_distance(p, context)
            + penalty * p.is_village
            + _FEATURE_PENALTY_M * (settled and not p.is_settlement)
            for p in pool
        }
        closest = min(dist.values())
        pool = [p for p in pool if dist[p.place_id] <= closest + _NEAR_TIE_M]
    best = rank_places(pool)[0]
    if common_names and best.kind == "town" and _is_common(name, candidates, common_names):
        _check_common_evidence(best, name, country_iso3, context, regions, admin1)
    return best


def _is_major_town(place: Place, pool: Sequence[Place]) -> bool:
    """Return True for a large curated town or the seat of a same-name region ("Ménaka")."""
    if place.is_village or place.kind != "town":
        return False
    if place.population >= _TOWN_POPULATION:
        return True
    return any(q.kind == "region" and q.iso3 == place.iso3 for q in pool)


def _fold(text: str) -> str:
    return normalize_name(text)


def _regions_of(context: Sequence[Place], admin1: str | None) -> set[tuple[str, str]]:
    """Return (iso3, folded admin1) of the regions named in the context."""
    found = {(p.iso3, _fold(p.admin1 or p.name)) for p in context if p.kind == "region"}
    if admin1:
        found.add(("", _fold(admin1)))
    return found


def _is_common(name: str | None, candidates: Sequence[Place], common: frozenset[str]) -> bool:
    if name is not None:
        return normalize_name(name) in common
    shared = {normalize_name(n) for n in candidates[0].names} & common
    for p in candidates[1:]:
        if not shared:
            break
        shared &= {normalize_name(n) for n in p.names}
    return bool(shared)


def _check_common_evidence(
    best: Place,
    name: str | None,
    country_iso3: str | None,
    context: Sequence[Place],
    regions: set[tuple[str, str]],
    admin1: str | None,
) -> None:
    """Raise GeocodingError unless the context supports a place with a common name."""
    key = _fold(best.admin1)
    if any(iso3 in ("", best.iso3) and region == key for iso3, region in regions):
        return
    dist = _context_distance(best, context) if context else math.inf
    if best.is_village and dist <= _COMMON_VILLAGE_M:
        return
    if not best.is_village and (dist <= _COMMON_TOWN_M or country_iso3 == best.iso3):
        return
    what = name if name is not None else best.name
    raise GeocodingError(
        f"{what!r} is also a frequent family name or word: not placed at {best.place_id} "
        "without a nearby place or its region in the text"
    )


def rank_places(places: Iterable[Place]) -> tuple[Place, ...]:
    """Order same-name places as when there is no context.

    Curated places before villages, then specificity, population, settlements
    before other features, source rank.
    """
    return tuple(
        sorted(
            places,
            key=lambda p: (
                p.tier > 0,
                -p.specificity,
                -p.population,
                not p.is_settlement,
                p.tier,
                p.place_id,
            ),
        )
    )


def _context_distance(place: Place, context: Sequence[Place]) -> float:
    return min(max(0.0, _haversine_m(place, other) - place.uncertainty_m) for other in context)


def _haversine_m(a: Place, b: Place) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def read_common_names(path: Path) -> frozenset[str]:
    """Return the matching keys of a ``name,kind`` word list (empty if the file is absent).

    Raises
    ------
    GeocodingError
        If the file lacks a ``name`` column.
    """
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if "name" not in (reader.fieldnames or ()):
            raise GeocodingError(f"{path}: no 'name' column")
        return frozenset(k for row in reader if (k := normalize_name(row["name"] or "")))
