"""Events and fatalities per week or month, and the Altair chart of them (the timeline)."""

from __future__ import annotations

import altair as alt
import pandas as pd

#: pandas period anchors: weeks start on Monday, months on the 1st.
FREQUENCIES: dict[str, str] = {"week": "W-MON", "month": "MS"}
#: Spans up to this many days are counted per week when ``freq="auto"``.
AUTO_WEEKLY_MAX_DAYS = 2 * 366


class TimelineError(ValueError):
    """A bad timeline argument; names the value."""


def choose_frequency(gdf: pd.DataFrame) -> str:
    """Return ``"week"`` for spans of up to two years, else ``"month"``."""
    if gdf.empty:
        return "week"
    span = gdf["event_date"].max() - gdf["event_date"].min()
    return "week" if span.days <= AUTO_WEEKLY_MAX_DAYS else "month"


def count_events(gdf: pd.DataFrame, *, freq: str = "auto") -> pd.DataFrame:
    """Count events and sum fatalities per week or month, empty periods included.

    Parameters
    ----------
    gdf : DataFrame
        Events with ``event_date`` (datetime) and ``fatalities`` (a filtered frame).
    freq : {"auto", "week", "month"}
        ``"auto"`` picks weeks for spans of up to two years.

    Returns
    -------
    DataFrame
        Columns ``period_start`` (Monday or the 1st), ``events``, ``fatalities`` and
        ``freq``; one row per period from the first event's to the last's.

    Example
    -------
    >>> df = pd.DataFrame({"event_date": pd.to_datetime(["2024-09-17", "2024-10-02"]),
    ...                    "fatalities": [87, 3]})
    >>> count_events(df, freq="month")[["events", "fatalities"]].values.tolist()
    [[1, 87], [1, 3]]
    """
    if freq == "auto":
        freq = choose_frequency(gdf)
    if freq not in FREQUENCIES:
        raise TimelineError(f"freq {freq!r} is not one of auto, {', '.join(FREQUENCIES)}")
    if gdf.empty:
        return pd.DataFrame(
            {
                "period_start": pd.Series([], dtype="datetime64[ns]"),
                "events": pd.Series([], dtype="int64"),
                "fatalities": pd.Series([], dtype="int64"),
                "freq": pd.Series([], dtype=str),
            }
        )
    dates = pd.DatetimeIndex(gdf["event_date"])
    if freq == "week":
        starts = dates.normalize() - pd.to_timedelta(dates.day_of_week, unit="D")
    else:
        starts = dates.to_period("M").to_timestamp()
    frame = pd.DataFrame({"period_start": starts, "fatalities": gdf["fatalities"].to_numpy()})
    grouped = frame.groupby("period_start").agg(
        events=("fatalities", "size"), fatalities=("fatalities", "sum")
    )
    step = pd.DateOffset(weeks=1) if freq == "week" else pd.DateOffset(months=1)
    full = pd.date_range(grouped.index.min(), grouped.index.max(), freq=step)
    grouped = grouped.reindex(full, fill_value=0)
    out = grouped.rename_axis("period_start").reset_index()
    return out.astype({"events": "int64", "fatalities": "int64"}).assign(freq=freq)


def timeline_chart(counts: pd.DataFrame, *, height: int = 140) -> alt.Chart:
    """Return the timeline: events as bars, fatalities as a line on its own axis.

    Parameters
    ----------
    counts : DataFrame
        The output of :func:`count_events`.
    height : int
        Chart height in pixels (the width follows the container in Streamlit).
    """
    freq = str(counts["freq"].iloc[0]) if not counts.empty else "week"
    unit = "week" if freq == "week" else "month"
    data = counts.assign(
        period_start=counts["period_start"].dt.strftime("%Y-%m-%d"),
        label=counts["period_start"].dt.strftime("%d %b %Y" if unit == "week" else "%b %Y"),
    )
    x = alt.X("period_start:T", title=None)
    tooltip = [
        alt.Tooltip("label:N", title=f"{unit} of" if unit == "week" else unit),
        alt.Tooltip("events:Q", title="events"),
        alt.Tooltip("fatalities:Q", title="fatalities"),
    ]
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    bars = base.mark_bar(color="#c0392b", opacity=0.75).encode(
        y=alt.Y("events:Q", title=f"events per {unit}")
    )
    line = base.mark_line(color="#2c3e50", strokeWidth=1.2, interpolate="step-after").encode(
        y=alt.Y("fatalities:Q", title=f"fatalities per {unit}")
    )
    return (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(height=height, title=f"Events and fatalities per {unit}")
    )
