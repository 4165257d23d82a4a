"""Every word-list entry must match its own folded form (folding drops ى ة ئ ؤ أ …)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from extract.lexicon import inflect, load_lexicon
from extract.text import FoldedText, fold, fold_pattern

MODULES = [
    "extract.dates",
    "extract.tolls",
    "extract.roles",
    "extract.role_rules",
    "extract.places",
    "extract.pipeline",
    "extract.actor_mentions",
]
# matched on the original text, not the folded copy
RAW_TEXT_PATTERNS = {("extract.pipeline", "_DATELINE"), ("extract.pipeline", "_COLON_DATELINE")}


def _patterns():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (name, attr) in RAW_TEXT_PATTERNS:
                continue
            items = value if isinstance(value, list | tuple) else [value]
            for item in items:
                parts = item if isinstance(item, tuple) else (item,)
                for part in parts:
                    if isinstance(part, re.Pattern):
                        yield f"{name}.{attr}", part


@pytest.mark.parametrize(("where", "pattern"), list(_patterns()))
def test_patterns_are_written_folded(where, pattern):
    assert fold_pattern(pattern.pattern) == pattern.pattern, where


@pytest.mark.parametrize(
    "module_attr", ["extract.dates._MONTHS", "extract.dates._WEEKDAYS", "extract.tolls._UNITS"]
)
def test_word_list_keys_are_folded(module_attr):
    module, attr = module_attr.rsplit(".", 1)
    words = getattr(importlib.import_module(module), attr)
    assert all(fold(w) == w for w in words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل 5 جنود وأصيب 10 جرحى", 5),  # wounded are not dead
        ("سقط 12 قتلى في الهجوم", 12),
    ],
)
def test_arabic_dead_and_wounded(text, expected):
    from extract.text import split_sentences
    from extract.tolls import find_tolls

    tolls = find_tolls(FoldedText(text), split_sentences(text))
    assert [t.low for t in tolls if t.low] == [expected]


def test_arabic_claim_with_alef_maksura():
    from extract.roles import is_claim

    assert is_claim(fold("وتبنى تنظيم الدولة الإسلامية الهجوم"))
    assert is_claim(fold("وأعلنت الجماعة مسؤوليتها عن الهجوم"))


LEXICONS = sorted(
    p.stem for p in (Path(__file__).parents[2] / "extract" / "lexicons").glob("*.csv")
)


@pytest.mark.parametrize("name", LEXICONS)
def test_every_lexicon_entry_matches_its_own_folded_form(name):
    terms = load_lexicon(name)
    assert terms
    for term in terms:
        assert fold(term.phrase) == term.phrase, (name, term.written)
        # the entry as written, in a report, is found by the lexicon's pattern
        report = FoldedText(f"Il y a eu: {term.written}.").folded
        assert re.search(rf"(?<!\w){re.escape(fold(term.written))}(?!\w)", report), term


@pytest.mark.parametrize(
    ("written", "lang", "forms", "expected"),
    [
        ("attack", "en", "verb", {"attacks", "attacked", "attacking"}),
        ("fire on", "en", "verb", {"fired on", "firing on"}),
        ("mutiny", "en", "verb", {"mutinies", "mutinied", "mutinying"}),
        ("tué", "fr", "participle", {"tuée", "tués", "tuées"}),
        ("frappe aérienne", "fr", "plural", {"frappes aériennes"}),
        ("هاجم", "ar", "verb", {"هاجمت", "هاجموا", "يهاجم", "تهاجم", "يهاجمون"}),
        ("انتحاري", "ar", "plural", {"انتحارية", "انتحاريين", "انتحاريون"}),
    ],
)
def test_loader_adds_inflected_forms(written, lang, forms, expected):
    assert expected <= inflect(written, lang, forms)


def test_inflected_cue_is_found_in_a_report():
    from extract.cues import CueMatcher

    words = [
        c.quote
        for c in CueMatcher().find("Les assaillants ont été repoussés après des frappes aériennes.")
    ]
    assert "frappes aériennes" in words
