"""A small multilingual gazetteer: look up, find in text and disambiguate places.

The default gazetteer is ``geo/data/places.csv`` (built by
``scripts/make_geo_data.py``): hand-curated sites, GeoNames towns, admin-1
regions and countries, with French, English and Arabic aliases; plus the
village files beside it (``scripts/make_villages.py``): about 65,000 villages,
camps, mines, markets, wells and wadis of Mali, Burkina Faso and Niger from
GeoNames, OCHA and OpenStreetMap. Resolution among same-name places is
`geo.resolve`'s; "N km from X" is `geo.vicinity`'s.

Examples
--------
>>> gaz = load_gazetteer()
>>> [p.place_id for p in gaz.lookup("Tombouctou")][:1]
['gn:2449067']
>>> text = "Attaque à Faladié, Bamako"
>>> mentions = gaz.find_in_text(text)
>>> near = [m.place_candidates[0] for m in mentions if m.surface == "Bamako"]
>>> gaz.resolve(mentions[0].place_candidates, near=near).kind
'neighbourhood'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.normalize import (
    has_loose_spelling,
    is_arabic,
    normalize_name,
    spelling_key,
    strip_arabic_clitics,
    tokenize,
)
from geo.place import (
    KINDS,
    PLACE_COLUMNS,
    GeocodingError,
    Place,
    PlaceMention,
    read_places,
)
from geo.resolve import COMMON_NAMES_CSV, rank_places, read_common_names, resolve_place
from geo.villages import VillageTable, read_village_table

__all__ = [
    "KINDS",
    "PLACE_COLUMNS",
    "Gazetteer",
    "GeocodingError",
    "Place",
    "PlaceMention",
    "load_gazetteer",
    "read_common_names",
    "read_places",
    "resolve_place",
]

DEFAULT_PLACES = Path(__file__).parent / "data" / "places.csv"
#: The village files beside places.csv and their attribution (see ATTRIBUTION.md).
VILLAGE_FILES = (
    ("villages_geonames.csv.gz", "GeoNames country dumps (CC BY 4.0)"),
    ("villages_ocha.csv.gz", "OCHA / DNCT Mali settlements 2015 (HDX)"),
    ("villages_osm.csv.gz", "OpenStreetMap contributors 2019 (ODbL 1.0)"),
    ("villages_niger_localites.csv.gz", "Niger localités list (MIT), at commune centres"),
)

# fmt: off
STOP_KEYS = frozenset({
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "un", "une",
    "y", "sur", "dans", "par", "pour", "avec",
    "the", "of", "in", "on", "at", "to", "and", "for", "from", "by", "with", "an", "or", "is",
    "as", "est", "nord", "sud", "ouest", "centre", "sahel", "centre nord", "centre sud",
    "centre est", "centre ouest", "sud ouest", "nord est", "nord ouest", "sud est",
    "region", "province", "ville", "village", "city", "town",
    "في", "من", "على", "الى", "عن", "مع",
})
# fmt: on


@dataclass
class Gazetteer:
    """An index of places by normalised name (name and aliases).

    Parameters
    ----------
    places : sequence of Place
        The entries; ``place_id`` must be unique.
    """

    places: Sequence[Place]
    villages: VillageTable = field(default_factory=VillageTable)
    #: Matching keys of frequent family names, given names and common words.
    common_names: frozenset[str] = frozenset()
    _by_key: dict[str, tuple[Place, ...]] = field(init=False, repr=False)
    _prefixes: frozenset[str] = field(init=False, repr=False)
    _known: frozenset[str] = field(init=False, repr=False)
    _by_spelling: dict[str, list[str]] = field(init=False, repr=False)
    _by_id: dict[str, Place] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.places = tuple(self.places)
        self._by_id = {}
        for place in self.places:
            if place.place_id in self._by_id:
                raise GeocodingError(f"duplicate place_id {place.place_id!r}")
            self._by_id[place.place_id] = place
        index: dict[str, dict[str, Place]] = {}
        for place in self.places:
            for name in place.names:
                key = normalize_name(name)
                if key and key not in STOP_KEYS and not key.isdigit():
                    index.setdefault(key, {})[place.place_id] = place
        self._by_key = {key: rank_places(found.values()) for key, found in index.items()}
        prefixes: set[str] = set()
        for key in (*self._by_key, *self.villages.keys()):
            if " " not in key:
                continue
            parts = key.split(" ")
            prefixes.update(" ".join(parts[:n]) for n in range(1, len(parts)))
        self._prefixes = frozenset(prefixes)
        self._known = frozenset(self._by_key).union(self.villages.keys())
        # only keys that a looser spelling changes: the others are their own loose key
        by_spelling: dict[str, list[str]] = {}
        for key in self._known:
            if has_loose_spelling(key) and (loose := spelling_key(key)):
                by_spelling.setdefault(loose, []).append(key)
        self._by_spelling = by_spelling

    def __len__(self) -> int:
        return len(self.places) + len(self.villages)

    def _candidates(self, key: str) -> tuple[Place, ...]:
        """Return the places with this key: curated ones first, then villages."""
        found = self._by_key.get(key, ())
        if key in self.villages.by_key:
            found = found + self.villages.places_for(key)
        return found

    def site(self, place_id: str) -> Place:
        """Return the place with this id.

        Raises
        ------
        GeocodingError
            If no place has that id.
        """
        place = self._by_id.get(place_id) or self.villages.find_id(place_id)
        if place is None:
            raise GeocodingError(f"no place with id {place_id!r}")
        return place

    def lookup(self, name: str) -> list[Place]:
        """Return the places called ``name`` (exact match after normalisation).

        Arabic names are also tried without proclitics and article
        (``"والنيجر"`` finds Niger). Results are most specific first, then
        most populous; ``[]`` if nothing matches.
        """
        key = normalize_name(name)
        found = self._candidates(key)
        if found:
            return list(found)
        first, _, rest = key.partition(" ")
        for stem in strip_arabic_clitics(first):
            found = self._candidates(f"{stem} {rest}" if rest else stem)
            if found:
                return list(found)
        return list(self.spelling_variants(key))

    def spelling_variants(self, name: str) -> tuple[Place, ...]:
        """Return the places whose name is a transliteration variant of ``name``.

        Variants share a `spelling_key` (no spaces, no doubled letters):
        "Takoubatt" finds "Takoubat", "Inatès" finds "I-n-Atès". `lookup` and
        `find_in_text` fall back to this when no name matches exactly.
        """
        return self._variants_of(spelling_key(normalize_name(name)))

    def _variants_of(self, loose: str) -> tuple[Place, ...]:
        if not loose:
            return ()
        keys = [*self._by_spelling.get(loose, ()), *([loose] if loose in self._known else ())]
        return rank_places({p.place_id: p for k in keys for p in self._candidates(k)}.values())

    def find_in_text(self, text: str) -> list[PlaceMention]:
        """Return every gazetteer name found in ``text``, left to right.

        Matching works on whole normalised tokens, so "Gao" is not found in
        "Gaoua"; the longest name starting at a token wins and matches do
        not overlap. A single-word Latin name only matches a capitalised
        word ("Say", not "say"); Arabic words are also tried without their
        proclitics.

        Parameters
        ----------
        text : str
            Original text; offsets refer to it.

        Returns
        -------
        list of PlaceMention
        """
        tokens = tokenize(text)
        mentions: list[PlaceMention] = []
        candidates, prefixes, known = self._candidates, self._prefixes, self._known
        i, n = 0, len(tokens)
        while i < n:
            best: tuple[int, tuple[Place, ...]] | None = None
            first = tokens[i][0]
            variants = [first, *strip_arabic_clitics(first)] if is_arabic(first) else [first]
            for variant in variants:
                key, j = variant, i
                while True:
                    if (
                        key in known
                        and (best is None or j > best[0])
                        and (j > i or self._single_ok(text, tokens[i]))
                    ):
                        best = (j, candidates(key))
                    if key not in prefixes or j + 1 >= n:
                        break
                    j += 1
                    key = f"{key} {tokens[j][0]}"
            if best is None:
                variants_found = self._variant_at(text, tokens[i])
                if variants_found:
                    best = (i, variants_found)
            if best is None:
                i += 1
                continue
            j, found = best
            start, end = tokens[i][1], tokens[j][2]
            mentions.append(PlaceMention(found, start, end, text[start:end]))
            i = j + 1
        return mentions

    def _variant_at(self, text: str, token: tuple[str, int, int]) -> tuple[Place, ...]:
        """Return the places spelled like this capitalised Latin word, or ``()``."""
        norm, start, _ = token
        if not text[start].isupper() or norm in self._known or not norm.isascii():
            return ()
        return self._variants_of(spelling_key(norm))

    @staticmethod
    def _single_ok(text: str, token: tuple[str, int, int]) -> bool:
        # Single Latin words must be capitalised: "Say" (Niger) vs "say".
        norm, start, _ = token
        return is_arabic(norm) or not text[start].islower()

    def resolve(
        self,
        candidates: Sequence[Place] | PlaceMention,
        *,
        country_iso3: str | None = None,
        near: Sequence[Place] = (),
        admin1: str | None = None,
    ) -> Place:
        """Pick one place among same-name candidates using context.

        Ranking: candidates in ``country_iso3`` first; then those in the region
        ``admin1`` or in a region among ``near``; then the ones closest to the
        ``near`` places (distance minus the candidate's uncertainty, so a region
        containing the context counts as 0; within 10 km is a tie; a well, wadi
        or forest counts 30 km farther than a settlement); then higher
        specificity, larger population, settlement before other features. With
        no context the most specific place wins: "Faladié" alone is the Bamako
        neighbourhood, not the village of the same name 60 km away.

        A name of the `common_names` word list (a frequent family name such as
        "Traoré", a given name, a common word) is resolved to a village only
        within 50 km of a ``near`` place or in the named region, and to a town
        only in ``country_iso3``, its region or within 150 km of a ``near``
        place; otherwise GeocodingError.

        Parameters
        ----------
        candidates : sequence of Place or PlaceMention
            Same-name candidates, e.g. ``mention.place_candidates``.
        country_iso3 : str, optional
            ISO 3166-1 alpha-3 code of the country the text is about.
        near : sequence of Place
            Other places mentioned in the same text.
        admin1 : str, optional
            Region (admin-1 name) the text is about.

        Raises
        ------
        GeocodingError
            If there are no candidates, or the name is a common name without
            enough context.
        """
        return resolve_place(
            candidates,
            country_iso3=country_iso3,
            near=near,
            admin1=admin1,
            common_names=self.common_names,
        )

    def geocode(
        self,
        name: str,
        *,
        country_iso3: str | None = None,
        near: Sequence[Place] = (),
        admin1: str | None = None,
    ) -> Place:
        """Look up ``name`` and resolve it; raise GeocodingError if unknown.

        Example
        -------
        >>> gaz = load_gazetteer()
        >>> gaz.geocode("Bamba", admin1="Gao").admin1
        'Gao'
        """
        found = self.lookup(name)
        if not found:
            raise GeocodingError(f"place name not in gazetteer: {name!r}")
        return resolve_place(
            found,
            country_iso3=country_iso3,
            near=near,
            admin1=admin1,
            common_names=self.common_names,
            name=name,
        )

    def is_common_name(self, name: str) -> bool:
        """Return True if ``name`` is on the word list of family names and common words.

        Such a name ("Keïta", "Diallo", "Selon") is a place only with strong
        evidence; `resolve` applies the rule.
        """
        return normalize_name(name) in self.common_names


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None, *, villages: bool = True) -> Gazetteer:
    """Load and index a places CSV (default: the committed ``geo/data/places.csv``).

    With ``villages`` (the default) the village files found beside the places CSV
    are added: about 46,000 villages, camps, mines and markets of Mali, Burkina
    Faso and Niger. The result is cached per path; treat it as read-only.
    """
    places_csv = path or DEFAULT_PLACES
    table = VillageTable()
    if villages:
        table = read_village_table([(places_csv.parent / n, src) for n, src in VILLAGE_FILES])
    common = read_common_names(places_csv.parent / COMMON_NAMES_CSV)
    return Gazetteer(read_places(places_csv), table, common)
