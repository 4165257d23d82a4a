"""The village table: tens of thousands of places indexed by key, built into Places lazily.

The village files (``geo/data/villages_*.csv.gz``, built by ``scripts/make_villages.py``)
carry each row's matching keys, so loading is a split per line and no name is
normalised at start-up; a `Place` is only made for a name that a text mentions.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geo.place import GeocodingError, Place

__all__ = ["VILLAGE_COLUMNS", "VILLAGE_UNCERTAINTY_M", "VillageTable", "read_village_table"]

VILLAGE_COLUMNS = (
    "keys",
    "place_id",
    "name",
    "rank",
    "latitude",
    "longitude",
    "iso3",
    "admin1",
    "aliases",
    "feature",
    "admin2",
    "admin3",
    "uncertainty_m",
    "geo_precision",
)
#: Files of earlier layouts (without features, admin2/admin3 or uncertainty) still load.
_MIN_COLUMNS = 9
#: Village rows have no population figure: an honest point uncertainty instead.
VILLAGE_UNCERTAINTY_M = 2000.0
_COUNTRY_NAMES = {"MLI": "Mali", "BFA": "Burkina Faso", "NER": "Niger"}


@dataclass
class VillageTable:
    """Village rows (as read) with the index from matching key to row numbers.

    Rows are kept in file order, which is the preference among homonyms
    (settlement rank, then id).
    """

    rows: list[tuple[str, str]] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=dict)
    _built: dict[int, Place] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def add_lines(self, lines: Sequence[str], *, source: str) -> None:
        """Append CSV lines (`VILLAGE_COLUMNS`, keys first) and index their keys.

        Only the keys are split here; the rest of a line is parsed when a text
        names the place.
        """
        by_key, rows = self.by_key, self.rows
        for line in lines:
            keys, _, rest = line.partition(",")
            n = len(rows)
            rows.append((rest, source))
            for key in keys.split("|") if keys else ():
                by_key.setdefault(key, []).append(n)

    def keys(self) -> Iterator[str]:
        """Return the matching keys."""
        return iter(self.by_key)

    def places_for(self, key: str) -> tuple[Place, ...]:
        """Return the villages with this matching key (``()`` if none)."""
        return tuple(self.place_at(n) for n in self.by_key.get(key, ()))

    def place_at(self, n: int) -> Place:
        """Return row ``n`` as a Place (built once)."""
        place = self._built.get(n)
        if place is None:
            place = self._built[n] = _to_place(*self.rows[n])
        return place

    def find_id(self, place_id: str) -> Place | None:
        """Return the village with this id, or None (a scan: for tests and tools)."""
        for n, (rest, _) in enumerate(self.rows):
            if rest.startswith(place_id + ","):
                return self.place_at(n)
        return None


def _to_place(rest: str, source: str) -> Place:
    fields = next(csv.reader([rest]))
    pid, name, rank, lat, lon, iso3, admin1, aliases = fields[:8]
    feature, admin2, admin3, radius, precision = (*fields[8:], "", "", "", "", "")[:5]
    try:
        return Place(
            place_id=pid,
            name=name,
            kind="town",
            latitude=float(lat),
            longitude=float(lon),
            uncertainty_m=float(radius) if radius else VILLAGE_UNCERTAINTY_M,
            geo_precision=int(precision) if precision else 1,
            iso3=iso3,
            country=_COUNTRY_NAMES.get(iso3, iso3),
            admin1=admin1,
            admin2=admin2,
            admin3=admin3,
            feature=feature or "settlement",
            aliases=tuple(aliases.split("|")) if aliases else (),
            source=source,
            tier=1 + int(rank),
        )
    except ValueError as exc:
        raise GeocodingError(f"village {pid!r}: {exc}") from exc


def read_village_table(files: Sequence[tuple[Path, str]]) -> VillageTable:
    """Read village files ``(path, attribution)`` into one table; missing files are skipped.

    Raises
    ------
    GeocodingError
        If a file lacks the `VILLAGE_COLUMNS`.
    """
    table = VillageTable()
    for path, source in files:
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            lines = fh.read().splitlines()
        header = tuple(lines[0].split(",")) if lines else ()
        if len(header) < _MIN_COLUMNS or header != VILLAGE_COLUMNS[: len(header)]:
            raise GeocodingError(f"{path}: columns {header} are not {VILLAGE_COLUMNS}")
        table.add_lines(lines[1:], source=source)
    return table
