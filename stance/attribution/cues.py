"""The reporting-cue lexicon: verbs of saying in all their forms, and noun cues.

``VERB_FORMS`` maps every inflected form ("said", "criticises", "emphasizing") to its
lemma. Verbs in ``WEAK_LEMMAS`` are often not speech ("believe", "call", "show") and count
only before a that-clause, a colon or a quotation (see :func:`introduces_content`).
"""

from __future__ import annotations

import re

from stance.attribution.lexicon import word_set

#: Reporting verbs, regular unless listed in ``_IRREGULAR``. British -ise forms get -ize twins.
REPORTING_LEMMAS = word_set("""
say tell add state claim argue warn insist deny accuse praise criticise call describe emphasise
note believe write tweet post announce confirm admit suggest urge concede counter complain
predict stress vow explain reply respond answer ask acknowledge allege assert contend declare
maintain mention observe remark report reveal disclose indicate signal promise pledge threaten
caution agree disagree object protest reject dismiss condemn blame welcome hail applaud commend
slam blast lambast lambaste attack question recall recount estimate forecast reiterate repeat
underline underscore highlight affirm reaffirm assure reassure inform testify proclaim comment
speculate boast lament regret joke quip shout exclaim retort rebut dispute challenge demand
request propose recommend advise appeal plead charge conclude continue elaborate clarify think
feel show find consider expect hope fear worry doubt accept defend insist apologise recognise
characterise summarise criticize emphasize recognize apologize characterize summarize
caution chide scold rebuke decry deplore denounce thank congratulate concur deride mock
ridicule scoff grumble muse wonder confide confess guarantee predict project hint imply
acknowledge echo endorse snap credit rule point put reckon suspect back fault
""")

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "think": ("think", "thinks", "thought", "thinking"),
    "feel": ("feel", "feels", "felt", "feeling"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "find": ("find", "finds", "found", "finding"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "forecast": ("forecast", "forecasts", "forecasted", "forecasting"),
    "echo": ("echo", "echoes", "echoed", "echoing"),
    "put": ("put",),
}

#: Verbs that count only with a that-clause, a colon or a quotation after them.
WEAK_LEMMAS = word_set(
    "believe call show think feel find consider expect hope fear worry doubt agree accept post"
    " write report add continue project defend thank wonder charge question attack answer"
    " request demand highlight guarantee indicate signal challenge recognise comment endorse"
    " echo reject pledge promise applaud rule point put reckon suspect back plead go"
)

_DOUBLE_CONSONANT = word_set("admit regret quip rebut signal snap slam plan target")


def _inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("e"):
        stem_ing, past = lemma[:-1] + "ing", lemma + "d"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        stem_ing, past = lemma + "ing", lemma[:-1] + "ied"
    elif lemma in _DOUBLE_CONSONANT:
        stem_ing, past = lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"
    else:
        stem_ing, past = lemma + "ing", lemma + "ed"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return lemma, third, past, stem_ing


def inflections(lemma: str) -> tuple[str, ...]:
    """A regular verb's forms: lemma, third person, past, -ing ("slam" -> slams, slammed,
    slamming)."""
    return _inflect(lemma)


def _spelling_twins(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("ise"):
        return lemma, lemma[:-3] + "ize"
    if lemma.endswith("ize"):
        return lemma, lemma[:-3] + "ise"
    return (lemma,)


VERB_FORMS: dict[str, str] = {}
for _lemma in REPORTING_LEMMAS:
    for _twin in _spelling_twins(_lemma):
        for _form in _inflect(_twin):
            VERB_FORMS.setdefault(_form, _lemma.replace("ize", "ise"))
VERB_FORMS.update(signaled="signal", signaling="signal", puts="put", putting="put")
#: "go on" ("she went on") reports speech only with its particle; see :func:`needs_particle`.
VERB_FORMS.update(go="go", goes="go", went="go")
_PARTICLES = {
    "go": re.compile(
        r"\s+on\s*(?:$|[,.:;!?\"“”—–-]|that\b|to\s+(?:say|add|note|argue|warn|insist|explain)\b)"
    ),
}


def needs_particle(lemma: str, text: str, position: int) -> bool:
    """True when a phrasal reporting verb lacks its particle ("went home", not "went on")."""
    particle = _PARTICLES.get(lemma)
    return particle is not None and particle.match(text, position) is None


#: Noun cues that introduce what a speaker said ("in a statement", "in an interview").
CUE_NOUNS = (
    "statement|interview|post|tweet|speech|letter|press release|news release|news conference"
    "|press conference|briefing|message|video|op-ed|column|blog post|blog|email|e-mail|podcast"
    "|address|remarks|comments|testimony|filing|memo|ruling|judgment|report|submission|note"
    "|announcement|newsletter|open letter|editorial|broadcast|radio interview|television interview"
    "|findings|decision|response|reply|submission|guidance|update"
)
NOUN_CUE = re.compile(
    rf"\b(?:in|during|through|via)\s+(?:a|an|the|his|her|its|their|our)\s+(?:[\w'’.-]+\s+){{0,4}}?"
    rf"(?:{CUE_NOUNS})\b",
    re.IGNORECASE,
)

_THAT_OR_QUOTE = re.compile(
    r"[^.;]{0,90}?(?:(?<!\blater )(?<!\bearlier )(?<!\bby )(?<!\bat )(?<!\blike )"
    r"\bthat\b(?!\s+(?:month|year|week|day|time|morning|evening|night|point|moment|period))"
    r"|[\"“«:])"
)
#: Verbs of thinking that take a bare clause ("believes the adviser has underestimated ...").
_COGNITION = word_set(
    "believe think feel fear hope expect worry doubt find consider reckon suspect agree"
)
_CLAUSE = re.compile(
    r"(?:\s+[\w'’,-]+){1,9}?\s+(?:is|are|was|were|has|have|had|will|would|should|could|can|may"
    r"|might|must|does|did)\b"
)


_SPEECH_OBJECT = re.compile(
    r"\s+(?:(?:the|this|that|these|those|their|his|her|its|any|all|such|an?)\s+)?(?:[\w'’-]+\s+){0,2}?"
    r"(?:accusations?|allegations?|charges?|claims?|criticism|suggestions?|calls?|idea|notion"
    r"|demands?|requests?|comparison|characteri[sz]ation|fears?|concerns?|warnings?|reports?"
    r"|complaints?|remarks?|comments?|statements?|assertions?)\b"
)
_PARTICLE = re.compile(r"\s+(?:on|for)\b")


def counts_as_speech(lemma: str, text: str, position: int) -> bool:
    """True when a weak verb at ``position`` still reports speech.

    "called for", "rejected the claim", "backed the plan in a statement".
    """
    if lemma == "call" and _PARTICLE.match(text, position):
        return True
    if _SPEECH_OBJECT.match(text, position):
        return True
    clause = text[position : position + 80].split(".")[0]
    return NOUN_CUE.search(clause) is not None


def is_weak(lemma: str) -> bool:
    """True for verbs that report speech only before a that-clause or a quote."""
    return lemma in WEAK_LEMMAS


def has_clause_after(lemma: str, text: str, position: int) -> bool:
    """True when a thinking verb at ``position`` takes a bare clause ("believes X has ...")."""
    return lemma in _COGNITION and _CLAUSE.match(text, position) is not None


def introduces_content(text: str, position: int) -> bool:
    """True when a that-clause, colon or quotation follows ``position`` in the same clause."""
    return _THAT_OR_QUOTE.match(text, position) is not None


#: What may follow the verb of a trailing attribution ("..., she said on Monday."): the end
#: of the clause, or an adverbial (a preposition or a time word), never an object or clause.
_REPORT_TAIL = re.compile(
    r"\s*(?:$|[.,;!?)—–]|--?\s|(?:on|in|at|during|after|before|via|through|from|to|with|by|late"
    r"|early|earlier|later|last|this|yesterday|today|tonight|again|also|separately|previously"
    r"|recently|afterwards|repeatedly|once|too)\b)"
)
_ADDRESSEE = re.compile(
    r"\s+(?:(?!that\b)[\w'’.-]+\s+){0,4}?(?!that\b)[\w'’.-]+"
    r"(?=\s*(?:$|[.,;!?)—–]|--?\s|on\b|in\b|at\b))"
)


def ends_report(text: str, position: int, lemma: str) -> bool:
    """True when nothing but adverbials follows a reporting verb at ``position`` in its clause.

    The content of such a report comes before it: "Talks will resume, he said on Monday."
    "Tell" may keep its addressee: "..., she told the Daily Courier."
    """
    if lemma == "tell":
        addressee = _ADDRESSEE.match(text, position)
        if addressee is None:
            return False
        position = addressee.end()
    return _REPORT_TAIL.match(text, position) is not None
