"""Every word-list entry must match its own folded form (folding drops ى ة ئ ؤ أ …)."""

from __future__ import annotations

import importlib
import re

import pytest

from events.text import FoldedText, fold, fold_pattern

MODULES = ["events.dates", "events.fatalities", "events.roles", "events.places", "events.ingest"]
# matched on the original text, not the folded copy
RAW_TEXT_PATTERNS = {("events.ingest", "_DATELINE")}


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
    "module_attr", ["events.dates._MONTHS", "events.dates._WEEKDAYS", "events.fatalities._UNITS"]
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
    from events.fatalities import find_tolls
    from events.text import split_sentences

    tolls = find_tolls(FoldedText(text), split_sentences(text))
    assert [t.low for t in tolls if t.low] == [expected]


def test_arabic_claim_with_alef_maksura():
    from events.roles import is_claim

    assert is_claim(fold("وتبنى تنظيم الدولة الإسلامية الهجوم"))
    assert is_claim(fold("وأعلنت الجماعة مسؤوليتها عن الهجوم"))
