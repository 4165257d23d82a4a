"""ACLED export rows to event records, and ACLED's attribution.

ACLED data is never shipped with this project (its terms forbid redistribution):
users import their own exports. Imported rows keep an ``ACLED`` marker (event ids
``"acled-<event_id_cnty>"`` and sources starting ``"ACLED: "``) so the app can show
ACLED's required attribution whenever such rows are on screen.

Every codebook column is kept: ours where we have one, the others in the source
columns of :data:`events.frame.SOURCE_COLUMNS` (``disorder_type``, ``inter1`` ...,
``timestamp``), and ACLED's own actor names beside our canonical ones
(``source_actor1`` ...), so :mod:`events.acled_export` writes the file back as it
came. Inter codes (``inter1``, ``inter2``, ``interaction``) may be numbers (exports
before 2024) or text (later exports); both are accepted, checked and kept as text.
``year`` is the year of ``event_date`` (not stored).
"""

from __future__ import annotations

import re
from functools import partial

import numpy as np
import pandas as pd

from events.frame import ACTOR_COLUMNS
from events.importers.actors import normalise_actor
from events.importers.columns import (
    Reasons,
    column_frame,
    map_unique,
    map_values,
    parse_dates,
    parse_floats,
    parse_ints,
    parse_optional_ints,
    text_cells,
)
from events.importers.common import (
    ISO_NUMERIC,
    UNCERTAINTY_BY_GEO_PRECISION,
    RowError,
    country_iso3,
    country_name,
    parse_int,
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
#: The columns :func:`to_columns` reads (all of them: they are few).
USED_COLUMNS: tuple[str, ...] = COLUMNS
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


def to_columns(cells: pd.DataFrame, reasons: Reasons) -> pd.DataFrame:
    """Map ACLED rows (text cells) to event columns; bad rows get a reason naming the column.

    Checked in this order: event id, coordinates, country (and ``iso`` against it),
    inter codes, interaction, geo precision, date, time precision, fatalities.
    """
    text = {c: text_cells(cells, c) for c in COLUMNS}
    event_id = text["event_id_cnty"]
    reasons.add(event_id == "", lambda idx: ["event_id_cnty is missing"] * len(idx))
    latitude = parse_floats(text["latitude"], "latitude", reasons)
    longitude = parse_floats(text["longitude"], "longitude", reasons)
    iso3, errors = map_unique(text["country"], country_iso3)
    reasons.add_errors(errors)
    iso3 = np.where(pd.isna(errors), iso3, "").astype(object)
    _, errors = map_unique(iso3 + "\x1f" + text["country"] + "\x1f" + text["iso"], _check_iso)
    reasons.add_errors(errors)
    inter = {}
    for column in ("inter1", "inter2"):
        inter[column], errors = map_unique(
            text[column], partial(parse_inter, column=column), fill=""
        )
        reasons.add_errors(errors)
    _, errors = map_unique(text["interaction"], _check_interaction)
    reasons.add_errors(errors)
    interaction = _interaction_text(text["interaction"], inter["inter1"], inter["inter2"])
    timestamp = parse_optional_ints(text["timestamp"], "timestamp", reasons)
    geo_precision = parse_ints(text["geo_precision"], "geo_precision", reasons)
    event_date = parse_dates(text["event_date"], "event_date", reasons)
    time_precision = parse_ints(text["time_precision"], "time_precision", reasons)
    fatalities = parse_ints(text["fatalities"], "fatalities", reasons, default=0)
    source = text["source"]
    return column_frame(
        {
            "event_id": ID_PREFIX + event_id,
            "event_date": event_date,
            "time_precision": time_precision,
            "event_type": text["event_type"],
            "sub_event_type": text["sub_event_type"],
            "actor1": map_values(text["actor1"], normalise_actor),
            "assoc_actor_1": map_values(text["assoc_actor_1"], _actors),
            "actor2": map_values(text["actor2"], normalise_actor),
            "assoc_actor_2": map_values(text["assoc_actor_2"], _actors),
            "iso3": iso3,
            "country": map_values(iso3 + "\x1f" + text["country"], _country_name),
            "admin1": text["admin1"],
            "admin2": text["admin2"],
            "location": text["location"],
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": geo_precision,
            "uncertainty_m": [UNCERTAINTY_BY_GEO_PRECISION.get(g, 0.0) for g in geo_precision],
            "fatalities": fatalities,
            "source": np.where(source != "", SOURCE_PREFIX + source, SOURCE_PREFIX.strip()),
            "notes": text["notes"],
            "status": Status.VERIFIED.value,
            "disorder_type": text["disorder_type"],
            "civilian_targeting": text["civilian_targeting"],
            "inter1": inter["inter1"],
            "inter2": inter["inter2"],
            "interaction": interaction,
            "region": text["region"],
            "admin3": text["admin3"],
            "source_scale": text["source_scale"],
            "tags": text["tags"],
            "timestamp": timestamp,
            **{f"source_{c}": text[c] for c in ACTOR_COLUMNS},
        }
    )


def _check_iso(key: str) -> None:
    iso3, country, iso = key.split("\x1f")
    if not iso or not iso3:
        return
    numeric = parse_int({"iso": iso}, "iso")
    if ISO_NUMERIC.get(numeric, iso3) != iso3:
        raise RowError(
            f"iso {numeric} ({ISO_NUMERIC[numeric]}) does not match country {country!r} ({iso3})"
        )


def _country_name(key: str) -> str:
    iso3, _, given = key.partition("\x1f")
    return country_name(iso3, given)


def _interaction_text(given: np.ndarray, inter1: np.ndarray, inter2: np.ndarray) -> np.ndarray:
    """Return the interaction as text: a numeric code (``"12"``) from the row's inter texts."""
    numeric = np.array([v.isdigit() for v in given], dtype=bool)
    if not numeric.any():
        return given
    derived = np.where(inter2 != "", inter1 + "-" + inter2, inter1 + " only")
    return np.where(numeric, np.where(inter1 != "", derived, ""), given).astype(object)


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
    """Raise :class:`RowError` unless ``value`` is an ACLED interaction (code or text)."""
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
