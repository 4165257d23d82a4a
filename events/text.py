"""Offset-keeping text folding and sentence spans, shared by the extractors.

Matching works on a *folded* copy of the report (lower case, no accents, one Arabic
alef, no diacritics or tatweel, ASCII digits, one space between words) and every
match is mapped back to the original text, so evidence quotes are exact slices.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Span:
    """A slice of the report text: ``text[start:end] == quote``."""

    start: int
    end: int
    quote: str


def make_span(text: str, start: int, end: int) -> Span:
    """Return the span ``[start, end)`` of ``text`` stripped of outer blanks and punctuation."""
    while start < end and (text[start].isspace() or text[start] in "،,.;:()«»“”\"'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,.;:()«»“”\"'"):
        end -= 1
    return Span(start, end, text[start:end])


_ABBREVIATIONS = frozenset(
    [
        "jan",
        "janv",
        "feb",
        "fev",
        "fevr",
        "mar",
        "apr",
        "avr",
        "jun",
        "jul",
        "juil",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mr",
        "mrs",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "cpt",
        "sgt",
        "m",
        "mm",
        "no",
    ]
)
_BOUNDARY = re.compile(r"[.!?؟]+[\"”»’)]*(?=\s)|\n+")


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans (never across a line break).

    A full stop after an abbreviation ("Sept. 17") or a single letter is not a boundary.
    """
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"(\w+)$", text[start : m.start()])
            if word and (
                fold(word.group(1)) in _ABBREVIATIONS
                or (len(word.group(1)) == 1 and word.group(1).isupper())
            ):
                continue
        end = m.end()
        span = make_span(text, start, end)
        if span.quote:
            spans.append(Span(span.start, span.end, span.quote))
        start = end
    tail = make_span(text, start, len(text))
    if tail.quote:
        spans.append(tail)
    return spans


def paragraph_ids(text: str, sentences: list[Span]) -> list[int]:
    """Return, for each sentence, the index of the paragraph (blank-line block) it is in."""
    breaks = [m.start() for m in re.finditer(r"\n", text)]
    ids = []
    j = 0
    for s in sentences:
        while j < len(breaks) and breaks[j] < s.start:
            j += 1
        ids.append(j)
    return ids


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
