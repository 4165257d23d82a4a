"""Place mentions of a report resolved in context: country, nearby places, generic facilities.

The gazetteer finds names; here each mention is resolved with the report's own
context (the country it is about and the unambiguous places it names), and a site
found through a *generic* facility word ("المطار", "l'aéroport", "gendarmerie school")
is kept only when its town is named in the report: "مطار" in a report about Gao is
not Bamako's airport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from events.text import Span, fold
from geo.gazetteer import Gazetteer, GeocodingError, Place, PlaceMention

_GENERIC_WORDS = frozenset(
    fold(w)
    for w in [
        "مطار",
        "المطار",
        "الجناح",
        "الرئاسي",
        "مركز",
        "تدريب",
        "وتعليم",
        "الدرك",
        "قاعدة",
        "للدرك",
        "مدرسة",
        "القاعدة",
        "الجوية",
        "منطقة",
        "مجمع",
        "ثكنة",
        "معسكر",
        "airport",
        "aéroport",
        "aérodrome",
        "l",
        "l'",
        "de",
        "du",
        "la",
        "le",
        "des",
        "école",
        "ecole",
        "gendarmerie",
        "school",
        "training",
        "centre",
        "center",
        "formation",
        "camp",
        "caserne",
        "base",
        "militaire",
        "military",
        "presidential",
        "pavilion",
        "pavillon",
        "présidentiel",
        "national",
        "nationale",
        "international",
        "internationale",
        "air",
        "force",
    ]
)


@dataclass(frozen=True)
class PlaceHit:
    """A resolved place mention: ``span.quote`` is the surface in the report."""

    place: Place
    span: Span

    @property
    def start(self) -> int:
        """Offset of the mention in the report."""
        return self.span.start


def resolve_places(
    gazetteer: Gazetteer, text: str, mentions: Sequence[PlaceMention]
) -> list[PlaceHit]:
    """Resolve each mention to one place using the report's context.

    Example
    -------
    >>> from geo.gazetteer import load_gazetteer
    >>> gaz = load_gazetteer()
    >>> t = "Attaque à Faladié, Bamako"
    >>> [h.place.kind for h in resolve_places(gaz, t, gaz.find_in_text(t))]
    ['neighbourhood', 'town']
    """
    if not mentions:
        return []
    unambiguous = [
        m.place_candidates[0]
        for m in mentions
        if len(m.place_candidates) == 1 and m.place_candidates[0].kind != "country"
    ]
    towns = [p for m in mentions for p in m.place_candidates[:1] if p.kind in ("town", "site")]
    countries = [p for m in mentions for p in m.place_candidates if p.kind == "country"]
    context = towns or countries
    country = context[0].iso3 if context else None
    hits: list[PlaceHit] = []
    for m in mentions:
        try:
            place = gazetteer.resolve(m.place_candidates, country_iso3=country, near=unambiguous)
        except GeocodingError:
            continue
        hits.append(PlaceHit(place, Span(m.start, m.end, m.surface)))
    named_towns = {h.place.name for h in hits if h.place.kind == "town"}
    return [h for h in hits if _keep(h, named_towns)]


def _keep(hit: PlaceHit, named_towns: set[str]) -> bool:
    place = hit.place
    if place.kind not in ("site", "neighbourhood") or not place.city:
        return True
    if place.city in named_towns:
        return True
    words = fold(hit.span.quote).split()
    # strip Arabic proclitics (و ب ل ف ك) glued to a generic word
    generic = all(
        w in _GENERIC_WORDS or w.lstrip("وبلفك") in _GENERIC_WORDS or w[1:] in _GENERIC_WORDS
        for w in words
    )
    return not generic
