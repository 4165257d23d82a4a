"""The event record: ACLED-compatible columns plus site, uncertainty, ranges and evidence."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    EXPLOSIONS = "Explosions/Remote violence"
    RIOTS = "Riots"
    PROTESTS = "Protests"
    STRATEGIC = "Strategic developments"


SUB_EVENT_TYPES: dict[EventType, tuple[str, ...]] = {
    EventType.BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    EventType.EXPLOSIONS: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    EventType.RIOTS: ("Violent demonstration", "Mob violence"),
    EventType.PROTESTS: (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    EventType.STRATEGIC: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


class Status(StrEnum):
    """Review state of a record: drafts come from extraction, verified from a person."""

    DRAFT = "draft"
    VERIFIED = "verified"


#: ACLED time_precision: 1 exact day, 2 within a week, 3 within a month (or vaguer).
TIME_PRECISIONS = (1, 2, 3)
#: ACLED geo_precision: 1 the named place (or a site in it), 2 near it / part of a
#: region, 3 only a region or province known.
GEO_PRECISIONS = (1, 2, 3)


class EventValidationError(ValueError):
    """A record field holds an impossible value; names the field and the value."""

    def __init__(self, field_name: str, value: object, reason: str, *, event_id: str = "") -> None:
        self.field = field_name
        self.value = value
        self.reason = reason
        self.event_id = event_id
        where = f"event {event_id!r}: " if event_id else ""
        super().__init__(f"{where}field {field_name!r} = {value!r}: {reason}")


@dataclass(frozen=True)
class Evidence:
    """A quote of the source text that supports a coded field, with its character offsets.

    ``text[start:end] == quote`` must hold for the source ``text`` the record came from.
    """

    quote: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"quote": self.quote, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """Build from a mapping with ``quote``, ``start`` and ``end``."""
        return cls(quote=str(data["quote"]), start=int(data["start"]), end=int(data["end"]))


@dataclass(frozen=True)
class FatalityClaim:
    """One claimant's toll (army, armed group, witnesses, hospital...), never summed with others."""

    claimant: str
    low: int
    high: int | None
    quote: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"claimant": self.claimant, "low": self.low, "high": self.high, "quote": self.quote}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FatalityClaim:
        """Build from a mapping."""
        high = data.get("high")
        return cls(
            claimant=str(data["claimant"]),
            low=int(data["low"]),
            high=None if high is None else int(high),
            quote=str(data.get("quote", "")),
        )


@dataclass(frozen=True)
class Event:
    """One coded event, validated on construction.

    Example
    -------
    >>> Event(event_id="x", event_date=dt.date(2024, 9, 17), event_type=EventType.BATTLES,
    ...       sub_event_type="Armed clash", actor1="JNIM", iso3="MLI", country="Mali",
    ...       location="Bamako", latitude=12.6, longitude=-8.0).geo_precision
    1
    """

    event_id: str
    event_date: dt.date
    event_type: EventType
    sub_event_type: str
    actor1: str
    iso3: str
    country: str
    location: str
    latitude: float
    longitude: float
    time_precision: int = 1
    assoc_actor_1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    admin1: str = ""
    admin2: str = ""
    geo_precision: int = 1
    fatalities: int = 0
    source: str = ""
    notes: str = ""
    site: str = ""
    uncertainty_m: float = 0.0
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    fatality_claims: tuple[FatalityClaim, ...] = ()
    source_url: str = ""
    language: str = ""
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    incident_id: str = ""
    status: Status = Status.DRAFT
    status_reason: str = ""
    # ACLED's codebook columns beyond ours (kept so an ACLED export loses nothing)
    disorder_type: str = ""
    civilian_targeting: str = ""
    inter1: str = ""
    inter2: str = ""
    interaction: str = ""
    region: str = ""
    admin3: str = ""
    source_scale: str = ""
    tags: str = ""
    timestamp: int | None = None
    # the source's own actor names, before they were mapped to our canonical ones
    source_actor1: str = ""
    source_assoc_actor_1: str = ""
    source_actor2: str = ""
    source_assoc_actor_2: str = ""
    # UCDP GED's own fields
    type_of_violence: int | None = None
    date_end: str = ""
    deaths_a: int | None = None
    deaths_b: int | None = None
    deaths_civilians: int | None = None
    deaths_unknown: int | None = None

    def __post_init__(self) -> None:
        _check_event(self)

    def actors(self) -> tuple[str, ...]:
        """Every actor named in any role (actor1, actor2, associated actors)."""
        names: list[str] = []
        for value in (self.actor1, self.assoc_actor_1, self.actor2, self.assoc_actor_2):
            names.extend(split_actors(value))
        return tuple(dict.fromkeys(names))

    def with_changes(self, **changes: Any) -> Event:
        """Return a validated copy with some fields replaced."""
        return replace(self, **changes)


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))


def split_actors(value: str) -> list[str]:
    """Split an ACLED multi-actor cell (``"A; B"``) into names."""
    return [part.strip() for part in value.split(";") if part.strip()]


def _check_event(ev: Event) -> None:
    def fail(name: str, value: object, reason: str) -> None:
        raise EventValidationError(name, value, reason, event_id=ev.event_id)

    if not isinstance(ev.event_id, str) or not ev.event_id.strip():
        fail("event_id", ev.event_id, "must be a non-empty string")
    if not isinstance(ev.event_date, dt.date) or isinstance(ev.event_date, dt.datetime):
        fail("event_date", ev.event_date, "must be a date")
    if not dt.date(1900, 1, 1) <= ev.event_date <= dt.date(2100, 1, 1):
        fail("event_date", ev.event_date, "outside 1900-2100")
    try:
        event_type = EventType(ev.event_type)
    except ValueError:
        fail(
            "event_type",
            ev.event_type,
            f"unknown event type; one of {[t.value for t in EventType]}",
        )
    else:
        object.__setattr__(ev, "event_type", event_type)
        if ev.sub_event_type and ev.sub_event_type not in SUB_EVENT_TYPES[event_type]:
            fail(
                "sub_event_type", ev.sub_event_type, f"not a sub-event type of {event_type.value!r}"
            )
    if ev.time_precision not in TIME_PRECISIONS:
        fail("time_precision", ev.time_precision, "must be 1, 2 or 3")
    if ev.geo_precision not in GEO_PRECISIONS:
        fail("geo_precision", ev.geo_precision, "must be 1, 2 or 3")
    if not ev.actor1.strip():
        fail("actor1", ev.actor1, "must name an actor (use 'Unidentified armed group' if unknown)")
    if not (
        isinstance(ev.iso3, str) and len(ev.iso3) == 3 and ev.iso3.isalpha() and ev.iso3.isupper()
    ):
        fail("iso3", ev.iso3, "must be an ISO 3166-1 alpha-3 code")
    for name, lo, hi in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
        value = getattr(ev, name)
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not lo <= value <= hi:
            fail(name, value, f"must be a number in [{lo:g}, {hi:g}]")
    if not math.isfinite(ev.uncertainty_m) or ev.uncertainty_m < 0:
        fail("uncertainty_m", ev.uncertainty_m, "must be a non-negative number of metres")
    if ev.fatalities < 0:
        fail("fatalities", ev.fatalities, "must be >= 0")
    for name in ("timestamp", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"):
        if getattr(ev, name) is not None and getattr(ev, name) < 0:
            fail(name, getattr(ev, name), "must be >= 0")
    if ev.type_of_violence not in (None, 1, 2, 3):
        fail("type_of_violence", ev.type_of_violence, "must be 1, 2 or 3 (UCDP GED)")
    if ev.date_end and not _is_iso_date(ev.date_end):
        fail("date_end", ev.date_end, "must be a date (YYYY-MM-DD) or empty")
    if ev.fatalities_low is not None and ev.fatalities_low < 0:
        fail("fatalities_low", ev.fatalities_low, "must be >= 0")
    if ev.fatalities_high is not None and ev.fatalities_high < 0:
        fail("fatalities_high", ev.fatalities_high, "must be >= 0")
    if (
        ev.fatalities_low is not None
        and ev.fatalities_high is not None
        and ev.fatalities_low > ev.fatalities_high
    ):
        fail(
            "fatalities_low",
            ev.fatalities_low,
            f"greater than fatalities_high ({ev.fatalities_high})",
        )
    try:
        object.__setattr__(ev, "status", Status(ev.status))
    except ValueError:
        fail("status", ev.status, "must be 'draft' or 'verified'")
    for name, quotes in ev.evidence.items():
        if name not in _EVIDENCE_FIELDS:
            fail("evidence", name, "evidence for an unknown field")
        for quote in quotes:
            if (
                quote.start < 0
                or quote.end < quote.start
                or quote.end - quote.start != len(quote.quote)
            ):
                fail("evidence", quote, f"offsets of the {name!r} quote do not match its length")


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


_EVIDENCE_FIELDS = frozenset(
    f.name for f in fields(Event) if f.name not in {"evidence", "event_id", "status"}
)
