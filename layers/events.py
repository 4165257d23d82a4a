"""The events layer of a view: individual markers when few, hexagon counts beyond a limit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

import folium

from layers.aggregate import aggregation_note, build_event_hexagons, should_aggregate
from layers.points import build_event_points


def build_event_layer(
    view: pd.DataFrame,
    *,
    point_limit: int,
    name: str = "Events",
    history: Mapping[str, Sequence[str]] | None = None,
) -> tuple[folium.FeatureGroup, str | None]:
    """Return the events group of ``view`` and, when aggregated, the note saying so.

    Points carry popups (about 2 kB an event), so beyond ``point_limit`` events the
    view is drawn as server-side hexagon counts, whose size is bounded by the cell
    count rather than by the number of events.
    """
    if should_aggregate(len(view), point_limit):
        return build_event_hexagons(view, name=f"{name} (hexagons)"), aggregation_note(
            len(view), point_limit
        )
    return build_event_points(view, name=name, history=history), None


def view_bounds(view: pd.DataFrame, *, pad: float = 0.05) -> tuple[tuple[float, float], ...] | None:
    """Return ``((south, west), (north, east))`` around the events, padded; None if empty."""
    if view.empty:
        return None
    lat, lon = view["latitude"], view["longitude"]
    return (
        (float(lat.min()) - pad, float(lon.min()) - pad),
        (float(lat.max()) + pad, float(lon.max()) + pad),
    )
