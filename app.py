"""Sahel Event Map: the Streamlit page. Widgets -> EventFilter -> cached data -> layers -> map."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_auth import show_account
from app_cache import cached_frame, ensure_store, watch_store
from events.config import ConfigError, Settings
from events.frame import (
    EventFilter,
    actor_counts,
    event_type_values,
    filter_mask,
    select_rows,
)
from events.importers import ACLED_ATTRIBUTION, UCDP_ATTRIBUTION, has_acled_rows
from events.io.store import StoreError, open_store
from events.timeline import count_events, timeline_chart
from events.urlstate import UrlState, name_countries, parse_url_state, url_params
from geo.boundaries import ATTRIBUTION_HTML, load_admin1, load_countries
from layers.aggregate import AGGREGATE_COLUMNS, MapNote, should_aggregate
from layers.base import BASEMAPS, make_map
from layers.boundaries import (
    admin1_features,
    build_admin1_layer,
    build_country_layer,
    country_features,
)
from layers.events import build_event_layer, view_bounds
from layers.legend import build_legend
from layers.style import EVENT_COLOURS

K_RANGE = "date_range"
K_START = "start"
K_END = "end"
K_ACTORS = "actors"
K_TYPES = "types"
K_COUNTRIES = "countries"
K_ADMIN1 = "admin1"
K_BASEMAP = "basemap"
K_URL_READ = "_url_read"
#: Streamlit drops a widget's state while another page is shown; these copies survive.
KEPT = {
    k: f"_kept_{k}" for k in (K_START, K_END, K_ACTORS, K_TYPES, K_COUNTRIES, K_ADMIN1, K_BASEMAP)
}
K_WARNINGS = "_url_warnings"
TABLE_LIMIT = 2000
TABLE_COLUMNS = [
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_2",
    "location",
    "site",
    "admin1",
    "country",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "geo_precision",
    "source",
    "notes",
    "status",
    "event_id",
]


st.set_page_config(page_title="Sahel Event Map", layout="wide")


def show_map() -> None:
    """The Map page: drawn by the rest of this file, after the navigation."""


# This file is the Map page and the frame of the others: the page list says "Map", not
# "app", and `streamlit run app.py` still works. Another page runs inside pg.run().
map_page = st.Page(show_map, title="Map", icon=":material/map:", default=True)
pg = st.navigation(
    [
        map_page,
        st.Page("pages/1_Add_report.py", title="Add report", url_path="Add_report"),
        st.Page("pages/2_Import.py", title="Import", url_path="Import"),
    ]
)
show_account()
pg.run()
if pg is not map_page:
    st.stop()


@st.cache_data(show_spinner=False)
def cached_choices(store_path: str, version: str) -> dict[str, list[str]]:
    """The distinct countries, iso3 codes and regions in the data (filter options)."""
    frame = cached_frame(store_path, version)
    return {
        col: sorted(set(frame[col].astype(str).unique()) - {""})
        for col in ("country", "iso3", "admin1")
    }


@st.cache_resource
def cached_iso3_names() -> dict[str, str]:
    """ISO3 code -> country name, from the packaged boundaries."""
    countries = load_countries()
    return dict(zip(countries["iso3"].astype(str), countries["name"].astype(str), strict=True))


@st.cache_resource
def cached_boundaries():
    """Admin-1 regions and the boundaries' GeoJSON (read-only; converted once per process)."""
    admin1 = load_admin1()
    return admin1, country_features(load_countries()), admin1_features(admin1)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_timeline(store_path: str, version: str, flt: EventFilter) -> tuple[str, dict]:
    """The histogram of the filtered events (the filter minus its dates) as a Vega-Lite spec.

    Cached as a plain spec: building and validating the Altair chart costs more than the
    counts, and the dates (the filter that changes most) do not change it.
    """
    frame = cached_frame(store_path, version)
    undated = EventFilter(**{**flt.__dict__, "start": None, "end": None})
    rows = select_rows(frame, filter_mask(frame, undated), columns=("event_date", "fatalities"))
    counts = count_events(rows)
    if counts.empty:
        return "", {}
    caption = f"Events and fatalities per {counts['freq'].iloc[0]} (other filters applied)"
    return caption, timeline_chart(counts).to_dict()


@st.cache_data(show_spinner=False)
def cached_actor_counts(store_path: str, version: str) -> dict[str, int]:
    return dict(actor_counts(cached_frame(store_path, version)).most_common())


@st.cache_data(max_entries=64, show_spinner=False)
def cached_history(store_location: str, version: str, ids: tuple[str, ...]) -> dict[str, list[str]]:
    found = open_store(store_location).history_of(list(ids))
    return {eid: [c.summary() for c in changes] for eid, changes in found.items()}


try:
    settings = Settings.from_env()
    store = ensure_store(settings)
    version = store.version()
    frame = cached_frame(store.location, version)
except (ConfigError, StoreError, ValueError) as exc:
    st.error(str(exc))
    st.stop()

admin1_areas, country_geojson, admin1_geojson = cached_boundaries()
counts = cached_actor_counts(store.location, version)
choices = cached_choices(store.location, version)
data_start = frame["event_date"].min().date() if len(frame) else dt.date.today()
data_end = frame["event_date"].max().date() if len(frame) else dt.date.today()

# The URL is read once per session; afterwards the widgets own the state.
if not st.session_state.get(K_URL_READ):
    state, warnings = parse_url_state(
        {k: st.query_params.get_all(k) for k in st.query_params},
        actors=set(counts),
        event_types=set(event_type_values()),
        countries=set(choices["country"]) | set(choices["iso3"]),
        admin1=set(admin1_areas["admin1"]) | set(choices["admin1"]),
        basemaps=set(BASEMAPS),
    )
    # A start alone runs to the end of the data (or to itself when later), and vice versa.
    st.session_state[K_START] = state.start or min(data_start, state.end or data_start)
    st.session_state[K_END] = state.end or max(data_end, st.session_state[K_START])
    st.session_state[K_ACTORS] = list(state.actors)
    st.session_state[K_TYPES] = list(state.event_types)
    # ?country=MLI and ?country=Mali both select Mali in the country box
    st.session_state[K_COUNTRIES] = list(name_countries(state.countries, cached_iso3_names()))
    st.session_state[K_ADMIN1] = list(state.admin1)
    st.session_state[K_BASEMAP] = state.basemap or "none"
    st.session_state[K_WARNINGS] = warnings
    st.session_state[K_URL_READ] = True
else:
    for key, kept in KEPT.items():
        if key not in st.session_state and kept in st.session_state:
            st.session_state[key] = st.session_state[kept]

slider_min = min(data_start, st.session_state[K_START])
slider_max = max(data_end, st.session_state[K_END])
if slider_min == slider_max:
    slider_min -= dt.timedelta(days=1)
    slider_max += dt.timedelta(days=1)


def clamp(day: dt.date) -> dt.date:
    return min(max(day, slider_min), slider_max)


st.session_state.setdefault(
    K_RANGE, (clamp(st.session_state[K_START]), clamp(st.session_state[K_END]))
)


def on_range_change() -> None:
    st.session_state[K_START], st.session_state[K_END] = st.session_state[K_RANGE]


def on_start_change() -> None:
    # Moving "From" past "To" pushes "To" along (and vice versa): never an empty range.
    st.session_state[K_END] = max(st.session_state[K_START], st.session_state[K_END])
    st.session_state[K_RANGE] = (clamp(st.session_state[K_START]), clamp(st.session_state[K_END]))


def on_end_change() -> None:
    st.session_state[K_START] = min(st.session_state[K_START], st.session_state[K_END])
    st.session_state[K_RANGE] = (clamp(st.session_state[K_START]), clamp(st.session_state[K_END]))


with st.sidebar:
    st.header("Filters")
    for warning in st.session_state[K_WARNINGS]:
        st.warning(warning)
    timeline_filter = EventFilter(
        actors=tuple(st.session_state[K_ACTORS]),
        event_types=tuple(st.session_state[K_TYPES]),
        countries=tuple(st.session_state[K_COUNTRIES]),
        admin1=tuple(st.session_state[K_ADMIN1]),
    )
    caption, spec = cached_timeline(store.location, version, timeline_filter)
    if spec:
        st.caption(caption)
        st.vega_lite_chart(spec, width="stretch", key="timeline")
    st.slider(
        "Timeline",
        min_value=slider_min,
        max_value=slider_max,
        key=K_RANGE,
        on_change=on_range_change,
        format="YYYY-MM-DD",
    )
    col_start, col_end = st.columns(2)
    col_start.date_input(
        "From",
        key=K_START,
        on_change=on_start_change,
        format="YYYY-MM-DD",
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2100, 1, 1),
    )
    col_end.date_input(
        "To",
        key=K_END,
        on_change=on_end_change,
        format="YYYY-MM-DD",
        min_value=dt.date(1900, 1, 1),
        max_value=dt.date(2100, 1, 1),
    )
    st.multiselect(
        "Actors (any role)",
        options=list(counts),
        key=K_ACTORS,
        format_func=lambda name: f"{name} ({counts.get(name, 0)})",
    )
    st.multiselect("Event type", options=event_type_values(), key=K_TYPES)
    st.multiselect(
        "Country",
        options=choices["country"],
        key=K_COUNTRIES,
    )
    st.multiselect("Region (admin-1)", options=sorted(set(admin1_areas["admin1"])), key=K_ADMIN1)
    st.radio("Basemap", options=list(BASEMAPS), format_func=BASEMAPS.get, key=K_BASEMAP)

for key, kept in KEPT.items():
    st.session_state[kept] = st.session_state[key]
start, end = st.session_state[K_START], st.session_state[K_END]
if start > end:
    st.sidebar.warning(f"'From' ({start}) is after 'To' ({end}): showing {end} to {start}.")
    start, end = end, start
flt = EventFilter(
    start=start,
    end=end,
    actors=tuple(st.session_state[K_ACTORS]),
    event_types=tuple(st.session_state[K_TYPES]),
    countries=tuple(st.session_state[K_COUNTRIES]),
    admin1=tuple(st.session_state[K_ADMIN1]),
)
st.query_params.from_dict(
    url_params(
        UrlState(
            start=start,
            end=end,
            actors=flt.actors,
            event_types=flt.event_types,
            countries=flt.countries,
            admin1=flt.admin1,
            basemap=st.session_state[K_BASEMAP],
        ),
    )
)

mask = filter_mask(frame, flt)
n_shown = int(mask.sum())
aggregate = should_aggregate(n_shown, settings.point_limit)
view = select_rows(frame, mask, columns=AGGREGATE_COLUMNS if aggregate else None)

st.title("Sahel Event Map")
st.metric("Events shown", f"{n_shown} of {len(frame)} events")

history = None if aggregate else cached_history(store.location, version, tuple(view["event_id"]))
events_layer, note = build_event_layer(view, point_limit=settings.point_limit, history=history)
groups = [
    build_country_layer(country_geojson),
    build_admin1_layer(admin1_geojson),
    events_layer,
]
legend = build_legend(EVENT_COLOURS, basemap_label=BASEMAPS[st.session_state[K_BASEMAP]])
extras = [legend]
if note:
    st.info(note)
    extras.append(MapNote(note))
m = make_map(
    groups,
    view_bounds(view),
    basemap=st.session_state[K_BASEMAP],
    attribution=ATTRIBUTION_HTML,
    extras=extras,
)
# Popups open in the browser, so no interaction needs a rerun: nothing is returned.
# render=False: st_folium renders the map itself; rendering it twice costs ~0.1 s.
st_folium(m, key="map", height=620, use_container_width=True, returned_objects=[], render=False)
watch_store(store, version)

st.subheader("Filtered events")
if n_shown > TABLE_LIMIT:
    st.caption(f"Showing the {TABLE_LIMIT} most recent of {n_shown} events; export for all.")
# The frame is newest first (see cached_frame), so the head is the most recent.
table = pd.DataFrame(select_rows(frame, mask, columns=TABLE_COLUMNS, limit=TABLE_LIMIT))
st.dataframe(table, key="table", hide_index=True, width="stretch")
st.caption(
    "Boundaries: Natural Earth; OCHA COD-AB (Mali: DNCT, Niger: IGNN; CC BY-IGO); "
    "geoBoundaries (CC BY 4.0). Places: GeoNames (CC BY 4.0), ASECNA AIP. "
    "Events: " + UCDP_ATTRIBUTION
)
if has_acled_rows(frame):
    st.caption(ACLED_ATTRIBUTION)

# The widgets' on_change callbacks keep this run's globals alive for as long as the
# session lasts: drop the per-run data so open sessions do not each hold a view.
del view, mask, table, m, groups, events_layer
