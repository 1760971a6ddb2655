"""Finding the speaker phrase of a clause: before the verb, after it, or further away.

``parse_subject`` reads the words before a reporting verb (introductory phrase, subject,
appositives); the other functions find a subject that is not there: the clause's opening
noun phrase, the noun phrase before "which"/"who", a subject after the verb ('"...,"
said Hart'), or the source named after "according to".
"""

from __future__ import annotations

import re
from dataclasses import replace

from stance.attribution.cues import VERB_FORMS
from stance.attribution.lexicon import CALENDAR_WORDS, DETERMINERS, ORG_NOUNS, word_set
from stance.attribution.mentions import RELATIVES, Mention, parse_phrase, role_words
from stance.attribution.nouns import (
    PREPOSITIONS,
    VERBISH,
    core_length,
    has_verb,
    is_person_name,
    is_person_noun,
    role_gender,
    singular,
    strip_possessive,
    trailing_name,
)
from stance.attribution.sentences import TITLE_ABBREVIATIONS

#: Words that may sit between a speaker and the reporting verb.
ADVERBS = word_set(
    "also later then again previously had has have further repeatedly publicly privately once"
    " recently earlier already even still separately reportedly initially first last too"
    " nonetheless nevertheless however subsequently swiftly quickly immediately promptly openly"
    " flatly firmly strongly angrily calmly bluntly simply sharply loudly quietly today"
    " yesterday tonight now meanwhile instead just only long never always often"
)


#: First words of an introductory phrase ("In a statement, ...", "Asked about it, ...").
INTRO_WORDS = PREPOSITIONS | word_set(
    "speaking asked responding earlier later however meanwhile separately still instead today"
    " yesterday last this when while as since without although though if following addressing"
    " writing interviewed then now also but and yet overall finally afterwards nonetheless"
    " nevertheless indeed moreover furthermore elsewhere again pressed challenged back once"
    " reacting commenting appearing there here"
)


_LEADING_CONJUNCTION = re.compile(
    r"^(?:(?:but|and|so|yet|still|now|then|also|later|earlier|meanwhile|instead|however|indeed"
    r"|separately|today|yesterday)\s+)+",
    re.IGNORECASE,
)


_TIME_TAIL = re.compile(
    r"\s+(?:on|last|this|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|night|week|month|year)$",
    re.IGNORECASE,
)


def is_intro(segment: str) -> bool:
    """True for an introductory phrase before the subject ("In a statement", "Asked about it")."""
    words = segment.split()
    if not words:
        return True
    first = words[0].lower()
    if first in INTRO_WORDS or (first in CALENDAR_WORDS and words[0][0].isupper()):
        return True
    second = words[1].lower() if len(words) > 1 else ""
    participle = first.endswith(("ing", "ed")) and first not in VERB_FORMS
    return participle and (not second or second in PREPOSITIONS or second in DETERMINERS)


def clean_subject(segment: str) -> str:
    """Drop leading conjunctions and trailing adverbs around a subject phrase."""
    segment = _LEADING_CONJUNCTION.sub("", segment.strip())
    segment = _TIME_TAIL.sub("", segment)
    words = segment.split()
    while words and words[-1].lower() in ADVERBS:
        words.pop()
    return " ".join(words)


def appositives(segments: list[str]) -> list[str]:
    """The leading segments that read as appositives (a title, a relative clause), not a clause."""
    kept = []
    for segment in segments:
        words = segment.split()
        if not words:
            continue
        first = words[0].lower()
        relative = first in RELATIVES
        if not (relative or words[0][0].islower() or first in DETERMINERS) or not _appositive_ok(
            segment
        ):
            break
        if not relative and has_verb([w.lower() for w in words], words):
            break
        kept.append(segment)
    return kept


def _appositive_ok(segment: str) -> bool:
    """An appositive may hold a relative clause, but no verb of its own."""
    words = segment.split()
    low = [w.lower() for w in words]
    if low and (low[0] in ("who", "which", "whose", "whom") or low[0].endswith("ing")):
        return True
    for word in low:
        if word in ("who", "which", "whose", "that"):
            return True
        if word in VERBISH:
            return False
    return True


def parse_subject(region: str) -> Mention | None:
    """Read the words before a reporting verb: intro phrases, subject, appositives."""
    segments = [s.strip() for s in region.split(",")]
    segments = [s for s in segments if s]
    head = None
    index = 0
    while index + 1 < len(segments) and is_intro(segments[index]):
        index += 1
    closing = _closing_person(segments[index:]) if len(segments) > index + 1 else None
    if closing is not None:
        return closing
    while index < len(segments):
        head = parse_phrase(clean_subject(segments[index]))
        if head is not None or not (
            is_intro(segments[index])
            or index + 1 < len(segments)
            and not has_verb(segments[index].lower().split(), segments[index].split())
        ):
            break
        index += 1
    if head is None:
        return None
    appositives = [a for a in (clean_subject(s) for s in segments[index + 1 :]) if a]
    if not all(_appositive_ok(a) for a in appositives):
        return None
    for appositive in appositives:
        named = parse_phrase(appositive) if head.kind in ("role", "group") else None
        if named is not None and named.kind == "name":
            return _with_roles(named, head.roles | role_words(head.name))
        if head.kind in ("name", "surname", "organisation"):
            roles = role_words(appositive)
            head = _with_roles(head, roles)
            if head.kind != "organisation" and _names_organisation(head, appositive):
                head = replace(head, kind="organisation", category="org", gender="")
    return head


def _closing_person(segments: list[str]) -> Mention | None:
    """A person named right before the verb after earlier phrases that are not their
    appositives: "During a town hall in Cedar Rapids, Iowa, Rubio told ...", "A pastor
    backing Cruz, Darran Whiting of Liberty Baptist Church, said ..."."""
    if not segments:
        return None
    words = segments[-1].split()
    if not words or not words[0][:1].isupper() or words[0].lower() in DETERMINERS:
        return None
    mention = parse_phrase(clean_subject(segments[-1]))
    if mention is None or mention.kind not in ("name", "surname") or mention.category != "person":
        return None
    return mention


def _names_organisation(head: Mention, appositive: str) -> bool:
    """True when an appositive says a name is an organisation ("X, the city's bus operator")."""
    if appositive.split()[0].lower() in RELATIVES or head.gender:
        return False
    noun = _appositive_head(appositive)
    if noun not in ORG_NOUNS:
        return False
    return not is_person_noun(noun) or not is_person_name(head.name.split())


def _appositive_head(appositive: str) -> str:
    words = appositive.split()
    if len(words) > 2 and words[0].lower() == "one" and words[1].lower() == "of":
        words = words[2:]
    core = words[: core_length(words)] if words else []
    return singular(strip_possessive(core[-1]).lower()) if core else ""


def _with_roles(mention: Mention, roles: frozenset[str]) -> Mention:
    gender = mention.gender or next((role_gender(r) for r in roles if role_gender(r)), "")
    return replace(mention, roles=mention.roles | roles, gender=gender)


ACCORDING_TO = re.compile(r"\baccording\s+to\s+([^;:!?\"“”«»()]+)", re.IGNORECASE)


DOCUMENT_NOUNS = (
    r"statement|report|figures|data|letter|survey|poll|estimates?|analysis|filing|note|post"
    r"|document|release|evaluation|study|review|research|findings|assessment|projections?"
)


_SOURCE_BY = re.compile(
    rf"^(?:(?:a|an|the|new|its|his|her|their)\s+)*(?:[\w'’-]+\s+){{0,3}}?(?:{DOCUMENT_NOUNS})\b"
    r"(?:[^,]*?\b(?:by|from)\s+(?P<by>.+)|\s+(?P<agent>.+?)\s+(?:published|released|issued|compiled)\b.*)$",
    re.IGNORECASE,
)


_EMBEDDED = re.compile(r"\b(?:that|which|who|whom|as|when|while)\s+(?P<np>[^,]+)$")


_IRREGULAR_PAST = word_set("paid held made took gave sent led put set won lost met kept left")


def fallback_subject(masked: str, clause_start: int, region: str) -> Mention | None:
    """A subject further away.

    "X backed Y and criticised Z", "X, which said", "a result that X said".
    """
    stripped = region.rstrip()
    if re.search(r"\b(?:and|but)$", stripped, re.IGNORECASE):
        return leading_subject(masked[clause_start:])
    segments = [s.strip() for s in stripped.split(",") if s.strip()]
    if not segments:
        return None
    last = segments[-1]
    document = _SOURCE_BY.match(last)
    if document and document.group("by"):
        return parse_phrase(clean_subject(document.group("by")))
    if last.lower() in ("which", "who") and len(segments) > 1:
        return _antecedent(segments[:-1])
    if len(segments) > 1 and re.match(r"whose\b", segments[-2], re.IGNORECASE):
        named = parse_phrase(last)
        return named if named is not None and named.kind == "name" else None
    embedded = _EMBEDDED.search(last)
    if embedded:
        mention = parse_phrase(clean_subject(embedded.group("np")))
        if mention is not None:  # "... which he said", "as she put it", "when they told"
            return mention
    return _name_before_verb(last) or quantified_group(last)


_QUANTIFIED = re.compile(
    r"^(?:(?:about|nearly|almost|roughly|just|only|some|more\s+than|fewer\s+than|less\s+than"
    r"|over|under|a\s+majority\s+of|a\s+third\s+of|half\s+of|most)\s+)*"
    r"(?:(?:\d[\d.,]*|(?:[a-z]+-)?[a-z]+)\s*(?:percent|per\s+cent|%)|\d+\s+in\s+\d+|\d+\s+out\s+of\s+\d+|(?:one|two|three"
    r"|four|five|six|seven|eight|nine)\s+in\s+(?:\d+|ten|10)|majorities|majority|most|half)"
    r"\s+(?:of\s+)?(?P<who>.+)$",
    re.IGNORECASE,
)


def quantified_group(phrase: str) -> Mention | None:
    """ "26 percent of Democrats", "About four in 10 Republican voters": a poll's group."""
    found = _QUANTIFIED.match(clean_subject(phrase))
    if found is None or len(found.group("who").split()) > 10:
        return None
    who = found.group("who")
    return Mention(text=phrase.strip(), kind="group", category="group", name=who)


def _name_before_verb(segment: str) -> Mention | None:
    """A person's name right before the verb at the end of a longer phrase: "Saturday at
    the party convention Sen. Elizabeth Warren", "a woman asked for a photo and Clinton"."""
    words = segment.split()
    start = trailing_name(words)
    if start == 0 or start == len(words):
        return None
    if start > 0 and words[start - 1].lower().rstrip(".") in TITLE_ABBREVIATIONS:
        start -= 1
    mention = parse_phrase(" ".join(words[start:]))
    if mention is None or mention.category != "person" or mention.kind not in ("name", "surname"):
        return None
    if mention.kind == "surname" and words[start - 1].lower() not in ("and", "but", "as", "when"):
        return None
    return mention


def _antecedent(segments: list[str]) -> Mention | None:
    """What "which"/"who" refers to: the last noun phrase before it (a name beats its title)."""
    last = segments[-1]
    if len(segments) > 1 and (last[:1].islower() or last.split()[0].lower() in DETERMINERS):
        named = trailing_noun_phrase(segments[-2])
        if named is not None and named.kind == "name":
            return named
    return trailing_noun_phrase(last)


def trailing_noun_phrase(segment: str) -> Mention | None:
    """The longest noun phrase that ends ``segment`` ("... coordinated by the group X")."""
    words = segment.split()
    for start in range(max(0, len(words) - 8), len(words)):
        first = words[start]
        if first[0].isupper() or first.lower() in DETERMINERS:
            mention = parse_phrase(" ".join(words[start:]))
            if mention is not None and mention.kind != "pronoun":
                return mention
    return None


_FULL_STOP = re.compile(r"(?<=[^\W\d_]{4})\.\s*$")


def leading_subject(clause: str) -> Mention | None:
    """The noun phrase a clause opens with, after any introductory phrase."""
    clause = _FULL_STOP.sub("", clause)
    segments = clause.split(",")
    while len(segments) > 1 and (is_intro(segments[0]) or not segments[0].strip()):
        segments.pop(0)
    if len(segments) > 1 and not _has_verb_word(" x " + segments[0]):
        verbal = next((i for i, s in enumerate(segments) if _has_verb_word(" x " + s)), None)
        if verbal:  # "At an event in Ames, Iowa, on Sunday, Mrs. Clinton tried to ..."
            person = _opening_phrase(segments[verbal:])
            if person is not None and person.category == "person" and person.kind != "pronoun":
                return person
    found = _opening_phrase(segments)
    if found is None and len(segments) > 1 and not _has_verb_word(segments[0]):
        found = _opening_phrase(segments[1:])
    return found


def _has_verb_word(segment: str) -> bool:
    return any(w.lower() in VERBISH or _verb_like(w) for w in segment.split()[1:])


def _opening_phrase(segments: list[str]) -> Mention | None:
    words = clean_subject(segments[0]).split()
    for end in range(min(len(words), 10), 0, -1):
        if end < len(words) and not _verb_like(words[end]) and not _adverb(words[end]):
            continue
        phrase = clean_subject(" ".join(words[:end]))
        mention = parse_phrase(phrase) if phrase else None
        if mention is not None:
            rest = appositives(segments[1:]) if end == len(words) else []
            return parse_subject(", ".join([phrase, *rest])) or mention
    return _opening_name(words)


def _opening_name(words: list[str]) -> Mention | None:
    """A name of two or more words opening a clause whose verb we do not know ("Hedda and Ola
    Berntsen run a farm")."""
    end = 0
    while end < len(words) and (words[end][:1].isupper() or (end and words[end] == "and")):
        end += 1
    if end < 2 or end == len(words) or words[end - 1] == "and":
        return None
    mention = parse_phrase(" ".join(words[:end]))
    return mention if mention is not None and mention.kind in ("name", "group") else None


def _adverb(word: str) -> bool:
    """ "jokingly", "also": a word that may stand between a subject and its verb."""
    return word.lower() in ADVERBS or word.islower() and word.endswith("ly") and len(word) > 4


def _verb_like(word: str) -> bool:
    low = word.lower()
    lowercase_past = low.endswith("ed") and word[:1].islower()
    return low in VERBISH or low in VERB_FORMS or lowercase_past or low in _IRREGULAR_PAST


_CLAUSE_END = re.compile(r"[.;:!?\"“”](?=\s|$)")
_ABBREVIATED = re.compile(r"\b([A-Za-z]{1,4})$")


def _clause_end(text: str) -> int:
    """Where the first clause of ``text`` ends: a stop that is not an initial or a title
    ("Sen. Sherrod Brown", "Paul H. Chipok")."""
    for stop in _CLAUSE_END.finditer(text):
        before = _ABBREVIATED.search(text, 0, stop.start())
        if (
            stop.group() == "."
            and before
            and (
                len(before.group(1)) == 1
                and before.group(1).isupper()
                or before.group(1).lower() in TITLE_ABBREVIATIONS
            )
        ):
            continue
        return stop.start()
    return len(text)


def inverted_subject(rest: str) -> Mention | None:
    """The subject after the verb: '"...," said Lena Hart, the treasurer.'"""
    rest = rest[: _clause_end(rest)]
    segments = [s.strip() for s in rest.split(",") if s.strip()]
    if not segments:
        return None
    head = segments[0].split()
    if len(head) > 2 and head[0].lower() in ("on", "in", "at"):
        head = head[2:]
    segments[0] = " ".join(head)
    mention = parse_phrase(clean_subject(segments[0]))
    if mention is None:
        return None
    return parse_subject(", ".join(segments)) or mention


def source_of(phrase: str, *, initial: bool) -> Mention | None:
    """The source after "according to": a name, or who published the document it names."""
    segments = [s.strip() for s in phrase.rstrip(" .").split(",")]
    first = segments[0]
    document = _SOURCE_BY.match(first)
    if document:
        inner = document.group("by") or document.group("agent")
        return parse_phrase(clean_subject(inner))
    if re.match(rf"^(?:\w+\s+){{0,3}}(?:{DOCUMENT_NOUNS})$", first, re.IGNORECASE):
        by = re.search(r"\b(?:by|from)\s+(.+)$", segments[1]) if len(segments) > 1 else None
        return parse_phrase(by.group(1)) if by else _document_owner(first)
    mention = parse_phrase(first)
    if mention is not None and mention.kind in ("role", "group") and len(segments) > 1:
        named = parse_phrase(segments[1])
        if named is not None and named.kind == "name":
            return named
    if mention is not None and mention.kind in ("name", "surname", "organisation"):
        rest = appositives(segments[1:-1] if initial else segments[1:])
        return parse_subject(", ".join([first, *rest])) or mention
    return mention


_PHRASE_END = re.compile(r"\s*(?:,|\s[-–—]\s|$)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def phrase_source(phrase: str) -> Mention | None:
    """A source named by a phrase no rule reads as a speaker: "a count by The Associated
    Press", "a recent poll of Indiana voters", "his Facebook profile". Kept as written, as
    a description (or an organisation when it holds a capitalised word)."""
    words = phrase[: _PHRASE_END.search(phrase).start()].strip(" .").split()
    if not words or len(words) > 12:
        return None
    text = " ".join(words)
    name = _LEADING_ARTICLE.sub("", text)
    capitalised = any(word[:1].isupper() for word in words[1:]) or words[0][:1].isupper()
    kind = "organisation" if capitalised else "group"
    return Mention(text=text, kind=kind, category="org", name=name, definite=True)


_OWNED_DOCUMENT = re.compile(
    rf"^(?:the\s+|its\s+|their\s+|new\s+)*(?P<owner>.+?)\s+(?:{DOCUMENT_NOUNS})$", re.IGNORECASE
)


def _document_owner(phrase: str) -> Mention | None:
    """The body a document is named after: "board figures", "Eurostat data" -> the board."""
    owned = _OWNED_DOCUMENT.match(phrase)
    mention = parse_phrase(owned.group("owner")) if owned else None
    if mention is None or mention.category != "org":
        return None
    return replace(mention, definite=True)


_TRAILING_SPLIT = re.compile(r"[,;—–]|\s--?\s")


def trailing_subject(region: str, after: str, *, ends: bool, inverted: bool) -> Mention | None:
    """The speaker of a report that follows its content, after a comma or a dash.

    "Talks will resume next week, the ministry said." / "... rental, it said — a figure ..."
    / "..., its chief executive, Ana Holt, announced on Monday." (``ends``: only adverbials
    follow the verb) and, when ``inverted``, "Talks will resume, said Lena Hart, the
    treasurer."
    """
    parts = [part.strip() for part in _TRAILING_SPLIT.split(region)]
    spans: tuple[int, ...] = (1,)
    if not parts[-1]:
        found = inverted_subject(after) if inverted else None
        if found is not None:
            return found
        parts, spans = parts[:-1], (2, 1)
    if not ends:
        return None
    for span in spans:
        if len(parts) > span and len(" ".join(parts[:-span]).split()) >= 2:
            found = parse_subject(", ".join(parts[-span:]))
            if found is not None:
                return found
    return None
