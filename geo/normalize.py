"""Normalise place names for matching, in Latin and Arabic script.

The functions here are pure and cheap: they are called on every token of
every ingested report. They fold case, strip Latin accents and Arabic
diacritics, unify Arabic letter variants and turn punctuation into spaces,
so that ``"Ségou"``, ``"SEGOU"`` and ``"Segou"`` (or ``"أغاديس"`` and
``"اغاديس"``) share one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "has_loose_spelling",
    "is_arabic",
    "normalize_name",
    "spelling_key",
    "strip_arabic_clitics",
    "tokenize",
]

# Letters that NFD does not decompose but that should fold to a base letter.
# Arabic: alef wasla, alef maksura, taa marbuta, tatweel (dropped) and the
# Persian/Urdu variants GeoNames uses in "Arabic-script" alternate names.
_FOLD = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0649": "\u064a",  # ى alef maksura -> ي
        "\u0629": "\u0647",  # ة taa marbuta -> ه
        "\u0640": None,  # ـ tatweel
        "\u06cc": "\u064a",  # ی farsi yeh -> ي
        "\u06d2": "\u064a",  # ے yeh barree -> ي
        "\u06a9": "\u0643",  # ک keheh -> ك
        "\u06c1": "\u0647",  # ہ heh goal -> ه
        "\u0688": "\u062f",  # ڈ ddal -> د
        "\u0679": "\u062a",  # ٹ tteh -> ت
        "\u06ba": "\u0646",  # ں noon ghunna -> ن
        "\u0621": None,  # ء lone hamza: spelled inconsistently, drop it
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00f8": "o",
        "\u0111": "d",
        "\u0142": "l",
        "\u0131": "i",
        "\u025b": "e",  # ɛ (Bambara, Fulfulde)
        "\u0254": "o",  # ɔ
        "\u0272": "ny",  # ɲ
        "\u014b": "ng",  # ŋ
        "\u0253": "b",  # ɓ
        "\u0257": "d",  # ɗ
        "\u01b4": "y",  # ƴ
    }
)
_NON_WORD = re.compile(r"[\W_]+")
# A token of running text: letters/digits plus the combining marks and the
# tatweel that may sit inside a word (decomposed accents, Arabic harakat).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")

_DOUBLE = re.compile(r"([a-z])\1")
#: Spelling keys shorter than this are not used: too many short names collide.
MIN_SPELLING_KEY = 5

_AL = "\u0627\u0644"  # ال
_CONJUNCTIONS = ("\u0648", "\u0641")  # و ف
_PREPOSITIONS = ("\u0628", "\u0644", "\u0643")  # ب ل ك
_MIN_STEM = 3


def normalize_name(text: str) -> str:
    """Return the matching key of a name or a phrase.

    Case is folded, Latin accents and Arabic diacritics (harakat, hamza
    seats) are removed, Arabic alef forms are unified (أ إ آ ٱ → ا), and
    ى → ي, ة → ه, ؤ → و, ئ → ي; tatweel is dropped. Hyphens, apostrophes
    and other punctuation become single spaces.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    str
        Space-separated normalised tokens (``""`` if there are none).

    Examples
    --------
    >>> normalize_name("Bamako-Sénou")
    'bamako senou'
    >>> normalize_name("تُمْبُكْتُو") == normalize_name("تمبكتو")
    True
    """
    return " ".join(tok for tok in map(_normalize_token, _TOKEN.findall(text)) if tok)


@lru_cache(maxsize=1 << 16)
def _normalize_token(token: str) -> str:
    # NFD splits é into e + U+0301 and أ into ا + U+0654, so dropping every
    # combining mark handles Latin accents, harakat and hamza seats at once.
    decomposed = unicodedata.normalize("NFD", token.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", stripped).translate(_FOLD)
    return _NON_WORD.sub(" ", folded).strip()


def has_loose_spelling(key: str) -> bool:
    """Return True if `spelling_key` changes ``key`` (a space or a doubled letter)."""
    return " " in key or _DOUBLE.search(key) is not None


def spelling_key(key: str) -> str:
    """Return a looser key for transliteration variants of a Latin name, or ``""``.

    Spaces are dropped and doubled letters made single, so "Takoubatt" meets
    "Takoubat" and "Inatès" meets "I-n-Atès". Arabic (non-ASCII) keys and keys
    shorter than `MIN_SPELLING_KEY` letters give ``""`` (no variant matching).

    Examples
    --------
    >>> spelling_key(normalize_name("I-n-Atès")) == spelling_key(normalize_name("Inatess"))
    True
    >>> spelling_key("gao")
    ''
    """
    if not key.isascii():  # Arabic (folded Latin keys are ASCII)
        return ""
    loose = key.replace(" ", "")
    if _DOUBLE.search(loose):
        # a plain loop: much cheaper than re.sub's template expansion, at start-up
        kept, prev = [], ""
        for ch in loose:
            if ch != prev:
                kept.append(ch)
                prev = ch
        loose = "".join(kept)
    return loose if len(loose) >= MIN_SPELLING_KEY else ""


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split running text into normalised tokens with their offsets.

    Parameters
    ----------
    text : str
        The original text.

    Returns
    -------
    list of (str, int, int)
        ``(normalised token, start, end)`` where ``text[start:end]`` is the
        original spelling. Tokens that normalise to nothing are skipped.
    """
    out: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        norm = _normalize_token(match.group())
        if not norm:
            continue
        if " " in norm:  # rare: a symbol inside a word became a separator
            for part in norm.split():
                out.append((part, match.start(), match.end()))
        else:
            out.append((norm, match.start(), match.end()))
    return out


def is_arabic(token: str) -> bool:
    """Return True if ``token`` contains an Arabic-script letter."""
    return _ARABIC_LETTER.search(token) is not None


@lru_cache(maxsize=1 << 14)
def _clitic_stems(token: str) -> tuple[str, ...]:
    stems: list[str] = []

    def add(stem: str) -> None:
        if len(stem) >= _MIN_STEM and stem != token and stem not in stems:
            stems.append(stem)

    bases = [token]
    if token[:1] in _CONJUNCTIONS:
        bases.append(token[1:])
    with_prep = list(bases)
    for base in bases:
        if base[:1] in _PREPOSITIONS:
            with_prep.append(base[1:])
            # ل + ال contracts to لل ("للمطار" = "to the airport")
            if base.startswith("\u0644\u0644"):
                with_prep.append(base[2:])
    for base in with_prep:
        if base.startswith(_AL):
            add(base[2:])
    for base in reversed(with_prep):
        add(base)
    # most stripped first: "وبباماكو" -> ["باماكو", "بباماكو"]
    stems.sort(key=len)
    return tuple(stems)


def strip_arabic_clitics(token: str) -> list[str]:
    """Return candidate stems of an Arabic token without its proclitics.

    Removes, in this order, an optional conjunction (و ف), an optional
    preposition (ب ل ك, and the contracted لل) and an optional article ال.
    Stems shorter than three letters are not returned, nor is the token
    itself; Latin tokens give ``[]``.

    Parameters
    ----------
    token : str
        One normalised token (see `normalize_name`).

    Returns
    -------
    list of str
        Candidate stems, most stripped (shortest) first.

    Examples
    --------
    >>> strip_arabic_clitics("وبباماكو")
    ['باماكو', 'بباماكو']
    >>> strip_arabic_clitics("والمطار")[0]
    'مطار'
    """
    if not token or not is_arabic(token):
        return []
    return list(_clitic_stems(token))
