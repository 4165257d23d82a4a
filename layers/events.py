"""The events layer of a view: individual markers when few, hexagon counts beyond a limit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from jinja2 import Template

import folium
from branca.element import MacroElement

from layers.aggregate import (
    MAX_CELLS,
    aggregation_note,
    build_event_hexagons,
    choose_cell_size,
    should_aggregate,
)
from layers.points import build_event_points

#: Hexagons drawn for one map view: about 20 px wide on a 900 x 620 px map.
VIEW_CELLS = 1200
MODE_POINTS = "sem-mode-points"
MODE_HEX = "sem-mode-hex"


class ViewScript(MacroElement):
    """Script run each time the events layer is drawn.

    It marks the map's mode (points or hexagons, for the legend), sets the note, and opens
    the popup of the event the app asked for (a table row, a shared link).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(group) {
          // children are drawn before their group joins the map: run once it has
          var run = function() {
            var map = group._map;
            var box = map.getContainer();
            box.classList.remove({{ this.modes|tojson }}[0], {{ this.modes|tojson }}[1]);
            box.classList.add({{ this.mode|tojson }});
            box.querySelectorAll(".sem-map-note").forEach(function(note) {
                note.textContent = {{ this.note|tojson }};
                note.style.display = {{ this.note|tojson }} ? "" : "none";
            });
            var wanted = {{ this.open_event|tojson }};
            if (!wanted) { return; }
            group.eachLayer(function(layer) {
                if (!layer.eachLayer) { return; }
                layer.eachLayer(function(marker) {
                    var f = marker.feature;
                    if (f && f.properties.ids && f.properties.ids.indexOf(wanted) >= 0) {
                        var c = f.geometry.coordinates;
                        marker.openPopup(L.latLng(c[1], c[0]));
                    }
                });
            });
          };
          if (group._map) { run(); } else { group.once("add", run); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, *, mode: str, note: str, open_event: str) -> None:
        super().__init__()
        self._name = "ViewScript"
        self.mode = mode
        self.modes = (MODE_POINTS, MODE_HEX)
        self.note = note
        self.open_event = open_event


def build_event_layer(
    view: pd.DataFrame,
    *,
    point_limit: int,
    name: str = "Events",
    history: Mapping[str, Sequence[str]] | None = None,
    extent: tuple[float, float, float, float] | None = None,
    open_event: str = "",
    pinned: pd.DataFrame | None = None,
) -> tuple[folium.FeatureGroup, str | None]:
    """Return the events group of ``view`` and, when aggregated, the note saying so.

    Points carry popups (about 2 kB an event), so beyond ``point_limit`` events the
    view is drawn as server-side hexagon counts, whose size is bounded by the cell
    count rather than by the number of events. ``extent`` (west, south, east, north)
    is the map view the cells are sized for (the events' own extent by default), so
    zooming in gives finer cells. ``pinned`` events are drawn as markers over the
    hexagons (an event opened from the table); ``open_event`` opens that event's popup.
    """
    aggregate = should_aggregate(len(view), point_limit)
    if aggregate:
        cell_m = choose_cell_size(extent, max_cells=VIEW_CELLS) if extent else None
        group = build_event_hexagons(
            view, name=f"{name} (hexagons)", cell_m=cell_m, max_cells=MAX_CELLS
        )
        note: str | None = aggregation_note(len(view), point_limit)
        if pinned is not None and not pinned.empty:
            for child in build_event_points(pinned, history=history)._children.values():
                group.add_child(child)
    else:
        group = build_event_points(view, name=name, history=history)
        note = None
    group.add_child(
        ViewScript(
            mode=MODE_HEX if aggregate else MODE_POINTS, note=note or "", open_event=open_event
        )
    )
    return group, note


def view_bounds(view: pd.DataFrame, *, pad: float = 0.05) -> tuple[tuple[float, float], ...] | None:
    """Return ``((south, west), (north, east))`` around the events, padded; None if empty."""
    if view.empty:
        return None
    lat, lon = view["latitude"], view["longitude"]
    return (
        (float(lat.min()) - pad, float(lon.min()) - pad),
        (float(lat.max()) + pad, float(lon.max()) + pad),
    )
