"""Actor mentions of a frame's sentences, with the words around them that decide roles.

A mention knows whether its sentence is a claim, whether it is a source speaking
("said the army") rather than acting, and whether it is allied to the mention
before it ("les FAMa, appuyées par Wagner").
"""

from __future__ import annotations

from events.actors import ActorRegistry
from extract.frames import Frame, SentenceMentions, folded_index
from extract.roles import RoleMention, is_claim
from extract.text import FoldedText, Span, compile_folded

# A source speaking, not acting: "a déclaré l'armée", "the army said", "قال الجيش".
_SPEAKER_BEFORE = compile_folded(
    r"(?:selon|according to|d apres|a declare|ont declare|a indique|ont indique|a affirme|"
    r"a precise|a rapporte|said|told|بحسب|حسب|وفق|وفقا ل|قال|قالت|ذكر|ذكرت|افاد|افادت|اكد|اكدت)"
    r" (?:l |le |la |les |des |the |a |an |un |une )?$"
)
_SPEAKER_AFTER = compile_folded(
    r"^ (?:[^ ]+ ){0,2}?(?:said|says|told|a declare|ont declare|a indique|ont indique|a affirme|"
    r"ont affirme|a precise|ont precise|affirme|affirment|indique)(?!\w)"
    r"(?! (?:de son cote |pour sa part |on \w+ )?(?:it|they|that it|that they|qu il|qu elle|"
    r"qu ils|qu elles|avoir)(?!\w))"
)
# Two actors joined by these words act together ("les FAMa, appuyées par Wagner").
ALLIED = compile_folded(
    r"^,? ?(?:and|et|ainsi que|as well as|alongside|along with|with|avec|backed by|"
    r"supported by|appuyes? par|appuyees? par|soutenus? par|soutenues? par|aux cotes d|"
    r"aux cotes de|accompagnes? de|و|مع|بدعم من|بمسانده|مدعوم\w* (?:من|ب))"
    r"(?: (?:l|le|la|les|des|the|their|leurs?|ses|its|their|[^ ]+)){0,2} ?$"
)
_BETWEEN = compile_folded(r"(?:between|entre|بين) (?:[^ ]+ )?$")


def find_role_mentions(
    frame: Frame,
    ft: FoldedText,
    sentences: list[Span],
    by_sent: list[SentenceMentions],
    registry: ActorRegistry,
    country: str,
) -> list[RoleMention]:
    """Return the actor mentions of the frame's sentences, in text order, with their role cues."""
    out = []
    for i in dict.fromkeys(frame.sentences):
        sent = sentences[i]
        folded_sent = ft.folded[folded_index(ft, sent.start) : folded_index(ft, sent.end)]
        claim = is_claim(folded_sent)
        cue_starts = [c.start for c in by_sent[i].cues]
        prev: tuple[str, int, int] | None = None  # actor, folded start, folded end
        for m in by_sent[i].actors:
            actor, assoc = registry.resolve(m.entry, on=frame.date_value, country=country)
            if not actor:
                continue
            fa, fe = folded_index(ft, m.start), folded_index(ft, m.end)
            before = ft.folded[max(folded_index(ft, sent.start), fa - 40) : fa]
            speaker = not claim and (
                _SPEAKER_BEFORE.search(before) is not None
                or _SPEAKER_AFTER.match(ft.folded[fe : fe + 40]) is not None
            )
            allied_with = ""
            if prev is not None and prev[0] != actor:
                between = ft.folded[prev[2] : fa]
                glued = ft.folded[fa : fa + 1] == "و" and not between.strip()
                opposed = _BETWEEN.search(ft.folded[max(0, prev[1] - 20) : prev[1]])
                if (glued or ALLIED.match(between)) and not opposed:
                    allied_with = prev[0]
            prev = (actor, fa, fe)
            out.append(
                RoleMention(
                    actor=actor,
                    assoc=assoc,
                    kind=registry.kind_of(actor),
                    span=Span(m.start, m.end, m.quote),
                    sentence=i,
                    claim=claim,
                    folded_before=before,
                    after_cue=any(c < m.start for c in cue_starts),
                    before_cue=any(c > m.start for c in cue_starts),
                    speaker=speaker,
                    allied_with=allied_with,
                )
            )
    return out
