"""Coreference without a model: who "he", "the minister" or "Ushakov" is in an article.

A :class:`Resolver` reads an article's sentences in order. It registers the people and
organisations named in them (gender from titles and first names, role words from titles
and appositives), remembers who spoke or acted last, and maps each speaker mention to a
canonical :class:`Entity`: the full name as first introduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from stance.attribution.lexicon import (
    CALENDAR_WORDS,
    GENERIC_ORG_NOUNS,
    ORG_CLASSES,
    ORG_NOUNS,
    POLITICAL_WORDS,
    ROLE_CLASSES,
    word_set,
)
from stance.attribution.mentions import (
    FIRST_NAMES,
    Mention,
    is_person_noun,
    parse_phrase,
    singular,
    strip_possessive,
)

_CALENDAR = "(?:" + "|".join(w.title() for w in CALENDAR_WORDS) + ")"
_UPPER = "".join(c for c in map(chr, range(0x0530)) if c.isupper())
_CAPITAL = f"[{re.escape(_UPPER)}]"
_RUN = re.compile(
    rf"(?<![\w'’.]){_CAPITAL}[\w'’.-]*"
    rf"(?:\s+(?:(?:of|for|and|the|on|de|von|van|der|al|bin|da|di|du|la|le)\s+)*"
    rf"(?!{_CALENDAR}\b){_CAPITAL}[\w'’.-]*)*"
)
_WORD_BEFORE = re.compile(r"([a-z][\w'’-]*)\s+$")
_LEADING_STOPWORDS = word_set(
    "the a an but and in on at according after before as if when while this that these those"
    " his her its their our mr mrs ms"
)
_HONORIFICS = word_set("mr mrs ms miss dr prof mx sir")
_RECENT = 12
_ORG_TYPES = frozenset(ORG_CLASSES.values())


@dataclass(slots=True, eq=False)
class Entity:
    """Someone or something that can speak: a person, an organisation or a group."""

    name: str
    category: str
    gender: str = ""
    roles: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    description: Mention | None = None

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
def _stem(word: str) -> str:
    return singular(strip_possessive(word.lower().strip("'’")))


def _pronoun_fits(wanted: str, gender: str, entity: Entity) -> bool:
    if wanted == "person":
        return entity.category == "person" and (not gender or entity.gender in ("", gender))
    if wanted == "group":
        return entity.category in ("group", "org")
    return entity.category == "org"


def _unnamed_company_score(entity: Entity, head: str) -> int:
    """1 when "the company" may be a name we took for a person's ("Nordvik Transmission")."""
    if entity.gender or entity.roles or entity.name.split()[0].lower() in FIRST_NAMES:
        return 0
    return int(head in GENERIC_ORG_NOUNS or ORG_CLASSES.get(head) == "company")


def _role_score(mention: Mention, entity: Entity, head: str, modifiers: set[str]) -> int:
    """How well an entity fits a description: 0 (not at all) and up."""
    category = mention.category
    if category == "org" and entity.category == "person":
        return _unnamed_company_score(entity, head)
    if (category == "person") != (entity.category == "person"):
        return 0
    stems = {_stem(w) for w in entity.words | entity.roles}
    classes = {role_class(w) for w in stems}
    if category != entity.category and head not in stems:
        return 0
    if head in stems:
        score = 3
    elif role_class(head) in classes and role_class(head) != head:
        score = 2
    elif (head in GENERIC_ORG_NOUNS and entity.category in ("org", "group")) or (
        ORG_CLASSES.get(head) == "company" and not classes & _ORG_TYPES
    ):
        score = 1
    else:
        return 0
    owner = _stem(mention.owner.split()[-1]) if mention.owner else ""
    if owner and owner not in stems and role_class(owner) not in classes - {owner}:
        return 0
    return score + sum(1 for m in modifiers if m in stems or role_class(m) in classes - {m})


class Resolver:
    """Maps the speaker mentions of one article to canonical entities, in reading order."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, Entity] = {}
        self.salient: list[Entity] = []
        self.mentioned: list[Entity] = []
        self._observed: dict[str, Entity] = {}

    def observe(self, sentence: str) -> None:
        """Register the people and organisations named anywhere in ``sentence``."""
        for match in _RUN.finditer(sentence):
            words = match.group().split()
            if len(words[-1]) > 2:
                words[-1] = words[-1].rstrip(".")
            while words and words[0].lower() in _LEADING_STOPWORDS:
                words.pop(0)
            if len(words) < 2:
                known = self.surnames.get(strip_possessive(words[0]).lower()) if words else None
                if known is not None:
                    self._push(self.mentioned, known)
                continue
            before = _WORD_BEFORE.search(sentence, max(0, match.start() - 30), match.start())
            if before and (is_person_noun(before.group(1)) or before.group(1) in ORG_NOUNS):
                words.insert(0, before.group(1))
            phrase = " ".join(words)
            if phrase in self._observed:
                self._push(self.mentioned, self._observed[phrase])
                continue
            mention = parse_phrase(phrase)
            if mention is None or mention.kind not in ("name", "organisation"):
                continue
            if mention.category == "person" and len(mention.name.split()) <= 4:
                entity = self._person(mention)
            elif mention.category == "org":
                entity = self._organisation(mention)
            else:
                continue
            self._observed[phrase] = entity
            self._push(self.mentioned, entity)

    def resolve(self, mention: Mention) -> Entity:
        """The entity ``mention`` refers to; it becomes the most salient one."""
        entity = self._learn(mention)
        self._push(self.salient, entity)
        self._push(self.mentioned, entity)
        return entity

    def _learn(self, mention: Mention) -> Entity:
        """Find the entity of ``mention`` and keep what the mention tells about it."""
        entity = self._find(mention)
        if mention.gender and not entity.gender and entity.category == "person":
            entity.gender = mention.gender
        if mention.kind in ("name", "surname", "organisation"):
            entity.roles |= {role_class(r) for r in mention.roles if r not in POLITICAL_WORDS}
            entity.words |= {_stem(r) for r in mention.roles}
        if mention.kind == "organisation" and entity.category != "org":
            entity.category, entity.gender = "org", ""
        return entity

    def notice(self, mention: Mention) -> None:
        """A narrator sentence's subject: it becomes salient for later pronouns, if known."""
        if mention.kind in ("name", "surname", "organisation"):
            entity = self._learn(mention)
            if entity.category == "person" and " " in entity.name:
                self._push(self.salient, entity)

    def headline_source(self, mention: Mention) -> Entity:
        """Resolve a headline's source against everyone the article introduced."""
        if mention.kind in ("role", "group"):
            found = self._by_role(mention, list(self.entities.values()))
            if found is not None:
                return found
        return self._find(mention)

    def _find(self, mention: Mention) -> Entity:
        principal = mention.principal
        speaks_for = principal is not None and (
            principal.category == "org" or principal.kind == "surname"
        )
        if speaks_for and (mention.kind != "group" or principal.name.lower() in self.entities):
            return self._find(principal)
        if mention.kind == "pronoun":
            return self._pronoun(mention) or self._entity(mention.text, mention.category)
        if mention.kind == "name" and mention.category == "person":
            return self._person(mention)
        if mention.kind == "surname":
            return self._surname(mention.name)
        if mention.kind == "organisation":
            return self._organisation(mention)
        if mention.definite:
            found = self._by_role(mention, self._recent())
            if found is not None:
                return found
            if mention.category == "person":
                person = next((e for e in reversed(self.salient) if e.category == "person"), None)
                if person is not None:
                    return person
        entity = self._entity(mention.name, mention.category)
        entity.roles |= {role_class(r) for r in mention.roles}
        entity.words |= {_stem(w) for w in mention.name.split()}
        if mention.definite and entity.description is None:
            entity.description = mention
        return entity

    def _recent(self) -> list[Entity]:
        ordered: list[Entity] = []
        for entity in [*reversed(self.salient[-_RECENT:]), *reversed(self.mentioned[-_RECENT:])]:
            if entity not in ordered:
                ordered.append(entity)
        return ordered

    def _pronoun(self, mention: Mention) -> Entity | None:
        wanted = mention.category
        for pool in (self.salient, self.mentioned):
            for entity in reversed(pool):
                if _pronoun_fits(wanted, mention.gender, entity):
                    return entity
        return None

    def _by_role(self, mention: Mention, candidates: list[Entity]) -> Entity | None:
        """The best-matching candidate for a description ("the union leader", "the company")."""
        words = [_stem(w) for w in mention.name.split()] or [_stem(mention.text)]
        head = words[-1]
        modifiers = set(words[:-1]) - {"the", "a", "an", "two", "three", "both"}
        best, best_score = None, 0
        for entity in candidates[: 3 * _RECENT]:
            if entity.provisional:
                continue
            score = _role_score(mention, entity, head, modifiers)
            if score > best_score:
                best, best_score = entity, score
        return best

    def settle(self, entity: Entity) -> Entity:
        """A description nobody matched when read ("the council" in the first sentence),
        matched against everyone the whole article introduced."""
        if entity.description is None:
            return entity
        description = entity.description
        head = _stem(description.name.split()[-1]) if description.name else ""
        for candidate in reversed(self.entities.values()):
            if candidate.provisional or candidate.category != entity.category:
                continue
            if head in {_stem(w) for w in candidate.words | candidate.roles}:
                return candidate
        return entity

    def _surname(self, word: str) -> Entity:
        low = strip_possessive(word).lower()
        found = self.surnames.get(low)
        if found is None:
            firsts = [e for e in self.entities.values() if e.name.lower().split()[0] == low]
            firsts = [e for e in firsts if " " in e.name]
            found = next((e for e in firsts if e.category == "org"), firsts[0] if firsts else None)
            if found is not None and found.category == "person":
                found.category, found.gender = "org", ""
        return found or self._entity(strip_possessive(word), "person")

    def _person(self, mention: Mention) -> Entity:
        surname = mention.name.split()[-1].lower()
        existing = self.surnames.get(surname)
        if existing is not None and existing.name.lower().endswith(mention.name.lower()):
            entity = existing
        else:
            entity = self._entity(mention.name, "person")
            if " " in mention.name:
                self.surnames[surname] = entity
        entity.gender = entity.gender or mention.gender
        entity.roles |= {role_class(r) for r in mention.roles if r not in POLITICAL_WORDS}
        entity.roles -= _HONORIFICS
        entity.words |= {_stem(w) for w in mention.roles} | {_stem(w) for w in mention.name.split()}
        return entity

    def _organisation(self, mention: Mention) -> Entity:
        low = mention.name.lower()
        for entity in self.entities.values():
            if entity.category == "org" and entity.name.lower().endswith(low):
                return entity
        entity = self._entity(mention.name, "org")
        entity.words |= {_stem(w) for w in mention.name.split()} | set(mention.roles)
        return entity

    def _entity(self, name: str, category: str) -> Entity:
        entity = self.entities.get(name.lower())
        if entity is None:
            entity = Entity(name, category, words={_stem(w) for w in name.split()})
            self.entities[name.lower()] = entity
        return entity

    @staticmethod
    def _push(pool: list[Entity], entity: Entity) -> None:
        if pool and pool[-1] is entity:
            return
        if entity in pool[-_RECENT:]:
            pool.remove(entity)
        pool.append(entity)
        if len(pool) > 4 * _RECENT:
            del pool[: 2 * _RECENT]
