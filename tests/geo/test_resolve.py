"""Resolution of same-name places: region, distance, settlement vs feature, common names."""

from __future__ import annotations

import csv

import pytest

from geo.gazetteer import DEFAULT_PLACES, Gazetteer, GeocodingError, Place, load_gazetteer
from geo.normalize import normalize_name
from geo.resolve import COMMON_NAMES_CSV, read_common_names


def village(pid, name, lat, lon, admin1, *, feature="settlement", tier=2, iso3="MLI"):
    return Place(
        pid, name, "town", lat, lon, 2000.0, 1, iso3, admin1=admin1, feature=feature, tier=tier
    )


def region(pid, name, lat, lon, iso3="MLI", radius_m=150_000.0):
    return Place(pid, name, "region", lat, lon, radius_m, 3, iso3, admin1=name)


def town(pid, name, lat, lon, admin1, *, iso3="MLI", population=5000):
    return Place(pid, name, "town", lat, lon, 3000.0, 1, iso3, admin1=admin1, population=population)


# Two villages "Kassa" 700 km apart, and the regions and towns around them.
KASSA_NORTH = village("v:kassa_n", "Kassa", 16.9, -0.5, "Gao")
KASSA_SOUTH = village("v:kassa_s", "Kassa", 11.6, -5.9, "Sikasso")
GAO = region("r:gao", "Gao", 16.5, 0.5)
SIKASSO = region("r:sik", "Sikasso", 11.3, -6.0)
BOUREM = town("t:bourem", "Bourem", 16.95, -0.35, "Gao")
KADIOLO = town("t:kadiolo", "Kadiolo", 10.55, -5.76, "Sikasso")


@pytest.fixture
def small() -> Gazetteer:
    places = [KASSA_NORTH, KASSA_SOUTH, GAO, SIKASSO, BOUREM, KADIOLO]
    return Gazetteer(places, common_names=frozenset({"traore", "selon"}))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"near": [GAO]}, KASSA_NORTH),
        ({"near": [SIKASSO]}, KASSA_SOUTH),
        ({"admin1": "Gao"}, KASSA_NORTH),
        ({"admin1": "sikasso"}, KASSA_SOUTH),  # folded like any name
        ({"near": [BOUREM]}, KASSA_NORTH),
        ({"near": [KADIOLO]}, KASSA_SOUTH),
    ],
)
def test_homonym_resolved_by_region_or_nearness(small, kwargs, expected):
    assert small.geocode("Kassa", **kwargs) == expected


def test_named_region_beats_a_closer_town_of_another_region(small):
    # a report on the Sikasso region that also names Bourem: the region decides
    got = small.resolve(small.lookup("Kassa"), near=[SIKASSO, BOUREM])
    assert got == KASSA_SOUTH


def test_settlement_preferred_over_a_well_of_the_same_name():
    well = village("w:1", "Tin Adar", 16.40, -0.10, "Gao", feature="well", tier=7)
    vill = village("v:1", "Tin Adar", 16.60, 0.15, "Gao", tier=3)
    context = town("t:x", "Xtown", 16.38, -0.12, "Gao")
    gaz = Gazetteer([well, vill, context])
    assert not well.is_settlement
    assert vill.is_settlement
    assert gaz.geocode("Tin Adar") == vill  # no context
    # the well is 33 km closer to the town named in the text: still the village
    assert gaz.geocode("Tin Adar", near=[context]) == vill
    # a well far closer than any village of that name is meant
    far_vill = village("v:2", "Tin Adar", 11.0, -5.0, "Sikasso", tier=3)
    gaz2 = Gazetteer([well, far_vill, context])
    assert gaz2.geocode("Tin Adar", near=[context]) == well


def test_committed_settlement_beats_committed_well():
    gaz = load_gazetteer()
    found = gaz.lookup("Tolla")
    assert {p.feature for p in found} >= {"well", "settlement"}
    assert gaz.geocode("Tolla").feature == "settlement"


def test_committed_homonyms_by_region():
    gaz = load_gazetteer()
    assert gaz.geocode("Bamba", admin1="Gao").admin1 == "Gao"
    assert gaz.geocode("Bamba", admin1="Mopti").admin1 == "Mopti"
    gao_region = next(p for p in gaz.lookup("Gao") if p.kind == "region")
    assert gaz.geocode("Bamba", near=[gao_region]).admin1 == "Gao"


@pytest.mark.parametrize("name", ["Traoré", "TRAORE", "Selon"])
def test_common_name_village_needs_nearby_evidence(small, name):
    hamlet = village("v:tr", name, 14.0, -4.0, "Mopti", tier=3)
    gaz = Gazetteer([hamlet, *small.places], common_names=small.common_names)
    assert gaz.is_common_name(name)
    with pytest.raises(GeocodingError, match="family name or word"):
        gaz.geocode(name)
    with pytest.raises(GeocodingError, match="family name or word"):
        gaz.geocode(name, country_iso3="MLI", near=[BOUREM])  # 400 km away
    next_door = town("t:nd", "Nextdoor", 14.1, -4.1, "Mopti")
    assert gaz.geocode(name, near=[next_door]) == hamlet
    assert gaz.geocode(name, admin1="Mopti") == hamlet
    # the same check when the candidates come without their name (the extraction call)
    with pytest.raises(GeocodingError):
        gaz.resolve(gaz.lookup(name))
    assert gaz.resolve(gaz.lookup(name), near=[next_door]) == hamlet


def test_ordinary_village_name_needs_no_evidence(small):
    assert small.geocode("Kassa") in (KASSA_NORTH, KASSA_SOUTH)


def test_common_name_town_needs_its_country_or_nearness():
    keita = town("t:keita", "Keïta", 14.76, 5.77, "Tahoua", iso3="NER", population=14000)
    tahoua = town("t:tahoua", "Tahoua", 14.89, 5.26, "Tahoua", iso3="NER")
    gaz = Gazetteer([keita, tahoua], common_names=frozenset({"keita"}))
    with pytest.raises(GeocodingError):
        gaz.geocode("Keita")
    with pytest.raises(GeocodingError):
        gaz.geocode("Keïta", country_iso3="MLI")
    assert gaz.geocode("Keïta", country_iso3="NER") == keita
    assert gaz.geocode("Keïta", near=[tahoua]) == keita


@pytest.mark.parametrize("name", ["Diallo", "Traoré", "Koné", "Touré"])
def test_committed_family_names_are_not_placed_on_hamlets(name):
    gaz = load_gazetteer()
    assert gaz.is_common_name(name)
    villages = [p for p in gaz.lookup(name) if p.is_village]
    assert villages, f"the committed data has hamlets called {name}"
    with pytest.raises(GeocodingError):
        gaz.geocode(name)
    one = villages[0]
    beside = town("t:b", "Beside", one.latitude + 0.05, one.longitude, one.admin1, iso3=one.iso3)
    assert gaz.geocode(name, near=[beside]) == one


def test_word_list_is_data_and_folds_to_distinct_keys():
    path = DEFAULT_PLACES.parent / COMMON_NAMES_CSV
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["kind"] for r in rows} == {"surname", "given", "word"}
    keys = [normalize_name(r["name"]) for r in rows]
    assert all(keys)
    assert len(keys) == len(set(keys))
    assert read_common_names(path) == frozenset(keys)


def test_word_list_without_name_column(tmp_path):
    path = tmp_path / "common.csv"
    path.write_text("word,kind\nx,y\n", encoding="utf-8")
    with pytest.raises(GeocodingError, match="no 'name' column"):
        read_common_names(path)


# --- transliteration variants -------------------------------------------------

TAKOUBAT = village("v:tak", "Takoubat", 14.2, 1.45, "Tillabéri", iso3="NER")
IN_ATES = village("v:ina", "I-n-Atès", 15.2, 1.1, "Tillabéri", iso3="NER")
SAY = town("t:say", "Say", 13.1, 2.37, "Tillabéri", iso3="NER")


@pytest.fixture
def variants() -> Gazetteer:
    return Gazetteer([TAKOUBAT, IN_ATES, SAY])


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Takoubatt", TAKOUBAT), ("TAKOUBATT", TAKOUBAT), ("Inatès", IN_ATES), ("In Ates", IN_ATES)],
)
def test_spelling_variants_are_found(variants, name, expected):
    assert variants.lookup(name) == [expected]
    assert variants.spelling_variants(name) == (expected,)


def test_spelling_variants_in_running_text(variants):
    text = "Des hommes armés ont attaqué Takoubatt puis Inatès; à Says, rien."
    found = [(m.surface, m.place_candidates) for m in variants.find_in_text(text)]
    assert found == [("Takoubatt", (TAKOUBAT,)), ("Inatès", (IN_ATES,))]


def test_no_variant_for_short_or_lowercase_words(variants):
    assert variants.lookup("Saay") == []  # too short to guess
    assert variants.find_in_text("le takoubatt") == []  # a lowercase word is not a name


def test_guard_applies_to_a_mention_found_in_text(small):
    hamlet = village("v:tr", "Traoré", 14.0, -4.0, "Mopti", tier=3)
    gaz = Gazetteer([hamlet, *small.places], common_names=small.common_names)
    (mention,) = gaz.find_in_text("Selon le ministre Traoré, rien.")[-1:]
    assert mention.surface == "Traoré"
    with pytest.raises(GeocodingError, match="'Traoré'"):
        gaz.resolve(mention)
    next_door = town("t:nd", "Nextdoor", 14.05, -4.0, "Mopti")
    assert gaz.resolve(mention, near=[next_door]) == hamlet
