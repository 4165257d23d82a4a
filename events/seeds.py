"""Hand-coded seed events: ``seeds/NAME.events.json`` beside the report ``seeds/NAME.txt``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from events.frame import row_to_event, to_frame
from events.model import Event, EventValidationError
from events.validate import check_countries
from geo.boundaries import load_countries

SEED_SUFFIX = ".events.json"


class SeedError(ValueError):
    """A seed file is malformed or a quote does not match its report; names the file."""


@dataclass(frozen=True)
class SeedDocument:
    """A report and the events an analyst coded from it."""

    report_path: Path
    text: str
    events: tuple[Event, ...]


def load_seed_documents(seeds_dir: Path) -> list[SeedDocument]:
    """Read every ``*.events.json`` in ``seeds_dir`` with its report, checking every quote.

    Raises
    ------
    SeedError
        When a record does not validate or an evidence quote is not found at its offsets.
    """
    docs = []
    for path in sorted(seeds_dir.glob(f"*{SEED_SUFFIX}")):
        docs.append(_load_one(path))
    return docs


def load_seed_events(seeds_dir: Path) -> list[Event]:
    """Return the events of every seed document in ``seeds_dir``."""
    return [e for doc in load_seed_documents(seeds_dir) for e in doc.events]


def _load_one(path: Path) -> SeedDocument:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SeedError(f"{path}: cannot read seed file: {exc}") from exc
    report = path.with_name(raw.get("report") or path.name.removesuffix(SEED_SUFFIX) + ".txt")
    try:
        text = report.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"{path}: cannot read its report {report.name}: {exc}") from exc
    events = []
    for i, record in enumerate(raw.get("events", [])):
        try:
            event = row_to_event(
                {
                    **record,
                    "evidence": json.dumps(record.get("evidence", {}), ensure_ascii=False),
                    "fatality_claims": json.dumps(
                        record.get("fatality_claims", []), ensure_ascii=False
                    ),
                }
            )
        except (EventValidationError, KeyError, TypeError, ValueError) as exc:
            raise SeedError(f"{path}: event #{i}: {exc}") from exc
        _check_quotes(path, event, text)
        events.append(event)
    try:
        check_countries(to_frame(events), load_countries())
    except EventValidationError as exc:
        raise SeedError(f"{path}: {exc}") from exc
    return SeedDocument(report_path=report, text=text, events=tuple(events))


def _check_quotes(path: Path, event: Event, text: str) -> None:
    for name, quotes in event.evidence.items():
        for q in quotes:
            if text[q.start : q.end] != q.quote:
                raise SeedError(
                    f"{path}: event {event.event_id!r}: {name} quote {q.quote!r} is not at "
                    f"[{q.start}:{q.end}] of {path.name}"
                )
