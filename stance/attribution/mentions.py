"""Reading a speaker phrase: is it a name, a pronoun, a role, an organisation or a group?

The rules use capitalisation, the word lists of :mod:`stance.attribution.lexicon` and the
shape of English noun phrases (determiner, modifiers, head noun, post-modifier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stance.attribution.lexicon import (
    CALENDAR_WORDS,
    DETERMINERS,
    FUNCTION_WORDS,
    NAME_PARTICLES,
    NON_SPEAKER_NOUNS,
    ORG_COMPOUNDS,
    ORG_CONNECTORS,
    ORG_NOUNS,
    PRONOUNS,
    word_set,
)
from stance.attribution.nouns import (
    FIRST_NAMES,
    PREPOSITIONS,
    VERBISH,
    core_length,
    has_verb,
    is_capitalised,
    is_demonym,
    is_person_name,
    is_person_noun,
    is_possessive,
    looks_plural,
    name_gender,
    role_gender,
    singular,
    split_name,
    strip_possessive,
    trailing_name,
)

#: Group heads that stand for the organisation named after them ("campaigners from X").
MEMBER_NOUNS = word_set(
    "campaigners members activists supporters representatives officials staff spokespeople"
    " leaders executives"
)


RELATIVES = word_set("that which who whom whose")

#: Singular nouns for several people acting as one ("the couple", "the crew").
COLLECTIVE_NOUNS = word_set("couple pair duo trio family families crew crews staff workforce")


_ARTICLE = re.compile(r"^(?:the|a|an|both)\s+", re.IGNORECASE)


_SELF_NAMED = re.compile(
    r"^(.*?)\s+(?:calling\s+(?:itself|themselves)|known\s+as|named|called)\s+(.+)$"
)


_QUANTIFIER = re.compile(r"^(?:(?:more|fewer|less)\s+than|at\s+least|nearly|about|almost)\s+", re.I)


#: Capitalised words that open sentences and are never a speaker on their own.
_NEVER_ALONE = word_set(
    "having being perhaps maybe left editor editors note update looking speaking asked pressed"
    " reached meanwhile still yet instead indeed hours days minutes moments weeks months years"
    " later earlier sources"
)


_NEVER_SURNAMES = NON_SPEAKER_NOUNS | DETERMINERS | VERBISH | FUNCTION_WORDS | CALENDAR_WORDS


@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase that names a speaker, read into what coreference needs.

    ``kind`` is one of name, surname, pronoun, role, organisation, group (the corpus's
    ``mention_kind`` values); ``category`` says what it refers to (person, org, group);
    ``name`` is the proper name or the descriptive phrase without a leading article;
    ``roles`` are role nouns in lower case; ``principal`` is whom a spokesperson speaks for.
    """

    text: str
    kind: str
    category: str
    name: str = ""
    roles: frozenset[str] = frozenset()
    gender: str = ""
    definite: bool = False
    owner: str = ""
    principal: Mention | None = None


def _person(text: str, words: list[str], roles: frozenset[str] = frozenset()) -> Mention:
    titles, name = split_name(words)
    title_roles = {p.lower().rstrip(".") for t in titles for p in t.split("-")}
    gender = name_gender(" ".join(name), titles) or next(
        (role_gender(r) for r in roles if role_gender(r)), ""
    )
    kind = "name" if len(name) >= 2 else "surname"
    return Mention(text, kind, "person", " ".join(name), roles | title_roles, gender, True)


@lru_cache(maxsize=16384)
def parse_phrase(phrase: str) -> Mention | None:
    """Read one noun phrase (no appositive) into a :class:`Mention`, or None if not a speaker."""
    text = phrase.strip(' ,;:—–-"“”')
    words = text.split()
    if not words or len(words) > 16:
        return None
    low = [w.lower() for w in words]
    if len(words) == 1 and low[0] in PRONOUNS:
        gender = PRONOUNS[low[0]][1]
        category = {"person": "person", "plural": "group", "org": "org"}[PRONOUNS[low[0]][0]]
        return Mention(text, "pronoun", category, low[0], gender=gender, definite=True)
    if low[0] in PREPOSITIONS or low[-1] in DETERMINERS or low[-1] in RELATIVES:
        return None
    if len(words) == 1 and strip_possessive(low[0]) in _NEVER_ALONE:
        return None
    self_named = _SELF_NAMED.match(text)
    if self_named and is_capitalised(self_named.group(2)):
        return Mention(text, "group", "group", self_named.group(2), definite=True)
    relative = next((i for i in range(1, len(low)) if low[i] in RELATIVES), len(low))
    if has_verb(low[:relative], words[:relative]):
        return None
    named = _ARTICLE.sub("", text)
    start = 0
    quantifier = _QUANTIFIER.match(text)
    if quantifier:
        start = len(quantifier.group().split())
    while start < len(words) - 1 and low[start] in DETERMINERS:
        start += 1
    definite = start > 0 and low[start - 1] in (
        "the",
        "his",
        "her",
        "its",
        "their",
        "both",
        "these",
    )
    body = words[start:]
    if len(body) > 1 and body[-1].isupper() and is_person_noun(body[-1]):
        body = [*body[:-1], body[-1].lower()]  # "the 52-year-old GP", "the Labour MP"
    single = len(body) == 1 or not is_capitalised(body[1])
    if start == 0 and single and is_capitalised(body[0]) and _common_plural(low[0]):
        body = [low[0], *body[1:]]  # "Residents of the estate", "Critics" open a sentence
    elif len(body) > 1 and is_capitalised(body[0]) and not is_capitalised(body[1]):
        joined = low[1] in NAME_PARTICLES or low[1] in ORG_CONNECTORS
        if start == 0 and low[0] not in FIRST_NAMES and not joined:
            body = [low[0], *body[1:]]
    core = body[: core_length(body)]
    run = trailing_name(core)
    if run == 0:
        return _capitalised(text, core, start > 0 and low[start - 1] == "the")
    if run < len(core):
        return _described_name(text, core, run)
    possessive = next((i for i, w in enumerate(core[:-1]) if is_possessive(w)), None)
    if possessive is not None:
        return _possessive(text, named, core, possessive)
    return _common(text, named, core, body, definite)


def _capitalised(text: str, core: list[str], has_article: bool) -> Mention | None:
    core = [*core[:-1], strip_possessive(core[-1])]
    lows = [w.lower().rstrip(".") for w in core]
    org = any(w in ORG_NOUNS for w in lows)
    if "and" in lows[1:-1] and not org:
        return Mention(text, "group", "group", " ".join(core), definite=True)
    if is_person_name(core) and not has_article:
        return _person(text, core)
    if org or has_article or (len(core) == 1 and core[0].isupper() and len(core[0]) > 1):
        return Mention(text, "organisation", "org", " ".join(core), frozenset(lows), definite=True)
    if len(core) == 1:
        if lows[0] in _NEVER_SURNAMES:
            return None
        return Mention(text, "surname", "person", core[0], definite=True)
    if len(core) >= 3 and is_person_noun(lows[0]):
        return _person(text, core[1:], frozenset({lows[0]}))
    return _person(text, core)


def _described_name(text: str, core: list[str], run: int) -> Mention | None:
    """A lower-case description followed by a name: "campaign group Four Day Futures".

    A person's name before the description makes it a clause ("Sven Aas chairs Nordbank").
    """
    opening = next((i for i, w in enumerate(core) if not is_capitalised(w)), run)
    if opening >= 2 and is_person_name(core[:opening]):
        return None
    name = core[run:]
    descriptor = strip_possessive(core[run - 1]).lower()
    if descriptor in ORG_NOUNS or singular(descriptor) in ORG_NOUNS:
        org = " ".join([*name[:-1], strip_possessive(name[-1])])
        return Mention(text, "organisation", "org", org, frozenset({descriptor}), definite=True)
    mention = _capitalised(text, name, False)
    if mention is None or mention.category != "person":
        return mention
    roles = frozenset(w.lower() for w in core[:run] if is_person_noun(w))
    return _person(text, name, roles)


def _spokesperson(text, named, head, definite, principal, owner="") -> Mention:
    """A spokesperson: a person who speaks for ``principal`` (an organisation or person)."""
    return Mention(
        text,
        "role",
        "person",
        named,
        frozenset({head}),
        role_gender(head),
        definite,
        owner,
        principal,
    )


def _possessive(text: str, named: str, core: list[str], index: int) -> Mention | None:
    owner = " ".join([*core[:index], strip_possessive(core[index])])
    head = core[-1].lower()
    if head.startswith("spokes"):
        return _spokesperson(text, named, head, True, parse_phrase(owner), owner)
    if is_person_noun(head):
        roles = frozenset(w.lower() for w in core[index + 1 :] if is_person_noun(w))
        return Mention(text, "role", "person", named, roles, role_gender(head), True, owner)
    if head in ORG_NOUNS:
        kind = "organisation" if is_capitalised(core[0]) else "role"
        words = frozenset(strip_possessive(w).lower() for w in core)
        return Mention(text, kind, "org", named, words, definite=True, owner=owner)
    if head in NON_SPEAKER_NOUNS:
        return parse_phrase(owner)
    if looks_plural(head):
        return Mention(text, "group", "group", named, frozenset({singular(head)}), definite=True)
    return None


def _common(text, named, core, body, definite) -> Mention | None:
    """A phrase with a lower-case head: a role, a described organisation, or a group."""
    head = core[-1].lower()
    capitals = [w for w in core[:-1] if is_capitalised(w)]
    if head.startswith("spokes"):
        tail = re.search(r"\b(?:for|of|at)\s+(.+)$", text)
        principal = (
            parse_phrase(tail.group(1) if tail else " ".join(capitals))
            if (tail or capitals)
            else None
        )
        return _spokesperson(text, named, head, definite, principal)
    if is_person_noun(head):
        roles = frozenset(w.lower() for w in core if is_person_noun(w))
        return Mention(text, "role", "person", named, roles, role_gender(head), definite)
    if head in ORG_NOUNS or " ".join(core[-2:]).lower() in ORG_COMPOUNDS:
        named_by = [w for w in capitals if not is_demonym(w)]
        kind = "organisation" if named_by else "role"
        return Mention(
            text, kind, "org", named, frozenset(w.lower() for w in core), definite=definite
        )
    if (looks_plural(head) or head in COLLECTIVE_NOUNS) and head not in NON_SPEAKER_NOUNS:
        principal = None
        rest = body[len(core) :]
        if head in MEMBER_NOUNS and rest and rest[0].lower() in ("from", "of", "at"):
            principal = parse_phrase(" ".join(rest[1:]))
        return Mention(
            text,
            "group",
            "group",
            named,
            frozenset({singular(head)}),
            definite=definite,
            principal=principal,
        )
    return None


def _common_plural(word: str) -> bool:
    """True for a plural of a person noun ("residents", "critics"), not a surname ("Peters")."""
    one = singular(word)
    return (
        one != word
        and word not in FIRST_NAMES
        and (is_person_noun(one) or word in COLLECTIVE_NOUNS)
    )


def role_words(appositive: str) -> frozenset[str]:
    """Role nouns of an appositive title ("Putin's assistant" -> {"assistant"})."""
    words = appositive.replace(",", " ").split()
    if not words or words[0].lower() in RELATIVES:
        return frozenset()
    if words[0].lower() == "one" and len(words) > 2:
        words = words[2:]
    core = words[: core_length(words)] if words else []
    found = {w.lower().strip("'’") for w in words if is_person_noun(w.strip("'’"))}
    if core:
        found.add(singular(strip_possessive(core[-1]).lower()))
    return frozenset(part for word in found for part in word.split("-"))
