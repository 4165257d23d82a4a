"""Normalise the actor names of UCDP and ACLED to our canonical names.

Our names are the ACLED-style ones of ``events/data/actors.csv`` ("JNIM",
"Islamic State Sahel", "Military Forces of Mali"...). Lookup order: the table
below (UCDP's and ACLED's own spellings), then an exact alias of the actor
registry, then the name as given. Matching ignores case and accents.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.actors import load_actor_registry
from geo.normalize import normalize_name

ISLAMIC_STATE_SAHEL = "Islamic State Sahel"
ISLAMIC_STATE_WEST_AFRICA = "Islamic State West Africa"

_TABLE: dict[str, str] = {
    # UCDP codes every Islamic State branch as "IS"; see `normalise_actor` for Lake Chad.
    "is": ISLAMIC_STATE_SAHEL,
    "is sahel": ISLAMIC_STATE_SAHEL,
    "isgs": ISLAMIC_STATE_SAHEL,
    "issp": ISLAMIC_STATE_SAHEL,
    "islamic state sahel": ISLAMIC_STATE_SAHEL,
    "islamic state sahel province": ISLAMIC_STATE_SAHEL,
    "islamic state greater sahara": ISLAMIC_STATE_SAHEL,
    "islamic state in the greater sahara": ISLAMIC_STATE_SAHEL,
    "iswap": ISLAMIC_STATE_WEST_AFRICA,
    "islamic state west africa": ISLAMIC_STATE_WEST_AFRICA,
    "islamic state west africa province": ISLAMIC_STATE_WEST_AFRICA,
    "jnim": "JNIM",
    "jnim group for support of islam and muslims": "JNIM",
    "aqim": "AQIM",
    "aqim al qaeda in the islamic maghreb": "AQIM",
    "ansaroul islam": "Ansaroul Islam",
    "ansar dine": "Ansar Dine",
    "al murabitun": "Al-Mourabitoune",
    "al mourabitoune": "Al-Mourabitoune",
    "flm": "Katiba Macina",
    "katiba macina": "Katiba Macina",
    "dan na ambassagou": "Dan Na Ambassagou",
    "wagner": "Wagner Group",
    "wagner group": "Wagner Group",
    "civilians": "Civilians",
    "jas": "Boko Haram (JAS)",
    "boko haram jamaatu ahli is sunnah lid dawati wal jihad": "Boko Haram (JAS)",
    "mujao": "MUJAO",
    "mnla": "MNLA",
    "csp psd": "CSP-PSD",
    "vdp": "VDP",
    "volunteers for the defense of the homeland": "VDP",
    "unidentified armed group": "Unidentified armed group",
}
_GOVERNMENT = re.compile(r"^government of (?P<country>.+)$", re.IGNORECASE)
# ACLED's period marker: "Military Forces of Mali (2021-)", "(2012-2013)".
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)\s*$")
# ACLED's country marker on generic actors: "Civilians (Mali)".
_PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<inner>[^()]*)\)\s*$")
_LAKE_CHAD_MIN_LON = 10.0


def normalise_actor(name: str, *, longitude: float | None = None) -> str:
    """Return our canonical name for a UCDP or ACLED actor name (unknown names as given).

    Parameters
    ----------
    name : str
        One actor name.
    longitude : float, optional
        Where the event happened. UCDP calls both Islamic State branches "IS";
        east of 10°E (Niger's Diffa region, Lake Chad) that is the West Africa
        Province, not the Sahel Province.

    Examples
    --------
    >>> normalise_actor("Government of Mali")
    'Military Forces of Mali'
    >>> normalise_actor("Military Forces of Burkina Faso (2022-)")
    'Military Forces of Burkina Faso'
    >>> normalise_actor("IS")
    'Islamic State Sahel'
    """
    given = name.strip()
    if not given:
        return ""
    found = _lookup(_PERIOD.sub("", given))
    if found is None:
        paren = _PAREN.match(_PERIOD.sub("", given))
        if paren is not None:
            # only our own table here: the registry's alias "dozos" (Dan Na Ambassagou)
            # must not swallow UCDP's distinct "Dozos (Mali)"
            found = _TABLE.get(normalize_name(paren["base"]))
    if found is None and ":" in given:
        found = _lookup(given.split(":", 1)[0])
    if found is None:
        found = _PERIOD.sub("", given)
    if (
        found == ISLAMIC_STATE_SAHEL
        and longitude is not None
        and longitude >= _LAKE_CHAD_MIN_LON
        and normalize_name(given) == "is"
    ):
        return ISLAMIC_STATE_WEST_AFRICA
    return found


def split_ucdp_side(side: str) -> list[str]:
    """Split a UCDP side ("GATIA, MSA") into its actor names."""
    return [part.strip() for part in side.split(",") if part.strip()]


def _lookup(name: str) -> str | None:
    government = _GOVERNMENT.match(name.strip())
    if government is not None:
        return f"Military Forces of {government['country'].strip()}"
    key = normalize_name(name)
    if key in _TABLE:
        return _TABLE[key]
    return _registry_aliases().get(key)


@lru_cache(maxsize=1)
def _registry_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for entry in load_actor_registry().entries:
        if entry.is_generic:
            continue
        for alias in entry.aliases:
            aliases.setdefault(normalize_name(alias), entry.canonical)
    return aliases
