"""ACLED export rows to event records, and ACLED's attribution.

ACLED data is never shipped with this project (its terms forbid redistribution):
users import their own exports. Imported rows keep an ``ACLED`` marker (event ids
``"acled-<event_id_cnty>"`` and sources starting ``"ACLED: "``) so the app can show
ACLED's required attribution whenever such rows are on screen.

Inter codes (``inter1``, ``inter2``, ``interaction``) may be numbers (exports
before 2024) or text (later exports); both are accepted, checked and kept in the
notes as text.
"""

from __future__ import annotations

import re

import pandas as pd

from events.importers.actors import normalise_actor
from events.importers.common import (
    ISO_NUMERIC,
    UNCERTAINTY_BY_GEO_PRECISION,
    RowError,
    country_iso3,
    country_name,
    parse_date,
    parse_float,
    parse_int,
    text,
)
from events.model import Status, split_actors

ID_PREFIX = "acled-"
SOURCE_PREFIX = "ACLED: "
#: Shown wherever ACLED rows are displayed (ACLED's Terms of Use require it).
ACLED_ATTRIBUTION = (
    "Contains data from the Armed Conflict Location & Event Data Project (ACLED), "
    "www.acleddata.com, imported by the user; ACLED data may not be redistributed."
)
#: The codebook's columns.
COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)
#: ACLED's actor categories: numeric code → text.
INTER_CODES: dict[int, str] = {
    0: "",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_BY_TEXT = {v.casefold(): v for v in INTER_CODES.values() if v}
_INTERACTION_TEXT = re.compile(r"^(?P<a>[^-]+?)(?:-(?P<b>.+)| only)?$", re.IGNORECASE)


def check_columns(columns: list[str]) -> list[str]:
    """Return the required codebook columns missing from a header."""
    return [c for c in REQUIRED_COLUMNS if c not in columns]


def to_record(raw: dict[str, str]) -> dict[str, object]:
    """Map one ACLED row to a flat event record (validated later as an :class:`Event`).

    Raises
    ------
    RowError
        On a missing or unparseable value, naming the column.
    """
    event_id = text(raw, "event_id_cnty")
    if not event_id:
        raise RowError("event_id_cnty is missing")
    latitude = parse_float(raw, "latitude")
    longitude = parse_float(raw, "longitude")
    iso3 = country_iso3(text(raw, "country"))
    if text(raw, "iso"):
        numeric = parse_int(raw, "iso")
        if ISO_NUMERIC.get(numeric, iso3) != iso3:
            raise RowError(
                f"iso {numeric} ({ISO_NUMERIC[numeric]}) does not match "
                f"country {text(raw, 'country')!r} ({iso3})"
            )
    inter1 = parse_inter(text(raw, "inter1"), "inter1")
    inter2 = parse_inter(text(raw, "inter2"), "inter2")
    _check_interaction(text(raw, "interaction"))
    geo_precision = parse_int(raw, "geo_precision")
    source = text(raw, "source")
    notes = text(raw, "notes")
    inter = "; ".join(f"{k}: {v}" for k, v in (("inter1", inter1), ("inter2", inter2)) if v)
    if inter:
        notes = f"{notes} [ACLED {inter}]".strip()
    return {
        "event_id": f"{ID_PREFIX}{event_id}",
        "event_date": parse_date(raw, "event_date"),
        "time_precision": parse_int(raw, "time_precision"),
        "event_type": text(raw, "event_type"),
        "sub_event_type": text(raw, "sub_event_type"),
        "actor1": normalise_actor(text(raw, "actor1")),
        "assoc_actor_1": _actors(text(raw, "assoc_actor_1")),
        "actor2": normalise_actor(text(raw, "actor2")),
        "assoc_actor_2": _actors(text(raw, "assoc_actor_2")),
        "iso3": iso3,
        "country": country_name(iso3, text(raw, "country")),
        "admin1": text(raw, "admin1"),
        "admin2": text(raw, "admin2"),
        "location": text(raw, "location"),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision,
        "uncertainty_m": UNCERTAINTY_BY_GEO_PRECISION.get(geo_precision, 0.0),
        "fatalities": parse_int(raw, "fatalities", default=0),
        "source": f"{SOURCE_PREFIX}{source}" if source else SOURCE_PREFIX.strip(),
        "notes": notes,
        "status": Status.VERIFIED.value,
    }


def parse_inter(value: str, column: str) -> str:
    """Return the text of an inter code given as a number ("1") or text ("State forces")."""
    if not value:
        return ""
    try:
        number = float(value)
    except ValueError:
        found = _INTER_BY_TEXT.get(value.strip().casefold())
        if found is None:
            raise RowError(f"{column} {value!r} is not an ACLED inter code") from None
        return found
    if not number.is_integer() or int(number) not in INTER_CODES:
        raise RowError(f"{column} {value!r} is not an ACLED inter code (0-8)")
    return INTER_CODES[int(number)]


def has_acled_rows(gdf: pd.DataFrame) -> bool:
    """Whether any row came from ACLED (so its attribution must be shown).

    Example
    -------
    >>> has_acled_rows(pd.DataFrame({"event_id": ["acled-MLI1"], "source": ["ACLED: AFP"]}))
    True
    """
    if gdf.empty:
        return False
    ids = gdf["event_id"].astype(str).str.startswith(ID_PREFIX)
    sources = gdf["source"].astype(str).str.startswith(SOURCE_PREFIX.strip())
    return bool((ids | sources).any())


def _actors(cell: str) -> str:
    return "; ".join(dict.fromkeys(normalise_actor(a) for a in split_actors(cell)))


def _check_interaction(value: str) -> None:
    if not value:
        return
    if value.isdigit():
        for digit in value:
            if int(digit) not in INTER_CODES:
                raise RowError(f"interaction {value!r} is not an ACLED interaction code")
        return
    match = _INTERACTION_TEXT.match(value.strip())
    parts = [match["a"], match["b"]] if match else [value]
    for part in parts:
        if part and part.strip().casefold() not in _INTER_BY_TEXT:
            raise RowError(f"interaction {value!r} is not an ACLED interaction")
