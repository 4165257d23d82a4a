"""Who acted (actor1) and who was acted on (actor2), from actor mentions around the cues.

Signals, strongest first: a claim of responsibility ("revendiqué par", "أعلنت ...
مسؤوليتها"), an agent phrase ("attaque du JNIM", "attacked by", "من قبل"), a target
phrase ("contre", "against", "ضد", "targeting", the victims of a toll), the word order
around the cue, and a weak prior by actor type. A perpetrator the text does not name is
"Unidentified armed group", never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from events.actors import CIVILIANS, UNIDENTIFIED
from extract.text import Span, compile_folded

_CLAIM = compile_folded(
    r"revendiqu|claimed responsibility|claimed the attack|claimed the|"
    r"responsabilite|مسؤوليت|مسوولي|تبنت|تبنى",
)
_AGENT_BEFORE = compile_folded(
    r"(?:\bby|\bpar|\bpar le|\bde la part d|attaque du|attaque de|attack by|من قبل|شنها|نفذها|"
    r"عناصر من|قوه [^ ]+ اخرى من|مسلحين من|مقاتلين من)\s?(?:l |le |la |les |des |the |an |a )?$"
)
_TARGET_BEFORE = compile_folded(
    r"(?:\bcontre|\bagainst|\bon|\bsur|\bvisant|\btargeting|targeted|\bcible|ضد|استهدف\w*|"
    r"هاجم\w*|تابعه|\bkilled|\btue|\btues|قتلوا|قتل|مقتل)\s?(?:\d+ |[^ ]+ )?"
    r"(?:l |le |la |les |des |the |an |a |several |plusieurs |العشرات من |dozens of )?$"
)
GOV_KINDS = frozenset({"state force", "foreign mercenaries", "peacekeepers"})
GOV_MILITIAS = frozenset({"VDP"})


@dataclass(frozen=True)
class RoleMention:
    """A resolved actor mention: the actor's name, its associated name and where it is."""

    actor: str
    assoc: str
    kind: str
    span: Span
    sentence: int
    claim: bool = False
    folded_before: str = ""
    after_cue: bool = False
    before_cue: bool = False
    speaker: bool = False
    allied_with: str = ""


@dataclass(frozen=True)
class Roles:
    """The chosen roles with the mentions that support them."""

    actor1: str
    assoc_actor_1: str
    actor2: str
    assoc_actor_2: str
    evidence: dict[str, tuple[Span, ...]]


def side_of(actor: str, kind: str) -> str:
    """Return ``gov``, ``civ`` or ``armed`` (non-state) for an actor."""
    if actor == CIVILIANS:
        return "civ"
    if kind in GOV_KINDS or actor in GOV_MILITIAS:
        return "gov"
    return "armed"


def is_claim(folded_sentence: str) -> bool:
    """Whether a (folded) sentence claims responsibility."""
    return _CLAIM.search(folded_sentence) is not None


def assign_roles(
    mentions: Sequence[RoleMention],
    *,
    air_strike: bool = False,
    bias: str = "",
    protest: bool = False,
    country: str = "",
    state_target: Callable[[str], bool] | None = None,
) -> Roles:
    """Choose actor1/actor2 (and their associated actors) for one event."""
    mentions = [m for m in mentions if not m.speaker]
    coord = {frozenset((m.actor, m.allied_with)) for m in mentions if m.allied_with}

    def allied(a: str, b: str) -> bool:
        if a == b or frozenset((a, b)) in coord:
            return True
        side_a, side_b = side_of(a, kinds[a]), side_of(b, kinds[b])
        # two named non-state groups are enemies unless the text joins them
        return side_a == side_b and side_a != "armed"

    agent: dict[str, float] = {}
    target: dict[str, float] = {}
    first_target: dict[str, float] = {}
    kinds: dict[str, str] = {}
    assocs: dict[str, str] = {}
    spans: dict[str, list[Span]] = {}
    for m in mentions:
        kinds[m.actor] = m.kind
        spans.setdefault(m.actor, []).append(m.span)
        if m.assoc:
            assocs[m.actor] = m.assoc
        side = side_of(m.actor, m.kind)
        a = t = 0.0
        if m.claim and side == "armed":
            a += 10
        if _AGENT_BEFORE.search(m.folded_before) and side != "civ":
            a += 4
        if _TARGET_BEFORE.search(m.folded_before):
            t += 3
        if m.before_cue:
            a += 1
        if m.after_cue:
            t += 1
        if side == "armed":
            a += 2 if m.actor != UNIDENTIFIED else 0.5
            a += 4 if bias == "armed" else 0
        elif side == "gov":
            a += 3 if air_strike else 0
            a += 4 if bias == "gov" else 0
            a += 0.5 if m.kind == "state force" else 0  # the army leads, its allies assist
            t += 2
        else:
            t += 1.5
        agent[m.actor] = max(agent.get(m.actor, 0.0), a)
        target[m.actor] = max(target.get(m.actor, 0.0), t)
        first_target.setdefault(m.actor, t)  # the first mention is the most telling
    named_armed = [x for x in agent if side_of(x, kinds[x]) == "armed" and x != UNIDENTIFIED]
    if named_armed:
        agent.pop(UNIDENTIFIED, None)
        target.pop(UNIDENTIFIED, None)
    candidates = {k: v for k, v in agent.items() if side_of(k, kinds[k]) != "civ"}
    if protest:
        actor1 = f"Protesters ({country})" if country else "Protesters"
        forces = [k for k in candidates if side_of(k, kinds[k]) == "gov"]
        if not forces:
            return Roles(actor1, "", "", "", {})
        police = max(forces, key=lambda k: (k.startswith("Police"), -_first(spans[k])))
        return Roles(actor1, "", police, "", {"actor2": tuple(spans[police][:3])})
    if not candidates:
        return Roles(UNIDENTIFIED, "", _best(target, exclude=set()), "", _ev(spans, target))
    top = max(candidates, key=lambda k: candidates[k])
    if target.get(top, 0) > candidates[top] + 1 and side_of(top, kinds[top]) == "gov":
        # the only named armed actor is the victim: the perpetrator is not named
        candidates[UNIDENTIFIED] = 0.5
        kinds[UNIDENTIFIED] = "unidentified"
        spans.setdefault(UNIDENTIFIED, [])
        agent[UNIDENTIFIED] = 0.5
        candidates[top] = -1.0
    actor1 = max(
        candidates, key=lambda k: (candidates[k] - first_target.get(k, 0) * 0.5, -_first(spans[k]))
    )
    others = {k: v for k, v in target.items() if not allied(k, actor1)}
    actor2 = _best(others, exclude=set())
    if others and any(side_of(k, kinds[k]) != "civ" for k in others):
        armed = {k: v for k, v in others.items() if side_of(k, kinds[k]) != "civ"}
        actor2 = _best(armed, exclude=set())
    assoc1 = [assocs.get(actor1, "")]
    assoc1 += [k for k in agent if k not in (actor1, actor2) and allied(k, actor1)]
    assoc2 = [assocs.get(actor2, "")] if actor2 else []
    assoc2 += [k for k in target if actor2 and k not in (actor1, actor2) and allied(k, actor2)]
    evidence: dict[str, tuple[Span, ...]] = {"actor1": tuple(spans.get(actor1, [])[:3])}
    if actor2:
        evidence["actor2"] = tuple(spans[actor2][:3])
    a1 = "; ".join(dict.fromkeys(x for x in assoc1 if x))
    a2 = "; ".join(dict.fromkeys(x for x in assoc2 if x))
    if a1:
        evidence["assoc_actor_1"] = tuple(s for k in a1.split("; ") for s in spans.get(k, [])[:1])
    if a2:
        evidence["assoc_actor_2"] = tuple(s for k in a2.split("; ") for s in spans.get(k, [])[:1])
    return Roles(actor1, a1, actor2, a2, {k: v for k, v in evidence.items() if v})


def _best(scores: dict[str, float], *, exclude: set[str]) -> str:
    pool = {k: v for k, v in scores.items() if k not in exclude}
    return max(pool, key=lambda k: pool[k]) if pool else ""


def _first(spans: list[Span]) -> int:
    return min((s.start for s in spans), default=0)


def _ev(spans: dict[str, list[Span]], target: dict[str, float]) -> dict[str, tuple[Span, ...]]:
    best = _best(target, exclude=set())
    return {"actor2": tuple(spans[best][:3])} if best else {}
