from __future__ import annotations

import datetime as dt

import pytest

from extract.cues import CueMatcher
from extract.dates import find_dates
from extract.language import detect_language
from extract.text import FoldedText, split_sentences
from extract.tolls import best_fatalities, find_tolls

PUB = dt.date(2024, 9, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "lang", "quote", "date", "precision", "future"),
    [
        ("وقع يوم أمس 17 سبتمبر/أيلول في باماكو", "ar", "17 سبتمبر/أيلول", "2024-09-17", 1, False),
        ("Le 17 septembre 2024, à Gao", "fr", "17 septembre 2024", "2024-09-17", 1, False),
        ("On Sept. 17 gunmen attacked", "en", "Sept. 17", "2024-09-17", 1, False),
        ("Hier, des hommes armés", "fr", "Hier", "2024-09-17", 1, False),
        ("mardi dernier à Boni", "fr", "mardi dernier", "2024-09-17", 1, False),
        ("on Tuesday the army", "en", "on Tuesday", "2024-09-17", 1, False),
        ("last week in Djibo", "en", "last week", "2024-09-11", 2, False),
        ("in 2012, rebels seized Kidal", "en", "2012", "2012-01-01", 3, False),
        ("مساء الأحد الماضي", "ar", "مساء الأحد الماضي", "2024-09-15", 1, False),
        ("Le procès est reporté au 25 septembre", "fr", "25 septembre", "2024-09-25", 1, True),
        ("la semaine prochaine", "fr", "la semaine prochaine", None, 2, True),
        ("le 28 décembre à Ménaka", "fr", "28 décembre", "2023-12-28", 1, False),
    ],
)
def test_find_dates(text, lang, quote, date, precision, future):
    got = {m.quote: m for m in find_dates(text, published=PUB, lang=lang)}
    assert quote in got, list(got)
    m = got[quote]
    assert (m.date.isoformat() if m.date else None) == date
    assert (m.precision, m.future) == (precision, future)
    assert text[m.start : m.end] == m.quote


def test_la_veille_is_the_day_before_the_previous_date():
    ms = find_dates("Le 10 septembre, puis la veille", published=PUB, lang="fr")
    assert [m.date for m in ms] == [dt.date(2024, 9, 10), dt.date(2024, 9, 9)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("جماعة نصرة الإسلام والمسلمين", "JNIM"),
        ("le Groupe de soutien à l'islam et aux musulmans (GSIM)", "JNIM"),
        ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM"),
        ("l'État islamique au Grand Sahara", "Islamic State Sahel"),
        ("ISSP fighters", "Islamic State Sahel"),
        ("وتنظيم الدولة الإسلامية في الصحراء الكبرى", "Islamic State Sahel"),
        ("les Forces armées maliennes", "Military Forces of Mali"),
        ("للقوات الجوية المالية", "Military Forces of Mali"),
        ("les VDP", "VDP"),
        ("والمرتزقة الروس", "Wagner Group"),
        ("le Front de libération de l'Azawad", "FLA"),
        ("Dan Na Ambassagou", "Dan Na Ambassagou"),
    ],
)
def test_actor_aliases(text, canonical, registry):
    found = registry.find_in_text(text)
    assert found
    assert found[0].entry.canonical == canonical
    assert text[found[0].start : found[0].end] == found[0].quote


def test_katiba_codes_as_parent_and_wagner_becomes_africa_corps(registry):
    (macina,) = registry.find_in_text("la katiba Macina")
    assert registry.resolve(macina.entry, on=PUB) == ("JNIM", "Katiba Macina")
    (wagner,) = registry.find_in_text("Russian mercenaries")
    assert registry.resolve(wagner.entry, on=dt.date(2024, 9, 17))[0] == "Wagner Group"
    assert registry.resolve(wagner.entry, on=dt.date(2025, 9, 1))[0] == "Africa Corps"
    (army,) = registry.find_in_text("l'armée")
    assert registry.resolve(army.entry, on=PUB, country="Niger")[0] == "Military Forces of Niger"


def test_qaeda_base_word_is_not_an_actor(registry):
    assert registry.find_in_text("هاجموا قاعدة للدرك") == [
        m for m in registry.find_in_text("هاجموا قاعدة للدرك") if m.entry.canonical != "AQIM"
    ]
    assert all(m.entry.canonical != "AQIM" for m in registry.find_in_text("القاعدة العسكرية"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("يزعم الإسلاميون أنهم قتلوا العشرات من العسكريين", [(24, 99, "@armed_group")]),
        ("Des sources locales évoquent une vingtaine de morts.", [(15, 25, "local sources")]),
        (
            "Selon des témoins, au moins 12 civils ont été tués et 20 blessés.",
            [(12, None, "witnesses")],
        ),
        ("Several soldiers were killed, the army said.", [(2, 9, "@state")]),
        ("More than 70 people died, according to hospital staff.", [(71, None, "hospital")]),
        ("قتل خمسة جنود وأصيب عشرة آخرون", [(5, 5, "report")]),
        ("Dozens of vehicles were burned; 3 km away, nobody was hurt.", []),
    ],
)
def test_find_tolls(text, expected):
    tolls = find_tolls(FoldedText(text), split_sentences(text))
    assert [(t.low, t.high, t.claimant) for t in tolls] == expected
    for t in tolls:
        assert text[t.quantity.start : t.quantity.end] == t.quantity.quote


def test_claims_are_never_summed():
    assert best_fatalities([(7, 7), (15, 25)]) == (7, 7, 25)
    assert best_fatalities([(24, 99), (10, None)]) == (10, 10, None)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Une frappe de drone a visé le marché", "Air/drone strike"),
        ("انفجار عبوة ناسفة", "Remote explosive/landmine/IED"),
        ("des hommes armés ont enlevé trois civils", "Abduction/forced disappearance"),
        ("Clashes erupted near the camp", "Armed clash"),
        ("the army recaptured the town", "Government regains territory"),
        ("Des manifestants se sont rassemblés", "Peaceful protest"),
    ],
)
def test_cues(text, sub):
    cues = CueMatcher().find(text)
    assert sub in {c.sub_event_type for c in cues}
    for c in cues:
        assert text[c.start : c.end] == c.quote


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("وصف مراقبون محليون الهجوم المزدوج", "ar"),
        ("Des hommes armés ont attaqué le poste hier selon des sources locales.", "fr"),
        ("Gunmen attacked the post on Tuesday, the army said.", "en"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_sentences_do_not_split_after_abbreviations():
    text = "On Sept. 17 gunmen attacked. The army said so."
    assert [s.quote for s in split_sentences(text)] == [
        "On Sept. 17 gunmen attacked",
        "The army said so",
    ]
