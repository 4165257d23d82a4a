"""The multilingual actor registry (``events/data/actors.csv``) and its matcher.

Each row is an actor with a canonical name (the ACLED-style name stored in
``actor1``/``actor2``), a type, an optional parent (a katiba codes as its parent,
with its own name kept as the associated actor), validity dates with a successor
(Wagner Group → Africa Corps from mid-2025) and ``|``-separated aliases in Arabic,
French and English. A canonical name with ``{country}`` ("Military Forces of
{country}") is a generic word ("the army", "الجيش") resolved by the event's country.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from events.folding import FoldedText, fold, trie_pattern

#: Type of the registry rows whose members are never a perpetrator's guess.
STATE_TYPES = frozenset({"state force", "foreign mercenaries", "militia", "peacekeepers"})
ARMED_NON_STATE = frozenset({"Islamist group", "rebel group", "unidentified"})
UNIDENTIFIED = "Unidentified armed group"
CIVILIANS = "Civilians"

# Arabic proclitics before a word: conjunction و/ف, preposition ب/ك/ل, and the
# article ال (which becomes لل after ل).
_AR_ARTICLE_PREFIX = r"(?:[وف]?[بك]?ال|[وف]?لل)"
_AR_CLITIC_PREFIX = r"[وفبلك]{1,2}"


class ActorRegistryError(ValueError):
    """The actor registry file is malformed; names the file and the row."""


@dataclass(frozen=True)
class ActorEntry:
    """One row of the registry."""

    canonical: str
    kind: str
    parent: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def is_generic(self) -> bool:
        """Whether the name depends on the country ("the army")."""
        return "{country}" in self.canonical


@dataclass(frozen=True)
class ActorMention:
    """An alias found in a report: ``text[start:end] == quote``."""

    entry: ActorEntry
    start: int
    end: int
    quote: str


#: "the dozo hunters of Dan Na Ambassagou": a name right after one of these words
#: says which group the mention before it belongs to.
_OF = re.compile(r"\s*(?:de|du|des|d'|d’|of|from|من|التابعين ل|التابعة ل)\s*", re.IGNORECASE)


def _drop_named_after(found: list[ActorMention], text: str) -> list[ActorMention]:
    """Drop a militia mention followed by "of <a named group>": the group is the actor."""
    kept = []
    for i, mention in enumerate(found):
        after = found[i + 1] if i + 1 < len(found) else None
        if (
            after is not None
            and mention.entry.kind == "militia"
            and after.entry.canonical != mention.entry.canonical
            and _OF.fullmatch(text[mention.end : after.start])
        ):
            continue
        kept.append(mention)
    return kept


class ActorRegistry:
    """The registry with a compiled matcher over folded text.

    Example
    -------
    >>> reg = load_actor_registry()
    >>> [m.entry.canonical for m in reg.find_in_text("Les FAMa et le JNIM")]
    ['Military Forces of Mali', 'JNIM']
    """

    def __init__(self, entries: list[ActorEntry]) -> None:
        self.entries = tuple(entries)
        self.by_name = {e.canonical: e for e in entries}
        self._by_core: dict[str, ActorEntry] = {}
        latin: list[str] = []
        arabic_article: list[str] = []
        arabic_plain: list[str] = []
        for entry in entries:
            for alias in entry.aliases:
                folded = fold(alias)
                if not folded:
                    continue
                if _is_arabic(folded) and folded.startswith("ال") and len(folded) > 3:
                    core = folded[2:]
                    arabic_article.append(core)
                elif _is_arabic(folded):
                    core = folded
                    arabic_plain.append(core)
                else:
                    core = folded
                    latin.append(core)
                # the first row to claim an alias wins (rows are ordered specific first)
                self._by_core.setdefault(core, entry)
        self._pattern = re.compile(
            r"(?<!\w)(?:"
            rf"{_AR_ARTICLE_PREFIX}(?P<art>{trie_pattern(arabic_article)})"
            rf"|(?:{_AR_CLITIC_PREFIX})?(?P<ar>{trie_pattern(arabic_plain)})"
            rf"|(?P<lat>{trie_pattern(latin)})"
            r")(?!\w)"
        )

    def find_in_text(self, text: str | FoldedText) -> list[ActorMention]:
        """Return every alias mention in ``text``, in order, with offsets into the original."""
        folded = text if isinstance(text, FoldedText) else FoldedText(text)
        found: list[ActorMention] = []
        for m in self._pattern.finditer(folded.folded):
            group = "art" if m.group("art") else "ar" if m.group("ar") else "lat"
            core = m.group(group)
            entry = self._by_core.get(core)
            if entry is None:
                continue
            start, end = folded.span(m.start(), m.end())
            found.append(ActorMention(entry, start, end, folded.text[start:end]))
        return _drop_named_after(found, folded.text)

    def resolve(
        self, entry: ActorEntry, *, on: dt.date | None, country: str = ""
    ) -> tuple[str, str]:
        """Return ``(actor, associated_actor)`` for a mention on the date ``on``.

        A katiba resolves to its parent (the katiba kept as associated actor), an
        expired name to its successor, a generic name to the country's forces ("" if the
        country is unknown).
        """
        if entry.is_generic:
            return (entry.canonical.format(country=country) if country else "", "")
        if entry.parent:
            return self.by_name[entry.parent].canonical, entry.canonical
        expired = on is not None and entry.valid_to is not None and on > entry.valid_to
        if expired and entry.successor in self.by_name:
            return self.by_name[entry.successor].canonical, ""
        return entry.canonical, ""

    def kind_of(self, name: str) -> str:
        """Return the registry type of a resolved actor name ("state force" for generics)."""
        entry = self.by_name.get(name)
        if entry is not None:
            return entry.kind
        if name.startswith(("Military Forces of ", "Police Forces of ")):
            return "state force"
        return ""


def load_actor_registry(path: str | Path | None = None) -> ActorRegistry:
    """Read the registry CSV (the packaged ``events/data/actors.csv`` by default).

    Raises
    ------
    ActorRegistryError
        On a missing column, a bad date or an unknown parent/successor.
    """
    if path is None:
        raw = resources.files("events").joinpath("data/actors.csv").read_text(encoding="utf-8")
        where = "events/data/actors.csv"
    else:
        where = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ActorRegistryError(f"cannot read actor registry {where!r}: {exc}") from exc
    entries = [_parse_row(row, where, i) for i, row in enumerate(csv.DictReader(raw.splitlines()))]
    names = {e.canonical for e in entries}
    for e in entries:
        for ref in (e.parent, e.successor):
            if ref and ref not in names:
                raise ActorRegistryError(f"{where}: {e.canonical!r} refers to unknown {ref!r}")
    return ActorRegistry(entries)


def _parse_row(row: dict[str, str], where: str, i: int) -> ActorEntry:
    try:
        aliases = [row["canonical"]] + [
            a.strip()
            for col in ("aliases_ar", "aliases_fr", "aliases_en")
            for a in (row[col] or "").split("|")
            if a.strip() and "{" not in a
        ]
        return ActorEntry(
            canonical=row["canonical"].strip(),
            kind=row["type"].strip(),
            parent=(row["parent"] or "").strip(),
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
            successor=(row["successor"] or "").strip(),
            aliases=tuple(a for a in aliases if "{" not in a),
        )
    except (KeyError, ValueError, AttributeError) as exc:
        raise ActorRegistryError(f"{where}: row {i + 2} ({row!r}): {exc}") from exc


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text.strip()) if text and text.strip() else None


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)
