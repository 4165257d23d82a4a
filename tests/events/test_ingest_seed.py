from __future__ import annotations

import datetime as dt
import math

import pytest

from events.model import Status
from events.seeds import load_seed_documents
from extract import extract_events, read_report

from .conftest import SEED


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def seed_events(gaz, registry):
    doc = read_report(SEED, published="2024-09-18")
    return doc, extract_events(doc, gazetteer=gaz, registry=registry)


def test_seed_yields_the_two_sites(seed_events):
    _, events = seed_events
    assert len(events) == 2
    airport = [e for e in events if _km(e.latitude, e.longitude, 12.537778, -7.943056) <= 1.5]
    school = [e for e in events if _km(e.latitude, e.longitude, 12.5925, -7.953) <= 2.0]
    assert len(airport) == 1
    assert len(school) == 1
    assert airport != school
    for e in events:
        assert e.event_date == dt.date(2024, 9, 17)
        assert e.time_precision == 1
        assert e.actor1 == "JNIM"
        assert e.actor2 == "Military Forces of Mali"
        assert (e.event_type.value, e.sub_event_type) == ("Battles", "Armed clash")
        assert e.status is Status.DRAFT
        assert e.iso3 == "MLI"
        assert e.admin1 == "Bamako"
        assert _km(e.latitude, e.longitude, 12.60915, -7.97522) > 1.0  # never Bamako's centre
    assert airport[0].incident_id
    assert airport[0].incident_id == school[0].incident_id


def test_seed_dozens_claimed_by_jnim_is_a_range(seed_events):
    _, events = seed_events
    claims = [c for e in events for c in e.fatality_claims if c.claimant == "JNIM"]
    assert len(claims) == 1
    assert (claims[0].low, claims[0].high) == (24, 99)
    assert "العشرات" in claims[0].quote
    # the incident-wide claim is counted once, not once per site
    assert sum(1 for e in events for c in e.fatality_claims if c.claimant == "JNIM") == 1


def test_seed_matches_hand_coded_records_field_by_field(seed_events):
    _, events = seed_events
    (doc,) = [d for d in load_seed_documents(SEED.parent) if d.report_path.name == SEED.name]
    assert len(events) == len(doc.events) == 2
    for coded in doc.events:
        near = [
            e
            for e in events
            if _km(e.latitude, e.longitude, coded.latitude, coded.longitude) <= 1.0
        ]
        assert len(near) == 1, coded.event_id
        got = near[0]
        assert got.event_date == coded.event_date
        assert got.actor1 == coded.actor1
        assert got.event_type == coded.event_type
        assert got.sub_event_type == coded.sub_event_type
        assert got.actor2 == coded.actor2
        assert got.admin1 == coded.admin1
        assert got.site, "a site is named"


def test_seed_other_dated_things_are_not_events(seed_events):
    _, events = seed_events
    # 15 September (joint TV channel) and September 2023 (AES founding) are not events
    assert {e.event_date for e in events} == {dt.date(2024, 9, 17)}


def test_seed_ids_are_stable(gaz, registry, seed_events):
    _, events = seed_events
    again = extract_events(
        read_report(SEED, published="2024-09-18"), gazetteer=gaz, registry=registry
    )
    assert [e.event_id for e in again] == [e.event_id for e in events]
    assert len({e.event_id for e in events}) == 2
