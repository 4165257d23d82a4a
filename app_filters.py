"""The Map page's filters: read once from the URL, then owned by the sidebar's widgets.

Streamlit drops a widget's state while another page is shown, so each value is also
kept under a second key and restored on the way back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_cache import cached_gazetteer
from events.datasets import DATASETS
from events.frame import EventFilter
from events.model import Status
from events.urlstate import UrlState, name_countries, parse_url_state, url_params
from events.viewport import Viewport
from layers.base import BASEMAPS
from layers.popup import GEO_PRECISION_TEXT

K_RANGE = "date_range"
K_START = "start"
K_END = "end"
K_ACTORS = "actors"
K_TYPES = "types"
K_COUNTRIES = "countries"
K_ADMIN1 = "admin1"
K_STATUS = "statuses"
K_DATASETS = "datasets"
K_PRECISION = "precisions"
K_BASEMAP = "basemap"
K_NEAR = "near"
K_NEAR_KM = "near_km"
K_NEAR_PICK = "near_pick"
K_URL_READ = "_url_read"
K_WARNINGS = "_url_warnings"
#: The map view and the open event asked for by the URL (read by the map).
K_URL_VIEW = "_url_view"
K_OPEN_EVENT = "_open_event"
FILTER_KEYS = (
    K_START,
    K_END,
    K_ACTORS,
    K_TYPES,
    K_COUNTRIES,
    K_ADMIN1,
    K_STATUS,
    K_DATASETS,
    K_PRECISION,
    K_BASEMAP,
    K_NEAR,
    K_NEAR_KM,
)
KEPT = {k: f"_kept_{k}" for k in FILTER_KEYS}
FAR_PAST, FAR_FUTURE = dt.date(1900, 1, 1), dt.date(2100, 1, 1)


@dataclass(frozen=True)
class Choices:
    """What the data hold, with counts: the options of the filter boxes."""

    actors: dict[str, int]
    event_types: dict[str, int]
    countries: dict[str, int]
    iso3_names: dict[str, str]
    #: region -> (its country, its events)
    regions: dict[str, tuple[str, int]]
    start: dt.date
    end: dt.date


def read_url_once(choices: Choices) -> None:
    """Set the widgets from the URL on a session's first run, else restore kept values."""
    if st.session_state.get(K_URL_READ):
        for key, kept in KEPT.items():
            if key not in st.session_state and kept in st.session_state:
                st.session_state[key] = st.session_state[kept]
        return
    state, warnings = parse_url_state(
        {k: st.query_params.get_all(k) for k in st.query_params},
        actors=set(choices.actors),
        event_types=set(choices.event_types),
        countries=set(choices.countries) | set(choices.iso3_names),
        admin1=set(choices.regions),
        basemaps=set(BASEMAPS),
        statuses={s.value for s in Status},
        datasets=set(DATASETS),
    )
    # A start alone runs to the end of the data (or to itself when later), and vice versa.
    st.session_state[K_START] = state.start or min(choices.start, state.end or choices.start)
    st.session_state[K_END] = state.end or max(choices.end, st.session_state[K_START])
    st.session_state[K_ACTORS] = list(state.actors)
    st.session_state[K_TYPES] = list(state.event_types)
    # ?country=MLI and ?country=Mali both select Mali in the country box
    st.session_state[K_COUNTRIES] = list(name_countries(state.countries, choices.iso3_names))
    st.session_state[K_ADMIN1] = list(state.admin1)
    st.session_state[K_STATUS] = list(state.statuses)
    st.session_state[K_DATASETS] = list(state.datasets)
    st.session_state[K_PRECISION] = list(state.geo_precisions)
    st.session_state[K_BASEMAP] = state.basemap or "none"
    st.session_state[K_NEAR] = state.near
    st.session_state[K_NEAR_KM] = float(state.near_km or 25.0)
    st.session_state[K_WARNINGS] = warnings
    st.session_state[K_URL_VIEW] = (
        (state.center, state.zoom or 10) if state.center is not None else None
    )
    st.session_state[K_OPEN_EVENT] = state.open_event
    st.session_state[K_URL_READ] = True


def slider_span(choices: Choices) -> tuple[dt.date, dt.date]:
    """Return the timeline's span: the data's, widened to the chosen dates."""
    low = min(choices.start, st.session_state[K_START])
    high = max(choices.end, st.session_state[K_END])
    if low == high:
        low, high = low - dt.timedelta(days=1), high + dt.timedelta(days=1)
    return low, high


def set_dates(start: dt.date, end: dt.date, span: tuple[dt.date, dt.date]) -> None:
    """Set the chosen dates and the slider together (from a callback or a fragment)."""
    st.session_state[K_START], st.session_state[K_END] = start, end
    st.session_state[K_RANGE] = (_clamp(start, span), _clamp(end, span))


def _clamp(day: dt.date, span: tuple[dt.date, dt.date]) -> dt.date:
    return min(max(day, span[0]), span[1])


def show_filters(choices: Choices) -> EventFilter:
    """Draw the sidebar's filters and return the filter they select."""
    span = slider_span(choices)
    st.session_state.setdefault(
        K_RANGE, (_clamp(st.session_state[K_START], span), _clamp(st.session_state[K_END], span))
    )

    def on_range() -> None:
        st.session_state[K_START], st.session_state[K_END] = st.session_state[K_RANGE]

    def on_start() -> None:
        # Moving "From" past "To" pushes "To" along (and vice versa): never an empty range.
        end = max(st.session_state[K_START], st.session_state[K_END])
        set_dates(st.session_state[K_START], end, span)

    def on_end() -> None:
        start = min(st.session_state[K_START], st.session_state[K_END])
        set_dates(start, st.session_state[K_END], span)

    bar = st.sidebar
    bar.header("Filters")
    for warning in st.session_state[K_WARNINGS]:
        bar.warning(warning)
    bar.slider(
        "Dates",
        min_value=span[0],
        max_value=span[1],
        key=K_RANGE,
        on_change=on_range,
        format="YYYY-MM-DD",
    )
    col_start, col_end = bar.columns(2)
    col_start.date_input(
        "From", key=K_START, on_change=on_start, format="YYYY-MM-DD", min_value=FAR_PAST,
        max_value=FAR_FUTURE,
    )  # fmt: skip
    col_end.date_input(
        "To", key=K_END, on_change=on_end, format="YYYY-MM-DD", min_value=FAR_PAST,
        max_value=FAR_FUTURE,
    )  # fmt: skip
    bar.multiselect(
        "Actors (any role)",
        options=list(choices.actors),
        key=K_ACTORS,
        format_func=lambda name: f"{name} ({choices.actors.get(name, 0)})",
    )
    bar.multiselect(
        "Event type",
        options=_with_chosen(choices.event_types, st.session_state[K_TYPES]),
        key=K_TYPES,
        format_func=lambda t: f"{t} ({choices.event_types.get(t, 0)})",
    )
    bar.multiselect(
        "Country",
        options=_with_chosen(choices.countries, st.session_state[K_COUNTRIES]),
        key=K_COUNTRIES,
        format_func=lambda c: f"{c} ({choices.countries.get(c, 0)})",
    )
    regions = sorted(choices.regions, key=lambda r: (choices.regions[r][0], r))
    bar.multiselect(
        "Region (admin-1)",
        options=_with_chosen(dict.fromkeys(regions, 0), st.session_state[K_ADMIN1]),
        key=K_ADMIN1,
        format_func=lambda r: (
            f"{choices.regions[r][0]} · {r} ({choices.regions[r][1]})"
            if r in choices.regions
            else r
        ),
    )
    near = show_place_search(bar)
    with bar.expander("Status, dataset, precision"):
        st.multiselect(
            "Status", options=[s.value for s in Status], key=K_STATUS,
            help="Draft: coded from a report by the machine, not yet reviewed.",
        )  # fmt: skip
        st.multiselect("Dataset", options=list(DATASETS), key=K_DATASETS)
        st.multiselect(
            "Geo precision", options=list(GEO_PRECISION_TEXT), key=K_PRECISION,
            format_func=lambda p: GEO_PRECISION_TEXT.get(p, str(p)),
        )  # fmt: skip
    bar.radio("Basemap", options=list(BASEMAPS), format_func=BASEMAPS.get, key=K_BASEMAP)
    for key, kept in KEPT.items():
        st.session_state[kept] = st.session_state[key]
    start, end = st.session_state[K_START], st.session_state[K_END]
    if start > end:
        bar.warning(f"'From' ({start}) is after 'To' ({end}): showing {end} to {start}.")
        start, end = end, start
    return EventFilter(
        start=start,
        end=end,
        actors=tuple(st.session_state[K_ACTORS]),
        event_types=tuple(st.session_state[K_TYPES]),
        countries=tuple(st.session_state[K_COUNTRIES]),
        admin1=tuple(st.session_state[K_ADMIN1]),
        statuses=tuple(st.session_state[K_STATUS]),
        datasets=tuple(st.session_state[K_DATASETS]),
        geo_precisions=tuple(st.session_state[K_PRECISION]),
        near=near,
    )


def show_place_search(bar: DeltaGenerator) -> tuple[float, float, float] | None:
    """Draw the place search; return ``(lat, lon, km)`` of the place chosen, if any."""
    col_name, col_km = bar.columns([3, 2])
    name = col_name.text_input("Near a place", key=K_NEAR, placeholder="e.g. Djibo").strip()
    km = col_km.number_input("within km", min_value=1.0, max_value=1000.0, step=5.0, key=K_NEAR_KM)
    if not name:
        return None
    places = cached_gazetteer().lookup(name)[:12]
    if not places:
        bar.warning(f"No place called {name!r} in the gazetteer: the place filter is off.")
        return None
    labels = [", ".join(x for x in (p.name, p.admin1, p.country) if x) for p in places]
    pick = 0
    if len(places) > 1:
        pick = (
            bar.selectbox(
                f"{len(places)} places called {name}",
                options=range(len(places)),
                format_func=labels.__getitem__,
                key=K_NEAR_PICK,
            )
            or 0
        )
    place = places[pick]
    return (place.latitude, place.longitude, float(km))


def _with_chosen(options: dict[str, int], chosen: list[str]) -> list[str]:
    """Return the options present in the data, plus any chosen value that is not."""
    return list(options) + [c for c in chosen if c not in options]


def write_url(flt: EventFilter, view: Viewport | None = None) -> None:
    """Write the filter, the map's view and the open event to the URL (a permalink)."""
    st.query_params.from_dict(
        url_params(
            UrlState(
                start=flt.start,
                end=flt.end,
                actors=flt.actors,
                event_types=flt.event_types,
                countries=flt.countries,
                admin1=flt.admin1,
                basemap=st.session_state[K_BASEMAP],
                statuses=flt.statuses,
                datasets=flt.datasets,
                geo_precisions=flt.geo_precisions,
                near=st.session_state.get(K_NEAR, "").strip() if flt.near else "",
                near_km=float(st.session_state[K_NEAR_KM]) if flt.near else None,
                center=view.center if view else None,
                zoom=view.zoom if view else None,
                open_event=st.session_state.get(K_OPEN_EVENT, ""),
            )
        )
    )
