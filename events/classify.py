"""ACLED event type and sub-type from cue words; the deciding cue is the evidence.

Cues are words or phrases in Arabic, French and English ("اشتباكات", "embuscade",
"drone strike"). Each has a *family* (attack, clash, explosion, civilian violence,
riot, protest, strategic) and an ACLED type/sub-type. The final choice also looks at
who was acted on: an attack on civilians is "Violence against civilians", an attack
on an armed actor a "Battles / Armed clash".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events.model import EventType
from events.text import FoldedText, fold, trie_pattern

B, V, E, R, P, S = (
    EventType.BATTLES,
    EventType.VIOLENCE_AGAINST_CIVILIANS,
    EventType.EXPLOSIONS,
    EventType.RIOTS,
    EventType.PROTESTS,
    EventType.STRATEGIC,
)

# (family, type, sub-type, rank, phrases); a higher rank wins over a lower one.
_LEXICON: tuple[tuple[str, EventType, str, int, str], ...] = (
    (
        "explosion",
        E,
        "Air/drone strike",
        9,
        "air strike|airstrike|air strikes|airstrikes|drone strike|drone strikes|frappe aerienne|"
        "frappes aeriennes|frappe de drone|frappes de drones|bombardement aerien|"
        "bombardements aeriens|غاره جويه|غارات جويه|قصف جوي|ضربه جويه|ضربات جويه|غاره بطائره مسيره|"
        "غارات بطائرات مسيره|قصف بطائرات مسيره",
    ),
    (
        "explosion",
        E,
        "Suicide bomb",
        9,
        "suicide bomber|suicide bombing|suicide attack|suicide car bomb|kamikaze|attentat suicide|"
        "attentat-suicide|انتحاري|انتحاريه|هجوم انتحاري",
    ),
    (
        "explosion",
        E,
        "Remote explosive/landmine/IED",
        9,
        "ied|improvised explosive device|roadside bomb|landmine|land mine|struck a mine|"
        "engin explosif|engin explosif improvise|eei|mine artisanale|sur une mine|"
        "عبوه ناسفه|عبوات ناسفه|لغم|لغما|الغام",
    ),
    (
        "explosion",
        E,
        "Shelling/artillery/missile attack",
        8,
        "shelling|mortar|mortars|rockets|rocket fire|obus|tirs d'obus|roquettes|tirs de mortier|"
        "قذائف|قذيفه|قصف مدفعي|قذائف هاون|صواريخ|shelled|shells|pilonne|pilonnage|قصف|قصفت|قصفوا",
    ),
    ("explosion", E, "Grenade", 8, "grenade|قنبله يدويه"),
    (
        "explosion",
        E,
        "Air/drone strike",
        8,
        "drone|drones|frappe|frappes|frappes ciblees|bombarde|bombardee|bombardes|bombardement|"
        "bombardements|bombed|bombing|bombarded|aerial strike|helicopter gunship|"
        "طائره مسيره|طائرات مسيره|مسيره|مسيرات|الطيران|غاره|غارات",
    ),
    (
        "explosion",
        E,
        "Remote explosive/landmine/IED",
        8,
        "explosive device|explosive devices|explosion|blast|exploded|hit a mine|"
        "engins explosifs|a saute|ont saute|explose|انفجار|انفجرت|ناسفه",
    ),
    (
        "coup",
        S,
        "Other",
        7,
        "coup d etat|putsch|military coup|coup attempt|attempted coup|tentative de coup|mutiny|"
        "mutineers|mutinied|mutinerie|mutins|seized power|took power|pris le pouvoir|"
        "prise du pouvoir|renverse|toppled|ousted|overthrew|"
        "انقلاب|الانقلاب|انقلابا|الانقلابيين|انقلابيون|تمرد عسكري|الاستيلاء على السلطه|اطاح",
    ),
    (
        "civilian",
        V,
        "Abduction/forced disappearance",
        7,
        "abducted|kidnapped|abduction|kidnapping|enleve|enleves|enlevee|enlevement|enlevements|"
        "kidnappe|kidnappes|rapt|otages|اختطف|اختطفوا|خطف|اختطاف|خطفوا",
    ),
    ("civilian", V, "Sexual violence", 7, "raped|rape|viol|viols|violees|اغتصاب|اغتصبوا"),
    (
        "civilian",
        V,
        "Attack",
        6,
        "massacre|massacred|massacres|executed|summary executions|executions sommaires|execute|"
        "executes|tueries|مجزره|مذبحه|اعدام|اعدموا",
    ),
    (
        "territory",
        B,
        "Non-state actor overtakes territory",
        6,
        "seized control|took control|captured the town|seized the town|took over|overran|"
        "s'est empare|se sont empares|ont pris le controle|a pris le controle|"
        "سيطر على|سيطروا على|سيطرت على|سيطر|سيطروا|سيطرت|استولى على|استولت على|استولوا على",
    ),
    (
        "territory",
        B,
        "Government regains territory",
        6,
        "recaptured|regained control|retook|retaken|repris le controle|reprise de|reconquete|"
        "استعاد السيطره|استعادت السيطره|استعاد الجيش|"
        "استعادت القوات|استعاد|استعادت",
    ),
    (
        "clash",
        B,
        "Armed clash",
        5,
        "clash|clashes|clashed|fighting|fought|battle|gunfight|exchange of fire|firefight|"
        "affrontement|affrontements|combats|accrochage|accrochages|echanges de tirs|embuscade|"
        "ambush|ambushed|اشتباك|اشتباكات|معارك|معركه|مواجهات|مواجهه|كمين|قتال|"
        "opened fire|open fire|fired on|exchanged fire|ont ouvert le feu|ouvert le feu|tire sur|"
        "ont tire|اشتبك|اشتبكت|اشتبكوا|اطلقوا النار|اطلق النار",
    ),
    (
        "attack",
        B,
        "Armed clash",
        4,
        "attack|attacks|attacked|assault|raid|raided|stormed|attaque|attaques|attaque|attaquee|"
        "attaquees|assaut|assailli|offensive|incursion|هجوم|هجمات|هاجم|هاجموا|هاجمت|الهجوم|"
        "استهدف|استهدفوا|استهدفت|اقتحام|اقتحم|اختراق",
    ),
    (
        "attack",
        B,
        "Armed clash",
        3,
        "killed|kill|killing|shot dead|gunned down|tue|tues|tuee|tuees|tuant|tuer|abattu|abattus|"
        "neutralise|neutralises|neutralisant|قتل|قتلوا|قتلت|مقتل|اغتال|اغتيال",
    ),
    ("riot", R, "Mob violence", 4, "lynched|lynching|lynchage|mob|vindicte populaire|اعمال عنف"),
    (
        "riot",
        R,
        "Violent demonstration",
        4,
        "riot|riots|rioters|emeute|emeutes|emeutiers|saccage|saccagé|اعمال شغب|شغب",
    ),
    (
        "protest",
        P,
        "Excessive force against protesters",
        3,
        "fired on protesters|tire sur les manifestants|tirs sur les manifestants|"
        "اطلاق النار على المتظاهرين",
    ),
    (
        "protest",
        P,
        "Protest with intervention",
        3,
        "tear gas|gaz lacrymogene|gaz lacrymogenes|dispersed the protesters|"
        "to disperse|disperse les manifestants|pour disperser|disperser les manifestants|"
        "الغاز المسيل للدموع|فرقت الشرطه|لتفريق",
    ),
    (
        "protest",
        P,
        "Peaceful protest",
        2,
        "protest|protests|protested|protesters|demonstration|demonstrators|demonstrated|"
        "marched|sit-in|manifestation|manifestations|manifestants|manifeste|ont manifeste|"
        "rassemblement|marche de protestation|مظاهره|مظاهرات|احتجاج|احتجاجات|احتجاجا|"
        "وقفه احتجاجيه|متظاهرين|المتظاهرون|تظاهر|تظاهروا|تظاهرت|تظاهرات",
    ),
    (
        "strategic",
        S,
        "Arrests",
        2,
        "arrested|arrest|arrests|arrestation|arrestations|interpelle|interpelles|اعتقال|اعتقل|"
        "القبض على|اعتقلت",
    ),
    (
        "strategic",
        S,
        "Looting/property destruction",
        2,
        "looted|looting|pillage|pille|pilles|incendie|incendies|burned|torched|set fire|"
        "نهب|احراق|احرقوا|حرق",
    ),
    (
        "strategic",
        S,
        "Agreement",
        1,
        "ceasefire|peace agreement|cessez le feu|accord de paix|وقف اطلاق النار|اتفاق سلام",
    ),
    (
        "strategic",
        S,
        "Disrupted weapons use",
        1,
        "defused|desamorce|neutralise un engin|تفكيك عبوه|تفكيك عبوات",
    ),
)


@dataclass(frozen=True)
class Cue:
    """A cue word in the report: ``text[start:end] == quote``."""

    family: str
    event_type: EventType
    sub_event_type: str
    rank: int
    start: int
    end: int
    quote: str


class CueMatcher:
    """The compiled cue lexicon.

    Example
    -------
    >>> [c.sub_event_type for c in CueMatcher().find("Une frappe de drone a visé Ménaka.")]
    ['Air/drone strike']
    """

    def __init__(self) -> None:
        self._by_phrase: dict[str, tuple[str, EventType, str, int]] = {}
        for family, etype, sub, rank, phrases in _LEXICON:
            for phrase in phrases.split("|"):
                self._by_phrase.setdefault(fold(phrase), (family, etype, sub, rank))
        self._rx = re.compile(
            rf"(?<!\w)(?:[وفبل]{{1,2}}(?=ال|\w))?(?P<c>{trie_pattern(sorted(self._by_phrase))})(?!\w)"
        )

    def find(self, text: str | FoldedText) -> list[Cue]:
        """Return every cue of ``text`` in order."""
        ft = text if isinstance(text, FoldedText) else FoldedText(text)
        cues = []
        for m in self._rx.finditer(ft.folded):
            family, etype, sub, rank = self._by_phrase[m["c"]]
            start, end = ft.span(m.start("c"), m.end("c"))
            cues.append(Cue(family, etype, sub, rank, start, end, ft.text[start:end]))
        return cues


VIOLENT_FAMILIES = frozenset({"explosion", "civilian", "territory", "clash", "attack", "riot"})


def decide_type(
    cues: Sequence[Cue], *, target_is_civilian: bool, armed_opponent: bool
) -> tuple[EventType, str, Cue] | None:
    """Pick the ACLED type and sub-type from the cues of one event.

    An attack whose only target is civilians is "Violence against civilians /
    Attack"; with an armed opponent it is "Battles / Armed clash". The most
    specific cue (highest rank, first in the text on a tie) decides otherwise.
    Returns ``None`` when there is no cue.
    """
    if not cues:
        return None
    best = max(cues, key=lambda c: (c.rank, -c.start))
    if best.family in ("attack", "clash") and target_is_civilian and not armed_opponent:
        return EventType.VIOLENCE_AGAINST_CIVILIANS, "Attack", best
    if best.family == "civilian" and best.sub_event_type == "Attack" and armed_opponent:
        return EventType.BATTLES, "Armed clash", best
    return best.event_type, best.sub_event_type, best
