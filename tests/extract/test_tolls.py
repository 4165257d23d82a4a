"""Tolls: only people killed count; years, vehicles and the wounded are not the dead."""

from __future__ import annotations

import pytest

from extract.text import FoldedText, split_sentences
from extract.tolls import find_tolls


def _tolls(text):
    return [(t.low, t.high) for t in find_tolls(FoldedText(text), split_sentences(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Arrivés sur plusieurs dizaines de motos, les assaillants ont tué 9 civils.", [(9, 9)]),
        ("Riding dozens of motorbikes and some twenty vehicles, gunmen killed 4 people.", [(4, 4)]),
        (
            "The village, attacked in 2019 and killed again, lost 6 people killed on Friday.",
            [(6, 6)],
        ),
        ("Au moins 12 soldats ont été tués et 20 blessés.", [(12, None)]),
        ("Une centaine de personnes ont été tuées.", [(80, 120)]),
        ("Des dizaines de villageois ont été tués.", [(24, 99)]),
        ("قتل 5 جنود وأصيب 10 جرحى", [(5, 5)]),
        ("Neuf soldats ont été tués, une vingtaine sont blessés.", [(9, 9)]),
        ("At least 7 soldiers died and some 40 civilians disappeared.", [(7, None)]),
    ],
)
def test_tolls_count_the_dead_only(text, expected):
    assert _tolls(text) == expected


def test_a_number_in_the_dateline_is_not_a_toll(code):
    text = "نيامي (قناة 3)- قتل مسلحون الثلاثاء 9 جنود قرب تيرا"
    events = code(text, "2024-03-13", "ar")
    assert [e.fatalities for e in events] == [9]


def test_the_toll_of_an_earlier_event_is_not_this_one(code):
    text = (
        "On Tuesday gunmen attacked the town of Téra, killing 6 soldiers. "
        "Earlier this year 3 people were killed in attacks in the area."
    )
    events = code(text, "2024-03-13", "en")
    assert [e.fatalities for e in events] == [6]
