"""The actor registry as data: groups of the region, their eras and their names."""

from __future__ import annotations

import datetime as dt

import pytest

from events.actors import load_actor_registry


@pytest.fixture(scope="module")
def registry():
    return load_actor_registry()


def named(registry, text: str, on: dt.date) -> list[str]:
    return [registry.resolve(m.entry, on=on)[0] for m in registry.find_in_text(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Des éléments de Boko Haram ont franchi la frontière.", "Boko Haram"),
        ("ISWAP fighters crossed the border.", "ISWAP"),
        ("تبنى تنظيم الدولة الإسلامية في غرب أفريقيا الهجوم", "ISWAP"),
        ("La force Barkhane a mené une frappe.", "Military Forces of France"),
        ("Deux casques bleus ont été blessés.", "MINUSMA"),
        ("قتل ثلاثة من قوات حفظ السلام", "MINUSMA"),
        ("Des chasseurs dozos ont riposté.", "Dozo militia"),
    ],
)
def test_groups_of_the_region_are_named(registry, text, want):
    assert named(registry, text, dt.date(2019, 5, 1)) == [want]


def test_a_group_keeps_its_own_name_before_it_joined_another(registry):
    assert named(registry, "Le MUJAO a revendiqué l'enlèvement.", dt.date(2012, 6, 1)) == ["MUJAO"]
    text = "Al-Mourabitoune a revendiqué l'attaque."
    assert named(registry, text, dt.date(2015, 11, 20)) == ["Al-Mourabitoune"]
    assert named(registry, text, dt.date(2019, 1, 10)) == ["JNIM"]


def test_a_militia_of_a_named_group_is_that_group(registry):
    text = "Des chasseurs dozos de Dan Na Ambassagou ont été attaqués."
    assert named(registry, text, dt.date(2024, 6, 17)) == ["Dan Na Ambassagou"]
