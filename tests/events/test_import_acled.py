"""ACLED import: codebook columns, inter codes as numbers or text, bad rows, the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from events.cli import main
from events.importers import ACLED_ATTRIBUTION, EventImportError, has_acled_rows, import_file
from events.importers.acled import COLUMNS, parse_inter
from events.importers.common import RowError
from events.io.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
NUMERIC = DATA / "acled_inter_numeric.csv"
TEXT = DATA / "acled_inter_text.csv"
BAD = DATA / "acled_bad_rows.csv"


@pytest.fixture(scope="module")
def numeric():
    result = import_file(NUMERIC, "acled")
    assert result.rejects == []
    return result.events.set_index("event_id")


def test_fixtures_have_the_codebook_columns():
    for path in (NUMERIC, TEXT, BAD):
        with path.open(encoding="utf-8") as f:
            assert tuple(next(csv.reader(f))) == COLUMNS


def test_field_by_field(numeric):
    ev = numeric.loc["acled-MLI1001"]
    assert ev["event_date"] == pd.Timestamp("2023-08-11")
    assert (ev["time_precision"], ev["geo_precision"], ev["uncertainty_m"]) == (1, 1, 2000.0)
    assert (ev["event_type"], ev["sub_event_type"]) == ("Battles", "Armed clash")
    assert ev["actor1"] == "JNIM"  # "JNIM: Group for Support of Islam and Muslims"
    assert ev["actor2"] == "Military Forces of Mali"  # "Military Forces of Mali (2021-)"
    assert ev["assoc_actor_2"] == "Wagner Group"
    assert (ev["iso3"], ev["country"], ev["admin1"], ev["admin2"]) == (
        "MLI",
        "Mali",
        "Tombouctou",
        "Goundam",
    )
    assert (ev["location"], ev["latitude"], ev["longitude"]) == ("Ber", 16.1167, -3.3333)
    assert ev["fatalities"] == 12
    assert ev["source"] == "ACLED: Le Monde; AFP"
    assert (ev["inter1"], ev["inter2"]) == ("Rebel group", "State forces")
    assert ev["interaction"] == "Rebel group-State forces"
    assert ev["source_actor1"] == "JNIM: Group for Support of Islam and Muslims"
    assert not ev["notes"].endswith("]")  # ACLED's notes as written


@pytest.mark.parametrize(
    ("event_id", "column", "expected"),
    [
        ("acled-BFA2002", "actor1", "Islamic State Sahel"),  # "Islamic State (Sahel)"
        ("acled-BFA2002", "actor2", "Civilians"),  # "Civilians (Burkina Faso)"
        ("acled-BFA2002", "time_precision", 2),
        ("acled-NER3003", "actor1", "Unidentified armed group"),
        ("acled-NER3003", "uncertainty_m", 25_000.0),  # geo_precision 2
        ("acled-MLI1004", "event_date", pd.Timestamp("2023-10-02")),  # "2 October 2023"
        ("acled-MLI1004", "actor2", "CSP-PSD"),
        ("acled-BFA2005", "actor1", "Protesters (Burkina Faso)"),  # unknown: kept as given
        ("acled-BFA2005", "actor2", ""),
        ("acled-NER3006", "admin1", "Tillabéri"),  # "Tillaberi" -> boundary name
        ("acled-NER3006", "location", "Tillaberi"),
    ],
)
def test_mapping(numeric, event_id, column, expected):
    assert numeric.loc[event_id, column] == expected


def test_inter_codes_as_numbers_or_text_give_the_same_events():
    a = import_file(NUMERIC, "acled").events
    b = import_file(TEXT, "acled").events
    pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
    assert len(a) == 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "State forces"),
        ("7", "Civilians"),
        ("0", ""),
        ("", ""),
        ("rebel group", "Rebel group"),
    ],
)
def test_parse_inter(value, expected):
    assert parse_inter(value, "inter1") == expected


@pytest.mark.parametrize("value", ["9", "1.5", "Army"])
def test_parse_inter_rejects(value):
    with pytest.raises(RowError, match="inter1"):
        parse_inter(value, "inter1")


def test_bad_rows_are_rejected_with_their_line_and_good_rows_kept():
    result = import_file(BAD, "acled")
    got = {r.line: r.reason for r in result.rejects}
    assert sorted(got) == [3, 4, 5, 6, 7, 10, 11]
    assert got[3] == "latitude is missing"
    assert "event_date '2023-02-30' is not a date" in got[4]
    assert got[5].startswith("latitude/longitude swapped")
    assert "outside the stated country Niger (NER)" in got[6]
    assert "field 'event_type' = 'Skirmish': unknown event type" in got[7]
    assert got[10] == "duplicate event id 'acled-MLI1001' (first at line 2)"
    assert "inter1 '99'" in got[11]
    # row 8 spans lines 8-9 (a newline inside its notes); the next row starts on line 10
    assert result.events["event_id"].tolist() == ["acled-MLI1001", "acled-BFA2002", "acled-NER3003"]
    assert result.counts == {"rows": 10, "kept": 3, "rejected": 7}
    assert next(r for r in result.rejects if r.line == 4).raw["event_id_cnty"] == "BAD02"


def test_missing_columns_fail_the_whole_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("event_id_cnty,event_date\nX1,2024-01-01\n")
    with pytest.raises(EventImportError, match="lacks the columns"):
        import_file(path, "acled")


def test_unknown_format():
    with pytest.raises(EventImportError, match="'kml'"):
        import_file(NUMERIC, "kml")


def test_has_acled_rows(numeric):
    assert has_acled_rows(numeric.reset_index())
    ucdp_like = pd.DataFrame({"event_id": ["ucdp-1"], "source": ["Reuters, citing ACLED"]})
    assert not has_acled_rows(ucdp_like)
    assert not has_acled_rows(ucdp_like.iloc[:0])
    assert "ACLED" in ACLED_ATTRIBUTION


def test_cli_import_with_rejects_file_and_idempotent(tmp_path, capsys):
    store = tmp_path / "events.gpkg"
    rejects = tmp_path / "rejects.csv"
    args = [
        "import",
        str(BAD),
        "--format",
        "acled",
        "--store",
        str(store),
        "--rejects",
        str(rejects),
    ]
    assert main(args) == 1  # some rows rejected
    err = capsys.readouterr().err
    assert "10 rows: 3 kept, 7 rejected; 3 new events added" in err
    assert "] 10/10 rows" in err  # the progress bar
    with rejects.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["line"]) for r in rows] == [3, 4, 5, 6, 7, 10, 11]
    assert json.loads(rows[0]["raw"])["event_id_cnty"] == "BAD01"
    assert main(args) == 1
    assert "0 new events added" in capsys.readouterr().err
    assert len(open_store(store).load_frame()) == 3
