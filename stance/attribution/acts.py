"""Attributions that are not reports of words: stance-bearing acts, intentions and findings.

"Sanders endorsed Clinton", "Cruz wants to abolish the IRS", "A Quinnipiac poll showed
Trump ahead": PolNeAR annotates them as attributions (a source, a cue, a content), the
WireStance guidelines leave such sentences to the narrator unless a cue introduces
content. So they are found here, after the speech cues have had their turn, and become
relations of the attribution view only (``Found.narrator``).
"""

from __future__ import annotations

import re

from stance.attribution.cues import inflections
from stance.attribution.lexicon import DETERMINERS, word_set
from stance.attribution.mentions import Mention
from stance.attribution.nouns import VERBISH
from stance.attribution.quotes import QuotedSentence
from stance.attribution.subjects import parse_subject, phrase_source

#: Verbs of stance-bearing acts: the object is the content ("endorsed Clinton").
ACT_LEMMAS = word_set(
    "endorse support back oppose criticize criticise slam blast attack praise defend urge"
    " condemn applaud commend welcome hail reject dismiss denounce decry deplore blame accuse"
    " challenge question thank congratulate fault credit mock ridicule deride rebuke lambaste"
    " assail refuse decline cite vow pledge promise threaten demand seek embrace champion"
    " tout target push campaign fight call ask express voice raise mention discuss describe"
    " label brand dub hit knock tout acknowledge admit deny insist suggest argue warn recall"
    " predict blame question dispute counter comment respond reply speak talk"
)
#: Verbs in the list above that report words, whatever follows them ("denied the claim").
SPEECH_LEMMAS = word_set(
    "acknowledge admit deny insist suggest argue warn recall predict counter dispute question"
    " describe mention discuss express voice raise call ask label brand dub comment respond"
    " reply speak talk"
)

#: Verbs of belief and intention: the clause or infinitive after them is the content.
BELIEF_LEMMAS = word_set(
    "want plan hope intend expect believe think see know consider fear doubt wish prefer aim"
    " worry feel trust view regard"
)
#: Verbs of findings, with a poll, a survey, a study or data as their subject.
FINDING_LEMMAS = word_set("show find indicate reveal suggest estimate project put give")

_IRREGULAR = {
    "seek": ("seek", "seeks", "sought", "seeking"),
    "fight": ("fight", "fights", "fought", "fighting"),
    "hit": ("hit", "hits", "hitting"),
    "see": ("see", "sees", "saw", "seen", "seeing"),
    "know": ("know", "knows", "knew", "known", "knowing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "give": ("give", "gives", "gave", "given", "giving"),
    "put": ("put", "puts", "putting"),
}

KINDS: dict[str, str] = dict.fromkeys(SPEECH_LEMMAS, "speech")
FORMS: dict[str, str] = {}
for _kind, _lemmas in (("finding", FINDING_LEMMAS), ("belief", BELIEF_LEMMAS), ("act", ACT_LEMMAS)):
    for _lemma in _lemmas:
        KINDS.setdefault(_lemma, _kind)
        for _form in _IRREGULAR.get(_lemma) or inflections(_lemma):
            FORMS.setdefault(_form, _lemma)

#: Subjects that are documents, polls and studies ("A Quinnipiac poll", "the data").
_DOCUMENT = re.compile(
    r"\b(?:polls?|polling|surveys?|study|studies|reports?|data|analysis|analyses|research"
    r"|findings|figures|numbers|results|estimates?|projections?|records?|documents?|memo"
    r"|audit|review|investigation|index|tally|count|census|model|forecast)\b",
    re.IGNORECASE,
)
#: Documents and media that "say" or "claim" things ("The ad claims ...").
_SAYING_DOCUMENT = re.compile(
    r"\b(?:ads?|advert|commercial|video|book|memo|letter|statement|e-?mail|tweet|post|editorial"
    r"|column|filing|lawsuit|complaint|brief|ruling|order|platform|website|page|article|story"
    r"|report|poll|survey|study|findings|data|analysis|document|release)s?$",
    re.IGNORECASE,
)


def document_subject(region: str) -> Mention | None:
    """A document or medium as the subject right before a reporting verb: "The ad claims",
    "The campaign's new video says", "The findings underscore"."""
    last = re.split(r"[,;]", region)[-1].strip()
    words = last.split()
    if not words or len(words) > 8 or _SAYING_DOCUMENT.search(last) is None:
        return None
    return phrase_source(last)


_QUANTIFIER_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\b(?:but|and|while|yet)\s+)(some|many|others|most|few|several|both|all"
    r"|some\s+of\s+them|many\s+of\s+them)\s+(?:(?:are|were|have|had|also|still|even|now"
    r"|quietly|openly|privately|publicly)\s+)*$",
    re.IGNORECASE,
)


def quantifier_subject(region: str) -> Mention | None:
    """ "Some are quietly saying ...", "..., but many said ...": an unnamed group."""
    found = _QUANTIFIER_SUBJECT.search(region)
    if found is None:
        return None
    words = found.group(1)
    return Mention(text=words, kind="group", category="group", name=words.lower())


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_AUXILIARIES = word_set("is are was were be been being am")
_MODAL_NEGATION = word_set(
    "has have had will would could should may might must can did does do not never also"
    " still now repeatedly publicly openly strongly sharply quickly already once again"
    " previously recently later then first long"
)
_SUBJECT_KINDS = ("name", "surname", "pronoun", "organisation", "group", "role")
_NON_PERSONAL = word_set("it this that which what there")


def act_attribution(quoted: QuotedSentence) -> tuple[Mention, str, str, int] | None:
    """(source, cue, kind, where the cue starts) of the first act, intention or finding in
    a sentence whose quoted words are blanked out, or None."""
    masked = quoted.masked
    words = list(_WORD.finditer(masked))
    for position, word in enumerate(words):
        form = word.group().lower()
        lemma = FORMS.get(form)
        if lemma is None or word.group()[0].isupper() or form.endswith("ing"):
            continue
        previous = words[position - 1].group().lower() if position else ""
        if previous in DETERMINERS or previous == "to" or previous in _AUXILIARIES:
            continue
        if masked[word.end() : word.end() + 1] == "-":
            continue
        start = masked.rfind(";", 0, word.start()) + 1
        region = masked[start : word.start()]
        mention = _subject(region, KINDS[lemma])
        if mention is None:
            continue
        return mention, word.group(), KINDS[lemma], word.start()
    return None


def _subject(region: str, kind: str) -> Mention | None:
    words = region.split()
    while words and words[-1].lower().strip(",") in _MODAL_NEGATION:
        words.pop()
    if not words or region.rstrip().endswith(","):
        return None
    phrase = " ".join(words)
    if kind == "finding" and _DOCUMENT.search(phrase):
        return phrase_source(phrase.split(",")[-1].strip() or phrase)
    mention = parse_subject(phrase)
    if mention is None or mention.kind not in _SUBJECT_KINDS:
        return None
    if mention.kind == "pronoun" and mention.text.lower() in _NON_PERSONAL:
        return None
    if len(phrase.split(",")[-1].split()) > 12:
        return None
    return mention


_IRREGULAR_PAST = word_set(
    "made took gave sent led put set won lost met kept left held paid told said went came"
    " became began brought bought built drew drove fell felt fought got grew hit knew ran"
    " saw sought spoke stood struck threw thought wrote"
)
_THIRD_PERSON = re.compile(r"^[a-z][a-z'’-]*[^s]s$")
_PAST = re.compile(r"^[a-z][a-z'’-]*ed$")
_GROUP_WORDS = VERBISH | _MODAL_NEGATION | word_set("to")


def clause_act(masked: str, subject: Mention) -> tuple[str, int] | None:
    """(cue, where it starts) when the clause a narrator sentence opens with has ``subject``
    as its subject and a verb right after it: "Trump moderates his rhetoric", "Sanders is
    touting his wins", "Oklahoma did little to encourage early voting". What such a
    sentence says its subject did, thinks or wants is an attribution in PolNeAR's sense."""
    if subject.kind not in _SUBJECT_KINDS or subject.text.lower() in _NON_PERSONAL:
        return None
    place = masked.find(subject.text)
    if place < 0:
        return None
    words = list(_WORD.finditer(masked, place + len(subject.text)))
    if not words or masked[place + len(subject.text) : words[0].start()].strip():
        return None
    group: list[re.Match] = []
    for word in words[:5]:
        low = word.group().lower()
        if low in _GROUP_WORDS:
            group.append(word)
            continue
        if word.group()[0].isupper():
            return None
        if low in FORMS or _THIRD_PERSON.match(low) or _PAST.match(low) or low in _IRREGULAR_PAST:
            group.append(word)
            break
        if group and low.endswith("ing"):  # "is touting"
            group.append(word)
            break
        if group and group[-1].group().lower() in VERBISH | word_set("to"):
            group.append(word)  # "did little", "will win": an auxiliary and what follows
            break
        return None
    if not group or group[-1].group().lower() in _GROUP_WORDS:
        return None
    start, end = group[0].start(), group[-1].end()
    return masked[start:end], start
