"""The storage table: the typed events frame as plain column values, and back.

Both backends store the same thirty columns (:data:`events.frame.COLUMNS`) with the
same plain types: ISO dates, integers (``None`` for a missing range bound), floats and
text (JSON text for evidence and fatality claims). Geometry is derived from
latitude/longitude by each backend. Conversions are vectorised: an import of a million
rows never builds one :class:`~events.model.Event` per row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import (
    COLUMNS,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    NULLABLE_INT_COLUMNS,
    frame_from_table,
)

#: A stored value: what JSON and both databases hold without loss.
Value = str | int | float | None


def to_storage(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the :data:`COLUMNS` of a typed events frame as plain storable values.

    Example
    -------
    >>> from events.frame import to_frame
    >>> list(to_storage(to_frame([])).columns) == list(COLUMNS)
    True
    """
    # Text as plain object columns: pandas' Arrow strings cost a conversion each way
    # (in and out of the database driver), most of the time of a large import.
    out: dict[str, pd.Series] = {}
    for col in COLUMNS:
        values = frame[col]
        if col == "event_date":
            dates = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
            out[col] = pd.Series(dates.to_numpy(dtype=object), dtype=object)
        elif col in NULLABLE_INT_COLUMNS:
            ints = pd.array(values, dtype="Int64")
            out[col] = pd.Series(ints.to_numpy(dtype=object, na_value=None), dtype=object)
        elif col in INT_COLUMNS:
            out[col] = pd.Series(values.to_numpy(dtype="int64"))
        elif col in FLOAT_COLUMNS:
            out[col] = pd.Series(values.to_numpy(dtype="float64"))
        else:
            out[col] = pd.Series(values.astype(str).to_numpy(dtype=object), dtype=object)
    return pd.DataFrame(out)


def from_storage(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the typed events frame of a storage table (see :func:`frame_from_table`)."""
    table = table.copy()
    if "event_date" in table and len(table):
        table["event_date"] = pd.to_datetime(table["event_date"].astype(str), format="%Y-%m-%d")
    return frame_from_table(table)


def row_values(table: pd.DataFrame, i: int) -> dict[str, Value]:
    """Return row ``i`` of a storage table as a JSON-ready mapping."""
    return {col: plain_value(table[col].iloc[i]) for col in COLUMNS}


def plain_value(value: object) -> Value:
    """Return ``value`` as a JSON-ready scalar (``None`` for missing)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def table_from_values(rows: list[Mapping[str, Value]]) -> pd.DataFrame:
    """Return a storage table from JSON-ready rows (each with every column)."""
    table = pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in rows], columns=list(COLUMNS))
    for col in INT_COLUMNS:
        table[col] = pd.to_numeric(table[col]).fillna(0).astype("int64")
    for col in FLOAT_COLUMNS:
        table[col] = pd.to_numeric(table[col]).astype("float64")
    for col in NULLABLE_INT_COLUMNS:
        table[col] = table[col].astype(object).where(table[col].notna(), None)
    return table


def dumps(values: Mapping[str, Value] | list[str]) -> str:
    """Serialise change values compactly (non-ASCII kept readable)."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))
