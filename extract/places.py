"""Place mentions of a report resolved in context: country, nearby places, generic facilities.

The gazetteer finds names; here each mention is resolved with the report's own
context (the country it is about and the unambiguous places it names), and a site
found through a *generic* facility word ("المطار", "l'aéroport", "gendarmerie school")
is kept only when its town is named in the report: "مطار" in a report about Gao is
not Bamako's airport.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from extract.lexicon import lexicon_phrases
from extract.text import FoldedText, Span, compile_folded, fold
from geo.gazetteer import Gazetteer, GeocodingError, Place, PlaceMention
from geo.normalize import is_arabic

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


# Words before a place name saying the event was *near* it or somewhere in its area, not
# in it ("près de Bankass", "in the outskirts of", "قرب", "cercle de"): ACLED's
# geo_precision 2. Matched on folded text, so "d'Aguelhok" reads "d aguelhok".
_NEAR = compile_folded(
    r"(?<!\w)(?:pres|proche|non loin|a proximite|aux environs|dans les environs|aux alentours|"
    r"a la peripherie|la peripherie|en peripherie|dans la banlieue|au nord|au sud|a l est|"
    r"a l ouest|au nord est|au nord ouest|au sud est|au sud ouest|(?:a )?\d+ ?(?:km|kilometres)|"
    r"cercle|commune|commune rurale|departement|prefecture|district|localites? situees? pres|"
    r"zone)(?: d| de| du| des)"
    r"|(?<!\w)(?:near|nearby|close to|outside|on the outskirts of|the outskirts of|outskirts of|"
    r"in the vicinity of|not far from|around|north of|south of|east of|west of|northeast of|"
    r"northwest of|southeast of|southwest of|\d+ ?(?:km|kilometres|kilometers|miles) from|"
    r"the district of|(?:in )?the [\w ]{0,12}district of|the commune of|the department of)"
    r"|(?<!\w)[وف]?(?:ب?القرب من|قرب|علي مقربه من|علي مشارف|ضواحي|في ضواحي|بضواحي|محيط|"
    r"في محيط|نواحي|شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي|شمال شرق|شمال غرب|جنوب شرق|"
    r"جنوب غرب|دائره|بلديه|علي بعد \d+ ?(?:كيلومترا|كيلومتر|كلم|كم) من)"
)
_NEAR_END = compile_folded(
    rf"(?:{_NEAR.pattern}) (?:(?:l|la|le|les|the|a|the town of|the village of|la ville|"
    r"la ville de|la ville d|la localite de|la localite d|du village de|la commune de|"
    r"مدينه|بلده|قريه|منطقه|ولايه) )?$"
)
# Words before a name that make it a place ("à", "near", "village de", "في", "قرية").
_VILLAGE_CUE = compile_folded(
    r"(?<!\w)(?:a|au|aux|en|in|at|near|vers|towards|outside|entre|between|from|attaque|"
    r"attaquee|attaquent|attacked|attacking|raided|stormed|struck|targeted|vise|visee|cible|"
    r"ciblee|hit|besieged|assiege|هاجم|هاجموا|هاجمت|استهدف|استهدفوا|استهدفت|اقتحم|اقتحموا|"
    r"(?:village|villages|hameau|localite|localites|commune|camp|campement|mine|site|marche|"
    r"detachement|poste|base|position|garnison|caserne|checkpoint|outpost|garrison|"
    r"market|town|cercle|region|environs|alentours|pres|proche|non loin|nord|sud|est|ouest|"
    r"north|south|east|west|km|kilometres|kilometers|miles|of|outskirts|vicinity)"
    r"(?: de| d| du| des| of)?|"
    r"في|قرب|بين|من|الى|قريه|قريتي|قري|بلده|بلدات|منطقه|مدينه|مخيم|منجم|سوق|بلديه|شمال|جنوب|"
    r"شرق|غرب|ضواحي) $"
)
# "à 30 km de", "some 20 kilometres from", "على بعد 40 كيلومترا من", "une vingtaine de km de"
_ROUND_KM = {
    fold(k): v
    for k, v in {
        "une dizaine": 10.0,
        "une quinzaine": 15.0,
        "une vingtaine": 20.0,
        "une trentaine": 30.0,
        "une quarantaine": 40.0,
        "une cinquantaine": 50.0,
        "une centaine": 100.0,
        "quelques": 10.0,
        "a few": 10.0,
        "some": 10.0,
        "بضعه": 10.0,
        "عشرات": 30.0,
    }.items()
}
_DISTANCE = compile_folded(
    r"(?:(?P<n>\d+(?:[.,]\d+)?)|(?P<v>une dizaine|une quinzaine|une vingtaine|une trentaine|"
    r"une quarantaine|une cinquantaine|une centaine|quelques|a few|some|بضعه|عشرات))"
    r" ?(?:de )?(?P<u>km|kilometres|kilometers|kilometre|kilometer|miles|كيلومترا|كيلومتر|كلم|كم)"
    r"(?: (?:au |a l )?(?:nord|sud|est|ouest|north|south|east|west|شمال|جنوب|شرق|غرب)\w*)?"
    r" (?:de|d|du|from|of|away from|من|عن)(?: (?:la ville de|la localite de|the town of|"
    r"the village of|مدينه|بلده|قريه))? $"
)
# Where the news was told, not where it happened: "a-t-on appris à Niamey", "said in Bamako".
_REPORTED_FROM = compile_folded(
    r"(?<!\w)(?:appris|annonce|annoncee|declare|indique|precise|affirme|confie|said|told \w+|"
    r"announced|reported|speaking|briefing|statement|communique|press conference|"
    r"conference de presse|journalists|reporters|قال|قالت|اعلن|اعلنت|افاد|افادت|صرح)"
    r" (?:a|in|from|depuis|في|من) $"
)
# Titles before a person's name: "président", "Gen.", "الرئيس".
_PERSON_TITLE = compile_folded(
    r"(?<!\w)(?:president|presidente|ministre|minister|premier ministre|prime minister|general|"
    r"gen|colonel|col|capitaine|captain|capt|commandant|lieutenant|sergent|sergeant|chef|leader|"
    r"imam|cheikh|sheikh|emir|m|mr|mme|mrs|ms|dr|maire|mayor|gouverneur|governor|journaliste|"
    r"الرئيس|الوزير|العقيد|الجنرال|النقيب|الشيخ|الامير|القائد|الزعيم) $"
)
# Capitalised words that may precede a place name without making it a person's.
_NOT_NAME_WORDS = (
    "Le La Les L The A An In At À Au Aux De Du Des En Et And Of Near Près Nord Sud Est "
    "Ouest North South East West Central Centre Northern Southern Eastern Western"
)
_NOT_NAMES = frozenset(fold(w) for w in _NOT_NAME_WORDS.split(" "))
#: Words that are also village names but mean something else in a report: countries
#: beyond the gazetteer, faiths, feasts (lexicons/not_places.csv), months and weekdays.
_NOT_PLACES = frozenset(
    [*lexicon_phrases("not_places"), *lexicon_phrases("months"), *lexicon_phrases("weekdays")]
)
#: Regions named by a common or compass word: places only after "région (du)".
_WORD_REGIONS = frozenset(lexicon_phrases("word_regions"))
_LIST_GAP = compile_folded(r" ?(?:,|et|and|ou|or|و|،)? ?(?:et |and |و)?")
_REGION_WORD = compile_folded(
    r"(?:region|province|wilaya|regions|منطقه|ولايه|اقليم|مقاطعه)(?: de| du| d| of)? $"
)


@dataclass(frozen=True)
class PlaceHit:
    """A resolved place mention: ``span.quote`` is the surface in the report.

    ``near`` says the text puts the event near the place or in its area ("près de
    Bankass", "قرب غاو"), not in it.
    """

    place: Place
    span: Span
    near: bool = False
    #: "à 30 km de Djibo", "une vingtaine de kilomètres": how far from the place (0 if not said)
    distance_m: float = 0.0

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
    mentions = [
        m
        for m in mentions
        if not _is_person(text, m, mentions)
        and not _REPORTED_FROM.search(_before(text, m.start, 40))
    ]
    mentions = _gate_villages(text, mentions)
    if not mentions:
        return []
    # context: each mention's curated place (a town, region or site), or its only village
    unambiguous = [
        m.place_candidates[0]
        for m in mentions
        if m.place_candidates[0].kind != "country"
        and (len(m.place_candidates) == 1 or not m.place_candidates[0].is_village)
    ]
    # the first place the report names without doubt sets the country
    towns = [p for p in unambiguous if p.kind in ("town", "site")]
    countries = [p for m in mentions for p in m.place_candidates if p.kind == "country"]
    context = towns or countries
    country = context[0].iso3 if context else None
    hits: list[PlaceHit] = []
    for m in mentions:
        named_country = [p for p in m.place_candidates if p.kind == "country"]
        try:
            place = (
                named_country[0]
                if named_country
                else gazetteer.resolve(m.place_candidates, country_iso3=country, near=unambiguous)
            )  # "Cameroun" is the country, never its namesake village in Niger
        except GeocodingError:
            continue
        before = _before(text, m.start, 60)
        if place.kind == "region" and not _REGION_WORD.search(before):
            if fold(m.surface).removesuffix(" region") in _WORD_REGIONS:
                # "Sahel jihadists", "the Sahel region": the word, unless "la région du Sahel"
                continue
            place = _town_of(place, m.place_candidates)
        near = _NEAR_END.search(before) is not None
        hits.append(PlaceHit(place, Span(m.start, m.end, m.surface), near, _distance_m(before)))
    named_towns = {h.place.name for h in hits if h.place.kind == "town"}
    return [h for h in hits if _keep(h, named_towns)]


@lru_cache(maxsize=8)
def _folded(text: str) -> FoldedText:
    return FoldedText(text)


def _before(text: str, start: int, width: int) -> str:
    """Return the folded text of the ``width`` characters before ``start``, one space last."""
    ft = _folded(text)
    a = bisect.bisect_left(ft.offsets, max(0, start - width))
    b = bisect.bisect_left(ft.offsets, start)
    return ft.folded[a:b].rstrip() + " "


def _distance_m(folded_before: str) -> float:
    """Return the distance said just before a place name ("à 30 km de"), in metres."""
    m = _DISTANCE.search(folded_before)
    if m is None:
        return 0.0
    km = float(m["n"].replace(",", ".")) if m["n"] else _ROUND_KM.get(m["v"], 10.0)
    return km * (1.6 if m["u"] == "miles" else 1.0) * 1000.0


def _is_person(text: str, m: PlaceMention, mentions: Sequence[PlaceMention]) -> bool:
    """Return True when a one-word town name reads as a person's name.

    "le président Keïta", "Ibrahim Boubacar Keïta", "M. Diallo": a title before it,
    or a capitalised word that is not a place and not the first of the sentence.
    """
    top = m.place_candidates[0]
    if top.kind not in ("town",) or " " in m.surface.strip() or not m.surface[:1].isupper():
        return False
    before = text[max(0, m.start - 40) : m.start]
    if _PERSON_TITLE.search(_before(text, m.start, 40)):
        return True
    word = re.search(r"([^\W\d_][\w'’-]*)\s$", before)
    if word is None or not word.group(1)[:1].isupper():
        return False
    w_start = m.start - len(word.group(0))
    if any(o.start <= w_start < o.end for o in mentions):
        return False  # "Bamako Sénou", a list of places
    head = before[: len(before) - len(word.group(0))].rstrip()
    return bool(head) and head[-1:] not in '.!?:\n"«“(' and fold(word.group(1)) not in _NOT_NAMES


def _gate_villages(text: str, mentions: Sequence[PlaceMention]) -> list[PlaceMention]:
    """Keep a mention known only as a village when the text reads it as a place.

    A village name is a capitalised word like any other ("Keïta", "Selon"): it
    counts when a locative word comes before it ("à", "near", "village of", "في",
    a glued Arabic "ب") or when it continues a list of places ("à X, Y et Z").
    """
    kept: list[PlaceMention] = []
    last_end = -100
    for m in mentions:
        if not all(p.is_village for p in m.place_candidates):
            kept.append(m)
            last_end = m.end
            continue
        if fold(m.surface) in _NOT_PLACES:
            continue  # a village called "Cameroun" or "Islam": the word means something else
        before = _before(text, m.start, 40)
        listed = m.start - last_end <= 8 and _LIST_GAP.fullmatch(fold(text[last_end : m.start]))
        if not is_arabic(m.surface) and (m.surface.isupper() or m.surface[:1].islower()):
            continue  # "according to SITE", "au camp militaire": a village is written Capitalised
        glued = fold(m.surface)[:1] == "ب" or fold(m.surface)[:2] == "وب"
        if listed or glued or _VILLAGE_CUE.search(before):
            kept.append(m)
            last_end = m.end
    return kept


def _town_of(region: Place, candidates: Sequence[Place]) -> Place:
    """Prefer the town to its same-name region ("Ménaka") unless the text says region."""
    for p in candidates:
        if p.kind == "town" and p.iso3 == region.iso3 and p.admin1 == region.admin1:
            return p
    return region


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
