"""The figures above the map and the bar charts under it; clicking a bar filters by it."""

from __future__ import annotations

from html import escape

import altair as alt
import pandas as pd
import streamlit as st

from app_filters import K_ACTORS, K_ADMIN1, K_TYPES
from events.summary import ViewSummary

#: chart -> (column counted, its title, the filter a click adds to)
CHARTS: dict[str, tuple[str, str, str]] = {
    "chart_actor": ("actor1", "Actor 1 (perpetrator)", K_ACTORS),
    "chart_type": ("event_type", "Event type", K_TYPES),
    "chart_region": ("admin1", "Region (admin-1)", K_ADMIN1),
}
PICK = "pick"


def show_figures(summary: ViewSummary, total: int) -> None:
    """Draw the row of figures for the current filter."""
    cols = st.columns([2, 2, 2, 3])
    cols[0].metric("Events shown", f"{summary.events:,}")
    cols[0].caption(f"{summary.events} of {total} events")
    cols[1].metric("Fatalities (best)", f"{summary.fatalities:,}")
    cols[1].caption(
        f"low–high: {summary.fatalities_low:,}–{summary.fatalities_high:,}"
        if summary.fatalities_low != summary.fatalities_high
        else "no low–high range given"
    )
    first, last = summary.first_day, summary.last_day
    if first is None or last is None:
        cols[2].metric("Date span", "–")
        cols[2].caption("no events")
    else:
        years = f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
        cols[2].metric("Date span", years)
        cols[2].caption(f"{first} to {last}")
    actors = "".join(f"<li>{escape(a)} ({n:,})</li>" for a, n in summary.top_actors)
    cols[3].markdown(
        "<div style='font-size:0.875rem'>Top actors (actor 1)</div>"
        f"<ol style='margin:0.2rem 0 0 1.1rem;font-size:0.9rem'>{actors or '<li>none</li>'}</ol>",
        unsafe_allow_html=True,
    )


def bar_chart(counts: pd.DataFrame, title: str) -> dict:
    """Return a bar chart of :func:`events.summary.count_by` with a click selection."""
    pick = alt.selection_point(name=PICK, fields=["value"])
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("value:N", sort="-x", title=None, axis=alt.Axis(labelLimit=180)),
            x=alt.X("events:Q", title="events"),
            color=alt.condition(pick, alt.value("#c0392b"), alt.value("#e6b0aa")),
            tooltip=[
                alt.Tooltip("value:N", title=title),
                alt.Tooltip("events:Q"),
                alt.Tooltip("fatalities:Q"),
            ],
        )
        .add_params(pick)
        .properties(title=title, height=60 + 24 * max(len(counts), 4))
    )
    return chart.to_dict(validate=False)


def show_charts(specs: dict[str, dict]) -> None:
    """Draw the charts side by side; a click on a bar adds its value to that filter."""
    cols = st.columns(len(CHARTS))
    for col, (key, (_, title, target)) in zip(cols, CHARTS.items(), strict=True):
        spec = specs.get(key)
        if not spec:
            col.caption(f"{title}: no events")
            continue

        def on_pick(key: str = key, target: str = target) -> None:
            picked = st.session_state[key].get("selection", {}).get(PICK) or []
            values = [str(p["value"]) for p in picked if "value" in p]
            values = [v for v in values if not v.startswith("other (")]
            if values:
                chosen = list(st.session_state.get(target, []))
                st.session_state[target] = chosen + [v for v in values if v not in chosen]

        with col:
            st.vega_lite_chart(
                spec,
                width="stretch",
                height=int(spec.get("height", 200)),
                key=key,
                on_select=on_pick,
                selection_mode=PICK,
            )
