"""Events and fatalities per week or month, and the Altair chart of them (the timeline)."""

from __future__ import annotations

import datetime as dt

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


#: The name of the timeline's brush (the selection Streamlit reports back).
BRUSH = "brush"


def timeline_chart(
    counts: pd.DataFrame,
    *,
    height: int = 140,
    span: tuple[dt.date, dt.date] | None = None,
) -> alt.LayerChart:
    """Return the timeline: events as bars, fatalities as a line on its own axis.

    Parameters
    ----------
    counts : DataFrame
        The output of :func:`count_events`.
    height : int
        Chart height in pixels (the width follows the container in Streamlit).
    span : (date, date), optional
        The x axis's extent (the date slider's), so the chart lines up with it.

    Dragging across the chart selects a range (the :data:`BRUSH` selection).
    """
    freq = str(counts["freq"].iloc[0]) if not counts.empty else "week"
    unit = "week" if freq == "week" else "month"
    data = counts.assign(
        period_start=counts["period_start"].dt.strftime("%Y-%m-%d"),
        label=counts["period_start"].dt.strftime("%d %b %Y" if unit == "week" else "%b %Y"),
    )
    scale = (
        alt.Scale(domain=[span[0].isoformat(), span[1].isoformat()])
        if span is not None
        else alt.Undefined
    )
    x = alt.X("period_start:T", title=None, scale=scale)
    tooltip = [
        alt.Tooltip("label:N", title=f"{unit} of" if unit == "week" else unit),
        alt.Tooltip("events:Q", title="events"),
        alt.Tooltip("fatalities:Q", title="fatalities"),
    ]
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    base = alt.Chart(data).encode(x=x, tooltip=tooltip)
    bars = (
        base.mark_bar(color="#c0392b", opacity=0.75)
        .encode(y=alt.Y("events:Q", title=f"events per {unit}"))
        .add_params(brush)
    )
    line = base.mark_line(color="#2c3e50", strokeWidth=1.2, interpolate="step-after").encode(
        y=alt.Y("fatalities:Q", title=f"fatalities per {unit}")
    )
    return (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(height=height, title=f"Events and fatalities per {unit}")
    )


def highlight_range(spec: dict, start: dt.date, end: dt.date) -> dict:
    """Return a copy of a timeline spec with the chosen dates shaded behind the bars.

    Applied to the cached spec on each change of dates: rebuilding the chart costs more.
    """
    shade = {
        "data": {"values": [{"start": start.isoformat(), "end": end.isoformat()}]},
        "mark": {"type": "rect", "color": "#f1c40f", "opacity": 0.25},
        "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"}},
    }
    return {**spec, "layer": [shade, *spec.get("layer", [])]}


def brushed_dates(selection: object) -> tuple[dt.date, dt.date] | None:
    """Return the dates of a brush selection as Streamlit reports it, or None if empty."""
    if not isinstance(selection, dict):
        return None
    values = (selection.get(BRUSH) or {}).get("period_start")
    if not values or len(values) != 2:
        return None
    days = [d for d in (_as_date(v) for v in values) if d is not None]
    if len(days) != 2:
        return None
    low, high = sorted(days)
    return low, high


def _as_date(value: object) -> dt.date | None:
    try:
        if isinstance(value, int | float):
            return pd.Timestamp(value, unit="ms").date()
        return pd.Timestamp(str(value)).date()
    except (ValueError, TypeError):
        return None
