from __future__ import annotations

import datetime as dt
import math

import pytest

from events.model import (
    EVENT_FIELDS,
    SUB_EVENT_TYPES,
    Event,
    EventType,
    EventValidationError,
    Evidence,
    FatalityClaim,
    Status,
    split_actors,
)
from tests.conftest import make_event


def test_event_type_is_acled_six():
    assert [t.value for t in EventType] == [
        "Battles",
        "Violence against civilians",
        "Explosions/Remote violence",
        "Riots",
        "Protests",
        "Strategic developments",
    ]
    assert set(SUB_EVENT_TYPES) == set(EventType)


def test_valid_event_defaults():
    ev = make_event()
    assert ev.geo_precision == 1
    assert ev.time_precision == 1
    assert ev.status is Status.DRAFT
    assert ev.evidence == {}
    assert ev.fatalities_low is None


@pytest.mark.parametrize(
    ("changes", "field", "value"),
    [
        ({"event_id": ""}, "event_id", ""),
        ({"event_id": "   "}, "event_id", "   "),
        ({"event_date": "2024-09-17"}, "event_date", "2024-09-17"),
        ({"event_date": dt.datetime(2024, 9, 17, 12)}, "event_date", dt.datetime(2024, 9, 17, 12)),
        ({"event_date": dt.date(1850, 1, 1)}, "event_date", dt.date(1850, 1, 1)),
        ({"event_date": dt.date(2150, 1, 1)}, "event_date", dt.date(2150, 1, 1)),
        ({"event_type": "Battle"}, "event_type", "Battle"),
        ({"sub_event_type": "Peaceful protest"}, "sub_event_type", "Peaceful protest"),
        ({"time_precision": 0}, "time_precision", 0),
        ({"time_precision": 4}, "time_precision", 4),
        ({"geo_precision": 4}, "geo_precision", 4),
        ({"geo_precision": 0}, "geo_precision", 0),
        ({"actor1": ""}, "actor1", ""),
        ({"actor1": "  "}, "actor1", "  "),
        ({"iso3": "ml"}, "iso3", "ml"),
        ({"iso3": "MALI"}, "iso3", "MALI"),
        ({"iso3": "ml1"}, "iso3", "ml1"),
        ({"latitude": 90.5}, "latitude", 90.5),
        ({"latitude": -91.0}, "latitude", -91.0),
        ({"latitude": math.nan}, "latitude", math.nan),
        ({"latitude": math.inf}, "latitude", math.inf),
        ({"latitude": "12.6"}, "latitude", "12.6"),
        ({"longitude": 180.01}, "longitude", 180.01),
        ({"longitude": -200.0}, "longitude", -200.0),
        ({"uncertainty_m": -1.0}, "uncertainty_m", -1.0),
        ({"uncertainty_m": math.nan}, "uncertainty_m", math.nan),
        ({"fatalities": -1}, "fatalities", -1),
        ({"fatalities_low": -2}, "fatalities_low", -2),
        ({"fatalities_high": -3}, "fatalities_high", -3),
        ({"fatalities_low": 10, "fatalities_high": 5}, "fatalities_low", 10),
        ({"status": "final"}, "status", "final"),
    ],
)
def test_invalid_field_is_named(changes, field, value):
    with pytest.raises(EventValidationError) as info:
        make_event(**{"event_id": "bad-1", **changes})
    err = info.value
    assert err.field == field
    if isinstance(value, float) and math.isnan(value):
        assert math.isnan(err.value)
    else:
        assert err.value == value
    assert repr(field) in str(err)
    assert repr(value) in str(err)


def test_error_names_the_event():
    with pytest.raises(EventValidationError, match=r"event 'xyz': field 'latitude'"):
        make_event(event_id="xyz", latitude=100.0)


def test_error_is_a_value_error():
    assert issubclass(EventValidationError, ValueError)


@pytest.mark.parametrize(
    ("evidence", "field"),
    [
        ({"actor1": (Evidence("JNIM", 0, 5),)}, "evidence"),  # span longer than quote
        ({"actor1": (Evidence("JNIM", -1, 3),)}, "evidence"),
        ({"actor1": (Evidence("JNIM", 5, 1),)}, "evidence"),
        ({"no_such_field": (Evidence("JNIM", 0, 4),)}, "evidence"),
        ({"event_id": (Evidence("JNIM", 0, 4),)}, "evidence"),
    ],
)
def test_bad_evidence_rejected(evidence, field):
    with pytest.raises(EventValidationError) as info:
        make_event(evidence=evidence)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("low", "high"),
    [(None, None), (0, 0), (3, 3), (3, 10), (5, None), (None, 7)],
)
def test_fatality_ranges_accepted(low, high):
    ev = make_event(fatalities_low=low, fatalities_high=high)
    assert (ev.fatalities_low, ev.fatalities_high) == (low, high)


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 180.0), (-90.0, -180.0), (0, 0)])
def test_coordinate_bounds_inclusive(lat, lon):
    ev = make_event(latitude=lat, longitude=lon)
    assert (ev.latitude, ev.longitude) == (lat, lon)


def test_strings_are_coerced_to_enums():
    ev = make_event(event_type="Protests", sub_event_type="Peaceful protest", status="verified")
    assert ev.event_type is EventType.PROTESTS
    assert ev.status is Status.VERIFIED


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_sub_event_type_accepted(event_type):
    for sub in SUB_EVENT_TYPES[event_type]:
        assert make_event(event_type=event_type, sub_event_type=sub).sub_event_type == sub


def test_empty_sub_event_type_accepted():
    assert make_event(sub_event_type="").sub_event_type == ""


def test_event_is_frozen():
    ev = make_event()
    with pytest.raises(AttributeError):
        ev.latitude = 1.0  # type: ignore[misc]


def test_with_changes_validates_and_copies():
    ev = make_event()
    moved = ev.with_changes(latitude=13.0)
    assert moved.latitude == 13.0
    assert ev.latitude == 12.6
    with pytest.raises(EventValidationError, match="latitude"):
        ev.with_changes(latitude=200.0)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ("JNIM",)),
        ({"actor2": "Military Forces of Mali"}, ("JNIM", "Military Forces of Mali")),
        (
            {"assoc_actor_1": "A; B", "actor2": "C", "assoc_actor_2": "B;D"},
            ("JNIM", "A", "B", "C", "D"),
        ),
        ({"actor2": "JNIM", "assoc_actor_2": " ; "}, ("JNIM",)),
    ],
)
def test_actors_any_role_deduplicated(changes, expected):
    assert make_event(**changes).actors() == expected


@pytest.mark.parametrize(
    ("cell", "names"),
    [("", []), ("A", ["A"]), ("A; B", ["A", "B"]), (" A ;; B ;", ["A", "B"])],
)
def test_split_actors(cell, names):
    assert split_actors(cell) == names


def test_evidence_dict_round_trip():
    q = Evidence("باماكو", 0, 6)
    assert Evidence.from_dict(q.to_dict()) == q
    assert Evidence.from_dict({"quote": "x", "start": "3", "end": "4"}) == Evidence("x", 3, 4)


@pytest.mark.parametrize(
    "claim",
    [
        FatalityClaim("JNIM", 24, 99, "العشرات"),
        FatalityClaim("army", 3, None),
        FatalityClaim("hospital", 0, 0, ""),
    ],
)
def test_fatality_claim_round_trip(claim):
    assert FatalityClaim.from_dict(claim.to_dict()) == claim


def test_fatality_claim_from_minimal_dict():
    assert FatalityClaim.from_dict({"claimant": "x", "low": 2}) == FatalityClaim("x", 2, None, "")


def test_event_fields_cover_every_column():
    from events.frame import COLUMNS

    assert set(EVENT_FIELDS) == set(COLUMNS)


def test_event_equality_includes_evidence():
    a = make_event(evidence={"actor1": (Evidence("JNIM", 0, 4),)})
    b = make_event(evidence={"actor1": (Evidence("JNIM", 1, 5),)})
    assert a != b
    assert a == make_event(evidence={"actor1": (Evidence("JNIM", 0, 4),)})


def test_event_is_constructible_directly():
    ev = Event(
        event_id="x",
        event_date=dt.date(2024, 9, 17),
        event_type=EventType.BATTLES,
        sub_event_type="Armed clash",
        actor1="JNIM",
        iso3="MLI",
        country="Mali",
        location="Bamako",
        latitude=12.6,
        longitude=-8.0,
    )
    assert ev.event_type is EventType.BATTLES
