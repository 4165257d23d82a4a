"""The map: a base that stays put, and an events layer redrawn for the view the user is in.

The base (boundaries, labels, legend) is the same on every rerun, so the browser keeps the
map and the user's view; only the events layer is sent again (``feature_group_to_add``).
The map sends its bounds back after each move, and this fragment, alone, reruns: the
events inside the view are counted again in cells that suit the zoom, or shown one by one
once few enough are in view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import streamlit as st

import folium

from app_leaflet import RenderedBase, render_base, show_leaflet
from events.frame import select_rows
from events.viewport import Viewport, fit_viewport, viewport_mask
from layers.aggregate import AGGREGATE_COLUMNS, MapNote, count_classes, should_aggregate
from layers.base import BASEMAPS, SAHEL_BOUNDS, make_map
from layers.boundaries import build_admin1_layer, build_country_layer
from layers.events import build_event_layer
from layers.legend import build_legend
from layers.style import EVENT_COLOURS

K_MAP = "map"
#: Where the app wants the map to go next (a filter change, a table row, a link).
K_FLY = "_fly_to"
#: The last centre and zoom handed to the map.
K_PASSED = "_map_passed"
#: The view the events were last drawn for (for the permalink and the table).
K_VIEW = "_map_view"
#: The view the map is built at: the session's first, kept so the map is never rebuilt.
K_BASE_VIEW = "_map_base_view"
MAP_HEIGHT = 620
#: Events just outside the view are drawn too, so a small pan shows them at once.
VIEW_MARGIN = 0.25
#: The zoom a table row or a link opens an event at (at least).
EVENT_ZOOM = 11


@dataclass(frozen=True)
class MapInputs:
    """What the map draws from; fixed for a full run of the page."""

    frame: pd.DataFrame
    mask: np.ndarray
    point_limit: int
    basemap: str
    attribution: str
    country_geojson: dict
    admin1_geojson: dict
    history: Callable[[tuple[str, ...]], Mapping[str, Sequence[str]]]


def fly_to(view: Viewport) -> None:
    """Ask the map to show ``view`` on its next draw."""
    st.session_state[K_FLY] = view


def rebuild_at(view: Viewport) -> None:
    """Build the map anew at ``view`` (a new basemap makes a new map)."""
    st.session_state[K_BASE_VIEW] = view
    fly_to(view)


def fly_to_event(latitude: float, longitude: float) -> None:
    """Ask the map to centre on an event, zoomed in at least to :data:`EVENT_ZOOM`."""
    current = st.session_state.get(K_VIEW)
    zoom = max(EVENT_ZOOM, current.zoom if current else 0)
    fly_to(Viewport(latitude - 0.05, longitude - 0.05, latitude + 0.05, longitude + 0.05, zoom))


def fit_events(frame: pd.DataFrame, mask: np.ndarray) -> Viewport:
    """Return the view that frames the filtered events (the Sahel when there are none)."""
    (south, west), (north, east) = SAHEL_BOUNDS
    if mask.any():
        lat = frame["latitude"].to_numpy(float)[mask]
        lon = frame["longitude"].to_numpy(float)[mask]
        pad = 0.05
        south, north = float(lat.min()) - pad, float(lat.max()) + pad
        west, east = float(lon.min()) - pad, float(lon.max()) + pad
    return fit_viewport(south, west, north, east, height_px=MAP_HEIGHT)


def returned_view(value: object) -> Viewport | None:
    """Return the view the map last reported (st_folium's bounds and zoom), if any."""
    if not isinstance(value, dict):
        return None
    bounds, zoom = value.get("bounds") or {}, value.get("zoom")
    south_west, north_east = bounds.get("_southWest") or {}, bounds.get("_northEast") or {}
    try:
        return Viewport(
            float(south_west["lat"]),
            float(south_west["lng"]),
            float(north_east["lat"]),
            float(north_east["lng"]),
            int(zoom),  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError):
        return None


def build_base_map(inputs: MapInputs, view: Viewport | None = None) -> folium.Map:
    """Return the map without events, fitted to ``view``: the same on every rerun."""
    groups = [
        build_country_layer(inputs.country_geojson),
        build_admin1_layer(inputs.admin1_geojson),
    ]
    legend = build_legend(
        EVENT_COLOURS, basemap_label=BASEMAPS[inputs.basemap], count_classes=count_classes()
    )
    return make_map(
        groups,
        view.bounds() if view is not None else SAHEL_BOUNDS,
        basemap=inputs.basemap,
        attribution=inputs.attribution,
        extras=[legend, MapNote("")],
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_base(
    basemap: str, bounds: tuple[tuple[float, float], tuple[float, float]], _inputs: MapInputs
) -> RenderedBase:
    """Return the base map rendered once per process for a basemap and first view.

    The rest of ``_inputs`` (boundaries, attribution) is the same for the whole process.
    """
    return render_base(build_base_map(_inputs, Viewport(*bounds[0], *bounds[1], 0)), K_MAP)


@st.fragment
def show_map(inputs: MapInputs, open_event: str = "") -> Viewport:
    """Draw the map for the current view; return the view drawn."""
    fly = st.session_state.pop(K_FLY, None)
    reported = returned_view(st.session_state.get(K_MAP))
    view = fly or reported or st.session_state.get(K_VIEW) or fit_events(inputs.frame, inputs.mask)
    if fly is not None or K_PASSED not in st.session_state:
        # a nudge far below a pixel, so that flying back to the same place still moves
        nudge = 1e-7 if st.session_state.get(K_PASSED, ((0, 0), 0))[0][0] == view.center[0] else 0
        st.session_state[K_PASSED] = ((view.center[0] + nudge, view.center[1]), view.zoom)
    center, zoom = st.session_state[K_PASSED]
    # The map is built at the session's first view and kept: a new base would be a new map.
    base_view = st.session_state.setdefault(K_BASE_VIEW, view)

    near = inputs.mask & viewport_mask(inputs.frame, view.padded(VIEW_MARGIN))
    n_near = int(near.sum())
    aggregate = should_aggregate(n_near, inputs.point_limit)
    rows = select_rows(inputs.frame, near, columns=AGGREGATE_COLUMNS if aggregate else None)
    pinned = None
    if aggregate and open_event:
        pinned = inputs.frame[(inputs.frame["event_id"] == open_event).to_numpy() & inputs.mask]
    shown_ids = (
        tuple(rows["event_id"])
        if not aggregate
        else tuple(() if pinned is None else pinned["event_id"])
    )
    layer, _ = build_event_layer(
        rows,
        point_limit=inputs.point_limit,
        history=inputs.history(shown_ids) if shown_ids else None,
        extent=(view.west, view.south, view.east, view.north),
        open_event=open_event,
        pinned=pinned,
    )
    show_leaflet(
        cached_base(inputs.basemap, base_view.bounds(), inputs),
        layer,
        key=K_MAP,
        height=MAP_HEIGHT,
        returned_objects=["bounds", "zoom"],
        center=center,
        zoom=zoom,
    )
    st.session_state[K_VIEW] = view
    if fly is None and reported is not None:
        # the permalink follows the user's moves (the page's full runs write the rest)
        lat, lon = view.center
        st.query_params.update({"lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "z": str(view.zoom)})
    show_link()
    return view


def show_link() -> None:
    """Show the link to this view (filters, map centre and zoom, open event) to copy."""
    parts = urlsplit(st.context.url or "")
    base = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    with st.expander("Link to this view"):
        st.code(f"{base}?{query}", language=None, wrap_lines=True)
        st.caption("Copy it (the button at its right): it reopens these days, filters and view.")
