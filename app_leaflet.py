"""st_folium with the base map rendered once per process, not on every rerun.

``st_folium`` renders the whole map on every call: at the default view that is a 600 kB
script (boundaries, labels, legend), about 0.2 s of Jinja work per rerun, although only the
events layer changes (it is sent as ``feature_group_to_add``). Here the base is rendered
once per basemap and view, with st_folium's own helpers, and each rerun renders only the
events layer; the component receives exactly what ``st_folium`` would send it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st
import streamlit_folium as stf

import folium


@dataclass(frozen=True)
class RenderedBase:
    """The base map as the st_folium component takes it."""

    script: str
    header: str
    html: str
    map_id: str
    key: str
    bounds: dict[str, dict[str, float | None]]
    zoom: object
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def render_base(base: folium.Map, key: str) -> RenderedBase:
    """Render ``base`` the way ``st_folium`` does (its header, html, script and links)."""
    base.get_root().render()
    base.render()
    html, header = stf._get_html(base), stf._get_header(base)
    script = stf._get_map_string(base)
    (south, west), (north, east) = base.get_bounds()
    css, js = links_of(base)
    return RenderedBase(
        script=script,
        header=header,
        html=html,
        map_id=stf.get_full_id(base),
        key=stf.generate_js_hash(script, key, False),
        bounds={
            "_southWest": {"lat": south, "lng": west},
            "_northEast": {"lat": north, "lng": east},
        },
        zoom=base.options.get("zoom"),
        css_links=css,
        js_links=js,
    )


def links_of(element: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the CSS and JS files ``element`` and its children need, in st_folium's order."""
    css = [href for _, href in getattr(element, "default_css", [])]
    js = [src for _, src in getattr(element, "default_js", [])]
    for child in getattr(element, "_children", {}).values():
        child_css, child_js = links_of(child)
        css += child_css
        js += child_js
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def layer_script(layer: folium.FeatureGroup) -> str:
    """Return the events layer as the script st_folium sends for ``feature_group_to_add``."""
    return stf._get_feature_group_string(layer, folium.Map(tiles=None), idx=0)


def show_leaflet(
    base: RenderedBase,
    layer: folium.FeatureGroup,
    *,
    key: str,
    height: int,
    center: tuple[float, float],
    zoom: int,
    returned_objects: list[str],
) -> object:
    """Draw the map (as ``st_folium(..., use_container_width=True)``); return its value."""

    def keep_value() -> None:
        st.session_state[key] = st.session_state.get(base.key, {})

    defaults = {"bounds": base.bounds, "zoom": base.zoom}
    layer_css, layer_js = links_of(layer)
    return stf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=base.key,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=zoom,
        center=center,
        feature_group=layer_script(layer),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(dict.fromkeys(base.css_links + layer_css)),
        js_links=list(dict.fromkeys(base.js_links + layer_js)),
        on_change=keep_value,
        wrap_longitude=False,
    )
