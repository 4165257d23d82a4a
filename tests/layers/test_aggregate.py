"""Hexagon aggregation: exact counts, bounded size, payload independent of N."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import shapely
from folium.utilities import normalize

from layers.aggregate import (
    COUNT_COLOURS,
    MAX_CELLS,
    MapNote,
    aggregation_note,
    build_event_hexagons,
    choose_cell_size,
    colour_for_counts,
    count_hexagons,
    hexagon_features,
    should_aggregate,
)
from layers.base import make_map

SAHEL = (-17.0, 9.0, 24.0, 24.0)


def events(n, *, seed=0, bounds=SAHEL):
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = bounds
    return pd.DataFrame(
        {
            "longitude": rng.uniform(minx, maxx, n),
            "latitude": rng.uniform(miny, maxy, n),
            "fatalities": rng.integers(0, 10, n),
        }
    )


def test_counts_and_fatalities_are_exact():
    df = events(20_000)
    cells = count_hexagons(df, cell_m=25_000)
    assert cells["events"].sum() == 20_000
    assert cells["fatalities"].sum() == df["fatalities"].sum()
    assert not cells.duplicated(["x", "y"]).any()


def test_each_event_falls_in_its_own_hexagon():
    df = events(3_000, bounds=(-8.5, 12.0, -7.5, 13.0))
    cell_m = 5_000.0
    cells = count_hexagons(df, cell_m=cell_m)
    hexes = shapely.polygons(
        [
            ring
            for f in hexagon_features(cells, cell_m=cell_m)["features"]
            for ring in f["geometry"]["coordinates"]
        ]
    )
    tree = shapely.STRtree(hexes)
    pts = shapely.points(df["longitude"], df["latitude"])
    hits = np.zeros(len(hexes), dtype=int)
    pt_idx, hex_idx = tree.query(pts, predicate="intersects")
    # a point on a shared edge may touch two hexagons: count it once, in the nearer
    first = pd.Series(hex_idx).groupby(pt_idx).first()
    np.add.at(hits, first.to_numpy(), 1)
    assert len(first) == len(df)
    assert hits.tolist() == cells["events"].tolist()


def test_cell_size_follows_the_view():
    sahel = choose_cell_size(SAHEL)
    region = choose_cell_size((-4.5, 13.5, -2.5, 15.5))
    city = choose_cell_size((-8.1, 12.5, -7.9, 12.7))
    assert sahel > region > city
    assert city == 1000.0


@pytest.mark.parametrize("bounds", [SAHEL, (-4.5, 13.5, -2.5, 15.5), (-8.1, 12.5, -7.9, 12.7)])
def test_cell_count_is_bounded_by_max_cells(bounds):
    df = events(200_000, bounds=bounds)
    cells = count_hexagons(df, cell_m=choose_cell_size(bounds))
    assert len(cells) <= MAX_CELLS


def test_payload_does_not_grow_with_events():
    sizes = []
    for n in (20_000, 400_000):
        page = make_map([build_event_hexagons(events(n))]).get_root().render()
        sizes.append(len(page.encode()))
    assert max(sizes) < 2_000_000
    assert sizes[1] < sizes[0] * 1.2  # bounded by cells, not by N


def test_layer_has_only_needed_fields_and_no_style_function():
    df = events(50)
    group = build_event_hexagons(df, name="Hexagons", cell_m=200_000)
    out = normalize(make_map([group]).get_root().render())
    assert '"properties": {"f": ' in out
    assert '"style": {"fillColor": "#' in out
    assert "_styler" not in out  # styled in the browser from the property
    assert "latitude" not in out
    assert "event_id" not in out


def test_max_cells_coarsens_the_grid():
    df = events(10_000)
    group = build_event_hexagons(df, cell_m=1000.0, max_cells=200)
    geojson = next(c for c in group._children.values() if hasattr(c, "data"))
    features = geojson.data["features"]
    assert 0 < len(features) <= 200
    assert sum(f["properties"]["n"] for f in features) == 10_000


def test_empty_view_gives_empty_group():
    group = build_event_hexagons(events(0), name="Hexagons")
    assert not group._children


def test_colour_classes():
    assert colour_for_counts(np.array([1, 2, 3, 4, 1000, 1001])) == [
        COUNT_COLOURS[0],
        COUNT_COLOURS[1],
        COUNT_COLOURS[1],
        COUNT_COLOURS[2],
        COUNT_COLOURS[6],
        COUNT_COLOURS[7],
    ]


def test_switch_and_note():
    assert should_aggregate(3001, 3000)
    assert not should_aggregate(3000, 3000)
    note = aggregation_note(1_000_000, 3000)
    assert "1,000,000 events" in note
    assert "3,000" in note
    assert "Zoom in" in note
    m = make_map([], extras=[MapNote("<b>x</b> & y")])
    out = m.get_root().render()
    assert r'"\u0026lt;b\u0026gt;x\u0026lt;/b\u0026gt; \u0026amp; y"' in out
    assert "<b>x</b>" not in out


def test_sizes_come_from_the_ladder_and_grow_with_the_view():
    sizes = [choose_cell_size((0.0, 10.0, w, 10.0 + w)) for w in (0.1, 1, 5, 20)]
    assert sizes == sorted(sizes)
    steps = [math.log(s / 1000.0, math.sqrt(2)) for s in sizes]
    assert all(abs(k - round(k)) < 1e-9 for k in steps)
