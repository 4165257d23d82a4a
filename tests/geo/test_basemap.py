"""Which places the offline map names, from which zoom; the committed labels and lakes."""

from __future__ import annotations

import pytest

from geo.basemap import (
    DEFAULT_LABELS,
    TIER_MIN_ZOOM,
    TIERS,
    MapLabel,
    load_lakes,
    load_map_labels,
    load_rivers,
    rank_place,
    read_map_labels,
    select_map_labels,
    write_map_labels,
)
from geo.gazetteer import load_gazetteer
from geo.place import GeocodingError, Place


def town(place_id: str, name: str, lat: float, lon: float, pop: int, iso3: str = "MLI") -> Place:
    return Place(place_id, name, "town", lat, lon, 2000, 1, iso3, population=pop)


@pytest.mark.parametrize(
    ("code", "population", "local", "expected"),
    [
        ("PPLC", 10, False, "capital"),
        ("PPLA", 10, False, "regional"),
        ("PPLA2", 10, False, "town"),
        ("PPL", 30_000, False, "town"),
        ("PPL", 29_999, False, None),
        ("PPL", 29_999, True, "local"),
        ("", 0, True, "local"),
    ],
)
def test_rank_place(code, population, local, expected):
    assert rank_place(code, population, local=local) == expected


def test_tiers_show_from_increasing_zooms():
    zooms = [TIER_MIN_ZOOM[t] for t in TIERS]
    assert zooms == sorted(zooms)
    assert len(set(zooms)) == len(zooms)
    assert TIER_MIN_ZOOM["capital"] == 0  # capitals at every zoom
    assert 4 <= TIER_MIN_ZOOM["regional"] <= 6
    assert 7 <= TIER_MIN_ZOOM["town"] <= 8


def test_select_orders_by_tier_then_population_and_thins_suburbs():
    places = [
        town("gn:3", "Suburb", 12.65, -7.95, 90_000),  # ~3 km from the capital
        town("gn:4", "Far town", 13.5, -6.0, 40_000),
        town("gn:1", "Capital", 12.64, -7.98, 1_000_000),
        town("gn:2", "Seat", 14.0, -4.0, 50_000),
        town("gn:5", "Village", 13.0, -5.0, 600),
        town("gn:6", "Abroad", 10.0, -3.0, 600, iso3="CIV"),
        Place("region:x", "Region", "region", 14.0, -4.0, 1e5, 3, "MLI"),
    ]
    codes = {"gn:1": "PPLC", "gn:2": "PPLA", "gn:3": "PPL"}
    got = select_map_labels(places, codes)
    assert [(lb.name, lb.tier) for lb in got] == [
        ("Capital", "capital"),
        ("Seat", "regional"),
        ("Far town", "town"),
        ("Village", "local"),
    ]
    assert [lb.min_zoom for lb in got] == sorted(lb.min_zoom for lb in got)


def test_label_csv_round_trip(tmp_path):
    labels = [
        MapLabel("gn:1", "Tombouctou", "regional", 16.77348, -3.00742, "MLI", 84_208),
        MapLabel("gn:2", "N'Djamena", "capital", 12.10672, 15.0444, "TCD", 0),
    ]
    path = tmp_path / "labels.csv"
    write_map_labels(labels, path)
    assert read_map_labels(path) == labels


def test_bad_label_file_named_with_line(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "place_id,name,tier,latitude,longitude,iso3,population\n"
        "gn:1,Gao,regional,16.27,-0.04,MLI,1\n"
        "gn:2,Kidal,hamlet,18.44,1.41,MLI,1\n"
    )
    with pytest.raises(GeocodingError, match=r"labels\.csv, line 3: .*'hamlet'"):
        read_map_labels(path)


def test_committed_labels_name_the_capitals_and_regional_seats():
    labels: dict[str, MapLabel] = {}
    for lb in load_map_labels():
        labels.setdefault(lb.name, lb)  # a village may share a town's name
    for name in ("Bamako", "Niamey", "Ouagadougou"):
        assert labels[name].tier == "capital"
    for name in ("Gao", "Mopti", "Timbuktu", "Kidal", "Ménaka", "Dori", "Agadez", "Tillabéri"):
        assert labels[name].tier == "regional"
    assert labels["Djibo"].tier == "town"
    assert 100 <= len(labels) <= 500  # a few hundred names: a small page


def test_committed_labels_are_the_gazetteers_places():
    gaz = load_gazetteer(villages=False)
    ids = {p.place_id for p in gaz.places}
    from_gazetteer = [lb for lb in load_map_labels() if lb.place_id in ids]
    assert len(from_gazetteer) >= len(load_map_labels()) - 20  # only capitals abroad added
    for lb in from_gazetteer:
        place = gaz.site(lb.place_id)
        assert (place.name, place.iso3) == (lb.name, lb.iso3)
        assert (lb.latitude, lb.longitude) == pytest.approx((place.latitude, place.longitude))
    abroad = [lb for lb in load_map_labels() if lb.place_id not in ids]
    assert {lb.tier for lb in abroad} == {"capital"}
    assert {"Dakar", "Nouakchott", "N'Djamena", "Abuja"} <= {lb.name for lb in abroad}


def test_committed_labels_file_is_ranked():
    labels = read_map_labels(DEFAULT_LABELS)
    order = [TIERS.index(lb.tier) for lb in labels]
    assert order == sorted(order)  # most important first: the map places them first


def test_committed_lakes_are_small_polygons_in_the_region():
    lakes = load_lakes()
    assert lakes["type"] == "FeatureCollection"
    assert len(lakes["features"]) >= 2
    for feature in lakes["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # Lake Chad (about 14.5 E, 13 N) and Lac Débo in Mali (about 4 W, 15.3 N)
    from shapely.geometry import Point, shape

    shapes = [shape(f["geometry"]) for f in lakes["features"]]
    for lon, lat in ((14.5, 13.0), (-4.1, 15.3)):
        assert any(s.distance(Point(lon, lat)) < 0.2 for s in shapes)
    assert DEFAULT_LABELS.with_name("lakes.geojson").stat().st_size < 40_000


def test_committed_rivers_include_the_niger_at_bamako_and_niamey():
    from shapely.geometry import Point, shape

    rivers = [shape(f["geometry"]) for f in load_rivers()["features"]]
    assert rivers
    assert {r.geom_type for r in rivers} <= {"LineString", "MultiLineString"}
    for lon, lat in ((-7.99, 12.62), (2.10, 13.50)):  # the Niger at Bamako and Niamey
        assert any(r.distance(Point(lon, lat)) < 0.1 for r in rivers)
    assert DEFAULT_LABELS.with_name("rivers.geojson").stat().st_size < 80_000
