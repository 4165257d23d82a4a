r"""Turn a news report into draft events, every coded field backed by a quote of the text.

Pipeline (all offline): language → sentences → date, place, actor, cue and toll
mentions → *frames* (one per site and day: a sentence with a violence cue opens or
extends the frame of each place it names; the following place-less sentences of the
same day add actors and tolls) → roles, type, fatalities → validated :class:`Event`
drafts. Frames of one day that share their perpetrator are one incident.

Example
-------
>>> from geo.gazetteer import load_gazetteer
>>> from events.actors import load_actor_registry
>>> doc = parse_report("published: 2024-09-18\n\nHier, le JNIM a attaqué l'armée à Gao.")
>>> [(e.actor1, e.location, str(e.event_date)) for e in extract_events(
...     doc, gazetteer=load_gazetteer(), registry=load_actor_registry())]
[('JNIM', 'Gao', '2024-09-17')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache

from events.actors import ActorRegistry
from events.model import Event
from extract.actor_mentions import ALLIED
from extract.cues import VIOLENT_FAMILIES, CueMatcher
from extract.dates import DateMention, find_dates
from extract.frames import (
    Frame,
    SentenceMentions,
    attach_stray_tolls,
    folded_index,
    folded_sentence,
)
from extract.incidents import build_events
from extract.language import detect_language
from extract.lexicon import lexicon_pattern, lexicon_phrases
from extract.places import PlaceHit, resolve_places
from extract.report import IngestError, Report, parse_report, read_report
from extract.roles import is_claim
from extract.text import FoldedText, Span, fold, paragraph_ids, split_sentences
from extract.tolls import Toll, find_tolls
from extract.transliteration import find_transliterated_places
from geo.gazetteer import Gazetteer, Place
from geo.place import PlaceMention

__all__ = ["IngestError", "Report", "extract_events", "parse_report", "read_report"]

#: A sentence without a place attaches to the frames of at most this many sentences back.
_CARRY = 3
# A wire dateline ("BAMAKO, 17 sept (AFP) -", "NIAMEY, Sept 17 (Reuters) -", "باماكو –")
# says where the journalist filed from and when: neither the site nor the date of the event.
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]{1,40}(?:,[^\n()–—]{1,30}?)?[ \t]*(?:\([^)\n]{1,40}\))?"
    r"|[A-ZÀ-ÖØ-Þ][\w'’ .-]{1,40}?(?:,[^\n()–—]{1,30}?)?[ \t]*\([^)\n]{1,40}\)"
    r"|[\u0621-\u064a]{2,20}(?: [\u0621-\u064a]{2,20})?[ \t]*(?:\([^)\n]{1,40}\))?)"
    r"[ \t]*[-–—]{1,2}[ \t]",
    re.M,
)
# "Niamey: Gunmen killed ...": a city and a colon opening a paragraph is a dateline too.
_COLON_DATELINE = re.compile(
    r"^[ \t]*[A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}(?: [A-ZÀ-ÖØ-Þ][\w'’.-]{1,30}){0,2}[ \t]*:[ \t]", re.M
)
_BYLINES = frozenset(lexicon_phrases("bylines"))  # "By:", "Source:" open no dateline
# A sentence saying the act did not (or not yet) happen: "denied any attack took place",
# "aucune attaque", "menace d'attaquer", "نفى الجيش", "لم يتعرض" (lexicons/denials.csv).
_NOT_HAPPENED = re.compile(rf"(?<!\w)(?:{lexicon_pattern('denials')})(?!\w)")
# A toll over a period is a count, not an event: "488 deaths since January 2018",
# "des dizaines d'attaques ces derniers mois" (lexicons/periods.csv).
_PERIOD = re.compile(
    rf"(?<!\w)(?:{lexicon_pattern('periods', 'no')}"
    rf"|(?:{lexicon_pattern('periods', 'yes')}) (?:(?:le |la |l |the |early |late |debut |fin )?"
    rf"(?:{lexicon_pattern('months')})|(?:\w+ ){{0,2}}(?:19|20)\d\d))(?!\w)"
)


@lru_cache(maxsize=1)
def _cue_matcher() -> CueMatcher:
    return CueMatcher()


def extract_events(doc: Report, *, gazetteer: Gazetteer, registry: ActorRegistry) -> list[Event]:
    """Return the draft events coded from ``doc`` (possibly none).

    Parameters
    ----------
    doc : Report
        The report; ``published`` resolves relative dates ("hier") and missing years.
    gazetteer : Gazetteer
        Places (``geo.gazetteer.load_gazetteer()``).
    registry : ActorRegistry
        Actors (``events.actors.load_actor_registry()``).

    Raises
    ------
    IngestError
        If a record cannot be built (names the file); never returns half a report.
    """
    text = doc.text
    if not text.strip():
        return []
    lang = doc.language or detect_language(text)
    ft = FoldedText(text)
    sentences = split_sentences(text)
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    paras = paragraph_ids(text, sentences)

    def sent_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    head = _DATELINE.search(text, 0, min(len(text), 600)) or next(
        (
            m
            for m in _COLON_DATELINE.finditer(text, 0, min(len(text), 600))
            if fold(m.group().rstrip(": \t")) not in _BYLINES
        ),
        None,
    )
    cut0, cut = (head.start(), head.end()) if head else (0, 0)
    dates = [
        d for d in find_dates(ft, published=doc.published, lang=lang) if not cut0 <= d.start < cut
    ]
    actors = registry.find_in_text(ft)
    actor_spans = [(a.start, a.end) for a in actors]
    places = [
        p
        for p in resolve_places(gazetteer, text, _place_mentions(gazetteer, text, lang))
        if not cut0 <= p.start < cut
        and not any(a <= p.start and p.span.end <= b for a, b in actor_spans)  # "Katiba Macina"
    ]
    cues = _cue_matcher().find(ft)
    tolls = find_tolls(ft, sentences)
    by_sent = [SentenceMentions() for _ in sentences]
    for d in dates:
        by_sent[sent_of(d.start)].dates.append(d)
    for p in places:
        by_sent[sent_of(p.start)].places.append(p)
    for a in actors:
        by_sent[sent_of(a.start)].actors.append(a)
    for c in cues:
        by_sent[sent_of(c.start)].cues.append(c)
    date_spans = [(d.start, d.end) for d in dates]
    for toll in tolls:
        q = toll.quantity
        if any(a < q.end and q.start < b for a, b in date_spans) or cut0 <= q.start < cut:
            continue  # "May 25, 2024" is a date, "Erbil (Channel 24) -" a dateline
        by_sent[sent_of(toll.quantity.start)].tolls.append(toll)

    main_date = _main_date(dates, doc.published)
    frames: dict[tuple[str, dt.date], Frame] = {}
    current: list[Frame] = []
    carry = 0
    for i in range(len(sentences)):
        info = by_sent[i]
        own = [d for d in info.dates if d.date is not None and not d.future]
        if info.dates and not own:
            current, carry = [], 0  # only future dates: a plan, not an event
            continue
        own_date = _event_date(own, doc.published)
        violent = [c for c in info.cues if c.family in VIOLENT_FAMILIES or c.rank >= 2]
        elsewhere = _NOT_HAPPENED.search(folded_sentence(ft, sentences[i])) or _PERIOD.search(
            folded_sentence(ft, sentences[i])
        )
        if elsewhere:
            # denied, threatened, planned, a count over a period or an earlier event:
            # neither an event nor a toll of the current one
            violent, info.tolls = [], []
        sites = [p for p in info.places if p.place.kind != "country"]
        claim_only = not sites and is_claim(folded_sentence(ft, sentences[i]))
        if own_date is not None and current and own_date.date != current[0].date_value:
            if claim_only:  # "X claimed the attack on Monday": the claim's date
                own_date = None
            else:
                current, carry = [], 0
        if violent and sites:
            date = own_date or _inherited(current, main_date)
            if date is None and doc.published is None:
                continue
            value = date.date if date is not None and date.date else doc.published
            assert value is not None
            touched = []
            kept = _most_specific(sites)
            owner = _toll_owners(ft, [h for h in sites if h in kept], info.tolls)
            for hit in kept:
                pid = hit.place.place_id
                frame = frames.setdefault((pid, value), Frame(hit, date, value))
                frame.sentences.append(i)
                frame.places.extend(h.span for h in sites if h.place.place_id == pid)
                frame.near.extend(h.near for h in sites if h.place.place_id == pid)
                frame.cues.extend(violent)
                frame.tolls.extend(t for t, o in owner.items() if o == pid)
                touched.append(frame)
            current, carry = touched, 0
        elif current and carry < _CARRY and paras[i] - paras[current[0].sentences[-1]] <= 1:
            carry += 1
            for frame in current:
                if sites and not any(h.place.place_id == frame.place.place.place_id for h in sites):
                    continue
                frame.sentences.append(i)
                frame.side_cues.extend(violent)
                frame.places.extend(
                    h.span for h in sites if h.place.place_id == frame.place.place.place_id
                )
            if info.tolls:
                current[0].tolls.extend(info.tolls)
                if current[0].sentences[-1] != i:
                    current[0].sentences.append(i)
    attach_stray_tolls(list(frames.values()), by_sent)
    try:
        return build_events(doc, lang, ft, sentences, by_sent, list(frames.values()), registry)
    except ValueError as exc:
        raise IngestError(doc.file_name or "<text>", f"cannot build a record: {exc}") from exc


def _main_date(dates: list[DateMention], published: dt.date | None) -> DateMention | None:
    """Return the report's first event date: the first past day named, not the publication day.

    "A source said today, Thursday, that Wednesday's attack ...": today is when the
    source spoke, and a day of the three before it is the event's. Falls back to the
    first date otherwise.
    """
    past = [d for d in dates if d.date and not d.future]
    first = next(iter(past), None)
    if first is None or published is None or first.date != published:
        return first
    recent = (
        d for d in past[:4] if d.precision == 1 and d.date and 0 < (published - d.date).days <= 3
    )
    return next(recent, first)


def _event_date(own: list[DateMention], published: dt.date | None) -> DateMention | None:
    """Pick the date of a sentence's event: the most precise, the first on a tie.

    When the sentence also names the publication day beside another day ("a said
    today, Thursday 17 March, that Wednesday's attack ..."), the publication day is
    when the source spoke, not when the event happened.
    """
    if not own:
        return None
    days = {d.date for d in own if d.precision == 1}
    if published is not None and published in days and len(days) > 1:
        own = [d for d in own if d.date != published] or own
    return min(own, key=lambda d: (d.precision, d.start))


def _place_mentions(gazetteer: Gazetteer, text: str, lang: str) -> list[PlaceMention]:
    """Return the gazetteer's mentions, plus Latin-named places written in Arabic letters."""
    found = gazetteer.find_in_text(text)
    if lang != "ar":
        return found
    extra = find_transliterated_places(gazetteer, text, found)
    return sorted(found + extra, key=lambda m: m.start)


def _toll_owners(ft: FoldedText, hits: list[PlaceHit], tolls: list[Toll]) -> dict[Toll, str]:
    """Give each toll of a sentence to one site: counted once, never once per site.

    The toll goes to the site named nearest to it; sites named as a list ("Dori and
    Gorom-Gorom") share one toll, which the first of the list carries.
    """
    if not hits:
        return {}
    heads: list[str] = []
    for k, hit in enumerate(hits):
        if k and ALLIED.match(
            ft.folded[folded_index(ft, hits[k - 1].span.end) : folded_index(ft, hit.start)]
        ):
            heads.append(heads[-1])
        else:
            heads.append(hit.place.place_id)
    owners = {}
    for toll in tolls:
        q = toll.quantity

        def gap(hit: PlaceHit, q: Span = q) -> int:
            return q.start - hit.span.end if hit.span.end <= q.start else hit.start - q.end

        k = min(range(len(hits)), key=lambda j: (gap(hits[j]), j))
        owners[toll] = heads[k]
    return owners


def _inherited(current: list[Frame], main: DateMention | None) -> DateMention | None:
    return current[0].date if current else main


def _most_specific(hits: list[PlaceHit]) -> list[PlaceHit]:
    """Drop places that contain another place of the list (the town of a named site)."""
    unique = {h.place.place_id: h for h in hits}
    keep = []
    for hit in unique.values():
        p = hit.place
        others = [o for o in unique.values() if o is not hit]
        if any(_contains(p, o.place) for o in others):
            continue
        if hit.near and any(not o.near and _close(p, o.place) for o in others):
            continue  # "Diallassagou, près de Bankass": Bankass only says where it is
        keep.append(hit)
    return keep


def _close(a: Place, b: Place) -> bool:
    return abs(a.latitude - b.latitude) + abs(a.longitude - b.longitude) < 0.8


def _contains(outer: Place, inner: Place) -> bool:
    if outer.specificity >= inner.specificity:
        return False
    if outer.kind == "region":
        return inner.admin1 == outer.name or inner.admin1 == outer.admin1
    if outer.kind == "town":
        near = abs(outer.latitude - inner.latitude) + abs(outer.longitude - inner.longitude) < 0.2
        return inner.city == outer.name or near
    return outer.kind == "country" and inner.iso3 == outer.iso3
