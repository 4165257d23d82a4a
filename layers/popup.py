"""Event popups as HTML in which every value from the data is escaped."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from html import escape

#: Longest quote or note shown in a popup; the full record is in the table and export.
MAX_TEXT = 400
#: Most recent changes listed in a popup (``sahelmap history ID`` prints them all).
MAX_HISTORY = 6
GEO_PRECISION_TEXT = {
    1: "1 - the named place or site",
    2: "2 - near the named place / part of a region",
    3: "3 - region only",
}
TIME_PRECISION_TEXT = {1: "exact day", 2: "within a week", 3: "within a month"}
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _dir(text: str) -> str:
    return "rtl" if _ARABIC.search(text) else "auto"


def fatalities_text(best: object, low: object, high: object) -> str:
    """Return fatalities as "best" or a "low–high" range when the source is vague."""
    has_low = low is not None and str(low) not in ("", "<NA>", "nan")
    has_high = high is not None and str(high) not in ("", "<NA>", "nan")
    if has_low and has_high and str(low) != str(high):
        return f"{low}–{high} (best {best})"
    if has_low and not has_high:
        return f"at least {low} (best {best})"
    return str(best)


def evidence_items(evidence_json: str) -> list[tuple[str, list[str]]]:
    """Group evidence by quote: ``[(quote, [field, ...]), ...]`` in text order."""
    if not evidence_json:
        return []
    raw = json.loads(evidence_json)
    by_quote: dict[tuple[int, str], list[str]] = {}
    for name, quotes in raw.items():
        for q in quotes:
            by_quote.setdefault((int(q["start"]), q["quote"]), []).append(name)
    return [(quote, fields) for (_, quote), fields in sorted(by_quote.items())]


def popup_html(row: Mapping[str, object], history: Sequence[str] = ()) -> str:
    """Return the popup of one event row (a mapping of the frame's columns).

    ``history`` holds one line per recorded change of the event, oldest first; the
    last :data:`MAX_HISTORY` are shown.
    """

    def val(key: str) -> str:
        v = row.get(key)
        return "" if v is None or str(v) in ("nan", "<NA>", "NaT") else str(v)

    actors = [
        ("Actor 1", val("actor1")),
        ("Associated with actor 1", val("assoc_actor_1")),
        ("Actor 2", val("actor2")),
        ("Associated with actor 2", val("assoc_actor_2")),
    ]
    uncertainty = row.get("uncertainty_m") or 0
    precision = TIME_PRECISION_TEXT.get(int(row.get("time_precision") or 1))  # type: ignore[call-overload]
    summary = [
        ("Date", val("event_date") + (f" ({precision})" if precision else "")),
        *[(k, v) for k, v in actors if v],
        ("Event type", f"{val('event_type')} / {val('sub_event_type')}"),
        (
            "Fatalities",
            fatalities_text(
                val("fatalities"), row.get("fatalities_low"), row.get("fatalities_high")
            ),
        ),
        ("Location", ", ".join(x for x in (val("location"), val("admin1"), val("country")) if x)),
        ("Site", val("site")),
        ("Status", val("status")),
    ]
    details = [
        ("Coordinates", f"{float(row['latitude']):.6f}, {float(row['longitude']):.6f}"),  # type: ignore[arg-type]
        (
            "Geo precision",
            GEO_PRECISION_TEXT.get(int(row.get("geo_precision") or 0), val("geo_precision"))  # type: ignore[call-overload]
            + (f", ±{float(uncertainty) / 1000:.1f} km" if uncertainty else ""),  # type: ignore[arg-type]
        ),
        ("Event id", val("event_id")),
    ]

    def table(lines: list[tuple[str, str]]) -> str:
        return "".join(
            f"<tr><th>{escape(k)}</th><td dir='auto'>{escape(v)}</td></tr>" for k, v in lines if v
        )

    url = val("source_url")
    link = (
        f" <a href='{escape(url, quote=True)}' target='_blank' rel='noopener'>source link</a>"
        if url.startswith(("http://", "https://"))
        else ""
    )
    source = val("source")
    source_html = (
        f"<div class='sem-source'><b>Source</b> <span dir='auto'>{escape(source)}</span>"
        f"{link}</div>"
        if source or link
        else ""
    )
    notes = val("notes")
    notes_html = f"<div class='sem-notes' dir='auto'>{escape(_clip(notes))}</div>" if notes else ""
    quotes = "".join(
        f"<li><q class='sem-quote' dir='{_dir(q)}' lang='{escape(val('language') or 'und')}'>"
        f"{escape(_clip(q))}</q> <small>({escape(', '.join(fields))})</small></li>"
        for q, fields in evidence_items(val("evidence"))
    )
    quotes_html = (
        "<details class='sem-evidence-box'><summary><b>Evidence</b>"
        f" ({len(evidence_items(val('evidence')))} quotes)</summary>"
        f"<ul class='sem-evidence'>{quotes}</ul></details>"
        if quotes
        else ""
    )
    shown = list(history)[-MAX_HISTORY:]
    more = len(history) - len(shown)
    history_html = (
        "<details class='sem-history'><summary>History"
        f" ({len(history)} change{'s' if len(history) != 1 else ''})</summary><ul>"
        + (f"<li>… {more} earlier</li>" if more else "")
        + "".join(f"<li dir='auto'>{escape(_clip(line))}</li>" for line in shown)
        + "</ul></details>"
        if history
        else ""
    )
    return (
        f"<div class='sem-popup'><table>{table(summary)}{table(details)}</table>{source_html}"
        f"{notes_html}{quotes_html}{history_html}</div>"
    )


def tooltip_html(row: Mapping[str, object]) -> str:
    """Return a one-line hover label: date, type, location (escaped)."""
    parts = (row.get("event_date"), row.get("event_type"), row.get("site") or row.get("location"))
    return escape(" · ".join(str(p) for p in parts if p))
