"""Weekly/monthly counts of events and fatalities, and the Altair timeline."""

from __future__ import annotations

import pandas as pd
import pytest

from events.frame import to_frame
from events.timeline import TimelineError, choose_frequency, count_events, timeline_chart


def frame(dates, fatalities):
    return pd.DataFrame({"event_date": pd.to_datetime(dates), "fatalities": fatalities})


def test_weekly_counts_start_on_monday_and_fill_gaps():
    # 2024-09-17 is a Tuesday; 2024-10-03 a Thursday two weeks later
    df = frame(["2024-09-17", "2024-09-17", "2024-09-22", "2024-10-03"], [24, 2, 5, 1])
    got = count_events(df, freq="week")
    assert got["period_start"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-09-16",
        "2024-09-23",
        "2024-09-30",
    ]
    assert got["events"].tolist() == [3, 0, 1]
    assert got["fatalities"].tolist() == [31, 0, 1]
    assert set(got["freq"]) == {"week"}


def test_monthly_counts():
    df = frame(["2023-01-31", "2023-02-01", "2023-04-15"], [1, 2, 3])
    got = count_events(df, freq="month")
    assert got["period_start"].dt.strftime("%Y-%m").tolist() == [
        "2023-01",
        "2023-02",
        "2023-03",
        "2023-04",
    ]
    assert got[["events", "fatalities"]].values.tolist() == [[1, 1], [1, 2], [0, 0], [1, 3]]


def test_totals_are_preserved():
    df = frame(pd.date_range("2012-01-01", "2023-12-31", periods=500), range(500))
    for freq in ("week", "month"):
        got = count_events(df, freq=freq)
        assert got["events"].sum() == 500
        assert got["fatalities"].sum() == sum(range(500))


@pytest.mark.parametrize(
    ("dates", "expected"),
    [(["2024-01-01", "2025-06-01"], "week"), (["2012-01-01", "2023-12-31"], "month")],
)
def test_auto_frequency(dates, expected):
    df = frame(dates, [0, 0])
    assert choose_frequency(df) == expected
    assert set(count_events(df)["freq"]) == {expected}


def test_empty_frame():
    got = count_events(to_frame([]))
    assert got.empty
    assert list(got.columns) == ["period_start", "events", "fatalities", "freq"]
    assert timeline_chart(got).to_dict()["layer"]


def test_bad_frequency():
    with pytest.raises(TimelineError, match="'day'"):
        count_events(frame(["2024-01-01"], [0]), freq="day")


def test_chart_has_event_bars_and_fatality_line():
    counts = count_events(frame(["2024-09-17", "2024-10-03"], [87, 1]), freq="week")
    spec = timeline_chart(counts).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "line"]
    fields = [layer["encoding"]["y"]["field"] for layer in spec["layer"]]
    assert fields == ["events", "fatalities"]
    assert spec["resolve"]["scale"]["y"] == "independent"
    values = next(iter(spec["datasets"].values()))
    assert [v["events"] for v in values] == [1, 0, 1]
    assert values[0]["period_start"] == "2024-09-16"
