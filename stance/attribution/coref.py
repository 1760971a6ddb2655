"""Coreference without a model: who "he", "the minister" or "Ushakov" is in an article.

A :class:`Resolver` reads an article's sentences in order. It registers the people and
organisations named in them (gender from titles and first names, role words from titles
and appositives, ages), remembers who spoke or acted last, and maps each speaker mention
to a canonical :class:`Entity`: the full name as first introduced, or for someone never
named, the description that introduced them ("a freelance security researcher"). An
unnamed spokesperson is a stand-in person whose words, and whose "she", are the body's.
"""

from __future__ import annotations

import re

from stance.attribution.descriptions import AGE, TITLE_AFTER, descriptions
from stance.attribution.entities import (
    Entity,
    may_be,
    named_group,
    pronoun_fits,
    role_class,
    role_score,
    stem,
    unnamed_company_score,
)
from stance.attribution.lexicon import (
    CALENDAR_WORDS,
    ORG_NOUNS,
    POLITICAL_WORDS,
    word_set,
)
from stance.attribution.mentions import (
    Mention,
    is_person_noun,
    parse_phrase,
    role_words,
    strip_possessive,
)
from stance.attribution.nouns import AGE_NOUN

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


class Resolver:
    """Maps the speaker mentions of one article to canonical entities, in reading order."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.surnames: dict[str, Entity] = {}
        self.salient: list[Entity] = []
        self.mentioned: list[Entity] = []
        self._observed: dict[str, Entity] = {}
        self._described: list[tuple[str, str, str]] = []
        self._unread: list[str] = []

    def observe(self, sentence: str) -> None:
        """Register the people, organisations and descriptions in ``sentence``, and ages."""
        self._unread.append(sentence)
        for match in _RUN.finditer(sentence):
            entity = self._observe_run(sentence, match)
            if entity is None:
                continue
            self._push(self.mentioned, entity)
            if entity.category == "person":
                self._describe(entity, sentence, match.end())

    def _describe(self, person: Entity, sentence: str, end: int) -> None:
        """Learn an age or a title given right after a name: "Brodie, 58," / "Hart, the
        union's treasurer," / "Hart as head coach"."""
        age = AGE.match(sentence, end)
        if age:
            person.words.add(f"{age.group(1)}-year-old")
            return
        title = TITLE_AFTER.match(sentence, end)
        if title:
            words = role_words(title.group(1) or title.group(2))
            roles = {r for r in words if is_person_noun(r) and not AGE_NOUN.fullmatch(r)}
            person.roles |= {role_class(r) for r in roles}
            person.words |= {stem(r) for r in roles}

    def _observe_run(self, sentence: str, match: re.Match) -> Entity | None:
        words = match.group().split()
        if len(words[-1]) > 2:
            words[-1] = words[-1].rstrip(".")
        while words and words[0].lower() in _LEADING_STOPWORDS:
            words.pop(0)
        if len(words) < 2:
            return self.surnames.get(strip_possessive(words[0]).lower()) if words else None
        before = _WORD_BEFORE.search(sentence, max(0, match.start() - 30), match.start())
        if before and (is_person_noun(before.group(1)) or before.group(1) in ORG_NOUNS):
            words.insert(0, before.group(1))
        phrase = " ".join(words)
        if phrase in self._observed:
            return self._observed[phrase]
        mention = parse_phrase(phrase)
        if mention is None or mention.kind not in ("name", "organisation"):
            return None
        if mention.category == "person" and len(mention.name.split()) <= 4:
            entity = self._person(mention)
        elif mention.category == "org":
            entity = self._organisation(mention)
        else:
            return None
        self._observed[phrase] = entity
        return entity

    def resolve(self, mention: Mention) -> Entity:
        """The entity ``mention`` refers to; it becomes the most salient one.

        An unnamed spokesperson comes back as a stand-in person named after the body they
        speak for, so that a later "she" finds them and still means that body.
        """
        entity = self._learn(mention)
        if entity.speaks_for is not None:
            self._push(self.salient, entity.speaks_for)
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
            entity.words |= {stem(r) for r in mention.roles}
        if mention.category == "org" and entity.category == "person" and not entity.gender:
            entity.category, entity.gender = "org", ""
        return entity

    def identify(self, mention: Mention) -> str:
        """Whom ``mention`` names, changing nothing: for relations of the attribution view
        only (acts, findings, a sentence's second cue), which must leave the sentence view
        exactly as it would be without them."""
        entity = None
        if mention.kind == "pronoun":
            pools = (*reversed(self.salient), *reversed(self.mentioned))
            entity = next(
                (e for e in pools if pronoun_fits(mention.category, mention.gender, e)), None
            )
            return entity.name if entity is not None else mention.text
        if mention.kind in ("name", "surname"):
            low = mention.name.lower()
            entity = self.entities.get(low) or self.surnames.get(low.split()[-1])
            if entity is not None and not entity.name.lower().endswith(low):
                entity = None
        elif mention.kind == "organisation":
            low = mention.name.lower()
            entity = next((e for e in self.entities.values() if e.name.lower().endswith(low)), None)
        elif mention.kind == "role" and mention.definite:
            entity = self._by_role(mention, self._recent())
        return entity.name if entity is not None else mention.name or mention.text

    def notice(self, mention: Mention) -> None:
        """A narrator sentence's subject: it becomes salient for later pronouns, if known."""
        if mention.kind in ("name", "surname", "organisation"):
            entity = self._learn(mention)
            if entity.category == "person" and " " in entity.name:
                self._push(self.salient, entity)
            else:
                self._push(self.mentioned, entity)
        elif mention.kind == "group" and mention.principal is None:
            self._push(self.salient, self._learn(mention))
        elif mention.kind == "role" and mention.definite and mention.category == "person":
            found = self._by_role(mention, self._recent())
            if found is not None and found.category == "person":
                self._push(self.salient, found)

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
            body = self._find(principal)
            if mention.category != "person" or body.category == "person":
                return body
            return Entity(body.name, "person", mention.gender, speaks_for=body)
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
            found = self._by_description(mention)
            if found is not None:
                return found
            if mention.category == "person":
                person = next((e for e in reversed(self.salient) if may_be(e, mention)), None)
                if person is not None:
                    return person
        entity = self._entity(mention.name, mention.category)
        entity.roles |= {role_class(r) for r in mention.roles}
        entity.words |= {stem(w) for w in mention.name.split()}
        if mention.definite and entity.description is None and not named_group(mention):
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
                if pronoun_fits(wanted, mention.gender, entity):
                    return entity
        if wanted == "org":  # "Nordbank posted a loss ... it said": a name we took for a person's
            for entity in [*reversed(self.salient), *reversed(self.mentioned)]:
                if entity.category == "person" and unnamed_company_score(entity, "company"):
                    entity.category = "org"
                    return entity
        return None

    def _by_role(self, mention: Mention, candidates: list[Entity]) -> Entity | None:
        """The best-matching candidate for a description ("the union leader", "the company")."""
        words = [stem(w) for w in mention.name.split()] or [stem(mention.text)]
        head = words[-1]
        modifiers = set(words[:-1]) - {"the", "a", "an", "two", "three", "both"}
        best, best_score = None, 0
        for entity in candidates[: 3 * _RECENT]:
            if entity.provisional:
                continue
            score = role_score(mention, entity, head, modifiers)
            if score > best_score:
                best, best_score = entity, score
        return best

    def _by_description(self, mention: Mention) -> Entity | None:
        """An unnamed person or body the story described earlier ("a security researcher")."""
        words = [stem(w) for w in mention.name.split()]
        if not words:
            return None
        for sentence in self._unread:  # read only when needed: most stories never ask
            self._described.extend(descriptions(sentence))
        self._unread.clear()
        head, modifiers = words[-1], set(words[:-1])
        for name, category, noun in reversed(self._described):
            if category != mention.category or role_class(noun) != role_class(head):
                continue
            if modifiers <= {stem(w) for w in name.split()}:
                entity = self._entity(name, category)
                entity.roles.add(role_class(noun))
                return entity
        return None

    def settle(self, entity: Entity) -> Entity:
        """A description nobody matched when read ("the council" in the first sentence),
        matched against everyone the whole article introduced."""
        if entity.description is None:
            return entity
        description = entity.description
        head = stem(description.name.split()[-1]) if description.name else ""
        for candidate in reversed(self.entities.values()):
            if candidate.provisional or candidate.category != entity.category:
                continue
            if head in {stem(w) for w in candidate.words | candidate.roles}:
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
        entity.words |= {stem(w) for w in mention.roles} | {stem(w) for w in mention.name.split()}
        return entity

    def _organisation(self, mention: Mention) -> Entity:
        low = mention.name.lower()
        for entity in self.entities.values():
            if entity.category == "org" and entity.name.lower().endswith(low):
                return entity
        entity = self._entity(mention.name, "org")
        entity.words |= {stem(w) for w in mention.name.split()} | set(mention.roles)
        return entity

    def _entity(self, name: str, category: str) -> Entity:
        entity = self.entities.get(name.lower())
        if entity is None:
            entity = Entity(name, category, words={stem(w) for w in name.split()})
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
