"""The gazetteer record (`Place`), a name found in text, and the places CSV reader."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FEATURES",
    "KINDS",
    "PLACE_COLUMNS",
    "GeocodingError",
    "Place",
    "PlaceMention",
    "read_places",
]

#: Place kinds and their specificity (higher = more precise).
KINDS: dict[str, int] = {"site": 5, "neighbourhood": 4, "town": 3, "region": 2, "country": 1}
#: Village-file features and whether people live there (settlements are preferred
#: over a well, wadi or forest of the same name).
FEATURES: dict[str, bool] = {
    "": True, "settlement": True, "camp": True, "mine": True, "market": True,
    "military": True, "airfield": True, "locality": True, "oasis": True,
    "well": False, "wadi": False, "lake": False, "forest": False,
}  # fmt: skip

PLACE_COLUMNS = (
    "place_id",
    "name",
    "kind",
    "latitude",
    "longitude",
    "uncertainty_m",
    "geo_precision",
    "iso3",
    "country",
    "admin1",
    "admin2",
    "city",
    "aliases",
    "population",
    "source",
    "note",
)

# Keys never indexed on their own: function words and compass words that
# double as region names (Burkina Faso's "Est", "Nord", "Centre", "Sahel").
# Those regions stay findable by their aliases ("région du Nord").


class GeocodingError(LookupError):
    """A name, id or candidate list could not be turned into a place."""


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a named point with its uncertainty.

    Attributes mirror the columns of ``places.csv``; ``aliases`` is a tuple
    and empty text fields are ``""``.
    """

    place_id: str
    name: str
    kind: str
    latitude: float
    longitude: float
    uncertainty_m: float
    geo_precision: int
    iso3: str
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    city: str = ""
    aliases: tuple[str, ...] = ()
    population: int = 0
    source: str = ""
    note: str = ""
    #: 0 for the curated gazetteer (towns, regions, sites); 1 + the source rank for a
    #: village of the village files (1 a large village, 5 a locality, 7+ a well or wadi).
    tier: int = 0
    #: What a village-file row is: "settlement", "camp", "mine", "market", "military",
    #: "locality", "well", "wadi", ... (see `FEATURES`); ``""`` for curated places.
    feature: str = ""
    #: Third-level unit (commune) where a source gives it; ``""`` otherwise.
    admin3: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise GeocodingError(f"place {self.place_id!r}: unknown kind {self.kind!r}")
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise GeocodingError(
                f"place {self.place_id!r}: coordinates out of range "
                f"({self.latitude}, {self.longitude})"
            )

    @property
    def specificity(self) -> int:
        """Return 5 for a site, 4 neighbourhood, 3 town, 2 region, 1 country."""
        return KINDS[self.kind]

    @property
    def is_village(self) -> bool:
        """Return True for a place of the village files (not a curated town)."""
        return self.tier > 0

    @property
    def is_settlement(self) -> bool:
        """Return False for a natural or water feature (well, wadi, lake, forest...)."""
        return FEATURES.get(self.feature, True)

    @property
    def names(self) -> tuple[str, ...]:
        """Return the name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class PlaceMention:
    """A gazetteer name found in a text.

    ``text[start:end] == surface``; for Arabic the span covers the whole
    word, proclitics included (``"وبباماكو"``). ``place_candidates`` holds
    every place with that name, most specific first; pick one with
    `Gazetteer.resolve`.
    """

    place_candidates: tuple[Place, ...]
    start: int
    end: int
    surface: str


def read_places(path: Path) -> list[Place]:
    """Read a places CSV (columns `PLACE_COLUMNS`) into Place objects.

    Raises
    ------
    GeocodingError
        If a required column is missing or a row cannot be parsed.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(PLACE_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise GeocodingError(f"{path}: missing columns {sorted(missing)}")
        try:
            return [_place_from_row(row) for row in reader]
        except ValueError as exc:
            raise GeocodingError(f"{path}, line {reader.line_num}: {exc}") from exc


def _place_from_row(row: dict[str, str]) -> Place:
    aliases = row["aliases"]
    return Place(
        place_id=row["place_id"],
        name=row["name"],
        kind=row["kind"],
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        uncertainty_m=float(row["uncertainty_m"] or 0),
        geo_precision=int(row["geo_precision"]),
        iso3=row["iso3"],
        country=row["country"],
        admin1=row["admin1"],
        admin2=row["admin2"],
        city=row["city"],
        aliases=tuple(aliases.split("|")) if aliases else (),
        population=int(row["population"] or 0),
        source=row["source"],
        note=row["note"],
    )
