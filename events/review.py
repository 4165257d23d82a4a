"""Review draft events before saving: evidence highlighted, edits applied, save planned.

The "Add report" page is a thin edge over these pure functions:

- :func:`load_report` reads pasted text or an uploaded file into a :class:`Report`;
- :func:`highlight_evidence` renders the report as escaped HTML with every coded
  field's quote wrapped in ``<mark title="field">``;
- :func:`drafts_table` / :func:`apply_row` turn drafts into editable rows and back,
  raising :class:`ReviewError` naming the field of a bad value;
- :func:`plan_save` decides, per accepted draft, whether it is a new verified event,
  a merge into a stored event (same day ±1, within 10 km, a shared actor) or an update
  of the same record ingested before.

Example
-------
>>> from events.model import Evidence
>>> html = highlight_evidence("Hier à Gao", {"1": {"location": (Evidence("Gao", 7, 10),)}})
>>> html[html.index("Hier") :]
'Hier à <mark title="location" style="background:#c6efc0;padding:0 1px">Gao</mark></div>'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from html import escape
from itertools import pairwise

import pandas as pd

from events.frame import COLUMNS
from events.model import Event, EventType, EventValidationError, Evidence
from extract.report import IngestError, Report, decode_report, parse_report

#: The fields a reviewer edits in the table, in table order.
REVIEW_FIELDS: tuple[str, ...] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "site",
    "latitude",
    "longitude",
    "fatalities",
    "fatalities_low",
    "fatalities_high",
    "notes",
)
PENDING, ACCEPT, REJECT = "pending", "accept", "reject"
DECISIONS: tuple[str, ...] = (PENDING, ACCEPT, REJECT)

#: Highlight colour of each field family (the first field of a quote decides).
FIELD_COLOURS: dict[str, str] = {
    "date": "#ffe08a",
    "actor": "#b9dcff",
    "type": "#ffc4c4",
    "place": "#c6efc0",
    "fatalities": "#e2cdfb",
    "other": "#e6e6e6",
}
_FAMILY = {
    "event_date": "date",
    "time_precision": "date",
    "actor1": "actor",
    "assoc_actor_1": "actor",
    "actor2": "actor",
    "assoc_actor_2": "actor",
    "event_type": "type",
    "sub_event_type": "type",
    "incident_id": "type",
    "fatalities": "fatalities",
    "fatalities_low": "fatalities",
    "fatalities_high": "fatalities",
    "fatality_claims": "fatalities",
}
_PLACE_FIELDS = frozenset(
    {"location", "site", "latitude", "longitude", "geo_precision", "uncertainty_m"}
    | {"admin1", "admin2", "country", "iso3"}
)
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_LETTER = re.compile(r"[^\W\d_]")
_TEXT_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "site", "notes")
_ORDER = {name: i for i, name in enumerate(COLUMNS)}


class ReviewError(ValueError):
    """A reviewer's edit holds an impossible value; names the draft, the field and the value."""

    def __init__(self, draft: str, field_name: str, value: object, reason: str) -> None:
        self.draft = draft
        self.field = field_name
        self.value = value
        self.reason = reason
        super().__init__(f"draft {draft}: field {field_name!r} = {value!r}: {reason}")


# --- reading ---------------------------------------------------------------------------


def load_report(
    raw: str | bytes,
    *,
    file_name: str,
    published: dt.date | None = None,
    url: str = "",
    source: str = "",
    language: str = "",
) -> Report:
    """Read pasted text or an uploaded file's bytes into a :class:`Report`.

    A ``published:``/``url:``/``source:`` header in the text wins over the form's
    *default* publication date (the form defaults to today, which must not hide the
    date a file states); non-empty ``url``, ``source`` and ``language`` override it,
    as the CLI flags do.

    Raises
    ------
    IngestError
        For an empty, binary, too large or mis-encoded file (naming ``file_name``).
    """
    text = decode_report(raw, file_name) if isinstance(raw, bytes) else raw
    doc = parse_report(
        text,
        file_name=file_name,
        url=url.strip() or None,
        source=source.strip() or None,
        language=language.strip() or None,
    )
    if doc.published is None and published is not None:
        doc = dataclasses.replace(doc, published=published)
    return doc


# --- evidence --------------------------------------------------------------------------


def highlight_evidence(
    text: str,
    evidence_by_draft: Mapping[str, Mapping[str, Sequence[Evidence]]],
    *,
    language: str = "",
) -> str:
    """Return ``text`` as escaped HTML with each evidence quote in a ``<mark>``.

    Parameters
    ----------
    text : str
        The report body the evidence offsets index.
    evidence_by_draft : mapping
        Draft label -> that draft's evidence (field -> quotes). With several drafts
        the title names them: ``event_date [1, 2]; site [2]``.
    language : str
        ``"ar"`` gives ``dir="rtl"``; empty detects Arabic script.

    Returns
    -------
    str
        One ``<div>``; every piece of report text is HTML-escaped, overlapping quotes
        are split into segments so marks never nest, and a quote whose offsets do not
        match ``text`` is skipped rather than misplaced.
    """
    several = len(evidence_by_draft) > 1
    spans: list[tuple[int, int, str, str]] = []
    for draft, evidence in evidence_by_draft.items():
        for name, quotes in evidence.items():
            for q in quotes:
                if 0 <= q.start < q.end <= len(text) and text[q.start : q.end] == q.quote:
                    spans.append((q.start, q.end, name, draft))
    cuts = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    pieces: list[tuple[str, str]] = []  # (title, text), adjacent equal titles joined
    for a, b in pairwise(cuts):
        covering = [(name, draft) for s, e, name, draft in spans if s <= a and b <= e]
        title = _title(covering, several=several)
        if pieces and pieces[-1][0] == title:
            pieces[-1] = (title, pieces[-1][1] + text[a:b])
        else:
            pieces.append((title, text[a:b]))
    body = "".join(
        f'<mark title="{escape(title)}" style="background:{_colour(title)};padding:0 1px">'
        f"{escape(chunk)}</mark>"
        if title
        else escape(chunk)
        for title, chunk in pieces
    )
    rtl = language == "ar" or (not language and _mostly_arabic(text))
    lang = escape(language or ("ar" if rtl else "und"))
    return (
        f'<div class="sem-report" dir="{"rtl" if rtl else "ltr"}" lang="{lang}" '
        f'style="white-space:pre-wrap;line-height:1.9">{body}</div>'
    )


def evidence_legend() -> str:
    """Return a one-line HTML legend of the highlight colours."""
    names = {
        "date": "date",
        "actor": "actors",
        "type": "event type",
        "place": "place",
        "fatalities": "fatalities",
    }
    return " ".join(
        f'<mark style="background:{FIELD_COLOURS[k]};padding:0 4px">{escape(v)}</mark>'
        for k, v in names.items()
    )


def _title(covering: list[tuple[str, str]], *, several: bool) -> str:
    if not covering:
        return ""
    drafts: dict[str, list[str]] = {}
    for name, draft in covering:
        drafts.setdefault(name, [])
        if draft not in drafts[name]:
            drafts[name].append(draft)
    names = sorted(drafts, key=lambda n: _ORDER.get(n, len(_ORDER)))
    if not several:
        return ", ".join(names)
    return "; ".join(f"{n} [{', '.join(drafts[n])}]" for n in names)


def _colour(title: str) -> str:
    first = re.split(r"[ ,;\[]", title, maxsplit=1)[0]
    family = _FAMILY.get(first) or ("place" if first in _PLACE_FIELDS else "other")
    return FIELD_COLOURS[family]


def _mostly_arabic(text: str) -> bool:
    sample = text[:4000]
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_ARABIC.findall(sample)) * 2 > letters


# --- editing ---------------------------------------------------------------------------


def drafts_table(drafts: Sequence[Event], *, reports: Sequence[str] = ()) -> pd.DataFrame:
    """Return the editable table: ``draft`` (1-based), ``report``, ``decision``, the fields.

    ``reports`` gives each draft's report name (empty: the column is blank).
    """
    rows = []
    for i, ev in enumerate(drafts):
        row: dict[str, object] = {
            "draft": i + 1,
            "report": reports[i] if i < len(reports) else "",
            "decision": PENDING,
        }
        for name in REVIEW_FIELDS:
            value = getattr(ev, name)
            row[name] = value.value if isinstance(value, EventType) else value
        rows.append(row)
    table = pd.DataFrame(rows, columns=["draft", "report", "decision", *REVIEW_FIELDS])
    for name in ("fatalities_low", "fatalities_high"):
        table[name] = pd.array(table[name], dtype="Int64")
    table["fatalities"] = table["fatalities"].astype("int64")
    for name in ("latitude", "longitude"):
        table[name] = table[name].astype("float64")
    return table


def apply_row(draft: Event, row: Mapping[str, object], *, label: str = "") -> Event:
    """Return ``draft`` with the table row's values, validated; evidence of edited fields dropped.

    A changed value no longer comes from the quoted words, so its evidence goes.

    Raises
    ------
    ReviewError
        Naming the field, for a missing, unparsable or impossible value.
    """
    label = label or str(row.get("draft", draft.event_id))
    changes: dict[str, object] = {}
    for name in REVIEW_FIELDS:
        if name not in row:
            continue
        value = _coerce(name, row[name], label)
        if value != _current(draft, name):
            changes[name] = value
    if not changes:
        return draft
    location = str(changes.get("location", draft.location))
    if not location.strip():
        raise ReviewError(label, "location", location, "must name a place")
    edited = set(changes)
    changes["evidence"] = {k: v for k, v in draft.evidence.items() if k not in edited}
    try:
        return draft.with_changes(**changes)
    except EventValidationError as exc:
        raise ReviewError(label, exc.field, exc.value, exc.reason) from None


def _current(ev: Event, name: str) -> object:
    value = getattr(ev, name)
    return value.value if isinstance(value, EventType) else value


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _coerce(name: str, value: object, label: str) -> object:
    def fail(reason: str) -> ReviewError:
        return ReviewError(label, name, value, reason)

    if name == "event_date":
        if _missing(value):
            raise fail("a date is required")
        if isinstance(value, pd.Timestamp | dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise fail("not a date (YYYY-MM-DD)") from None
    if name in ("latitude", "longitude"):
        if _missing(value) or str(value).strip() == "":
            raise fail("a number is required")
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise fail("not a number") from None
        if not math.isfinite(number):
            raise fail("not a finite number")
        return number
    if name in ("fatalities", "fatalities_low", "fatalities_high"):
        if _missing(value) or str(value).strip() == "":
            if name == "fatalities":
                raise fail("a whole number is required (0 if none)")
            return None
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise fail("not a whole number") from None
        if not math.isfinite(number) or number != int(number):
            raise fail("not a whole number")
        return int(number)
    if name in _TEXT_FIELDS:
        return "" if _missing(value) else str(value).strip()
    return value


def describe_event(ev: Event) -> str:
    """Return a one-line summary of an event (date, type, actors, place, source)."""
    place = ", ".join(x for x in (ev.site, ev.location, ev.country) if x)
    actors = " vs ".join(x for x in (ev.actor1, ev.actor2) if x)
    source = f"; sources: {ev.source}" if ev.source else ""
    return f"{ev.event_date.isoformat()} · {ev.event_type.value} · {actors} · {place}{source}"


__all__ = [
    "ACCEPT",
    "DECISIONS",
    "PENDING",
    "REJECT",
    "REVIEW_FIELDS",
    "IngestError",
    "ReviewError",
    "apply_row",
    "describe_event",
    "drafts_table",
    "evidence_legend",
    "highlight_evidence",
    "load_report",
]
