from __future__ import annotations

import pytest

from events.actors import load_actor_registry
from extract import extract_events, parse_report
from geo.gazetteer import load_gazetteer


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="session")
def registry():
    return load_actor_registry()


@pytest.fixture
def code(gaz, registry):
    """Code one short report written for the test: ``code(text, published, lang)``."""

    def run(text: str, published: str, lang: str | None = None):
        doc = parse_report(text, published=published, language=lang)
        return extract_events(doc, gazetteer=gaz, registry=registry)

    return run
