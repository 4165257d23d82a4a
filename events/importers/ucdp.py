"""UCDP GED rows to event records.

Column mapping (UCDP GED codebook, versions 24.1 and 25.1):

=====================  ===========================================================
GED                    event
=====================  ===========================================================
``id``                 ``event_id`` = ``"ucdp-<id>"`` (stable: re-import adds nothing)
``date_start``         ``event_date``
``date_prec``          ``time_precision``: 1 → 1 (day); 2, 3 → 2 (2–7 days / the
                       week); 4, 5 → 3 (the month or vaguer)
``type_of_violence``   1 state-based, 2 non-state → Battles / Armed clash;
                       3 one-sided → Violence against civilians / Attack
``side_a``, ``side_b`` ``actor1``, ``actor2`` (first name of a side; the others
                       become the associated actors), normalised to our names;
                       the sides as written in ``source_actor1``, ``source_actor2``
``where_prec``         ``geo_precision`` (by meaning: 2 "within ~25 km of a named
                       place" is ACLED's 2 "near it") and ``uncertainty_m``, see
                       :data:`WHERE_PREC`
``code_status``        ``Clear`` (or absent) → status verified; anything else
                       (``Check deaths``, ``Check dyad`` ...) → draft, the status kept
                       in ``status_reason``
``type_of_violence``,  kept as columns of the same names (``date_end`` as
``date_end``,          ``YYYY-MM-DD``)
``deaths_*``
``best``, ``low``,     ``fatalities``, ``fatalities_low``, ``fatalities_high``
``high``               (``best_est``/``low_est``/``high_est`` in API-style files);
                       a row with low > high keeps best and drops the range
``source_article``     ``source``
``country``            ``iso3`` and ``country`` (checked against the coordinates)
``adm_1``, ``adm_2``   ``admin1``, ``admin2`` without "region"/"province"/...;
                       admin1 is then matched to the boundary names
=====================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from events.importers.actors import normalise_actor, split_ucdp_side
from events.importers.columns import (
    Reasons,
    TextCells,
    arrow_cells,
    column_frame,
    join_cells,
    label_cells,
    map_unique,
    map_values,
    parse_dates,
    parse_floats,
    parse_ints,
    parse_optional_ints,
)
from events.importers.common import (
    country_iso3,
    country_name,
    strip_suffix,
)
from events.model import EventType, Status

ID_PREFIX = "ucdp-"
REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
)
#: The GED fatality columns under their two spellings (download files, API).
FATALITY_COLUMNS: dict[str, tuple[str, str]] = {
    "best": ("best", "best_est"),
    "low": ("low", "low_est"),
    "high": ("high", "high_est"),
}
#: GED ``where_prec`` → (our geo_precision, uncertainty radius in metres), by meaning.
#: 1 the exact place (a town's extent) → 1 the named place; 2 within ~25 km of a
#: named place (UCDP's definition) → 2 near a named place; 3 only the adm-2 unit (a
#: Sahel cercle/department spans ~50 km) → 2 part of a region; 4 only the adm-1
#: region → 3; 5 a linear feature or an area between places (~100 km) → 3;
#: 6 only the country, 7 international waters or airspace → 3.
WHERE_PREC: dict[int, tuple[int, float]] = {
    1: (1, 2_000.0),
    2: (2, 25_000.0),
    3: (2, 50_000.0),
    4: (3, 150_000.0),
    5: (3, 100_000.0),
    6: (3, 500_000.0),
    7: (3, 500_000.0),
}
#: GED ``date_prec`` → our time_precision.
DATE_PREC: dict[int, int] = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}
#: GED ``type_of_violence`` → (event type, sub-event type).
VIOLENCE_TYPES: dict[int, tuple[EventType, str]] = {
    1: (EventType.BATTLES, "Armed clash"),
    2: (EventType.BATTLES, "Armed clash"),
    3: (EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack"),
}
_ADMIN_SUFFIXES = ("region", "province", "department", "cercle", "district", "state")
_PLACE_SUFFIXES = ("city", "town", "village")


def check_columns(columns: list[str]) -> list[str]:
    """Return the GED columns missing from a header (both fatality spellings accepted)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for name, spellings in FATALITY_COLUMNS.items():
        if not any(s in columns for s in spellings):
            missing.append(name)
    return missing


#: The columns :func:`to_columns` reads.
USED_COLUMNS: tuple[str, ...] = (
    *REQUIRED_COLUMNS,
    *(s for spellings in FATALITY_COLUMNS.values() for s in spellings),
    "relid",
    "conflict_name",
    "source_article",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "code_status",
)
#: GED ``code_status`` values of a fully checked row.
CLEAR_STATUSES = frozenset({"", "clear"})
#: The GED death counts kept as columns.
DEATH_COLUMNS: tuple[str, ...] = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")


def to_columns(cells: pd.DataFrame, reasons: Reasons) -> pd.DataFrame:
    """Map GED rows (text cells) to event columns; bad rows get a reason naming the column.

    The reasons, and their order within a row, are those of the GED codebook checks:
    id, coordinates, violence type, precisions, country, fatalities, side A, date.
    """
    text = TextCells(cells)
    ged_id = text["id"]
    reasons.add(ged_id == "", lambda idx: ["id is missing"] * len(idx))
    latitude = parse_floats(text["latitude"], "latitude", reasons)
    longitude = parse_floats(text["longitude"], "longitude", reasons)
    violence = _parse_code(
        text, "type_of_violence", VIOLENCE_TYPES, "is not 1, 2 or 3 (unknown event type)", reasons
    )
    where_prec = _parse_code(text, "where_prec", WHERE_PREC, "is not 1-7", reasons)
    date_prec = _parse_code(text, "date_prec", DATE_PREC, "is not 1-5", reasons)
    iso3 = _parse_country(text["country"], reasons)
    best, low, high = (_fatalities(text, name, reasons) for name in ("best", "low", "high"))
    east = np.where(longitude >= 10.0, "\x1feast", "")
    actor1, assoc1 = _sides(text["side_a"] + east)
    actor2, assoc2 = _sides(text["side_b"] + east)
    reasons.add(actor1 == "", lambda idx: ["side_a is missing"] * len(idx))
    event_date = parse_dates(text["date_start"], "date_start", reasons)
    date_end = _date_end(text["date_end"], event_date, reasons)
    deaths = {c: _deaths(text[c], c, reasons) for c in DEATH_COLUMNS}
    checked = np.array([s.casefold() in CLEAR_STATUSES for s in text["code_status"]], bool)
    inverted = low > high
    notes = _notes(cells)
    for i in np.flatnonzero(inverted):
        # GED has a few rows with low > high (e.g. low 46, high 0): keep best, drop
        # the range rather than the event, and say so
        notes[i] += f" UCDP range inconsistent (low {low[i]}, high {high[i]}): range dropped."
    kinds = [VIOLENCE_TYPES.get(v, VIOLENCE_TYPES[1]) for v in range(4)]
    location = map_values(text["where_coordinates"], lambda v: strip_suffix(v, _PLACE_SUFFIXES))
    return column_frame(
        {
            "event_id": ID_PREFIX + ged_id,
            "event_date": event_date,
            "time_precision": np.array([DATE_PREC.get(d, 1) for d in range(6)])[date_prec],
            "event_type": np.array([k[0].value for k in kinds], dtype=object)[violence],
            "sub_event_type": np.array([k[1] for k in kinds], dtype=object)[violence],
            "actor1": actor1,
            "assoc_actor_1": assoc1,
            "actor2": actor2,
            "assoc_actor_2": assoc2,
            "iso3": iso3,
            "country": map_values(iso3 + "\x1f" + text["country"], _country_name),
            "admin1": map_values(text["adm_1"], lambda v: strip_suffix(v, _ADMIN_SUFFIXES)),
            "admin2": map_values(text["adm_2"], lambda v: strip_suffix(v, _ADMIN_SUFFIXES)),
            "location": np.where(location != "", location, text["where_description"]),
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": np.array([WHERE_PREC.get(w, (1, 0.0))[0] for w in range(8)])[
                where_prec
            ],
            "uncertainty_m": np.array([WHERE_PREC.get(w, (1, 0.0))[1] for w in range(8)])[
                where_prec
            ],
            "fatalities": best,
            "fatalities_low": _unless(low, inverted),
            "fatalities_high": _unless(high, inverted),
            "source": pd.array(arrow_cells(cells, "source_article"), dtype="str"),
            "notes": notes,
            "language": "en",
            "status": np.where(checked, Status.VERIFIED.value, Status.DRAFT.value).astype(object),
            "status_reason": np.where(
                checked, "", "UCDP code_status: " + text["code_status"]
            ).astype(object),
            "source_actor1": text["side_a"],
            "source_actor2": text["side_b"],
            "type_of_violence": pd.array(np.where(violence > 0, violence, 1), dtype="Int64"),
            "date_end": date_end,
            **deaths,
        }
    )


def _parse_code(
    text: dict[str, np.ndarray],
    column: str,
    table: Mapping[int, object],
    problem: str,
    reasons: Reasons,
) -> np.ndarray:
    """Parse a GED code; out-of-table codes are rejected and become 0 (never indexed)."""
    values = parse_ints(text[column], column, reasons)
    known = np.isin(values, list(table))
    reasons.add(~known, lambda idx: [f"{column} {int(values[i])!r} {problem}" for i in idx])
    return np.where(known, values, 0)


def _deaths(values: np.ndarray, column: str, reasons: Reasons) -> pd.api.extensions.ExtensionArray:
    """Parse a GED death count where given (``<NA>`` where blank); negative counts are rejected."""
    counts = parse_optional_ints(values, column, reasons)
    numbers = counts.to_numpy(dtype=object, na_value=None)
    negative = np.array([v is not None and v < 0 for v in numbers], dtype=bool)
    reasons.add(negative, lambda idx: [f"{column} {numbers[i]!r} is negative" for i in idx])
    return counts


def _date_end(values: np.ndarray, start: np.ndarray, reasons: Reasons) -> np.ndarray:
    """Parse ``date_end`` where given (ISO text, ``""`` where blank); never before the start."""
    given = values != ""
    sub = Reasons(int(given.sum()))
    parsed = np.full(len(values), "", dtype=object)
    parsed[given] = parse_dates(values[given], "date_end", sub)
    errors = np.full(len(values), None, dtype=object)
    errors[given] = sub.values
    reasons.add_errors(errors)
    early = given & pd.isna(errors) & (parsed < start)
    reasons.add(early, lambda idx: [f"date_end {values[i]!r} is before date_start" for i in idx])
    return parsed


def _parse_country(names: np.ndarray, reasons: Reasons) -> np.ndarray:
    found, errors = map_unique(names, country_iso3)
    reasons.add_errors(errors)
    return np.where(pd.isna(errors), found, "").astype(object)


def _fatalities(text: dict[str, np.ndarray], name: str, reasons: Reasons) -> np.ndarray:
    """Parse the first spelling of a fatality column with a value (``best``, ``best_est``)."""
    result = np.zeros(len(reasons.values), dtype=np.int64)
    pending = np.ones(len(result), dtype=bool)
    for column in FATALITY_COLUMNS[name]:
        given = pending & (text[column] != "")
        if given.any():
            sub = Reasons(int(given.sum()))
            values = parse_ints(text[column][given], column, sub)
            sub.add_errors(_negative(values, column))
            errors = np.full(len(result), None, dtype=object)
            errors[given] = sub.values
            reasons.add_errors(errors)
            result[given] = values
        pending &= ~given
    reasons.add(pending, lambda idx: [f"{name} (or {name}_est) is missing"] * len(idx))
    return result


def _negative(values: np.ndarray, column: str) -> np.ndarray:
    errors = np.full(len(values), None, dtype=object)
    for i in np.flatnonzero(values < 0):
        errors[i] = f"{column} {int(values[i])!r} is negative"
    return errors


def _unless(values: np.ndarray, dropped: np.ndarray) -> pd.api.extensions.ExtensionArray:
    out = pd.array(values, dtype="Int64")
    out[dropped] = pd.NA
    return out


def _sides(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map each side (``name, name`` plus an east-of-10°E flag) to its actor and the others."""
    codes, uniques = pd.factorize(keys)
    first, rest = [], []
    for key in uniques:
        side, _, east = str(key).partition("\x1f")
        longitude = 10.0 if east else None
        names = [normalise_actor(a, longitude=longitude) for a in split_ucdp_side(side)]
        first.append(names[0] if names else "")
        rest.append("; ".join(names[1:]))
    return np.array(first, dtype=object)[codes], np.array(rest, dtype=object)[codes]


def _country_name(key: str) -> str:
    iso3, _, given = key.partition("\x1f")
    return country_name(iso3, given)


_DEATHS = (
    ("deaths_a", "side A"),
    ("deaths_b", "side B"),
    ("deaths_civilians", "civilians"),
    ("deaths_unknown", "unknown"),
)


def _notes(cells: pd.DataFrame) -> np.ndarray:
    """``UCDP GED <relid>. conflict: ... where: ... dates: ... deaths: ...`` per row.

    Built with Arrow's string kernels; blank cells are left out with their labels.
    """

    def cell(column: str) -> pa.Array:
        return arrow_cells(cells, column)

    start = pc.utf8_slice_codeunits(cell("date_start"), 0, 10)
    end = pc.utf8_slice_codeunits(cell("date_end"), 0, 10)
    spans = pc.and_(pc.not_equal(end, ""), pc.not_equal(end, start))
    relid = cell("relid")
    parts = [
        label_cells("UCDP GED ", pc.if_else(pc.equal(relid, ""), cell("id"), relid)),
        label_cells("conflict: ", cell("conflict_name")),
        label_cells(
            "where: ", join_cells([cell(c) for c in ("where_description", "adm_1", "adm_2")], "; ")
        ),
        label_cells("dates: ", pc.if_else(spans, join_cells([start, end], " to "), "")),
        label_cells(
            "deaths: ", join_cells([label_cells(f"{lab} ", cell(c)) for c, lab in _DEATHS], ", ")
        ),
    ]
    notes = pc.binary_join_element_wise(join_cells(parts, ". "), ".", "")
    return np.asarray(notes.to_numpy(zero_copy_only=False), dtype=object)
