"""Roles that follow the text, and acts that did not happen are not events."""

from __future__ import annotations

import pytest

from events.model import EventType


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("L'armée a démenti mardi qu'une attaque ait eu lieu à Ménaka.", "fr"),
        ("On Tuesday the army denied that any attack took place in Ménaka.", "en"),
        ("نفى الجيش الثلاثاء وقوع أي هجوم في ميناكا", "ar"),
        ("Les jihadistes ont menacé d'attaquer Ménaka la semaine prochaine.", "fr"),
    ],
)
def test_denied_or_threatened_attack_is_no_event(code, text, lang):
    assert code(text, "2024-03-13", lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Two soldiers were killed on Tuesday when their vehicle hit an IED near Gao.", "en"),
        (
            "Deux soldats ont été tués mardi quand leur véhicule a sauté sur une mine près de Gao.",
            "fr",
        ),
    ],
)
def test_victims_of_a_mine_are_never_actor1(code, text, lang):
    events = code(text, "2024-03-13", lang)
    assert [(e.event_type, e.actor1) for e in events] == [
        (EventType.EXPLOSIONS, "Unidentified armed group")
    ]
    assert events[0].actor2.startswith("Military Forces of Mali")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Since March 2023, attacks in the Mopti region have killed at least 300 people.", "en"),
        (
            "Depuis janvier 2022, les attaques ont tué plus de 200 civils dans la région de Ségou.",
            "fr",
        ),
        ("Ces derniers mois, des dizaines d'attaques ont visé des villages autour de Dori.", "fr"),
        ("قتل أكثر من 300 شخص في هجمات في منطقة موبتي منذ مارس 2023", "ar"),
    ],
)
def test_a_count_over_a_period_is_not_an_event(code, text, lang):
    assert code(text, "2024-03-13", lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The group vowed to attack Gao again, on Tuesday.", "en"),
        ("On Tuesday the spokesman said fighters would attack Gao soon.", "en"),
        ("Mardi, les rebelles ont dit qu'ils vont attaquer Gao.", "fr"),
    ],
)
def test_a_threat_is_not_an_event(code, text, lang):
    assert code(text, "2024-03-13", lang) == []


def test_destroying_a_shrine_is_property_destruction(code):
    events = code("On Tuesday fighters destroyed two shrines in Timbuktu.", "2024-03-13", "en")
    assert [(e.event_type, e.sub_event_type) for e in events] == [
        (EventType.STRATEGIC, "Looting/property destruction")
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Mardi, des terroristes ont attaqué le village de Seytenga, tuant douze villageois.",
            "fr",
        ),
        (
            "On Tuesday jihadists attacked the village of Seytenga and killed twelve villagers.",
            "en",
        ),
    ],
)
def test_militants_attacking_a_village_is_violence_against_civilians(code, text, lang):
    events = code(text, "2024-03-13", lang)
    assert [(e.event_type, e.actor2) for e in events] == [
        (EventType.VIOLENCE_AGAINST_CIVILIANS, "Civilians (Burkina Faso)")
    ]


def test_the_army_striking_militants_in_a_village_is_not_against_civilians(code):
    text = "Mardi, l'armée a attaqué des terroristes retranchés dans le village de Seytenga."
    events = code(text, "2024-03-13", "fr")
    assert [e.event_type for e in events] == [EventType.BATTLES]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mardi, des hommes armés ont tué douze soldats près de Téra.", "fr"),
        ("On Tuesday gunmen killed twelve soldiers near Téra.", "en"),
        ("قتل مسلحون الثلاثاء اثني عشر جنديا قرب تيرا", "ar"),
    ],
)
def test_unnamed_soldiers_are_the_state_forces(code, text, lang):
    events = code(text, "2024-03-13", lang)
    assert [(e.actor1, e.actor2.split(" (")[0]) for e in events] == [
        ("Unidentified armed group", "Military Forces of Niger")
    ]


def test_arabic_villagers_killed_are_civilians(code):
    text = "قتل مسلحون الثلاثاء 12 قرويا في هجوم قرب تيرا"
    events = code(text, "2024-03-13", "ar")
    assert [(e.event_type, e.actor2) for e in events] == [
        (EventType.VIOLENCE_AGAINST_CIVILIANS, "Civilians (Niger)")
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On Tuesday a unit of the Nigerien army fell victim to an ambush near Téra.", "en"),
        (
            "Mardi, une unité de l'armée nigérienne a été victime d'une embuscade près de Téra.",
            "fr",
        ),
    ],
)
def test_an_army_that_fell_victim_is_the_target(code, text, lang):
    events = code(text, "2024-03-13", lang)
    assert [(e.actor1, e.actor2.split(" (")[0]) for e in events] == [
        ("Unidentified armed group", "Military Forces of Niger")
    ]
