"""Entities that can speak, and how well a mention fits one.

An :class:`Entity` is a person, an organisation or a group as coreference knows it: its
canonical name, gender, role and name words. The functions here score how well a pronoun
or a description ("the union leader", "the company", "the couple") fits an entity; the
:class:`~stance.attribution.coref.Resolver` decides among candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from stance.attribution.lexicon import GENERIC_ORG_NOUNS, ORG_CLASSES, ROLE_CLASSES
from stance.attribution.mentions import (
    COLLECTIVE_NOUNS,
    FIRST_NAMES,
    Mention,
    singular,
    strip_possessive,
)
from stance.attribution.nouns import AGE_NOUN

_ORG_TYPES = frozenset(ORG_CLASSES.values())


@dataclass(slots=True, eq=False)
class Entity:
    """Someone or something that can speak: a person, an organisation or a group.

    ``speaks_for`` is set on the stand-in for an unnamed spokesperson: the body they speak
    for, whose name the stand-in carries.
    """

    name: str
    category: str
    gender: str = ""
    roles: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    description: Mention | None = None
    speaks_for: Entity | None = None

    @property
    def provisional(self) -> bool:
        """True for an entity made from a description that matched nobody yet."""
        return self.description is not None


@lru_cache(maxsize=8192)
def role_class(word: str) -> str:
    """The synonym class of a role or organisation noun ("spokesman" -> "spokesperson")."""
    word = singular(strip_possessive(word.lower()))
    return ROLE_CLASSES.get(word) or ORG_CLASSES.get(word) or word


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The form role and name words compare in: lower case, singular, no possessive."""
    return singular(strip_possessive(word.lower().strip("'’")))


def may_be(entity: Entity, mention: Mention) -> bool:
    """True when a person could be the one a description with no match means: not a
    stand-in, and of the age the description gives, if it gives one."""
    if entity.category != "person" or entity.speaks_for is not None:
        return False
    ages = {r for r in mention.roles if AGE_NOUN.fullmatch(r)}
    return not ages or not any(AGE_NOUN.fullmatch(w) for w in entity.words) or ages <= entity.words


def named_group(mention: Mention) -> bool:
    """True for a group named by its members ("Hedda and Ola Berntsen"), not described."""
    words = [w for w in mention.name.split() if w != "and"]
    return (
        mention.kind == "group" and " and " in mention.name and all(w[0].isupper() for w in words)
    )


def pronoun_fits(wanted: str, gender: str, entity: Entity) -> bool:
    """True when a pronoun of category ``wanted`` (person, group, org) and ``gender`` may
    refer to ``entity``: "they" to a group or an organisation, "it" to an organisation."""
    if wanted == "person":
        return entity.category == "person" and (not gender or entity.gender in ("", gender))
    if wanted == "group":
        return entity.category in ("group", "org")
    return entity.category == "org"


def unnamed_company_score(entity: Entity, head: str) -> int:
    """1 when "the company" may be a name we took for a person's ("Nordvik Transmission")."""
    if entity.gender or entity.roles or entity.name.split()[0].lower() in FIRST_NAMES:
        return 0
    return int(head in GENERIC_ORG_NOUNS or ORG_CLASSES.get(head) == "company")


def role_score(mention: Mention, entity: Entity, head: str, modifiers: set[str]) -> int:
    """How well an entity fits a description: 0 (not at all) and up."""
    category = mention.category
    if category == "org" and entity.category == "person":
        return unnamed_company_score(entity, head)
    if (category == "person") != (entity.category == "person"):
        return 0
    stems = {stem(w) for w in entity.words | entity.roles}
    ages = {w for w in (head, *modifiers) if AGE_NOUN.fullmatch(w)}
    if ages and entity.category == "person":  # "the 52-year-old GP": the age decides
        known = {w for w in stems if AGE_NOUN.fullmatch(w)}
        return 0 if not known else 4 if ages <= known else 0
    classes = {role_class(w) for w in stems}
    if category != entity.category and head not in stems:
        return 0
    if head in stems:
        score = 3
    elif role_class(head) in classes:
        score = 2
    elif (
        (head in GENERIC_ORG_NOUNS and entity.category in ("org", "group"))
        or (ORG_CLASSES.get(head) == "company" and not classes & _ORG_TYPES)
        or (head in COLLECTIVE_NOUNS and entity.category == "group")
    ):
        score = 1
    else:
        return 0
    owner = stem(mention.owner.split()[-1]) if mention.owner else ""
    if owner and owner not in stems and role_class(owner) not in classes - {owner}:
        return 0
    return score + sum(1 for m in modifiers if m in stems or role_class(m) in classes - {m})
