"""The word lists of the recognisers, read from ``lexicons/*.csv`` and folded once.

Each CSV has the columns ``phrase,lang,forms`` followed by the list's own columns (a
month's number, a cue's family and ACLED type, a quantity's range). ``phrase`` is
written as people spell it ("جرحى", "tuées"); the loader folds it the way reports are
folded, so an entry always matches itself. ``forms`` asks the loader to add the
inflected forms of the first word (or of every word, for plurals):

- ``verb`` in English: -s, -ed, -ing ("attack" → attacks, attacked, attacking; "mutiny"
  → mutinies, mutinied);
- ``verb`` in Arabic (third person past, masculine): feminine and plural past,
  present masculine, feminine and plural ("هاجم" → هاجمت, هاجموا, يهاجم, تهاجم, يهاجمون);
- ``participle`` in French: feminine and plurals ("tué" → tuée, tués, tuées);
- ``plural`` (French and English nouns): every word takes -s ("frappe aérienne" →
  "frappes aériennes"); in Arabic the sound plurals -ون, -ين, -ات and the feminine -ة.

Example
-------
>>> [t.phrase for t in load_lexicon("months") if t.values == ("9",)][:3]
['september', 'sept', 'sep']
>>> sorted(inflect("attack", "en", "verb"))
['attack', 'attacked', 'attacking', 'attacks']
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from events.folding import fold, trie_pattern

FORMS = ("", "verb", "participle", "plural")


class LexiconError(ValueError):
    """A lexicon file is missing, or one of its rows is malformed (names file and line)."""


@dataclass(frozen=True)
class Term:
    """One folded form of a lexicon entry, with the entry's own columns."""

    phrase: str
    written: str
    lang: str
    values: tuple[str, ...]


def inflect(word_or_phrase: str, lang: str, forms: str) -> set[str]:
    """Return ``word_or_phrase`` and the inflected forms ``forms`` asks for (unfolded)."""
    if not forms:
        return {word_or_phrase}
    words = word_or_phrase.split(" ")
    first, rest = words[0], words[1:]
    if forms == "plural":
        ends = ("ون", "ين", "ات", "ة") if lang == "ar" else ("s",)
        out = {word_or_phrase}
        if lang == "ar":
            out |= {" ".join([first + e, *rest]) for e in ends}
        else:
            out.add(" ".join(w if w.endswith(("s", "x")) else w + "s" for w in words))
        return out
    return {" ".join([f, *rest]) for f in _inflect_word(first, lang, forms)}


def _inflect_word(word: str, lang: str, forms: str) -> set[str]:
    if forms == "participle":
        return {word, word + "e", word + "s", word + "es"}
    if lang == "ar":
        return {word, word + "ت", word + "وا", "ي" + word, "ت" + word, "ي" + word + "ون"}
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return {word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"}  # mutiny, mutinied
    stem = word[:-1] if word.endswith("e") else word
    return {word, word + "s", stem + "ed", stem + "ing"}


@cache
def load_lexicon(name: str) -> tuple[Term, ...]:
    """Return every folded form of the entries of ``lexicons/<name>.csv``, in file order.

    Raises
    ------
    LexiconError
        If the file is missing or a row lacks a phrase, has an unknown ``forms`` or a
        different number of columns than the header.
    """
    where = f"extract/lexicons/{name}.csv"
    try:
        text = resources.files("extract").joinpath("lexicons", f"{name}.csv").read_text("utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(f"{where}: no such lexicon") from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:3] != ["phrase", "lang", "forms"]:
        raise LexiconError(f"{where}: line 1: the header must start with phrase,lang,forms")
    width = len(rows[0])
    terms: dict[str, Term] = {}
    for line, row in enumerate(rows[1:], 2):
        if not row or row[0].startswith("#"):
            continue
        if len(row) != width or not row[0].strip() or row[2] not in FORMS:
            raise LexiconError(f"{where}: line {line}: expected {width} columns, got {row!r}")
        written, lang, forms, *values = row
        for form in sorted(inflect(written.strip(), lang, forms)):
            folded = fold(form)
            if folded and folded not in terms:
                terms[folded] = Term(folded, written, lang, tuple(values))
    return tuple(terms.values())


def lexicon_phrases(name: str, *values: str) -> list[str]:
    """Return the folded phrases of ``name`` whose first columns equal ``values``."""
    n = len(values)
    return [t.phrase for t in load_lexicon(name) if t.values[:n] == values]


def lexicon_pattern(name: str, *values: str) -> str:
    """Return a regex alternation (a trie, longest first) of :func:`lexicon_phrases`."""
    return trie_pattern(sorted(lexicon_phrases(name, *values)))
