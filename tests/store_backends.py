"""Fixtures for tests that run on every store backend (pytest plugin).

``any_store`` is an empty store of each kind: a GeoPackage in ``tmp_path`` and a
fresh database on the session's PostgreSQL server (see ``tests/pg_server.py``).
``synthetic_frame`` makes many valid events quickly (vectorised, no ``Event`` objects).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import geopandas as gpd

from events.frame import COLUMNS, frame_from_table
from events.io.store import EventStore, open_store

BACKENDS = ("gpkg", "postgis")


def synthetic_frame(
    n: int, *, prefix: str = "syn", start: int = 0, seed: int = 0
) -> gpd.GeoDataFrame:
    """Return ``n`` valid draft events with ids ``{prefix}-{start}`` onwards."""
    rng = np.random.default_rng(seed)
    ids = np.char.add(f"{prefix}-", np.arange(start, start + n).astype(str))
    days = rng.integers(0, 3650, n)
    values: dict[str, object] = dict.fromkeys(COLUMNS, "")
    values.update(
        event_id=ids,
        event_date=pd.Timestamp("2015-01-01") + pd.to_timedelta(days, unit="D"),
        time_precision=1,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="JNIM",
        iso3="MLI",
        country="Mali",
        location="Somewhere",
        latitude=rng.uniform(12, 16, n).round(5),
        longitude=rng.uniform(-8, -1, n).round(5),
        geo_precision=1,
        fatalities=rng.integers(0, 20, n),
        uncertainty_m=0.0,
        fatalities_low=pd.array([None] * n, dtype="Int64"),
        fatalities_high=pd.array([None] * n, dtype="Int64"),
        fatality_claims="[]",
        evidence="{}",
        notes=np.char.add("synthetic note ", ids),
        status="draft",
    )
    return frame_from_table(pd.DataFrame(values, index=range(n)))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_location(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    """Where an empty store of ``backend`` is: a GeoPackage path or a database URL."""
    if backend == "postgis":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "events.gpkg")


@pytest.fixture
def any_store(store_location: str) -> EventStore:
    return open_store(store_location)
