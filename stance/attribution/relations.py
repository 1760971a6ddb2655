"""Attribution relations: each (source, cue, content) of an article, with character offsets.

The sentence view (:func:`stance.attribution.extract`) says whose each sentence is; this
view says which words name the source, which words are the cue and which words the source
is responsible for. Both come from one reading of the article
(:func:`stance.attribution.analysis.analyse`): a sentence's first cue gives one relation,
its further cues more ("..., he said, adding that ..."); sentences that continue a
quotation extend the content of the relation they belong to (a three-sentence quote
with one "she said" is one relation); acts, beliefs and findings are relations whose
sentence stays the narrator's.

Content rules, by where the cue sits: a report that ends its sentence ("Talks will
resume, she said on Monday.") or an inverted one ('"...," said Hart.') owns what comes
before the cue, unless that is only an introduction; a quotation the cue follows owns
the quoted words; "According to X, ..." owns the rest of its sentence; an act, a belief
or a finding owns what follows its verb (what precedes it when nothing follows); any
other cue owns what follows it, from its "that", colon or quote mark when one comes
within a few words; a cue with nothing after it ("Ward stated:") owns the next sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from stance.attribution.acts import FORMS, KINDS
from stance.attribution.analysis import Analysis, analyse
from stance.attribution.cues import VERB_FORMS, ends_report
from stance.attribution.found import Found
from stance.attribution.lexicon import word_set
from stance.attribution.mentions import Mention
from stance.attribution.quotes import QuotedSentence
from stance.attribution.sentences import TITLE_ABBREVIATIONS, Sentence
from stance.attribution.subjects import is_intro
from stance.records import Attribution, Statement

_AUXILIARY = re.compile(
    r"(?:\b(?:has|have|had|is|are|was|were|will|would|also|later|then|previously|repeatedly"
    r"|again|once|since|already|recently|first|has\s+long|had\s+long)\s+)+$",
    re.IGNORECASE,
)
_COLON_PATTERNS = ("transcript", "headline_source", "colon_source")
_ACCORDING = re.compile(r"according\s+to", re.IGNORECASE)
#: What opens a content a few words after its cue: "that", a colon or a quotation mark
#: ("told reporters on Monday that ...", "said: ...", 'said, "...').
_INTRODUCER = re.compile(
    r"(?P<between>(?:[\s,]+[\w'’.-]+){0,6}?)[\s,]*"
    r"(?:(?P<mark>\bthat\b|:)|(?:(?<=[\s,:])|^)(?P<quote>[\"“«‘`]))"
)
_EDGE = " \t\n,;:—–-"
_END_MARKS = " \t\n.,;:—–-"


@lru_cache(maxsize=65_536)
def content_span(sentence: str) -> tuple[int, int]:
    """The part of one sentence its speaker is responsible for, as (start, end) offsets:
    the content of the sentence's first speech relation ("Hart said that the offer was
    fair" -> "that the offer was fair"); the whole sentence when it has none, or when
    its cue is an act, a belief or a finding (the verb carries the stance there)."""
    for relation in extract_attributions(sentence):
        if relation.kind != "speech" or relation.sentence != 0:
            continue
        if relation.content_start < relation.content_end:
            return relation.content_start, relation.content_end
        break
    return 0, len(sentence)


def extract_attributions(text: str, *, doc: str = "") -> list[Attribution]:
    """Every attribution relation of an article, in the order of their cues."""
    return attributions_of(analyse(text, doc=doc), doc=doc)


def attributions_of(analysis: Analysis, *, doc: str = "") -> list[Attribution]:
    """The relations of an article already read by :func:`analyse`."""
    statement_at = {statement.index: statement for statement in analysis.statements}
    relations: dict[int, Attribution] = {}
    further_relations: dict[int, list[Attribution]] = {}
    for index, found in sorted(analysis.found.items()):
        if index < 0:
            sentence = analysis.layout.headline
            info = QuotedSentence(sentence.text)
        else:
            sentence, info = analysis.layout.body[index], analysis.quoted[index]
        speaker = analysis.narrated.get(index) or statement_at[index].speaker
        relations[index] = _relation(doc, index, sentence, info, found, speaker)
        for further, further_speaker in analysis.further.get(index, []):
            inner = _relation(doc, index, sentence, info, further, further_speaker)
            if inner.content:  # "..., the thing that Smith said."
                further_relations.setdefault(index, []).append(inner)
    _extend_over_continuations(relations, analysis.statements, analysis.layout.body, analysis.text)
    _fill_from_next_sentence(relations, analysis.layout.body, analysis.text)
    result = []
    for index in sorted(relations):
        result.append(relations[index])
        result.extend(further_relations.get(index, []))
    return result


def _relation(
    doc: str, index: int, sentence: Sentence, info: QuotedSentence, found: Found, speaker
) -> Attribution:
    masked, text, offset = info.masked, sentence.text, sentence.start
    cue_start, cue_end = _cue_span(masked, found)
    source_span = _source_span(masked, found, cue_start)
    content_start, content_end = _content_span(info, text, found, cue_start, cue_end, source_span)
    source = None
    if source_span is not None:
        source = text[source_span[0] : source_span[1]]
    source_start, source_end = (
        (offset + source_span[0], offset + source_span[1]) if source_span else (None, None)
    )
    return Attribution(
        doc=doc,
        source=source if source is not None else found.mention.text,
        source_start=source_start,
        source_end=source_end,
        speaker=speaker,
        mention=mention_kind(found.mention, source, initial=_opens(masked, source_span)),
        cue=text[cue_start:cue_end],
        cue_start=offset + cue_start,
        cue_end=offset + cue_end,
        content=text[content_start:content_end],
        content_start=offset + content_start,
        content_end=offset + content_end,
        kind=found.kind or cue_kind(found),
        pattern=found.pattern,
        sentence=index,
    )


def _opens(masked: str, span: tuple[int, int] | None) -> bool:
    """True when the source is the first word of its sentence (capitalised by position)."""
    return span is not None and not masked[: span[0]].strip(" \"“‘'(")


def _cue_span(masked: str, found: Found) -> tuple[int, int]:
    at = found.at if found.at >= 0 else max(masked.find(found.cue), 0)
    if found.pattern == "according_to":
        according = _ACCORDING.match(masked, at)
        return at, according.end() if according else at + len(found.cue)
    end = at + len(found.cue)
    auxiliary = _AUXILIARY.search(masked, 0, at)
    if auxiliary is not None and found.pattern not in _COLON_PATTERNS:
        at = auxiliary.start()
    return at, end


def _source_span(masked: str, found: Found, cue_start: int) -> tuple[int, int] | None:
    """Where the words naming the source stand: the occurrence nearest the cue."""
    for words in (found.mention.text, found.mention.name):
        if not words:
            continue
        places = [m.start() for m in re.finditer(re.escape(words), masked)]
        if places:
            start = min(places, key=lambda place: abs(place - cue_start))
            return start, start + len(words)
    return None


def _content_span(
    info: QuotedSentence,
    text: str,
    found: Found,
    cue_start: int,
    cue_end: int,
    source: tuple[int, int] | None,
) -> tuple[int, int]:
    masked = info.masked
    if found.pattern in _COLON_PATTERNS:
        return _trim(text, cue_end + 1, len(text))
    if found.pattern == "tweet":
        return _trim(text, 0, cue_start)
    acting = found.narrator or cue_kind(found) != "speech"
    if found.pattern in ("quote_verb", "quote_continuation") and not acting:
        return _quoted_part(info, text, cue_start)
    if found.pattern == "according_to":
        if not masked[:cue_start].strip():
            after = source[1] if source else cue_end
            comma = masked.find(",", after)
            return _trim(text, comma + 1 if comma >= 0 else after, len(text))
        return _trim(text, 0, cue_start)
    inverted = source is not None and source[0] > cue_start
    before = _trim(text, 0, min(cue_start, source[0]) if source else cue_start)
    if acting:  # an act, a belief or a finding: what follows the verb ("thanked Obama for"),
        after = _trim(text, cue_end, len(text))  # or precedes it ("..., new reports show.")
        if after[1] - after[0] < 2 and before[1] - before[0] > 1:
            return before
        return after
    start = source[1] if inverted and source else cue_end
    introduced = _introducer(masked, start)
    after = _trim(text, start, len(text))
    if introduced is not None:
        after = _trim(text, introduced, len(text))
    if _owns_what_comes_before(masked, text, found, cue_end, before, inverted, introduced):
        return before
    return after


def _owns_what_comes_before(masked, text, found, cue_end, before, inverted, introduced) -> bool:
    """True when a report's content precedes its cue: "Talks will resume, she said on
    Monday." or '"...," said Hart.' — not when a that-clause, a colon or a quotation
    follows the cue, and not when what precedes is only an introduction ("In the end,
    Rosenthal said, union voters ...")."""
    words_before = text[before[0] : before[1]].split()
    if len(words_before) < 2 or is_intro(text[before[0] : before[1]]) and len(words_before) < 8:
        return False
    if inverted:
        return True
    lemma = VERB_FORMS.get(found.cue.lower().split()[-1], "")
    if introduced is not None or found.cue.endswith("ing"):
        return False
    return ends_report(masked, cue_end, lemma)


def _introducer(masked: str, start: int) -> int | None:
    """Where a content opened by "that", a colon or a quotation mark a few words after the
    cue begins, or None."""
    introduced = _INTRODUCER.match(masked, start)
    if introduced is None or any(  # "said Reddick believes that": Reddick's content
        w.lower() in VERB_FORMS or w.lower() in FORMS for w in introduced.group("between").split()
    ):
        return None
    if introduced.group("quote"):
        return introduced.start("quote")
    return introduced.end() if introduced.group("mark") == ":" else introduced.start("mark")


def _quoted_part(info: QuotedSentence, text: str, cue_start: int) -> tuple[int, int]:
    """From the first quotation mark (or the sentence start, inside a quote) to the last
    closing mark of the quote before the cue."""
    closes = [close for close in info.closes if close < cue_start] or list(info.closes)
    end = max(closes) + 1 if closes else cue_start
    start = 0
    if not info.starts_inside:
        marks = [text.find(mark) for mark in "\"“«‘'`" if 0 <= text.find(mark) < end]
        start = min(marks, default=0)
    return _trim(text, start, end, marks=" \t\n,;:—–-")


def _trim(text: str, start: int, end: int, *, marks: str = _END_MARKS) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in marks:
        end -= 1
    return start, end


def _fill_from_next_sentence(
    relations: dict[int, Attribution], body: list[Sentence], text: str
) -> None:
    """A cue that ends its sentence with nothing after it ("Dr. Ward stated:") introduces
    the next sentence."""
    for index, relation in relations.items():
        if relation.content or not 0 <= index < len(body) - 1:
            continue
        start, end = _trim(body[index + 1].text, 0, len(body[index + 1].text))
        start, end = body[index + 1].start + start, body[index + 1].start + end
        relations[index] = replace(
            relation, content=text[start:end], content_start=start, content_end=end
        )


def _extend_over_continuations(
    relations: dict[int, Attribution],
    statements: list[Statement],
    body: list[Sentence],
    text: str,
) -> None:
    """Quoted sentences that continue a quotation join the content of its relation: the
    nearest relation before them with the same speaker, or the one right after them."""
    by_index = [s for s in statements if s.index >= 0]
    for statement in by_index:
        if statement.pattern != "quote_continuation":
            continue
        owner = None
        for earlier in range(statement.index - 1, -1, -1):
            relation = relations.get(earlier)
            if relation is not None:
                owner = earlier if relation.speaker == statement.speaker else None
                break
            if by_index[earlier].pattern != "quote_continuation":
                break
        if owner is None:
            later = relations.get(statement.index + 1)
            if later is None or later.speaker != statement.speaker:
                continue
            owner = statement.index + 1
        relation = relations[owner]
        sentence = body[statement.index]
        start, end = _trim(sentence.text, 0, len(sentence.text))
        start, end = sentence.start + start, sentence.start + end
        content_start = min(relation.content_start, start)
        content_end = max(relation.content_end, end)
        relations[owner] = replace(
            relation,
            content=text[content_start:content_end],
            content_start=content_start,
            content_end=content_end,
        )


def mention_kind(mention: Mention, source: str | None, *, initial: bool) -> str:
    """name, description or pronoun: how the source is named, as PolNeAR's ``source_kind``
    says it (a name is a capitalised word that is not capitalised only because it opens
    the sentence: "Clinton supporters" is a name, "Officials" a description)."""
    if mention.kind == "pronoun":
        return "pronoun"
    if mention.kind in ("name", "surname", "organisation"):
        return "name"
    tokens = re.findall(r"[^\W\d_][\w'’.-]*", source or mention.text)
    if initial:
        tokens = tokens[1:]
    capitalised = [t for t in tokens if t[0].isupper() and t.lower().rstrip(".") not in _TITLES]
    return "name" if capitalised else "description"


_TITLES = TITLE_ABBREVIATIONS | word_set("president senator governor mayor minister")


def cue_kind(found: Found) -> str:
    """speech, belief, finding or act, by the cue's verb (speech for anything else)."""
    words = found.cue.lower().split()
    if not words:
        return "speech"
    lemma = VERB_FORMS.get(words[-1]) or FORMS.get(words[-1], "")
    return KINDS.get(lemma.replace("ise", "ize"), KINDS.get(lemma, "speech"))
