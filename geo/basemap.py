"""The offline basemap's data: place names ranked by zoom level, and lakes.

Both files are built by ``scripts/make_basemap.py`` (see geo/data/ATTRIBUTION.md):

* ``map_labels.csv``: the places worth a name on the map, each with its tier
  (``capital``, ``regional`` for an admin-1 seat, ``town``, ``local`` for the other
  towns of Mali, Burkina Faso and Niger), taken from the gazetteer
  (``places.csv``) with the GeoNames feature codes of the national dumps, plus the
  capitals of the neighbours.
* ``lakes.geojson``: Natural Earth lakes, clipped and simplified;
* ``rivers.geojson``: the longer GSHHG (WDBII) rivers, clipped and simplified.

Examples
--------
>>> labels = load_map_labels()
>>> [lb.name for lb in labels if lb.tier == "capital"][:3]
['Bamako', 'Ouagadougou', 'Niamey']
>>> TIER_MIN_ZOOM["regional"] < TIER_MIN_ZOOM["town"]
True
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.place import GeocodingError, Place

__all__ = [
    "DEFAULT_LABELS",
    "DEFAULT_LAKES",
    "DEFAULT_RIVERS",
    "FOCUS_ISO3",
    "LABEL_COLUMNS",
    "TIERS",
    "TIER_MIN_ZOOM",
    "MapLabel",
    "load_geojson_text",
    "load_lakes",
    "load_map_labels",
    "load_rivers",
    "rank_place",
    "read_map_labels",
    "select_map_labels",
    "write_map_labels",
]

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_LABELS = DATA_DIR / "map_labels.csv"
DEFAULT_LAKES = DATA_DIR / "lakes.geojson"
DEFAULT_RIVERS = DATA_DIR / "rivers.geojson"

#: Tiers, most important first, and the zoom from which each is named on the map.
TIERS = ("capital", "regional", "town", "local")
#: The default view (Mali, Burkina Faso and Niger) is zoom 5 on a wide map, 4 on a
#: laptop's: admin-1 seats show there.
TIER_MIN_ZOOM: dict[str, int] = {"capital": 0, "regional": 4, "town": 7, "local": 9}
#: GeoNames feature codes of a national capital and of an admin-1 seat.
CAPITAL_CODE = "PPLC"
REGIONAL_CODE = "PPLA"
#: Admin-2 seats (cercles, provinces, departments) are towns whatever their size.
TOWN_CODES = frozenset({"PPLA2"})
#: Other gazetteer towns of at least this population are named too.
TOWN_POPULATION = 30_000
#: The map's focus (the Alliance of Sahel States): its smaller gazetteer towns are named
#: too, from zoom 9 (tier ``local``), and its capitals at every zoom whatever they overlap.
FOCUS_ISO3 = frozenset({"MLI", "BFA", "NER"})
#: A town (a local place) closer than this to a place already named is left out: at the
#: zoom where it shows, the names would overlap (suburbs of a capital).
SPACING_KM: dict[str, float] = {"town": 15.0, "local": 5.0}

LABEL_COLUMNS = ("place_id", "name", "tier", "latitude", "longitude", "iso3", "population")


@dataclass(frozen=True)
class MapLabel:
    """A place named on the map, from zoom ``TIER_MIN_ZOOM[tier]`` on."""

    place_id: str
    name: str
    tier: str
    latitude: float
    longitude: float
    iso3: str
    population: int = 0

    def __post_init__(self) -> None:
        if self.tier not in TIER_MIN_ZOOM:
            raise GeocodingError(f"label {self.place_id!r}: unknown tier {self.tier!r}")

    @property
    def min_zoom(self) -> int:
        """Return the zoom from which the label shows."""
        return TIER_MIN_ZOOM[self.tier]

    @property
    def always_shown(self) -> bool:
        """Return True for a capital of `FOCUS_ISO3`: never hidden by another name."""
        return self.tier == "capital" and self.iso3 in FOCUS_ISO3


def rank_place(
    feature_code: str,
    population: int,
    *,
    local: bool = False,
    town_population: int = TOWN_POPULATION,
) -> str | None:
    """Return the tier of a town from its GeoNames feature code and population.

    A smaller town is ``"local"`` when ``local`` (a town of `FOCUS_ISO3`), else None.

    Examples
    --------
    >>> rank_place("PPLA", 87_000), rank_place("PPL", 40_000), rank_place("PPL", 900)
    ('regional', 'town', None)
    >>> rank_place("PPL", 900, local=True)
    'local'
    """
    if feature_code == CAPITAL_CODE:
        return "capital"
    if feature_code == REGIONAL_CODE:
        return "regional"
    if feature_code in TOWN_CODES or population >= town_population:
        return "town"
    return "local" if local else None


def select_map_labels(
    places: Iterable[Place],
    feature_codes: Mapping[str, str],
    *,
    town_population: int = TOWN_POPULATION,
    focus_iso3: frozenset[str] = FOCUS_ISO3,
    spacing_km: Mapping[str, float] = SPACING_KM,
) -> list[MapLabel]:
    """Return the gazetteer towns worth a name, most important first.

    Parameters
    ----------
    places
        Gazetteer entries; only ``kind == "town"`` ones are considered.
    feature_codes
        GeoNames feature code by ``place_id`` (``"PPLC"``, ``"PPLA"``, ``"PPLA2"``...);
        a place without one is ranked by population alone.
    town_population
        Population from which a town without an admin seat is named from zoom 7.
    focus_iso3
        Countries whose other towns are named from zoom 9.
    spacing_km
        By tier: a place this close to one named before it (capitals and regional
        seats first, then by tier and population) is left out.
    """
    ranked: list[MapLabel] = []
    for place in places:
        if place.kind != "town":
            continue
        tier = rank_place(
            feature_codes.get(place.place_id, ""),
            place.population,
            local=place.iso3 in focus_iso3,
            town_population=town_population,
        )
        if tier is None:
            continue
        ranked.append(
            MapLabel(
                place_id=place.place_id,
                name=place.name,
                tier=tier,
                latitude=place.latitude,
                longitude=place.longitude,
                iso3=place.iso3,
                population=place.population,
            )
        )
    ranked.sort(key=lambda lb: (TIERS.index(lb.tier), -lb.population, lb.name))
    kept: list[MapLabel] = []
    for label in ranked:
        spacing = spacing_km.get(label.tier, 0.0)
        if spacing and any(_distance_km(label, k) < spacing for k in kept):
            continue
        kept.append(label)
    return kept


def write_map_labels(labels: Sequence[MapLabel], path: Path) -> None:
    """Write labels as CSV (columns `LABEL_COLUMNS`), coordinates to 5 decimals."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(LABEL_COLUMNS)
        for lb in labels:
            writer.writerow(
                [
                    lb.place_id,
                    lb.name,
                    lb.tier,
                    f"{lb.latitude:.5f}",
                    f"{lb.longitude:.5f}",
                    lb.iso3,
                    lb.population,
                ]
            )


def read_map_labels(path: Path) -> list[MapLabel]:
    """Read a labels CSV written by :func:`write_map_labels`.

    Raises
    ------
    GeocodingError
        Naming the file and line of a missing column or a bad value.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(LABEL_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise GeocodingError(f"{path.name}: missing columns {sorted(missing)}")
        labels = []
        for row in reader:
            try:
                labels.append(
                    MapLabel(
                        place_id=row["place_id"],
                        name=row["name"],
                        tier=row["tier"],
                        latitude=float(row["latitude"]),
                        longitude=float(row["longitude"]),
                        iso3=row["iso3"],
                        population=int(row["population"] or 0),
                    )
                )
            except (ValueError, GeocodingError) as exc:
                raise GeocodingError(f"{path.name}, line {reader.line_num}: {exc}") from exc
    return labels


@lru_cache(maxsize=2)
def load_map_labels(path: Path | None = None) -> tuple[MapLabel, ...]:
    """Return the committed map labels (cached; read-only)."""
    return tuple(read_map_labels(path or DEFAULT_LABELS))


@lru_cache(maxsize=4)
def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_geojson_text(path: Path) -> str:
    """Return a committed GeoJSON file's text (cached): for pages, without a parse."""
    return _read_text(path).strip()


def load_lakes(path: Path | None = None) -> dict[str, Any]:
    """Return the committed lakes as a GeoJSON FeatureCollection (a fresh dict)."""
    return json.loads(_read_text(path or DEFAULT_LAKES))


def load_rivers(path: Path | None = None) -> dict[str, Any]:
    """Return the committed rivers as a GeoJSON FeatureCollection (a fresh dict)."""
    return json.loads(_read_text(path or DEFAULT_RIVERS))


def _distance_km(a: MapLabel, b: MapLabel) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12_742.0 * math.asin(math.sqrt(h))
