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
                       become the associated actors), normalised to our names
``where_prec``         ``geo_precision`` and ``uncertainty_m``, see
                       :data:`WHERE_PREC`
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

from events.importers.actors import normalise_actor, split_ucdp_side
from events.importers.common import (
    RowError,
    country_iso3,
    country_name,
    parse_date,
    parse_float,
    parse_int,
    strip_suffix,
    text,
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
#: GED ``where_prec`` → (our geo_precision, uncertainty radius in metres).
#: 1 the exact place (a town's extent); 2 within ~25 km of a named place (UCDP's
#: definition); 3 only the adm-2 unit (a Sahel cercle/department spans ~50 km);
#: 4 only the adm-1 region; 5 a linear feature or an area between places;
#: 6 only the country; 7 international waters or airspace.
WHERE_PREC: dict[int, tuple[int, float]] = {
    1: (1, 2_000.0),
    2: (1, 25_000.0),
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


def to_record(raw: dict[str, str]) -> dict[str, object]:
    """Map one GED row to a flat event record (validated later as an :class:`Event`).

    Raises
    ------
    RowError
        On a missing or unparseable value, naming the column.
    """
    ged_id = text(raw, "id")
    if not ged_id:
        raise RowError("id is missing")
    latitude = parse_float(raw, "latitude")
    longitude = parse_float(raw, "longitude")
    violence = parse_int(raw, "type_of_violence")
    if violence not in VIOLENCE_TYPES:
        raise RowError(f"type_of_violence {violence!r} is not 1, 2 or 3 (unknown event type)")
    event_type, sub_event_type = VIOLENCE_TYPES[violence]
    where_prec = parse_int(raw, "where_prec")
    if where_prec not in WHERE_PREC:
        raise RowError(f"where_prec {where_prec!r} is not 1-7")
    geo_precision, uncertainty_m = WHERE_PREC[where_prec]
    date_prec = parse_int(raw, "date_prec")
    if date_prec not in DATE_PREC:
        raise RowError(f"date_prec {date_prec!r} is not 1-5")
    iso3 = country_iso3(text(raw, "country"))
    best, low, high = (_fatality(raw, name) for name in ("best", "low", "high"))
    side_a = [normalise_actor(a, longitude=longitude) for a in split_ucdp_side(text(raw, "side_a"))]
    side_b = [normalise_actor(a, longitude=longitude) for a in split_ucdp_side(text(raw, "side_b"))]
    if not side_a:
        raise RowError("side_a is missing")
    location = strip_suffix(text(raw, "where_coordinates"), _PLACE_SUFFIXES)
    notes = _notes(raw)
    if low > high:
        # GED has a few rows with low > high (e.g. low 46, high 0): keep best, drop
        # the range rather than the event, and say so
        notes += f" UCDP range inconsistent (low {low}, high {high}): range dropped."
        low_out: int | None = None
        high_out: int | None = None
    else:
        low_out, high_out = low, high
    return {
        "event_id": f"{ID_PREFIX}{ged_id}",
        "event_date": parse_date(raw, "date_start"),
        "time_precision": DATE_PREC[date_prec],
        "event_type": event_type.value,
        "sub_event_type": sub_event_type,
        "actor1": side_a[0],
        "assoc_actor_1": "; ".join(side_a[1:]),
        "actor2": side_b[0] if side_b else "",
        "assoc_actor_2": "; ".join(side_b[1:]),
        "iso3": iso3,
        "country": country_name(iso3, text(raw, "country")),
        "admin1": strip_suffix(text(raw, "adm_1"), _ADMIN_SUFFIXES),
        "admin2": strip_suffix(text(raw, "adm_2"), _ADMIN_SUFFIXES),
        "location": location or text(raw, "where_description"),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision,
        "uncertainty_m": uncertainty_m,
        "fatalities": best,
        "fatalities_low": low_out,
        "fatalities_high": high_out,
        "source": text(raw, "source_article"),
        "notes": notes,
        "language": "en",
        "status": Status.VERIFIED.value,
    }


def _fatality(raw: dict[str, str], name: str) -> int:
    for column in FATALITY_COLUMNS[name]:
        if text(raw, column):
            value = parse_int(raw, column)
            if value < 0:
                raise RowError(f"{column} {value!r} is negative")
            return value
    raise RowError(f"{name} (or {name}_est) is missing")


def _notes(raw: dict[str, str]) -> str:
    parts = [f"UCDP GED {text(raw, 'relid') or text(raw, 'id')}"]
    if text(raw, "conflict_name"):
        parts.append(f"conflict: {text(raw, 'conflict_name')}")
    where = "; ".join(
        v for v in (text(raw, "where_description"), text(raw, "adm_1"), text(raw, "adm_2")) if v
    )
    if where:
        parts.append(f"where: {where}")
    if text(raw, "date_end") and text(raw, "date_end")[:10] != text(raw, "date_start")[:10]:
        parts.append(f"dates: {text(raw, 'date_start')[:10]} to {text(raw, 'date_end')[:10]}")
    deaths = [
        f"{label} {text(raw, col)}"
        for col, label in (
            ("deaths_a", "side A"),
            ("deaths_b", "side B"),
            ("deaths_civilians", "civilians"),
            ("deaths_unknown", "unknown"),
        )
        if text(raw, col)
    ]
    if deaths:
        parts.append("deaths: " + ", ".join(deaths))
    return ". ".join(parts) + "."
