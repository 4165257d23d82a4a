from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from geo.gazetteer import DEFAULT_PLACES, VILLAGE_FILES, load_gazetteer
from geo.normalize import normalize_name
from geo.villages import VILLAGE_COLUMNS, read_village_table

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


def test_gazetteer_data_stays_compact():
    total = sum((DATA / n).stat().st_size for n, _ in VILLAGE_FILES)
    total += (DATA / "places.csv").stat().st_size + (DATA / "common_names.csv").stat().st_size
    assert total < 15_000_000


def _km(a, b) -> float:
    dlat = math.radians(b.latitude - a.latitude)
    dlon = math.radians(b.longitude - a.longitude) * math.cos(math.radians(a.latitude))
    return 6371.0 * math.hypot(dlat, dlon)


def test_committed_sources_are_deduplicated(gaz):
    table = gaz.villages
    pairs = 0
    for key, rows in table.by_key.items():
        if len(rows) < 2:
            continue
        named = [p for p in map(table.place_at, rows) if normalize_name(p.name) == key]
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                if a.source != b.source:
                    pairs += 1
                    assert _km(a, b) > 5.0, (a.place_id, b.place_id)
    assert pairs > 100  # homonyms of different sources exist, only farther apart


def test_committed_rows_carry_their_admin_names(gaz):
    ocha = [p for p in map(gaz.villages.place_at, range(len(gaz.villages))) if "OCHA" in p.source]
    assert len(ocha) > 5000
    assert all(p.iso3 in {"MLI", "BFA"} for p in ocha)
    assert sum(bool(p.admin2 and p.admin3) for p in ocha) > 0.9 * len(ocha)


def test_committed_wells_rank_below_settlements(gaz):
    wells = [p for p in gaz.lookup("Tolla") if p.feature == "well"]
    assert wells
    assert all(not p.is_settlement and p.tier >= 7 for p in wells)


def test_village_file_of_the_earlier_layout_still_loads(tmp_path):
    path = tmp_path / "old.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(",".join(VILLAGE_COLUMNS[:9]) + "\n")
        fh.write("kouna,gv:1,Kouna,1,14.1,-4.1,MLI,Mopti,\n")
    table = read_village_table([(path, "test")])
    (place,) = table.places_for("kouna")
    assert (place.admin1, place.feature, place.admin3) == ("Mopti", "settlement", "")
