"""Export formats: ACLED's layout round-trips, GeoParquet and Excel read back, credits in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import geopandas as gpd
import pyogrio

from events.cli import main
from events.export import ExportError, describe_filter, export_events
from events.frame import COLUMNS, EventFilter, frame_from_table
from events.importers import ACLED_ATTRIBUTION, import_file
from events.importers.acled import COLUMNS as CODEBOOK
from events.io.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
CODEBOOK_FILE = DATA / "acled_codebook.csv"
UCDP = DATA / "ucdp_ged_sample.csv"


def read_rows(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), {r["event_id_cnty"]: r for r in reader}


@pytest.fixture(scope="module")
def events():
    parts = [import_file(CODEBOOK_FILE, "acled").events, import_file(UCDP, "ucdp").events]
    frame = frame_from_table(pd.concat(parts, ignore_index=True))
    assert len(frame) == 5 + 13
    return frame


def test_acled_file_round_trips_through_the_store_unchanged(tmp_path):
    store = tmp_path / "events.gpkg"
    assert main(["import", str(CODEBOOK_FILE), "--format", "acled", "--store", str(store)]) == 0
    out = tmp_path / "acled.csv"
    assert main(["export", "--format", "acled", "--store", str(store), "-o", str(out)]) == 0
    header, rows = read_rows(out)
    want_header, want = read_rows(CODEBOOK_FILE)
    assert header == want_header == list(CODEBOOK)
    assert rows == want
    assert (
        out.read_text(encoding="utf-8").splitlines()[1:]
        == (CODEBOOK_FILE.read_text(encoding="utf-8").splitlines()[1:])
    )


def test_acled_export_imports_back_field_for_field(tmp_path, events):
    acled = frame_from_table(events[events["event_id"].str.startswith("acled-")])
    path = tmp_path / "again.csv"
    export_events(acled, "acled", path)
    again = frame_from_table(import_file(path, "acled").events)
    pd.testing.assert_frame_equal(
        pd.DataFrame(again.drop(columns="geometry")), pd.DataFrame(acled.drop(columns="geometry"))
    )


def test_acled_layout_of_other_sources(events):
    text = export_events(events[events["event_id"] == "ucdp-219115"], "acled").decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["event_id_cnty"] == "ucdp-219115"
    assert (row["iso"], row["year"], row["inter1"]) == ("854", "2016", "")


def same_frame(got: pd.DataFrame, want: pd.DataFrame) -> None:
    got = frame_from_table(pd.DataFrame(got))
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(want.drop(columns="geometry"))
    )


def test_geoparquet_reads_back_with_the_same_rows(tmp_path, events):
    path = tmp_path / "events.parquet"
    export_events(events, "parquet", path, flt=EventFilter(actors=("JNIM",)))
    back = gpd.read_parquet(path)
    assert back.crs.to_epsg() == 4326
    assert list(back.columns) == [*COLUMNS, "geometry"]
    assert back.geometry.x.tolist() == events["longitude"].tolist()
    same_frame(back, events)
    assert back.attrs["filter"] == "actor JNIM"
    assert ACLED_ATTRIBUTION in back.attrs["attribution"]
    assert "UCDP" in back.attrs["attribution"]


def test_xlsx_reads_back_with_the_same_rows(tmp_path, events):
    path = tmp_path / "events.xlsx"
    export_events(events, "xlsx", path, flt=EventFilter(countries=("Mali",)))
    back = pd.read_excel(path, sheet_name="events")
    assert list(back.columns) == list(COLUMNS)
    same_frame(back, events)
    about = pd.read_excel(path, sheet_name="about").set_index("key")["value"]
    assert about["filter"] == "country Mali"
    assert int(about["events"]) == len(events)
    assert ACLED_ATTRIBUTION in about["attribution"]
    assert load_workbook(path)["events"]["B2"].is_date  # event_date is an Excel date


def test_xlsx_text_is_never_a_formula(tmp_path, events):
    one = events.iloc[:1].assign(notes='=HYPERLINK("http://x","y")')
    path = tmp_path / "one.xlsx"
    export_events(one, "xlsx", path)
    cell = load_workbook(path)["events"].cell(2, list(COLUMNS).index("notes") + 1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_gpkg_and_geojson_carry_credits_and_filter(tmp_path, events):
    flt = EventFilter(start=pd.Timestamp("2016-01-01").date(), event_types=("Battles",))
    gpkg = tmp_path / "events.gpkg"
    export_events(events, "gpkg", gpkg, flt=flt)
    meta = pyogrio.read_info(gpkg, layer="events")["layer_metadata"]
    assert meta["filter"] == "start 2016-01-01; type Battles"
    assert ACLED_ATTRIBUTION in meta["attribution"]
    assert len(gpd.read_file(gpkg, layer="events")) == len(events)
    doc = json.loads(export_events(events, "geojson", flt=flt))
    assert doc["filter"] == "start 2016-01-01; type Battles"
    assert len(doc["features"]) == len(events)


def test_bytes_returned_and_binary_formats_need_a_file(events):
    data = export_events(events, "parquet")
    assert data[:4] == b"PAR1"
    assert export_events(events, "xlsx")[:2] == b"PK"
    with pytest.raises(ExportError, match="xlsx format needs an output file"):
        export_events(events, "xlsx", io.StringIO())
    binary = io.BytesIO()
    export_events(events, "xlsx", binary)
    assert binary.getvalue()[:2] == b"PK"


def test_cli_exports_parquet_and_xlsx(tmp_path):
    store = tmp_path / "events.gpkg"
    main(["import", str(CODEBOOK_FILE), "--format", "acled", "--store", str(store)])
    for fmt in ("parquet", "xlsx"):
        out = tmp_path / f"view.{fmt}"
        args = ["export", "--format", fmt, "--store", str(store), "--actor", "JNIM", "-o", str(out)]
        assert main(args) == 0
        back = gpd.read_parquet(out) if fmt == "parquet" else pd.read_excel(out, "events")
        assert back["event_id"].tolist() == ["acled-MLI9001"]
    assert len(open_store(store).load_frame()) == 5


def test_describe_filter():
    assert describe_filter(None) == describe_filter(EventFilter()) == "all events"
    flt = EventFilter(actors=("JNIM", "ISSP"), admin1=("Gao",))
    assert describe_filter(flt) == "actor JNIM; actor ISSP; admin1 Gao"
