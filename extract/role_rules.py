"""Roles that follow the text once the event type is known.

`assign_roles` scores who acts and who is acted on from the actor mentions; these
rules correct what only the event type tells: a coup is a military faction
against its government, an air or drone strike is the state's (or a foreign
force's), the victims of a mine or a suicide bomb never planted it, and an attack
on a village, a market or a wedding with no armed target is violence against
civilians.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon import lexicon_pattern, lexicon_phrases
from extract.roles import side_of
from extract.text import trie_pattern

__all__ = ["RoleFix", "find_civilian_word", "fix_roles"]

# Words saying the people acted on are civilians, or soldiers, or (when the state
# acts) armed groups; lexicons/targets.csv. Militants are an armed target only when the
# state is the perpetrator: "terroristes" attacking a village do not make it one.
_CIVILIAN_TARGET, _ARMED_TARGET, _MILITANT_TARGET = (
    re.compile(rf"(?<!\w)(?:{lexicon_pattern('targets', kind)})(?!\w)")
    for kind in ("civilian", "armed", "militant")
)
# Words saying the actor named before them was attacked (lexicons/victims.csv).
_VICTIM = re.compile(rf"(?<!\w)(?:{lexicon_pattern('victims')})(?!\w)")
_MUTINY = re.compile(rf"(?<!\w)(?:{lexicon_pattern('mutinies')})(?!\w)")
_OVERTHROW = re.compile(
    "(?<!\\w)(?:"
    + trie_pattern(sorted(set(lexicon_phrases("cues", "coup")) - set(lexicon_phrases("mutinies"))))
    + ")(?!\\w)"
)
_PLANTED = ("Remote explosive/landmine/IED", "Suicide bomb")


@dataclass(frozen=True)
class RoleFix:
    """The corrected actors of one event."""

    actor1: str
    actor2: str
    actor2_is_civilian: bool = False


def fix_roles(
    actor1: str,
    actor2: str,
    *,
    kinds: dict[str, str],
    family: str,
    sub_event_type: str,
    folded: str,
    country: str,
) -> RoleFix:
    """Return actor1 and actor2 corrected by the event type and the target words.

    Parameters
    ----------
    actor1, actor2 : str
        The roles chosen from the actor mentions ("" for none).
    kinds : dict
        Registry kind of each mentioned actor.
    family, sub_event_type : str
        The deciding cue's family and the ACLED sub-type.
    folded : str
        The folded sentences of the event.
    country : str
        The event's country ("Mali").

    Example
    -------
    >>> fix_roles("", "", kinds={}, family="coup", sub_event_type="Other",
    ...           folded="coup d etat", country="Mali").actor1
    'Military faction (Mali)'
    """
    side1 = side_of(actor1, kinds.get(actor1, "")) if actor1 else ""
    side2 = side_of(actor2, kinds.get(actor2, "")) if actor2 else ""
    if family == "coup":
        # soldiers mutinying turn on their own army; a coup overthrows the government
        mutiny = _MUTINY.search(folded) and not _OVERTHROW.search(folded)
        target = "Military Forces of" if mutiny else "Government of"
        return RoleFix(f"Military faction ({country})", f"{target} {country}")
    if sub_event_type in _PLANTED and side1 == "gov":
        # "two soldiers were killed when their vehicle hit an IED": the soldiers are victims
        return RoleFix("Unidentified armed group", actor1)
    if side1 == "gov" and sub_event_type != "Air/drone strike" and _VICTIM.search(folded):
        # "a unit of the army fell victim to an ambush": the state's forces are the target
        actor1, actor2 = (actor2 if side2 == "armed" else "Unidentified armed group"), actor1
        side1, side2 = ("armed" if side2 == "armed" else ""), "gov"
    if sub_event_type == "Air/drone strike" and side1 != "gov":
        if side2 == "gov":
            actor1, actor2, side2 = actor2, actor1, side1
        elif not actor1 or actor1.startswith("Unidentified"):
            actor1 = f"Military Forces of {country}"
    armed_target = _ARMED_TARGET.search(folded) is not None or (
        side1 == "gov" and _MILITANT_TARGET.search(folded) is not None
    )
    civilian = (
        family != "protest"  # protesters march; the people around them are not a target
        and not actor2
        and _CIVILIAN_TARGET.search(folded) is not None
        and not armed_target
    )
    if not actor2 and not civilian and side1 != "gov" and _ARMED_TARGET.search(folded):
        # "gunmen killed 12 soldiers": unnamed soldiers are the state's forces
        actor2 = f"Military Forces of {country}"
    return RoleFix(actor1, "Civilians" if civilian else actor2, civilian or side2 == "civ")


def find_civilian_word(folded: str) -> tuple[int, int] | None:
    """Return the folded span of the first word naming civilians as the target, or None."""
    m = _CIVILIAN_TARGET.search(folded)
    return (m.start(), m.end()) if m else None
