"""Event dates: the source's day of speaking is not the event's day."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Des hommes armés ont attaqué un car près de Téra. Une source sécuritaire a "
            "indiqué aujourd'hui, jeudi 14 mars 2024, que l'attaque a eu lieu mercredi.",
            "fr",
        ),
        (
            "Gunmen attacked a bus near Téra. A security source said today, Thursday "
            "14 March 2024, that the attack took place on Wednesday.",
            "en",
        ),
    ],
)
def test_the_day_the_source_spoke_is_not_the_event_day(code, text, lang):
    events = code(text, "2024-03-14", lang)
    assert [e.event_date.isoformat() for e in events] == ["2024-03-13"]


def test_the_publication_day_stays_the_event_day_when_it_is(code):
    text = (
        "On Thursday gunmen killed five gendarmes near Téra. The village is not far "
        "from where soldiers were ambushed on 2 February."
    )
    events = [e for e in code(text, "2024-03-14", "en") if e.location == "Téra"]
    assert [e.event_date.isoformat() for e in events] == ["2024-03-14"]


def test_yesterday_beside_the_dateline_day(code):
    text = "Le 14 mars 2024 – Des soldats ont été attaqués hier au camp militaire de Kati."
    events = code(text, "2024-03-14", "fr")
    assert [e.event_date.isoformat() for e in events] == ["2024-03-13"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # la veille: the day before the last date named, not before publication
        (
            "Le 10 mars, des hommes armés ont attaqué Djibo. "
            "La veille, ils avaient attaqué le poste de Dori.",
            "fr",
            {("Djibo", "2024-03-10", 1), ("Dori", "2024-03-09", 1)},
        ),
        # a recalled event with only a month and a year keeps its month
        ("En juin 2021, des jihadistes ont attaqué Djibo.", "fr", {("Djibo", "2021-06-01", 3)}),
        # weekdays count back from the publication day (Wednesday 13 March)
        ("On Sunday gunmen attacked Djibo.", "en", {("Djibo", "2024-03-10", 1)}),
        ("هاجم مسلحون يوم الأحد بلدة جيبو", "ar", {("Djibo", "2024-03-10", 1)}),
    ],
)
def test_relative_and_recalled_dates(code, text, lang, expected):
    events = code(text, "2024-03-13", lang)
    assert {(e.location, e.event_date.isoformat(), e.time_precision) for e in events} == expected
