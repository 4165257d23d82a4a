"""Individual event markers, each with its location uncertainty drawn to scale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

import folium
import geopandas as gpd
from folium.utilities import JsCode

from events.frame import CRS
from layers.popup import popup_html, tooltip_html
from layers.style import (
    DRAFT_CLASS,
    MARKER_CLASS,
    MARKER_RADIUS_PX,
    UNCERTAINTY_CLASS,
    colour_for,
)

_BIND = JsCode(
    """
    function(feature, layer) {
        if (feature.properties.popup) {
            layer.bindPopup(feature.properties.popup, {maxWidth: 460, maxHeight: 420});
        }
        if (feature.properties.tooltip) { layer.bindTooltip(feature.properties.tooltip); }
    }
    """
)
_POINT = JsCode(
    f"""
    function(feature, latlng) {{
        var p = feature.properties;
        // A draft (coded by the machine, not yet checked) is hollow and dashed.
        var marker = L.circleMarker(latlng, p.draft ? {{
            radius: {MARKER_RADIUS_PX}, color: p.colour, weight: 2.5, dashArray: "3 2",
            fillColor: "#ffffff", fillOpacity: 0.6,
            className: "{MARKER_CLASS} {DRAFT_CLASS}"
        }} : {{
            radius: {MARKER_RADIUS_PX} + (p.count > 1 ? 3 : 0), color: "#ffffff",
            weight: p.count > 1 ? 3 : 1.5, fillOpacity: 0.9,
            fillColor: p.colour, className: "{MARKER_CLASS}"
        }});
        if (!(p.radius_m > 0)) {{ return marker; }}
        // A true metric circle: Leaflet projects its radius in metres at the latitude.
        var circle = L.circle(latlng, {{
            radius: p.radius_m, color: p.colour, weight: 1, fillColor: p.colour,
            fillOpacity: 0.12, dashArray: "4 3", interactive: false,
            className: "{UNCERTAINTY_CLASS}"
        }});
        return L.featureGroup([circle, marker]);
    }}
    """
)


def group_colocated(rows: pd.DataFrame) -> pd.Series:
    """Return a place key per event: events within about a metre share one marker."""
    lat = rows["latitude"].astype(float).round(5).astype(str)
    return lat + "," + rows["longitude"].astype(float).round(5).astype(str)


def _place_popup(popups: list[str]) -> str:
    if len(popups) == 1:
        return popups[0]
    head = f"<div class='sem-colocated'><b>{len(popups)} events at this place</b></div>"
    return head + "<hr>".join(popups)


def build_event_points(
    gdf: gpd.GeoDataFrame,
    *,
    name: str = "Events",
    history: Mapping[str, Sequence[str]] | None = None,
) -> folium.FeatureGroup:
    """Return one circle marker per event, coloured by event type, over its uncertainty circle.

    The circle has a radius of ``uncertainty_m`` metres: a site known to ±1.5 km is drawn
    as such, not as a pin of false precision.

    Each marker carries an escaped popup (details, evidence quotes and, from
    ``history`` (event id -> one line per change), the edit history) and a tooltip.
    Events at the same coordinates share one marker whose popup lists them all, so each
    stays reachable. Meant for views of at most a few thousand events; bigger views are
    aggregated.
    """
    group = folium.FeatureGroup(name=name)
    if gdf.empty:
        return group
    rows = pd.DataFrame(gdf.drop(columns="geometry")).copy()
    rows["event_date"] = rows["event_date"].dt.strftime("%Y-%m-%d")
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    popups = [popup_html(r, (history or {}).get(str(r["event_id"]), ())) for r in records]
    codes, _ = pd.factorize(group_colocated(rows).to_numpy())
    # factorize numbers places by first appearance: place k's first event comes k-th
    order = np.argsort(codes, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(codes[order])) + 1]
    picked = np.split(order, starts[1:])
    first = order[starts]
    counts = np.diff(np.r_[starts, len(order)])
    ids = rows["event_id"].astype(str).to_numpy()
    radius = gdf["uncertainty_m"].fillna(0).to_numpy(float)[order]
    draft = (rows["status"].astype(str) == "draft").to_numpy()[order]
    tooltips = [tooltip_html(records[i]) for i in first]
    points = gpd.GeoDataFrame(
        {
            "event_id": ids[first],
            "ids": [ids[idx].tolist() for idx in picked],
            "colour": [colour_for(records[i]["event_type"]) for i in first],
            "popup": [_place_popup([popups[j] for j in idx]) for idx in picked],
            "tooltip": [
                t + (f" (+{n - 1} more here)" if n > 1 else "")
                for t, n in zip(tooltips, counts, strict=True)
            ],
            "radius_m": np.round(np.maximum.reduceat(radius, starts), 0),
            "draft": np.logical_and.reduceat(draft, starts),
            "count": counts,
        },
        geometry=gdf.geometry.iloc[first].to_numpy(),
        crs=CRS,
    )
    folium.GeoJson(
        points,
        name=name,
        on_each_feature=_BIND,
        point_to_layer=_POINT,
        control=False,
    ).add_to(group)
    return group
