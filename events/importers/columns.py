"""Column-wise parsing for the importers: the rules of :mod:`events.importers.common`.

Each parser takes a column of text cells and returns the parsed values; a bad cell
records the same reason :mod:`~events.importers.common` would raise for it in a
:class:`Reasons`, which keeps the first reason of each row. Cells with few distinct
values (codes, dates, names) are parsed once per distinct value with the row
parsers themselves, so both paths share one set of rules and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from events.importers.common import RowError, parse_date, parse_int

T = TypeVar("T")
#: Integers the store holds (int64): beyond, a cell is rejected instead of overflowing.
INT_LIMIT = 2**63 - 1


class Reasons:
    """The first reason each row of a batch is rejected for (``None`` while it passes)."""

    def __init__(self, n: int) -> None:
        self.values = np.full(n, None, dtype=object)

    @property
    def ok(self) -> np.ndarray:
        """Rows without a reason yet."""
        return pd.isna(self.values)

    def add(self, bad: np.ndarray, messages: Callable[[np.ndarray], Iterable[str]]) -> None:
        """Give rows of ``bad`` that have no reason yet ``messages(their positions)``."""
        idx = np.flatnonzero(np.asarray(bad, dtype=bool) & self.ok)
        if len(idx):
            self.values[idx] = list(messages(idx))

    def add_errors(self, errors: np.ndarray) -> None:
        """Record per-row messages (``None`` for rows that passed)."""
        self.add(~pd.isna(errors), lambda idx: errors[idx])


def column_frame(columns: dict[str, object], index: pd.Index | None = None) -> pd.DataFrame:
    """Return a frame of mapped columns, text kept as Python strings (not Arrow strings).

    The checks read the columns back as object arrays: converting them to Arrow
    strings and back would cost more than the checks themselves. Text scalars
    fill their column.
    """
    n = next(
        (len(v) for v in columns.values() if isinstance(v, Sized) and not isinstance(v, str)), 0
    )
    if index is None:
        index = pd.RangeIndex(n)
    data = {}
    for name, values in columns.items():
        if isinstance(values, str):
            values = np.full(n, values, dtype=object)
        if isinstance(values, np.ndarray) and values.dtype == object:
            data[name] = pd.Series(values, index=index, dtype=object)
        else:
            data[name] = pd.Series(values, index=index)
    return pd.DataFrame(data, index=index)


def to_arrow_text(records: pd.DataFrame) -> pd.DataFrame:
    """Return ``records`` with its text columns as Arrow strings (pandas' ``str``).

    :func:`events.frame.frame_from_table` makes them ``str`` anyway; Arrow converts
    Python strings several times faster than that generic path.
    """
    converted = {}
    for name in records.columns:
        values = records[name]
        if values.dtype == object:
            try:
                converted[name] = pd.array(pa.array(values.to_numpy(), pa.string()), dtype="str")
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                continue  # not all text (e.g. missing numbers): left to the frame's typing
    return records.assign(**converted)


def text_cells(cells: pd.DataFrame, column: str) -> np.ndarray:
    """Return the stripped text of ``column`` as an object array (``""`` when absent)."""
    if column not in cells:
        return np.full(len(cells), "", dtype=object)
    array = cells[column].array
    if isinstance(array, pd.arrays.ArrowExtensionArray):
        trimmed = pc.utf8_trim_whitespace(array._pa_array)
        return np.asarray(trimmed.to_numpy(zero_copy_only=False), dtype=object)
    values = cells[column].to_numpy(dtype=object)
    return np.array([str(v).strip() for v in values], dtype=object)


class TextCells(dict[str, np.ndarray]):
    """The stripped text of each column of ``cells``, converted on first use."""

    def __init__(self, cells: pd.DataFrame) -> None:
        super().__init__()
        self.cells = cells

    def __missing__(self, column: str) -> np.ndarray:
        self[column] = values = text_cells(self.cells, column)
        return values


def arrow_cells(cells: pd.DataFrame, column: str) -> pa.Array:
    """Return the stripped text of ``column`` as an Arrow array (no Python strings made)."""
    array = cells[column].array if column in cells else None
    if isinstance(array, pd.arrays.ArrowExtensionArray):
        return pc.utf8_trim_whitespace(array._pa_array).combine_chunks().cast(pa.string())
    return pa.array(text_cells(cells, column), pa.string())


def map_unique(
    values: np.ndarray, parse: Callable[[str], T], *, fill: object = None
) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``parse`` once per distinct value: (results, error messages or ``None``).

    Where ``parse`` raises :class:`RowError` the result is ``fill``.
    """
    codes, uniques = pd.factorize(values)
    results = np.full(len(uniques) + 1, fill, dtype=object)
    errors = np.full(len(uniques) + 1, None, dtype=object)
    for k, value in enumerate(uniques):
        try:
            results[k] = parse(str(value))
        except RowError as exc:
            results[k] = fill
            errors[k] = str(exc)
    return results[codes], errors[codes]


def parse_floats(values: np.ndarray, column: str, reasons: Reasons) -> np.ndarray:
    """Parse required numbers (a decimal comma is accepted); NaN where rejected."""
    missing = values == ""
    reasons.add(missing, lambda idx: [f"{column} is missing"] * len(idx))
    swapped = np.where(missing, "nan", values)
    if pd.Series(swapped, dtype=object).str.contains(",", regex=False).any():
        swapped = pd.Series(swapped, dtype=object).str.replace(",", ".", regex=False).to_numpy()
    try:
        return swapped.astype(np.float64)  # Python's float() rules, cell by cell
    except ValueError:
        pass

    def parse(value: str) -> float:
        try:
            return float(value)
        except ValueError:
            raise RowError(f"{column} {value!r} is not a number") from None

    found, errors = map_unique(swapped, parse)
    text = values
    reasons.add(
        ~pd.isna(errors), lambda idx: [f"{column} {text[i]!r} is not a number" for i in idx]
    )
    return np.where(pd.isna(errors), found, np.nan).astype(np.float64)


def parse_ints(
    values: np.ndarray, column: str, reasons: Reasons, *, default: int | None = None
) -> np.ndarray:
    """Parse integers as :func:`~events.importers.common.parse_int`; 0 where rejected."""

    def parse(value: str) -> int:
        number = parse_int({column: value}, column, default=default)
        if abs(number) > INT_LIMIT:
            raise RowError(f"{column} {value!r} is too large")
        return number

    found, errors = map_unique(values, parse)
    reasons.add_errors(errors)
    return np.where(pd.isna(errors), found, 0).astype(np.int64)


def parse_optional_ints(
    values: np.ndarray, column: str, reasons: Reasons
) -> pd.api.extensions.ExtensionArray:
    """Parse integers where a cell is given; missing (``<NA>``) for blank cells."""
    given = values != ""
    parsed = pd.array(parse_ints(np.where(given, values, "0"), column, reasons), dtype="Int64")
    parsed[~given] = pd.NA
    return parsed


def parse_dates(values: np.ndarray, column: str, reasons: Reasons) -> np.ndarray:
    """Parse dates as :func:`~events.importers.common.parse_date` (ISO text out)."""
    found, errors = map_unique(values, lambda v: parse_date({column: v}, column))
    reasons.add_errors(errors)
    return np.where(pd.isna(errors), found, "2000-01-01").astype(object)


def map_values(values: np.ndarray, convert: Callable[[str], T]) -> np.ndarray:
    """Apply a converter that never fails once per distinct value."""
    found, _ = map_unique(values, convert)
    return found


def label_cells(label: str, values: pa.Array) -> pa.Array:
    """Return ``label + value``, or ``""`` where the value is blank."""
    return pc.if_else(pc.equal(values, ""), "", pc.binary_join_element_wise(label, values, ""))


def join_cells(parts: list[pa.Array], sep: str) -> pa.Array:
    """Join the non-blank values of each row with ``sep``."""
    out = parts[0]
    for part in parts[1:]:
        both = pc.binary_join_element_wise(out, part, sep)
        out = pc.if_else(pc.equal(out, ""), part, pc.if_else(pc.equal(part, ""), out, both))
    return out
