"""Write events as CSV, ACLED CSV, GeoJSON, GeoPackage, GeoParquet or Excel.

One entry, :func:`export_events`, serves ``sahelmap export`` and the app: it returns
the file's bytes and, given ``out``, writes them there whole (a temporary file
renamed over the target). Where the format has room for it (GeoJSON members,
GeoPackage and GeoParquet metadata, an Excel sheet) the file carries the credit of
its sources and the filter that chose its rows; the two CSV layouts stay plain
tables that ACLED's tools, Excel and :func:`events.importers.import_file` read.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import IO

import pandas as pd

import geopandas as gpd
import pyogrio

from events.acled_export import to_acled_table
from events.export_xlsx import write_xlsx
from events.frame import COLUMNS, CRS, EventFilter
from events.importers import ACLED_ATTRIBUTION, UCDP_ATTRIBUTION, has_acled_rows
from events.io.storage import to_storage

FORMATS = ("csv", "acled", "geojson", "gpkg", "parquet", "xlsx")
#: Formats written as text (to a text stream such as stdout).
TEXT_FORMATS = ("csv", "acled", "geojson")
#: File name suffix of each format.
SUFFIXES = {"csv": ".csv", "acled": ".csv", "geojson": ".geojson", "gpkg": ".gpkg",
            "parquet": ".parquet", "xlsx": ".xlsx"}  # fmt: skip
MEDIA_TYPES = {
    "csv": "text/csv",
    "acled": "text/csv",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROJECT_CREDIT = "Exported from Sahel Event Map."
#: How a filter field's values are named in :func:`describe_filter` (else its name).
_FILTER_LABELS = {"actors": "actor", "event_types": "type", "countries": "country",
                  "statuses": "status", "datasets": "dataset"}  # fmt: skip


class ExportError(ValueError):
    """The export cannot be written as asked (format, destination); names the value."""


def describe_filter(flt: EventFilter | None) -> str:
    """Return the filter in words, e.g. ``"start 2024-09-17; actor JNIM"`` (``"all events"``).

    Every field of :class:`~events.frame.EventFilter` that restricts is named, so a
    filter field added later is written in too.
    """
    if flt is None:
        return "all events"
    parts: list[str] = []
    for f in dataclasses.fields(flt):
        value = getattr(flt, f.name)
        if value is None or value == ():
            continue
        if f.name == "near" and isinstance(value, tuple) and len(value) == 3:
            parts.append(f"within {value[2]:g} km of ({value[0]:g}, {value[1]:g})")
        elif isinstance(value, tuple):
            label = _FILTER_LABELS.get(f.name, f.name)
            parts.extend(f"{label} {v}" for v in value)
        else:
            parts.append(f"{f.name} {value}")
    return "; ".join(parts) or "all events"


def attribution_of(gdf: pd.DataFrame) -> str:
    """Return the credits the rows need: UCDP's, ACLED's (its terms require it), ours."""
    credits = [PROJECT_CREDIT]
    if len(gdf) and gdf["event_id"].astype(str).str.startswith("ucdp-").any():
        credits.append("Events: " + UCDP_ATTRIBUTION)
    if has_acled_rows(gdf):
        credits.append(ACLED_ATTRIBUTION)
    return " ".join(credits)


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


def write_acled_csv(gdf: pd.DataFrame, out: IO[str]) -> None:
    """Write the events in ACLED's codebook columns and order (see :mod:`events.acled_export`)."""
    to_acled_table(gdf).to_csv(out, index=False, lineterminator="\n")


def write_geojson(gdf: pd.DataFrame, out: IO[str], about: dict[str, str] | None = None) -> None:
    """Write the events as a GeoJSON FeatureCollection of points (RFC 7946, lon/lat).

    ``about`` (credits, filter) goes in foreign members of the collection.
    """
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
    doc = {"type": "FeatureCollection", **(about or {}), "features": features}
    json.dump(doc, out, ensure_ascii=False)
    out.write("\n")


def write_gpkg(gdf: gpd.GeoDataFrame, path: Path, about: dict[str, str] | None = None) -> None:
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
        layer_metadata=about or None,
    )


def write_parquet(gdf: gpd.GeoDataFrame, path: Path, about: dict[str, str] | None = None) -> None:
    """Write GeoParquet (geopandas ``to_parquet``: WKB points, EPSG:4326); ``about`` as attrs."""
    layer = gpd.GeoDataFrame(gdf[[*COLUMNS, "geometry"]], geometry="geometry", crs=CRS)
    layer = layer.reset_index(drop=True)
    layer.attrs = dict(about or {})
    layer.to_parquet(path, index=False)


def export_events(
    gdf: gpd.GeoDataFrame,
    fmt: str,
    out: Path | IO[str] | IO[bytes] | None = None,
    *,
    flt: EventFilter | None = None,
) -> bytes:
    """Return ``gdf`` as a file of format ``fmt``, and write it to ``out`` if given.

    Parameters
    ----------
    gdf : GeoDataFrame
        The events to write (a typed frame, e.g. a filtered view).
    fmt : {"csv", "acled", "geojson", "gpkg", "parquet", "xlsx"}
        ``acled`` is ACLED's codebook layout; ``parquet`` is GeoParquet.
    out : Path or stream, optional
        A file (written whole, or not at all) or a stream: text formats to a text
        stream (stdout), any format to a binary one.
    flt : EventFilter, optional
        The filter that chose the rows, written in with the credits where the
        format has room (not in the CSV layouts).

    Returns
    -------
    bytes
        The file's content (e.g. for a download button).

    Example
    -------
    >>> data = export_events(view, "xlsx", flt=flt)  # doctest: +SKIP
    >>> export_events(view, "parquet", Path("view.parquet"))  # doctest: +SKIP
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    text_stream = isinstance(out, io.TextIOBase) or hasattr(out, "encoding")
    if out is not None and not isinstance(out, Path) and text_stream and fmt not in TEXT_FORMATS:
        raise ExportError(f"the {fmt} format needs an output file (-o FILE)")
    data = _render(gdf, fmt, _about(gdf, flt))
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
    elif out is not None and text_stream:
        out.write(data.decode("utf-8"))  # type: ignore[call-overload]
    elif out is not None:
        out.write(data)  # type: ignore[arg-type]
    return data


def _about(gdf: pd.DataFrame, flt: EventFilter | None) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"attribution": attribution_of(gdf), "filter": describe_filter(flt),
            "exported": now, "events": str(len(gdf))}  # fmt: skip


def _render(gdf: gpd.GeoDataFrame, fmt: str, about: dict[str, str]) -> bytes:
    if fmt in TEXT_FORMATS:
        buffer = io.StringIO()
        if fmt == "geojson":
            write_geojson(gdf, buffer, about)
        else:
            (write_csv if fmt == "csv" else write_acled_csv)(gdf, buffer)
        return buffer.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="sahelmap-export-") as tmp:
        path = Path(tmp) / f"events{SUFFIXES[fmt]}"
        if fmt == "gpkg":
            write_gpkg(gdf, path, about)
        elif fmt == "parquet":
            write_parquet(gdf, path, about)
        else:
            write_xlsx(gdf, path, about)
        return path.read_bytes()
