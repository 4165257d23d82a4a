"""Server-side aggregation for big views: events counted in hexagons.

A view with more events than the point limit is drawn as hexagons: the payload is
bounded by the number of cells, not by the number of events. Hexagons are binned in
Web Mercator with numpy (about 0.1 s for a million events; h3's per-point Python
calls cost ~1.2 s there), on a ladder of sizes chosen from the extent of the view so
that at most ``max_cells`` cells can cover it.
"""

from __future__ import annotations

import html
import json
import math

import numpy as np
import pandas as pd

import folium
from folium.utilities import JsCode

from events.model import EventType
from layers.legend import MapControl

#: Hexagons never exceed this many (about 300 bytes each in the page: < 1 MB).
MAX_CELLS = 3000
#: Hexagon sizes (centre to corner, metres at the equator): 1 km × √2^k.
_LADDER_M = tuple(1000.0 * math.sqrt(2.0) ** k for k in range(0, 21))
#: Upper bounds of the count classes and their colours (YlOrRd).
COUNT_BREAKS: tuple[int, ...] = (1, 3, 10, 30, 100, 300, 1000)
COUNT_COLOURS: tuple[str, ...] = (
    "#ffffb2",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#fc4e2a",
    "#e31a1c",
    "#b10026",
    "#67000d",
)
HEX_CLASS = "sem-hexagon"
#: The only columns an aggregated view needs.
AGGREGATE_COLUMNS = ("latitude", "longitude", "fatalities", "event_type", "actor1")
_R = 6378137.0  # Web Mercator sphere radius
_SQRT3 = math.sqrt(3.0)
#: Event types in the order of each cell's ``t`` counts.
TYPE_ORDER: tuple[str, ...] = tuple(t.value for t in EventType)
#: Most frequent actors named in a cell's tooltip.
TOP_ACTORS = 3
_BIND = JsCode(
    f"""
    function(feature, layer) {{
        var p = feature.properties, types = {json.dumps(TYPE_ORDER)};
        layer.setStyle(Object.assign(
            {{color: "#7f2704", weight: 0.5, opacity: 0.6, fillOpacity: 0.7,
              className: "{HEX_CLASS}"}}, p.style));
        var esc = function(s) {{
            return String(s).replace(/[&<>"']/g, function(c) {{
                return "&#" + c.charCodeAt(0) + ";"; }});
        }};
        var lines = ["<b>" + p.n.toLocaleString() + (p.n === 1 ? " event" : " events")
                     + ", " + p.f.toLocaleString() + " fatalities</b>"];
        (p.t || []).forEach(function(n, i) {{ if (n) lines.push(esc(types[i]) + ": " + n); }});
        if (p.a && p.a.length) {{
            lines.push("<i>Top actors</i>");
            p.a.forEach(function(a) {{ lines.push(esc(a[0]) + ": " + a[1]); }});
        }}
        lines.push("<small>Click to zoom in</small>");
        layer.bindTooltip(lines.join("<br>"), {{sticky: true}});
        // A click zooms into the cell; the map then sends its new view back to the app,
        // which counts the events inside it again, finer, or shows them one by one.
        layer.on("click", function(e) {{
            if (layer._map) {{ layer._map.fitBounds(layer.getBounds(), {{padding: [4, 4]}}); }}
        }});
    }}
    """
)


def should_aggregate(n_events: int, point_limit: int) -> bool:
    """Whether a view of ``n_events`` is drawn as hexagons rather than points."""
    return n_events > point_limit


def choose_cell_size(
    bounds: tuple[float, float, float, float], *, max_cells: int = MAX_CELLS
) -> float:
    """Return the hexagon size (metres, Web Mercator) for a view's extent.

    The smallest size of the ladder (1 km × √2^k) such that ``max_cells`` hexagons
    cover the extent ``(minx, miny, maxx, maxy)`` in degrees. A whole-Sahel view gets
    ~25 km hexagons, a region a few km.
    """
    minx, miny, maxx, maxy = bounds
    x0, y0 = _mercator(np.array([minx]), np.array([miny]))
    x1, y1 = _mercator(np.array([maxx]), np.array([maxy]))
    # one extra ring of cells around the extent, as the grid does not start at its edge
    for size in _LADDER_M:
        cols = (abs(float(x1[0] - x0[0])) / (_SQRT3 * size)) + 2
        rows = (abs(float(y1[0] - y0[0])) / (1.5 * size)) + 2
        if cols * rows <= max_cells:
            return size
    return _LADDER_M[-1]


def count_hexagons(gdf: pd.DataFrame, *, cell_m: float) -> pd.DataFrame:
    """Count events and sum fatalities per hexagon of size ``cell_m``.

    Returns
    -------
    DataFrame
        One row per non-empty cell: ``x``, ``y`` (centre, Web Mercator metres),
        ``events``, ``fatalities``; sorted by centre. With an ``event_type`` column in
        ``gdf`` also ``types`` (counts in :data:`TYPE_ORDER`), with ``actor1`` also
        ``actors`` (the cell's :data:`TOP_ACTORS` most frequent, with their counts).
    """
    if gdf.empty:
        return pd.DataFrame({"x": [], "y": [], "events": [], "fatalities": []})
    x, y = _mercator(gdf["longitude"].to_numpy(float), gdf["latitude"].to_numpy(float))
    w, h = _SQRT3 * cell_m, 3.0 * cell_m
    # nearest centre in each of the two offset rectangular lattices, then the nearer one
    i1, j1 = np.rint(x / w), np.rint(y / h)
    i2, j2 = np.rint(x / w - 0.5), np.rint(y / h - 0.5)
    d1 = (x - i1 * w) ** 2 + (y - j1 * h) ** 2
    d2 = (x - (i2 + 0.5) * w) ** 2 + (y - (j2 + 0.5) * h) ** 2
    second = d2 < d1
    cx = np.where(second, (i2 + 0.5) * w, i1 * w)
    cy = np.where(second, (j2 + 0.5) * h, j1 * h)
    # integer key on a half-cell lattice: unique per centre
    kx = np.rint(2 * cx / w).astype(np.int64)
    ky = np.rint(2 * cy / h).astype(np.int64)
    key = (kx << 32) + ky
    codes, uniques = pd.factorize(key, sort=True)
    n_cells = len(uniques)
    events = np.bincount(codes, minlength=n_cells)
    fatalities = np.bincount(codes, weights=gdf["fatalities"].to_numpy(float), minlength=n_cells)
    first = np.zeros(n_cells, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    cells = pd.DataFrame(
        {
            "x": cx[first],
            "y": cy[first],
            "events": events.astype(np.int64),
            "fatalities": fatalities.astype(np.int64),
        }
    )
    if "event_type" in gdf.columns:
        cells["types"] = _count_types(gdf["event_type"], codes, n_cells)
    if "actor1" in gdf.columns:
        cells["actors"] = _top_actors(gdf["actor1"], codes, n_cells)
    return cells


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return integer codes and the distinct values as text (a categorical's own codes)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), np.asarray(values.cat.categories.astype(str))
    codes, names = pd.factorize(values)
    return codes, np.asarray(pd.Index(names).astype(str))


def _count_types(types: pd.Series, codes: np.ndarray, n_cells: int) -> list[list[int]]:
    value_codes, names = _codes(types)
    # each distinct value's place in TYPE_ORDER (-1 for an unknown one)
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    lookup = np.array([order.get(str(n), -1) for n in names] + [-1], dtype=np.int64)
    type_codes = lookup[np.where(value_codes >= 0, value_codes, len(names))]
    known = type_codes >= 0
    flat = np.bincount(
        codes[known] * len(TYPE_ORDER) + type_codes[known], minlength=n_cells * len(TYPE_ORDER)
    )
    return flat.reshape(n_cells, len(TYPE_ORDER)).tolist()


def _top_actors(actors: pd.Series, codes: np.ndarray, n_cells: int) -> list[list[list[object]]]:
    """Return, per cell, ``[[actor, count], ...]`` of its most frequent actor1 values."""
    actor_codes, names = _codes(actors)
    named = np.flatnonzero(names != "")
    keep = np.isin(actor_codes, named)
    n_names = max(len(names), 1)
    pair = codes[keep].astype(np.int64) * n_names + actor_codes[keep]
    uniques, counts = np.unique(pair, return_counts=True)
    cells, actor = uniques // n_names, uniques % n_names
    # by cell, then most frequent first
    order = np.lexsort((-counts, cells))
    out: list[list[list[object]]] = [[] for _ in range(n_cells)]
    for i in order:
        bucket = out[int(cells[i])]
        if len(bucket) < TOP_ACTORS:
            bucket.append([str(names[actor[i]]), int(counts[i])])
    return out


def build_event_hexagons(
    gdf: pd.DataFrame,
    *,
    name: str = "Events (hexagons)",
    cell_m: float | None = None,
    max_cells: int = MAX_CELLS,
) -> folium.FeatureGroup:
    """Return the events counted in hexagons, coloured by count, as one GeoJson layer.

    Each hexagon carries only ``n`` (events), ``f`` (fatalities) and a ``style``
    property (its fill colour); styling and the tooltip are bound in the browser, so
    the page grows with the number of cells, never with the number of events.

    Parameters
    ----------
    gdf : DataFrame
        The (filtered) events, with ``latitude``, ``longitude``, ``fatalities``.
    name : str
        The layer's name in the layer control.
    cell_m : float, optional
        Hexagon size in metres; chosen from the extent of ``gdf`` by default
        (:func:`choose_cell_size`), and enlarged if more than ``max_cells`` are used.

    Example
    -------
    >>> group = build_event_hexagons(view)  # doctest: +SKIP
    >>> note = MapNote(aggregation_note(len(view), 3000))  # doctest: +SKIP
    >>> make_map([group], bounds, extras=[note])  # doctest: +SKIP
    """
    group = folium.FeatureGroup(name=name)
    if gdf.empty:
        return group
    if cell_m is None:
        lon, lat = gdf["longitude"].to_numpy(float), gdf["latitude"].to_numpy(float)
        cell_m = choose_cell_size((lon.min(), lat.min(), lon.max(), lat.max()), max_cells=max_cells)
    cells = count_hexagons(gdf, cell_m=cell_m)
    while len(cells) > max_cells:
        cell_m *= math.sqrt(2.0)
        cells = count_hexagons(gdf, cell_m=cell_m)
    folium.GeoJson(
        hexagon_features(cells, cell_m=cell_m),
        name=name,
        on_each_feature=_BIND,
        control=False,
    ).add_to(group)
    return group


def hexagon_features(cells: pd.DataFrame, *, cell_m: float) -> dict[str, object]:
    """Return the cells of :func:`count_hexagons` as a GeoJSON FeatureCollection (lon/lat)."""
    angles = np.radians(30.0 + 60.0 * np.arange(7))  # pointy-top, closed ring
    vx = cells["x"].to_numpy()[:, None] + cell_m * np.cos(angles)[None, :]
    vy = cells["y"].to_numpy()[:, None] + cell_m * np.sin(angles)[None, :]
    lon, lat = _lonlat(vx, vy)
    rings = np.round(np.stack([lon, lat], axis=-1), 4).tolist()
    colours = colour_for_counts(cells["events"].to_numpy())
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {"n": int(n), "f": int(f), "style": {"fillColor": c}},
        }
        for ring, n, f, c in zip(rings, cells["events"], cells["fatalities"], colours, strict=True)
    ]
    for key, column in (("t", "types"), ("a", "actors")):
        if column in cells.columns:
            for feature, value in zip(features, cells[column], strict=True):
                feature["properties"][key] = value  # type: ignore[index]
    return {"type": "FeatureCollection", "features": features}


def colour_for_counts(counts: np.ndarray) -> list[str]:
    """Return the class colour of each count (see :data:`COUNT_BREAKS`)."""
    classes = np.searchsorted(np.array(COUNT_BREAKS), counts, side="left")
    return [COUNT_COLOURS[int(k)] for k in classes]


def count_classes() -> list[tuple[str, str]]:
    """Return ``(label, colour)`` of each count class, for the legend ("4–10", "> 1,000")."""
    labels, low = [], 1
    for high in COUNT_BREAKS:
        labels.append(f"{low:,}" if low == high else f"{low:,}–{high:,}")
        low = high + 1
    labels.append(f"> {COUNT_BREAKS[-1]:,}")
    return list(zip(labels, COUNT_COLOURS, strict=True))


def aggregation_note(n_events: int, point_limit: int) -> str:
    """Return the note shown on an aggregated map (plain text)."""
    return (
        f"{n_events:,} events in view: shown as hexagons (counts), as there are more than "
        f"{point_limit:,}. Zoom in or click a hexagon to see individual events."
    )


class MapNote(MapControl):
    """A short text note in a corner of the map (escaped; no HTML from the caller)."""

    def __init__(self, text: str, *, position: str = "bottomleft") -> None:
        super().__init__(html.escape(text), position=position, css_class="sem-map-note")


def _mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lat = np.clip(lat, -85.0, 85.0)
    return _R * np.radians(lon), _R * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.degrees(x / _R), np.degrees(np.arctan(np.sinh(y / _R)))
