"""Our own csv/geojson exports import back unchanged, and only once."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from events.export import export_events
from events.frame import to_frame
from events.importers import import_file
from events.io.store import open_store
from events.seeds import load_seed_events

ROOT = Path(__file__).resolve().parents[2]
UCDP = ROOT / "tests" / "data" / "ucdp_ged_sample.csv"


@pytest.fixture(scope="module")
def events():
    seeds = to_frame(load_seed_events(ROOT / "seeds"))
    ucdp = import_file(UCDP, "ucdp").events
    return pd.concat([seeds, ucdp], ignore_index=True)


@pytest.mark.parametrize(("fmt", "suffix"), [("csv", ".csv"), ("geojson", ".geojson")])
def test_export_then_import_round_trips(events, tmp_path, fmt, suffix):
    path = tmp_path / f"events{suffix}"
    export_events(events, fmt, path)
    result = import_file(path, fmt)
    assert result.rejects == []
    got = pd.DataFrame(result.events.drop(columns="geometry"))
    assert got["event_id"].tolist() == events["event_id"].tolist()
    for column in ("evidence", "fatality_claims", "notes", "source", "admin1", "actor1"):
        assert got[column].tolist() == events[column].astype(str).tolist(), column
    assert got["fatalities_high"].tolist() == events["fatalities_high"].tolist()
    assert (got["event_date"] == events["event_date"]).all()
    assert list(got.columns) == list(events.drop(columns="geometry").columns)


def test_reimporting_an_export_into_its_store_adds_nothing(events, tmp_path):
    store = open_store(tmp_path / "events.gpkg")
    store.write(events)
    out = io.StringIO()
    export_events(store.load_frame(), "csv", out)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert store.append(import_file(path, "csv").events) == 0


def test_bad_row_in_own_export(events, tmp_path):
    path = tmp_path / "events.csv"
    export_events(events.iloc[:3], "csv", path)
    body = path.read_text(encoding="utf-8")
    # the third record (Ouagadougou) now claims to be in Niger
    start_line = body[: body.index("ucdp-219115")].count("\n") + 1
    path.write_text(body.replace(",BFA,Burkina Faso,", ",NER,Niger,", 1), encoding="utf-8")
    result = import_file(path, "csv")
    assert [r.line for r in result.rejects] == [start_line]
    assert "(12.3703, -1.52472) are outside the stated country Niger" in result.rejects[0].reason
    assert result.counts["kept"] == 2


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("deaths_a", "-3", "field 'deaths_a' = -3: must be >= 0"),
        ("type_of_violence", "5", "field 'type_of_violence' = 5: must be 1, 2 or 3"),
        ("date_end", "17/09/2024", "field 'date_end' = '17/09/2024': must be a date"),
        ("timestamp", "-1", "field 'timestamp' = -1: must be >= 0"),
    ],
)
def test_bad_source_column_in_own_export(events, tmp_path, column, value, reason):
    path = tmp_path / "events.csv"
    export_events(events.iloc[2:3], "csv", path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[column] = value
    frame.to_csv(path, index=False)
    result = import_file(path, "csv")
    assert result.counts["kept"] == 0
    assert reason in result.rejects[0].reason
