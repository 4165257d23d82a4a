"""The default store: the hand-coded seed events (and, later, the shipped history)."""

from __future__ import annotations

from pathlib import Path

from events.seeds import load_seed_events
from events.store import EventStore


def build_default_store(store: EventStore, seeds_dir: Path) -> str:
    """Write the seed events to ``store`` (replacing it); return a one-line summary."""
    events = load_seed_events(seeds_dir)
    store.write(events)
    return f"{len(events)} seed events"
