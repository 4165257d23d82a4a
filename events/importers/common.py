"""Shared parsing for the importers: row errors, numbers, dates, countries, precision.

Every parser raises :class:`RowError` with a reason that names the column and the
bad value; the import pipeline turns it into a reject with the row's line number.
"""

from __future__ import annotations

import datetime as dt
import re

from geo.normalize import normalize_name


class RowError(ValueError):
    """One input row cannot be mapped to an event; the message names column and value."""


#: Radius of the circle the event lies in, by our geo_precision (1 place, 2 near it or
#: part of a district, 3 only the region known), used when a source gives no radius.
UNCERTAINTY_BY_GEO_PRECISION: dict[int, float] = {1: 2_000.0, 2: 25_000.0, 3: 100_000.0}

#: ISO 3166-1 alpha-3 by (normalised) country name, as UCDP, ACLED and Natural Earth
#: spell the countries of the region and its neighbours.
_COUNTRY_NAMES: dict[str, str] = {
    "mali": "MLI",
    "burkina faso": "BFA",
    "niger": "NER",
    "nigeria": "NGA",
    "chad": "TCD",
    "tchad": "TCD",
    "mauritania": "MRT",
    "mauritanie": "MRT",
    "algeria": "DZA",
    "algerie": "DZA",
    "senegal": "SEN",
    "guinea": "GIN",
    "guinee": "GIN",
    "guinea bissau": "GNB",
    "gambia": "GMB",
    "gambia the": "GMB",
    "sierra leone": "SLE",
    "liberia": "LBR",
    "ivory coast": "CIV",
    "cote d ivoire": "CIV",
    "ghana": "GHA",
    "togo": "TGO",
    "benin": "BEN",
    "cameroon": "CMR",
    "cameroun": "CMR",
    "libya": "LBY",
    "libye": "LBY",
    "sudan": "SDN",
    "soudan": "SDN",
    "morocco": "MAR",
    "maroc": "MAR",
    "western sahara": "ESH",
    "central african republic": "CAF",
}
#: ISO 3166-1 numeric (ACLED's ``iso`` column) to alpha-3.
ISO_NUMERIC: dict[int, str] = {
    466: "MLI",
    854: "BFA",
    562: "NER",
    566: "NGA",
    148: "TCD",
    478: "MRT",
    12: "DZA",
    686: "SEN",
    324: "GIN",
    624: "GNB",
    270: "GMB",
    694: "SLE",
    430: "LBR",
    384: "CIV",
    288: "GHA",
    768: "TGO",
    204: "BEN",
    120: "CMR",
    434: "LBY",
    729: "SDN",
    504: "MAR",
    732: "ESH",
    140: "CAF",
}
#: Our country names (as in the seed events) by alpha-3.
COUNTRY_BY_ISO3: dict[str, str] = {
    "MLI": "Mali",
    "BFA": "Burkina Faso",
    "NER": "Niger",
    "NGA": "Nigeria",
    "TCD": "Chad",
    "MRT": "Mauritania",
    "DZA": "Algeria",
    "SEN": "Senegal",
    "GIN": "Guinea",
    "GNB": "Guinea-Bissau",
    "GMB": "Gambia",
    "SLE": "Sierra Leone",
    "LBR": "Liberia",
    "CIV": "Côte d'Ivoire",
    "GHA": "Ghana",
    "TGO": "Togo",
    "BEN": "Benin",
    "CMR": "Cameroon",
    "LBY": "Libya",
    "SDN": "Sudan",
    "MAR": "Morocco",
    "ESH": "Western Sahara",
    "CAF": "Central African Republic",
}

_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def text(raw: dict[str, str], column: str) -> str:
    """Return the stripped text of ``column`` (``""`` when absent)."""
    value = raw.get(column)
    return "" if value is None else str(value).strip()


def parse_float(raw: dict[str, str], column: str) -> float:
    """Parse a required number, e.g. a coordinate."""
    value = text(raw, column)
    if not value:
        raise RowError(f"{column} is missing")
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise RowError(f"{column} {value!r} is not a number") from None


def parse_int(raw: dict[str, str], column: str, *, default: int | None = None) -> int:
    """Parse an integer; a blank cell gives ``default`` (or an error when it is ``None``)."""
    value = text(raw, column)
    if not value:
        if default is None:
            raise RowError(f"{column} is missing")
        return default
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{column} {value!r} is not an integer") from None
    if not number.is_integer():
        raise RowError(f"{column} {value!r} is not an integer")
    return int(number)


def parse_date(raw: dict[str, str], column: str) -> str:
    """Parse a date as ISO ``YYYY-MM-DD``.

    Accepts ISO dates (with an optional time, as GED 25.1 writes them) and ACLED's
    older ``17 September 2024`` / ``17-September-2024`` spellings. Day-first or
    month-first numeric dates are refused: they are ambiguous.
    """
    value = text(raw, column)
    if not value:
        raise RowError(f"{column} is missing")
    match = _ISO_DATE.match(value)
    try:
        if match:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        for fmt in _MONTH_FORMATS:
            try:
                return dt.datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
    except ValueError:
        pass
    raise RowError(f"{column} {value!r} is not a date (YYYY-MM-DD)")


def country_iso3(name: str, *, column: str = "country") -> str:
    """Return the alpha-3 code of a country name, or raise :class:`RowError`."""
    key = normalize_name(name)
    if not key:
        raise RowError(f"{column} is missing")
    iso3 = _COUNTRY_NAMES.get(key)
    if iso3 is None:
        raise RowError(f"{column} {name!r} is not a known country")
    return iso3


def country_name(iso3: str, given: str) -> str:
    """Return our spelling of the country of ``iso3`` (``given`` if we have none)."""
    return COUNTRY_BY_ISO3.get(iso3, given)


def strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    """Drop a trailing unit word ("Mopti region" -> "Mopti")."""
    for suffix in suffixes:
        if name.lower().endswith(" " + suffix):
            return name[: -len(suffix) - 1].strip()
    return name
