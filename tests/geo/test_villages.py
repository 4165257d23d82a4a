from __future__ import annotations

from pathlib import Path

import pytest

from geo.gazetteer import DEFAULT_PLACES, VILLAGE_FILES, load_gazetteer

DATA = Path(DEFAULT_PLACES).parent


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize("name", [n for n, _ in VILLAGE_FILES])
def test_village_files_are_committed_small_and_attributed(name):
    path = DATA / name
    assert path.exists()
    assert path.stat().st_size < 3_000_000
    assert name in (DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")


def test_osm_rows_are_separable(gaz):
    osm = [p for p in gaz.lookup("Kankampélé") if p.place_id.startswith("osm:")]
    assert osm
    assert all("ODbL" in p.source for p in osm)


def test_villages_come_after_curated_towns(gaz):
    found = gaz.lookup("Bamba")
    assert not found[0].is_village
    assert any(p.is_village and p.admin1 == "Gao" for p in found)


def test_homonym_resolved_near_the_other_places(gaz):
    gao = gaz.lookup("Gao")[0]
    bamba = gaz.geocode("Bamba", near=[gao])
    assert (bamba.admin1, bamba.iso3) == ("Gao", "MLI")


def test_a_large_town_beats_its_village_homonyms(gaz):
    menaka = gaz.lookup("Ménaka")[0]
    towns = [p for p in gaz.lookup("Gao") if p.kind == "town"]
    assert gaz.resolve(towns, near=[menaka]).population > 50_000


def test_village_without_context_is_in_the_three_countries(gaz):
    for p in gaz.lookup("Diallassagou"):
        assert p.iso3 in {"MLI", "BFA", "NER"}
        assert p.uncertainty_m >= 1000


def test_load_without_villages_is_small():
    assert len(load_gazetteer(villages=False)) < len(load_gazetteer()) / 10
