"""Frames (one place and day of a report) and the rules applied to the drafts built from them.

`extract` opens and extends frames sentence by sentence; the functions here
finish the job: tolls that no frame took, region-level duplicates, evidence of
roles moved by `extract.role_rules`, incidents, ids and ACLED location fields.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

from events.actors import CIVILIANS, ActorMention, ActorRegistry
from events.model import FatalityClaim
from extract.cues import Cue
from extract.dates import DateMention
from extract.places import PlaceHit
from extract.role_rules import find_civilian_word
from extract.roles import RoleMention, Roles, is_claim, side_of
from extract.text import FoldedText, Span
from extract.tolls import Toll
from geo.gazetteer import Place

_COORDINATED = (
    "المزدوج", "في الوقت نفسه", "في نفس الوقت", "متزامن", "simultan", "coordonn",
    "au meme moment", "double attaque", "coordinated", "simultaneous", "twin attack",
    "double attack", "at the same time",
)  # fmt: skip


@dataclass
class SentenceMentions:
    """What the recognisers found in one sentence of the report."""

    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    tolls: list[Toll] = field(default_factory=list)


@dataclass
class Frame:
    """The sentences, places, cues and tolls of one place and day (one draft event)."""

    place: PlaceHit
    date: DateMention | None
    date_value: dt.date
    sentences: list[int] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    side_cues: list[Cue] = field(default_factory=list)
    tolls: list[Toll] = field(default_factory=list)
    near: list[bool] = field(default_factory=list)


def attach_stray_tolls(frames: list[Frame], by_sent: list[SentenceMentions]) -> None:
    """Give a toll no frame took to the nearest earlier frame of the same day.

    "Le bilan fait état de 40 morts", paragraphs after the attack it counts: a
    sentence with no place of its own and no other date belongs to the last event.
    Frames that already have a toll keep theirs.
    """
    taken = {id(t) for f in frames for t in f.tolls}
    for i, info in enumerate(by_sent):
        stray = [t for t in info.tolls if id(t) not in taken]
        if not stray or any(p.place.kind != "country" for p in info.places):
            continue
        before = [f for f in frames if f.sentences and min(f.sentences) <= i]
        if not before:
            continue
        frame = max(before, key=lambda f: max(s for s in f.sentences if s <= i))
        dates = {d.date for d in info.dates if d.date is not None}
        if (dates and dates != {frame.date_value}) or frame.tolls:
            continue
        frame.tolls.extend(stray)  # its sentence adds no actors or cues: only the count
        taken.update(id(t) for t in stray)


def folded_sentence(ft: FoldedText, sent: Span) -> str:
    """Return the folded text of one sentence."""
    return ft.folded[folded_index(ft, sent.start) : folded_index(ft, sent.end)]


def link_incidents(
    drafts: list[dict[str, Any]], ft: FoldedText, sentences: list[Span], source_key: str
) -> None:
    """Give the events of one day and one named perpetrator a shared incident id."""
    groups: dict[tuple[dt.date, str], list[dict[str, Any]]] = {}
    for d in drafts:
        groups.setdefault((d["event_date"], d["actor1"]), []).append(d)
    for (_, actor), members in groups.items():
        if len(members) < 2 or actor.startswith("Unidentified"):
            continue
        ids = sorted(d["event_id"] for d in members)
        incident = "inc-" + hashlib.sha1("|".join(ids).encode()).hexdigest()[:12]
        quote = _coordination_span(ft, sentences, members)
        for d in members:
            d["incident_id"] = incident
            if quote is not None:
                d["evidence"]["incident_id"] = [quote]


def _coordination_span(
    ft: FoldedText, sentences: list[Span], members: list[dict[str, Any]]
) -> Span | None:
    for i in sorted({i for d in members for i in d["_sentences"]}):
        sent = sentences[i]
        a, b = folded_index(ft, sent.start), folded_index(ft, sent.end)
        for word in _COORDINATED:
            k = ft.folded.find(word, a, b)
            if k != -1:
                s, e = ft.span(k, k + len(word))
                return Span(s, e, ft.text[s:e])
    return None


#: An event "near" a town is placed at the town with at least this uncertainty.
NEAR_M = 10_000


def is_near(frame: Frame) -> bool:
    """Whether every mention of the frame's place says near it."""
    return bool(frame.near) and all(frame.near)


def geo_precision_of(place: Place, frame: Frame) -> int:
    """ACLED geo_precision: 1 the place itself, 2 near it or in its district, 3 a region."""
    if place.kind == "region":
        return 3
    near = is_near(frame) or frame.place.distance_m > 0
    return max(place.geo_precision, 2) if near else place.geo_precision


def location_of(place: Place) -> str:
    """Return the ACLED location name of a place."""
    if place.kind == "site":
        return place.city or place.admin2 or place.admin1 or place.name
    if place.kind == "neighbourhood" and place.city:
        return f"{place.city} - {place.name}"
    return place.name


def drop_region_duplicates(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a region-level event when the report places one that day inside the region.

    "Attack in the Sahel region ... at Seytenga": the region only says where the
    town is; the event is the town's. Its toll goes to the town when the town has none.
    """
    out = []
    for d in drafts:
        inside = [
            o
            for o in drafts
            if d["geo_precision"] == 3
            and o is not d
            and o["geo_precision"] < 3
            and o["iso3"] == d["iso3"]
            and o["admin1"] == d["admin1"]
            and abs((o["event_date"] - d["event_date"]).days) <= 1
        ]
        if not inside:
            out.append(d)
            continue
        town = inside[0]
        if not town["fatalities"] and d["fatalities"]:
            for key in ("fatalities", "fatalities_low", "fatalities_high", "fatality_claims"):
                town[key] = d[key]
            for key in ("fatalities", "fatalities_low", "fatalities_high", "fatality_claims"):
                if key in d["evidence"]:
                    town["evidence"][key] = d["evidence"][key]
    return out


#: A village this close to a town named the same day is where the town's event was.
TOWN_RADIUS_KM = 40.0


def drop_town_duplicates(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop a town's event when the report places one that day at a village nearby.

    "Insurgents killed 25 civilians near Gao on Friday ... they struck near the village
    of X, 30 km from Gao": one event, at the village, with the town's toll and target
    when it has none. Two villages stay two events.
    """
    out = []
    for d in drafts:
        village = next(
            (
                o
                for o in drafts
                if not d["_village"]
                and o["_village"]
                and o["event_date"] == d["event_date"]
                and o["iso3"] == d["iso3"]
                and _km(d, o) <= TOWN_RADIUS_KM
            ),
            None,
        )
        if village is None:
            out.append(d)
            continue
        if not village["actor2"] and d["actor2"]:  # the town's sentences named the target
            for key in ("event_type", "sub_event_type", "actor2", "assoc_actor_2"):
                village[key] = d[key]
                if key in d["evidence"]:
                    village["evidence"][key] = d["evidence"][key]
        if not village["fatalities"] and d["fatalities"]:
            for key in ("fatalities", "fatalities_low", "fatalities_high", "fatality_claims"):
                village[key] = d[key]
                if key in d["evidence"]:
                    village["evidence"][key] = d["evidence"][key]
    return out


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    dlat = math.radians(b["latitude"] - a["latitude"])
    dlon = math.radians(b["longitude"] - a["longitude"]) * math.cos(math.radians(a["latitude"]))
    return 6371.0 * math.hypot(dlat, dlon)


def moved_evidence(
    roles: Roles,
    actor1: str,
    actor2: str,
    cue: Cue,
    ft: FoldedText,
    sentences: list[Span],
    frame: Frame,
) -> dict[str, tuple[Span, ...]]:
    """Evidence of the roles after `fix_roles`: a moved actor keeps its quotes."""
    old = roles.evidence
    out = {k: v for k, v in old.items() if k not in ("actor1", "actor2")}
    for role, actor in (("actor1", actor1), ("actor2", actor2)):
        if not actor:
            continue
        if actor == roles.actor1 and old.get("actor1"):
            out[role] = old["actor1"]
        elif actor == roles.actor2 and old.get("actor2"):
            out[role] = old["actor2"]
        elif actor == CIVILIANS:
            out[role] = _civilian_spans(ft, sentences, frame) or (span_of(cue),)
        else:
            out[role] = (span_of(cue),)  # the act names its actor: a coup, an air strike
    return out


def _civilian_spans(ft: FoldedText, sentences: list[Span], frame: Frame) -> tuple[Span, ...]:
    for i in dict.fromkeys(frame.sentences):
        a = folded_index(ft, sentences[i].start)
        found = find_civilian_word(folded_sentence(ft, sentences[i]))
        if found:
            s, e = ft.span(a + found[0], a + found[1])
            return (Span(s, e, ft.text[s:e]),)
    return ()


def with_country(actor: str, country: str) -> str:
    """Name civilians by their country, as ACLED does: "Civilians (Mali)"."""
    return f"{actor} ({country})" if actor == CIVILIANS and country else actor


def stable_id(source: str, place_id: str, date: dt.date) -> str:
    """Return the event id: a hash of the report's content key, place and day."""
    digest = hashlib.sha1(f"{source}|{place_id}|{date.isoformat()}".encode()).hexdigest()
    return f"ing-{digest[:16]}"


def span_of(item: DateMention | Cue) -> Span:
    """Return the span of a date mention or a cue."""
    return Span(item.start, item.end, item.quote)


def folded_index(ft: FoldedText, original: int) -> int:
    """Map an offset of the original text to the folded text."""
    return bisect.bisect_left(ft.offsets, original)


def credit_claims(
    drafts: list[dict[str, Any]],
    ft: FoldedText,
    sentences: list[Span],
    by_sent: list[SentenceMentions],
    registry: ActorRegistry,
) -> None:
    """Make the group that claims an attack its actor1, wherever the report says so.

    "JNIM claimed responsibility" paragraphs after the attack: events of the claim's
    day (or of the report, when the claim has no date) whose perpetrator is unnamed.
    """
    for i, sent in enumerate(sentences):
        info = by_sent[i]
        if not info.actors or not is_claim(folded_sentence(ft, sent)):
            continue
        if any(p.place.kind != "country" for p in info.places):
            continue  # a claim naming its place was coded with that event
        day = next((d.date for d in info.dates if d.date is not None), None)
        for m in info.actors:
            for d in drafts:
                if not d["actor1"].startswith("Unidentified"):
                    continue
                if day is not None and abs((d["event_date"] - day).days) > 1:
                    continue
                actor, assoc = registry.resolve(m.entry, on=d["event_date"], country=d["country"])
                if not actor or side_of(actor, registry.kind_of(actor)) != "armed":
                    continue
                if actor.startswith("Unidentified") or actor == d["actor2"]:
                    continue
                d["actor1"], d["assoc_actor_1"] = actor, assoc or d["assoc_actor_1"]
                d["evidence"]["actor1"] = [Span(m.start, m.end, m.quote)]


def fatality_claims(
    tolls: list[Toll], actor1: str, actor2: str, mentions: list[RoleMention], country: str
) -> tuple[list[FatalityClaim], dict[str, list[Span]]]:
    """Return one claim per claimant (the highest) and the evidence of the toll fields."""
    by_claimant: dict[str, tuple[Toll, FatalityClaim]] = {}
    for toll in dict.fromkeys(tolls):
        claimant = toll.claimant
        if claimant == "@armed_group" or claimant == "report":
            w0, w1 = toll.claimant_window
            speakers = [
                m.actor
                for m in mentions
                if w0 <= m.span.start < min(w1, toll.quantity.start)
                and side_of(m.actor, m.kind) != "civ"
            ]
            if speakers:
                claimant = speakers[0]
            elif claimant == "@armed_group":
                claimant = actor1
        if claimant == "@state":
            claimant = next(
                (a for a in (actor1, actor2) if a.startswith("Military Forces")),
                f"Military Forces of {country}",
            )
        claim = FatalityClaim(claimant, toll.low, toll.high, toll.clause.quote)
        old = by_claimant.get(claimant)
        if old is None or toll.low > old[1].low:
            by_claimant[claimant] = (toll, claim)
    sourced = {(c.low, c.high) for k, (_, c) in by_claimant.items() if k != "report"}
    if (
        "report" in by_claimant
        and (by_claimant["report"][1].low, by_claimant["report"][1].high) in sourced
    ):
        del by_claimant["report"]  # a headline repeating a sourced toll is not another claim
    ev: dict[str, list[Span]] = {"fatalities": [], "fatalities_low": [], "fatalities_high": []}
    for toll, claim in by_claimant.values():
        ev["fatalities"].append(toll.clause)
        ev["fatalities_low"].append(toll.quantity)
        if claim.high is not None:
            ev["fatalities_high"].append(toll.quantity)
        ev.setdefault("fatality_claims", []).append(toll.clause)
    return [c for _, c in by_claimant.values()], ev
