"""Roles and types that follow the text: coups, strikes, mines, villages, paraphrases."""

from __future__ import annotations

import pytest

from extract import extract_events, parse_report


def _one(text, gaz, registry, published="2024-09-18"):
    doc = parse_report(f"published: {published}\n\n{text}")
    return extract_events(doc, gazetteer=gaz, registry=registry)


@pytest.mark.parametrize(
    ("text", "etype", "actor1", "actor2"),
    [
        (
            "Des militaires ont mené un coup d'État mardi à Bamako et arrêté le président.",
            "Strategic developments",
            "Military faction (Mali)",
            "Government of Mali",
        ),
        (
            "Une frappe de drone a tué douze villageois lundi dans un marché près de Djibo.",
            "Explosions/Remote violence",
            "Military Forces of Burkina Faso",
            "Civilians (Burkina Faso)",
        ),
        (
            "Two soldiers were killed on Monday when their vehicle hit an IED near Ménaka.",
            "Explosions/Remote violence",
            "Unidentified armed group",
            "Military Forces of Mali",
        ),
        (
            "Des hommes armés ont attaqué lundi le village de Diallassagou et tué 20 personnes.",
            "Violence against civilians",
            "Unidentified armed group",
            "Civilians (Mali)",
        ),
    ],
)
def test_roles_follow_the_event_type(text, etype, actor1, actor2, gaz, registry):
    (e,) = _one(text, gaz, registry)
    assert (str(e.event_type), e.actor1, e.actor2) == (etype, actor1, actor2)
    assert e.evidence["actor1"]
    assert e.evidence["actor2"]


@pytest.mark.parametrize(
    "text",
    [
        "Militants shelled the army camp in Gao on Monday.",
        "Gunmen opened fire on a checkpoint in Douentza on Monday.",
        "Des hommes armés ont ouvert le feu lundi sur un poste à Kidal.",
        "L'aviation a bombardé lundi des positions près de Tessit.",
        "اشتبك الجيش مع مسلحين يوم الاثنين في غاو.",
        "قصفت طائرة مسيرة يوم الاثنين مواقع قرب كيدال.",
    ],
)
def test_paraphrases_are_events(text, gaz, registry):
    assert len(_one(text, gaz, registry)) == 1


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("Des hommes armés ont attaqué lundi un poste à une vingtaine de kilomètres de Djibo.", 20),
        ("Gunmen attacked a convoy on Monday 35 km from Djibo.", 35),
        ("هاجم مسلحون يوم الاثنين دورية على بعد 40 كيلومترا من مدينة جيبو.", 40),
    ],
)
def test_distance_from_a_place_widens_the_uncertainty(text, km, gaz, registry):
    (e,) = _one(text, gaz, registry)
    assert e.location == "Djibo"
    assert e.geo_precision == 2
    assert e.uncertainty_m >= km * 1000


def test_a_toll_paragraphs_later_counts_for_the_event(gaz, registry):
    text = (
        "Des hommes armés ont attaqué lundi le village de Diallassagou.\n\n"
        "Les habitants ont fui vers les villages voisins.\n\n"
        "Selon une source locale, le bilan fait état de plusieurs dizaines de personnes tuées."
    )
    (e,) = _one(text, gaz, registry)
    assert e.fatalities_low == 24
    assert e.evidence["fatalities"]


@pytest.mark.parametrize(
    "text",
    [
        "The army denied that any attack took place in Gao on Monday.",
        "L'armée a démenti lundi toute attaque contre son camp de Kidal.",
        "Le groupe menace d'attaquer la ville de Gao.",
        "نفى الجيش يوم الاثنين وقوع أي هجوم في غاو.",
    ],
)
def test_denied_and_threatened_attacks_are_not_events(text, gaz, registry):
    assert _one(text, gaz, registry) == []


def test_a_later_claim_makes_the_claimant_actor1(gaz, registry):
    text = (
        "Des hommes armés ont attaqué lundi un poste de l'armée à Djibo.\n\n"
        "Les renforts sont arrivés dans la soirée.\n\n"
        "Le JNIM a revendiqué l'attaque dans un communiqué."
    )
    (e,) = _one(text, gaz, registry)
    assert e.actor1 == "JNIM"
    assert e.evidence["actor1"][0].quote == "JNIM"


@pytest.mark.parametrize(
    "text",
    [
        "Boko Haram fighters attacked the town of Maiduguri in Nigeria on Monday, killing 12.",
        "Des jihadistes ont attaqué lundi un village du Nigeria, tuant 30 personnes, "
        "a-t-on appris à Niamey.",
    ],
)
def test_events_abroad_are_never_placed_in_the_sahel(text, gaz, registry):
    assert all(e.iso3 not in {"MLI", "BFA", "NER"} for e in _one(text, gaz, registry))


def test_a_village_right_after_the_verb_and_a_month_year_recall(gaz, registry):
    (e,) = _one("En juin 2021, des hommes armés ont attaqué Diallassagou.", gaz, registry)
    assert (e.location, e.event_date.isoformat()[:7], e.time_precision) == (
        "Diallassagou",
        "2021-06",
        3,
    )


def test_a_village_after_a_military_post_word(gaz, registry):
    (e,) = _one("Des hommes armés ont attaqué lundi le détachement de Diallassagou.", gaz, registry)
    assert e.location == "Diallassagou"
