"""Fields the per-report table does not cover: geo precision, claimants, incidents, rules."""

from __future__ import annotations

import datetime as dt

import pytest

from extract import extract_events, parse_report, read_report
from extract.dates import find_dates
from extract.places import resolve_places
from extract.text import FoldedText, split_sentences
from extract.tolls import find_tolls

from .conftest import REPORTS

PUB = dt.date(2024, 9, 17)  # a Tuesday


def _events(name, gaz, registry):
    return extract_events(read_report(REPORTS / name), gazetteer=gaz, registry=registry)


def _by_place(name, gaz, registry):
    return {(e.location, e.event_date.isoformat()): e for e in _events(name, gaz, registry)}


@pytest.mark.parametrize(
    ("name", "location", "date", "precision"),
    [
        (
            "fr_bankass_menaka.txt",
            "Diallassagou",
            "2025-03-01",
            1,
        ),  # "le village de D., près de Bankass"
        ("fr_bankass_menaka.txt", "Ménaka", "2025-02-25", 1),  # "à Ménaka"
        ("fr_gsim_dozos.txt", "Djenné", "2024-06-17", 2),  # "dans le cercle de Djenné"
        ("fr_aguelhok_reprise.txt", "Aguelhok", "2025-08-09", 2),  # "non loin d'Aguelhok"
        ("fr_aguelhok_reprise.txt", "Aguelhok", "2025-08-10", 1),
        ("ar_months_drone.txt", "Timbuktu", "2024-09-17", 2),  # "في ضواحي تمبكتو"
        ("ar_tabanna_niger.txt", "Tillabéri", "2025-07-13", 2),  # "قرب مدينة تيلابيري"
        ("en_abduction_clash.txt", "Ménaka", "2024-11-03", 2),  # the town, not the region
        ("en_reuters_suicide.txt", "Tillabéri", "2024-09-15", 2),
    ],
)
def test_geo_precision_says_near(name, location, date, precision, gaz, registry):
    e = _by_place(name, gaz, registry)[(location, date)]
    assert e.geo_precision == precision
    if precision == 2:
        assert e.uncertainty_m >= 10_000


@pytest.mark.parametrize(
    ("name", "location", "date", "claims"),
    [
        ("fr_bankass_menaka.txt", "Diallassagou", "2025-03-01", {("local sources", 15, 25)}),
        (
            "fr_bankass_menaka.txt",
            "Ménaka",
            "2025-02-25",
            {("Military Forces of Mali", 12, 12)},
        ),
        (
            "fr_afp_nuit.txt",
            "Bandiagara",
            "2024-09-14",
            {("Military Forces of Mali", 20, None), ("local sources", 25, 35)},
        ),
        (
            "ar_tabanna_niger.txt",
            "Tillabéri",
            "2025-07-13",
            {("Islamic State Sahel", 11, 11), ("Military Forces of Niger", 6, 6)},
        ),
        (
            "fr_burkina_dizaines.txt",
            "Djibo",
            "2024-10-31",
            {("security sources", 24, 99), ("Military Forces of Burkina Faso", 45, 55)},
        ),
        ("ar_wagner_clitics.txt", "Niono", "2024-03-09", {("witnesses", 7, 7)}),
    ],
)
def test_claims_keep_their_claimant(name, location, date, claims, gaz, registry):
    e = _by_place(name, gaz, registry)[(location, date)]
    assert {(c.claimant, c.low, c.high) for c in e.fatality_claims} == claims
    # best = the lowest low bound over the claims, never a sum
    assert e.fatalities == min(c[1] for c in claims)


def test_coordinated_attack_is_one_incident_with_the_toll_counted_once(gaz, registry):
    events = _events("en_coordinated.txt", gaz, registry)
    assert {e.location for e in events} == {"Dori", "Gorom-Gorom"}
    assert len({e.incident_id for e in events}) == 1
    assert events[0].incident_id
    assert sum(len(e.fatality_claims) for e in events) == 2  # both on the first site named


def test_dateline_is_neither_site_nor_date(gaz, registry):
    for name, dateline in (
        ("en_reuters_suicide.txt", "Niamey"),
        ("fr_afp_nuit.txt", "Mopti"),
        ("fr_burkina_dizaines.txt", "Ouagadougou"),
    ):
        events = _events(name, gaz, registry)
        assert events
        assert all(e.location != dateline for e in events), name


def test_allies_and_validity_dates(gaz, registry):
    (reprise,) = [
        e for e in _events("fr_aguelhok_reprise.txt", gaz, registry) if e.geo_precision == 1
    ]
    assert reprise.assoc_actor_1 == "Africa Corps"  # "partenaires russes" in August 2025
    niono = _by_place("ar_wagner_clitics.txt", gaz, registry)[("Niono", "2024-03-09")]
    assert niono.assoc_actor_1 == "Wagner Group"  # "والمرتزقة الروس" in 2024
    djibo = _by_place("fr_burkina_dizaines.txt", gaz, registry)[("Djibo", "2024-10-31")]
    assert djibo.assoc_actor_2 == "VDP"


def test_sources_that_speak_are_not_participants(gaz, registry):
    doc = parse_report(
        "published: 2024-09-18\n\n"
        "Des hommes armés ont tué cinq villageois lundi près de Bankass, a déclaré l'armée."
    )
    (e,) = extract_events(doc, gazetteer=gaz, registry=registry)
    assert (e.actor1, e.actor2) == ("Unidentified armed group", "Civilians (Mali)")


def test_every_new_field_has_exact_evidence(gaz, registry):
    for path in sorted(REPORTS.glob("*.txt")):
        doc = read_report(path)
        for e in extract_events(doc, gazetteer=gaz, registry=registry):
            for field in ("geo_precision", "actor2", "fatalities", "fatalities_low"):
                value = getattr(e, field)
                if value not in (None, "", 0):
                    assert e.evidence.get(field), (path.name, e.location, field)
            for quotes in e.evidence.values():
                for q in quotes:
                    assert doc.text[q.start : q.end] == q.quote


@pytest.mark.parametrize(
    ("text", "quote", "date"),
    [
        ("dans la nuit de samedi à dimanche, à Gao", "dans la nuit de samedi à dimanche", "09-14"),
        ("ليلة السبت إلى الأحد", "ليلة السبت إلى الأحد", "09-14"),
        ("Le 10 septembre à Gao. Le même jour, à Kidal", "Le même jour", "09-10"),
        ("في 10 سبتمبر. وفي اليوم نفسه", "وفي اليوم نفسه", "09-10"),
        ("Le 10 septembre à Gao, puis le lendemain", "le lendemain", "09-11"),
        ("BAMAKO, Sept. 12 (Reuters) -", "Sept. 12", "09-12"),
    ],
)
def test_relative_and_night_dates(text, quote, date):
    got = {m.quote: m for m in find_dates(text, published=PUB, lang="")}
    assert quote in got, list(got)
    assert got[quote].date.isoformat() == f"2024-{date}"
    assert got[quote].precision == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tuant une vingtaine de civils selon des sources locales", [(15, 25, "local sources")]),
        ("Une source sécuritaire fait état d'une dizaine de morts", [(8, 12, "security sources")]),
        ("L'armée a annoncé avoir tué 12 terroristes", [(12, 12, "@state")]),
        ("killing nine soldiers, the defence ministry said", [(9, 9, "@state")]),
        ("وأسفر عن مقتل 11 جندياً بحسب التنظيم", [(11, 11, "@armed_group")]),
        ("أعدموا سبعة قرويين", [(7, 7, "report")]),
    ],
)
def test_more_tolls(text, expected):
    tolls = find_tolls(FoldedText(text), split_sentences(text))
    assert [(t.low, t.high, t.claimant) for t in tolls] == expected


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("le village de Diallassagou, près de Bankass", True),
        ("à 30 km de Gao", True),
        ("قرب مدينة تيلابيري", True),
        ("على بعد 20 كيلومترا من غاو", True),
        ("on the outskirts of Gao", True),
        ("à Gao", False),
        ("في غاو", False),
    ],
)
def test_near_places(text, near, gaz):
    hits = resolve_places(gaz, text, gaz.find_in_text(text))
    assert hits
    assert hits[-1].near is near
