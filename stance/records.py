"""The values that flow between stages: labelled records in, statements out of attribution.

Plain frozen dataclasses, so every stage can rely on their shape and nothing mutates
them behind its back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The label set of each task, in the order used for probability columns.
LABELS: dict[str, tuple[str, ...]] = {
    "stance": ("favor", "against", "none"),
    "reaction": ("positive", "negative", "neutral"),
}
TASKS: tuple[str, ...] = tuple(LABELS)


class StanceError(Exception):
    """An error the user can fix; the CLI prints its message as one line, without traceback."""


@dataclass(frozen=True, slots=True)
class Record:
    """One labelled statement: a sentence, who said it, and its labels toward a subject.

    ``doc`` groups records of one article (cross-validation never splits a group);
    ``span`` is the (start, end) character offsets of the subject's mention in ``text``,
    when the data marks it. ``source`` names the file and line it came from, for messages.
    """

    id: str
    text: str
    doc: str = ""
    subject: str = ""
    speaker: str | None = None
    stance: str | None = None
    reaction: str | None = None
    span: tuple[int, int] | None = None
    source: str = field(default="", compare=False)

    def label(self, task: str) -> str | None:
        """The gold label of ``task`` ("stance" or "reaction"), or None when unlabelled."""
        return self.stance if task == "stance" else self.reaction


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of an article with the speaker attribution found for it.

    ``start``/``end`` are character offsets into the article text; ``speaker`` is the
    canonical speaker (the full name), ``mention`` the words that name the speaker in
    this sentence, ``cue`` the reporting cue ("said", "according to", ...), ``pattern``
    the attribution pattern kind (see ``stance.attribution``). ``part`` is "body" for
    report sentences or "headline"; the headline has ``index`` -1, body sentences count
    from 0.
    """

    doc: str
    index: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    mention: str | None = None
    cue: str | None = None
    pattern: str = "none"
    part: str = "body"

    def to_dict(self) -> dict:
        return {
            "doc": self.doc,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "mention": self.mention,
            "cue": self.cue,
            "pattern": self.pattern,
            "part": self.part,
        }


#: What an attribution reports: words said or written, a belief or intention, a finding
#: (polls, studies, reports), or a stance-bearing act ("endorsed", "slammed").
ATTRIBUTION_KINDS: tuple[str, ...] = ("speech", "belief", "finding", "act")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation in an article: who (source) reports what (content), how (cue).

    Offsets are character offsets into the article text, end exclusive. ``source`` is the
    words naming the source as written ("the presidential aide", "he"), None when the
    article gives none; ``speaker`` the canonical speaker they resolve to ("Sergei
    Ushakov"), or the description itself when the article does not make it clear;
    ``mention`` the kind of words naming the source: name, description, pronoun or none.
    ``kind`` is one of :data:`ATTRIBUTION_KINDS`; ``pattern`` the extraction pattern;
    ``sentence`` the index of the sentence holding the cue (-1: the headline).
    """

    doc: str
    source: str | None
    source_start: int | None
    source_end: int | None
    speaker: str | None
    mention: str
    cue: str
    cue_start: int
    cue_end: int
    content: str
    content_start: int
    content_end: int
    kind: str = "speech"
    pattern: str = "none"
    sentence: int = 0

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}
