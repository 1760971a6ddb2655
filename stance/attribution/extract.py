"""Speaker attribution: article text in, one :class:`~stance.records.Statement` per sentence out.

The patterns (``Statement.pattern``) are those of the WireStance guidelines:
according_to, speaker_verb, quote_verb, colon_quote, noun_cue, quote_continuation and
none (``implicit`` is a gold-only label: a sentence without a cue of its own gets none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from stance.attribution.backrefs import pointing_back
from stance.attribution.coref import Entity, Resolver
from stance.attribution.cues import (
    NOUN_CUE,
    VERB_FORMS,
    counts_as_speech,
    ends_report,
    has_clause_after,
    introduces_content,
    is_weak,
    needs_particle,
)
from stance.attribution.lexicon import DETERMINERS, word_set
from stance.attribution.mentions import Mention, parse_phrase
from stance.attribution.quotes import QuotedSentence, find_quotes, quoted_sentences
from stance.attribution.sentences import Sentence, dateline_length, split_article
from stance.attribution.subjects import (
    ACCORDING_TO,
    DOCUMENT_NOUNS,
    fallback_subject,
    inverted_subject,
    leading_subject,
    parse_subject,
    source_of,
    trailing_subject,
)
from stance.records import Statement

PATTERNS = (
    "according_to",
    "speaker_verb",
    "quote_verb",
    "colon_quote",
    "noun_cue",
    "quote_continuation",
    "implicit",
    "none",
    "headline_source",  # a headline of the form "Source: claim"; not a body-sentence pattern
    "transcript",  # "SMITH: ..." in a transcript or hearing record
)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_COLON_QUOTE = re.compile(r"[^.;\"“”]*?:\s*[\"“«‘]")


_PASSIVE = word_set("is are was were been being be")
#: "The firm, said to be worth ...", "believed to have ...": a rumour, not a speaker's report.
_RAISED = re.compile(r"\s+to\s+(?:be|have)\b")


_QUOTED_AS = re.compile(r"\s+(?:was|were|is|are|been|being)\s+(?:\w+\s+)?quoted\s+as\s*$")


_NOUN_CUE_BEFORE = re.compile(rf"\b(?:{DOCUMENT_NOUNS}|letter|statement|post|message)\s*$", re.I)


#: Verbs whose subject "it" is usually a fact, not a speaker ("It shows that ...").
_EVIDENCE = word_set("show find indicate signal suggest reveal mean")
_UNAMBIGUOUS = word_set("say says tell tells")
#: Irregular forms that may precede their subject: "..., said Hart." / "..., says Hart."
_INVERTIBLE = word_set("said says wrote writes adds")


_HEADLINE_SOURCE = re.compile(r"^([^:]{2,60}):\s+\S")


#: A transcript line: a name in capitals, a colon, the words ("VALCOURT: We now ...").
_TRANSCRIPT = re.compile(r"^\s*([^\W\d_][^\W\d_]*(?:[ '’.\-]+[^\W\d_]+){0,3})\s*:\s+\S")
_TITLE = re.compile(r"^(?:MR|MRS|MS|DR|PROF|SEN|REP|JUDGE)\.?\s+")


@dataclass(frozen=True, slots=True)
class Attribution:
    """What one sentence says about its own speaker."""

    mention: Mention
    cue: str
    pattern: str


def extract(text: str, *, doc: str = "") -> list[Statement]:
    """Split an article into sentences and attribute each to its speaker (or None)."""
    layout = split_article(text)
    quoted = quoted_sentences(text, layout.body, find_quotes(text, layout.body))
    quoted = [_mask_asides(info, first=not index) for index, info in enumerate(quoted)]
    resolver = Resolver()
    statements: list[Statement] = []
    chain_speaker: dict[int, str] = {}
    provisional: dict[int, Entity] = {}
    for index, (sentence, info) in enumerate(zip(layout.body, quoted, strict=True)):
        resolver.observe(sentence.text)
        found = None if info.fully_quoted else transcript_line(info.masked, resolver)
        if found is None and not info.fully_quoted:
            found = attribute(info)
        if found is None:
            subject = None if info.fully_quoted else leading_subject(info.masked)
            if subject is not None:
                resolver.notice(subject)
            statements.append(_statement(doc, index, sentence))
            continue
        entity = resolver.resolve(found.mention)
        if entity.provisional:
            provisional[index] = entity
        for chain in info.chains:
            chain_speaker.setdefault(chain, entity.name)
        statements.append(
            _statement(
                doc, index, sentence, entity.name, found.mention.text, found.cue, found.pattern
            )
        )
    for index, entity in provisional.items():
        settled = resolver.settle(entity)
        if settled is not entity:
            statements[index] = replace(statements[index], speaker=settled.name)
    paragraphs = [sentence.paragraph for sentence in layout.body]
    statements = _continue_quotes(statements, quoted, chain_speaker, paragraphs)
    if layout.headline is not None:
        statements.insert(0, _headline(doc, layout.headline, resolver))
    return statements


_PARENTHESIS = re.compile(r"\([^()]*\)")


def _mask_asides(info: QuotedSentence, *, first: bool) -> QuotedSentence:
    """Blank out what never holds the sentence's own speaker cue: a story's dateline
    ("GLASGOW, Jan. 14 -") and parenthetical asides ("The union (PCWU) said ...")."""
    masked = info.masked
    if "(" not in masked and not first:
        return info
    if "(" in masked:
        masked = _PARENTHESIS.sub(lambda m: " " * len(m.group()), masked)
    if first:
        length = dateline_length(masked)
        masked = " " * length + masked[length:]
    return info if masked == info.masked else replace(info, masked=masked)


def transcript_line(masked: str, resolver: Resolver) -> Attribution | None:
    """A transcript's "NAME: words", when NAME (in capitals, a title allowed) is a person
    the article has already named: "UPDATE:" or "BREAKING:" are not speakers."""
    found = _TRANSCRIPT.match(masked)
    label = found.group(1) if found else ""
    if not label or label != label.upper() or sum(c.isalpha() for c in label) < 2:
        return None
    name = _TITLE.sub("", label).title()
    known = name.split()[-1].lower() in resolver.surnames or name.lower() in resolver.entities
    mention = parse_phrase(name) if known else None
    if mention is None or mention.kind not in ("name", "surname"):
        return None
    return Attribution(replace(mention, text=label), ":", "transcript")


def attribute(quoted: QuotedSentence) -> Attribution | None:
    """Find the speaker cue of one sentence whose quoted words are blanked out."""
    masked = quoted.masked
    back = pointing_back(masked)
    if back is not None:
        return Attribution(*back)
    according = ACCORDING_TO.search(masked)
    if according:
        mention = source_of(according.group(1), initial=not masked[: according.start()].strip())
        if mention is not None:
            return Attribution(mention, "according to", "according_to")
    words = list(_WORD.finditer(masked))
    for position, word in enumerate(words):
        lemma = VERB_FORMS.get(word.group().lower())
        if lemma is not None:
            found = _verb_attribution(quoted, words, position, lemma)
            if found is not None:
                return found
    return _noun_cue_subject(masked)


def _verb_attribution(quoted: QuotedSentence, words: list[re.Match], position: int, lemma: str):
    masked = quoted.masked
    verb = words[position]
    form = verb.group().lower()
    previous = words[position - 1].group().lower() if position else ""
    if previous in DETERMINERS or previous == "to" or masked[verb.end() : verb.end() + 1] == "-":
        return None
    if position and verb.group()[0].isupper() or needs_particle(lemma, masked, verb.end()):
        return None
    if previous in _PASSIVE and (form.endswith(("ed", "n")) or form in ("told", "said", "thought")):
        return None
    if _RAISED.match(masked, verb.end()):
        return None
    clause_start, after_quote = _clause_start(quoted, verb.start())
    region = masked[clause_start : verb.start()]
    has_content = after_quote or introduces_content(masked, verb.end())
    trailing = None
    if "," in region or "-" in region or "—" in region or "–" in region:
        trailing = trailing_subject(
            region,
            masked[verb.end() :],
            ends=ends_report(masked, verb.end(), lemma),
            inverted=form.endswith("ed") or form in _INVERTIBLE,
        )
    strong = has_content or trailing is not None or has_clause_after(lemma, masked, verb.end())
    if is_weak(lemma) and not (strong or counts_as_speech(lemma, masked, verb.end())):
        return None
    present = form == lemma or (form.endswith("s") and not form.endswith("ss"))
    if present and form not in _UNAMBIGUOUS and not strong:
        return None
    if form.endswith("ing"):
        return None if lemma == "rule" else _participle(masked, clause_start, verb, region)
    if not region.strip(" ,") and clause_start > 0:
        mention = inverted_subject(masked[verb.end() :])
    else:
        mention = (
            parse_subject(region) or fallback_subject(masked, clause_start, region) or trailing
        )
        if mention is None and after_quote and masked[: verb.start()].lstrip()[:1] not in '"“«':
            mention = parse_subject(masked[: verb.start()])
            after_quote = False
    if mention is None or (
        mention.kind == "pronoun" and mention.name == "it" and lemma in _EVIDENCE
    ):
        return None
    if after_quote:
        pattern = "quote_verb"
    elif _COLON_QUOTE.match(masked, verb.end()):
        pattern = "colon_quote"
    elif "," in region and NOUN_CUE.search(region.split(",")[0]):
        pattern = "noun_cue"
    else:
        pattern = "speaker_verb"
    return Attribution(mention, verb.group(), pattern)


def _participle(masked: str, clause_start: int, verb: re.Match, region: str) -> Attribution | None:
    """ ", saying ...", "a letter warning that ...": the speaker is the main clause's subject;
    "X was quoted as saying ...": the speaker is X."""
    quoted_as = _QUOTED_AS.search(region)
    if quoted_as:
        mention = parse_subject(region[: quoted_as.start()])
        return Attribution(mention, verb.group(), "speaker_verb") if mention else None
    if not (region.rstrip().endswith(",") or _NOUN_CUE_BEFORE.search(region)):
        return None
    mention = leading_subject(masked[clause_start : verb.start()])
    if mention is None or mention.category == "org" and mention.kind == "pronoun":
        return None
    return Attribution(mention, verb.group(), "speaker_verb")


def _clause_start(quoted: QuotedSentence, verb_start: int) -> tuple[int, bool]:
    """Where the verb's clause begins (after a closing quote or semicolon), and if after a quote."""
    semicolon = quoted.masked.rfind(";", 0, verb_start) + 1
    close = max((c + 1 for c in quoted.closes if c < verb_start), default=0)
    return max(semicolon, close), close > semicolon


def _noun_cue_subject(masked: str) -> Attribution | None:
    """ "In a statement, the chamber urged ..." with a verb outside the lexicon."""
    stripped = masked.lstrip()
    cue = NOUN_CUE.match(stripped)
    if cue is None:
        return None
    rest = stripped[cue.end() :]
    comma = rest.find(",")
    if comma < 0:
        return None
    mention = leading_subject(rest[comma + 1 :])
    return Attribution(mention, cue.group(), "noun_cue") if mention else None


def _continue_quotes(
    statements: list[Statement],
    quoted: list[QuotedSentence],
    chain_speaker: dict[int, str],
    paragraphs: list[int],
) -> list[Statement]:
    """Give sentences inside a quotation the speaker of that quotation.

    A quotation without an attribution of its own belongs to the sentence after it when it
    opens its paragraph ('"We will appeal." That was the verdict of Hart.'), otherwise to
    the speaker before it.
    """
    result = list(statements)
    for index, info in enumerate(quoted):
        statement = result[index]
        if statement.speaker is not None or not info.fully_quoted:
            continue
        speaker = next((chain_speaker[c] for c in info.chains if c in chain_speaker), None)
        if speaker is None:
            speaker = _attributed_next(result, quoted, paragraphs, index)
        if speaker is None and index > 0:
            speaker = result[index - 1].speaker
        if speaker is not None:
            for chain in info.chains:
                chain_speaker.setdefault(chain, speaker)
            result[index] = replace(statement, speaker=speaker, pattern="quote_continuation")
    return result


def _attributed_next(statements, quoted, paragraphs: list[int], index: int) -> str | None:
    """The speaker of the sentence after a bare quotation that opens its paragraph."""
    paragraph = paragraphs[index]
    start = index
    while start > 0 and paragraphs[start - 1] == paragraph:
        start -= 1
    if not all(quoted[k].fully_quoted for k in range(start, index)):
        return None
    after = index + 1
    while after < len(quoted) and paragraphs[after] == paragraph and quoted[after].fully_quoted:
        after += 1
    if after == len(quoted) or paragraphs[after] != paragraph:
        return None
    return statements[after].speaker


def _headline(doc: str, headline: Sentence, resolver: Resolver) -> Statement:
    text = headline.text
    found = None
    colon = _HEADLINE_SOURCE.match(text)
    if colon:
        mention = parse_phrase(colon.group(1))
        if mention is not None and mention.kind != "pronoun":
            found = Attribution(mention, ":", "headline_source")
    if found is None:
        quotes = find_quotes(text, [headline])
        found = attribute(quoted_sentences(text, [headline], quotes)[0])
    if found is None:
        return Statement(doc, -1, headline.start, headline.end, text, part="headline")
    entity = resolver.headline_source(found.mention)
    return Statement(
        doc,
        -1,
        headline.start,
        headline.end,
        text,
        entity.name,
        found.mention.text,
        found.cue,
        found.pattern,
        "headline",
    )


def _statement(
    doc, index, sentence: Sentence, speaker=None, mention=None, cue=None, pattern="none"
):
    return Statement(
        doc, index, sentence.start, sentence.end, sentence.text, speaker, mention, cue, pattern
    )
