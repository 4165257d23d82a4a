"""Column-wise import: rejects per row with line and field, line numbers, robust inputs."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from events.importers import EventImportError, import_file

DATA = Path(__file__).resolve().parents[1] / "data"
UCDP_HEADER = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_coordinates",
    "latitude",
    "longitude",
    "country",
    "adm_1",
    "date_prec",
    "date_start",
    "best",
    "low",
    "high",
]
# Mopti, Mali: inside the stated country
GOOD = {
    "id": "1",
    "type_of_violence": "3",
    "side_a": "IS",
    "side_b": "Civilians",
    "where_prec": "1",
    "where_coordinates": "Sevare town",
    "latitude": "14.49",
    "longitude": "-4.19",
    "country": "Mali",
    "adm_1": "Mopti region",
    "date_prec": "1",
    "date_start": "2023-05-01",
    "best": "4",
    "low": "3",
    "high": "6",
}


def write_csv(path, header, rows, *, newline="\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header] if isinstance(row, dict) else row)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def ucdp_row(number, **changes):
    return {**GOOD, "id": str(number), **changes}


# (changes to the good row, expected text in the reason); each bad row is one line
BAD_UCDP = [
    ({"latitude": "95.2"}, "field 'latitude' = 95.2: must be a number in [-90, 90]"),
    ({"latitude": "abc"}, "latitude 'abc' is not a number"),
    ({"longitude": ""}, "longitude is missing"),
    ({"type_of_violence": "9"}, "type_of_violence 9 is not 1, 2 or 3"),
    ({"where_prec": "8"}, "where_prec 8 is not 1-7"),
    ({"date_prec": "2.5"}, "date_prec '2.5' is not an integer"),
    ({"country": "Atlantis"}, "country 'Atlantis' is not a known country"),
    ({"best": "1e20"}, "best '1e20' is too large"),
    ({"low": "1" * 30}, f"low '{'1' * 30}' is too large"),
    ({"high": "-3"}, "high -3 is negative"),
    ({"side_a": " "}, "side_a is missing"),
    ({"date_start": "2023-02-30"}, "date_start '2023-02-30' is not a date"),
    ({"id": ""}, "id is missing"),
    ({"date_start": "1850-01-01"}, "field 'event_date' = '1850-01-01': outside 1900-2100"),
]


def test_mixed_rows_keep_exactly_the_good_ones(tmp_path):
    rows = [ucdp_row(1)]
    for k, (changes, _) in enumerate(BAD_UCDP):
        rows += [ucdp_row(100 + k, **changes), ucdp_row(200 + k)]
    rows += [ucdp_row(1, adm_1="again"), ["999", "3", "IS"]]
    result = import_file(write_csv(tmp_path / "ged.csv", UCDP_HEADER, rows), "ucdp")
    got = {r.line: r.reason for r in result.rejects}
    expected = {3 + 2 * k: text for k, (_, text) in enumerate(BAD_UCDP)}
    expected[len(rows)] = "duplicate event id 'ucdp-1' (first at line 2)"
    expected[len(rows) + 1] = "malformed row: 3 fields, header has 15"
    assert sorted(got) == sorted(expected)
    for line, text in expected.items():
        assert text in got[line], (line, got[line])
    kept = ["ucdp-1"] + [f"ucdp-{200 + k}" for k in range(len(BAD_UCDP))]
    assert result.events["event_id"].tolist() == kept
    assert result.events["notes"].iloc[0] == "UCDP GED 1. where: Mopti region."
    assert result.counts == {"rows": len(rows), "kept": len(kept), "rejected": len(expected)}
    first_bad = next(r for r in result.rejects if r.line == 3)
    assert first_bad.raw["latitude"] == "95.2"
    assert first_bad.raw["id"] == "100"


def test_quoted_newlines_blank_lines_and_crlf_keep_line_numbers(tmp_path):
    rows = [
        ucdp_row(1, where_coordinates="Sevare\ntown\non three lines"),  # lines 2-4
        ucdp_row(2, latitude="95"),  # line 5
        ucdp_row(3, side_b='Civilians, "quoted"\r\nnext'),  # lines 6-7
        ucdp_row(4, country="Atlantis"),  # line 8
    ]
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, rows, newline="\r\n")
    body = path.read_bytes().replace(b"\r\n4,", b"\r\n\r\n" + b"," * 14 + b"\r\n4,")
    path.write_bytes(body)  # a blank line and an empty row before row 4: now line 10
    result = import_file(path, "ucdp")
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejects] == [
        (5, "event 'ucdp-2'"),
        (10, "country 'Atlantis' is not a known country"),
    ]
    assert result.events["location"].tolist() == ["Sevare\ntown\non three lines", "Sevare"]


def test_stray_quote_in_an_unquoted_cell_still_gives_right_lines(tmp_path):
    header = ",".join(UCDP_HEADER)
    good = ",".join(GOOD[c] for c in UCDP_HEADER)
    stray = good.replace("Sevare town", 'Sevare 5" town').replace("1,3,IS", "2,3,IS", 1)
    bad = good.replace("14.49", "95").replace("1,3,IS", "3,3,IS", 1)
    (tmp_path / "ged.csv").write_text("\n".join([header, good, stray, bad]) + "\n")
    result = import_file(tmp_path / "ged.csv", "ucdp")
    assert [r.line for r in result.rejects] == [4]
    assert result.events["location"].tolist() == ["Sevare", 'Sevare 5"']


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({}, {"actor1": "Islamic State Sahel", "geo_precision": 1, "time_precision": 1}),
        (
            {"latitude": "13.3", "longitude": "12.6", "country": "Niger", "adm_1": "Diffa",
             "where_prec": "4", "date_prec": "2"},
            {"actor1": "Islamic State West Africa", "geo_precision": 3, "time_precision": 2,
             "uncertainty_m": 150_000.0, "admin1": "Diffa", "iso3": "NER"},
        ),
        (
            {"low": "9", "high": "2", "type_of_violence": "1", "side_b": "GATIA, MSA"},
            {"fatalities": 4, "event_type": "Battles", "actor2": "GATIA", "assoc_actor_2": "MSA"},
        ),
    ],
)  # fmt: skip
def test_many_rows_map_as_the_codebook_says(tmp_path, changes, where):
    n = 20_000
    rows = [ucdp_row(k, **changes) for k in range(n - 3)]
    rows += [ucdp_row(n + k, latitude="-95") for k in range(3)]
    calls = []
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, rows)
    result = import_file(path, "ucdp", progress=lambda done, total: calls.append((done, total)))
    assert result.counts == {"rows": n, "kept": n - 3, "rejected": 3}
    assert [r.line for r in result.rejects] == [n - 1, n, n + 1]
    assert all("field 'latitude' = -95.0" in r.reason for r in result.rejects)
    assert calls[-1] == (n, n)
    events = result.events
    assert events["event_id"].tolist() == [f"ucdp-{k}" for k in range(n - 3)]
    for column, value in where.items():
        assert (events[column] == value).all(), column
    if "low" in changes:
        assert events["fatalities_low"].isna().all()
        assert events["fatalities_high"].isna().all()
        assert events["notes"].str.endswith("(low 9, high 2): range dropped.").all()
    else:
        assert (events["fatalities_low"] == 3).all()
        assert (events["fatalities_high"] == 6).all()


def test_acled_integer_overflow_is_a_reject(tmp_path):
    lines = (DATA / "acled_inter_numeric.csv").read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = dict(zip(header, next(csv.reader([lines[1]])), strict=True))
    path = write_csv(tmp_path / "acled.csv", header, [row, {**row, "event_id_cnty": "X2",
                     "fatalities": "9" * 30}])  # fmt: skip
    result = import_file(path, "acled")
    assert [(r.line, r.reason) for r in result.rejects] == [
        (3, f"fatalities '{'9' * 30}' is too large")
    ]
    assert len(result.events) == 1


def test_truncated_gzip_names_the_file(tmp_path):
    rows = [ucdp_row(k) for k in range(2000)]
    text = write_csv(tmp_path / "ged.csv", UCDP_HEADER, rows).read_bytes()
    packed = gzip.compress(text)
    path = tmp_path / "tmp123.csv.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(EventImportError, match=r"'ged_2025\.csv\.gz' is truncated"):
        import_file(path, "ucdp", display_name="ged_2025.csv.gz")


def test_gzip_file_imports(tmp_path):
    text = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [ucdp_row(1)]).read_bytes()
    (tmp_path / "ged.csv.gz").write_bytes(gzip.compress(text))
    assert import_file(tmp_path / "ged.csv.gz", "ucdp").counts["kept"] == 1


def test_cp1252_file_is_decoded(tmp_path):
    rows = [ucdp_row(1), ucdp_row(2, where_coordinates="Ségou")]
    body = write_csv(tmp_path / "x.csv", UCDP_HEADER, rows).read_text(encoding="utf-8")
    path = tmp_path / "upload-tmp.csv"
    path.write_bytes(body.encode("cp1252"))
    result = import_file(path, "ucdp", display_name="ged.csv")
    assert result.events["location"].tolist()[1] == "Ségou"


def test_undecodable_file_is_a_clear_error_naming_file_and_line(tmp_path):
    path = tmp_path / "upload-tmp.csv"
    path.write_bytes(b"id,latitude\n1,2\n\x81\x8d\x8f\x90\x9d\x00\xff\xfe\n")
    with pytest.raises(EventImportError, match=r"'ged\.csv'(, line 3)?: not"):
        import_file(path, "ucdp", display_name="ged.csv")


def test_messages_use_the_display_name(tmp_path):
    path = tmp_path / "tmpabc.csv"
    path.write_text("id,latitude\n1,2\n")
    with pytest.raises(EventImportError, match=r"^'report\.csv' lacks the columns"):
        import_file(path, "ucdp", display_name="report.csv")
    with pytest.raises(EventImportError, match=r"tmpabc\.csv"):
        import_file(path, "ucdp")
    with pytest.raises(EventImportError, match=r"cannot read 'gone\.csv'"):
        import_file(tmp_path / "missing.csv", "ucdp", display_name="gone.csv")


def feature(event_id, **props):
    base = {"event_id": event_id, "event_date": "2023-05-01", "event_type": "Battles",
            "sub_event_type": "Armed clash", "actor1": "JNIM", "iso3": "MLI", "country": "Mali",
            "location": "Sevare"}  # fmt: skip
    geometry = {"type": "Point", "coordinates": [-4.19, 14.49]}
    return {"type": "Feature", "geometry": geometry, "properties": {**base, **props}}


@pytest.mark.parametrize(
    ("props", "reason"),
    [
        ({"evidence": {"location": [{"start": 0, "end": 6}]}}, "evidence quote lacks its 'quote'"),
        ({"evidence": {"colour": [{"quote": "x", "start": 0, "end": 1}]}}, "unknown field"),
        ({"evidence": {"location": [{"quote": "Sevare", "start": 0, "end": 2}]}}, "offsets"),
        ({"fatality_claims": [{"low": 3}]}, "fatality claim lacks its 'claimant'"),
        ({"status": "approved"}, "field 'status' = 'approved': must be 'draft' or 'verified'"),
        ({"fatalities_low": 5, "fatalities_high": 2}, "greater than fatalities_high (2)"),
        ({"iso3": "mli"}, "field 'iso3' = 'mli': must be an ISO 3166-1 alpha-3 code"),
        ({"sub_event_type": "Attack"}, "not a sub-event type of 'Battles'"),
        ({"fatalities": 1e20}, "fatalities '1e+20' is too large"),
    ],
)
def test_geojson_bad_features_are_rejects(tmp_path, props, reason):
    good = feature("a", evidence={"location": [{"quote": "Sevare", "start": 0, "end": 6}]})
    doc = {"type": "FeatureCollection", "features": [good, feature("b", **props)]}
    path = tmp_path / "events.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = import_file(path, "geojson")
    assert [r.line for r in result.rejects] == [2]
    assert reason in result.rejects[0].reason
    assert result.events["event_id"].tolist() == ["a"]
    ev = result.events.iloc[0]
    assert json.loads(ev["evidence"]) == {"location": [{"quote": "Sevare", "start": 0, "end": 6}]}
    assert (ev["status"], ev["fatality_claims"]) == ("draft", "[]")


def test_empty_file_and_header_only(tmp_path):
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(EventImportError, match="is empty"):
        import_file(tmp_path / "empty.csv", "ucdp")
    calls = []
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [])
    result = import_file(path, "ucdp", progress=lambda done, total: calls.append((done, total)))
    assert result.counts == {"rows": 0, "kept": 0, "rejected": 0}
    assert calls == [(0, 0)]
    assert isinstance(result.events, pd.DataFrame)
    assert result.events.empty
