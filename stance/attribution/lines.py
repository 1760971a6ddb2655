"""Sentences whose form names their speaker: a transcript's "NAME: ...", a "Name: words"
label, an embedded tweet's signature, and Title Case lines whose verbs look like names.

Real pages carry all of these (PolNeAR's political news: "Rubio: I Still Believe ...",
"... #RINO — Ben Jacobs (@Bencjacobs) September 1, 2016", "Bernie Sanders Says He ...").
"""

from __future__ import annotations

import re
from dataclasses import replace

from stance.attribution.coref import Resolver
from stance.attribution.cues import VERB_FORMS
from stance.attribution.found import Found
from stance.attribution.lexicon import word_set
from stance.attribution.mentions import parse_phrase
from stance.attribution.nouns import VERBISH
from stance.attribution.quotes import QuotedSentence

_WORD = re.compile(r"[^\W\d_][\w'’-]*")

#: A transcript line: a name in capitals, a colon, the words ("VALCOURT: We now ...").
_TRANSCRIPT = re.compile(r"^\s*([^\W\d_][^\W\d_]*(?:[ '’.\-]+[^\W\d_]+){0,3})\s*:\s+\S")
_TITLE = re.compile(r"^(?:MR|MRS|MS|DR|PROF|SEN|REP|JUDGE)\.?\s+")


def transcript_line(masked: str, resolver: Resolver) -> Found | None:
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
    return Found(replace(mention, text=label), ":", "transcript", masked.index(":", found.end(1)))


#: "Name: words" at the start of a sentence: a label of at most eight words, then a colon.
_COLON_LABEL = re.compile(r"^\s*(?:[^:\n]{0,80}\s[-–—]\s+)?([^\W\d_][^:;\n]{1,60}?)\s*:\s+\S")
#: Labels that head a line without naming a speaker.
_NOT_SOURCES = word_set(
    "update updated note correction clarification watch related photo photos video source"
    " sources warning breaking exclusive analysis opinion editorial read more see also"
    " disclosure disclaimer caption credit advertisement sponsored transcript question answer"
    " q a live developing first second third fact check important bottom line"
)
_LEADING_CUE = re.compile(
    r"^(?:continued|added|said|says|wrote|writes|asked|asks|replied)\s+", re.I
)


def colon_source(masked: str) -> Found | None:
    """ "Rubio: I still believe ...", "Matthews: Here's the irony", "Continued Stone: ..."
    (a named source, a colon, what they said; headlines and transcripts in mixed case)."""
    found = _COLON_LABEL.match(masked)
    if found is None:
        return None
    label = found.group(1)
    words = label.split()
    if len(words) > 8 or not words[0][0].isupper() or label.lower() in _NOT_SOURCES:
        return None
    if label == label.upper():  # "SMITH:" is a transcript's, named earlier or not at all
        return None
    if any(word.lower().strip(".'’") in _NOT_SOURCES and len(words) == 1 for word in words):
        return None
    lead = _LEADING_CUE.match(label)
    mention = parse_phrase(label[lead.end() :] if lead else label)
    if mention is None or mention.kind not in ("name", "surname", "organisation", "group"):
        return None
    if mention.kind == "group" and not any(w[:1].isupper() for w in words[1:]):
        return None
    colon = masked.index(":", found.start(1) + len(label))
    return Found(mention, ":", "colon_source", colon)


#: An embedded tweet's signature: "... #RINO — Ben Jacobs (@Bencjacobs) September 1, 2016".
TWEET = re.compile(r"\s(?P<dash>[—–-]+)\s*(?P<name>[^\W\d_][^()@\n—–]{1,60}?)\s*\(@\w+\)")
_TITLE_WORD = re.compile(r"\b[^\W\d_][\w'’]{3,}")
#: Three capitalised words (short words and numbers aside) open a Title Case line.
TITLE_START = re.compile(
    r"\W*(?:(?:[\w'’]{1,3}|\d+)\W+)*?(?:[A-Z][\w'’]*\W+(?:(?:[a-z'’]{1,3}|\d+)\W+)*){3}"
)


def untitled(quoted: QuotedSentence) -> QuotedSentence:
    """A Title Case line ("Bernie Sanders Says He Has Started ...") with its verbs in lower
    case, so the rules can tell them from names (same length: offsets hold). Called only
    for sentences that open with three capitalised words (``TITLE_START``)."""
    lower = 0
    words = 0
    for word in _TITLE_WORD.finditer(quoted.masked):
        words += 1
        lower += word.group()[0].islower()
        if lower > 1:  # most sentences stop here, after a few words
            return quoted
    if words < 4 or lower > 0.2 * words:
        return quoted
    masked = _WORD.sub(
        lambda m: (
            m.group().lower()
            if m.start() and (m.group().lower() in VERB_FORMS or m.group().lower() in VERBISH)
            else m.group()
        ),
        quoted.masked,
    )
    return replace(quoted, masked=masked)
