"""Two Add report sessions pressing Save at the same moment: both saves land."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from events.cli import main
from events.io.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_e244a61c166959a2.txt"


def save_at_once(store: str, reports: list[tuple[Path, str]], tmp: Path) -> list[str]:
    """Run one page session per report in its own process; release their Saves together."""
    go = tmp / "go"
    env = {**os.environ, "SAHELMAP_STORE": store, "PYTHONPATH": str(ROOT)}
    procs, ready = [], []
    for i, (report, source) in enumerate(reports):
        ready.append(tmp / f"ready-{i}")
        args = [str(report), source, str(ready[-1]), str(go)]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.app.save_session", *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.monotonic() + 240
    while not all(r.exists() for r in ready):
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        assert time.monotonic() < deadline, "sessions never got ready"
        time.sleep(0.05)
    go.touch()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        outs.append(out)
    return outs


@pytest.fixture
def seed_store(store_location, tmp_path):
    """A store holding the seed events (GeoPackage or PostGIS)."""
    assert main(["build-store", "--store", store_location]) == 0
    return store_location


def test_two_sessions_merging_into_one_event_keep_both_sources(seed_store, tmp_path):
    save_at_once(seed_store, [(SEED, "Wire A"), (SEED, "Wire B")], tmp_path)
    store = open_store(seed_store)
    airport = store.get(["seed-000-airport"]).iloc[0]
    assert "Wire A" in airport["source"]
    assert "Wire B" in airport["source"]
    merges = [c for c in store.history("seed-000-airport") if c.action == "merge"]
    assert len(merges) == 2
    assert {c.reason for c in merges} == {"Add report: pasted text"}


def test_two_sessions_saving_new_events_both_land(seed_store, tmp_path):
    gao = tmp_path / "gao.txt"
    gao.write_text("Hier, des hommes armés du JNIM ont attaqué un poste de l'armée à Gao.", "utf-8")
    kidal = tmp_path / "kidal.txt"
    kidal.write_text("Hier, l'État islamique a attaqué un camp militaire à Ménaka.", "utf-8")
    before = open_store(seed_store).count()
    save_at_once(seed_store, [(gao, "Wire A"), (kidal, "Wire B")], tmp_path)
    store = open_store(seed_store)
    assert store.count() == before + 2
    created = [c for c in store.history() if c.reason == "Add report: pasted text"]
    assert len(created) == 2
