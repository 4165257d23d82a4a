"""ACLED event type and sub-type from cue words; the deciding cue is the evidence.

Cues are words or phrases in Arabic, French and English ("اشتباكات", "embuscade",
"drone strike"), listed in ``lexicons/cues.csv``. Each has a *family* (attack, clash,
explosion, civilian violence, riot, protest, strategic) and an ACLED type/sub-type.
The final choice also looks at
who was acted on: an attack on civilians is "Violence against civilians", an attack
on an armed actor a "Battles / Armed clash".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events.model import EventType
from extract.lexicon import load_lexicon
from extract.text import FoldedText, trie_pattern


@dataclass(frozen=True)
class Cue:
    """A cue word in the report: ``text[start:end] == quote``."""

    family: str
    event_type: EventType
    sub_event_type: str
    rank: int
    start: int
    end: int
    quote: str


class CueMatcher:
    """The compiled cue lexicon.

    Example
    -------
    >>> [c.sub_event_type for c in CueMatcher().find("Une frappe de drone a visé Ménaka.")]
    ['Air/drone strike']
    """

    def __init__(self) -> None:
        self._by_phrase: dict[str, tuple[str, EventType, str, int]] = {}
        for term in load_lexicon("cues"):
            family, etype, sub, rank = term.values
            self._by_phrase.setdefault(term.phrase, (family, EventType(etype), sub, int(rank)))
        self._rx = re.compile(
            rf"(?<!\w)(?:[وفبل]{{1,2}}(?=ال|\w))?(?P<c>{trie_pattern(sorted(self._by_phrase))})(?!\w)"
        )

    def find(self, text: str | FoldedText) -> list[Cue]:
        """Return every cue of ``text`` in order."""
        ft = text if isinstance(text, FoldedText) else FoldedText(text)
        cues = []
        for m in self._rx.finditer(ft.folded):
            family, etype, sub, rank = self._by_phrase[m["c"]]
            start, end = ft.span(m.start("c"), m.end("c"))
            cues.append(Cue(family, etype, sub, rank, start, end, ft.text[start:end]))
        return cues


VIOLENT_FAMILIES = frozenset({"explosion", "civilian", "territory", "clash", "attack", "riot"})


def decide_type(
    cues: Sequence[Cue], *, target_is_civilian: bool, armed_opponent: bool
) -> tuple[EventType, str, Cue] | None:
    """Pick the ACLED type and sub-type from the cues of one event.

    An attack whose only target is civilians is "Violence against civilians /
    Attack"; with an armed opponent it is "Battles / Armed clash". The most
    specific cue (highest rank, first in the text on a tie) decides otherwise.
    Returns ``None`` when there is no cue.
    """
    if not cues:
        return None
    best = max(cues, key=lambda c: (c.rank, -c.start))
    if best.family in ("attack", "clash") and target_is_civilian and not armed_opponent:
        return EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", best
    if best.family == "civilian" and best.sub_event_type == "Attack" and armed_opponent:
        return EventType.BATTLES, "Armed clash", best
    return best.event_type, best.sub_event_type, best
