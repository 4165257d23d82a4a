"""Real-world files: Excel-saved CSV (separator, encoding, BOM, CRLF), the APIs' JSON, gzip."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from events.importers import EventImportError, import_file
from events.importers.sniff import sniff_delimiter, to_utf8

DATA = Path(__file__).resolve().parents[1] / "data"
ACLED = DATA / "acled_inter_text.csv"
UCDP = DATA / "ucdp_ged_sample.csv"
FRENCH_NOTE = "Attaque à Ségou : l’armée a riposté, élèves évacués (Côte d’Ivoire voisine)."


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def with_french_notes(rows: list[list[str]]) -> list[list[str]]:
    notes = rows[0].index("notes")
    return [rows[0]] + [[*r[:notes], FRENCH_NOTE, *r[notes + 1 :]] for r in rows[1:]]


def write_rows(rows: list[list[str]], *, sep: str = ",", eol: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=eol).writerows(rows)
    return out.getvalue()


def french_excel(rows: list[list[str]], number_columns: tuple[str, ...]) -> str:
    """The rows as Excel saves them in a French locale: ';' and decimal commas."""
    idx = [rows[0].index(c) for c in number_columns]
    body = [rows[0]] + [
        [c.replace(".", ",") if i in idx else c for i, c in enumerate(r)] for r in rows[1:]
    ]
    return write_rows(body, sep=";", eol="\r\n")


def same_events(got: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(want.drop(columns="geometry"))
    )


@pytest.fixture(scope="module")
def french_rows():
    return with_french_notes(read_rows(ACLED))


@pytest.fixture(scope="module")
def reference(french_rows, tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "acled.csv"
    path.write_text(write_rows(french_rows), encoding="utf-8")
    result = import_file(path, "acled")
    assert result.rejects == []
    return result.events


def test_semicolon_cp1252_with_decimal_commas_imports_fully(tmp_path, french_rows, reference):
    path = tmp_path / "acled_excel_fr.csv"
    text = french_excel(french_rows, ("latitude", "longitude"))
    assert ";16,1167;" in text  # the file really has decimal commas
    path.write_bytes(text.encode("cp1252"))
    result = import_file(path, "acled")
    assert result.counts == {"rows": 6, "kept": 6, "rejected": 0}
    assert result.summary() == "6 rows: 6 kept, 0 rejected (read as cp1252, ';'-separated)"
    assert set(result.events["notes"]) == {FRENCH_NOTE}
    same_events(result.events, reference)


def test_utf8_bom_crlf_imports_fully(tmp_path, french_rows, reference):
    path = tmp_path / "acled_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + write_rows(french_rows, eol="\r\n").encode("utf-8"))
    result = import_file(path, "acled")
    assert result.summary() == "6 rows: 6 kept, 0 rejected"
    same_events(result.events, reference)


def test_semicolon_ucdp_with_quoted_semicolons(tmp_path):
    rows = read_rows(UCDP)
    want = import_file(UCDP, "ucdp").events
    path = tmp_path / "ged.csv"
    path.write_bytes(french_excel(rows, ("latitude", "longitude")).encode("cp1252", "replace"))
    got = import_file(path, "ucdp")
    assert got.rejects == []
    assert got.events["event_id"].tolist() == want["event_id"].tolist()
    assert got.events["latitude"].tolist() == want["latitude"].tolist()


@pytest.mark.parametrize(
    ("header", "sep"),
    [(b"a,b,c", ","), (b"a;b;c", ";"), (b"a\tb\tc", "\t"), (b"a|b", "|"), (b"single", ",")],
)
def test_sniff_delimiter(header, sep):
    assert sniff_delimiter(header) == sep


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_to_utf8_detects_the_encoding(encoding):
    text = f"id;notes\n1;{FRENCH_NOTE}\n" * 5
    assert to_utf8(text.encode(encoding))[0].decode("utf-8") == text


def test_wrong_format_names_the_format_the_file_looks_like():
    with pytest.raises(EventImportError, match=r"'ged\.csv' looks like a UCDP GED file.*'ucdp'"):
        import_file(UCDP, "acled", display_name="ged.csv")
    with pytest.raises(EventImportError, match=r"looks like an ACLED file.*--format acled"):
        import_file(ACLED, "ucdp")


def acled_api(rows: list[list[str]]) -> dict[str, object]:
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    return {"status": 200, "success": True, "count": len(records), "data": records}


def ucdp_api(rows: list[list[str]]) -> dict[str, object]:
    """As UCDP's API answers: numbers as JSON numbers, under ``Result``."""

    def typed(value: str) -> object:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in value else number

    records = [{k: typed(v) for k, v in zip(rows[0], r, strict=True)} for r in rows[1:]]
    return {"TotalCount": len(records), "TotalPages": 1, "NextPageUrl": "", "Result": records}


@pytest.mark.parametrize("zipped", [False, True])
def test_acled_api_json_imports_as_the_csv_does(tmp_path, zipped):
    doc = json.dumps(acled_api(read_rows(ACLED))).encode("utf-8")
    path = tmp_path / ("acled.json.gz" if zipped else "acled.json")
    path.write_bytes(gzip.compress(doc) if zipped else doc)
    result = import_file(path, "acled")
    assert result.counts == {"rows": 6, "kept": 6, "rejected": 0}
    same_events(result.events, import_file(ACLED, "acled").events)


@pytest.mark.parametrize("zipped", [False, True])
def test_ucdp_api_json_imports_as_the_csv_does(tmp_path, zipped):
    doc = json.dumps(ucdp_api(read_rows(UCDP))).encode("utf-8")
    assert b'"latitude": 12.' in doc  # numbers, as the API sends them
    path = tmp_path / ("ged.json.gz" if zipped else "ged.json")
    path.write_bytes(gzip.compress(doc) if zipped else doc)
    result = import_file(path, "ucdp")
    want = import_file(UCDP, "ucdp").events
    assert result.counts["kept"] == len(want)
    assert result.events["event_id"].tolist() == want["event_id"].tolist()
    assert result.events["fatalities"].tolist() == want["fatalities"].tolist()
    assert result.events["latitude"].tolist() == pytest.approx(want["latitude"].tolist())


def test_api_json_errors_name_the_file(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"status": 403, "error": "Access denied"}', encoding="utf-8")
    with pytest.raises(EventImportError, match=r"'api\.json' holds no records.*Access denied"):
        import_file(path, "acled", display_name="api.json")
    path.write_text('{"data": [{"event_id_cnty": "X"}]}', encoding="utf-8")
    with pytest.raises(EventImportError, match=r"'api\.json': its records lack the fields"):
        import_file(path, "acled", display_name="api.json")
    path.write_text('{"data": [', encoding="utf-8")
    with pytest.raises(EventImportError, match=r"'api\.json' is not valid JSON"):
        import_file(path, "acled", display_name="api.json")
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(EventImportError, match=r"'api\.json' is GeoJSON: choose the format"):
        import_file(path, "ucdp", display_name="api.json")
