"""Figures and counts of a filtered view (the row above the map, the charts under it)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from events.frame import EventFilter, filter_mask, to_frame
from events.summary import count_by, summarise_view
from tests.conftest import make_event


def frame():
    return to_frame(
        [
            make_event(event_id="a", fatalities=10, fatalities_low=8, fatalities_high=20),
            make_event(event_id="b", actor1="Islamic State Sahel", fatalities=3),
            make_event(event_id="c", actor1="Islamic State Sahel", admin1="Gao", fatalities=1),
            make_event(event_id="d", event_date=dt.date(2023, 1, 5), admin1="Gao", fatalities=0),
        ]
    )


def test_counts_follow_the_filter_largest_first():
    gdf = frame()
    everything = filter_mask(gdf, EventFilter())
    got = count_by(gdf, everything, "actor1")
    # a tie in events goes to the deadlier
    assert got.to_dict("list") == {
        "value": ["JNIM", "Islamic State Sahel"],
        "events": [2, 2],
        "fatalities": [10, 4],
    }
    gao = filter_mask(gdf, EventFilter(admin1=("Gao",)))
    assert count_by(gdf, gao, "admin1").to_dict("list") == {
        "value": ["Gao"],
        "events": [2],
        "fatalities": [1],
    }


def test_the_rest_is_one_other_row():
    gdf = frame()
    got = count_by(gdf, np.ones(len(gdf), bool), "event_id", top=2)
    assert got["value"].tolist()[-1] == "other (2)"
    assert got["events"].sum() == 4


def test_summary_of_a_view():
    gdf = frame()
    s = summarise_view(gdf, filter_mask(gdf, EventFilter(start=dt.date(2024, 1, 1))))
    assert (s.events, s.fatalities, s.fatalities_low, s.fatalities_high) == (3, 14, 12, 24)
    assert (s.first_day, s.last_day) == (dt.date(2024, 9, 17), dt.date(2024, 9, 17))
    assert s.top_actors[0] == ("Islamic State Sahel", 2)
    empty = summarise_view(gdf, np.zeros(len(gdf), bool))
    assert (empty.events, empty.first_day, empty.top_actors) == (0, None, ())
