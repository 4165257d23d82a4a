"""Country outlines (the Alliance of Sahel States highlighted) and admin-1 regions.

Boundaries are the same on every rerun: convert them once with :func:`country_features`
and :func:`admin1_features` (about 80 ms), then build the layers from the GeoJSON dicts
(well under 1 ms).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import folium
import geopandas as gpd

from layers.style import ADMIN1_HIGHLIGHT, ADMIN1_STYLE, AES_STYLE, NEIGHBOUR_STYLE

FeatureCollection = dict[str, Any]


def country_features(countries: gpd.GeoDataFrame) -> FeatureCollection:
    """Return countries as GeoJSON with an escaped ``label`` and the ``aes`` flag only."""
    data = gpd.GeoDataFrame(
        {
            "label": [
                escape(f"{n} (Alliance of Sahel States)" if a else str(n))
                for n, a in zip(countries["name"], countries["aes"], strict=True)
            ],
            "aes": countries["aes"].astype(bool).to_numpy(),
        },
        geometry=countries.geometry.to_numpy(),
        crs=countries.crs,
    )
    return json.loads(data.to_json())


def admin1_features(admin1: gpd.GeoDataFrame) -> FeatureCollection:
    """Return admin-1 regions as GeoJSON with an escaped ``"Region, Country"`` label."""
    data = gpd.GeoDataFrame(
        {
            "label": [
                escape(f"{r}, {c}")
                for r, c in zip(admin1["admin1"], admin1["country"], strict=True)
            ]
        },
        geometry=admin1.geometry.to_numpy(),
        crs=admin1.crs,
    )
    return json.loads(data.to_json())


def build_country_layer(
    countries: gpd.GeoDataFrame | FeatureCollection, *, name: str = "Countries"
) -> folium.FeatureGroup:
    """Return the country polygons: AES members (``aes`` column true) highlighted, others muted."""
    group = folium.FeatureGroup(name=name)
    data = country_features(countries) if isinstance(countries, gpd.GeoDataFrame) else countries
    if not data["features"]:
        return group
    folium.GeoJson(
        data,
        name=name,
        style_function=_country_style,
        tooltip=folium.GeoJsonTooltip(["label"], labels=False),
        control=False,
        interactive=True,
    ).add_to(group)
    return group


def build_admin1_layer(
    admin1: gpd.GeoDataFrame | FeatureCollection, *, name: str = "Regions (admin-1)"
) -> folium.FeatureGroup:
    """Return admin-1 region outlines with the region's name on hover."""
    group = folium.FeatureGroup(name=name)
    data = admin1_features(admin1) if isinstance(admin1, gpd.GeoDataFrame) else admin1
    if not data["features"]:
        return group
    folium.GeoJson(
        data,
        name=name,
        style_function=lambda _feature: ADMIN1_STYLE,
        highlight_function=lambda _feature: ADMIN1_HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(["label"], labels=False, sticky=True),
        control=False,
    ).add_to(group)
    return group


def _country_style(feature: dict) -> dict:
    return AES_STYLE if feature["properties"]["aes"] else NEIGHBOUR_STYLE
