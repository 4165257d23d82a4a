"""Places: datelines, words that are also village names, the country a report is in."""

from __future__ import annotations

import pytest


def test_a_colon_dateline_is_where_the_journalist_filed(code):
    text = (
        "Attack in Niger\n\nBy: Our Correspondent\n\n"
        "Niamey: Gunmen killed five gendarmes in Téra on Tuesday."
    )
    events = code(text, "2024-03-13", "en")
    assert [e.location for e in events] == ["Téra"]


@pytest.mark.parametrize("word", ["Cameroun", "Islam"])
def test_a_word_that_is_also_a_village_name_is_not_a_place(gaz, word):
    from extract.places import resolve_places

    text = f"Les combattants venus du {word} ont attaqué le village."
    hits = resolve_places(gaz, text, gaz.find_in_text(text))
    assert not [h.place.name for h in hits if h.place.is_village]


def test_a_town_and_a_village_near_it_on_one_day_are_one_event(code):
    text = (
        "Insurgents killed 20 civilians near Djibo on Friday. "
        "The attackers struck near the village of Kourfayel, about 10 km from Djibo."
    )
    events = code(text, "2024-03-11", "en")
    assert [(e.location, e.fatalities, e.actor2) for e in events] == [
        ("Kourfayel", 20, "Civilians (Burkina Faso)")
    ]


def test_two_villages_attacked_the_same_day_are_two_events(code):
    text = (
        "On Friday gunmen attacked the village of Kourfayel. "
        "The same day they also attacked the village of Baraboulé."
    )
    events = code(text, "2024-03-11", "en")
    assert sorted(e.location for e in events) == ["Baraboulé", "Kourfayel"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On Tuesday Boko Haram fighters attacked Maiduguri in Nigeria, killing 9 people.", "en"),
        ("Mardi, des hommes armés ont attaqué un village près de N'Djamena, au Tchad.", "fr"),
    ],
)
def test_events_abroad_are_never_placed_in_the_sahel_states(code, text, lang):
    events = code(text, "2024-03-13", lang)
    assert not [e.location for e in events if e.iso3 in ("MLI", "BFA", "NER")]


def test_n_km_from_a_town_is_precision_2_with_the_distance_as_uncertainty(code):
    text = "Mardi, des hommes armés ont attaqué un convoi à une vingtaine de kilomètres de Djibo."
    events = code(text, "2024-03-13", "fr")
    assert [(e.location, e.geo_precision) for e in events] == [("Djibo", 2)]
    assert events[0].uncertainty_m >= 20_000


@pytest.mark.parametrize(
    ("text", "placed"),
    [
        ("On Tuesday Sahel jihadists attacked an army post.", False),
        ("Mardi, des jihadistes ont attaqué un poste militaire dans la région du Sahel.", True),
    ],
)
def test_a_region_named_by_a_common_word_needs_the_word_region(code, text, placed):
    events = code(text, "2024-03-13", "en" if text.startswith("On") else "fr")
    assert bool([e for e in events if e.location == "Sahel"]) is placed
