"""Individual event markers, each with its location uncertainty drawn to scale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
            radius: {MARKER_RADIUS_PX}, color: "#ffffff", weight: 1.5, fillOpacity: 0.9,
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
    Meant for views of at most a few thousand events; bigger views are aggregated.
    """
    group = folium.FeatureGroup(name=name)
    if gdf.empty:
        return group
    rows = pd.DataFrame(gdf.drop(columns="geometry")).copy()
    rows["event_date"] = rows["event_date"].dt.strftime("%Y-%m-%d")
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    colours = [colour_for(r["event_type"]) for r in records]

    points = gpd.GeoDataFrame(
        {
            "event_id": rows["event_id"].astype(str).to_numpy(),
            "colour": colours,
            "popup": [popup_html(r, (history or {}).get(str(r["event_id"]), ())) for r in records],
            "tooltip": [tooltip_html(r) for r in records],
            "radius_m": gdf["uncertainty_m"].fillna(0).round(0).to_numpy(),
            "draft": (rows["status"].astype(str) == "draft").to_numpy(),
        },
        geometry=gdf.geometry.to_numpy(),
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
