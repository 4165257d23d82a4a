"""Fatality tolls in Arabic, French and English, each with its claimant.

A toll is a quantity (digits, number words, or a vague quantity such as "dozens",
"des dizaines", "العشرات", "une vingtaine", "several", which becomes a low–high
range) tied to a death word ("killed", "tués", "قتلى"...). Wounded or abducted
counts are not tolls. Each toll keeps the claimant the sentence attributes it to
(an actor, "witnesses", a hospital...), so tolls of different claimants are kept
apart and never summed.

Vague quantities: "une dizaine" 8–12, "a dozen" 10–14, "une vingtaine" (about N for
N = 20…50) N−5…N+5, "une centaine" 80–120, "several"/"plusieurs"/"عدة" 2–9,
"dozens"/"des dizaines"/"العشرات" 24–99, "hundreds" 200–999; "at least N" is N–open.

Rule for the best figure (see :func:`best_fatalities`): the lowest low bound among
the claims, ACLED's conservative rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.lexicon import load_lexicon
from extract.text import FoldedText, Span, compile_folded, trie_pattern

_UNITS = {t.phrase: int(t.values[0]) for t in load_lexicon("numbers")}
# vague quantities → (low, high); no high for "loss of life"
_VAGUE = {
    t.phrase: (int(t.values[0]), int(t.values[1]) if t.values[1] else None)
    for t in load_lexicon("quantities")
}
_LOSS = frozenset(k for k, v in _VAGUE.items() if v[1] is None)
_NUMWORD = trie_pattern(sorted(_UNITS))
_QTY = compile_folded(
    r"(?<!\w)(?P<mod>(?:at least|au moins|more than|over|plus de|pas moins de|"
    r"ما لا يقل عن|اكثر من|نحو|حوالي|about|around|some|environ|pres de|quelque|"
    r"between|entre|بين) )?"
    rf"(?P<q>{trie_pattern(sorted(_VAGUE))}|\d+|{_NUMWORD}(?:(?: et | and | |و| و)(?:{_NUMWORD}))*)"
    r"(?P<range> (?:and|to|et|a|الى|و) ?(?P<q2>\d+))?"
    r"(?P<post> (?:على الاقل|au moins|at least))?(?!\w)"
)
_DEATH = compile_folded(
    r"(?<!\w)(?:killed|kill|dead|deaths?|died|bodies|lives|death toll|killing|shot dead|"
    r"tues?|tuees?|tuant|tuer|abattus?|morts?|deces|perdu la vie|trouve la mort|peri|perissent|"
    r"neutralises?|neutralisant|bilan|victimes|executed|executes?|executees?|"
    r"[وف]?(?:ال)?(?:قتلى|قتيلا|قتيل|قتلوا|قتل|مقتل|مصرع|حتفهم|حتفه|ضحايا|جثث|وفاه|الارواح|اعدموا|اعدام|اعدم)"
    r"\w{0,3})(?!\w)"
)
_HURT = compile_folded(
    r"(?<!\w)(?:wounded|injured|hurt|abducted|kidnapped|arrested|captured|blesses?|"
    r"missing|disappeared|disparus?|disparues?|مفقود\w{0,2}|"
    r"enleves?|enlevees?|kidnappes?|arretes?|[وف]?(?:ال)?(?:جرحى|جريح|مصابين|مصابا|اصابه|"
    r"المختطفين|اختطاف|اعتقال|اسر|اصيب|يصاب)\w{0,2})(?!\w)"
)
_NOT_PEOPLE = compile_folded(
    r"^ ?(?:de |d |of |من )?(?:km|kilometres?|kilometers?|%|ans|years?|عاما|سنه|heures?|hours?|"
    r"h\b|minutes?|كيلومتر\w*|ساع\w*|طائر\w*|aircraft|avions?|planes?|vehicules?|vehicles?|"
    r"motos?|motorbikes?|motorcycles?|pick-?ups?|"
    r"sources?|official|responsables?|communique|statement|declaration|مصدر|مصادر|بيان)"
)
_CLAIM_VERB = compile_folded(
    r"(?<!\w)(?:claims?|claimed|said|says|according to|reported|announced|"
    r"selon|affirme\w*|revendique\w*|indique\w*|annonce\w*|a declare|ont declare|evoqu\w*|"
    r"font etat|fait etat|rapport\w*|"
    r"[وف]?(?:يزعم\w*|زعم\w*|اعلن\w*|قال\w*|افاد\w*|بحسب|حسب|وفقا ل\w*|اكد\w*|ذكر\w*))(?!\w)"
)
_SOURCES = (
    ("witnesses", r"witness\w*|temoins?|شهود|شاهد عيان"),
    ("hospital", r"hospital|medical sources?|hopital|sources? medicales?|مستشفى|مصادر طبيه"),
    (
        "local sources",
        r"local sources?|sources? locales?|elus? locaux|local officials?|مصادر محليه|"
        r"responsables? locaux|autorites locales|local authorities|notables|مسؤولون محليون|"
        r"residents?|habitants|سكان",
    ),
    ("security sources", r"security sources?|sources? securitaires?|مصدر امني|مصادر امنيه"),
    ("United Nations", r"united nations|\bun\b|onu|nations unies|minusma|الامم المتحده"),
    (
        "@state",
        r"army|military|government|defen[cs]e ministry|ministry of defen[cs]e|armee|etat major|"
        r"gouvernement|ministere de la defense|fama|الجيش|الحكومه|هيئه الاركان|وزاره الدفاع",
    ),
    (
        "@armed_group",
        r"jihadists?|djihadistes?|jihadistes?|islamists?|islamistes?|militants|"
        r"assailants|assaillants|terroristes?|the group|le groupe|الجهاديون|الجهاديين|"
        r"الاسلاميون|الاسلاميين|المسلحون|المهاجمون|التنظيم|الجماعه",
    ),
)
_SOURCE_RX = [(label, compile_folded(rf"(?<!\w)(?:{rx})(?!\w)")) for label, rx in _SOURCES]


@dataclass(frozen=True)
class Toll:
    """A fatality toll in a sentence: ``quote`` is the quantity, ``clause`` the claim."""

    low: int
    high: int | None
    quantity: Span
    clause: Span
    claimant: str
    claimant_window: tuple[int, int]


def find_tolls(ft: FoldedText, sentences: Sequence[Span]) -> list[Toll]:
    """Return the fatality tolls of each sentence, with their claimant hints.

    Example
    -------
    >>> from extract.text import split_sentences
    >>> t = "Selon des témoins, au moins 12 civils ont été tués."
    >>> [(x.low, x.high, x.claimant) for x in find_tolls(FoldedText(t), split_sentences(t))]
    [(12, None, 'witnesses')]
    """
    s = ft.folded
    out: list[Toll] = []
    for sent in sentences:
        a = _folded_index(ft, sent.start)
        b = _folded_index(ft, sent.end)
        for m in _QTY.finditer(s, a, b):
            rng = _quantity(m)
            if rng is None or _NOT_PEOPLE.match(s[m.end() : m.end() + 14]):
                continue
            loss = rng[1] is None and m["q"] in _LOSS  # "loss of life" is itself a death word
            if not loss and not _is_death(s, m.start(), m.end(), a, b):
                continue
            q0, q1 = ft.span(m.start(), m.end())
            ca, cb = _clause(s, m.start(), m.end(), a, b)
            c0, c1 = ft.span(ca, cb)
            claimant, window = _claimant(ft, s, (ca, cb), (a, b))
            out.append(
                Toll(
                    low=rng[0],
                    high=rng[1],
                    quantity=Span(q0, q1, ft.text[q0:q1]),
                    clause=Span(c0, c1, ft.text[c0:c1]),
                    claimant=claimant,
                    claimant_window=window,
                )
            )
    return out


def best_fatalities(claims: Sequence[tuple[int, int | None]]) -> tuple[int, int, int | None]:
    """Return ``(best, low, high)`` over several claims: never a sum.

    ``low`` and ``best`` are the lowest low bound, ``high`` the highest high bound
    (``None`` if any claim is open-ended).
    """
    if not claims:
        return 0, 0, None
    low = min(c[0] for c in claims)
    highs = [c[1] for c in claims]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    return low, low, high


def _quantity(m: re.Match[str]) -> tuple[int, int | None] | None:
    q = m["q"]
    mod = (m["mod"] or "").strip()
    if q in _VAGUE:
        return _VAGUE[q]
    n = _number(q)
    if n is None or n > 5000 or (len(q) == 4 and q.startswith(("19", "20"))):
        return None  # "in 2019": a year, not a toll
    if m["q2"]:
        return (n, max(n, int(m["q2"])))
    if mod in ("at least", "au moins", "ما لا يقل عن", "pas moins de") or m["post"]:
        return (n, None)
    if mod in ("more than", "over", "plus de", "اكثر من"):
        return (n + 1, None)
    return (n, n)


def _number(q: str) -> int | None:
    if q.isdigit():
        return int(q)
    total = 0
    for word in re.split(r" et | and | |و", q):
        if not word:
            continue
        value = _UNITS.get(word)
        if value is None:
            return None
        total = total * 100 if value == 100 and 0 < total < 10 else total + value
    return total or None


def _is_death(s: str, qa: int, qb: int, a: int, b: int) -> bool:
    after = s[qb : min(b, qb + 45)]
    before = s[max(a, qa - 40) : qa]
    d_before = list(_DEATH.finditer(before))
    d_after, h_after = _DEATH.search(after), _HURT.search(after)
    if d_before and d_before[-1].end() >= len(before) - 2 and "," not in before[-2:]:
        return True  # "killed five soldiers", "قتل خمسة جنود"
    if d_after and (not h_after or d_after.start() < h_after.start()):
        return True
    if h_after and h_after.start() < 12:
        return False  # "19 were killed, some thirty are wounded": the thirty are not dead
    h_before = list(_HURT.finditer(before))
    return bool(d_before and (not h_before or d_before[-1].start() > h_before[-1].start()))


def _clause(s: str, qa: int, qb: int, a: int, b: int) -> tuple[int, int]:
    start = max(a, s.rfind(",", a, qa) + 1, s.rfind(";", a, qa) + 1)
    ends = [i for i in (s.find(",", qb, b), s.find(";", qb, b)) if i != -1]
    end = min([*ends, b])
    while start < end and s[start] == " ":
        start += 1
    return start, end


def _claimant(
    ft: FoldedText, s: str, clause: tuple[int, int], sentence: tuple[int, int]
) -> tuple[str, tuple[int, int]]:
    # the reporting verb of the toll's own clause first, then of the whole sentence
    for a, b in (clause, sentence):
        verb = _CLAIM_VERB.search(s, a, b)
        if verb is None:
            continue
        wa, wb = max(a, verb.start() - 40), min(b, verb.end() + 40)
        best: tuple[int, str] | None = None
        for label, rx in _SOURCE_RX:
            for m in rx.finditer(s, wa, wb):
                dist = min(abs(m.start() - verb.end()), abs(verb.start() - m.end()))
                if best is None or dist < best[0]:
                    best = (dist, label)
        return (best[1] if best else "report"), ft.span(wa, wb)
    return "report", (0, 0)


def _folded_index(ft: FoldedText, original: int) -> int:
    # smallest folded index whose original offset is >= ``original``
    lo, hi = 0, len(ft.offsets) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if ft.offsets[mid] < original:
            lo = mid + 1
        else:
            hi = mid
    return lo
