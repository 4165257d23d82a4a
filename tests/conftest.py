"""Shared fixtures: the project's seed events and a factory for valid events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from events.model import Event, EventType
from events.seeds import load_seed_events

pytest_plugins = ["tests.pg_server", "tests.store_backends"]

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "seeds"


def make_event(**changes: object) -> Event:
    """Return a valid event (JNIM in Bamako on 2024-09-17) with ``changes`` applied."""
    values: dict[str, object] = {
        "event_id": "ev-1",
        "event_date": dt.date(2024, 9, 17),
        "event_type": EventType.BATTLES,
        "sub_event_type": "Armed clash",
        "actor1": "JNIM",
        "iso3": "MLI",
        "country": "Mali",
        "admin1": "Bamako",
        "location": "Bamako",
        "latitude": 12.6,
        "longitude": -8.0,
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_events(seeds_dir: Path) -> list[Event]:
    return load_seed_events(seeds_dir)


@pytest.fixture
def mixed_events() -> list[Event]:
    """Five events over three countries, four dates, several types and actor roles."""
    return mixed_event_list()


def mixed_event_list() -> list[Event]:
    """Return the events of the ``mixed_events`` fixture (ids ``a`` to ``e``)."""
    return [
        make_event(event_id="a", actor2="Military Forces of Mali"),
        make_event(
            event_id="b",
            event_date=dt.date(2024, 9, 18),
            event_type=EventType.PROTESTS,
            sub_event_type="Peaceful protest",
            actor1="Protesters (Mali)",
            assoc_actor_1="Students (Mali); Teachers (Mali)",
            admin1="Bamako",
        ),
        make_event(
            event_id="c",
            event_date=dt.date(2024, 8, 1),
            event_type=EventType.EXPLOSIONS,
            sub_event_type="Air/drone strike",
            actor1="Military Forces of Burkina Faso",
            actor2="JNIM",
            iso3="BFA",
            country="Burkina Faso",
            admin1="Sahel",
            location="Djibo",
            latitude=14.1,
            longitude=-1.63,
        ),
        make_event(
            event_id="d",
            event_date=dt.date(2024, 10, 5),
            event_type=EventType.VIOLENCE_AGAINST_CIVILIANS,
            sub_event_type="Attack",
            actor1="Islamic State Sahel",
            actor2="Civilians (Niger)",
            iso3="NER",
            country="Niger",
            admin1="Tillaberi",
            location="Tillaberi",
            latitude=14.2,
            longitude=1.45,
            fatalities=12,
            fatalities_low=10,
            fatalities_high=15,
        ),
        make_event(
            event_id="e",
            event_date=dt.date(2024, 9, 17),
            event_type=EventType.STRATEGIC,
            sub_event_type="Arrests",
            actor1="Police Forces of Mali",
            assoc_actor_2="JNIM; Katiba Macina",
            actor2="Civilians (Mali)",
            location="Kati",
            admin1="Koulikoro",
            latitude=12.74,
            longitude=-8.07,
        ),
    ]
