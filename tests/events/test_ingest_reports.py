from __future__ import annotations

import json

import pytest

from extract import extract_events, read_report

from .conftest import REPORTS, SEED

EXPECTED = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))
FIELDS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2")


def _row(e):
    return {
        "event_date": e.event_date.isoformat(),
        "time_precision": e.time_precision,
        "location": e.location,
        "event_type": e.event_type.value,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "fatalities_low": e.fatalities_low,
        "fatalities_high": e.fatalities_high,
    }


@pytest.mark.parametrize("name", CASES)
def test_report_yields_expected_events(name, gaz, registry):
    got = extract_events(read_report(REPORTS / name), gazetteer=gaz, registry=registry)
    key = lambda r: (r["event_date"], r["location"])  # noqa: E731
    assert sorted((_row(e) for e in got), key=key) == sorted(EXPECTED[name], key=key)


@pytest.mark.parametrize("path", [*sorted(REPORTS.glob("*.txt")), SEED], ids=lambda p: p.name)
def test_every_evidence_quote_is_at_its_offsets(path, gaz, registry):
    doc = read_report(path, published="2024-09-18" if path == SEED else None)
    for e in extract_events(doc, gazetteer=gaz, registry=registry):
        assert e.evidence, e.event_id
        for field in ("event_date", "event_type", "location", "actor1", "latitude"):
            assert e.evidence.get(field), (e.event_id, field)
        for field, quotes in e.evidence.items():
            for q in quotes:
                assert doc.text[q.start : q.end] == q.quote, (e.event_id, field, q)
        for claim in e.fatality_claims:
            assert claim.quote in doc.text
