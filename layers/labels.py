"""Place names on the offline map, shown by zoom level.

Every label is a non-interactive ``L.divIcon`` marker in a pane between the overlays
(boundaries, events: z 400) and Leaflet's marker pane (600), with pointer events off,
so a click on a name reaches the event drawn beneath it. A few lines of JavaScript
show, at each zoom, the tiers due at that zoom, most important names first, and
leave out a name that would overlap one already shown. Nothing is fetched: system
fonts, no tiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jinja2 import Template

from geo.basemap import TIER_MIN_ZOOM, MapLabel
from layers.basemap import LABELS_PANE, LABELS_Z, DataLayer

LABEL_CLASS = "sem-label"


class PlaceLabels(DataLayer):
    """Place names, each tier shown from its own zoom on (a layer of the layer control)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var name = {{ this.pane|tojson }};
            if (!map.getPane(name)) {
                var pane = map.createPane(name);
                pane.style.zIndex = {{ this.z_index }};
                pane.style.pointerEvents = "none";
            }
            var minZoom = {{ this.min_zoom|tojson }};
            var group = L.layerGroup();
            var markers = {{ this.rows|tojson }}.map(function (r) {
                return L.marker([r[0], r[1]], {
                    pane: name, interactive: false, keyboard: false, tier: r[3],
                    always: r[4] === 1,
                    icon: L.divIcon({
                        className: "{{ this.css_class }} {{ this.css_class }}-" + r[3],
                        html: "<i></i><span>" + r[2] + "</span>", iconSize: null, iconAnchor: [4, 8]
                    })
                }).addTo(group);
            });
            // Rows come most important first: show a name if its tier is due at this
            // zoom and it overlaps no name already shown, right of its dot, else left,
            // above or below it. The focus's capitals show even where they cannot.
            var C = "{{ this.css_class }}", SIDES = ["left", "above", "below"];
            function overlaps(box, taken) {
                return taken.some(function (t) {
                    return box[0] < t[2] + 3 && t[0] < box[2] + 3
                        && box[1] < t[3] && t[1] < box[3];
                });
            }
            function place(el, side, p) {
                SIDES.forEach(function (s) { el.classList.remove(C + "-" + s); });
                if (side !== "right") { el.classList.add(C + "-" + side); }
                el.style.display = side === "right" ? "block" : "flex";
                var w = el.offsetWidth, h = el.offsetHeight, x = -4, y = -8;
                if (side === "left") { x = 4 - w; }
                if (side === "above") { x = -w / 2; y = 4 - h; }
                if (side === "below") { x = -w / 2; y = -4; }
                el.style.marginLeft = x + "px";
                el.style.marginTop = y + "px";
                return [p.x + x, p.y + y, p.x + x + w, p.y + y + h];
            }
            function placeLabels() {
                if (!map.hasLayer(group)) { return; }
                var z = map.getZoom(), taken = [];
                markers.forEach(function (m) {
                    var el = m.getElement();
                    if (!el) { return; }
                    if (z < minZoom[m.options.tier]) { el.style.display = "none"; return; }
                    var p = map.latLngToLayerPoint(m.getLatLng());
                    var sides = ["right"].concat(SIDES);
                    for (var i = 0; i < sides.length; i++) {
                        var box = place(el, sides[i], p);
                        if (!overlaps(box, taken)) { taken.push(box); return; }
                    }
                    if (m.options.always) {
                        taken.push(place(el, "right", p));
                    } else {
                        el.style.display = "none";
                    }
                });
            }
            map.on("zoomend", placeLabels);
            group.on("add", function () { setTimeout(placeLabels, 0); });
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
        # [lat, lon, escaped name, tier, always shown]: about 45 bytes a label.
        self.rows = [
            [
                round(lb.latitude, 4),
                round(lb.longitude, 4),
                escape(lb.name),
                lb.tier,
                int(lb.always_shown),
            ]
            for lb in labels
        ]


def build_place_labels(labels: Sequence[MapLabel], *, name: str = "Place names") -> PlaceLabels:
    """Return the place-name layer of ``labels`` (see `geo.basemap.load_map_labels`)."""
    return PlaceLabels(labels, name=name)
