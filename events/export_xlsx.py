"""Events as an Excel workbook: sheet ``events`` (one row per event), sheet ``about``.

Written with openpyxl in write-only mode (rows streamed, not a cell grid in
memory). ``event_date`` is an Excel date; text that starts with ``=`` stays text,
never a formula (a report quoting ``=HYPERLINK(...)`` must not run in Excel).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from events.frame import COLUMNS

#: Excel's longest cell text; longer text (rare: a huge evidence list) is cut, and says so.
MAX_CELL = 32_767
_CUT = " [cut: Excel cell limit]"


def write_xlsx(gdf: pd.DataFrame, path: Path, about: dict[str, str] | None = None) -> None:
    """Write the events (the export columns) and ``about`` (credits, filter) to ``path``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("events")
    sheet.append(list(COLUMNS))
    table = pd.DataFrame(gdf[list(COLUMNS)])
    columns = [_cells(table[c]) for c in COLUMNS]
    for row in zip(*columns, strict=True):
        sheet.append([_cell(sheet, v) for v in row])
    info = book.create_sheet("about")
    info.append(["key", "value"])
    for key, value in (about or {}).items():
        info.append([key, _cell(info, value)])
    book.save(path)


def _cells(values: pd.Series) -> list[object]:
    if pd.api.types.is_datetime64_any_dtype(values):
        return [None if pd.isna(v) else v.date() for v in values]
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(str)
    return [None if _missing(v) else v for v in values.astype(object)]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value.item() if hasattr(value, "item") else value
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - len(_CUT)] + _CUT
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
