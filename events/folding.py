"""Offset-keeping text folding, shared by the actor registry and the extractors.

Matching works on a *folded* copy of the report (lower case, no accents, one Arabic
alef, no diacritics or tatweel, ASCII digits, one space between words) and every
match is mapped back to the original text, so evidence quotes are exact slices.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    "ـ": "",  # tatweel
    "«": " ",
    "»": " ",
    "،": ",",
    "؛": ";",
    "؟": "?",
}
_SPACES = set(" \t\n\r\f\v\u00a0\u2009\u202f\u200b-‐‑‒–—'’‘ʼ`´\"“”")
_PUNCT_SPACE = "\u200c\u200d\u200e\u200f"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _ARABIC_MAP:
        return _ARABIC_MAP[ch]
    if ch in _SPACES:
        return " "
    if ch in _PUNCT_SPACE:
        return ""
    code = ord(ch)
    if 0x064B <= code <= 0x065F or code == 0x0670:  # harakat, shadda, sukun, dagger alef
        return ""
    if 0x0660 <= code <= 0x0669:
        return chr(code - 0x0660 + 48)
    if 0x06F0 <= code <= 0x06F9:
        return chr(code - 0x06F0 + 48)
    if code < 128:
        return ch.lower()
    if ch == "œ" or ch == "Œ":
        return "oe"
    if ch == "æ" or ch == "Æ":
        return "ae"
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.lower()


def fold_pattern(pattern: str) -> str:
    """Fold the letters of a regex or word list the way reports are folded.

    Word lists are written as people spell ("جرحى", "تبنى", "présumé"), but they are
    matched against folded text ("جرحي", "تبني", "presume"): folding every non-ASCII
    character of the pattern (regex syntax is ASCII) makes each entry match itself.

    Example
    -------
    >>> fold_pattern(r"(?:قتلى|جرحى|blessés)") == r"(?:قتلي|جرحي|blesses)"
    True
    """
    return "".join(ch if ord(ch) < 128 else _fold_char(ch) for ch in pattern)


def compile_folded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a regex that is matched against folded text, folding its letters first."""
    return re.compile(fold_pattern(pattern), flags)


def fold(text: str) -> str:
    """Fold a short string (an alias, a keyword) the way :class:`FoldedText` folds a report.

    Example
    -------
    >>> fold("Ménaka-Centre") == fold("menaka centre")
    True
    """
    return FoldedText(text).folded.strip()


class FoldedText:
    """A report with its folded copy and the map from folded to original offsets."""

    __slots__ = ("folded", "offsets", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        out: list[str] = []
        offsets: list[int] = []
        last_space = True
        for i, ch in enumerate(text):
            folded = _fold_char(ch)
            for f in folded:
                if f == " ":
                    if last_space:
                        continue
                    last_space = True
                else:
                    last_space = False
                out.append(f)
                offsets.append(i)
        offsets.append(len(text))
        self.folded = "".join(out)
        self.offsets = offsets

    def span(self, fstart: int, fend: int) -> tuple[int, int]:
        """Map a folded ``[fstart, fend)`` span to the original text."""
        start = self.offsets[fstart]
        end = self.offsets[fend - 1] + 1 if fend > fstart else start
        # extend over combining marks and tatweel that folding dropped inside the last char
        while end < len(self.text) and _fold_char(self.text[end]) == "":
            end += 1
        return start, end


def trie_pattern(words: list[str]) -> str:
    """Return a regex alternation of ``words`` factored as a trie (fast, longest first).

    Example
    -------
    >>> re.fullmatch(trie_pattern(["mali", "malien", "niger"]), "malien") is not None
    True
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    end = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in node.items() if ch]
    # longer branches first: re alternation is leftmost-first, we want the longest alias
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if end else body
