"""Build the village gazetteer of Mali, Burkina Faso and Niger from the shared sources.

Usage::

    python scripts/make_villages.py PATH_TO_GAZETTEER_SOURCES [--out geo/data]

PATH_TO_GAZETTEER_SOURCES is the shared ``data/gazetteer`` directory (GeoNames
country dumps ``geonames/{ML,BF,NE}.txt``, OSM place nodes
``osm_obiwanlansi_2019/*.sqlite``, OCHA's Mali settlements
``ocha_mali_settlements_2015/localites.xlsx`` and Niger's names-only localités
``niger_localites_elbrahms/localites.sql``; see its SOURCES.md). Writes three
files, kept apart because their licences differ:

* ``villages_geonames.csv.gz``: GeoNames populated places, camps, mines, markets,
  and (ranked below them) wells, wadis, lakes and forests (CC BY 4.0);
* ``villages_ocha.csv.gz``: OCHA Mali settlements of 2015 not already in GeoNames;
* ``villages_osm.csv.gz``: OSM place nodes of 2019 not already in the others
  (ODbL 1.0; delete this file to drop every OSM row).

Towns already in ``places.csv`` (GeoNames cities500) are left out, and a name
seen twice within `MERGE_KM` is kept once: settlements before other features,
then GeoNames, OCHA, OSM; the later rows' spellings become aliases. Country and
region come from the committed boundaries (``admin1.geojson``); admin2 from the
GeoNames ADM2 rows or OCHA's cercle; Niger's commune from the localités list
when the name is unique in its region.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import math
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from niger_localites import add_niger_communes, place_localites  # noqa: E402
from village_sources import (  # noqa: E402
    SOURCE_ORDER,
    Row,
    read_geonames,
    read_niger_localites,
    read_ocha_mali,
    read_osm,
)

from geo.gazetteer import STOP_KEYS  # noqa: E402
from geo.normalize import normalize_name  # noqa: E402
from geo.place import read_places  # noqa: E402
from geo.villages import VILLAGE_COLUMNS  # noqa: E402

COUNTRY_NAMES = {"MLI": "Mali", "BFA": "Burkina Faso", "NER": "Niger"}
#: Same normalised name within this distance: one place.
MERGE_KM = 5.0
#: A spelling variant ("N'Gala" / "Ngala") of another source's row this close: one place.
FUZZY_KM = 1.5
FUZZY_RATIO = 0.85
#: Ranks from this one on are not settlements (wells, wadis...).
FEATURE_RANK = 6
COLUMNS = VILLAGE_COLUMNS
OUT_FILES = {
    "gv": "villages_geonames.csv.gz",
    "ocha": "villages_ocha.csv.gz",
    "osm": "villages_osm.csv.gz",
    "ner": "villages_niger_localites.csv.gz",
}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def sort_rows(rows: list[Row]) -> list[Row]:
    """Order rows by preference: settlements, then source (GeoNames, OCHA, OSM), rank, id."""
    return sorted(
        rows, key=lambda r: (r.rank >= FEATURE_RANK, SOURCE_ORDER[r.source], r.rank, r.place_id)
    )


def dedupe(rows: list[Row], existing: list[tuple[str, float, float]]) -> list[Row]:
    """Keep the first row of each name within `MERGE_KM`; merge later rows into it.

    A row matches a kept one when any of their names (name or alias) folds to the
    same key; its spellings become aliases and it fills the kept row's empty
    admin2/admin3. ``existing`` holds (key, lat, lon) of places already in the
    main gazetteer: rows matching them are dropped.
    """
    seen: dict[str, list[tuple[float, float, Row | None]]] = {}
    for key, lat, lon in existing:
        seen.setdefault(key, []).append((lat, lon, None))
    kept: list[Row] = []
    grid: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        keys = [k for k in dict.fromkeys(map(normalize_name, [row.name, *row.aliases])) if k]
        if not keys or not normalize_name(row.name):
            continue
        point = (row.latitude, row.longitude)
        near: Row | bool | None = False
        for key in keys:
            near = next(
                (r for lat, lon, r in seen.get(key, []) if _km((lat, lon), point) <= MERGE_KM),
                False,
            )
            if near is not False:
                break
        if near is None:
            continue  # a town of places.csv
        if near is False and row.rank < FEATURE_RANK:
            near = _spelling_variant(row, keys[0], grid) or False
        if near:
            assert isinstance(near, Row)
            near.aliases.extend(a for a in [row.name, *row.aliases] if a not in near.aliases)
            near.admin2 = near.admin2 or row.admin2
            near.admin3 = near.admin3 or row.admin3
            for key in keys:
                seen.setdefault(key, []).append((near.latitude, near.longitude, near))
            continue
        for key in keys:
            seen.setdefault(key, []).append((row.latitude, row.longitude, row))
        kept.append(row)
        if row.rank < FEATURE_RANK:
            grid.setdefault(_cell(row.latitude, row.longitude), []).append(row)
    return kept


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat * 20), math.floor(lon * 20))  # 0.05 degree: about 5.5 km


def _spelling_variant(row: Row, key: str, grid: dict[tuple[int, int], list[Row]]) -> Row | None:
    """Return a kept settlement of another source, within `FUZZY_KM`, spelled almost alike."""
    point = (row.latitude, row.longitude)
    cy, cx = _cell(*point)
    best: tuple[float, Row] | None = None
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for other in grid.get((cy + dy, cx + dx), ()):
                if other.source == row.source:
                    continue
                if _km((other.latitude, other.longitude), point) > FUZZY_KM:
                    continue
                ratio = difflib.SequenceMatcher(None, key, normalize_name(other.name)).ratio()
                if ratio >= FUZZY_RATIO and (best is None or ratio > best[0]):
                    best = (ratio, other)
    return best[1] if best else None


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
                    r.feature,
                    r.admin2,
                    r.admin3,
                    f"{r.uncertainty_m:.0f}" if r.uncertainty_m else "",
                    r.geo_precision if r.geo_precision != 1 else "",
                ]
            )


def _keys(name: str, aliases: list[str]) -> list[str]:
    keys = (normalize_name(n) for n in [name, *aliases])
    return [k for k in dict.fromkeys(keys) if k and not k.isdigit() and k not in STOP_KEYS]


def main(argv: list[str] | None = None) -> int:
    """Build the three village files; print their rows per country and sizes."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", type=Path)
    ap.add_argument("--out", type=Path, default=HERE.parent / "geo/data")
    ap.add_argument(
        "--geo-data", type=Path, default=HERE.parent / "geo/data", help="places.csv, admin1"
    )
    ap.add_argument("--communes", type=Path, default=HERE / "data/niger_communes.csv")
    args = ap.parse_args(argv)
    towns = read_places(args.geo_data / "places.csv")
    existing = [(normalize_name(n), p.latitude, p.longitude) for p in towns for n in p.names]
    rows = read_geonames(args.sources, {p.place_id for p in towns})
    rows += read_ocha_mali(args.sources) + read_osm(args.sources)
    kept = locate(dedupe(sort_rows(rows), existing), args.geo_data)
    localites = read_niger_localites(args.sources, args.communes)
    joined = add_niger_communes(kept, localites)
    unlocated = place_localites(kept, localites, towns)
    print(
        f"read {len(rows)} rows, kept {len(kept)}; Niger communes joined: {joined}, "
        f"localités at commune centres: {len(unlocated)}"
    )
    kept += unlocated
    args.out.mkdir(parents=True, exist_ok=True)
    for prefix, name in OUT_FILES.items():
        part = [r for r in kept if r.source == prefix]
        write_rows(part, args.out / name)
        per = Counter(r.iso3 for r in part)
        sizes = ", ".join(f"{k} {per[k]}" for k in sorted(per))
        print(f"{name}: {len(part)} rows ({sizes}), {(args.out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
