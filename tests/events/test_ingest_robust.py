"""Robust input: a few lost characters warn, binary is refused, reading is bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.report import IngestError, parse_report, read_report


def test_a_few_replacement_characters_give_a_warning_not_a_refusal():
    doc = parse_report("Des hommes armés ont attaqué l\ufffdarmée à Gao hier. " * 3)
    assert doc.warnings
    assert "replacement" in doc.warnings[0]


def test_a_control_character_warns():
    assert parse_report("Attack in Gao\x07 on Monday.").warnings


def test_clean_text_has_no_warning():
    assert parse_report("Attaque à Gao.").warnings == ()


def test_mostly_replacement_characters_is_refused():
    with pytest.raises(IngestError, match="mis-encoded"):
        parse_report("\ufffd\ufffd abc " * 40)


def test_warnings_do_not_change_the_content_key():
    a = parse_report("Attaque à Gao.")
    b = parse_report("Attaque à Gao.", file_name="other.txt")
    assert a.content_key() == b.content_key()


@pytest.mark.skipif(not Path("/dev/urandom").exists(), reason="no /dev/urandom")
def test_endless_input_is_read_bounded_and_refused():
    with pytest.raises(IngestError, match="more than"):
        read_report("/dev/urandom")  # an endless file: refused after MAX_BYTES + 1 bytes


def test_binary_is_refused(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(os.urandom(2000))
    with pytest.raises(IngestError):
        read_report(path)


def test_cli_refuses_binary_before_loading_the_table_libraries(tmp_path):
    # `sahelmap ingest` of a binary file fails on reading, before pandas or geopandas
    # (a second or more to import) are loaded: a clear error, at once.
    path = tmp_path / "x.bin"
    path.write_bytes(os.urandom(4000))
    probe = (
        "import sys; from events.cli import main; rc = main(['ingest', sys.argv[1]]); "
        "print(rc, sorted({'pandas', 'geopandas'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "1 []"
    assert f"sahelmap ingest: error: {path}" in done.stderr


def test_cli_registers_every_subcommand_for_help():
    from events.cli import build_parser

    text = build_parser().format_help()
    for command in ("export", "build-store", "ingest", "import", "history", "store", "users"):
        assert command in text
