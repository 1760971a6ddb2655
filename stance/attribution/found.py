"""What a rule found in one sentence: a source mention, a cue, a pattern (shared by the
rule modules and by :mod:`stance.attribution.relations`)."""

from __future__ import annotations

from dataclasses import dataclass

from stance.attribution.mentions import Mention


@dataclass(frozen=True, slots=True)
class Found:
    """What one sentence says about its own speaker; ``at`` is where the cue starts in the
    sentence (-1: not known)."""

    mention: Mention
    cue: str
    pattern: str
    at: int = -1
    narrator: bool = False
    kind: str = ""
    """``kind``: speech, belief, finding or act, when the rule knows it. ``narrator``: the
    relation leaves its sentence the narrator's (an act, a finding of an unnamed
    document); it is in the attribution view, not the sentence view."""
