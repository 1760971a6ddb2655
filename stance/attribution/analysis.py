"""Speaker attribution: article text in, one :class:`~stance.records.Statement` per sentence out.

The patterns (``Statement.pattern``) are those of the WireStance guidelines:
according_to, speaker_verb, quote_verb, colon_quote, noun_cue, quote_continuation and
none (``implicit`` is a gold-only label: a sentence without a cue of its own gets none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from stance.attribution.acts import (
    act_attribution,
    clause_act,
    document_subject,
    quantifier_subject,
)
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
from stance.attribution.found import Found
from stance.attribution.lexicon import DETERMINERS, word_set
from stance.attribution.lines import (
    TITLE_START,
    TWEET,
    colon_source,
    transcript_line,
    untitled,
)
from stance.attribution.mentions import Mention, parse_phrase
from stance.attribution.quotes import QuotedSentence, find_quotes, quoted_sentences
from stance.attribution.sentences import (
    ArticleLayout,
    Sentence,
    dateline_length,
    split_article,
)
from stance.attribution.subjects import (
    ACCORDING_TO,
    DOCUMENT_NOUNS,
    fallback_subject,
    inverted_subject,
    leading_subject,
    parse_subject,
    phrase_source,
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
    "colon_source",  # "Rubio: I still believe ..." (a named source and a colon)
    "tweet",  # an embedded tweet signed "— Name (@handle) date"
)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_COLON_QUOTE = re.compile(r"[^.;\"“”]*?:\s*[\"“«‘]")


_PASSIVE = word_set("is are was were been being be")
_PROGRESSIVE = word_set("is are was were am been")
_NEW_CLAUSE = re.compile(
    r"(?:,|;|\s[-–—]+)\s*(?:but|and|while|although|though|because|so|yet|whereas)\s+", re.IGNORECASE
)
_COORDINATORS = word_set("and but then before after")
_COORDINATOR_ENDINGS = tuple(_COORDINATORS)


def _coordinated(region: str) -> bool:
    """True when a verb's region ends with a conjunction: "X offered ..., then says"."""
    stripped = region.rstrip()
    if not stripped.lower().endswith(_COORDINATOR_ENDINGS):
        return False
    last = stripped[stripped.rfind(" ") + 1 :].lstrip(",")
    before = stripped[: len(stripped) - len(last)]
    return last.lower() in _COORDINATORS and (before[-1:].isspace() or before.endswith(","))


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


@dataclass(frozen=True, slots=True)
class Analysis:
    """One article read once: its layout, each body sentence with its quotes masked, the
    cue found in each sentence that has one (by sentence index, -1 for the headline) and
    the per-sentence statements. Both views, sentences and attributions, come from it."""

    text: str
    layout: ArticleLayout
    quoted: list[QuotedSentence]
    found: dict[int, Found]
    statements: list[Statement]
    narrated: dict[int, str]
    """The speaker of each relation that leaves its sentence the narrator's, by index."""
    further: dict[int, list[tuple[Found, str]]]
    """Relations after a sentence's first (and their speakers), by sentence index."""


def extract(text: str, *, doc: str = "") -> list[Statement]:
    """Split an article into sentences and attribute each to its speaker (or None)."""
    return analyse(text, doc=doc, relations=False).statements


def analyse(text: str, *, doc: str = "", relations: bool = True) -> Analysis:
    """Read an article: sentences, quotes, each sentence's cue and speaker.

    With ``relations`` false, the relations of the attribution view alone (acts,
    findings, second cues) are not looked for; the statements are the same either way.
    """
    layout = split_article(text)
    quoted = quoted_sentences(text, layout.body, find_quotes(text, layout.body))
    opens = _paragraph_openings(layout.body)
    quoted = [_mask_asides(info, first=index in opens) for index, info in enumerate(quoted)]
    resolver = Resolver()
    statements: list[Statement] = []
    chain_speaker: dict[int, str] = {}
    provisional: dict[int, Entity] = {}
    founds: dict[int, Found] = {}
    narrated: dict[int, str] = {}
    further: dict[int, list[tuple[Found, str]]] = {}
    for index, (sentence, info) in enumerate(zip(layout.body, quoted, strict=True)):
        resolver.observe(sentence.text)
        found = None
        if not info.fully_quoted:
            found = transcript_line(info.masked, resolver)
            if found is None and ":" in info.masked:
                found = colon_source(info.masked)
            found = found or attribute(info)
        if found is None or found.narrator:
            subject = None if info.fully_quoted else leading_subject(info.masked)
            narrated_found = found
            if relations and narrated_found is None and not info.fully_quoted:
                narrated_found = narrator_relation(info, subject)
            if narrated_found is not None:
                founds[index] = narrated_found
                narrated[index] = resolver.identify(narrated_found.mention)
            if subject is not None:
                resolver.notice(subject)
            statements.append(_statement(doc, index, sentence))
            continue
        founds[index] = found
        entity = resolver.resolve(found.mention)
        if relations:
            further[index] = [
                (more, resolver.identify(more.mention))
                for more in further_attributions(info, found)
            ]
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
        headline, found = _headline(doc, layout.headline, resolver)
        statements.insert(0, headline)
        if found is not None:
            founds[-1] = found
    return Analysis(text, layout, quoted, founds, statements, narrated, further)


def narrator_relation(info: QuotedSentence, subject: Mention | None) -> Found | None:
    """The relation of a sentence that stays the narrator's: an act, a belief or a finding
    named by its verb ("endorsed", "wants", "showed"), else what its subject did."""
    act = act_attribution(info)
    if act is not None:
        mention, cue, kind, at = act
        return Found(mention, cue, kind, at, narrator=True, kind=kind)
    if subject is None:
        return None
    clause = clause_act(info.masked, subject)
    if clause is None:
        return None
    cue, at = clause
    return Found(subject, cue, "act", at, narrator=True, kind="act")


_PARENTHESIS = re.compile(r"\([^()]*\)")


def _kept(masked: str, aside: re.Match) -> bool:
    """A parenthesis that is not an aside: a sentence wholly in parentheses ("(News Corp
    denied it.)") or a tweet's handle ("— Lena Hart (@lenahart)")."""
    return not masked[: aside.start()].strip() or aside.group().startswith("(@")


def _paragraph_openings(body: list[Sentence]) -> set[int]:
    """The first sentence of each of the first three paragraphs: where a dateline may
    stand (real pages put a byline or a photo caption before the story's first line)."""
    openings: dict[int, int] = {}
    for index, sentence in enumerate(body):
        openings.setdefault(sentence.paragraph, index)
    return set(sorted(openings.values())[:3])


def _mask_asides(info: QuotedSentence, *, first: bool) -> QuotedSentence:
    """Blank out what never holds the sentence's own speaker cue: a story's dateline
    ("GLASGOW, Jan. 14 -") and parenthetical asides ("The union (PCWU) said ...")."""
    masked = info.masked
    if "(" not in masked and not first:
        return info
    if "(" in masked:
        masked = _PARENTHESIS.sub(
            lambda m: m.group() if _kept(masked, m) else " " * len(m.group()), masked
        )
    if first:
        length = dateline_length(masked)
        masked = " " * length + masked[length:]
    return info if masked == info.masked else replace(info, masked=masked)


def attribute(quoted: QuotedSentence) -> Found | None:
    """Find the speaker cue of one sentence whose quoted words are blanked out."""
    if TITLE_START.match(quoted.masked) is not None:
        quoted = untitled(quoted)
    masked = quoted.masked
    tweet = TWEET.search(masked) if "(@" in masked else None
    if tweet is not None:
        mention = parse_phrase(tweet.group("name").strip())
        if mention is not None and mention.kind != "pronoun":
            return Found(mention, tweet.group("dash"), "tweet", tweet.start("dash"))
    back = pointing_back(masked)
    if back is not None:
        return Found(*back, masked.find(back[1]))
    according = ACCORDING_TO.search(masked)
    if according:
        phrase = according.group(1)
        mention = source_of(phrase, initial=not masked[: according.start()].strip())
        described = None if mention else phrase_source(phrase)
        if mention is not None or described is not None:
            return Found(
                mention or described,
                "according to",
                "according_to",
                according.start(),
                narrator=described is not None and described.kind == "group",
            )
    words = list(_WORD.finditer(masked))
    for position, word in enumerate(words):
        lemma = VERB_FORMS.get(word.group().lower())
        if lemma is not None:
            found = _verb_attribution(quoted, words, position, lemma)
            if found is not None:
                return found
    return _noun_cue_subject(masked)


def further_attributions(quoted: QuotedSentence, first: Found) -> list[Found]:
    """The attributions of a sentence after its first: "..., he said, adding that ...",
    "said Harvey, who acknowledged ...", "X said Y believes ...". Attribution view only."""
    masked = quoted.masked
    after = max(first.at, 0) + len(first.cue)
    words = list(_WORD.finditer(masked))
    found: list[Found] = []
    for position, word in enumerate(words):
        if word.start() < after:
            continue
        lemma = VERB_FORMS.get(word.group().lower())
        if lemma is None:
            continue
        further = _verb_attribution(quoted, words, position, lemma, floor=after)
        if further is not None and _coordinated(masked[after : word.start()]):
            further = replace(further, mention=first.mention)  # "X slammed ... and said ..."
        if further is not None:
            found.append(replace(further, narrator=True))
            after = further.at + len(further.cue)
    return found


def _verb_attribution(
    quoted: QuotedSentence, words: list[re.Match], position: int, lemma: str, floor: int = 0
):
    """The attribution whose cue is the verb ``words[position]``, its subject read from the
    verb's clause (which starts at ``floor`` or later), or None."""
    masked = quoted.masked
    verb = words[position]
    form = verb.group().lower()
    previous = words[position - 1].group().lower() if position else ""
    determined = previous in DETERMINERS and quantifier_subject(masked[: verb.start()]) is None
    if determined or previous == "to" or masked[verb.end() : verb.end() + 1] == "-":
        return None
    if position and verb.group()[0].isupper() or needs_particle(lemma, masked, verb.end()):
        return None
    if previous in _PASSIVE and (form.endswith(("ed", "n")) or form in ("told", "said", "thought")):
        return None
    if _RAISED.match(masked, verb.end()):
        return None
    clause_start, after_quote = _clause_start(quoted, verb.start())
    clause_start = max(clause_start, floor)
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
    if form.endswith("ing") and previous not in _PROGRESSIVE:
        return None if lemma == "rule" else _participle(masked, clause_start, verb, region)
    if form.endswith("ing"):  # "Trump is insisting that ...": the subject is before "is"
        region = region[: region.lower().rstrip().rfind(previous)]
    if not region.strip(" ,") and clause_start > 0:
        mention = inverted_subject(masked[verb.end() :])
    elif _coordinated(region):  # "X offered ..., then says ...": X's second verb
        mention = leading_subject(masked[:clause_start] + region) or parse_subject(region)
    else:
        new_clause = _NEW_CLAUSE.search(region)  # "..., but many Latinos said"
        mention = parse_subject(_NEW_CLAUSE.split(region)[-1]) if new_clause else None
        mention = (
            mention
            or parse_subject(region)
            or fallback_subject(masked, clause_start, region)
            or trailing
        )
        if mention is None and after_quote and masked[: verb.start()].lstrip()[:1] not in '"“«':
            mention = parse_subject(masked[: verb.start()])
            after_quote = False
    if mention is None and not after_quote:
        document = document_subject(region) or quantifier_subject(region)  # attribution only
        if document is not None:
            return Found(document, verb.group(), "speaker_verb", verb.start(), narrator=True)
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
    return Found(mention, verb.group(), pattern, verb.start())


def _participle(masked: str, clause_start: int, verb: re.Match, region: str) -> Found | None:
    """ ", saying ...", "a letter warning that ...": the speaker is the main clause's subject;
    "X was quoted as saying ...": the speaker is X."""
    quoted_as = _QUOTED_AS.search(region)
    if quoted_as:
        mention = parse_subject(region[: quoted_as.start()])
        return Found(mention, verb.group(), "speaker_verb", verb.start()) if mention else None
    ends = masked[: verb.start()].rstrip()
    # a quotation ending right before the participle ends with a comma inside its marks
    if not (ends.endswith((",", "”", '"')) or _NOUN_CUE_BEFORE.search(region)):
        return None
    mention = leading_subject(masked[clause_start : verb.start()])
    if mention is None and clause_start > 0:  # '... defense of "New York values," saying'
        mention = leading_subject(masked[: verb.start()])
    if mention is None or mention.category == "org" and mention.kind == "pronoun":
        return None
    return Found(mention, verb.group(), "speaker_verb", verb.start())


def _clause_start(quoted: QuotedSentence, verb_start: int) -> tuple[int, bool]:
    """Where the verb's clause begins (after a closing quote or semicolon), and if after a quote."""
    semicolon = quoted.masked.rfind(";", 0, verb_start) + 1
    close = max((c + 1 for c in quoted.closes if c < verb_start), default=0)
    return max(semicolon, close), close > semicolon


def _noun_cue_subject(masked: str) -> Found | None:
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
    at = len(masked) - len(stripped) + cue.start()
    return Found(mention, cue.group(), "noun_cue", at) if mention else None


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


def _headline(doc: str, headline: Sentence, resolver: Resolver) -> tuple[Statement, Found | None]:
    text = headline.text
    found = None
    colon = _HEADLINE_SOURCE.match(text)
    if colon:
        mention = parse_phrase(colon.group(1))
        if mention is not None and mention.kind != "pronoun":
            found = Found(mention, ":", "headline_source", colon.end(1))
    if found is None:
        quotes = find_quotes(text, [headline])
        found = attribute(quoted_sentences(text, [headline], quotes)[0])
    if found is None:
        return Statement(doc, -1, headline.start, headline.end, text, part="headline"), None
    entity = resolver.headline_source(found.mention)
    statement = Statement(
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
    return statement, found


def _statement(
    doc, index, sentence: Sentence, speaker=None, mention=None, cue=None, pattern="none"
):
    return Statement(
        doc, index, sentence.start, sentence.end, sentence.text, speaker, mention, cue, pattern
    )
