"""Guess the language of a report: Arabic, French or English."""

from __future__ import annotations

import re

from extract.lexicon import load_lexicon

LANGUAGES = ("ar", "fr", "en")

_WORD = re.compile(r"[a-zà-ÿ']+")
# function words as written (the detector reads the raw lower-cased text)
_FR = frozenset(t.written for t in load_lexicon("function_words") if t.lang == "fr")
_EN = frozenset(t.written for t in load_lexicon("function_words") if t.lang == "en")


def detect_language(text: str) -> str:
    """Return ``"ar"``, ``"fr"`` or ``"en"`` for ``text`` (``"en"`` when undecidable).

    Arabic when at least a fifth of the letters are Arabic; otherwise the one of French
    and English whose function words are more frequent.

    Example
    -------
    >>> detect_language("Des hommes armés ont attaqué le poste de Boni hier.")
    'fr'
    """
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "en"
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    if arabic * 5 >= len(letters):
        return "ar"
    words = _WORD.findall(sample.lower())
    fr = sum(1 for w in words if w in _FR)
    en = sum(1 for w in words if w in _EN)
    return "fr" if fr > en else "en"
