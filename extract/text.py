"""Sentence and quote spans of a report; folding itself lives in :mod:`events.folding`.

The extractors match on a folded copy of the report and map every match back to the
original text, so evidence quotes are exact slices (``text[start:end] == quote``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.folding import FoldedText, compile_folded, fold, fold_pattern, trie_pattern

__all__ = [
    "FoldedText",
    "Span",
    "compile_folded",
    "fold",
    "fold_pattern",
    "make_span",
    "paragraph_ids",
    "split_sentences",
    "trie_pattern",
]


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
