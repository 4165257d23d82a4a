"""Latin-named places written in Arabic letters are found by their skeleton."""

from __future__ import annotations

import pytest

from extract.transliteration import arabic_skeleton, find_transliterated_places, latin_skeleton


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [("تيسيت", "Tessit"), ("كومبيينغا", "Kompienga"), ("دجيبو", "Djibo"), ("جيبو", "Djibo")],
)
def test_arabic_and_latin_spellings_share_a_skeleton(arabic, latin):
    assert arabic_skeleton(arabic) == latin_skeleton(latin)


@pytest.mark.parametrize("word", ["منطقة", "جنوب", "هجوم", "تنظيم", "قريبة", "بلاده"])
def test_common_arabic_words_keep_their_skeleton_apart(gaz, word):
    text = f"وقع الهجوم في {word} بعيدة"
    assert find_transliterated_places(gaz, text, gaz.find_in_text(text)) == []


def test_a_village_written_in_arabic_gets_its_event(code):
    text = "قتل عشرة جنود الثلاثاء في هجوم على قرية كومبيينغا في بوركينا فاسو"
    events = code(text, "2024-03-13", "ar")
    assert [(e.location, e.event_date.isoformat()) for e in events] == [("Kompienga", "2024-03-12")]


def test_vowel_letters_tell_close_names_apart():
    from extract.transliteration import _latin_vowel_skeleton

    word = "كومبيينغا"
    assert arabic_skeleton(word) == latin_skeleton("Kompanga") == latin_skeleton("Kompienga")
    assert arabic_skeleton(word, vowels=True) == _latin_vowel_skeleton("Kompienga")
    assert arabic_skeleton(word, vowels=True) != _latin_vowel_skeleton("Kompanga")
