"""Where a sentence refers to the subject, and how: by name, surname, role or pronoun.

Stance is always toward a subject the user names, and most subjects are never seen in
training. Replacing every reference to the subject by one placeholder (``SUBJ``) lets a
model learn "praised SUBJ", "SUBJ is a disgrace" or "called on SUBJ to resign" once for
all subjects. The references are found from the subject's name and the article: its
surname or distinctive first word ("Trump", "Quillon"), its head noun for common-noun
subjects ("the bill"), the roles the article gives it ("Finance Minister Margaret
Ellison" -> "the minister"), and third-person pronouns that can only point back to it.
Records of one article are read together, in article order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stance.attribution.cues import VERB_FORMS
from stance.attribution.lexicon import word_set
from stance.attribution.nouns import name_gender

PLACEHOLDER = "SUBJ"
#: Words that do not identify a subject on their own.
GENERIC = word_set(
    "the a an of and for in on at to new national general united european"
    " international city council party bank group company ministry office association"
    " union league club inc ltd plc corp co ai motors airlines pharmaceuticals energy"
    " holdings mr mrs ms dr"
)
TITLE_WORDS = re.compile(
    r"\b((?:[A-Z][a-z]+ ){0,3}(?:President|Minister|Mayor|Governor|Senator|Sen\.|Rep\.|"
    r"Chancellor|Secretary|Commissioner|Chair|Chairman|Chairwoman|Judge|Justice|Coach|"
    r"Manager|Adviser|Advisor|Leader|Speaker|Director|Chief|Candidate|Nominee|Captain|"
    r"Striker|Prime Minister|Premier|King|Queen|Prince|Pope|General|Dr\.|Professor|Prof\.))"
    r"\s+$"
)
APPOSITIVE_ROLE = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,5}?([a-z][\w-]+)\b")
PRONOUNS = {
    "m": re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE),
    "f": re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE),
}
ROLE_NOUNS = word_set(
    "president minister mayor governor senator chancellor secretary commissioner"
    " chair chairman chairwoman judge justice coach manager adviser advisor leader"
    " speaker director chief candidate nominee captain striker premier king queen"
    " prince governor executive businessman businesswoman billionaire tycoon nominee"
    " incumbent challenger"
)


def normalise_subject(subject: str) -> str:
    """The one form subjects are compared in everywhere (features, routing, "unseen").

    Lower case, punctuation as spaces, single spaces, no leading "the":
    "The Congestion-Charge " -> "congestion charge".
    """
    words = re.sub(r"[^\w]+", " ", subject.lower()).split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class SubjectMention:
    start: int
    end: int
    kind: str  # name, surname, role, head, pronoun


def looks_like_person(subject: str) -> bool:
    words = subject.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.lower().strip(".") in GENERIC for w in words)
    )


def aliases(subject: str) -> list[tuple[str, str]]:
    """(phrase, kind) that name the subject without the article's help, longest first."""
    subject = " ".join(subject.split())
    if not subject:
        return []
    found = [(subject, "name")]
    words = subject.split()
    if looks_like_person(subject):
        found.append((words[-1], "surname"))
    elif subject[:1].isupper() and len(words) > 1:
        distinctive = [w for w in words if w.lower() not in GENERIC and w[:1].isupper()]
        if distinctive:
            found.append((distinctive[0], "surname"))
    elif subject[:1].islower() and len(words) > 1:
        found.append((f"the {words[-1]}", "head"))
        found.append((f"this {words[-1]}", "head"))
    return found


def _pattern(phrase: str) -> re.Pattern:
    flags = 0 if phrase[:1].isupper() and not phrase.startswith(("the ", "this ")) else re.I
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?:['’]s)?(?![\w-])", flags)


def article_roles(subject: str, texts: Sequence[str]) -> list[str]:
    """Role phrases the article attaches to a person subject ("the minister")."""
    if not looks_like_person(subject):
        return []
    roles = []
    for text in texts:
        for match in re.finditer(re.escape(subject), text):
            before = TITLE_WORDS.search(text[: match.start()])
            if before:
                roles.append(before.group(1).split()[-1].lower().rstrip("."))
            after = APPOSITIVE_ROLE.match(text[match.end() :])
            if after and after.group(1).lower() in ROLE_NOUNS:
                roles.append(after.group(1).lower())
    return [f"the {role}" for role in dict.fromkeys(roles) if role in ROLE_NOUNS]


def find_mentions(records: Sequence) -> list[list[SubjectMention]]:
    """The subject's mentions in each record's text (records of an article in order).

    A record's own ``span`` (a marked mention, as in NewsMTSC) is used as given. A
    pronoun counts when the subject is a person, it matches the subject's gender, it
    does not open the sentence (where it names the speaker), the sentence does not name
    the subject otherwise, and the subject was named in the previous two sentences.
    """
    by_doc: dict[tuple[str, str], list[int]] = {}
    for i, record in enumerate(records):
        by_doc.setdefault((getattr(record, "doc", ""), record.subject), []).append(i)
    found: list[list[SubjectMention]] = [[] for _ in records]
    for (doc, subject), members in by_doc.items():
        texts = [records[i].text for i in members]
        phrases = aliases(subject)
        if doc:
            phrases += [(role, "role") for role in article_roles(subject, texts)]
        patterns = [(_pattern(p), kind) for p, kind in phrases]
        gender = name_gender(subject) if looks_like_person(subject) else ""
        named_at = -10
        for position, i in enumerate(members):
            record = records[i]
            span = getattr(record, "span", None)
            if span:
                found[i] = [SubjectMention(span[0], span[1], "name")]
                continue
            mentions = _match(record.text, patterns)
            if mentions:
                named_at = position
            elif doc and gender in PRONOUNS and position - named_at <= 2:
                mentions = [
                    SubjectMention(m.start(), m.end(), "pronoun")
                    for m in PRONOUNS[gender].finditer(record.text)
                    if m.start() > 0
                    and record.speaker != subject
                    and not _names_the_speaker(record.text, m.start(), m.end())
                ]
            found[i] = mentions
    return found


_WORD = re.compile(r"[\w'’]+")


def _names_the_speaker(text: str, start: int, end: int) -> bool:
    """A subject pronoun next to a reporting verb ("he explained", "said she") is the speaker."""
    if text[start:end].lower() not in ("he", "she"):
        return False
    after = _WORD.search(text, end)
    before = [m.group() for m in _WORD.finditer(text[:start])]
    near = [after.group().lower()] if after else []
    near += [before[-1].lower()] if before else []
    return any(word in VERB_FORMS for word in near)


def _match(text: str, patterns) -> list[SubjectMention]:
    taken: list[SubjectMention] = []
    for pattern, kind in patterns:
        for m in pattern.finditer(text):
            if all(m.end() <= t.start or m.start() >= t.end for t in taken):
                taken.append(SubjectMention(m.start(), m.end(), kind))
    return sorted(taken, key=lambda m: m.start)


def with_placeholder(text: str, mentions: Sequence[SubjectMention]) -> str:
    """The text with every subject mention replaced by the placeholder."""
    for mention in sorted(mentions, key=lambda m: -m.start):
        text = f"{text[: mention.start]} {PLACEHOLDER} {text[mention.end :]}"
    return text
