"""The offline basemap in the rendered page: place names, lakes, light and dark styles."""

from __future__ import annotations

import json
import re

import pytest

from folium.utilities import normalize

from geo.basemap import TIER_MIN_ZOOM, MapLabel, load_lakes, load_map_labels, load_rivers
from layers.base import BASEMAPS, WATER_ATTRIBUTION, make_map
from layers.basemap import DARK, LABELS_Z, LAKES_Z, LIGHT, STYLES
from layers.style import ADMIN1_STYLE, AES_STYLE, NEIGHBOUR_STYLE

#: Leaflet 1.9.4's own pane z-indexes (leaflet.css): overlays 400, markers 600.
OVERLAY_PANE_Z, MARKER_PANE_Z = 400, 600
XSS = "<img src=x onerror=alert(1)>"


def render(m) -> str:
    return m.get_root().render()


def label_rows(page: str) -> list[list]:
    """The ``[lat, lon, name, tier, always]`` rows handed to the label layer, decoded."""
    match = re.search(r"var minZoom = (\{.*?\});.*?var markers = (\[\[.*?\]\])\.map", page, re.S)
    assert match, "no label layer in the page"
    assert json.loads(match[1]) == TIER_MIN_ZOOM
    return json.loads(match[2])


def test_default_map_names_every_committed_place_in_rank_order():
    rows = label_rows(render(make_map([], None)))
    labels = load_map_labels()
    assert [r[2] for r in rows] == [lb.name.replace("'", "&#x27;") for lb in labels]
    assert {"Bamako", "Niamey", "Ouagadougou", "Gao", "Mopti", "Timbuktu"} <= {r[2] for r in rows}
    tiers = [r[3] for r in rows]
    assert tiers[:3] == ["capital"] * 3
    always = {r[2] for r in rows if r[4]}
    assert always == {"Bamako", "Niamey", "Ouagadougou"}  # never hidden by another name


def test_labels_are_a_layer_of_the_control_and_can_be_left_out():
    page = normalize(render(make_map([], None)))
    assert '"Place names"' in page
    assert "var minZoom" not in render(make_map([], None, labels=()))


def test_labels_sit_between_overlays_and_markers_without_catching_clicks():
    assert OVERLAY_PANE_Z < LABELS_Z < MARKER_PANE_Z
    page = normalize(render(make_map([], None)))
    assert f"pane.style.zIndex = {LABELS_Z}" in page
    assert 'pane.style.pointerEvents = "none"' in page
    assert "interactive: false" in page
    assert "pointer-events: none !important" in page


def test_label_names_are_escaped():
    hostile = MapLabel("x:1", f"Kalaban {XSS}", "capital", 12.6, -8.0, "MLI")
    page = render(make_map([], None, labels=[hostile]))
    assert XSS not in page
    assert label_rows(page)[0][2] == "Kalaban &lt;img src=x onerror=alert(1)&gt;"


def water_payloads(page: str) -> list[dict]:
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(page, m.end())[0] for m in re.finditer(r"L\.geoJSON\(", page)]


def test_lakes_and_rivers_drawn_beneath_the_boundaries_and_inert():
    assert LAKES_Z < OVERLAY_PANE_Z
    page = render(make_map([], None))
    assert water_payloads(page) == [load_rivers(), load_lakes()]
    assert f"pane.style.zIndex = {LAKES_Z}" in page
    assert "interactive: false" in page
    assert WATER_ATTRIBUTION in page  # credited in the map's attribution
    dry = render(make_map([], None, water=False))
    assert "L.geoJSON(" not in dry
    assert WATER_ATTRIBUTION not in dry


@pytest.mark.parametrize("basemap", ["none", "dark"])
def test_offline_styles_fetch_nothing(basemap):
    page = render(make_map([], None, basemap=basemap))
    assert "tile.openstreetmap" not in page
    assert "@font-face" not in page
    assert "@import" not in page
    assert "var minZoom" in page
    assert "L.geoJSON(" in page


def test_tiles_carry_their_own_names():
    page = render(make_map([], None, basemap="osm"))
    assert "tile.openstreetmap.org" in page
    assert "var minZoom" not in page
    assert "L.geoJSON(" not in page


def test_every_basemap_is_labelled_and_offline_ones_say_so():
    assert set(STYLES) | {"osm"} == set(BASEMAPS)
    for key in STYLES:
        assert "offline" in BASEMAPS[key].lower()
    assert "internet" in BASEMAPS["osm"].lower()


def test_background_follows_the_style():
    light = normalize(render(make_map([], None, basemap="none")))
    dark = normalize(render(make_map([], None, basemap="dark")))
    assert f".leaflet-container {{ background: {LIGHT.background}; }}" in light
    assert f".leaflet-container {{ background: {DARK.background}; }}" in dark
    assert LIGHT.background != DARK.background


def test_dark_style_recolours_the_boundaries_and_the_names():
    dark = normalize(render(make_map([], None, basemap="dark")))
    for colour in (AES_STYLE["fillColor"], NEIGHBOUR_STYLE["fillColor"]):
        assert f'path[fill="{colour}" i]' in dark
    for colour in (AES_STYLE["color"], NEIGHBOUR_STYLE["color"], ADMIN1_STYLE["color"]):
        assert f'path[stroke="{colour}" i]' in dark
    assert f"color: {DARK.label_text}" in dark
    assert f"0 0 2px {DARK.label_halo}" in dark
    light = normalize(render(make_map([], None, basemap="none")))
    assert "path[fill=" not in light
    assert f"color: {LIGHT.label_text}" in light


def test_basemap_adds_a_small_payload():
    bare = len(render(make_map([], None, labels=(), water=False)))
    full = len(render(make_map([], None)))
    assert 0 < full - bare < 150_000  # about 105 kB: names, lakes, rivers; no tiles
