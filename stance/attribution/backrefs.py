"""Sentences that name the speaker of the quotation before them.

Reporters often open a paragraph with a bare quotation and only then say whose words they
were: "That was the verdict of Senga Muir, ...", "The remark came from ...", "Those were
the words of ...", "That was how Ramsay put it". The sentence itself is attributed to that
speaker, and so is the quotation it points back to (see ``extract``).
"""

from __future__ import annotations

import re

from stance.attribution.mentions import Mention
from stance.attribution.subjects import inverted_subject, parse_subject

#: Nouns for what someone said, as a sentence pointing back at a quotation uses them.
_SAYING = (
    r"remarks?|comments?|verdicts?|words|views?|assessments?|promises?|pledges?|warnings?"
    r"|messages?|reactions?|responses?|claims?|charges?|criticisms?|complaints?|predictions?"
    r"|quips?|jibes?|retorts?|pleas?|appeals?|admissions?|sentiments?|arguments?|answers?"
    r"|replies|reply|descriptions?|diagnosis|observations?|rebukes?|boasts?|vows?"
    r"|accusations?|defen[cs]e|explanations?|advice|judge?ments?|conclusions?|summary|thoughts"
    r"|insistence|reassurance|concession|confession|challenge|question"
)
_POINTER = r"(?:that|this|those|these|such|the|which)"
_POINTERS = frozenset(_POINTER[3:-1].split("|"))
_OPENING = re.compile(r"\s*([^\W\d_]+)")
_MADE_VERB = re.compile(r"\b(?:made|delivered|gave|issued|offered|voiced)\b")

#: "The remark came from X", "That warning was delivered by X".
_CAME_FROM = re.compile(
    rf"\s*{_POINTER}\s+(?:[\w'’-]+\s+){{0,2}}?(?P<noun>{_SAYING})\s+"
    r"(?:came|comes|come|was\s+\w+ed|were\s+\w+ed|was\s+made|were\s+made)\s+(?:from|by)\s+(?P<rest>.+)",
    re.IGNORECASE,
)
#: "That was the verdict of X", "Those were the words of X".
_WAS_OF = re.compile(
    rf"\s*{_POINTER}\s+(?:was|were|is|are)\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,2}}?"
    rf"(?P<noun>{_SAYING})\s+(?:of|from)\s+(?P<rest>.+)",
    re.IGNORECASE,
)
#: "Weisz made the remark at a conference", "Hart delivered the warning in Oslo".
_MADE = re.compile(
    r"(?P<rest>[^\"“”:;]+?)\s+(?:made|delivered|gave|issued|offered|voiced)\s+"
    rf"(?:that|this|those|these|the|his|her|their|its)\s+(?:[\w'’-]+\s+)?(?P<noun>{_SAYING})\b",
    re.IGNORECASE,
)
#: "That was how X put it", "This is how X, who ..., described it".
_HOW = re.compile(
    rf"\s*{_POINTER}\s+(?:was|is|’s|'s)\s+how\s+(?P<rest>.+?)\s+"
    r"(?P<verb>put|puts|described|describes|summed|sums|explained|explains|saw|sees|phrased"
    r"|phrases|framed|frames|characteri[sz]ed|characteri[sz]es)\s+(?:it|them|things|the\s+\w+)\b",
    re.IGNORECASE,
)


def pointing_back(masked: str) -> tuple[Mention, str, str] | None:
    """(speaker, cue, pattern) of a sentence that names the speaker of the previous quote."""
    opening = _OPENING.match(masked)
    if opening is None:
        return None
    if opening.group(1).lower() in _POINTERS:
        for pattern in (_CAME_FROM, _WAS_OF):
            found = pattern.match(masked)
            if found:
                mention = inverted_subject(found.group("rest"))
                if mention is not None:
                    return mention, found.group("noun"), "noun_cue"
        how = _HOW.match(masked)
        if how:
            mention = parse_subject(how.group("rest"))
            if mention is not None:
                return mention, how.group("verb"), "speaker_verb"
    made = _MADE_VERB.search(masked) and _MADE.match(masked)
    if made:
        mention = parse_subject(made.group("rest"))
        if mention is not None:
            return mention, made.group("noun"), "noun_cue"
    return None
