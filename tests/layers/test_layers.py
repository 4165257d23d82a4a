from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re

import pytest

import geopandas as gpd
from folium.utilities import normalize
from shapely.geometry import Point, box

from events.frame import to_frame
from events.model import EventType
from geo.boundaries import ATTRIBUTION_HTML, load_admin1, load_countries
from layers.base import BASEMAPS, LEAFLET_DIR, make_map
from layers.boundaries import build_admin1_layer, build_country_layer
from layers.legend import build_legend
from layers.points import build_event_points
from layers.popup import popup_html
from layers.style import AES_STYLE, EVENT_COLOURS, NEIGHBOUR_STYLE, colour_for
from tests.conftest import ROOT, make_event

XSS = "<img src=x onerror=alert(1)>"
CDNS = ("cdn.jsdelivr", "cdnjs", "code.jquery", "netdna", "unpkg.com", "bootstrapcdn")


def render(m) -> str:
    return m.get_root().render()


def geojson_payloads(page: str) -> list[dict]:
    """The data handed to each ``L.geoJson`` layer, decoded as the browser would."""
    decoder = json.JSONDecoder()
    out = []
    for match in re.finditer(r"geo_json_[0-9a-f]+_add\(\s*(?=\{)", page):
        data, _ = decoder.raw_decode(page, match.end())
        out.append(data)
    return out


def point_features(page: str) -> list[dict]:
    return [
        f
        for data in geojson_payloads(page)
        for f in data["features"]
        if f["geometry"] and f["geometry"]["type"] == "Point"
    ]


def control_html(page: str, css_class: str) -> str:
    """The innerHTML of the map control with ``css_class`` (a JSON string in the page)."""
    at = page.index(f'L.DomUtil.create("div", "{css_class}")')
    start = page.index("div.innerHTML = ", at) + len("div.innerHTML = ")
    text, _ = json.JSONDecoder().raw_decode(page, start)
    return text


@pytest.fixture(scope="module")
def boundaries():
    return load_countries(), load_admin1()


@pytest.fixture
def events_frame(seed_events, mixed_events):
    return to_frame(seed_events + mixed_events)


@pytest.fixture
def seed_page(seed_events):
    gdf = to_frame(seed_events)
    return render(make_map([build_event_points(gdf, name="Events")], None))


# ---------------------------------------------------------------------------
# Offline: vendored Leaflet, no CDN


def test_full_page_is_offline(boundaries, events_frame):
    countries, admin1 = boundaries
    m = make_map(
        [
            build_country_layer(countries),
            build_admin1_layer(admin1),
            build_event_points(events_frame, name="Events"),
        ],
        None,
        attribution=ATTRIBUTION_HTML,
        extras=[build_legend(EVENT_COLOURS, basemap_label=BASEMAPS["none"])],
    )
    page = normalize(render(m))
    assert f'<script src="{LEAFLET_DIR}/leaflet.js"></script>' in page
    assert f'href="{LEAFLET_DIR}/leaflet.css"' in page
    for cdn in CDNS:
        assert cdn not in page, cdn
    external = re.findall(r"""(?:src|href)=["'](?:https?:)?//[^"']+["']""", page)
    assert [u for u in external if "naturalearthdata" not in u and "humdata" not in u] == []
    assert "tile.openstreetmap" not in page  # no basemap by default


def test_vendored_leaflet_exists():
    path = ROOT / "static" / LEAFLET_DIR.removeprefix("/app/static/") / "leaflet.js"
    assert path.is_file()
    assert path.stat().st_size > 100_000


def test_osm_basemap_is_opt_in_and_still_no_cdn():
    page = normalize(render(make_map([], None, basemap="osm")))
    assert "tile.openstreetmap.org" in page
    for cdn in CDNS:
        assert cdn not in page, cdn


def test_unknown_basemap_named():
    with pytest.raises(ValueError, match="'google'"):
        make_map([], None, basemap="google")


def test_layer_control_added_last(events_frame):
    page = normalize(render(make_map([build_event_points(events_frame, name="Events")], None)))
    control = page.index("L.control.layers")
    last_group = max(m.end() for m in re.finditer(r"feature_group_[0-9a-f]+\.addTo\(map_", page))
    assert control > last_group


def test_fit_bounds(events_frame):
    page = normalize(render(make_map([], [[12.5, -8.0], [14.2, 1.45]])))
    assert "fitBounds([[12.5,-8.0],[14.2,1.45]]" in page


# ---------------------------------------------------------------------------
# Event points


def test_one_marker_per_place_reaching_every_event(events_frame):
    page = render(make_map([build_event_points(events_frame, name="Events")], None))
    features = point_features(page)
    got = {
        event_id: tuple(f["geometry"]["coordinates"])
        for f in features
        for event_id in f["properties"]["ids"]
    }
    want = dict(
        zip(
            events_frame["event_id"],
            zip(events_frame["longitude"], events_frame["latitude"], strict=True),
            strict=True,
        )
    )
    assert got == want
    places = set(zip(events_frame["longitude"], events_frame["latitude"], strict=True))
    assert len(features) == len(places)


def test_colocated_events_share_a_popup_listing_each(seed_events):
    one, two = seed_events
    twin = dataclasses.replace(
        two, event_id="twin-at-airport", latitude=one.latitude, longitude=one.longitude
    )
    page = render(make_map([build_event_points(to_frame([one, twin]), name="Events")], None))
    (feature,) = point_features(page)
    assert feature["properties"]["ids"] == [one.event_id, "twin-at-airport"]
    assert feature["properties"]["count"] == 2
    popup = feature["properties"]["popup"]
    assert "2 events at this place" in popup
    assert one.event_id in popup
    assert "twin-at-airport" in popup


def test_points_coloured_by_event_type(events_frame):
    page = render(make_map([build_event_points(events_frame, name="Events")], None))
    colours = {
        f["properties"]["event_id"]: f["properties"]["colour"]
        for f in point_features(page)
        if f["properties"]["count"] == 1
    }
    assert len(set(colours.values())) >= 3
    for event_id, event_type in zip(
        events_frame["event_id"], events_frame["event_type"], strict=True
    ):
        assert (
            colours.get(event_id, EVENT_COLOURS[str(event_type)]) == EVENT_COLOURS[str(event_type)]
        )
    assert len(set(EVENT_COLOURS.values())) == 6


def test_class_names(seed_page):
    page = normalize(seed_page)
    assert 'className: "sem-event"' in page
    assert re.search(r'className"?:\s*"sem-uncertainty"', page)
    assert "L.circleMarker(latlng" in page


def test_dates_are_iso_in_tooltip(seed_page):
    tips = [f["properties"]["tooltip"] for f in point_features(seed_page)]
    assert all(t.startswith("2024-09-17 · Battles · ") for t in tips)


@pytest.mark.parametrize("column", ["notes", "location", "actor1", "actor2", "site", "source"])
def test_popup_escapes_markup(column):
    ev = make_event(**{column: XSS})
    page = render(make_map([build_event_points(to_frame([ev]), name="Events")], None))
    (feature,) = point_features(page)
    popup = feature["properties"]["popup"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "<img" not in popup
    assert "<img" not in feature["properties"]["tooltip"]
    assert "<img src=x" not in page


def test_popup_escapes_everything_at_once():
    ev = make_event(notes=XSS, location=XSS, actor1=XSS)
    popup = point_features(render(make_map([build_event_points(to_frame([ev]))], None)))[0][
        "properties"
    ]["popup"]
    assert popup.count("&lt;img src=x onerror=alert(1)&gt;") == 3
    assert "<img" not in popup


def test_popup_escapes_evidence_quotes():
    from events.model import Evidence

    ev = make_event(evidence={"notes": (Evidence(XSS, 0, len(XSS)),)}, notes="x")
    popup = popup_html(to_frame([ev]).drop(columns="geometry").iloc[0].to_dict())
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    assert "<img" not in popup


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=1&c='x'", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_popup_source_link(url, linked):
    popup = popup_html(to_frame([make_event(source_url=url)]).iloc[0].to_dict())
    assert ("href=" in popup) is linked
    assert "javascript:" not in popup
    assert "<script" not in popup
    if linked:
        assert "href='https://example.org/a?b=1&amp;c=&#x27;x&#x27;'" in popup


def test_arabic_quote_right_to_left(seed_page):
    popups = {
        f["properties"]["event_id"]: f["properties"]["popup"] for f in point_features(seed_page)
    }
    airport = popups["seed-000-airport"]
    assert "<q class='sem-quote' dir='rtl' lang='ar'>باماكو</q>" in airport
    assert "وأعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن الهجوم" in airport
    school = popups["seed-000-gendarmerie-school"]
    assert "dir='rtl' lang='ar'>مركز تدريب وتعليم الدرك</q>" in school


def test_popup_details(seed_page):
    popups = {
        f["properties"]["event_id"]: f["properties"]["popup"] for f in point_features(seed_page)
    }
    airport = popups["seed-000-airport"]
    for fragment in (
        "<th>Date</th><td dir='auto'>2024-09-17 (exact day)</td>",
        "<th>Actor 1</th><td dir='auto'>JNIM</td>",
        "<th>Actor 2</th><td dir='auto'>Military Forces of Mali</td>",
        "Wagner Group",
        "Battles / Armed clash",
        "24–99 (best 24)",
        "Bamako, Bamako, Mali",
        "Modibo Keïta International Airport",
        "12.537778, -7.943056",
        "±1.5 km",
        "Agenzia Fides (Arabic)",
    ):
        assert fragment in airport, fragment
    assert "at least 1 (best 1)" in popups["seed-000-gendarmerie-school"]
    # the summary first, the evidence folded below it
    assert airport.index("Fatalities") < airport.index("<details class='sem-evidence-box'>")
    assert "<details class='sem-evidence-box' open" not in airport


def test_popup_gives_the_whole_source_and_the_date_precision():
    source = "Agence X, " + "long report title " * 30
    gdf = to_frame([make_event(source=source, time_precision=2)])
    page = render(make_map([build_event_points(gdf, name="Events")], None))
    (feature,) = point_features(page)
    popup = feature["properties"]["popup"]
    assert source.strip() in popup
    assert "2024-09-17 (within a week)" in popup


def test_empty_frame_gives_empty_group():
    group = build_event_points(to_frame([]), name="Events")
    assert group.layer_name == "Events"
    assert list(group._children) == []
    page = render(make_map([group], None))
    assert geojson_payloads(page) == []
    assert "sem-event" not in page


@pytest.mark.parametrize("builder", [build_country_layer, build_admin1_layer])
def test_empty_boundaries_give_empty_group(builder):
    empty = gpd.GeoDataFrame(
        {"name": [], "aes": [], "admin1": [], "country": []}, geometry=[], crs=4326
    )
    assert list(builder(empty)._children) == []


def test_builders_do_not_mutate_input(events_frame):
    before = events_frame.copy()
    build_event_points(events_frame, name="Events")
    assert events_frame.equals(before)
    assert str(events_frame["event_date"].dtype).startswith("datetime64")


# ---------------------------------------------------------------------------
# Uncertainty circles

#: Leaflet's L.circle takes its radius in metres on a sphere of this radius (L.CRS.Earth.R).
LEAFLET_EARTH_R = 6371000.0


def drawn_radius_m(lon: float, lat: float, radius_m: float) -> float:
    """The radius Leaflet draws for ``L.circle(latlng, {radius: radius_m})``, measured in UTM.

    Leaflet puts the circle's northern edge ``radius / R`` radians north of the centre;
    the distance is then measured in the local UTM zone, a metric CRS.
    """
    north = lat + math.degrees(radius_m / LEAFLET_EARTH_R)
    pts = gpd.GeoSeries([Point(lon, lat), Point(lon, north)], crs=4326)
    utm = pts.to_crs(pts.estimate_utm_crs())
    return float(utm.iloc[0].distance(utm.iloc[1]))


def test_uncertainty_is_a_metric_circle(seed_page):
    page = normalize(seed_page)
    # a metric L.circle, sized by the feature's radius_m, not a pixel-sized circleMarker
    assert re.search(r"L\.circle\(latlng,\s*\{\s*radius:\s*p\.radius_m", page)


def test_uncertainty_radius_in_page(seed_events):
    page = render(make_map([build_event_points(to_frame(seed_events), name="Events")], None))
    features = {f["properties"]["event_id"]: f for f in point_features(page)}
    assert len(features) == len(seed_events)
    for ev in seed_events:
        props = features[ev.event_id]["properties"]
        assert ev.uncertainty_m == 1500
        assert props["radius_m"] == pytest.approx(ev.uncertainty_m, rel=0.02)
        drawn = drawn_radius_m(ev.longitude, ev.latitude, props["radius_m"])
        assert drawn == pytest.approx(ev.uncertainty_m, rel=0.02)


@pytest.mark.parametrize("lat", [0.0, 12.54, 25.0])
@pytest.mark.parametrize("radius", [100.0, 1500.0, 25_000.0])
def test_uncertainty_radius_any_latitude(lat, radius):
    gdf = to_frame([make_event(latitude=lat, longitude=-7.9, uncertainty_m=radius)])
    page = render(make_map([build_event_points(gdf, name="Events")], None))
    (feature,) = point_features(page)
    drawn = drawn_radius_m(-7.9, lat, feature["properties"]["radius_m"])
    assert drawn == pytest.approx(radius, rel=0.02)


def test_no_uncertainty_no_circle():
    gdf = to_frame(
        [
            make_event(uncertainty_m=0.0),
            make_event(event_id="b", latitude=13.0, uncertainty_m=800.0),
        ]
    )
    page = render(make_map([build_event_points(gdf, name="Events")], None))
    radii = {f["properties"]["event_id"]: f["properties"]["radius_m"] for f in point_features(page)}
    assert radii == {"ev-1": 0, "b": 800}
    # the browser draws a circle only for a positive radius
    assert "if (!(p.radius_m > 0)) { return marker; }" in page


def test_filtered_view_keeps_its_circles(mixed_events, seed_events):
    # filter_events keeps the frame's index: the seeds are rows 5 and 6 of this view
    from events.frame import EventFilter, filter_events

    gdf = to_frame(mixed_events + seed_events)
    view = filter_events(gdf, EventFilter(start=dt.date(2024, 9, 17), admin1=("Bamako",)))
    assert list(view.index) == [0, 1, 5, 6]  # a, b (no uncertainty), the two seeds
    page = render(make_map([build_event_points(view, name="Events")], None))
    radii = {
        i: f["properties"]["radius_m"] for f in point_features(page) for i in f["properties"]["ids"]
    }
    seeds = {"seed-000-airport": 1500, "seed-000-gendarmerie-school": 1500}
    assert radii == {"a": 0, "b": 0, **seeds}
    positions = {
        f["properties"]["event_id"]: tuple(f["geometry"]["coordinates"])
        for f in point_features(page)
    }
    assert positions["seed-000-airport"] == (-7.943056, 12.537778)


# ---------------------------------------------------------------------------
# Boundaries and legend


@pytest.fixture
def two_countries():
    return gpd.GeoDataFrame(
        {"name": ["Neighbourland", "Mali"], "aes": [False, True]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=4326,
    )


def styles_by_feature(page: str) -> dict[str, dict]:
    """Map feature id -> style from the rendered style switch (``default`` for the rest)."""
    page = normalize(page)
    body = re.search(r"_styler\(feature\)\s*\{switch\(feature\.id\)\s*\{(.*?)\}\}", page)
    assert body, "no style switch in the page"
    styles = {}
    for keys, style in re.findall(
        r'((?:case "[^"]+":\s*)+|default:)return (\{.*?\});', body.group(1)
    ):
        for key in re.findall(r'case "([^"]+)":', keys) or ["default"]:
            styles[key] = json.loads(style)
    return styles


def test_aes_countries_styled_differently(two_countries):
    page = render(make_map([build_country_layer(two_countries)], None))
    (data,) = geojson_payloads(page)
    ids = {f["properties"]["aes"]: f["id"] for f in data["features"]}
    styles = styles_by_feature(page)
    assert styles.get(ids[True], styles.get("default")) == AES_STYLE
    assert styles.get(ids[False], styles.get("default")) == NEIGHBOUR_STYLE
    assert AES_STYLE["color"] != NEIGHBOUR_STYLE["color"]
    assert AES_STYLE["fillColor"] != NEIGHBOUR_STYLE["fillColor"]
    labels = {f["properties"]["aes"]: f["properties"]["label"] for f in data["features"]}
    assert labels == {True: "Mali (Alliance of Sahel States)", False: "Neighbourland"}


def test_country_labels_escaped():
    countries = gpd.GeoDataFrame(
        {"name": [XSS], "aes": [False]}, geometry=[box(0, 0, 1, 1)], crs=4326
    )
    (data,) = geojson_payloads(render(make_map([build_country_layer(countries)], None)))
    assert data["features"][0]["properties"]["label"] == "&lt;img src=x onerror=alert(1)&gt;"


def test_real_countries_aes_highlighted(boundaries):
    countries, _ = boundaries
    page = render(make_map([build_country_layer(countries)], None))
    (data,) = geojson_payloads(page)
    styles = styles_by_feature(page)
    aes = {f["properties"]["label"] for f in data["features"] if f["properties"]["aes"]}
    assert {label.split(" (")[0] for label in aes} >= {"Mali", "Burkina Faso", "Niger"}
    for f in data["features"]:
        style = styles.get(f["id"], styles.get("default"))
        assert style == (AES_STYLE if f["properties"]["aes"] else NEIGHBOUR_STYLE)


def test_admin1_names_on_hover():
    admin1 = gpd.GeoDataFrame(
        {"admin1": ["Bamako", "Tillabéri"], "country": ["Mali", "Niger"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
        crs=4326,
    )
    page = render(make_map([build_admin1_layer(admin1)], None))
    (data,) = geojson_payloads(page)
    assert [f["properties"]["label"] for f in data["features"]] == [
        "Bamako, Mali",
        "Tillabéri, Niger",
    ]
    assert "L.tooltip" in page or "bindTooltip" in page


def test_legend_lists_all_six_event_types():
    legend = build_legend(EVENT_COLOURS, basemap_label=BASEMAPS["none"])
    page = render(make_map([], None, extras=[legend]))
    html = control_html(page, "sem-legend")
    for event_type in EventType:
        colour = colour_for(event_type.value)
        assert f"background:{colour};" in html
        assert re.search(
            rf"background:{colour};[^>]*></span>{re.escape(event_type.value)}</div>", html
        )
    assert html.count("width:11px;height:11px;border-radius:50%") == 6
    assert "Alliance of Sahel States" in html
    assert "Neighbouring country" in html
    assert AES_STYLE["fillColor"] in html
    assert NEIGHBOUR_STYLE["fillColor"] in html
    assert BASEMAPS["none"] in html


def test_attribution_on_map():
    page = render(make_map([], None, attribution=ATTRIBUTION_HTML))
    assert "attributionControl.addAttribution(" in page
    assert json.dumps(ATTRIBUTION_HTML)[1:30] in page or "Natural Earth" in page
