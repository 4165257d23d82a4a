from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geopandas as gpd
from geopandas.testing import assert_geodataframe_equal

from events.frame import (
    COLUMNS,
    CRS,
    EventFilter,
    actor_counts,
    event_to_row,
    filter_events,
    from_frame,
    row_to_event,
    to_frame,
)
from events.model import (
    SUB_EVENT_TYPES,
    Event,
    EventType,
    EventValidationError,
    Evidence,
    FatalityClaim,
    Status,
)
from tests.conftest import make_event

# ---------------------------------------------------------------------------
# Strategies

ACTORS = ("JNIM", "Islamic State Sahel", "Military Forces of Mali", "Wagner Group", "Civilians")
COUNTRIES = (("MLI", "Mali"), ("BFA", "Burkina Faso"), ("NER", "Niger"))
ADMIN1 = ("Bamako", "Sahel", "Tillaberi", "")
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
actor_cell = st.one_of(
    st.just(""),
    st.sampled_from(ACTORS),
    st.lists(st.sampled_from(ACTORS), min_size=2, max_size=3, unique=True).map("; ".join),
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def events(draw, event_id: str | None = None) -> Event:
    event_type = draw(st.sampled_from(list(EventType)))
    iso3, country = draw(st.sampled_from(COUNTRIES))
    low = draw(st.none() | st.integers(0, 1000))
    high = draw(st.none() | st.integers(low or 0, 2000))
    quote = draw(st.text(min_size=1, max_size=10))
    start = draw(st.integers(0, 10_000))
    evidence = draw(
        st.sampled_from([{}, {"actor1": (Evidence(quote, start, start + len(quote)),)}])
    )
    claims = draw(
        st.lists(
            st.builds(
                FatalityClaim,
                claimant=st.sampled_from(ACTORS),
                low=st.integers(0, 50),
                high=st.none() | st.integers(50, 100),
                quote=text,
            ),
            max_size=2,
        ).map(tuple)
    )
    return Event(
        event_id=event_id or draw(st.uuids().map(str)),
        event_date=draw(dates),
        event_type=event_type,
        sub_event_type=draw(st.sampled_from(("", *SUB_EVENT_TYPES[event_type]))),
        actor1=draw(st.sampled_from(ACTORS)),
        assoc_actor_1=draw(actor_cell),
        actor2=draw(actor_cell),
        assoc_actor_2=draw(actor_cell),
        iso3=iso3,
        country=country,
        admin1=draw(st.sampled_from(ADMIN1)),
        admin2=draw(text),
        location=draw(text),
        latitude=draw(st.floats(-90, 90, allow_nan=False)),
        longitude=draw(st.floats(-180, 180, allow_nan=False)),
        time_precision=draw(st.sampled_from((1, 2, 3))),
        geo_precision=draw(st.sampled_from((1, 2, 3))),
        fatalities=draw(st.integers(0, 500)),
        fatalities_low=low,
        fatalities_high=high,
        fatality_claims=claims,
        notes=draw(text),
        site=draw(text),
        source=draw(text),
        source_url=draw(text),
        language=draw(st.sampled_from(("", "ar", "fr", "en"))),
        uncertainty_m=draw(st.floats(0, 50_000, allow_nan=False)),
        evidence=evidence,
        incident_id=draw(text),
        status=draw(st.sampled_from(list(Status))),
    )


@st.composite
def event_lists(draw, max_size: int = 8) -> list[Event]:
    n = draw(st.integers(0, max_size))
    return [draw(events(event_id=f"ev-{i}")) for i in range(n)]


@st.composite
def filters(draw) -> EventFilter:
    start = draw(st.none() | dates)
    end = draw(st.none() | dates)
    return EventFilter(
        start=start,
        end=end,
        actors=tuple(draw(st.lists(st.sampled_from(ACTORS), max_size=3, unique=True))),
        event_types=tuple(
            draw(st.lists(st.sampled_from([t.value for t in EventType]), max_size=3, unique=True))
        ),
        countries=tuple(
            draw(
                st.lists(
                    st.sampled_from([c for pair in COUNTRIES for c in pair]),
                    max_size=2,
                    unique=True,
                )
            )
        ),
        admin1=tuple(draw(st.lists(st.sampled_from(ADMIN1), max_size=2, unique=True))),
    )


@st.composite
def narrowed(draw, flt: EventFilter) -> EventFilter:
    """A filter that admits a subset of what ``flt`` admits."""
    start = flt.start
    if draw(st.booleans()):
        start = draw(
            dates if start is None else st.dates(min_value=start, max_value=dt.date(2031, 1, 1))
        )
    end = flt.end
    if draw(st.booleans()):
        end = draw(dates if end is None else st.dates(min_value=dt.date(1989, 1, 1), max_value=end))

    def subset(current: tuple[str, ...], universe: tuple[str, ...]) -> tuple[str, ...]:
        pool = current or universe
        return tuple(draw(st.lists(st.sampled_from(pool), min_size=1, unique=True)))

    def maybe(current: tuple[str, ...], universe: tuple[str, ...]) -> tuple[str, ...]:
        return subset(current, universe) if draw(st.booleans()) else current

    return EventFilter(
        start=start,
        end=end,
        actors=maybe(flt.actors, ACTORS),
        event_types=maybe(flt.event_types, tuple(t.value for t in EventType)),
        countries=maybe(flt.countries, tuple(c for pair in COUNTRIES for c in pair)),
        admin1=maybe(flt.admin1, ADMIN1),
    )


def passes(ev: Event, flt: EventFilter) -> bool:
    """The filter semantics of the issue, written independently of events.frame."""
    return (
        (flt.start is None or ev.event_date >= flt.start)
        and (flt.end is None or ev.event_date <= flt.end)
        and (not flt.event_types or ev.event_type.value in flt.event_types)
        and (not flt.countries or ev.country in flt.countries or ev.iso3 in flt.countries)
        and (not flt.admin1 or ev.admin1 in flt.admin1)
        and (not flt.actors or bool(set(ev.actors()) & set(flt.actors)))
    )


FAST = settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# ---------------------------------------------------------------------------
# Property tests


@FAST
@given(event_lists())
def test_to_frame_from_frame_round_trip(evs):
    assert from_frame(to_frame(evs)) == evs


@FAST
@given(event_lists())
def test_row_round_trip(evs):
    assert [row_to_event(event_to_row(e)) for e in evs] == evs


@FAST
@given(event_lists())
def test_coordinates_stay_in_range(evs):
    gdf = to_frame(evs)
    assert gdf.crs == CRS
    assert len(gdf) == len(evs)
    assert gdf["latitude"].between(-90, 90).all()
    assert gdf["longitude"].between(-180, 180).all()
    assert (gdf.geometry.x.to_numpy() == gdf["longitude"].to_numpy()).all()
    assert (gdf.geometry.y.to_numpy() == gdf["latitude"].to_numpy()).all()
    assert [(e.longitude, e.latitude) for e in evs] == list(
        zip(gdf.geometry.x, gdf.geometry.y, strict=True)
    )


@FAST
@given(event_lists(), filters())
def test_filter_matches_reference_semantics(evs, flt):
    got = filter_events(to_frame(evs), flt)
    assert list(got["event_id"]) == [e.event_id for e in evs if passes(e, flt)]


@FAST
@given(st.data())
def test_narrowing_a_filter_never_adds_rows(data):
    evs = data.draw(event_lists())
    wide = data.draw(filters())
    narrow = data.draw(narrowed(wide))
    gdf = to_frame(evs)
    wide_ids = set(filter_events(gdf, wide)["event_id"])
    narrow_ids = set(filter_events(gdf, narrow)["event_id"])
    assert narrow_ids <= wide_ids
    assert wide_ids <= set(filter_events(gdf, EventFilter())["event_id"])


@FAST
@given(event_lists(), filters())
def test_filter_keeps_coordinates_and_crs(evs, flt):
    got = filter_events(to_frame(evs), flt)
    assert got.crs == CRS
    assert got["latitude"].between(-90, 90).all()
    assert got["longitude"].between(-180, 180).all()
    assert (got.geometry.y.to_numpy() == got["latitude"].to_numpy()).all()


# ---------------------------------------------------------------------------
# Tables


def test_columns_are_acled_then_extras():
    assert COLUMNS[:20] == (
        "event_id",
        "event_date",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "actor2",
        "assoc_actor_2",
        "iso3",
        "country",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "fatalities",
        "source",
        "notes",
    )
    for extra in (
        "site",
        "uncertainty_m",
        "fatalities_low",
        "fatalities_high",
        "source_url",
        "language",
        "evidence",
        "incident_id",
        "status",
    ):
        assert extra in COLUMNS
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_to_frame_shape_and_types(mixed_events):
    gdf = to_frame(mixed_events)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert list(gdf.columns) == [*COLUMNS, "geometry"]
    assert gdf.crs == CRS
    assert pd.api.types.is_datetime64_any_dtype(gdf["event_date"])
    assert gdf.loc[gdf["event_id"] == "d", "fatalities_low"].item() == 10
    assert gdf["fatalities_low"].isna().sum() == 4


def test_empty_frame_has_every_column():
    gdf = to_frame([])
    assert gdf.empty
    assert list(gdf.columns) == [*COLUMNS, "geometry"]
    assert gdf.crs == CRS
    assert from_frame(gdf) == []


def test_to_frame_is_deterministic(mixed_events):
    assert_geodataframe_equal(to_frame(mixed_events), to_frame(list(mixed_events)))


def test_seed_events_round_trip(seed_events):
    assert from_frame(to_frame(seed_events)) == seed_events


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), ["a", "b", "c", "d", "e"]),
        (EventFilter(start=dt.date(2024, 9, 17)), ["a", "b", "d", "e"]),
        (EventFilter(end=dt.date(2024, 9, 17)), ["a", "c", "e"]),
        (EventFilter(start=dt.date(2024, 9, 17), end=dt.date(2024, 9, 17)), ["a", "e"]),
        (EventFilter(start=dt.date(2024, 9, 19), end=dt.date(2024, 10, 4)), []),
        (EventFilter(start=dt.date(2024, 9, 18)), ["b", "d"]),
        # any role: actor1 (a), actor2 (c), inside a multi-actor associated cell (e)
        (EventFilter(actors=("JNIM",)), ["a", "c", "e"]),
        (EventFilter(actors=("Katiba Macina",)), ["e"]),
        (EventFilter(actors=("Teachers (Mali)",)), ["b"]),
        (EventFilter(actors=("Students",)), []),  # no substring match
        (EventFilter(actors=("Islamic State Sahel", "Teachers (Mali)")), ["b", "d"]),
        (EventFilter(event_types=("Battles",)), ["a"]),
        (EventFilter(event_types=("Protests", "Strategic developments")), ["b", "e"]),
        (EventFilter(countries=("Niger",)), ["d"]),
        (EventFilter(countries=("BFA",)), ["c"]),
        (EventFilter(admin1=("Bamako",)), ["a", "b"]),
        (EventFilter(actors=("JNIM",), event_types=("Battles",)), ["a"]),
        (EventFilter(actors=("JNIM",), countries=("MLI",), end=dt.date(2024, 9, 17)), ["a", "e"]),
    ],
)
def test_filter_events_table(mixed_events, flt, expected):
    gdf = to_frame(mixed_events)
    before = gdf.copy()
    got = filter_events(gdf, flt)
    assert list(got["event_id"]) == expected
    assert isinstance(got, gpd.GeoDataFrame)
    assert got.crs == CRS
    assert_geodataframe_equal(gdf, before)  # the input is untouched


def test_filter_event_filter_is_hashable():
    flt = EventFilter(start=dt.date(2024, 1, 1), actors=("JNIM",))
    assert hash(flt) == hash(EventFilter(start=dt.date(2024, 1, 1), actors=("JNIM",)))


def test_filter_empty_frame():
    assert filter_events(
        to_frame([]), EventFilter(actors=("JNIM",), start=dt.date(2024, 1, 1))
    ).empty


def test_actor_counts(mixed_events):
    counts = actor_counts(to_frame(mixed_events))
    assert counts == {
        "JNIM": 3,
        "Military Forces of Mali": 1,
        "Protesters (Mali)": 1,
        "Students (Mali)": 1,
        "Teachers (Mali)": 1,
        "Military Forces of Burkina Faso": 1,
        "Islamic State Sahel": 1,
        "Civilians (Niger)": 1,
        "Police Forces of Mali": 1,
        "Civilians (Mali)": 1,
        "Katiba Macina": 1,
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"actor2": "JNIM"}, {"JNIM": 1}),  # same actor in two roles counts once
        ({"assoc_actor_1": "JNIM; JNIM"}, {"JNIM": 1}),
        ({"assoc_actor_1": "A; B"}, {"JNIM": 1, "A": 1, "B": 1}),
    ],
)
def test_actor_counts_once_per_event(changes, expected):
    assert actor_counts(to_frame([make_event(**changes)])) == expected


@FAST
@given(event_lists())
def test_actor_counts_agree_with_filter(evs):
    gdf = to_frame(evs)
    counts = actor_counts(gdf)
    for actor in ACTORS:
        assert counts.get(actor, 0) == len(filter_events(gdf, EventFilter(actors=(actor,))))


@pytest.mark.parametrize(
    ("column", "value"),
    [("latitude", 95.0), ("longitude", -190.0), ("event_type", "Skirmish"), ("geo_precision", 7)],
)
def test_from_frame_validates_rows(mixed_events, column, value):
    gdf = to_frame(mixed_events).astype({column: object})
    gdf.loc[2, column] = value
    with pytest.raises(EventValidationError) as info:
        from_frame(gdf)
    assert info.value.field == column
    assert info.value.event_id == "c"


def test_row_to_event_accepts_iso_strings_and_missing_optionals():
    row = {
        "event_id": "x",
        "event_date": "2024-09-17",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "JNIM",
        "iso3": "MLI",
        "country": "Mali",
        "location": "Bamako",
        "latitude": "12.6",
        "longitude": -8,
        "time_precision": 1,
        "geo_precision": 1,
        "fatalities": 0,
        "uncertainty_m": 0,
        "fatalities_low": float("nan"),
        "fatalities_high": None,
        "evidence": "",
        "fatality_claims": None,
        "status": None,
    }
    ev = row_to_event(row)
    assert ev == make_event(event_id="x", admin1="", latitude=12.6, longitude=-8.0)
    assert ev.status is Status.DRAFT


@pytest.mark.parametrize("date", ["2024-09-31", "2023-02-29", "17/09/2024", ""])
def test_row_to_event_impossible_date_names_field_and_value(date):
    row = event_to_row(make_event())
    row["event_date"] = date
    with pytest.raises(EventValidationError) as info:
        row_to_event(row)
    assert info.value.field == "event_date"
    assert repr(date) in str(info.value)


def test_status_dataset_precision_and_place_filters():
    events = [
        make_event(event_id="seed-000-a", status="verified", geo_precision=1),
        make_event(event_id="ing-123", status="draft", geo_precision=2),
        make_event(event_id="ucdp-9", status="verified", geo_precision=2),
        make_event(
            event_id="MLI42", status="verified", latitude=14.5, longitude=-4.2, geo_precision=3
        ),
    ]
    gdf = to_frame(events)

    def ids(**kw: object) -> set[str]:
        return set(filter_events(gdf, EventFilter(**kw))["event_id"])  # type: ignore[arg-type]

    assert ids(statuses=("draft",)) == {"ing-123"}
    assert ids(datasets=("seed", "UCDP")) == {"seed-000-a", "ucdp-9"}
    assert ids(datasets=("imported file",)) == {"MLI42"}
    assert ids(geo_precisions=(2,)) == {"ing-123", "ucdp-9"}
    # Bamako is about 280 km from Mopti's 14.5 N, 4.2 W
    assert ids(near=(12.6, -8.0, 25.0)) == {"seed-000-a", "ing-123", "ucdp-9"}
    assert ids(near=(14.5, -4.2, 5.0)) == {"MLI42"}
    assert ids(near=(14.5, -4.2, 500.0)) == {"seed-000-a", "ing-123", "ucdp-9", "MLI42"}
