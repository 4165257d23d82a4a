from __future__ import annotations

import datetime as dt

import pytest

from events.urlstate import KEYS, UrlState, name_countries, parse_url_state, url_params

ALLOWED = {
    "actors": {"JNIM", "Military Forces of Mali", "Wagner Group"},
    "event_types": {"Battles", "Protests", "Explosions/Remote violence"},
    "countries": {"Mali", "MLI", "Niger"},
    "admin1": {"Bamako", "Tillaberi"},
    "basemaps": {"none", "osm"},
}
D17 = dt.date(2024, 9, 17)
D18 = dt.date(2024, 9, 18)


def parse(params):
    return parse_url_state(params, **ALLOWED)


@pytest.mark.parametrize(
    ("params", "state"),
    [
        ({}, UrlState()),
        (
            {"start": "2024-09-17", "end": "2024-09-17", "actor": "JNIM", "type": "Battles"},
            UrlState(start=D17, end=D17, actors=("JNIM",), event_types=("Battles",)),
        ),
        (
            {"actor": ["JNIM", "Wagner Group"], "type": ["Battles", "Protests"]},
            UrlState(actors=("JNIM", "Wagner Group"), event_types=("Battles", "Protests")),
        ),
        ({"actor": ["JNIM", "JNIM"]}, UrlState(actors=("JNIM",))),
        (
            {"type": "Explosions/Remote violence"},
            UrlState(event_types=("Explosions/Remote violence",)),
        ),
        ({"country": ["MLI", "Niger"]}, UrlState(countries=("MLI", "Niger"))),
        ({"admin1": "Bamako"}, UrlState(admin1=("Bamako",))),
        ({"basemap": "osm"}, UrlState(basemap="osm")),
        ({"start": "2024-09-18"}, UrlState(start=D18)),
        ({"end": "2024-09-17"}, UrlState(end=D17)),
    ],
)
def test_parse_valid(params, state):
    got, warnings = parse(params)
    assert got == state
    assert warnings == []


@pytest.mark.parametrize(
    ("params", "state", "bad"),
    [
        ({"start": "2024-09-31"}, UrlState(), ["start='2024-09-31'"]),
        ({"end": "tomorrow"}, UrlState(), ["end='tomorrow'"]),
        (
            {"start": "17/09/2024", "actor": "JNIM"},
            UrlState(actors=("JNIM",)),
            ["start='17/09/2024'"],
        ),
        ({"start": ["2024-09-17", "2024-09-18"]}, UrlState(start=D17), ["start='2024-09-18'"]),
        (
            {"start": "2024-09-18", "end": "2024-09-17"},
            UrlState(start=D18),
            ["end='2024-09-17'"],
        ),
        ({"actor": ["JNIM", "Nobody"]}, UrlState(actors=("JNIM",)), ["actor='Nobody'"]),
        ({"actor": "jnim"}, UrlState(), ["actor='jnim'"]),  # exact names only
        ({"type": "Battle"}, UrlState(), ["type='Battle'"]),
        ({"country": "France"}, UrlState(), ["country='France'"]),
        ({"admin1": "Paris"}, UrlState(), ["admin1='Paris'"]),
        ({"basemap": "google"}, UrlState(), ["basemap='google'"]),
        ({"colour": "red"}, UrlState(), ["colour='red'"]),
        (
            {"start": "bad", "actor": "X", "type": "Y", "zoom": "3"},
            UrlState(),
            ["start='bad'", "actor='X'", "type='Y'", "zoom='3'"],
        ),
    ],
)
def test_bad_values_are_dropped_with_a_warning_naming_them(params, state, bad):
    got, warnings = parse(params)
    assert got == state
    assert len(warnings) == len(bad)
    for fragment in bad:
        assert sum(fragment in w for w in warnings) == 1, (fragment, warnings)
    assert all(w.startswith("Ignored ") for w in warnings)


def test_parse_never_raises_on_garbage():
    params = {k: ["\x00", "", "<script>", "9999-99-99"] for k in KEYS}
    params["???"] = "x"
    state, warnings = parse(params)
    assert state == UrlState()
    assert warnings


@pytest.mark.parametrize(
    ("state", "params"),
    [
        (UrlState(), {}),
        # the data's own span is written out too: a shared link keeps its days
        (
            UrlState(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)),
            {"start": "2024-01-01", "end": "2024-12-31"},
        ),
        (UrlState(start=D17, end=D17), {"start": "2024-09-17", "end": "2024-09-17"}),
        (
            UrlState(actors=("JNIM", "Wagner Group"), event_types=("Battles",)),
            {"actor": ["JNIM", "Wagner Group"], "type": ["Battles"]},
        ),
        (
            UrlState(countries=("MLI",), admin1=("Bamako",)),
            {"country": ["MLI"], "admin1": ["Bamako"]},
        ),
        (UrlState(basemap="osm"), {"basemap": "osm"}),
        (UrlState(basemap="none"), {}),
    ],
)
def test_url_params(state, params):
    assert url_params(state) == params


@pytest.mark.parametrize(
    "state",
    [
        UrlState(start=D17, end=D17, actors=("JNIM",), event_types=("Battles",)),
        UrlState(start=D18),
        UrlState(
            actors=("Military Forces of Mali", "JNIM"), countries=("Niger",), admin1=("Tillaberi",)
        ),
        UrlState(basemap="osm", event_types=("Protests", "Battles")),
    ],
)
def test_round_trip_through_the_url(state):
    got, warnings = parse(url_params(state))
    assert warnings == []
    assert got == state


def test_a_link_to_one_day_stays_one_day():
    # the data ends on D17 today; the link must not become "from D17 on"
    state = UrlState(start=D17, end=D17)
    assert parse(url_params(state))[0] == state


def test_country_codes_become_names():
    names = {"MLI": "Mali", "NER": "Niger"}
    assert name_countries(["MLI", "Niger", "mli", "BFA"], names) == ("Mali", "Niger", "BFA")
