"""Individual event markers, each with its location uncertainty drawn to scale."""

from __future__ import annotations

import numpy as np
import pandas as pd

import folium
import geopandas as gpd
import shapely
from folium.utilities import JsCode

from events.frame import CRS
from layers.popup import popup_html, tooltip_html
from layers.style import MARKER_CLASS, MARKER_RADIUS_PX, UNCERTAINTY_CLASS, colour_for

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
        return L.circleMarker(latlng, {{
            radius: {MARKER_RADIUS_PX}, color: "#ffffff", weight: 1.5, fillOpacity: 0.9,
            fillColor: feature.properties.colour, className: "{MARKER_CLASS}"
        }});
    }}
    """
)


def uncertainty_polygons(gdf: gpd.GeoDataFrame, *, segments: int = 24) -> gpd.GeoSeries:
    """Return a circle of radius ``uncertainty_m`` around each event (EPSG:4326).

    Buffers in Web Mercator, scaled by 1/cos(latitude), which is exact to a fraction of a
    percent for circles of a few km, and works across UTM zones.
    """
    merc = gdf.geometry.to_crs(3857)
    scale = 1.0 / np.cos(np.radians(gdf["latitude"].to_numpy(dtype=float)))
    radius = gdf["uncertainty_m"].fillna(0).to_numpy(dtype=float) * scale
    circles = shapely.buffer(merc.values._data if hasattr(merc.values, "_data") else merc.array, radius, quad_segs=max(1, segments // 4))
    return gpd.GeoSeries(circles, index=gdf.index, crs=3857).to_crs(CRS)


def build_event_points(gdf: gpd.GeoDataFrame, *, name: str = "Events") -> folium.FeatureGroup:
    """Return one circle marker per event, coloured by event type, over its uncertainty circle.

    Each marker carries an escaped popup (details and evidence quotes) and a tooltip.
    Meant for views of at most a few thousand events; bigger views are aggregated.
    """
    group = folium.FeatureGroup(name=name)
    if gdf.empty:
        return group
    rows = pd.DataFrame(gdf.drop(columns="geometry")).copy()
    rows["event_date"] = rows["event_date"].dt.strftime("%Y-%m-%d")
    records = rows.astype(object).where(rows.notna(), None).to_dict("records")
    colours = [colour_for(r["event_type"]) for r in records]

    with_radius = gdf[gdf["uncertainty_m"].fillna(0) > 0]
    if not with_radius.empty:
        circles = gpd.GeoDataFrame(
            {"colour": [colour_for(t) for t in with_radius["event_type"].astype(str)]},
            geometry=uncertainty_polygons(with_radius),
            crs=CRS,
        )
        folium.GeoJson(
            circles,
            name=f"{name}: location uncertainty",
            style_function=_uncertainty_style,
            class_name=UNCERTAINTY_CLASS,
            interactive=False,
            control=False,
        ).add_to(group)

    points = gpd.GeoDataFrame(
        {
            "event_id": rows["event_id"].astype(str).to_numpy(),
            "colour": colours,
            "popup": [popup_html(r) for r in records],
            "tooltip": [tooltip_html(r) for r in records],
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


def _uncertainty_style(feature: dict) -> dict:
    colour = feature["properties"]["colour"]
    return {"color": colour, "weight": 1, "fillColor": colour, "fillOpacity": 0.12, "dashArray": "4 3"}
