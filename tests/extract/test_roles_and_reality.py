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
