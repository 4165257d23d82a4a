from __future__ import annotations

from pathlib import Path

import pytest

from events.actors import load_actor_registry
from geo.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_e244a61c166959a2.txt"
REPORTS = Path(__file__).resolve().parent / "reports"


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="session")
def registry():
    return load_actor_registry()
