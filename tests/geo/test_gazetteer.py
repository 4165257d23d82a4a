from __future__ import annotations

import math

import pytest

from geo.gazetteer import (
    Gazetteer,
    GeocodingError,
    Place,
    PlaceMention,
    load_gazetteer,
    read_places,
)

AIRPORT = "site:bamako_airport_gabs"
SCHOOL = "site:bamako_gendarmerie_school_faladie"
FALADIE_NBH = "nbh:bamako_faladie"
FALADIE_VILLAGE = "gn:2457815"


def km(a: Place, lat: float, lon: float) -> float:
    dlat = math.radians(lat - a.latitude)
    dlon = math.radians(lon - a.longitude) * math.cos(math.radians(lat))
    return 6371.0 * math.hypot(dlat, dlon)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def place(place_id, kind="town", lat=0.0, lon=0.0, **kw) -> Place:
    return Place(
        place_id, kw.pop("name", place_id), kind, lat, lon, 1000, 1, kw.pop("iso3", "XXX"), **kw
    )


# --- loading -------------------------------------------------------------


def test_load_is_cached():
    # start-up time is measured in bench/, not asserted here
    load_gazetteer.cache_clear()
    gaz = load_gazetteer()
    assert load_gazetteer() is gaz
    assert len(gaz) > 1000


def test_places_csv_columns_and_kinds(gaz):
    kinds = {p.kind for p in gaz.places}
    assert kinds == {"site", "neighbourhood", "town", "region", "country"}
    assert all(-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180 for p in gaz.places)
    assert {p.iso3 for p in gaz.places if p.kind == "region"} == {"MLI", "BFA", "NER"}
    assert sum(p.kind == "region" for p in gaz.places) == 31


@pytest.mark.parametrize(
    ("kind", "specificity"),
    [("site", 5), ("neighbourhood", 4), ("town", 3), ("region", 2), ("country", 1)],
)
def test_specificity(kind, specificity):
    assert place("p", kind).specificity == specificity


def test_bad_place_rejected():
    with pytest.raises(GeocodingError, match="'volcano'"):
        place("p", "volcano")
    with pytest.raises(GeocodingError, match="out of range"):
        place("p", lat=95.0)
    with pytest.raises(GeocodingError, match="'dup'"):
        Gazetteer([place("dup"), place("dup")])


def test_read_places_missing_column(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("place_id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(GeocodingError, match="missing columns"):
        read_places(path)


# --- lookup --------------------------------------------------------------


def test_airport_is_the_aerodrome_reference_point(gaz):
    airport = gaz.site(AIRPORT)
    assert (airport.latitude, airport.longitude) == (12.537778, -7.943056)
    assert airport.kind == "site"
    assert airport.geo_precision == 1
    assert (airport.iso3, airport.admin1, airport.city) == ("MLI", "Bamako", "Bamako")
    assert "12.5335" in airport.note  # airportsdata's cruder point is documented


def test_gendarmerie_school_is_neighbourhood_level(gaz):
    school = gaz.site(SCHOOL)
    assert school.kind == "site"
    assert school.uncertainty_m == 1500
    assert (school.latitude, school.longitude) == (12.5925, -7.953)
    assert "neighbourhood" in school.note


def test_site_unknown_id(gaz):
    with pytest.raises(GeocodingError, match="'nowhere'"):
        gaz.site("nowhere")


@pytest.mark.parametrize(
    "names",
    [
        ("تمبكتو", "Tombouctou", "Timbuktu", "TOMBOUCTOU", "لتمبكتو"),
        ("Sénou", "Senou", "senou"),
        ("Ménaka", "Menaka", "ميناكا"),
        ("Ouagadougou", "واغادوغو"),
        ("Niamey", "نيامي"),
        ("Gao", "غاو"),
        ("Kidal", "كيدال"),
        ("Mopti", "موبتي"),
        ("Tillabéri", "Tillaberi"),
        ("Bamako", "باماكو", "وبباماكو"),
        ("Mali", "مالي"),
        ("Niger", "Le Niger", "النيجر", "والنيجر"),
        ("Burkina Faso", "بوركينا فاسو"),
    ],
)
def test_same_place_in_three_scripts(gaz, names):
    first = [p.place_id for p in gaz.lookup(names[0])]
    assert first
    for name in names[1:]:
        assert [p.place_id for p in gaz.lookup(name)][:1] == first[:1], name


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Base aérienne 101", AIRPORT),
        ("BA 101", AIRPORT),
        ("Air Base 101", AIRPORT),
        ("pavillon présidentiel", AIRPORT),
        ("الجناح الرئاسي", AIRPORT),
        ("مطار باماكو", AIRPORT),
        ("Bamako-Sénou", AIRPORT),
        ("école de gendarmerie", SCHOOL),
        ("مدرسة الدرك", SCHOOL),
        ("مركز تدريب وتعليم الدرك", SCHOOL),
        ("centre de formation de la gendarmerie", SCHOOL),
        ("Région de Tombouctou", "adm1:ML06"),
        ("Région du Centre-Nord", "adm1:BF-05"),
    ],
)
def test_lookup_aliases(gaz, name, place_id):
    assert place_id in [p.place_id for p in gaz.lookup(name)]


def test_lookup_orders_and_misses(gaz):
    timbuktu = gaz.lookup("Tombouctou")
    assert [p.kind for p in timbuktu] == ["town", "region"]
    assert gaz.lookup("Atlantis") == []
    assert gaz.lookup("") == []
    # directional words are not places on their own
    assert gaz.lookup("Nord") == []
    assert gaz.lookup("est") == []


def test_faladie_has_both_candidates(gaz):
    ids = {p.place_id for p in gaz.lookup("Faladié")}
    assert {FALADIE_NBH, FALADIE_VILLAGE} <= ids
    village = gaz.site(FALADIE_VILLAGE)
    assert 50 < km(village, 12.5925, -7.953) < 90
    assert village.admin1 == "Koulikoro"


# --- find_in_text --------------------------------------------------------

FR = (
    "Le 17 septembre 2024, le JNIM a attaqué l'école de gendarmerie de Faladié "
    "et l'aéroport de Bamako-Sénou, à Bamako (Mali). Rien à Gaoua."
)
AR = (
    "هاجمت جماعة نصرة الإسلام والمسلمين مدرسة الدرك في حي فالاديي "
    "والمطار العسكري وبباماكو، عاصمة مالي، ثم تمبكتو."
)
EN = "Fighting was reported near Timbuktu and Ménaka; officials say Gao was calm."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            FR,
            [
                ("école de gendarmerie de Faladié", SCHOOL),
                ("aéroport de Bamako-Sénou", AIRPORT),
                ("Bamako", "gn:2460596"),
                ("Mali", "adm0:MLI"),
                ("Gaoua", "gn:2360620"),
            ],
        ),
        (
            AR,
            [
                ("مدرسة الدرك", SCHOOL),
                ("فالاديي", FALADIE_NBH),
                ("والمطار", AIRPORT),
                ("وبباماكو", "gn:2460596"),
                ("مالي", "adm0:MLI"),
                ("تمبكتو", "gn:2449067"),
            ],
        ),
        (
            EN,
            [("Timbuktu", "gn:2449067"), ("Ménaka", "gn:2453514"), ("Gao", "gn:2457163")],
        ),
    ],
)
def test_find_in_text(gaz, text, expected):
    mentions = gaz.find_in_text(text)
    assert [(m.surface, m.place_candidates[0].place_id) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    "text",
    [
        "Gaoua",  # "Gao" inside a longer word
        "they say so",  # lowercase common word = Niger's town "Say"
        "dans le nord et l'est du pays, au centre",  # compass words are not regions
        "",
    ],
)
def test_find_in_text_no_false_match(gaz, text):
    surfaces = [m.surface for m in gaz.find_in_text(text)]
    assert "Gao" not in surfaces
    assert not any(s.lower() in {"say", "nord", "est", "centre"} for s in surfaces)


def test_find_in_text_gives_the_same_places_every_time(gaz):
    report = ((FR + " " + AR + " " + EN + " ") * 12)[:3000]
    first = gaz.find_in_text(report)
    assert first
    assert gaz.find_in_text(report) == first


# --- resolve -------------------------------------------------------------


def test_faladie_next_to_bamako_is_the_neighbourhood(gaz):
    mentions = {m.surface: m for m in gaz.find_in_text("Attaque à Faladié, à Bamako.")}
    bamako = gaz.resolve(mentions["Bamako"], country_iso3="MLI")
    got = gaz.resolve(mentions["Faladié"], country_iso3="MLI", near=[bamako])
    assert got.place_id == FALADIE_NBH
    assert km(got, 12.5925, -7.953) < 3


def test_faladie_without_context_is_the_neighbourhood(gaz):
    # Documented behaviour: no context -> most specific candidate wins, and
    # the Bamako neighbourhood (kind neighbourhood) outranks the village.
    assert gaz.resolve(gaz.lookup("Faladié")).place_id == FALADIE_NBH


def test_faladie_near_the_village_context_is_the_village(gaz):
    kolokani = gaz.lookup("Kolokani")[0]
    assert gaz.resolve(gaz.lookup("Faladié"), near=[kolokani]).place_id == FALADIE_VILLAGE


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "a_site"),  # specificity
        ({"country_iso3": "BBB"}, "b_town"),  # same country first
        ({"near": "c"}, "c_region"),  # nearest to the context (within the region)
    ],
)
def test_resolve_ranking(kwargs, expected):
    a_site = place("a_site", "site", 0, 0, iso3="AAA")
    b_town = place("b_town", "town", 10, 10, iso3="BBB", population=10)
    c_region = Place("c_region", "C", "region", 20, 20, 300_000, 3, "CCC")
    context = place("c", "town", 21, 21, iso3="CCC")
    if kwargs.get("near"):
        kwargs = {"near": [context]}
    assert resolve_ids([a_site, b_town, c_region], **kwargs) == expected


def test_resolve_population_breaks_ties():
    small = place("small", population=100)
    big = place("big", population=10_000)
    assert resolve_ids([small, big]) == "big"


def resolve_ids(cands, **kwargs):
    return Gazetteer(cands).resolve(cands, **kwargs).place_id


def test_resolve_empty_raises(gaz):
    with pytest.raises(GeocodingError, match=r"\[\]"):
        gaz.resolve([])
    with pytest.raises(GeocodingError, match="'Xyz'"):
        gaz.resolve(PlaceMention((), 0, 3, "Xyz"))


def test_geocode(gaz):
    assert gaz.geocode("Ménaka", country_iso3="MLI").place_id == "gn:2453514"
    with pytest.raises(GeocodingError, match="'Atlantis'"):
        gaz.geocode("Atlantis")


def test_geo_package_has_no_app_imports():
    import ast
    from pathlib import Path

    import geo

    for path in Path(geo.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"events", "layers", "streamlit"}, path


def test_tessit_lies_east_of_greenwich(gaz):
    # Tessit (Gao region) is near Mali's border with Niger, at about 0.29° E.
    tessit = next(p for p in gaz.lookup("Tessit") if p.kind == "town")
    assert tessit.admin1 == "Gao"
    assert 0.0 < tessit.longitude < 1.0
