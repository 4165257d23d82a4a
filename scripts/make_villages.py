"""Build the village gazetteer of Mali, Burkina Faso and Niger from the shared sources.

Usage::

    python scripts/make_villages.py PATH_TO_GAZETTEER_SOURCES [--out geo/data]

PATH_TO_GAZETTEER_SOURCES is the shared ``data/gazetteer`` directory (GeoNames
country dumps ``geonames/{ML,BF,NE}.txt``, OSM place nodes
``osm_obiwanlansi_2019/*.sqlite``; see its SOURCES.md). Writes two files, kept
apart because their licences differ:

* ``villages_geonames.csv.gz``: GeoNames populated places, camps, mines and
  markets (CC BY 4.0);
* ``villages_osm.csv.gz``: OSM place nodes of 2019 not already in GeoNames
  (ODbL 1.0; delete this file to drop every OSM row).

Towns already in ``places.csv`` (GeoNames cities500) are left out, and a name
seen in two sources within `MERGE_KM` is kept once (GeoNames first, its
aliases merged). Wells, wadis, hills and dunes are not places where people
live and are left out. Country and region come from the committed boundary
files (``countries.geojson``, ``admin1.geojson``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import STOP_KEYS
from geo.normalize import normalize_name
from geo.place import read_places
from geo.villages import VILLAGE_COLUMNS

#: GeoNames feature codes kept, and the rank of each (lower = preferred among homonyms).
GEONAMES_CODES: dict[str, int] = {
    "PPLA": 0, "PPLA2": 0, "PPLA3": 0, "PPLA4": 1, "PPLC": 0, "PPL": 1, "PPLX": 2, "PPLL": 2,
    "PPLS": 2, "PPLF": 3, "PPLR": 3, "MNAU": 3, "MN": 3, "MNQR": 4, "CMPMN": 3, "CMPRF": 3,
    "CMP": 4, "MKT": 3, "INSM": 3, "MILB": 3, "AIRF": 4,
}  # fmt: skip
#: OSM ``place`` values kept, with their rank.
OSM_VALUES: dict[str, int] = {
    "city": 0, "town": 0, "village": 1, "hamlet": 2, "isolated_dwelling": 3, "locality": 4,
}  # fmt: skip
OSM_FILES = {"mali.sqlite": "MLI", "burkina-faso.sqlite": "BFA", "niger.sqlite": "NER"}
COUNTRY_NAMES = {"MLI": "Mali", "BFA": "Burkina Faso", "NER": "Niger"}
#: Same normalised name within this distance: one place.
MERGE_KM = 5.0
COLUMNS = VILLAGE_COLUMNS


@dataclass
class Row:
    """One village record before writing."""

    place_id: str
    name: str
    rank: int
    latitude: float
    longitude: float
    aliases: list[str] = field(default_factory=list)
    iso3: str = ""
    admin1: str = ""


def _keep_alias(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    if len(letters) < 3 or any(ch.isdigit() for ch in alias):
        return False
    arabic = all("\u0600" <= ch <= "\u06ff" for ch in letters)
    latin = all(ch < "\u0250" for ch in letters)
    if not (arabic or latin):
        return False
    # all-lowercase Latin alternates are machine transliterations ("bamakw")
    return arabic or not all(ch.islower() for ch in letters)


def read_geonames(root: Path, skip: set[str]) -> list[Row]:
    """Return the kept GeoNames rows of ML, BF and NE, except the ids in ``skip``."""
    rows = []
    for iso2 in ("ML", "BF", "NE"):
        with (root / "geonames" / f"{iso2}.txt").open(encoding="utf-8") as fh:
            for line in fh:
                f = line.rstrip("\n").split("\t")
                code = f[7]
                if code not in GEONAMES_CODES or f[6] not in "PSL" or f"gn:{f[0]}" in skip:
                    continue
                alts = [a for a in f[3].split(",") if a and _keep_alias(a)]
                rows.append(
                    Row(f"gv:{f[0]}", f[1], GEONAMES_CODES[code], float(f[4]), float(f[5]), alts)
                )
    return rows


def read_osm(root: Path) -> list[Row]:
    """Return the OSM place nodes (one row per node id)."""
    rows: dict[int, Row] = {}
    for name in OSM_FILES:
        con = sqlite3.connect(root / "osm_obiwanlansi_2019" / name)
        query = "SELECT ID, LAT, LON, NAME, NAME_EN, VALUE FROM NODE WHERE TAG = 'place'"
        for node_id, lat, lon, nm, nm_en, value in con.execute(query):
            if not nm or value not in OSM_VALUES or node_id in rows:
                continue
            alts = [nm_en] if nm_en and nm_en != nm else []
            rows[node_id] = Row(f"osm:{node_id}", nm.strip(), OSM_VALUES[value], lat, lon, alts)
        con.close()
    return list(rows.values())


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def dedupe(rows: list[Row], existing: list[tuple[str, float, float]]) -> list[Row]:
    """Keep the first row of each name within `MERGE_KM`; merge later aliases into it.

    ``existing`` holds (key, lat, lon) of places already in the main gazetteer:
    rows matching them are dropped.
    """
    seen: dict[str, list[tuple[float, float, Row | None]]] = {}
    for key, lat, lon in existing:
        seen.setdefault(key, []).append((lat, lon, None))
    kept = []
    for row in rows:
        key = normalize_name(row.name)
        if not key:
            continue
        near = next(
            (
                r
                for lat, lon, r in seen.get(key, [])
                if _km((lat, lon), (row.latitude, row.longitude)) <= MERGE_KM
            ),
            False,
        )
        if near is None:
            continue  # a town of places.csv
        if near:
            near.aliases.extend(a for a in [row.name, *row.aliases] if a not in near.aliases)
            continue
        seen.setdefault(key, []).append((row.latitude, row.longitude, row))
        kept.append(row)
    return kept


def locate(rows: list[Row], geo_data: Path) -> list[Row]:
    """Set iso3 and admin1 from the committed boundaries; drop rows outside ML/BF/NE."""
    admin1 = gpd.read_file(geo_data / "admin1.geojson")
    pts = gpd.GeoDataFrame(
        {"i": range(len(rows))},
        geometry=shapely.points([(r.longitude, r.latitude) for r in rows]),
        crs=4326,
    )
    name_col = "admin1" if "admin1" in admin1.columns else "name"
    iso_col = "iso3" if "iso3" in admin1.columns else "ISO3"
    joined = gpd.sjoin_nearest(
        pts.to_crs(3857), admin1[[name_col, iso_col, "geometry"]].to_crs(3857), max_distance=5000
    ).drop_duplicates("i")
    out = []
    for i, name, iso3 in zip(joined["i"], joined[name_col], joined[iso_col], strict=True):
        row = rows[int(i)]
        if iso3 in COUNTRY_NAMES:
            row.iso3, row.admin1 = str(iso3), str(name)
            out.append(row)
    return out


def write_rows(rows: list[Row], path: Path) -> None:
    """Write rows as gzip CSV (mtime 0, so a rebuild gives the same bytes)."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="") as fh,
    ):
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(rows, key=lambda r: r.place_id):
            aliases = sorted(dict.fromkeys(a for a in r.aliases if a != r.name))
            writer.writerow(
                [
                    "|".join(_keys(r.name, aliases)),
                    r.place_id,
                    r.name,
                    r.rank,
                    f"{r.latitude:.5f}",
                    f"{r.longitude:.5f}",
                    r.iso3,
                    r.admin1,
                    "|".join(a.replace("|", " ") for a in aliases),
                ]
            )


def _keys(name: str, aliases: list[str]) -> list[str]:
    keys = (normalize_name(n) for n in [name, *aliases])
    return [k for k in dict.fromkeys(keys) if k and not k.isdigit() and k not in STOP_KEYS]


def main(argv: list[str] | None = None) -> int:
    """Build the two village files; print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", type=Path)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "geo/data")
    args = ap.parse_args(argv)
    towns = read_places(args.out / "places.csv")
    existing = [(normalize_name(n), p.latitude, p.longitude) for p in towns for n in p.names]
    gn = sorted(
        read_geonames(args.sources, {p.place_id for p in towns}), key=lambda r: (r.rank, r.place_id)
    )
    osm = sorted(read_osm(args.sources), key=lambda r: (r.rank, r.place_id))
    kept = locate(dedupe(gn + osm, existing), args.out)
    for prefix, name in (("gv:", "villages_geonames.csv.gz"), ("osm:", "villages_osm.csv.gz")):
        part = [r for r in kept if r.place_id.startswith(prefix)]
        write_rows(part, args.out / name)
        print(f"{name}: {len(part)} rows, {(args.out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
