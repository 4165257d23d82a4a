"""Write events as CSV, GeoJSON or GeoPackage (the ``sahelmap export`` formats)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO

import pandas as pd

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, CRS
from events.io.storage import to_storage

FORMATS = ("csv", "geojson", "gpkg")


class ExportError(ValueError):
    """The export cannot be written as asked (format, destination); names the value."""


def to_records(gdf: pd.DataFrame) -> list[dict[str, object]]:
    """Return JSON-ready rows (ISO dates, ``None`` for missing numbers) in column order."""
    out = pd.DataFrame(gdf[list(COLUMNS)]).copy()
    out["event_date"] = out["event_date"].dt.strftime("%Y-%m-%d")
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    for rec in records:
        for key in ("event_type", "iso3", "country", "status"):
            rec[key] = str(rec[key])
    return records


def write_csv(gdf: pd.DataFrame, out: IO[str]) -> None:
    """Write the events as CSV with the export columns (evidence as JSON text)."""
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for rec in to_records(gdf):
        writer.writerow({k: "" if v is None else v for k, v in rec.items()})


def write_geojson(gdf: pd.DataFrame, out: IO[str]) -> None:
    """Write the events as a GeoJSON FeatureCollection of points (RFC 7946, lon/lat)."""
    features = []
    for rec in to_records(gdf):
        props = dict(rec)
        for key in ("evidence", "fatality_claims"):
            props[key] = json.loads(str(props[key]) or "null")
        features.append(
            {
                "type": "Feature",
                "id": rec["event_id"],
                "geometry": {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]},
                "properties": props,
            }
        )
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write one GeoPackage 1.2 layer ``events`` (``event_date`` a DATE field) for QGIS."""
    table = to_storage(gdf)
    table["event_date"] = pd.to_datetime(table["event_date"]).dt.date
    layer = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["longitude"], table["latitude"]), crs=CRS
    )
    pyogrio.write_dataframe(
        layer,
        path,
        layer="events",
        driver="GPKG",
        use_arrow=True,
        geometry_type="Point",
        dataset_options={"VERSION": "1.2"},
        layer_options={"SPATIAL_INDEX": "YES"},
    )


def export_events(gdf: gpd.GeoDataFrame, fmt: str, out: Path | IO[str]) -> None:
    """Write ``gdf`` in ``fmt`` to a path or (csv, geojson) a text stream.

    Files are written whole or not at all: a GeoPackage is built beside ``out`` and renamed,
    text formats are built in memory first.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "gpkg":
        if not isinstance(out, Path):
            raise ExportError("the gpkg format needs an output file (-o FILE)")
        # a new file, renamed over the target: an export never merges into an old one
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp.gpkg")
        tmp.unlink(missing_ok=True)
        try:
            write_gpkg(gdf, tmp)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
        return
    buffer = io.StringIO()
    (write_csv if fmt == "csv" else write_geojson)(gdf, buffer)
    if isinstance(out, Path):
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        tmp.replace(out)
    else:
        out.write(buffer.getvalue())
