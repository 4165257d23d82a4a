"""A legend and a note box drawn on the map (plain Leaflet controls, no external assets)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from jinja2 import Template

from branca.element import MacroElement

from layers.style import AES_STYLE, NEIGHBOUR_STYLE

#: Maps narrower than this (a phone held upright) start with the legend folded.
FOLD_BELOW_PX = 600


class MapControl(MacroElement):
    """A Leaflet control holding fixed HTML (already escaped) at a corner of the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function() {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                div.style.background = "rgba(255,255,255,0.92)";
                div.style.padding = "6px 8px";
                div.style.borderRadius = "4px";
                div.style.font = "12px/1.4 sans-serif";
                div.style.maxWidth = "320px";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                {% if this.fold_below_px %}
                // on a narrow map (a phone) the control starts folded: it hides nothing
                var folds = div.querySelector("details");
                if (folds && {{ this._parent.get_name() }}.getSize().x < {{ this.fold_below_px }}) {
                    folds.open = false;
                }
                {% endif %}
                return div;
            };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html: str,
        *,
        position: str = "bottomright",
        css_class: str = "sem-control",
        fold_below_px: int = 0,
    ) -> None:
        super().__init__()
        self._name = "MapControl"
        self.html = html
        self.position = position
        self.css_class = css_class
        self.fold_below_px = fold_below_px


def build_legend(
    colours: Mapping[str, str],
    *,
    basemap_label: str,
    extra: str = "",
    count_classes: Sequence[tuple[str, str]] = (),
) -> MapControl:
    """Return the legend: event-type colours, hexagon counts, AES vs neighbours, the basemap.

    ``count_classes`` holds ``(label, colour)`` of the hexagon count classes. The map shows
    the part that applies: the events layer marks the map ``sem-mode-points`` or
    ``sem-mode-hex``. The legend folds away (a ``<details>``), so on a phone it hides
    nothing.
    """
    swatch = (
        "<span style='display:inline-block;width:11px;height:11px;border-radius:50%;"
        "background:{c};margin-right:5px;border:1px solid #fff'></span>"
    )
    box = (
        "<span style='display:inline-block;width:14px;height:10px;background:{f};"
        "border:2px solid {c};margin-right:5px'></span>"
    )
    types = "".join(
        f"<div>{swatch.format(c=escape(c))}{escape(t)}</div>" for t, c in colours.items()
    )
    rows = [f"<div class='sem-legend-types'><b>Event type</b>{types}</div>"]
    if count_classes:
        cells = "".join(
            f"<div>{box.format(f=escape(c), c='#7f2704')}{escape(label)}</div>"
            for label, c in count_classes
        )
        rows.append(f"<div class='sem-legend-counts'><b>Events per hexagon</b>{cells}</div>")
    rows.append(
        f"<div>{box.format(f=AES_STYLE['fillColor'], c=AES_STYLE['color'])}"
        "Alliance of Sahel States</div>"
    )
    rows.append(
        f"<div>{box.format(f=NEIGHBOUR_STYLE['fillColor'], c=NEIGHBOUR_STYLE['color'])}"
        "Neighbouring country</div>"
    )
    rows.append(
        "<div class='sem-legend-types'><span style='display:inline-block;width:9px;height:9px;"
        "border-radius:50%;border:2px dashed #555;background:#fff;margin-right:5px'></span>"
        "Draft: coded from a report, not yet reviewed</div>"
    )
    rows.append(
        "<div class='sem-legend-types'><span style='display:inline-block;width:14px;"
        "height:10px;border:1px dashed #555;border-radius:50%;margin-right:5px'></span>"
        "Location uncertainty (to scale)</div>"
    )
    rows.append(f"<div class='sem-basemap'><i>{escape(basemap_label)}</i></div>")
    if extra:
        rows.append(f"<div>{extra}</div>")
    return MapControl(
        "<details open><summary><b>Legend</b></summary>" + "".join(rows) + "</details>"
        "<style>.sem-mode-hex .sem-legend-types{display:none}"
        ".sem-mode-points .sem-legend-counts{display:none}"
        ".sem-legend summary{cursor:pointer}</style>",
        css_class="sem-legend",
        fold_below_px=FOLD_BELOW_PX,
    )
