"""Robust input: a few lost characters warn, binary is refused, reading is bounded."""

from __future__ import annotations

import os
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
