from __future__ import annotations

import datetime as dt

from events.merge import find_match, merge_into
from events.model import Event, EventType, FatalityClaim, Status
from events.save_plan import MERGE, NEW, UNCHANGED, plan_save


def _event(event_id, *, day=17, lat=12.54, lon=-7.94, actor1="JNIM", source="A", claims=()):
    return Event(
        event_id=event_id,
        event_date=dt.date(2024, 9, day),
        event_type=EventType.BATTLES,
        sub_event_type="Armed clash",
        actor1=actor1,
        actor2="Military Forces of Mali",
        iso3="MLI",
        country="Mali",
        location="Bamako",
        latitude=lat,
        longitude=lon,
        source=source,
        fatality_claims=claims,
    )


def test_match_needs_day_distance_and_actor():
    stored = [_event("s1")]
    assert find_match(_event("d", day=18, lat=12.6), stored).stored.event_id == "s1"
    assert find_match(_event("d", day=19), stored).stored is None
    assert find_match(_event("d", lat=12.70), stored).stored is None  # ~18 km
    assert find_match(_event("d", actor1="Islamic State Sahel"), stored).stored is not None
    lone = _event("d", actor1="Islamic State Sahel").with_changes(actor2="VDP")
    assert find_match(lone, stored).stored is None


def test_merge_grows_sources_and_keeps_claims_apart():
    stored = _event("s1", claims=(FatalityClaim("JNIM", 24, 99),))
    draft = _event("d", source="B", claims=(FatalityClaim("witnesses", 10, 10),))
    merged = merge_into(stored, draft)
    assert merged.event_id == "s1"
    assert merged.source == "A; B"
    assert [c.claimant for c in merged.fatality_claims] == ["JNIM", "witnesses"]
    plan = plan_save([draft, _event("far", day=25)], [stored], verify=False)
    assert [a.kind for a in plan.actions] == [MERGE, NEW]
    assert [e.event_id for e in plan.events] == ["s1", "far"]
    assert {e.status for e in plan.events} == {Status.DRAFT}


def test_cli_plan_leaves_a_report_ingested_before_alone():
    stored = _event("s1")
    plan = plan_save([_event("s1", source="changed")], [stored], verify=False)
    assert [a.kind for a in plan.actions] == [UNCHANGED]
    assert plan.events == ()
