"""Match draft events to stored ones: same day ±1, within 10 km, a shared actor → merge.

A merged event keeps the stored record (its id, its verified fields) and grows its
sources: the draft's source, URL and evidence-free note are appended, and fatality
claims of new claimants are added (never summed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from events.model import Event

MAX_DAYS = 1
MAX_KM = 10.0


@dataclass(frozen=True)
class Match:
    """A draft and the stored event it matches (``stored`` is ``None`` when new)."""

    draft: Event
    stored: Event | None
    distance_km: float = 0.0


def distance_km(a: Event, b: Event) -> float:
    """Great-circle distance between two events in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def find_match(draft: Event, stored: Sequence[Event]) -> Match:
    """Return the closest stored event matching ``draft``, or a :class:`Match` with none.

    Example
    -------
    >>> find_match(draft, store.load()).stored  # doctest: +SKIP
    """
    best: Match | None = None
    actors = set(draft.actors())
    for ev in stored:
        if ev.event_id == draft.event_id:
            return Match(draft, ev, 0.0)
        if abs((ev.event_date - draft.event_date).days) > MAX_DAYS:
            continue
        if not actors & set(ev.actors()):
            continue
        km = distance_km(draft, ev)
        if km <= MAX_KM and (best is None or km < best.distance_km):
            best = Match(draft, ev, km)
    return best or Match(draft, None)


def merge_into(stored: Event, draft: Event) -> Event:
    """Return ``stored`` with the draft's source, URL and new fatality claims added."""
    sources = _join(stored.source, draft.source)
    urls = _join(stored.source_url, draft.source_url)
    known = {(c.claimant, c.low, c.high) for c in stored.fatality_claims}
    claims = stored.fatality_claims + tuple(
        c for c in draft.fatality_claims if (c.claimant, c.low, c.high) not in known
    )
    return stored.with_changes(source=sources, source_url=urls, fatality_claims=claims)


def _join(old: str, new: str) -> str:
    parts = [p.strip() for p in old.split(";") if p.strip()]
    for p in new.split(";"):
        if p.strip() and p.strip() not in parts:
            parts.append(p.strip())
    return "; ".join(parts)
