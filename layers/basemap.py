"""The offline basemap's look: a light and a dark style, the water layer (lakes, rivers).

The styles recolour the boundary layers with CSS (an SVG path's ``fill`` and
``stroke`` attributes give way to CSS properties), so the boundary builders stay
style-free and the dark map needs no second set of layers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Template

from branca.element import Element
from folium.elements import ElementAddToElement
from folium.map import Layer

from layers.style import ADMIN1_STYLE, AES_STYLE, MAP_BACKGROUND, NEIGHBOUR_STYLE

#: A GeoJSON FeatureCollection, as a dict or as JSON text.
GeoJSON = dict[str, Any] | str
#: Leaflet panes: tiles 200, overlays (boundaries, events) 400, markers 600.
LAKES_PANE = "sem-lakes"
LAKES_Z = 350
LABELS_PANE = "sem-labels"
LABELS_Z = 450


@dataclass(frozen=True)
class BasemapStyle:
    """Colours of an offline style."""

    background: str
    lake_fill: str
    lake_line: str
    river: str
    label_text: str
    label_halo: str
    #: Boundary colours replaced by this style: ``{light colour: colour}``.
    recolour_fill: tuple[tuple[str, str], ...] = ()
    recolour_stroke: tuple[tuple[str, str], ...] = ()


LIGHT = BasemapStyle(
    background=MAP_BACKGROUND,
    lake_fill="#2f78c4",
    lake_line="#1f5c9e",
    river="#1c64b4",
    label_text="#1f2328",
    label_halo="#ffffff",
)
DARK = BasemapStyle(
    background="#0d1723",
    lake_fill="#2a6cb0",
    lake_line="#3f86c8",
    river="#4f95dc",
    label_text="#f2f2f2",
    label_halo="#000000",
    recolour_fill=(
        (str(AES_STYLE["fillColor"]), "#4b3a2a"),
        (str(NEIGHBOUR_STYLE["fillColor"]), "#1e2935"),
    ),
    recolour_stroke=(
        (str(AES_STYLE["color"]), "#e0a06a"),
        (str(NEIGHBOUR_STYLE["color"]), "#5f7385"),
        (str(ADMIN1_STYLE["color"]), "#c98a55"),
    ),
)
#: Offline styles by basemap key (see ``layers.base.BASEMAPS``).
STYLES: dict[str, BasemapStyle] = {"none": LIGHT, "dark": DARK}


def build_basemap_css(style: BasemapStyle) -> str:
    """Return the ``<style>`` block of a style: background, labels, boundary colours."""
    halo = style.label_halo
    rules = [
        f".leaflet-container {{ background: {style.background}; }}",
        f".leaflet-{LABELS_PANE}-pane, .leaflet-{LABELS_PANE}-pane * "
        "{ pointer-events: none !important; }",
        ".sem-label { white-space: nowrap; font: 12px/16px Arial, Helvetica, sans-serif; "
        f"color: {style.label_text}; display: none; "
        f"text-shadow: 0 0 2px {halo}, 0 0 2px {halo}, 0 0 3px {halo}, 0 0 4px {halo}; }}",
        ".sem-label i { display: inline-block; width: 5px; height: 5px; margin: 0 4px 1px 1px; "
        f"border-radius: 50%; background: {style.label_text}; box-shadow: 0 0 0 1.5px {halo}; "
        "vertical-align: middle; }",
        ".sem-label-left { flex-direction: row-reverse; align-items: center; }",
        ".sem-label-left i { margin: 0 1px 0 4px; }",
        ".sem-label-above, .sem-label-below { flex-direction: column; align-items: center; }",
        ".sem-label-above { flex-direction: column-reverse; }",
        ".sem-label-above i, .sem-label-below i { margin: 1px 0; }",
        ".sem-label-capital { font-weight: bold; font-size: 14px; }",
        ".sem-label-capital i { width: 7px; height: 7px; border-radius: 1px; margin-left: 0; }",
        ".sem-label-regional { font-weight: bold; }",
        ".sem-label-town { font-size: 11px; }",
        ".sem-label-town i, .sem-label-local i { width: 4px; height: 4px; }",
        ".sem-label-local { font-size: 10.5px; font-style: italic; }",
    ]
    rules += [
        f'.leaflet-overlay-pane path[fill="{old}" i] {{ fill: {new}; }}'
        for old, new in style.recolour_fill
    ]
    rules += [
        f'.leaflet-overlay-pane path[stroke="{old}" i] {{ stroke: {new}; }}'
        for old, new in style.recolour_stroke
    ]
    return "<style>" + "\n".join(rules) + "</style>"


class _ScriptText(Element):
    """Script text added to the page as it is."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DataLayer(Layer):
    """A Layer whose script carries data: added to the page without a Jinja pass.

    ``MacroElement.render`` wraps the rendered script in ``Element(script)``, which
    compiles it as a template: about 40 ms for the 90 kB of lakes and rivers, on every
    rerun. The script is added as text instead; otherwise as ``Layer.render``.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the script to the page, then the ``addTo`` call if shown."""
        parent: Any = self._parent
        if self.show:
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(),
                    element_parent_name=parent.get_name(),
                ),
                name=self.get_name() + "_add",
            )
        figure: Any = self.get_root()
        script = self._template.module.__dict__["script"](self, kwargs)
        figure.script.add_child(_ScriptText(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class WaterLayer(DataLayer):
    """Lakes and rivers in their own pane beneath the boundaries; never catches a click."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            if (!map.getPane({{ this.pane|tojson }})) {
                var pane = map.createPane({{ this.pane|tojson }});
                pane.style.zIndex = {{ this.z_index }};
                pane.style.pointerEvents = "none";
            }
            var options = {pane: {{ this.pane|tojson }}, interactive: false};
            return L.featureGroup([
                L.geoJSON({{ this.rivers_json }},
                          L.extend({style: {{ this.river_style|tojson }}}, options)),
                L.geoJSON({{ this.lakes_json }},
                          L.extend({style: {{ this.lake_style|tojson }}}, options))
            ]);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        lakes: GeoJSON,
        rivers: GeoJSON,
        style: BasemapStyle,
        *,
        name: str = "Lakes and rivers",
    ) -> None:
        super().__init__(name=name, overlay=True, control=False)
        self._name = "WaterLayer"
        self.lakes_json = _script_json(lakes)
        self.rivers_json = _script_json(rivers)
        self.pane = LAKES_PANE
        self.z_index = LAKES_Z
        self.lake_style = {
            "color": style.lake_line,
            "weight": 0.8,
            "fillColor": style.lake_fill,
            "fillOpacity": 1.0,
        }
        self.river_style = {"color": style.river, "weight": 1.6, "opacity": 1.0}


def build_water_layer(lakes: GeoJSON, rivers: GeoJSON, style: BasemapStyle) -> WaterLayer:
    """Return lakes and rivers drawn in ``style``.

    Each is a GeoJSON FeatureCollection, as a dict or as JSON text (the committed
    files are read once and passed as text: parsing and dumping them on every rerun
    took 20 ms).
    """
    return WaterLayer(lakes, rivers, style)


def _script_json(data: GeoJSON) -> str:
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    # as Jinja's tojson does: nothing in the data may close the <script>
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
