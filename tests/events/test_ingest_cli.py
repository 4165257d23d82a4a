from __future__ import annotations

import json

import pytest

from events.cli import main
from events.io.store import open_store
from extract import IngestError, parse_report, read_report

from .conftest import REPORTS, SEED


@pytest.fixture
def bad_files(tmp_path):
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        "latin1.txt": "Hier, attaque à Gao.".encode("latin-1"),
        "huge.txt": b"a" * (10 * 1024 * 1024),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "bytes"),
    ],
)
def test_bad_file_gives_error_naming_it(bad_files, name, reason):
    with pytest.raises(IngestError, match=reason) as info:
        read_report(bad_files / name)
    assert name in str(info.value)


def test_bad_published_date_names_file_and_value():
    with pytest.raises(IngestError, match=r"x\.txt.*'18/09/2024'"):
        parse_report("Hier à Gao.", file_name="x.txt", published="18/09/2024")


def test_header_is_parsed_and_flags_override():
    doc = parse_report("published: 2024-09-18\nurl: http://a\nsource: S\n\nTexte.", url="http://b")
    assert (doc.published.isoformat(), doc.url, doc.source, doc.text) == (
        "2024-09-18",
        "http://b",
        "S",
        "Texte.",
    )


def test_cli_reports_bad_files_and_saves_the_good_ones(bad_files, tmp_path, capsys):
    store = tmp_path / "events.gpkg"
    rc = main(
        ["ingest", str(SEED), str(bad_files / "binary.txt"), str(bad_files / "huge.txt"),
         "--published", "2024-09-18", "--store", str(store)]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 1
    assert "binary.txt" in err
    assert "huge.txt" in err
    rows = json.loads(out)
    assert len(rows) == 2
    assert all(r["evidence"]["event_date"] for r in rows)
    assert {r["status"] for r in rows} == {"draft"}
    assert len(open_store(store).load()) == 2


def test_cli_unparseable_published_fails_without_writing(tmp_path, capsys):
    store = tmp_path / "events.gpkg"
    rc = main(["ingest", str(SEED), "--published", "yesterday", "--store", str(store)])
    assert rc == 1
    assert "000_e244a61c166959a2.txt" in capsys.readouterr().err
    assert not store.exists()


def test_cli_dry_run_writes_nothing_and_csv_works(tmp_path, capsys):
    store = tmp_path / "events.gpkg"
    rc = main(["ingest", str(SEED), "--published", "2024-09-18", "--dry-run", "--format", "csv",
               "--store", str(store)])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0
    assert not store.exists()
    assert out.splitlines()[0].startswith("event_id,")
    assert len(out.splitlines()) == 3


def test_reingest_is_idempotent_and_a_second_source_merges(tmp_path, capsys):
    store = tmp_path / "events.gpkg"
    args = ["ingest", str(SEED), "--published", "2024-09-18", "--store", str(store)]
    assert main(args) == 0
    assert main(args) == 0
    assert len(open_store(store).load()) == 2
    other = tmp_path / "other.txt"
    other.write_text(
        "published: 2024-09-18\nsource: Other wire\n\n"
        "Hier, le JNIM a attaqué l'école de gendarmerie de Faladié à Bamako.",
        encoding="utf-8",
    )
    assert main(["ingest", str(other), "--store", str(store)]) == 0
    stored = open_store(store).load()
    assert len(stored) == 2
    assert any("Other wire" in e.source for e in stored)


def test_all_test_reports_ingest_through_the_cli(tmp_path, capsys):
    files = [str(p) for p in sorted(REPORTS.glob("*.txt"))]
    assert main(["ingest", *files, "--dry-run"]) == 0
    expected = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))
    n = sum(len(v) for k, v in expected.items() if not k.startswith("_"))
    assert len(json.loads(capsys.readouterr().out)) == n


def test_double_encoded_text_is_refused(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_text(
        "Hier à Ménaka, des hommes armés ont attaqué l’école.".encode().decode("latin-1"), "utf-8"
    )
    with pytest.raises(IngestError, match="mis-encoded"):
        read_report(path)
