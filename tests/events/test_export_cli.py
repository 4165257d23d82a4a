from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

import geopandas as gpd
from pyproj import Geod

from events.cli import main
from events.frame import COLUMNS, EventFilter, event_to_row, filter_events, to_frame
from events.io.store import open_store
from tests.conftest import make_event, mixed_event_list

GEOD = Geod(ellps="WGS84")
AIRPORT = (12.537778, -7.943056)
SCHOOL = (12.5925, -7.953)


def distance_m(lon: float, lat: float, ref: tuple[float, float]) -> float:
    return GEOD.inv(lon, lat, ref[1], ref[0])[2]


@pytest.fixture
def seed_store(tmp_path, seed_events):
    store = open_store(tmp_path / "seeds.gpkg")
    store.write(seed_events)
    return store


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory, seed_events):
    # read-only for the tests that use it: built once per module
    store = open_store(tmp_path_factory.mktemp("mixed") / "mixed.gpkg")
    store.write(seed_events + mixed_event_list())
    return store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_geojson_prints_the_seed_events(capsys, seed_store):
    code, out, _ = run(capsys, "export", "--format", "geojson", "--store", str(seed_store.path))
    assert code == 0
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection"
    features = doc["features"]
    assert len(features) == 2
    for f in features:
        props = f["properties"]
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert (lon, lat) == (props["longitude"], props["latitude"])
        assert props["event_date"] == "2024-09-17"
        assert props["actor1"] == "JNIM"
        assert props["admin1"] == "Bamako"
    positions = [f["geometry"]["coordinates"] for f in features]
    near_airport = [p for p in positions if distance_m(*p, AIRPORT) <= 1500]
    near_school = [p for p in positions if distance_m(*p, SCHOOL) <= 2000]
    assert len(near_airport) == 1
    assert len(near_school) == 1
    assert near_airport != near_school
    incidents = {f["properties"]["incident_id"] for f in features}
    assert len(incidents) == 1
    assert "" not in incidents


def test_export_geojson_keeps_evidence_as_objects(capsys, seed_store, seed_events):
    _, out, _ = run(capsys, "export", "--format", "geojson", "--store", str(seed_store.path))
    features = {f["id"]: f for f in json.loads(out)["features"]}
    airport = features["seed-000-airport"]["properties"]
    assert airport["evidence"]["admin1"] == [{"quote": "باماكو", "start": 0, "end": 6}]
    assert "باماكو" in out  # not \u-escaped
    assert airport["fatalities_high"] == 99
    school = features["seed-000-gendarmerie-school"]["properties"]
    assert school["fatalities_high"] is None


def test_export_csv(capsys, seed_store, seed_events):
    code, out, _ = run(capsys, "export", "--format", "csv", "--store", str(seed_store.path))
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    rows = list(reader)
    assert len(rows) == 2
    want = {
        e.event_id: {k: "" if v is None else str(v) for k, v in event_to_row(e).items()}
        for e in seed_events
    }
    assert {r["event_id"]: r for r in rows} == want


def test_export_gpkg_to_file(capsys, tmp_path, seed_store, seed_events):
    target = tmp_path / "out" / "export.gpkg"
    code, out, err = run(
        capsys, "export", "--format", "gpkg", "--store", str(seed_store.path), "-o", str(target)
    )
    assert code == 0
    assert out == ""
    assert f"wrote 2 events to {target}" in err
    gdf = gpd.read_file(target)
    assert gdf.crs.to_epsg() == 4326
    assert sorted(gdf["event_id"]) == sorted(e.event_id for e in seed_events)
    by_id = gdf.set_index("event_id")
    assert by_id.loc["seed-000-airport"].geometry.x == pytest.approx(AIRPORT[1])
    assert by_id.loc["seed-000-airport"].geometry.y == pytest.approx(AIRPORT[0])


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_text_to_file(capsys, tmp_path, seed_store, fmt):
    target = tmp_path / f"export.{fmt}"
    code, out, _ = run(
        capsys, "export", "--format", fmt, "--store", str(seed_store.path), "-o", str(target)
    )
    assert code == 0
    assert out == ""
    assert "seed-000-airport" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["seeds.gpkg", target.name])


def test_gpkg_needs_output_file(capsys, seed_store):
    code, out, err = run(capsys, "export", "--format", "gpkg", "--store", str(seed_store.path))
    assert code == 2
    assert out == ""
    assert "-o" in err


@pytest.mark.parametrize(
    ("args", "flt"),
    [
        ([], EventFilter()),
        (["--actor", "JNIM"], EventFilter(actors=("JNIM",))),
        (["--actor", "Katiba Macina"], EventFilter(actors=("Katiba Macina",))),
        (
            ["--actor", "Islamic State Sahel", "--actor", "Teachers (Mali)"],
            EventFilter(actors=("Islamic State Sahel", "Teachers (Mali)")),
        ),
        (["--type", "Battles"], EventFilter(event_types=("Battles",))),
        (
            ["--type", "Protests", "--type", "Strategic developments"],
            EventFilter(event_types=("Protests", "Strategic developments")),
        ),
        (["--start", "2024-09-18"], EventFilter(start=dt.date(2024, 9, 18))),
        (["--end", "2024-09-17"], EventFilter(end=dt.date(2024, 9, 17))),
        (
            ["--start", "2024-09-17", "--end", "2024-09-17"],
            EventFilter(start=dt.date(2024, 9, 17), end=dt.date(2024, 9, 17)),
        ),
        (
            ["--start", "2024-09-17", "--actor", "JNIM", "--type", "Battles"],
            EventFilter(start=dt.date(2024, 9, 17), actors=("JNIM",), event_types=("Battles",)),
        ),
        (["--country", "NER"], EventFilter(countries=("NER",))),
        (["--admin1", "Bamako"], EventFilter(admin1=("Bamako",))),
        (["--start", "2025-01-01"], EventFilter(start=dt.date(2025, 1, 1))),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_export_filters_match_filter_events(capsys, mixed_store, args, flt, fmt):
    code, out, _ = run(capsys, "export", "--format", fmt, "--store", str(mixed_store.path), *args)
    assert code == 0
    if fmt == "csv":
        got = [r["event_id"] for r in csv.DictReader(io.StringIO(out))]
    else:
        got = [f["id"] for f in json.loads(out)["features"]]
    want = filter_events(to_frame(mixed_store.load()), flt)["event_id"].tolist()
    assert got == want


def test_filtered_examples_from_the_issue(capsys, seed_store):
    path = str(seed_store.path)
    _, out, _ = run(
        capsys, "export", "--format", "geojson", "--store", path, "--start", "2024-09-18"
    )
    assert json.loads(out)["features"] == []
    _, out, _ = run(capsys, "export", "--format", "geojson", "--store", path, "--actor", "JNIM")
    assert len(json.loads(out)["features"]) == 2


@pytest.mark.parametrize("option", ["--start", "--end"])
@pytest.mark.parametrize("value", ["2024-13-01", "2024-09-31", "yesterday", "17/09/2024"])
def test_bad_date_is_an_error_naming_it(capsys, seed_store, option, value):
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "csv", "--store", str(seed_store.path), option, value])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert repr(value) in err
    assert option in err


def test_bad_type_is_an_error_naming_it(capsys, seed_store):
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "csv", "--store", str(seed_store.path), "--type", "Battle"])
    assert info.value.code == 2
    _, err = capsys.readouterr()
    assert "'Battle'" in err
    assert "Battles" in err  # the valid choices are listed


def test_unknown_format_is_an_error(capsys, seed_store):
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "shp", "--store", str(seed_store.path)])
    assert info.value.code == 2
    assert "'shp'" in capsys.readouterr().err


def test_missing_store_is_a_clear_error(capsys, tmp_path):
    missing = tmp_path / "nope.gpkg"
    code, out, err = run(capsys, "export", "--format", "geojson", "--store", str(missing))
    assert code == 2
    assert out == ""
    assert err.startswith("sahelmap: error:")
    assert str(missing) in err
    assert "does not exist" in err
    assert "Traceback" not in err


def test_store_from_environment(capsys, monkeypatch, seed_store):
    monkeypatch.setenv("SAHELMAP_STORE", str(seed_store.path))
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 2


def test_store_option_beats_environment(capsys, monkeypatch, tmp_path, seed_store):
    monkeypatch.setenv("SAHELMAP_STORE", str(tmp_path / "elsewhere.gpkg"))
    code, _, _ = run(capsys, "export", "--format", "csv", "--store", str(seed_store.path))
    assert code == 0


def test_export_escapes_nothing_away(capsys, tmp_path):
    # the export is data, not HTML: the text is kept literally
    store = open_store(tmp_path / "x.gpkg")
    store.write([make_event(notes="<img src=x onerror=alert(1)>")])
    _, out, _ = run(capsys, "export", "--format", "geojson", "--store", str(store.path))
    assert json.loads(out)["features"][0]["properties"]["notes"] == "<img src=x onerror=alert(1)>"


def test_build_store_seeds(capsys, monkeypatch, tmp_path):
    # history off: build_default_store reads the shipped UCDP file otherwise
    import events.defaults

    monkeypatch.setattr(events.defaults.build_default_store, "__kwdefaults__", {"history": None})
    target = tmp_path / "built.gpkg"
    code, _, err = run(capsys, "build-store", "--store", str(target))
    assert code == 0
    assert str(target) in err
    ids = {e.event_id for e in open_store(target).load()}
    assert ids == {"seed-000-airport", "seed-000-gendarmerie-school"}
    before = target.read_bytes()
    code, _, err = run(capsys, "build-store", "--store", str(target), "--if-missing")
    assert code == 0
    assert "exists" in err
    assert target.read_bytes() == before
