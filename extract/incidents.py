"""Build the draft events of a report from its frames: roles, type, tolls, evidence.

One frame (a site and a day) gives at most one event; frames of one day that share
their perpetrator are linked as one incident.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from events.actors import ActorRegistry
from events.model import Event, EventType, Evidence, Status
from extract.actor_mentions import find_role_mentions
from extract.cues import Cue, decide_type
from extract.frames import (
    NEAR_M,
    Frame,
    SentenceMentions,
    credit_claims,
    drop_region_duplicates,
    drop_town_duplicates,
    fatality_claims,
    folded_sentence,
    geo_precision_of,
    is_near,
    link_incidents,
    location_of,
    moved_evidence,
    span_of,
    stable_id,
    with_country,
)
from extract.report import Report
from extract.role_rules import fix_roles
from extract.roles import assign_roles, side_of
from extract.text import FoldedText, Span
from extract.tolls import best_fatalities


def build_events(
    doc: Report,
    lang: str,
    ft: FoldedText,
    sentences: list[Span],
    by_sent: list[SentenceMentions],
    frames: list[Frame],
    registry: ActorRegistry,
) -> list[Event]:
    """Return one validated draft per frame that has a cue, sorted by date then id."""
    source_key = doc.content_key()
    drafts: list[dict[str, Any]] = []
    for frame in frames:
        place = frame.place.place
        mentions = find_role_mentions(frame, ft, sentences, by_sent, registry, place.country)
        cues = frame.cues or frame.side_cues
        cues = cues + [c for c in frame.side_cues if c.family == "coup" and c not in cues]
        if all(c.family == "protest" for c in cues):
            cues = cues + [c for c in frame.side_cues if c.family == "protest"]
        rioting = _is_rioting(cues + frame.side_cues)
        if rioting:  # a crowd that burns, loots or storms: the crowd is the actor
            cues = [c for c in cues + frame.side_cues if c.family in ("riot", "protest")]
        air = any(c.sub_event_type == "Air/drone strike" for c in cues)
        protest = rioting or (
            all(c.family in ("protest", "strategic") for c in cues)
            and any(c.family == "protest" for c in cues)
        )
        bias = (
            "gov"
            if any(c.sub_event_type == "Government regains territory" for c in cues)
            else "armed"
            if any(c.sub_event_type == "Non-state actor overtakes territory" for c in cues)
            else ""
        )
        roles = assign_roles(
            mentions, air_strike=air, bias=bias, protest=protest, country=place.country
        )
        kinds = {m.actor: m.kind for m in mentions}
        side2 = side_of(roles.actor2, kinds.get(roles.actor2, "")) if roles.actor2 else ""
        decided = decide_type(
            cues, target_is_civilian=side2 == "civ", armed_opponent=side2 in ("gov", "armed")
        )
        if decided is None:
            continue
        etype, sub, cue = decided
        folded = " ".join(folded_sentence(ft, sentences[i]) for i in dict.fromkeys(frame.sentences))
        fixed = fix_roles(
            roles.actor1,
            roles.actor2,
            kinds=kinds,
            family=cue.family,
            sub_event_type=sub,
            folded=folded,
            country=place.country,
        )
        if fixed.actor2_is_civilian and side2 != "civ":
            etype, sub, cue = decide_type(cues, target_is_civilian=True, armed_opponent=False) or (
                etype,
                sub,
                cue,
            )
        if rioting:
            etype, sub = EventType.RIOTS, "Violent demonstration"
            fixed = dataclasses.replace(fixed, actor1=f"Rioters ({place.country})")
        evidence = moved_evidence(roles, fixed.actor1, fixed.actor2, cue, ft, sentences, frame)
        roles = dataclasses.replace(
            roles, actor1=fixed.actor1, actor2=fixed.actor2, evidence=evidence
        )
        ev: dict[str, list[Span]] = {k: list(v) for k, v in roles.evidence.items()}
        ev.setdefault("actor1", [span_of(cue)])  # an unnamed perpetrator: the act itself
        ev["event_type"] = [span_of(cue)]
        ev["sub_event_type"] = [span_of(cue)]
        place_spans = list(dict.fromkeys(frame.places))[:4]
        for name in ("location", "latitude", "longitude", "geo_precision", "uncertainty_m"):
            ev[name] = place_spans[:1]
        if place.kind in ("site", "neighbourhood"):
            ev["site"] = place_spans
        ev["country"] = place_spans[:1]
        ev["iso3"] = place_spans[:1]
        if place.admin1:
            ev["admin1"] = place_spans[:1]
        if frame.date is not None:
            ev["event_date"] = [span_of(frame.date)]
            ev["time_precision"] = [span_of(frame.date)]
        claims, toll_ev = fatality_claims(
            frame.tolls, roles.actor1, roles.actor2, mentions, place.country
        )
        best, low, high = best_fatalities([(c.low, c.high) for c in claims])
        if claims:
            ev.update(toll_ev)
        notes = f"Coded automatically from {doc.file_name or 'a report'}; review before use."
        if frame.date is None:
            notes += " No date in the text: publication date used."
        event_id = stable_id(source_key, place.place_id, frame.date_value)
        drafts.append(
            {
                "event_id": event_id,
                "event_date": frame.date_value,
                "time_precision": frame.date.precision if frame.date else 2,
                "event_type": etype,
                "sub_event_type": sub,
                "actor1": with_country(roles.actor1, place.country),
                "assoc_actor_1": roles.assoc_actor_1,
                "actor2": with_country(roles.actor2, place.country),
                "assoc_actor_2": roles.assoc_actor_2,
                "iso3": place.iso3,
                "country": place.country,
                "admin1": place.admin1,
                "admin2": place.admin2,
                "location": location_of(place),
                "site": place.name if place.kind == "site" else "",
                "latitude": place.latitude,
                "longitude": place.longitude,
                "geo_precision": geo_precision_of(place, frame),
                "uncertainty_m": float(
                    max(place.uncertainty_m, NEAR_M, frame.place.distance_m)
                    if is_near(frame) or frame.place.distance_m
                    else place.uncertainty_m
                ),
                "fatalities": best,
                "fatalities_low": low if claims else None,
                "fatalities_high": high if claims else None,
                "fatality_claims": tuple(claims),
                "source": ", ".join(
                    x for x in (doc.source, doc.published.isoformat() if doc.published else "") if x
                ),
                "source_url": doc.url,
                "language": lang,
                "notes": notes,
                "status": Status.DRAFT,
                "evidence": ev,
                "_sentences": frame.sentences,
                "_village": place.is_village,
            }
        )
    drafts = drop_town_duplicates(drop_region_duplicates(drafts))
    credit_claims(drafts, ft, sentences, by_sent, registry)
    link_incidents(drafts, ft, sentences, source_key)
    events = []
    for d in drafts:
        d.pop("_sentences")
        d.pop("_village")
        d["evidence"] = {
            k: tuple(Evidence(s.quote, s.start, s.end) for s in dict.fromkeys(v) if s.quote)
            for k, v in d["evidence"].items()
            if v
        }
        events.append(Event(**d))
    return sorted(events, key=lambda e: (e.event_date, e.event_id))


def _is_rioting(cues: list[Cue]) -> bool:
    """Say whether protesters burn, loot, storm or clash (ACLED: Riots), not police fire."""
    protest = [c for c in cues if c.family == "protest"]
    if not protest or any(c.sub_event_type.startswith("Excessive force") for c in protest):
        return False
    return any(
        c.family in ("riot", "clash") or c.sub_event_type == "Looting/property destruction"
        for c in cues
    )
