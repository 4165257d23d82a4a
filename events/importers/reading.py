"""Read an import file into a table of text cells, keeping each row's line in the file.

A CSV file is parsed in one pass by Arrow's reader (by pandas when a row has the wrong
width); the line where each row starts comes from one scan of the bytes for record
ends (newlines after an even number of quotes), so quoted newlines keep later line
numbers right. When the scan and the parser disagree (a stray quote in an unquoted
cell) the file is read again with the :mod:`csv` module: slower, but exact.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from events.importers.sniff import EncodingError, sniff_delimiter, to_utf8

#: Bytes scanned at a time for record ends (bounds the scan's memory).
_SCAN_BLOCK = 1 << 25
_QUOTE, _NEWLINE = 34, 10
_WHITE = np.frombuffer(b" \t\r\x0b\x0c", np.uint8)


class EventImportError(ValueError):
    """A file cannot be imported at all (unreadable, unknown format, missing columns)."""


@dataclass(frozen=True)
class Reject:
    """A row left out of an import.

    ``line`` is the 1-based line of the file where the row starts (the header is
    line 1); for GeoJSON it is the 1-based number of the feature.
    """

    line: int
    reason: str
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """The rows of a file as text cells.

    ``cells`` holds the columns read (absent ones as ``""``), ``lines`` the 1-based
    line (or GeoJSON feature / JSON record number) of each row, ``malformed`` a reason
    or ``None`` per row, ``raw(i)`` the whole row ``i`` as read (for a reject), and
    ``encoding`` and ``delimiter`` what the file was found to use.
    """

    cells: pd.DataFrame
    lines: np.ndarray
    malformed: np.ndarray
    raw: Callable[[int], dict[str, str]]
    encoding: str = "utf_8"
    delimiter: str = ","


def read_csv_table(
    path: Path, name: str, check_columns: Callable[[list[str]], list[str]], used: Sequence[str]
) -> Table:
    """Read a ``.csv`` or ``.csv.gz`` file; ``used`` are the columns the mapper reads.

    The encoding is detected and the separator sniffed (:mod:`events.importers.sniff`).
    """
    data, encoding = _utf8(read_bytes(path, name), name)
    starts, ends, lines, quotes = _scan_records(data)
    if not len(starts):
        raise EventImportError(f"{name!r} is empty")
    sep = sniff_delimiter(data[: int(ends[0])])
    header = [h.strip() for h in _parse_record(data, starts, 0, sep)]
    missing = check_columns(header)
    if missing:
        raise EventImportError(f"{name!r} lacks the columns {missing}")
    malformed = np.full(len(starts) - 1, None, dtype=object)
    try:  # Arrow refuses rows of the wrong width: those files go to pandas, row by row
        cells = _read_arrow(data, header, used, sep)
    except (pa.ArrowInvalid, ValueError):
        cells = None
    if cells is None or len(cells) != len(starts) - 1:
        fields = _count_fields(data, quotes, starts[1:], ends[1:], sep)
        bad = np.flatnonzero(fields != len(header))
        malformed[bad] = [f"{int(fields[i])} fields, header has {len(header)}" for i in bad]
        try:
            cells = _read_pandas(data, header, used, sep)
        except (ValueError, pd.errors.ParserError):
            cells = None
    if cells is None or len(cells) != len(starts) - 1:
        table = _read_with_csv(data, name, header, used, sep)
        return Table(table.cells, table.lines, table.malformed, table.raw, encoding, sep)

    def raw(i: int) -> dict[str, str]:
        return dict(zip(header, _parse_record(data, starts, i + 1, sep), strict=False))

    keep = _not_blank(cells, raw)
    return Table(cells[keep].reset_index(drop=True), lines[1:][keep], malformed[keep],
                 _shifted(raw, np.flatnonzero(keep)), encoding, sep)  # fmt: skip


def read_bytes(path: Path, name: str) -> bytes:
    """Return the bytes of a file (decompressed for ``.gz``), or raise :class:`EventImportError`."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as handle:
                return handle.read()
        return path.read_bytes()
    except EOFError:
        raise EventImportError(f"{name!r} is truncated (the gzip stream ends early)") from None
    except (OSError, zlib.error) as exc:
        raise EventImportError(f"cannot read {name!r}: {exc}") from exc


def _utf8(data: bytes, name: str) -> tuple[bytes, str]:
    try:
        return to_utf8(data)
    except EncodingError as exc:
        raise EventImportError(
            f"{name!r}, line {exc.line}: not text in a known encoding (byte {exc.byte:#04x}); "
            "save the file as UTF-8"
        ) from None


def _scan_records(data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return start and end offsets and 1-based line of each non-blank record, and the quotes.

    A newline ends a record when an even number of quote characters precede it.
    """
    quotes, newlines = [], []
    for offset in range(0, len(data), _SCAN_BLOCK):
        block = np.frombuffer(data, np.uint8, min(_SCAN_BLOCK, len(data) - offset), offset)
        quotes.append(np.flatnonzero(block == _QUOTE) + offset)
        newlines.append(np.flatnonzero(block == _NEWLINE) + offset)
    quote_pos = np.concatenate([np.zeros(0, dtype=np.int64), *quotes])
    newline_pos = np.concatenate([np.zeros(0, dtype=np.int64), *newlines])
    outside = np.searchsorted(quote_pos, newline_pos) % 2 == 0
    end = np.concatenate([newline_pos[outside], [len(data)]]).astype(np.int64)
    start = np.concatenate([[0], end[:-1] + 1]).astype(np.int64)
    line = np.searchsorted(newline_pos, start) + 1
    keep = ~_blank_records(data, start, end)
    return start[keep], end[keep], line[keep].astype(np.int64), quote_pos


def _count_fields(
    data: bytes, quotes: np.ndarray, start: np.ndarray, end: np.ndarray, sep: str
) -> np.ndarray:
    """Return the number of fields of each record (separators outside quotes, plus one)."""
    code = ord(sep)
    commas = [
        np.flatnonzero(
            np.frombuffer(data, np.uint8, min(_SCAN_BLOCK, len(data) - offset), offset) == code
        )
        + offset
        for offset in range(0, len(data), _SCAN_BLOCK)
    ]
    comma_pos = np.concatenate([np.zeros(0, dtype=np.int64), *commas])
    comma_pos = comma_pos[np.searchsorted(quotes, comma_pos) % 2 == 0]
    return np.searchsorted(comma_pos, end) - np.searchsorted(comma_pos, start) + 1


def _blank_records(data: bytes, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    # a record is blank only if it is empty or starts with white space: look at those alone
    blank = end <= start
    first = (
        np.frombuffer(data, np.uint8)[np.minimum(start, max(len(data) - 1, 0))] if data else None
    )
    candidates: np.ndarray = (
        np.flatnonzero(~blank & np.isin(first, _WHITE)) if first is not None else np.zeros(0, int)
    )
    for i in candidates:
        blank[i] = not data[start[i] : end[i]].strip()
    return blank


def _parse_record(data: bytes, starts: np.ndarray, i: int, sep: str) -> list[str]:
    stop = int(starts[i + 1]) if i + 1 < len(starts) else len(data)
    text = data[int(starts[i]) : stop].decode("utf-8")
    return next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])


def _read_arrow(data: bytes, header: list[str], used: Sequence[str], sep: str) -> pd.DataFrame:
    """Parse with Arrow's multi-threaded reader; cells stay Arrow strings until mapped."""
    names = [f"c{i}" for i in range(len(header))]
    wanted = {h: f"c{i}" for i, h in enumerate(header)}
    include = list(dict.fromkeys(wanted[c] for c in used if c in wanted))
    table = pa_csv.read_csv(
        io.BytesIO(data),
        read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True, delimiter=sep),
        convert_options=pa_csv.ConvertOptions(
            include_columns=include,
            column_types=dict.fromkeys(include, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    by_name = {f"c{i}": h for i, h in enumerate(header)}
    frame = pd.DataFrame(
        {by_name[n]: pd.Series(pd.arrays.ArrowExtensionArray(table.column(n))) for n in include}
    )
    return _with_columns(frame, used)


def _read_pandas(data: bytes, header: list[str], used: Sequence[str], sep: str) -> pd.DataFrame:
    raw_names = {h.strip(): i for i, h in enumerate(header)}
    positions = sorted({raw_names[c] for c in used if c in raw_names})
    frame = pd.read_csv(
        io.BytesIO(data),
        dtype=object,  # Python strings: the mappers work on object arrays
        keep_default_na=False,
        na_filter=False,
        usecols=positions,
        header=0,
        sep=sep,
        encoding="utf-8",
        index_col=False,
    )
    frame.columns = [header[i] for i in positions]
    return _with_columns(frame, used)


def _with_columns(frame: pd.DataFrame, used: Sequence[str]) -> pd.DataFrame:
    absent = {c: "" for c in used if c not in frame.columns}
    return frame.assign(**absent) if absent else frame.reset_index(drop=True)


def _not_blank(cells: pd.DataFrame, raw: Callable[[int], dict[str, str]]) -> np.ndarray:
    """Rows whose every cell is blank (``,,,``) are skipped, as the csv reader did."""
    candidates = np.arange(len(cells))
    for column in cells.columns:  # narrowed column by column: usually empty after one
        values = cells[column].iloc[candidates]
        if isinstance(values.array, pd.arrays.ArrowExtensionArray):
            trimmed = pc.utf8_trim_whitespace(values.array._pa_array)
            blank = pc.fill_null(pc.equal(trimmed, ""), True).to_numpy(zero_copy_only=False)
        else:
            blank = np.array([not str(v).strip() for v in values], dtype=bool)
        candidates = candidates[blank]
        if not len(candidates):
            break
    keep = np.ones(len(cells), dtype=bool)
    for i in candidates:
        keep[i] = any(v.strip() for v in raw(int(i)).values())
    return keep


def _shifted(
    raw: Callable[[int], dict[str, str]], at: np.ndarray
) -> Callable[[int], dict[str, str]]:
    return lambda i: raw(int(at[i]))


def _read_with_csv(
    data: bytes, name: str, header: list[str], used: Sequence[str], sep: str
) -> Table:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=sep)
    next(reader)
    lines: list[int] = []
    rows: list[dict[str, str]] = []
    malformed: list[str | None] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise EventImportError(f"{name!r}, line {start}: {exc}") from exc
        if not any(cell.strip() for cell in row):
            continue
        lines.append(start)
        rows.append(dict(zip(header, row, strict=False)))
        bad = len(row) != len(header)
        malformed.append(f"{len(row)} fields, header has {len(header)}" if bad else None)
    cells = pd.DataFrame({c: [r.get(c, "") for r in rows] for c in used}, dtype=object)
    return Table(cells, np.array(lines, dtype=np.int64), np.array(malformed, dtype=object),
                 rows.__getitem__)  # fmt: skip
