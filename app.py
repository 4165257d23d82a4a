"""Sahel Event Map: the Map page. Filters -> EventFilter -> cached data -> map, charts, table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import streamlit as st

import geopandas as gpd

from app_auth import show_account
from app_cache import cached_frame, ensure_store, watch_store
from app_charts import CHARTS, bar_chart, show_charts, show_figures
from app_filters import (
    K_BASEMAP,
    K_OPEN_EVENT,
    K_URL_VIEW,
    Choices,
    read_url_once,
    show_filters,
    slider_span,
    write_url,
)
from app_map import K_VIEW, MapInputs, fit_events, fly_to, fly_to_event, rebuild_at
from app_map import show_map as draw_map
from app_table import frame_coords, show_export, show_table
from app_timeline import show_timeline
from events.config import ConfigError, Settings
from events.frame import EventFilter, actor_counts, filter_mask, select_rows
from events.importers import ACLED_ATTRIBUTION, UCDP_ATTRIBUTION, has_acled_rows
from events.io.store import StoreError, open_store
from events.summary import ViewSummary, count_by, summarise_view
from events.timeline import count_events, timeline_chart
from events.viewport import view_around
from geo.boundaries import ATTRIBUTION_HTML, load_admin1, load_countries
from layers.boundaries import admin1_features, country_features

st.set_page_config(page_title="Sahel Event Map", layout="wide")


def show_map() -> None:
    """The Map page: drawn by the rest of this file, after the navigation."""


# This file is the Map page and the frame of the others: the page list says "Map", not
# "app", and `streamlit run app.py` still works. Another page runs inside pg.run().
map_page = st.Page(show_map, title="Map", default=True)
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


@st.cache_resource
def cached_boundaries() -> tuple[gpd.GeoDataFrame, dict, dict]:
    """Admin-1 regions and the boundaries' GeoJSON (read-only; converted once per process)."""
    admin1 = load_admin1()
    return admin1, country_features(load_countries()), admin1_features(admin1)


@st.cache_data(show_spinner=False)
def cached_choices(store_location: str, version: str) -> Choices:
    """The filter boxes' options: the values present in the data, with their counts."""
    frame = cached_frame(store_location, version)
    countries = load_countries()

    def counted(col: str) -> dict[str, int]:
        values = frame[col].astype(str)
        return {k: int(v) for k, v in values[values != ""].value_counts().items()}

    regions = (
        frame.assign(admin1=frame["admin1"].astype(str), country=frame["country"].astype(str))
        .query("admin1 != ''")
        .groupby(["admin1", "country"], observed=True)
        .size()
    )
    by_region: dict[str, tuple[str, int]] = {}
    for (region, country), n in regions.items():
        if region not in by_region or n > by_region[region][1]:
            by_region[str(region)] = (str(country), int(n))
    today = dt.date.today()
    return Choices(
        actors=dict(actor_counts(frame).most_common()),
        event_types=counted("event_type"),
        countries=counted("country"),
        iso3_names=dict(
            zip(countries["iso3"].astype(str), countries["name"].astype(str), strict=True)
        ),
        regions=by_region,
        start=frame["event_date"].min().date() if len(frame) else today,
        end=frame["event_date"].max().date() if len(frame) else today,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def cached_timeline(
    store_location: str, version: str, flt: EventFilter, span: tuple[dt.date, dt.date]
) -> tuple[str, dict]:
    """The histogram of the filtered events (the filter minus its dates) as a Vega-Lite spec.

    Cached as a plain spec: building and validating the Altair chart costs more than the
    counts, and the dates (the filter that changes most) do not change it.
    """
    frame = cached_frame(store_location, version)
    undated = EventFilter(**{**flt.__dict__, "start": None, "end": None})
    rows = select_rows(frame, filter_mask(frame, undated), columns=("event_date", "fatalities"))
    counts = count_events(rows)
    if counts.empty:
        return "", {}
    caption = f"Events and fatalities per {counts['freq'].iloc[0]} (other filters applied)"
    return caption, timeline_chart(counts, span=span, height=220).to_dict(validate=False)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_view(
    store_location: str, version: str, flt: EventFilter
) -> tuple[ViewSummary, dict[str, dict]]:
    """The figures and the charts' specs of a filter."""
    frame = cached_frame(store_location, version)
    mask = filter_mask(frame, flt)
    specs = {}
    for key, (column, title, _) in CHARTS.items():
        counts = count_by(frame, mask, column)
        specs[key] = bar_chart(counts, title) if len(counts) else {}
    return summarise_view(frame, mask), specs


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
choices = cached_choices(store.location, version)
read_url_once(choices)
flt = show_filters(choices)
mask = filter_mask(frame, flt)
n_shown = int(mask.sum())

# The map keeps the user's view; it moves to the events when the places asked for change
# (actors, types, countries, regions...), not when only the dates do (playback).
places_asked = EventFilter(**{**flt.__dict__, "start": None, "end": None})
url_view = st.session_state.pop(K_URL_VIEW, None)
open_event = st.session_state.get(K_OPEN_EVENT, "")
if url_view is not None:
    (lat, lon), zoom = url_view
    fly_to(view_around(lat, lon, zoom))
elif open_event and "_places_asked" not in st.session_state:
    if (frame["event_id"] == open_event).any():
        fly_to_event(*frame_coords(frame, open_event))
elif st.session_state.get("_places_asked", places_asked) != places_asked:
    fly_to(fit_events(frame, mask))
if st.session_state.get("_basemap_drawn", st.session_state[K_BASEMAP]) != st.session_state[
    K_BASEMAP
] and st.session_state.get(K_VIEW):
    rebuild_at(st.session_state[K_VIEW])  # a new basemap draws a new map: keep the view
st.session_state["_places_asked"] = places_asked
st.session_state["_basemap_drawn"] = st.session_state[K_BASEMAP]

is_open = (frame["event_id"] == open_event).to_numpy() if open_event else np.zeros(0, bool)
st.title("Sahel Event Map")
summary, chart_specs = cached_view(store.location, version, flt)
show_figures(summary, len(frame))
view = draw_map(
    MapInputs(
        frame=frame,
        mask=mask,
        point_limit=settings.point_limit,
        basemap=st.session_state[K_BASEMAP],
        attribution=ATTRIBUTION_HTML,
        country_geojson=country_geojson,
        admin1_geojson=admin1_geojson,
        history=lambda ids: cached_history(store.location, version, ids),
    ),
    open_event=open_event
    if open_event and bool(mask[(frame["event_id"] == open_event).to_numpy()].any())
    else "",
)
write_url(flt, view)
watch_store(store, version)

span = slider_span(choices)
caption, spec = cached_timeline(store.location, version, flt, span)
show_timeline(spec, caption, span)
show_charts(chart_specs)
show_table(frame, mask, n_shown)
show_export(frame, mask, flt)
st.caption(
    "Boundaries: Natural Earth; OCHA COD-AB (Mali: DNCT, Niger: IGNN; CC BY-IGO); "
    "geoBoundaries (CC BY 4.0). Places: GeoNames (CC BY 4.0), ASECNA AIP. "
    "Events: " + UCDP_ATTRIBUTION
)
if has_acled_rows(frame):
    st.caption(ACLED_ATTRIBUTION)

# The widgets' on_change callbacks keep this run's globals alive for as long as the
# session lasts: drop the per-run data so open sessions do not each hold a view.
del mask
