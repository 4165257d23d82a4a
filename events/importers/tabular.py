"""Our own exports (``sahelmap export --format csv|geojson``) back to event records.

The columns are :data:`events.frame.COLUMNS`; event ids are kept, so importing an
export into the store it came from adds nothing.
"""

from __future__ import annotations

import json

from events.frame import COLUMNS, JSON_COLUMNS, NULLABLE_INT_COLUMNS
from events.importers.common import RowError, parse_date, parse_float, parse_int, text

REQUIRED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "event_type",
    "actor1",
    "iso3",
    "latitude",
    "longitude",
)


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


def to_record(raw: dict[str, str]) -> dict[str, object]:
    """Map one exported row to a flat event record.

    Raises
    ------
    RowError
        On a missing or unparseable value, naming the column.
    """
    record: dict[str, object] = {c: text(raw, c) for c in COLUMNS}
    if not record["event_id"]:
        raise RowError("event_id is missing")
    record["event_date"] = parse_date(raw, "event_date")
    record["latitude"] = parse_float(raw, "latitude")
    record["longitude"] = parse_float(raw, "longitude")
    record["uncertainty_m"] = (
        parse_float(raw, "uncertainty_m") if text(raw, "uncertainty_m") else 0.0
    )
    record["time_precision"] = parse_int(raw, "time_precision", default=1)
    record["geo_precision"] = parse_int(raw, "geo_precision", default=1)
    record["fatalities"] = parse_int(raw, "fatalities", default=0)
    for col in NULLABLE_INT_COLUMNS:
        record[col] = parse_int(raw, col) if text(raw, col) else None
    for col in JSON_COLUMNS:
        try:
            json.loads(str(record[col]) or "null")
        except ValueError:
            raise RowError(f"{col} {record[col]!r} is not JSON") from None
    return record
