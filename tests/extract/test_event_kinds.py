"""Event types that follow the act: riots, coups and mutinies, strikes from the air."""

from __future__ import annotations

import pytest

from events.model import EventType


@pytest.mark.parametrize(
    ("text", "lang", "location"),
    [
        (
            "Des manifestants en colère ont incendié la mairie de Dori jeudi, "
            "avant d'être dispersés par la police.",
            "fr",
            "Dori",
        ),
        (
            "On Thursday protesters in Zinder set ablaze a police station and "
            "ransacked several shops.",
            "en",
            "Zinder",
        ),
    ],
)
def test_protesters_who_burn_are_rioters(code, text, lang, location):
    events = [e for e in code(text, "2024-03-08", lang) if e.location == location]
    assert [(e.event_type, e.actor1.split(" (")[0]) for e in events] == [
        (EventType.RIOTS, "Rioters")
    ]


def test_peaceful_protest_stays_a_protest(code):
    events = code("Des centaines de manifestants ont marché jeudi à Gao.", "2024-03-08", "fr")
    assert [e.event_type for e in events] == [EventType.PROTESTS]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Des soldats se sont mutinés dimanche dans des casernes de Kaya.", "fr"),
        ("Soldiers mutinied on Sunday at a barracks in Kaya.", "en"),
    ],
)
def test_mutiny_is_a_strategic_development_by_a_military_faction(code, text, lang):
    events = code(text, "2024-03-12", lang)  # a Tuesday: Sunday is the 10th
    assert [(e.event_type, e.actor1, e.event_date.isoformat()) for e in events] == [
        (EventType.STRATEGIC, "Military faction (Burkina Faso)", "2024-03-10")
    ]
    # mutineers turn on their own army, not (yet) on the government
    assert events[0].actor2.startswith("Military Forces of Burkina Faso")


@pytest.mark.parametrize(
    ("text", "lang", "sub"),
    [
        (
            "Mardi, une voiture piégée a explosé devant le camp militaire de Ménaka.",
            "fr",
            "Suicide bomb",
        ),
        ("On Tuesday a car bomb exploded outside an army camp in Ménaka.", "en", "Suicide bomb"),
        (
            "Des frappes aériennes ont visé mardi des positions à Ménaka.",
            "fr",
            "Air/drone strike",
        ),
        ("انفجرت سيارة مفخخة الثلاثاء قرب معسكر للجيش في ميناكا", "ar", "Suicide bomb"),
    ],
)
def test_remote_violence_is_an_explosion(code, text, lang, sub):
    events = code(text, "2024-03-13", lang)
    assert [(e.event_type, e.sub_event_type) for e in events] == [(EventType.EXPLOSIONS, sub)]


def test_protesters_clashing_with_forces_are_rioters(code):
    text = "Samedi, des heurts entre des manifestants et la police ont fait deux morts à Dori."
    events = code(text, "2024-03-11", "fr")
    assert [(e.event_type, e.actor1) for e in events] == [
        (EventType.RIOTS, "Rioters (Burkina Faso)")
    ]


def test_soldiers_detaining_the_president_is_a_coup(code):
    text = "On Monday soldiers detained the president at the military camp in Kati."
    events = code(text, "2024-03-12", "en")
    assert [(e.event_type, e.actor1) for e in events] == [
        (EventType.STRATEGIC, "Military faction (Mali)")
    ]


def test_attackers_who_struck_near_a_village(code):
    text = "On Friday the attackers struck near the town of Djibo."
    events = code(text, "2024-03-11", "en")
    assert [(e.location, e.event_type) for e in events] == [("Djibo", EventType.BATTLES)]


def test_residents_protesting_are_not_a_civilian_target(code):
    events = code("On Thursday hundreds of residents protested in Gao.", "2024-03-13", "en")
    assert [(e.event_type, e.actor1, e.actor2) for e in events] == [
        (EventType.PROTESTS, "Protesters (Mali)", "")
    ]
