"""Unnamed people and bodies that a story introduces by description, and people's ages.

News copy introduces some speakers without a name: "a freelance security researcher",
"the national police agency". A later "the researcher" or "the agency" refers back to
that description, which is also the speaker's canonical name. And "Brodie, 58, ..." lets
a later "the 58-year-old" find Brodie.
"""

from __future__ import annotations

import re

from stance.attribution.lexicon import DETERMINERS, FUNCTION_WORDS, ORG_NOUNS, word_set
from stance.attribution.nouns import PREPOSITIONS, VERBISH, is_person_noun

#: An article and up to four lower-case words: the candidates for a description.
_PHRASE = re.compile(r"(?<![\w'’])(the|an?)\s+(?=((?:[a-z][a-z'’-]*\s+){1,3}[a-z][a-z'’-]*))")
#: Words before which a description is said of someone already named ("is a former judge").
_PREDICATE = word_set(
    "is are was were be been being become became becomes remains remained as like"
)
#: Words that cannot modify a head noun in a description.
_NOT_MODIFIER = PREPOSITIONS | VERBISH | DETERMINERS | FUNCTION_WORDS | word_set("and or than")
_WORD_BEFORE = re.compile(r"([\w'’]+|,)\s*$")
#: "Brodie, 58, has coached": a name, then an age between commas.
AGE = re.compile(r",\s*(\d{1,3}),")
#: "Hart, the union's treasurer," / "Hart, a farmer." / "Hart as head coach": a title after a name.
TITLE_AFTER = re.compile(
    r"(?:,\s+(?:the|a|an)\s+([^,.;:()\"“”]{2,60}?)\s*(?:[,.;]|$)"
    r"|\s+as\s+(?:the\s+|its\s+|their\s+)?((?:[a-z-]+\s+){0,3}[a-z-]+))"
)


def descriptions(sentence: str) -> list[tuple[str, str, str]]:
    """(description, category, head) for each unnamed person or body the sentence introduces.

    A person counts when introduced with "a"/"an" ("discovered by a freelance security
    researcher"), a body with "the" ("a leak at the national police agency"); there must be
    a modifier before the head noun, and it must not be said of someone ("she is a former
    judge", "Hart, a veteran coach") or name them ("the campaign group Old Town Alive").
    """
    found = []
    for match in _PHRASE.finditer(sentence):
        words = match.group(2).split()
        size = next((i for i, w in enumerate(words) if w in _NOT_MODIFIER or w.endswith("ly")), 4)
        head_at = max((i for i in range(1, min(size, len(words))) if _is_head(words[i])), default=0)
        if not head_at:
            continue
        after = sentence[match.start(2) + len(" ".join(words[: head_at + 1])) :].lstrip()
        if after[:1].isupper() or re.match(r"of\s+[A-Z]", after):
            continue
        before = _WORD_BEFORE.search(sentence, 0, match.start())
        if before and (before.group(1) == "," or before.group(1).lower() in _PREDICATE):
            continue
        head = words[head_at]
        category = "org" if head in ORG_NOUNS else "person"
        if (category == "person") != (match.group(1) != "the") or head.startswith("spokes"):
            continue
        found.append((" ".join(words[: head_at + 1]), category, head))
    return found


def _is_head(word: str) -> bool:
    return (word in ORG_NOUNS or is_person_noun(word)) and not word.endswith("s'")
