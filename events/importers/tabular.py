"""Our own exports (``sahelmap export --format csv|geojson``) back to event records.

The columns are :data:`events.frame.COLUMNS`; event ids are kept, so importing an
export into the store it came from adds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from events.frame import COLUMNS, JSON_COLUMNS, NULLABLE_INT_COLUMNS
from events.importers.columns import (
    Reasons,
    column_frame,
    map_unique,
    parse_dates,
    parse_floats,
    parse_ints,
    parse_optional_ints,
    text_cells,
)
from events.importers.common import RowError
from events.importers.reading import EventImportError, Table, read_bytes

REQUIRED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "event_type",
    "actor1",
    "iso3",
    "latitude",
    "longitude",
)


USED_COLUMNS: tuple[str, ...] = COLUMNS


def check_columns(columns: list[str]) -> list[str]:
    """Return the required export columns missing from a header."""
    return [c for c in REQUIRED_COLUMNS if c not in columns]


def feature_to_raw(feature: dict[str, object]) -> dict[str, str]:
    """Flatten a GeoJSON feature of our export to a row of text cells.

    The point geometry wins over the latitude/longitude properties.
    """
    props = dict(feature.get("properties") or {})  # type: ignore[call-overload]
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if isinstance(coords, list) and len(coords) >= 2:
        props["longitude"], props["latitude"] = coords[0], coords[1]
    raw: dict[str, str] = {}
    for key, value in props.items():
        if key in JSON_COLUMNS and not isinstance(value, str):
            raw[key] = "" if value is None else json.dumps(value, ensure_ascii=False)
        else:
            raw[key] = "" if value is None else str(value)
    return raw


def to_columns(cells: pd.DataFrame, reasons: Reasons) -> pd.DataFrame:
    """Map exported rows (text cells) to event columns; bad rows get a reason naming the column.

    Checked in this order: event id, date, coordinates, uncertainty, precisions,
    fatalities and their range, then that evidence and fatality claims are JSON.
    """
    record: dict[str, object] = {c: text_cells(cells, c) for c in COLUMNS}
    reasons.add(_text(record, "event_id") == "", lambda idx: ["event_id is missing"] * len(idx))
    record["event_date"] = parse_dates(_text(record, "event_date"), "event_date", reasons)
    record["latitude"] = parse_floats(_text(record, "latitude"), "latitude", reasons)
    record["longitude"] = parse_floats(_text(record, "longitude"), "longitude", reasons)
    metres = _text(record, "uncertainty_m")
    given = metres != ""
    parsed = parse_floats(np.where(given, metres, "0"), "uncertainty_m", reasons)
    record["uncertainty_m"] = np.where(given, parsed, 0.0)
    for column, default in (("time_precision", 1), ("geo_precision", 1), ("fatalities", 0)):
        record[column] = parse_ints(_text(record, column), column, reasons, default=default)
    for column in NULLABLE_INT_COLUMNS:
        record[column] = parse_optional_ints(_text(record, column), column, reasons)
    for column in JSON_COLUMNS:
        _, errors = map_unique(_text(record, column), partial(_check_json, column=column))
        reasons.add_errors(errors)
    return column_frame(record)


def _text(record: dict[str, object], column: str) -> np.ndarray:
    values = record[column]
    assert isinstance(values, np.ndarray)
    return values


def _check_json(value: str, column: str) -> None:
    try:
        json.loads(value or "null")
    except ValueError:
        raise RowError(f"{column} {value!r} is not JSON") from None


def read_geojson_table(path: Path, name: str, used: Sequence[str]) -> Table:
    """Read our GeoJSON export: one row per feature, numbered from 1."""
    data = read_bytes(path, name)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise EventImportError(f"{name!r} is not UTF-8 text: {exc}") from exc
    except ValueError as exc:
        raise EventImportError(f"{name!r} is not GeoJSON: {exc}") from exc
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise EventImportError(f"{name!r} is not a GeoJSON FeatureCollection")
    rows: list[dict[str, str]] = []
    malformed = np.full(len(features), None, dtype=object)
    for i, feature in enumerate(features):
        if isinstance(feature, dict):
            rows.append(feature_to_raw(feature))
        else:
            rows.append({})
            malformed[i] = f"feature is a {type(feature).__name__}"
    cells = pd.DataFrame({c: [r.get(c, "") for r in rows] for c in used}, dtype=object)
    lines = np.arange(1, len(rows) + 1, dtype=np.int64)
    return Table(cells, lines, malformed, rows.__getitem__)
