"""Read a file, map and validate every row, check places, and return events and rejects.

Nothing is written here: the caller appends :attr:`ImportResult.events` to the
store in one atomic write (:meth:`events.store.EventStore.append`, which skips
known ids, so importing a file twice adds nothing).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import CRS, row_to_event, to_frame
from events.importers import acled, tabular, ucdp
from events.importers.common import RowError
from events.model import Event, EventValidationError
from geo.boundaries import load_admin1, load_countries
from geo.join import join_admin_areas, outside_country
from geo.normalize import normalize_name

#: A progress callback: ``progress(rows_done, rows_total)``.
Progress = Callable[[int, int], None]

FORMATS: tuple[str, ...] = ("ucdp", "acled", "geojson", "csv")
_MAPPERS: dict[str, ModuleType] = {
    "ucdp": ucdp,
    "acled": acled,
    "geojson": tabular,
    "csv": tabular,
}
#: Distance beyond a (simplified) border still accepted as inside the stated country.
COUNTRY_TOLERANCE_M = 5_000.0
_PROGRESS_EVERY = 500
#: Rows located more coarsely than this (a whole country) get no admin1 from a join.
JOIN_MAX_UNCERTAINTY_M = 150_000.0


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
class ImportResult:
    """The events of a file that passed every check, and the rows that did not."""

    events: gpd.GeoDataFrame
    rejects: list[Reject]
    counts: dict[str, int]

    def summary(self) -> str:
        """One line: rows read, kept and rejected."""
        c = self.counts
        return f"{c['rows']} rows: {c['kept']} kept, {c['rejected']} rejected"


def import_file(
    path: str | Path,
    fmt: str,
    *,
    countries: gpd.GeoDataFrame | None = None,
    admin_areas: gpd.GeoDataFrame | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read ``path`` in format ``fmt`` and return its valid events and its rejects.

    Each row is mapped (see :mod:`events.importers.ucdp`, :mod:`~events.importers.acled`,
    :mod:`~events.importers.tabular`) and validated as an :class:`~events.model.Event`;
    then points outside their stated country are rejected (a swap of latitude and
    longitude is named as such), duplicate ids are rejected, and admin1 is set to the
    boundary name (by name, else by a spatial join within the stated country).

    Parameters
    ----------
    path : str or Path
        A CSV file (``.csv`` or ``.csv.gz``) or, for ``"geojson"``, a GeoJSON file.
    fmt : {"ucdp", "acled", "geojson", "csv"}
        ``csv`` and ``geojson`` are this project's own exports.
    countries, admin_areas : GeoDataFrame, optional
        Country polygons (``iso3``) and admin-1 polygons (``iso3``, ``admin1``);
        the packaged boundaries of :mod:`geo.boundaries` by default.
    progress : callable, optional
        Called as ``progress(done, total)`` while rows are validated.

    Returns
    -------
    ImportResult
        ``events`` (a typed frame, see :mod:`events.frame`), ``rejects`` sorted by
        line, and ``counts`` with ``rows``, ``kept`` and ``rejected``.

    Raises
    ------
    EventImportError
        When the file cannot be read, the format is unknown or columns are missing.

    Example
    -------
    >>> result = import_file("ged.csv", "ucdp")  # doctest: +SKIP
    >>> open_store("data/events.gpkg").append(result.events)  # doctest: +SKIP
    """
    if fmt not in _MAPPERS:
        raise EventImportError(f"unknown import format {fmt!r}; one of {', '.join(FORMATS)}")
    mapper = _MAPPERS[fmt]
    path = Path(path)
    rows = list(_read_geojson(path) if fmt == "geojson" else _read_csv(path, mapper))
    events, lines, rejects = _validate_rows(rows, mapper, progress)
    raw_by_line = dict(rows)
    frame = to_frame(events)
    frame.index = pd.Index(lines, name="line")
    if countries is None:
        countries = load_countries()
    if admin_areas is None:
        admin_areas = load_admin1()
    frame, place_rejects = _check_countries(frame, countries, raw_by_line)
    frame = _fill_admin1(frame, admin_areas)
    rejects = sorted(rejects + place_rejects, key=lambda r: r.line)
    counts = {"rows": len(rows), "kept": len(frame), "rejected": len(rejects)}
    return ImportResult(events=frame.reset_index(drop=True), rejects=rejects, counts=counts)


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


def _open_text(path: Path) -> io.TextIOBase:
    try:
        if path.suffix == ".gz":
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise EventImportError(f"cannot read {str(path)!r}: {exc}") from exc


def _read_csv(path: Path, mapper: ModuleType) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise EventImportError(f"{str(path)!r} is empty") from None
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            raise EventImportError(f"cannot read {str(path)!r}: {exc}") from exc
        missing = mapper.check_columns(header)
        if missing:
            raise EventImportError(f"{str(path)!r} lacks the columns {missing}")
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError, OSError) as exc:
                raise EventImportError(f"{str(path)!r}, line {start}: {exc}") from exc
            if not any(cell.strip() for cell in row):
                continue
            raw = dict(zip(header, row, strict=False))
            if len(row) != len(header):
                raw["__fields__"] = f"{len(row)} fields, header has {len(header)}"
            yield start, raw


def _read_geojson(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        try:
            data = json.load(handle)
        except (ValueError, UnicodeDecodeError) as exc:
            raise EventImportError(f"{str(path)!r} is not GeoJSON: {exc}") from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise EventImportError(f"{str(path)!r} is not a GeoJSON FeatureCollection")
    for number, feature in enumerate(features, start=1):
        if isinstance(feature, dict):
            yield number, tabular.feature_to_raw(feature)
        else:
            yield number, {"__fields__": f"feature is a {type(feature).__name__}"}


def _validate_rows(
    rows: list[tuple[int, dict[str, str]]], mapper: ModuleType, progress: Progress | None
) -> tuple[list[Event], list[int], list[Reject]]:
    events: list[Event] = []
    lines: list[int] = []
    rejects: list[Reject] = []
    first_line: dict[str, int] = {}
    total = len(rows)
    for done, (line, raw) in enumerate(rows, start=1):
        if progress is not None and (done % _PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        try:
            if "__fields__" in raw:
                raise RowError(f"malformed row: {raw['__fields__']}")
            event = row_to_event(mapper.to_record(raw))
        except (RowError, EventValidationError) as exc:
            rejects.append(Reject(line, str(exc), raw))
            continue
        if event.event_id in first_line:
            first = first_line[event.event_id]
            reason = f"duplicate event id {event.event_id!r} (first at line {first})"
            rejects.append(Reject(line, reason, raw))
            continue
        first_line[event.event_id] = line
        events.append(event)
        lines.append(line)
    if progress is not None and total == 0:
        progress(0, 0)
    return events, lines, rejects


def _check_countries(
    frame: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, raw_by_line: dict[int, dict[str, str]]
) -> tuple[gpd.GeoDataFrame, list[Reject]]:
    if frame.empty:
        return frame, []
    outside = outside_country(frame, countries, tolerance_m=COUNTRY_TOLERANCE_M).to_numpy()
    if not outside.any():
        return frame, []
    bad = frame[outside]
    swapped = gpd.GeoDataFrame(
        {"iso3": bad["iso3"].astype(str).to_numpy()},
        geometry=gpd.points_from_xy(bad["latitude"], bad["longitude"]),
        crs=CRS,
        index=bad.index,
    )
    swapped_inside = ~outside_country(swapped, countries, tolerance_m=COUNTRY_TOLERANCE_M)
    rejects = []
    for line, row in bad.iterrows():
        where = f"({row['latitude']:g}, {row['longitude']:g})"
        if swapped_inside.loc[line]:
            reason = (
                f"latitude/longitude swapped: {where} is outside {row['country']} "
                f"({row['iso3']}) but ({row['longitude']:g}, {row['latitude']:g}) is inside"
            )
        else:
            reason = (
                f"coordinates {where} are outside the stated country {row['country']} "
                f"({row['iso3']}) by more than {COUNTRY_TOLERANCE_M / 1000:g} km"
            )
        rejects.append(Reject(int(line), reason, raw_by_line.get(int(line), {})))
    return frame[~outside], rejects


def _fill_admin1(frame: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Set admin1 to the boundary name: by name within the country, else by location.

    A name that matches no boundary of its country (e.g. a region created after the
    boundaries were drawn) is replaced by the region the point falls in; the source's
    own name stays in the notes for UCDP rows.
    """
    if frame.empty:
        return frame
    iso3 = frame["iso3"].astype(str).to_numpy()
    given = frame["admin1"].astype(str).to_numpy()
    names = {
        (str(i), normalize_name(str(n))): str(n)
        for i, n in zip(areas["iso3"], areas["admin1"], strict=True)
    }
    by_name = np.array(
        [
            names.get((i, normalize_name(g))) if g else None
            for i, g in zip(iso3, given, strict=True)
        ],
        dtype=object,
    )
    covered = np.isin(iso3, areas["iso3"].astype(str).unique())
    # a country-level point (UCDP where_prec 6) is a centroid: no region to join
    located = frame["uncertainty_m"].to_numpy() <= JOIN_MAX_UNCERTAINTY_M
    need_join = covered & located & pd.isna(by_name)
    result = np.where(pd.isna(by_name), given, by_name).astype(object)
    if need_join.any():
        joined = join_admin_areas(frame[need_join], areas, columns=("iso3", "admin1"))
        same_country = joined["iso3"].astype(object).to_numpy() == iso3[need_join]
        found = joined["admin1"].to_numpy(dtype=object)
        idx = np.flatnonzero(need_join)
        ok = same_country & ~pd.isna(found)
        result[idx[ok]] = found[ok]
    return frame.assign(admin1=pd.Series(result, index=frame.index, dtype=str))
