"""Build the map page of a view: our way (filter, points or hexagons) and the naive way."""

from __future__ import annotations

import html
import time

import pandas as pd

import folium

from events.config import Settings
from events.frame import EventFilter, filter_events
from layers.aggregate import MapNote
from layers.base import OfflineMap, make_map
from layers.events import build_event_layer, view_bounds

#: The app's default (events.config.Settings), so the bench measures what users get.
POINT_LIMIT = Settings().point_limit


def build_ours(
    gdf: pd.DataFrame, flt: EventFilter, *, point_limit: int = POINT_LIMIT
) -> tuple[str, float, str]:
    """Filter, build the events layer (points or hexagons), render: (html, seconds, kind)."""
    t0 = time.perf_counter()
    view = filter_events(gdf, flt)
    group, note = build_event_layer(view, point_limit=point_limit)
    extras = [MapNote(note)] if note else []
    page = make_map([group], view_bounds(view), extras=extras).get_root().render()
    return page, time.perf_counter() - t0, "hexagons" if note else "points"


#: folium's Popup calls jQuery's ``$(html)``; the tutorial page loads jQuery from a CDN.
#: Offline, this shim does the same (parse HTML into an element), at a lower cost.
JQUERY_SHIM = (
    "<script>window.$ = function (s) { var t = document.createElement('template');"
    " t.innerHTML = s.trim(); return [t.content.firstChild]; };</script>"
)


def build_naive(gdf: pd.DataFrame, flt: EventFilter) -> tuple[str, float]:
    """The tutorial way: one folium CircleMarker with a popup per event."""
    t0 = time.perf_counter()
    view = filter_events(gdf, flt)
    m = OfflineMap(location=(15.5, -2.0), zoom_start=5, tiles=None)
    dates = view["event_date"].dt.strftime("%Y-%m-%d").to_numpy()
    for lat, lon, date, etype, a1, a2, fat in zip(
        view["latitude"].to_numpy(),
        view["longitude"].to_numpy(),
        dates,
        view["event_type"].astype(str).to_numpy(),
        view["actor1"].to_numpy(),
        view["actor2"].to_numpy(),
        view["fatalities"].to_numpy(),
        strict=True,
    ):
        text = html.escape(f"{date} {etype}: {a1} / {a2}, {fat} fatalities")
        folium.CircleMarker((lat, lon), radius=4, popup=folium.Popup(text)).add_to(m)
    page = m.get_root().render()
    page = page.replace("<head>", "<head>" + JQUERY_SHIM, 1)
    return page, time.perf_counter() - t0
