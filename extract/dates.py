"""Date mentions in Arabic, French and English, resolved against the publication date.

Explicit dates ("17 سبتمبر/أيلول", "ce 17 septembre 2024", "Sept. 17"), month and
year mentions ("en janvier 2012", "in 2012") and relative dates ("يوم أمس", "hier",
"la veille", "mardi dernier", "on Tuesday", "last week") become :class:`DateMention`
records with an ACLED ``time_precision`` (1 day, 2 week, 3 month or vaguer) and a
``future`` flag (a trial postponed to next week is not an event).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.lexicon import load_lexicon
from extract.text import FoldedText, compile_folded, trie_pattern

_MONTHS = {t.phrase: int(t.values[0]) for t in load_lexicon("months")}
_WEEKDAYS = {t.phrase: int(t.values[0]) for t in load_lexicon("weekdays")}

_M = trie_pattern(sorted(_MONTHS))
_W = trie_pattern(sorted(_WEEKDAYS))
_Y = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_DAY_MONTH = compile_folded(
    rf"(?<![\w/])(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)? ?(?:de |of )?(?P<m>{_M})(?!\w)\.?"
    rf"(?: ?/ ?(?:{_M})(?!\w))?(?: ?,? ?{_Y})?"
)
_MONTH_DAY = compile_folded(
    rf"(?<!\w)(?P<m>{_M})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d/:])(?: ?, ?{_Y})?"
)
_MONTH_YEAR = compile_folded(rf"(?<!\w)(?P<m>{_M})(?: ?/ ?(?:{_M}))? (?:de |of )?{_Y}")
_YEAR = compile_folded(rf"(?<!\w)(?:in|en|since|depuis|during|في|عام|سنه|منذ|خلال)(?: عام)? {_Y}")
_NUMERIC = compile_folded(
    r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d{2})(?!\d)"
)
_ISO = compile_folded(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<b>\d{2})-(?P<a>\d{2})(?!\d)")

# relative expressions: (pattern, days back or None, precision, future)
_REL: list[tuple[re.Pattern[str], int | str, int, bool]] = [
    (compile_folded(p), back, prec, fut)
    for p, back, prec, fut in (
        (
            r"(?<!\w)(?:(?:on )?the same day|le meme jour|ce meme jour|[وف]?(?:في )?(?:اليوم "
            r"(?:نفسه|ذاته)|نفس اليوم|ذات اليوم))(?!\w)",
            "same",
            1,
            False,
        ),
        (
            r"(?<!\w)(?:the next day|the following day|le lendemain|"
            r"[وف]?(?:في )?اليوم التالي)(?!\w)",
            "next",
            1,
            False,
        ),
        (
            # "survient une semaine après qu'une embuscade…": a week before the last date
            r"(?<!\w)(?:(?:une|a|one) (?:semaine|week) (?:apres|after)|"
            r"(?:deux|two) (?:semaines|weeks) (?:apres|after)|بعد اسبوع من)(?!\w)",
            "week_before",
            2,
            False,
        ),
        (
            r"(?<!\w)(?:the day before yesterday|avant hier|اول امس|اول من امس|امس الاول)(?!\w)",
            2,
            1,
            False,
        ),
        (
            r"(?<!\w)(?:yesterday|last night|hier|la nuit derniere|(?:يوم |مساء |ليله )?"
            r"[وبفل]?(?:ال)?امس|البارحه|الليله الماضيه)(?!\w)",
            1,
            1,
            False,
        ),
        (
            r"(?<!\w)(?:la veille|the day before|the previous day|اليوم السابق)(?!\w)",
            "eve",
            1,
            False,
        ),
        (
            r"(?<!\w)(?:today|this morning|tonight|aujourd hui|ce matin|ce jour|"
            r"[وف]?اليوم|صباح اليوم|هذا الصباح)(?!\w)",
            0,
            1,
            False,
        ),
        (
            r"(?<!\w)(?:last week|la semaine derniere|la semaine passee|الاسبوع الماضي)(?!\w)",
            7,
            2,
            False,
        ),
        (
            r"(?<!\w)(?:earlier this week|this week|cette semaine|en debut de semaine|"
            r"ces derniers jours|in recent days|هذا الاسبوع|في الايام الاخيره)(?!\w)",
            2,
            2,
            False,
        ),
        (
            r"(?<!\w)(?:last month|le mois dernier|الشهر الماضي|a few weeks ago|"
            r"il y a quelques semaines|قبل بضعه اسابيع|قبل اسابيع)(?!\w)",
            "month",
            3,
            False,
        ),
        (
            r"(?<!\w)(?:tomorrow|demain|غدا|next week|la semaine prochaine|"
            r"الاسبوع (?:المقبل|القادم)|next month|le mois prochain|الشهر (?:المقبل|القادم))(?!\w)",
            0,
            2,
            True,
        ),
    )
]
_WEEKDAY = compile_folded(
    rf"(?<!\w)(?P<pre>(?:last |next |on |ce |يوم |ليله |مساء |صباح )?)[و]?(?P<w>{_W})"
    r"(?P<post> (?:dernier|derniere|passe|prochain|الماضي|المقبل|القادم))?(?!\w)"
)
# "dans la nuit de samedi à dimanche", "the night of Saturday to Sunday": the night
# begins on the first day, which is the date coded (ACLED's start-of-event rule).
_NIGHT = compile_folded(
    rf"(?<!\w)(?:(?:dans |during |in )?(?:la nuit de|the night (?:of|from)|[وف]?(?:في )?ليله)"
    rf" (?P<w>{_W}) (?:a|au|to|into|الى|الي|على|علي) (?:{_W}))(?!\w)"
)
_FUTURE_CUE = compile_folded(
    r"(?:report\w* (?:au|a)|renvoy\w* (?:au|a)|postponed (?:to|until)|adjourned (?:to|until)"
    r"|scheduled for|prevu\w* (?:le|pour)|will (?:be|take)|تاجيل\w* (?:الى|حتى)|سيعقد|المقرر)"
    r"[^.]{0,25}$"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression in the report: ``text[start:end] == quote``.

    ``date`` is ``None`` when it cannot be resolved (no publication date for a relative
    expression); ``precision`` is ACLED's time_precision.
    """

    start: int
    end: int
    quote: str
    date: dt.date | None
    precision: int
    future: bool = False
    relative: bool = False


def find_dates(
    text: str | FoldedText, *, published: dt.date | None, lang: str = ""
) -> list[DateMention]:
    """Return the resolved date mentions of ``text`` in reading order.

    Example
    -------
    >>> ms = find_dates("يوم أمس 17 سبتمبر/أيلول", published=dt.date(2024, 9, 18))
    >>> [(m.quote, m.date.isoformat()) for m in ms]
    [('يوم أمس', '2024-09-17'), ('17 سبتمبر/أيلول', '2024-09-17')]
    """
    ft = text if isinstance(text, FoldedText) else FoldedText(text)
    s = ft.folded
    raw: list[tuple[int, int, dt.date | None, int, bool, object]] = []
    taken: list[tuple[int, int]] = []

    def add(
        a: int, b: int, date: dt.date | None, prec: int, rel: bool, back: object = None
    ) -> None:
        if any(a < e and s_ < b for s_, e in taken):
            return
        taken.append((a, b))
        raw.append((a, b, date, prec, rel, back))

    for m in _ISO.finditer(s):
        add(m.start(), m.end(), _make(int(m["y"]), int(m["b"]), int(m["a"])), 1, False)
    for m in _NUMERIC.finditer(s):
        a, b = int(m["a"]), int(m["b"])
        day, month = (b, a) if lang == "en" and a <= 12 else (a, b)
        add(m.start(), m.end(), _make(int(m["y"]), month, day), 1, False)
    for rx in (_DAY_MONTH, _MONTH_DAY):
        for m in rx.finditer(s):
            month = _MONTHS[m["m"]]
            year = int(m["y"]) if m["y"] else _infer_year(month, int(m["d"]), published)
            date = _make(year, month, int(m["d"])) if year else None
            end = m.end() - 1 if s[m.end() - 1] == "." and len(m["m"]) > 4 else m.end()
            add(m.start(), end, date, 1, not m["y"])
    for m in _MONTH_YEAR.finditer(s):
        add(m.start(), m.end(), _make(int(m["y"]), _MONTHS[m["m"]], 1), 3, False)
    for m in _YEAR.finditer(s):
        add(m.start("y"), m.end(), _make(int(m["y"]), 1, 1), 3, False)
    for m in _NIGHT.finditer(s):
        add(m.start(), m.end(), None, 1, True, ("wd", m["w"], False))
    for rx, back, prec, fut in _REL:
        for m in rx.finditer(s):
            add(m.start(), m.end(), None, prec, True, ("future",) if fut else back)
    for m in _WEEKDAY.finditer(s):
        future = m["pre"].strip() == "next" or (m["post"] or "").strip() in (
            "prochain",
            "المقبل",
            "القادم",
        )
        strict = m["pre"].strip() == "last" or (bool(m["post"]) and not future)
        add(m.start(), m.end(), None, 1, True, ("future",) if future else ("wd", m["w"], strict))
    raw.sort(key=lambda r: r[0])
    out: list[DateMention] = []
    last: dt.date | None = None
    for a, b, date, prec, rel, how in raw:
        future = how == ("future",)
        if date is None and not future and published is not None:
            date = _resolve_relative(how, published, last)
        if date is not None and published is not None and date > published:
            future = True
        if not future and _FUTURE_CUE.search(s[max(0, a - 60) : a]):
            future = True
        start, end = ft.span(a, b)
        out.append(DateMention(start, end, ft.text[start:end], date, prec, future, rel))
        if date is not None and not future:
            last = date
    return out


def _resolve_relative(back: object, published: dt.date, last: dt.date | None) -> dt.date | None:
    if isinstance(back, int):
        return published - dt.timedelta(days=back)
    if back == "week_before":
        return (last or published) - dt.timedelta(days=7)
    if back == "same":
        return last or published
    if back == "next":
        return (last + dt.timedelta(days=1)) if last else None
    if back == "eve":
        return (last or published) - dt.timedelta(days=1)
    if back == "month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1)
    if isinstance(back, tuple) and back[0] == "wd":
        target = _WEEKDAYS[back[1]]
        delta = (published.weekday() - target) % 7
        if delta == 0 and back[2]:
            delta = 7
        return published - dt.timedelta(days=delta)
    return None


def _infer_year(month: int, day: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    # a month well after the publication month is last year's ("28 décembre" in January)
    if month - published.month > 1:
        return published.year - 1
    return published.year


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
