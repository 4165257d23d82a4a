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
