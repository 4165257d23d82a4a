"""`sahelmap export` with unknown filter values, and a missing default store."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from events.cli import main, suggest_values
from events.io.store import open_store


@pytest.fixture
def seed_store(tmp_path, seed_events):
    store = open_store(tmp_path / "seeds.gpkg")
    store.write(seed_events)
    return store


def export(capsys, store, *args: str) -> tuple[int, str, str]:
    code = main(["export", "--format", "csv", "--store", str(store.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("option", "value", "suggestion"),
    [
        ("--actor", "jnim", "'JNIM'"),
        ("--actor", "JNlM", "'JNIM'"),
        ("--country", "mali", "'Mali'"),
        ("--country", "Malli", "'Mali'"),
    ],
)
def test_unknown_value_warns_suggests_and_fails(capsys, seed_store, option, value, suggestion):
    code, out, err = export(capsys, seed_store, option, value)
    assert code == 1
    assert out == ""  # not even a header: nothing matched
    assert f"{option} {value!r} matches no stored event" in err
    assert f"did you mean {suggestion}" in err
    assert "nothing written" in err


def test_unknown_value_beside_a_known_one_warns_and_exports(capsys, seed_store):
    code, out, err = export(capsys, seed_store, "--actor", "JNIM", "--actor", "Boko Haramm")
    assert code == 0
    assert len(out.strip().splitlines()) == 3  # header and the two seed events
    assert "'Boko Haramm' matches no stored event" in err


def test_no_suggestion_when_nothing_is_close(capsys, seed_store):
    code, _, err = export(capsys, seed_store, "--actor", "Zzyzx Qwerty")
    assert code == 1
    assert "matches no stored event\n" in err
    assert "did you mean" not in err


def test_known_values_with_no_events_are_not_an_error(capsys, seed_store):
    code, out, err = export(capsys, seed_store, "--start", "2030-01-01")
    assert code == 0
    assert out.startswith("event_id") or out.count("\n") == 1
    assert "warning" not in err


def test_suggest_values():
    assert suggest_values("jnim", ["JNIM", "ISWAP"]) == ["JNIM"]
    assert suggest_values("Mali", []) == []


def test_missing_default_store_from_another_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SAHELMAP_STORE"}
    got = subprocess.run(
        [sys.executable, "-m", "events", "export", "--format", "csv"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert got.returncode == 2
    assert got.stdout == ""
    assert str(tmp_path / "data" / "events.gpkg") in got.stderr
    assert "relative to the current folder" in got.stderr
    assert "sahelmap build-store" in got.stderr
    assert "Traceback" not in got.stderr
