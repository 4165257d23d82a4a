from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pyproj import Geod

from events.model import EventType, Status
from events.seeds import SEED_SUFFIX, SeedError, load_seed_documents, load_seed_events
from tests.conftest import SEEDS_DIR

GEOD = Geod(ellps="WGS84")
AIRPORT = (12.537778, -7.943056)  # ASECNA aerodrome reference point of GABS
SCHOOL = (12.5925, -7.953)  # gendarmerie school, Faladié
BAMAKO_CENTRE = (12.6392, -8.0029)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def raw_quotes() -> list[tuple[str, str, int, dict]]:
    """Every evidence quote of every seed file, read straight from the JSON."""
    out = []
    for path in sorted(SEEDS_DIR.glob(f"*{SEED_SUFFIX}")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for record in raw["events"]:
            for name, quotes in record.get("evidence", {}).items():
                for i, q in enumerate(quotes):
                    out.append((path.name, f"{record['event_id']}:{name}:{i}", q))
    return out


QUOTES = raw_quotes()


def test_there_are_quotes_to_check():
    assert len(QUOTES) >= 20


@pytest.mark.parametrize(
    ("seed_file", "quote"), [(f, q) for f, _, q in QUOTES], ids=[i for _, i, _ in QUOTES]
)
def test_every_quote_is_at_its_offsets(seed_file, quote):
    raw = json.loads((SEEDS_DIR / seed_file).read_text(encoding="utf-8"))
    report = SEEDS_DIR / (raw.get("report") or seed_file.removesuffix(SEED_SUFFIX) + ".txt")
    text = report.read_text(encoding="utf-8")
    assert quote["quote"]
    assert text[quote["start"] : quote["end"]] == quote["quote"]


@pytest.fixture(scope="module")
def seeds():
    return {e.event_id: e for e in load_seed_events(SEEDS_DIR)}


@pytest.fixture(scope="module")
def airport(seeds):
    return next(e for e in seeds.values() if "Air" in e.site or "Airport" in e.site)


@pytest.fixture(scope="module")
def school(seeds):
    return next(e for e in seeds.values() if "endarmerie" in e.site)


def test_two_seed_events(seeds):
    assert len(seeds) == 2


def test_airport_event_position(airport):
    assert distance_m(airport.latitude, airport.longitude, *AIRPORT) <= 1500


def test_school_event_position(school):
    assert distance_m(school.latitude, school.longitude, *SCHOOL) <= 2000


@pytest.mark.parametrize("which", ["airport", "school"])
def test_events_are_not_at_the_city_centre(which, request):
    ev = request.getfixturevalue(which)
    assert distance_m(ev.latitude, ev.longitude, *BAMAKO_CENTRE) > 3000


@pytest.mark.parametrize("which", ["airport", "school"])
def test_seed_event_attributes(which, request):
    ev = request.getfixturevalue(which)
    assert ev.event_date.isoformat() == "2024-09-17"
    assert ev.actor1 == "JNIM"
    assert ev.admin1 == "Bamako"
    assert ev.iso3 == "MLI"
    assert ev.country == "Mali"
    assert ev.event_type in set(EventType)
    assert ev.language == "ar"
    assert ev.status is Status.VERIFIED
    assert ev.uncertainty_m > 0
    assert ev.evidence  # every seed event cites the report


def test_same_incident(airport, school):
    assert airport.incident_id
    assert airport.incident_id == school.incident_id
    assert airport.event_id != school.event_id


def test_vague_toll_is_a_range(airport):
    # "dozens" (العشرات): a low-high range, not a point value
    assert airport.fatalities_low is not None
    assert airport.fatalities_high is not None
    assert airport.fatalities_low < airport.fatalities_high
    assert airport.fatalities_low <= airport.fatalities <= airport.fatalities_high


def test_documents_carry_their_report():
    docs = load_seed_documents(SEEDS_DIR)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.report_path == SEEDS_DIR / "000_e244a61c166959a2.txt"
    assert doc.text.startswith("باماكو")
    for ev in doc.events:
        for quotes in ev.evidence.values():
            for q in quotes:
                assert doc.text[q.start : q.end] == q.quote


# ---------------------------------------------------------------------------
# Tampered copies


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / f"000_e244a61c166959a2{SEED_SUFFIX}"


def edit(path: Path, change) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


def test_copy_loads_untampered(seed_copy):
    assert len(load_seed_events(seed_copy.parent)) == 2


def _reverse_quote(raw):
    q = raw["events"][0]["evidence"]["actor1"][0]
    q["quote"] = q["quote"][::-1]  # same length: the offsets still span it


def _shift_offsets(raw):
    q = raw["events"][1]["evidence"]["site"][0]
    q["start"] += 1
    q["end"] += 1


def _swap_one_letter(raw):
    q = raw["events"][0]["evidence"]["admin1"][0]
    q["quote"] = "ب" + q["quote"][1:-1] + "x"


@pytest.mark.parametrize("change", [_reverse_quote, _shift_offsets, _swap_one_letter])
def test_tampered_quote_raises_naming_the_file(seed_copy, change):
    edit(seed_copy, change)
    with pytest.raises(SeedError) as info:
        load_seed_events(seed_copy.parent)
    assert str(seed_copy) in str(info.value)
    assert "quote" in str(info.value)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda raw: raw["events"][0].update(latitude=95.0), "latitude"),
        (lambda raw: raw["events"][0].update(event_type="Skirmish"), "event_type"),
        (lambda raw: raw["events"][0].update(event_date="2024-09-31"), "2024-09-31"),
        (
            lambda raw: raw["events"][0].update(fatalities_low=100, fatalities_high=5),
            "fatalities_low",
        ),
        (lambda raw: raw["events"][1].pop("actor1"), "actor1"),
    ],
)
def test_invalid_record_raises_naming_the_file(seed_copy, change, fragment):
    edit(seed_copy, change)
    with pytest.raises(SeedError) as info:
        load_seed_events(seed_copy.parent)
    assert str(seed_copy) in str(info.value)
    assert fragment in str(info.value)


def test_coordinates_outside_stated_country_rejected(seed_copy):
    # the issue: validation rejects latitude/longitude "outside the stated country";
    # a lat/lon swap puts the airport in the Atlantic off Angola, far from Mali.
    def swap(raw):
        ev = raw["events"][0]
        ev["latitude"], ev["longitude"] = ev["longitude"], ev["latitude"]

    edit(seed_copy, swap)
    with pytest.raises(SeedError) as info:
        load_seed_events(seed_copy.parent)
    assert str(seed_copy) in str(info.value)


def test_bad_json_names_the_file(seed_copy):
    seed_copy.write_text("{not json", encoding="utf-8")
    with pytest.raises(SeedError, match=re.escape(str(seed_copy))):
        load_seed_events(seed_copy.parent)


def test_missing_report_names_the_file(seed_copy):
    (seed_copy.parent / "000_e244a61c166959a2.txt").unlink()
    with pytest.raises(SeedError) as info:
        load_seed_events(seed_copy.parent)
    assert str(seed_copy) in str(info.value)
    assert "000_e244a61c166959a2.txt" in str(info.value)


def test_empty_seed_dir(tmp_path):
    assert load_seed_events(tmp_path) == []
