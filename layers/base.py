"""The map itself: Leaflet from the app's own static folder, optional tiles, the controls."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Template

import folium
from branca.element import Element, MacroElement

from geo.basemap import DEFAULT_LAKES, DEFAULT_RIVERS, MapLabel, load_geojson_text, load_map_labels
from layers.basemap import STYLES, build_basemap_css, build_water_layer
from layers.labels import build_place_labels

#: Where Streamlit serves ./static (``server.enableStaticServing``); root-relative so the
#: map component's iframe loads it from the app's own origin, with no internet.
STATIC_URL = "/app/static"
LEAFLET_DIR = f"{STATIC_URL}/leaflet-1.9.4"
#: The map's extent when there is nothing to fit: the Sahel, [[south, west], [north, east]].
SAHEL_BOUNDS = ((9.0, -18.0), (25.5, 24.5))

#: Credit for the offline basemap's water (geo/data/ATTRIBUTION.md).
WATER_ATTRIBUTION = "Lakes: Natural Earth; rivers: GSHHG (LGPL)"
#: Basemap keys and their labels. "none" (the default, kept for old links) and "dark"
#: are drawn by the app itself: place names, lakes and rivers, no tiles, nothing fetched.
BASEMAPS = {
    "none": "Light map (offline)",
    "dark": "Dark map (offline)",
    "osm": "OpenStreetMap tiles (needs internet)",
}


class OfflineMap(folium.Map):
    """A folium Map that loads only Leaflet, from the app's vendored copy.

    folium's default Map pulls Leaflet, jQuery, Bootstrap and Awesome Markers from CDNs;
    none is reachable offline and only Leaflet is needed here.
    """

    # folium declares these as plain list attributes, so no ClassVar here.
    default_js = [("leaflet", f"{LEAFLET_DIR}/leaflet.js")]  # noqa: RUF012
    default_css = [("leaflet_css", f"{LEAFLET_DIR}/leaflet.css")]  # noqa: RUF012
    #: ``[[south, west], [north, east]]`` set by :func:`make_map`.
    view_bounds: list[list[float]] | None = None

    def get_bounds(self) -> list[list[float | None]]:
        """Return the bounds the map was fitted to.

        folium computes bounds by walking every coordinate of every layer in Python
        (0.1 s and more for boundaries and hexagons), and streamlit-folium asks for them
        on every rerun; the map already knows what it shows.
        """
        if self.view_bounds is not None:
            return [list(corner) for corner in self.view_bounds]
        return super().get_bounds()


class Attribution(MacroElement):
    """Add credits to Leaflet's attribution control (always, with or without tiles)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.html = html


def make_map(
    groups: Sequence[folium.FeatureGroup],
    bounds: Sequence[Sequence[float]] | None = None,
    *,
    basemap: str = "none",
    attribution: str = "",
    extras: Sequence[MacroElement] = (),
    labels: Sequence[MapLabel] | None = None,
    water: bool = True,
) -> folium.Map:
    """Create the map, add ``groups`` in order, then the extras, then the layer control.

    Parameters
    ----------
    groups
        Feature groups from the ``build_*`` functions, bottom first.
    bounds
        ``[[south, west], [north, east]]`` to fit; the Sahel when ``None``.
    basemap
        ``"none"`` (light, offline), ``"dark"`` (dark, offline) or ``"osm"``
        (OpenStreetMap tiles, which carry their own names and water).
    attribution
        HTML credits for the data shown (already escaped).
    extras
        Legend, notes: elements added to the map after the groups.
    labels
        Place names of an offline basemap, shown by zoom; the committed
        ``geo/data/map_labels.csv`` when ``None``, none when empty.
    water
        Draw the committed lakes and rivers beneath the boundaries (offline basemaps
        only).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; one of {', '.join(BASEMAPS)}")
    m = OfflineMap(location=(15.5, -2.0), zoom_start=5, tiles=None, control_scale=True)
    style = STYLES.get(basemap, STYLES["none"])
    header = m.get_root().header  # type: ignore[attr-defined]
    header.add_child(Element(build_basemap_css(style)))
    if basemap == "osm":
        folium.TileLayer("OpenStreetMap", name=BASEMAPS["osm"], control=False).add_to(m)
    elif water:
        lakes, rivers = load_geojson_text(DEFAULT_LAKES), load_geojson_text(DEFAULT_RIVERS)
        build_water_layer(lakes, rivers, style).add_to(m)
        m.add_child(Attribution(WATER_ATTRIBUTION))
    for group in groups:
        group.add_to(m)
    if basemap != "osm":
        shown = load_map_labels() if labels is None else labels
        if shown:
            build_place_labels(shown).add_to(m)
    if attribution:
        m.add_child(Attribution(attribution))
    for extra in extras:
        m.add_child(extra)
    folium.LayerControl(collapsed=False).add_to(m)
    south_west, north_east = bounds if bounds is not None else SAHEL_BOUNDS
    m.view_bounds = [list(south_west), list(north_east)]
    m.fit_bounds(m.view_bounds)
    return m
