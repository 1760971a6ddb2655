"""Word-level tests for speaker phrases: plurals, possessives, names, titles, genders.

No tagger: capitalisation and the word lists of :mod:`stance.attribution.lexicon`.
"""

from __future__ import annotations

import re

from stance.attribution.cues import VERB_FORMS
from stance.attribution.lexicon import (
    CALENDAR_WORDS,
    DETERMINERS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_TITLES,
    NAME_PARTICLES,
    ORG_CONNECTORS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_TITLES,
    POLITICAL_WORDS,
    word_set,
)

FIRST_NAMES = MALE_NAMES | FEMALE_NAMES


#: Words that end the core of a noun phrase and start a post-modifier.
POST_MODIFIER = word_set(
    "of at in for from with on to who which that whose whom present working representing"
    " based near by behind outside inside across among including known writing speaking"
    " vs vs. v. versus against between after before during over familiar briefed involved aware"
)


PREPOSITIONS = word_set(
    "of at in for from with on to by about after before during since under over outside inside"
    " across among amid within against behind beyond near into onto upon via"
)


VERBISH = word_set(
    "is are was were be been being will would can could should may might must has have had do"
    " does did not"
)


_PROFESSION = re.compile(r"(?:ist|ian|grapher|eer|ologist|ician)s?$")
#: "the 51-year-old": an age stands for a person.
AGE_NOUN = re.compile(r"\d{1,3}-year-old")


_DEMONYM = re.compile(r"(?:ish|ese|ian|ean|an|i|ch|ss|ek|ai|sh)$")


def is_demonym(word: str) -> bool:
    """True for a nationality adjective ("Danish", "Japanese", "Swiss"): "the Danish
    drugmaker" describes a company, it does not name one."""
    return word[:1].isupper() and _DEMONYM.search(word) is not None


def is_capitalised(word: str) -> bool:
    """True for a word that starts with an upper-case letter."""
    return bool(word) and word[0].isupper()


#: Plurals of people that do not end in -s.
IRREGULAR_PLURALS = {"people": "person", "men": "man", "women": "woman", "children": "child"}


def singular(word: str) -> str:
    """A rough singular of an English plural noun ("universities" -> "university")."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def strip_possessive(word: str) -> str:
    """'Putin's' -> 'Putin', "drivers'" -> 'drivers'."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[:-2]
    return word[:-1] if word.endswith(("s'", "s’")) else word


def is_possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def is_person_noun(word: str) -> bool:
    """True for a noun naming a person by role or trade ("treasurer", "cryptographer")."""
    low = word.lower()
    return (
        low in PERSON_NOUNS
        or (len(low) > 5 and _PROFESSION.search(low) is not None)
        or AGE_NOUN.fullmatch(low) is not None
    )


def looks_plural(word: str) -> bool:
    """True for a plural noun of people or bodies ("farmers", "universities", "groups")."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        return True
    if not low.endswith("s") or low.endswith(("ss", "us", "is")) or len(low) < 4:
        return False
    one = singular(low)
    return (
        is_person_noun(one)
        or one in ORG_NOUNS
        or low.endswith(
            ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "ives", "ties", "ups")
        )
    )


def name_gender(name: str, titles: tuple[str, ...] | list[str] = ()) -> str:
    """'m', 'f' or '' from titles ("Mrs", "King") and the first name."""
    for title in titles:
        low = title.lower()
        if low in MALE_TITLES:
            return "m"
        if low in FEMALE_TITLES:
            return "f"
    first = name.split()[0].lower().split("-")[0] if name else ""
    if first in FEMALE_NAMES and first not in MALE_NAMES:
        return "f"
    if first in MALE_NAMES and first not in FEMALE_NAMES:
        return "m"
    if first.endswith("a") and len(first) > 2 and len(name.split()) > 1 and first not in MALE_NAMES:
        return "f"  # an unlisted first name in -a is a woman's far more often than a man's
    return ""


def _is_title(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low in PERSON_TITLES or low + "." in PERSON_TITLES or low in POLITICAL_WORDS


def split_name(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, personal name words)."""
    last_title = -1
    for index, word in enumerate(words[:-1]):
        if _is_title(word) or all(_is_title(part) for part in word.split("-")):
            last_title = index
    start = last_title + 1
    for index in range(start, len(words) - 1):
        if words[index].lower().split("-")[0] in FIRST_NAMES:
            start = index
            break
    return words[:start], words[start:]


def is_person_name(words: list[str]) -> bool:
    """True when a capitalised run reads as a personal name (first name or title, no org noun)."""
    titles, name = split_name(words)
    if not name or any(w.lower().rstrip(".") in ORG_NOUNS for w in name):
        return False
    return (len(name) >= 2 and name[0].lower().split("-")[0] in FIRST_NAMES) or bool(titles)


def role_gender(word: str) -> str:
    low = word.lower()
    return "m" if low in MALE_TITLES else "f" if low in FEMALE_TITLES else ""


def core_length(words: list[str]) -> int:
    """How many words form the core of the phrase, before any post-modifier."""
    for index in range(1, len(words)):
        low = words[index].lower()
        if low not in POST_MODIFIER or words[index][:1].isupper():
            continue
        if low in ORG_CONNECTORS and _joins_name(words, index):
            continue
        return index
    return len(words)


def _joins_name(words: list[str], index: int) -> bool:
    """True when the connector at ``index`` sits inside a name ("Ministry of Transport")."""
    before = words[index - _trailing_run_back(words[:index]) : index]
    if not before or not (len(before) == 1 or any(w.lower() in ORG_NOUNS for w in before)):
        return False
    after = words[index + 1 :]
    if after and after[0].lower() == "the":
        after = after[1:]
    if after and after[0].lower() in CALENDAR_WORDS:
        return False
    length = _run_length(after)
    return bool(length) and (
        length == len(after)
        or after[length].lower() in POST_MODIFIER
        or not after[length][:1].isalpha()
    )


def _trailing_run_back(words: list[str]) -> int:
    count = 0
    for word in reversed(words):
        if not is_capitalised(word):
            break
        count += 1
    return count


def _run_length(words: list[str]) -> int:
    count = 0
    for word in words:
        if is_capitalised(word) or (count and word.lower() in ORG_CONNECTORS | NAME_PARTICLES):
            count += 1
        else:
            break
    return count


def trailing_name(words: list[str]) -> int:
    """Index where the trailing capitalised run of ``words`` starts (len(words) if none)."""
    start = len(words)
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if is_capitalised(word):
            start = index
        elif index == 0 or word.lower() not in NAME_PARTICLES | ORG_CONNECTORS:
            break
    return start


def has_verb(low: list[str], words: list[str]) -> bool:
    """True when the words hold a verb, not counting gerunds ("the board's thinking")."""
    for index, word in enumerate(low):
        if word in VERBISH or (
            index > 0
            and word in VERB_FORMS
            and not is_capitalised(words[index])
            and not (word.endswith("ing") and _is_nominal_slot(low[index - 1]))
        ):
            return True
        if word.endswith("ed") and not is_capitalised(words[index]) and index > 0:
            previous = low[index - 1]
            if previous not in DETERMINERS and not previous.endswith("ly"):
                return True
    return False


def _is_nominal_slot(previous: str) -> bool:
    return previous in DETERMINERS or is_possessive(previous)
