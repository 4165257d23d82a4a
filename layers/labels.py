"""Place names on the offline map, shown by zoom level.

Every label is a non-interactive ``L.divIcon`` marker in a pane between the overlays
(boundaries, events: z 400) and Leaflet's marker pane (600), with pointer events off,
so a click on a name reaches the event drawn beneath it. A few lines of JavaScript
toggle a ``sem-show-<tier>`` class on the pane at each zoom; the CSS of
:func:`layers.basemap.build_basemap_css` hides the tiers not yet due. Nothing is
fetched: system fonts, no tiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jinja2 import Template

from folium.map import Layer

from geo.basemap import TIER_MIN_ZOOM, MapLabel
from layers.basemap import LABELS_PANE, LABELS_Z

LABEL_CLASS = "sem-label"


class PlaceLabels(Layer):
    """Place names, each tier shown from its own zoom on (a layer of the layer control)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var name = {{ this.pane|tojson }};
            var pane = map.getPane(name);
            if (!pane) {
                pane = map.createPane(name);
                pane.style.zIndex = {{ this.z_index }};
                pane.style.pointerEvents = "none";
            }
            var minZoom = {{ this.min_zoom|tojson }};
            var group = L.layerGroup();
            {{ this.rows|tojson }}.forEach(function (r) {
                L.marker([r[0], r[1]], {
                    pane: name, interactive: false, keyboard: false,
                    icon: L.divIcon({
                        className: "{{ this.css_class }} {{ this.css_class }}-" + r[3],
                        html: "<i></i>" + r[2], iconSize: null, iconAnchor: [4, 8]
                    })
                }).addTo(group);
            });
            function showTiers() {
                var z = map.getZoom();
                Object.keys(minZoom).forEach(function (tier) {
                    pane.classList.toggle("sem-show-" + tier, z >= minZoom[tier]);
                });
            }
            map.on("zoomend", showTiers);
            showTiers();
            return group;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[MapLabel], *, name: str = "Place names") -> None:
        super().__init__(name=name, overlay=True, control=True)
        self._name = "PlaceLabels"
        self.pane = LABELS_PANE
        self.z_index = LABELS_Z
        self.css_class = LABEL_CLASS
        self.min_zoom = dict(TIER_MIN_ZOOM)
        # [lat, lon, escaped name, tier]: about 40 bytes a label.
        self.rows = [
            [round(lb.latitude, 4), round(lb.longitude, 4), escape(lb.name), lb.tier]
            for lb in labels
        ]


def build_place_labels(labels: Sequence[MapLabel], *, name: str = "Place names") -> PlaceLabels:
    """Return the place-name layer of ``labels`` (see `geo.basemap.load_map_labels`)."""
    return PlaceLabels(labels, name=name)


def label_css() -> str:
    """Return the CSS that shows each tier once its ``sem-show-<tier>`` class is set."""
    return (
        "<style>"
        + " ".join(
            f".sem-show-{tier} .{LABEL_CLASS}-{tier} {{ display: block; }}"
            for tier in TIER_MIN_ZOOM
        )
        + "</style>"
    )
