"""Arabic spellings of Latin place names: "تيسيت" is Tessit, "غورغادجي" Gorgadji.

The Arabic press writes the villages of the Sahel by their French sound, and the
gazetteer mostly knows them in Latin letters only. Both spellings are reduced to a
*skeleton*: consonant classes (g, k and q one class, s and z one, dj and j one; h and
doubled letters dropped) with one ``a`` for each run of vowels. A foreign name in
Arabic writes its vowels as letters (تيسيت, t-i-s-i-t), an Arabic word mostly does not
(منطقة, m-n-t-q), so the vowels keep common words from matching village names. An
Arabic word the gazetteer does not know, read as a place ("في", "قرب", "قرية", "بلدة"
before it), is looked up by its skeleton; too short or too shared a skeleton finds
nothing.

Example
-------
>>> arabic_skeleton("تيسيت"), latin_skeleton("Tessit"), arabic_skeleton("منطقة")
('tasat', 'tasat', 'mntka')
"""

from __future__ import annotations

import re

from events.folding import FoldedText, fold
from extract.lexicon import lexicon_pattern
from geo.gazetteer import Gazetteer
from geo.place import Place, PlaceMention

__all__ = ["arabic_skeleton", "find_transliterated_places", "latin_skeleton"]

_ARABIC = {
    "ب": "b",
    "ت": "t",
    "ط": "t",
    "ث": "s",
    "س": "s",
    "ص": "s",
    "ش": "s",
    "ز": "s",
    "ذ": "s",
    "ظ": "s",
    "ج": "j",
    "خ": "k",
    "ك": "k",
    "ق": "k",
    "غ": "k",
    "د": "d",
    "ض": "d",
    "ر": "r",
    "ف": "f",
    "ل": "l",
    "م": "m",
    "ن": "n",
}
_LATIN = [
    ("dj", "j"),
    ("ch", "s"),
    ("sh", "s"),
    ("kh", "k"),
    ("gu", "k"),
    ("qu", "k"),
    ("ph", "f"),
    ("th", "t"),
]
_SOFT_G = re.compile(r"g(?=[eiy])")
_SOFT_C = re.compile(r"c(?=[eiy])")
_LATIN_CLASS = dict(zip("bcdfgjklmnpqrstvxz", "bkdfkjklmnbkrstfks", strict=True))
_LATIN_MAP = _LATIN_CLASS | dict.fromkeys("aeiouyw", "a")
_LATIN_BYTES = bytes.maketrans(
    "".join(_LATIN_MAP).encode("ascii"), "".join(_LATIN_MAP.values()).encode("ascii")
)
_LATIN_DROP = bytes(c for c in range(128) if c != 10 and chr(c) not in _LATIN_MAP)
_SKELETON_LETTERS = sorted(set(_LATIN_MAP.values()))
_ARABIC_QUALITY = {"ا": "a", "ء": "a", "و": "u", "ي": "i"}
_LATIN_QUALITY = {"a": "a", "o": "u", "u": "u", "w": "u", "e": "i", "i": "i", "y": "i"}
#: A skeleton with fewer consonants than this matches too many names.
MIN_CONSONANTS = 3
#: More places than this under one skeleton: ambiguous, not a match.
MAX_CANDIDATES = 25
#: An Arabic word (folded) after a word that says the next one is a place.
_AFTER_CUE = re.compile(
    rf"(?<![\u0621-\u064a])(?:{lexicon_pattern('place_cues')})"
    r"(?=[^\u0621-\u064a]{1,4}([\u0621-\u064a]{2,}))"  # a lookahead: "في منطقة مانسيلا"
)


def _collapse(letters: list[str]) -> str:
    out: list[str] = []
    for ch in letters:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def arabic_skeleton(word: str, *, vowels: bool = False) -> str:
    """Return the skeleton of an Arabic word (folded or not): consonant classes and vowels.

    With ``vowels``, the vowel letters keep their quality (ا a, و u, ي i), which
    tells Mansila (مانسيلا) from Mansala.
    """
    letters = fold(word).replace("دج", "ج")  # "dj" is written دج or ج
    if letters.endswith("ه"):
        letters = letters[:-1] + "ا"  # a final ta marbuta or ha is a vowel: "ديفه"
    quality = _ARABIC_QUALITY if vowels else dict.fromkeys(_ARABIC_QUALITY, "a")
    return _collapse([_ARABIC.get(ch, quality.get(ch, "")) for ch in letters])


def _latin_vowel_skeleton(name: str) -> str:
    """Return the Latin skeleton with vowel quality (a; o, u, ou, w as u; e, i, y as i)."""
    s = fold(name).replace("ou", "u")
    for a, b in _LATIN:
        s = s.replace(a, b)
    s = _SOFT_C.sub("s", _SOFT_G.sub("j", s))
    return _collapse([_LATIN_CLASS.get(ch, _LATIN_QUALITY.get(ch, "")) for ch in s])


def latin_skeleton(name: str) -> str:
    """Return the skeleton of a Latin-letter name ("Gorgadji" → "karkaja")."""
    return _latin_skeletons([name if name.isascii() and name.islower() else fold(name)])[0]


def _latin_skeletons(folded: list[str]) -> list[str]:
    """Skeletons of many folded names at once (one pass over the joined text: fast)."""
    s = "\n".join(folded)
    for a, b in _LATIN:
        s = s.replace(a, b)
    s = _SOFT_C.sub("s", _SOFT_G.sub("j", s))
    out = s.encode("ascii", "ignore").translate(_LATIN_BYTES, _LATIN_DROP).decode("ascii")
    for ch in _SKELETON_LETTERS:
        double = ch + ch
        while double in out:
            out = out.replace(double, ch)
    return out.split("\n")


# one index per gazetteer (a Gazetteer is not hashable); a weak map would need
# __weakref__ on a class this package does not own
_INDEXES: dict[int, tuple[Gazetteer, dict[str, tuple[str, ...]]]] = {}


def _skeleton_index(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Map each skeleton to the gazetteer keys (Latin names) that have it (built once)."""
    cached = _INDEXES.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    index: dict[str, set[str]] = {}
    names = {fold(n) for p in gazetteer.places for n in p.names}
    names.update(gazetteer.villages.keys())  # already folded matching keys
    ascii_names = [n for n in names if n and n.isascii()]
    for name, skeleton in zip(ascii_names, _latin_skeletons(ascii_names), strict=True):
        if len(skeleton.replace("a", "")) >= MIN_CONSONANTS:
            index.setdefault(skeleton, set()).add(name)
    built = {k: tuple(sorted(v)) for k, v in index.items()}
    if len(_INDEXES) >= 4:
        _INDEXES.clear()
    _INDEXES[id(gazetteer)] = (gazetteer, built)
    return built


def find_transliterated_places(
    gazetteer: Gazetteer, text: str, known: list[PlaceMention]
) -> list[PlaceMention]:
    """Return mentions of Latin-named places written in Arabic letters in ``text``.

    Only words the gazetteer does not already match, after a word that introduces a
    place, are tried; each mention lists the places with that skeleton, only those
    whose vowels agree too when there are such.
    """
    taken = [(m.start, m.end) for m in known]
    index = _skeleton_index(gazetteer)
    ft = FoldedText(text)
    out: list[PlaceMention] = []
    for m in _AFTER_CUE.finditer(ft.folded):
        start, end = ft.span(m.start(1), m.end(1))
        if any(a < end and start < b for a, b in taken):
            continue
        word = m.group(1)
        core = word[1:] if word[:1] == "و" and len(word) > 4 else word  # "وتيسيت"
        if core.startswith("ال") or core.endswith("ه"):
            # a noun with its article, or ending in ta marbuta or "his" ("قريبة", "بلاده"):
            # Arabic words; a foreign name ends its vowel with a long letter ("مانسيلا")
            continue
        names = index.get(arabic_skeleton(core), ())
        exact = arabic_skeleton(core, vowels=True)
        closest = tuple(n for n in names if _latin_vowel_skeleton(n) == exact)
        places = _places_for(gazetteer, closest or names)
        if places and len(places) <= MAX_CANDIDATES:
            out.append(PlaceMention(tuple(places), start, end, text[start:end]))
    return out


def _places_for(gazetteer: Gazetteer, names: tuple[str, ...]) -> list[Place]:
    found: dict[str, Place] = {}
    for name in names:
        for place in gazetteer.lookup(name):
            found.setdefault(place.place_id, place)
        if len(found) > MAX_CANDIDATES:
            break
    # the gazetteer's own towns before villages, then the most populous
    return sorted(found.values(), key=lambda p: (p.is_village, -p.population))
