"""The part of the map the user is looking at: which events it holds, and how to frame events.

The map sends its bounds and zoom back after every move; the app draws only the events
inside them (with a margin, so that a small pan shows events at once), counted in cells
that suit the zoom, or one by one once few enough are in view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Leaflet's tile size: at zoom z the world is 256 * 2**z pixels wide.
TILE_PX = 256
MAX_ZOOM = 16


@dataclass(frozen=True)
class Viewport:
    """A map view: its bounds in degrees and its zoom level."""

    south: float
    west: float
    north: float
    east: float
    zoom: int

    @property
    def center(self) -> tuple[float, float]:
        """``(lat, lon)`` of the middle of the view (in Web Mercator, as Leaflet centres)."""
        y = (_merc_y(self.south) + _merc_y(self.north)) / 2
        lat = math.degrees(math.atan(math.sinh(y)))
        return (round(lat, 5), round((self.west + self.east) / 2, 5))

    def padded(self, fraction: float) -> Viewport:
        """Return the view grown by ``fraction`` of its height and width on each side."""
        dlat, dlon = (self.north - self.south) * fraction, (self.east - self.west) * fraction
        return Viewport(
            max(self.south - dlat, -85.0),
            self.west - dlon,
            min(self.north + dlat, 85.0),
            self.east + dlon,
            self.zoom,
        )

    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``((south, west), (north, east))``, as Leaflet's fitBounds takes them."""
        return ((self.south, self.west), (self.north, self.east))


def viewport_mask(gdf: pd.DataFrame, view: Viewport) -> np.ndarray:
    """Return which rows of ``gdf`` lie inside ``view`` (edges included)."""
    lat = gdf["latitude"].to_numpy(float)
    lon = gdf["longitude"].to_numpy(float)
    return (lat >= view.south) & (lat <= view.north) & (lon >= view.west) & (lon <= view.east)


def fit_viewport(
    south: float,
    west: float,
    north: float,
    east: float,
    *,
    width_px: int = 900,
    height_px: int = 620,
    max_zoom: int = MAX_ZOOM,
) -> Viewport:
    """Return the view that frames the bounds on a map of the given size.

    The zoom is the largest whole level at which the bounds fit (Leaflet's
    ``getBoundsZoom`` with whole zoom steps), at most ``max_zoom``.

    Example
    -------
    >>> fit_viewport(12.5, -8.2, 12.7, -7.9).zoom  # Bamako, on a 900 x 620 px map
    12
    """
    lon_span = max(east - west, 1e-6)
    y_span = max(_merc_y(north) - _merc_y(south), 1e-9)
    zoom_x = math.log2(width_px * 360.0 / (TILE_PX * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (TILE_PX * y_span))
    zoom = int(max(min(math.floor(min(zoom_x, zoom_y)), max_zoom), 1))
    return Viewport(south, west, north, east, zoom)


def view_around(
    latitude: float, longitude: float, zoom: int, *, width_px: int = 900, height_px: int = 620
) -> Viewport:
    """Return the view of a map of the given size centred on a point at ``zoom``."""
    world_px = TILE_PX * 2.0**zoom
    half_lon = width_px / world_px * 180.0
    y = _merc_y(latitude)
    half_y = height_px / world_px * math.pi
    south = math.degrees(math.atan(math.sinh(y - half_y)))
    north = math.degrees(math.atan(math.sinh(y + half_y)))
    return Viewport(south, longitude - half_lon, north, longitude + half_lon, zoom)


def _merc_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
