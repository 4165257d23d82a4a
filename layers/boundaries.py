"""Country outlines (the Alliance of Sahel States highlighted) and admin-1 regions."""

from __future__ import annotations

from html import escape

import folium
import geopandas as gpd

from layers.style import ADMIN1_HIGHLIGHT, ADMIN1_STYLE, AES_STYLE, NEIGHBOUR_STYLE


def build_country_layer(
    countries: gpd.GeoDataFrame, *, name: str = "Countries"
) -> folium.FeatureGroup:
    """Return the country polygons: AES members (``aes`` column true) highlighted, others muted."""
    group = folium.FeatureGroup(name=name)
    if countries.empty:
        return group
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
    admin1: gpd.GeoDataFrame, *, name: str = "Regions (admin-1)"
) -> folium.FeatureGroup:
    """Return admin-1 region outlines with the region's name on hover."""
    group = folium.FeatureGroup(name=name)
    if admin1.empty:
        return group
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
