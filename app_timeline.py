"""The timeline under the map: the chosen dates shaded, a brush to choose, and playback.

Play shows one week (or month) at a time and steps forward at the chosen speed, from a
fragment that reruns on a timer; the dates it sets are the filter's, so the map, the
figures and the table follow.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from app_filters import K_END, K_START, set_dates
from events.timeline import brushed_dates, highlight_range

K_PLAYING = "_playing"
K_LAST_STEP = "_last_step"
K_STEP = "play_step"
K_SPEED = "play_speed"
K_CHART = "timeline"
STEPS = {"week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}
#: Seconds per step.
SPEEDS = {"slow": 3.0, "normal": 1.5, "fast": 0.75}


def step_window(start: dt.date, step: str) -> tuple[dt.date, dt.date]:
    """Return the window of one step that begins on ``start`` (a week: 7 days)."""
    end = (pd.Timestamp(start) + STEPS[step]).date() - dt.timedelta(days=1)
    return start, end


def next_window(start: dt.date, step: str) -> tuple[dt.date, dt.date]:
    """Return the window after the one that begins on ``start``."""
    return step_window((pd.Timestamp(start) + STEPS[step]).date(), step)


def chosen_step() -> str:
    """Return the playback step (a segmented control can be left with nothing chosen)."""
    return str(st.session_state.get(K_STEP) or "week")


def show_timeline(spec: dict, caption: str, span: tuple[dt.date, dt.date]) -> None:
    """Draw the timeline chart and the playback controls under the map."""
    start, end = st.session_state[K_START], st.session_state[K_END]

    def on_brush() -> None:
        chosen = brushed_dates(st.session_state[K_CHART].get("selection"))
        if chosen is not None:
            set_dates(*chosen, span)

    if spec:
        st.caption(caption + " · drag across the chart to choose dates")
        st.vega_lite_chart(
            highlight_range(spec, start, end),
            width="stretch",
            height=int(spec.get("height", 200)),
            key=K_CHART,
            on_select=on_brush,
            selection_mode="brush",
        )
    playing = bool(st.session_state.get(K_PLAYING))
    cols = st.columns([1, 2, 3, 4], vertical_alignment="center")

    def on_play() -> None:
        if st.session_state.get(K_PLAYING):
            st.session_state[K_PLAYING] = False
            return
        st.session_state[K_PLAYING] = True
        st.session_state[K_LAST_STEP] = time.monotonic()
        set_dates(*step_window(st.session_state[K_START], chosen_step()), span)

    cols[0].button("⏸ Pause" if playing else "▶ Play", key="play", on_click=on_play)
    st.session_state.setdefault(K_STEP, "week")
    st.session_state.setdefault(K_SPEED, "normal")
    cols[1].segmented_control("Step", list(STEPS), key=K_STEP, label_visibility="collapsed")
    cols[2].segmented_control("Speed", list(SPEEDS), key=K_SPEED, label_visibility="collapsed")
    if playing:
        cols[3].caption(f"Playing: {start} to {end}")
        tick(span)


def tick(span: tuple[dt.date, dt.date]) -> None:
    """Advance the dates one step on a timer while playing; stop at the end of the data."""
    every = SPEEDS[st.session_state.get(K_SPEED) or "normal"]

    @st.fragment(run_every=every)
    def advance() -> None:
        # the fragment also runs with every full run of the page: step only once due
        if not st.session_state.get(K_PLAYING):
            return
        if time.monotonic() - st.session_state.get(K_LAST_STEP, 0.0) < 0.9 * every:
            return
        start, end = next_window(st.session_state[K_START], chosen_step())
        if start > span[1]:
            st.session_state[K_PLAYING] = False
        else:
            set_dates(start, end, span)
        st.session_state[K_LAST_STEP] = time.monotonic()
        st.rerun()

    advance()
