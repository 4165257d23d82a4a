"""Read a file into a table, map and check it by columns, check places; events and rejects.

Nothing is written here: the caller appends :attr:`ImportResult.events` to the
store in one atomic write (:meth:`events.store.EventStore.append`, which skips
known ids, so importing a file twice adds nothing).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import COLUMNS, NULLABLE_INT_COLUMNS, frame_from_table
from events.importers import acled, tabular, ucdp
from events.importers.apijson import looks_like_json, read_json_table
from events.importers.checks import check_events
from events.importers.columns import Reasons, column_frame, to_arrow_text
from events.importers.places import check_countries, fill_admin1
from events.importers.reading import (
    EventImportError,
    Reject,
    Table,
    read_csv_table,
)
from geo.boundaries import load_admin1, load_countries

__all__ = [
    "FORMATS",
    "EventImportError",
    "ImportResult",
    "Progress",
    "Reject",
    "import_file",
    "write_rejects",
]

#: A progress callback: ``progress(rows_done, rows_total)``.
Progress = Callable[[int, int], None]

FORMATS: tuple[str, ...] = ("ucdp", "acled", "geojson", "csv")
_MAPPERS: dict[str, ModuleType] = {
    "ucdp": ucdp,
    "acled": acled,
    "geojson": tabular,
    "csv": tabular,
}
#: Rows mapped and checked at a time (one progress call each).
_CHUNK_ROWS = 200_000
#: Values of the event columns a format does not map.
_DEFAULTS: dict[str, object] = {
    **dict.fromkeys(COLUMNS, ""),
    "uncertainty_m": 0.0,
    **dict.fromkeys(NULLABLE_INT_COLUMNS, pd.NA),
}


@dataclass(frozen=True)
class ImportResult:
    """The events of a file that passed every check, and the rows that did not."""

    events: gpd.GeoDataFrame
    rejects: list[Reject]
    counts: dict[str, int]
    #: How the file was read when not UTF-8 and comma-separated ("cp1252, ';'-separated").
    read_as: str = ""

    def summary(self) -> str:
        """One line: rows read, kept and rejected (and how the file was read, if unusual)."""
        c = self.counts
        line = f"{c['rows']} rows: {c['kept']} kept, {c['rejected']} rejected"
        return f"{line} (read as {self.read_as})" if self.read_as else line


def import_file(
    path: str | Path,
    fmt: str,
    *,
    countries: gpd.GeoDataFrame | None = None,
    admin_areas: gpd.GeoDataFrame | None = None,
    progress: Progress | None = None,
    display_name: str | None = None,
) -> ImportResult:
    """Read ``path`` in format ``fmt`` and return its valid events and its rejects.

    The file is read into one table; its columns are mapped (see
    :mod:`events.importers.ucdp`, :mod:`~events.importers.acled`,
    :mod:`~events.importers.tabular`) and checked by the :class:`~events.model.Event`
    rules (:mod:`events.importers.checks`) a batch of rows at a time;
    then points outside their stated country are rejected (a swap of latitude and
    longitude is named as such), duplicate ids are rejected, and admin1 is set to the
    boundary name (by name, else by a spatial join within the stated country).

    Parameters
    ----------
    path : str or Path
        A CSV file (``.csv`` or ``.csv.gz``; the separator is sniffed and the encoding
        detected), the JSON of the ACLED or UCDP API (``.json``, ``.json.gz``) or, for
        ``"geojson"``, a GeoJSON file.
    fmt : {"ucdp", "acled", "geojson", "csv"}
        ``csv`` and ``geojson`` are this project's own exports.
    countries, admin_areas : GeoDataFrame, optional
        Country polygons (``iso3``) and admin-1 polygons (``iso3``, ``admin1``);
        the packaged boundaries of :mod:`geo.boundaries` by default.
    progress : callable, optional
        Called as ``progress(done, total)`` after each batch of rows is validated.
    display_name : str, optional
        The file's name in error messages (e.g. an uploaded file's own name when
        ``path`` is a temporary copy); ``str(path)`` by default.

    Returns
    -------
    ImportResult
        ``events`` (a typed frame, see :mod:`events.frame`), ``rejects`` sorted by
        line, and ``counts`` with ``rows``, ``kept`` and ``rejected``.

    Raises
    ------
    EventImportError
        When the file cannot be read (missing, truncated, in no known encoding), the
        format is unknown or columns are missing (a file of another format is named
        as such); the message names ``display_name``.

    Example
    -------
    >>> result = import_file("ged.csv", "ucdp")  # doctest: +SKIP
    >>> open_store("data/events.gpkg").append(result.events)  # doctest: +SKIP
    """
    if fmt not in _MAPPERS:
        raise EventImportError(f"unknown import format {fmt!r}; one of {', '.join(FORMATS)}")
    mapper = _MAPPERS[fmt]
    path = Path(path)
    name = str(path) if display_name is None else display_name
    check = _columns_check(fmt, name)
    if fmt == "geojson":
        table = tabular.read_geojson_table(path, name, mapper.USED_COLUMNS)
    elif looks_like_json(path):
        table = read_json_table(path, name, check, mapper.USED_COLUMNS)
    else:
        table = read_csv_table(path, name, check, mapper.USED_COLUMNS)
    records, reasons = _check_rows(table, mapper, progress)
    rejects = _reject_duplicates(records["event_id"].to_numpy(dtype=object), table, reasons)
    keep = pd.isna(reasons)
    frame = frame_from_table(to_arrow_text(records[keep]))
    frame.index = pd.Index(table.lines[keep], name="line")
    if countries is None:
        countries = load_countries()
    if admin_areas is None:
        admin_areas = load_admin1()
    frame, place_rejects = check_countries(frame, countries, _raw_by_line(table))
    frame = fill_admin1(frame, admin_areas)
    rejects = sorted(rejects + place_rejects, key=lambda r: r.line)
    counts = {"rows": len(table.lines), "kept": len(frame), "rejected": len(rejects)}
    read_as = [table.encoding] if table.encoding != "utf_8" else []
    if table.delimiter != ",":
        read_as.append(f"{table.delimiter!r}-separated")
    return ImportResult(
        events=frame.reset_index(drop=True),
        rejects=rejects,
        counts=counts,
        read_as=", ".join(read_as),
    )


def _columns_check(fmt: str, name: str) -> Callable[[list[str]], list[str]]:
    """Return the format's column check; a header of another format is named as such."""
    names = {"ucdp": "a UCDP GED", "acled": "an ACLED", "csv": "a sahelmap export"}

    def check(columns: list[str]) -> list[str]:
        missing: list[str] = _MAPPERS[fmt].check_columns(columns)
        if missing:
            for other, label in names.items():
                if other != fmt and not _MAPPERS[other].check_columns(columns):
                    raise EventImportError(
                        f"{name!r} looks like {label} file, not {fmt}: choose the format "
                        f"{other!r} (--format {other})"
                    )
        return missing

    return check


def write_rejects(rejects: list[Reject], out: io.TextIOBase | Path) -> None:
    """Write rejects as CSV: ``line``, ``reason`` and the raw row as JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["line", "reason", "raw"])
    for r in rejects:
        writer.writerow([r.line, r.reason, json.dumps(r.raw, ensure_ascii=False)])
    if isinstance(out, Path):
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        tmp.replace(out)
    else:
        out.write(buffer.getvalue())


def _check_rows(
    table: Table, mapper: ModuleType, progress: Progress | None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Map and check every row, a batch at a time: (event columns, reason or None per row)."""
    total = len(table.lines)
    parts: list[pd.DataFrame] = []
    reasons: list[np.ndarray] = []
    for begin in range(0, total, _CHUNK_ROWS):
        cells = table.cells.iloc[begin : begin + _CHUNK_ROWS].reset_index(drop=True)
        found = Reasons(len(cells))
        malformed = table.malformed[begin : begin + _CHUNK_ROWS]
        found.add_errors(
            np.array([None if m is None else f"malformed row: {m}" for m in malformed])
        )
        records = mapper.to_columns(cells, found)
        defaults = {c: np.full(len(records), v, dtype=object) for c, v in _DEFAULTS.items()}
        records = pd.concat(
            [records, column_frame({c: v for c, v in defaults.items() if c not in records})],
            axis=1,
        )
        checked = check_events(records, found)
        records = pd.concat([records.drop(columns=list(checked.columns)), checked], axis=1)
        parts.append(records)
        reasons.append(found.values)
        if progress is not None:
            progress(min(begin + _CHUNK_ROWS, total), total)
    if progress is not None and total == 0:
        progress(0, 0)
    if not parts:
        empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS})
        return empty.astype(dict.fromkeys(NULLABLE_INT_COLUMNS, "Int64")), np.zeros(0, dtype=object)
    return pd.concat(parts, ignore_index=True), np.concatenate(reasons)


def _reject_duplicates(ids: np.ndarray, table: Table, reasons: np.ndarray) -> list[Reject]:
    """Reject repeated ids among the valid rows (the first one is kept); return all rejects."""
    valid = np.flatnonzero(pd.isna(reasons))
    repeated = pd.Series(ids[valid]).duplicated(keep="first").to_numpy()
    if repeated.any():
        first = pd.Series(table.lines[valid], index=ids[valid])
        first = first[~first.index.duplicated(keep="first")]
        for i in valid[repeated]:
            reasons[i] = f"duplicate event id {ids[i]!r} (first at line {int(first[ids[i]])})"
    bad = np.flatnonzero(~pd.isna(reasons))
    return [Reject(int(table.lines[i]), str(reasons[i]), _raw(table, int(i))) for i in bad]


def _raw(table: Table, i: int) -> dict[str, str]:
    raw = table.raw(i)
    if table.malformed[i] is not None:
        raw = {**raw, "__fields__": str(table.malformed[i])}
    return raw


def _raw_by_line(table: Table) -> Callable[[int], dict[str, str]]:
    """Return the raw row starting at a line (rows are in line order)."""

    def raw(line: int) -> dict[str, str]:
        i = int(np.searchsorted(table.lines, line))
        return _raw(table, i) if i < len(table.lines) and table.lines[i] == line else {}

    return raw
