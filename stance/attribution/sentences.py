"""Sentence splitting with character offsets, plus the headline and page residue of an article.

Every returned :class:`Sentence` satisfies ``sentence.text == text[sentence.start:sentence.end]``;
sentences come in order and never overlap. Whatever is not inside a sentence is whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stance.attribution.lexicon import word_set

#: Abbreviations that never end a sentence (titles before a name).
TITLE_ABBREVIATIONS = word_set(
    "mr mrs ms dr prof sen rep gov gen lt col capt cmdr sgt maj adm rev hon pres supt insp det"
    " fr st mt ft messrs mme mlle sr jr"
)
#: Abbreviations that end a sentence only when a typical sentence opener follows.
OPEN_ABBREVIATIONS = word_set(
    "etc vs v e.g i.e al approx dept est inc ltd co corp plc bros ave blvd rd esq"
    " u.s u.k u.n e.u d.c u.s.a a.m p.m ph.d b.a m.a cf ca"
    " jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri"
    " sat sun no nos fig figs p pp vol art para ch"
)
#: Capitalised words that usually open a new sentence.
SENTENCE_OPENERS = word_set(
    "the a an he she it they we i you his her its their our this that these those there"
    " but and or so yet however meanwhile after before when while if as although though"
    " according in on at for with by from some many most several no none one two three"
    " officials police critics shares prices what who why how where"
)

_CLOSERS = "\"”’'»)]"
_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s|$)")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEXT_WORD = re.compile(r"\s*[\"“”‘’'«(\[]*\s*(\S)")
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")

_WIDGET = re.compile(
    r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?|share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?"
    r"|share\s+on\s+\w+|(?:related|read\s+more|see\s+also|tags|topics|filed\s+under|more\s+on\s+this"
    r"|you\s+may\s+also\s+like|recommended|most\s+read|top\s+stories)(?:\s*\w+)?(?:\s*:.*)?"
    r"|advertisement|print|e-?mail|leave\s+a\s+(?:comment|reply)|follow\s+us\b.*"
    r"|sign\s+up\s+for\b.*|subscribe\s+to\b.*|click\s+here\b.*|back\s+to\s+top|©.*"
    r"|copyright\b.*|all\s+rights\s+reserved\.?"
    r"|\((?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\)\.?"
    r"|(?:additional\s+)?(?:reporting|writing)\s+by\s+[^;.]+;\s*(?:\w+\s+){0,2}by\b.*",
    re.IGNORECASE,
)
#: A dateline opening a wire story: "GLASGOW, Jan. 14 -", "OSLO (Nordwire) —", "PARIS, France —".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2}(?:,\s*\d{4})?)?)?(?:\s*\([^()\n]{1,40}\))?"
    r"\s*(?:--?|—|–)\s+(?=\S)"
)
_TAG_SPLIT = re.compile(r"\s*[,;|•·]\s*")
_TAG_WORD = re.compile(r"[\w'’.&-]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A span of text: ``text == source[start:end]``; ``paragraph`` counts from 0."""

    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class ArticleLayout:
    """An article cut into its headline (or None), body sentences and trailing page residue."""

    headline: Sentence | None
    body: list[Sentence] = field(default_factory=list)
    residue: list[Sentence] = field(default_factory=list)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences; blank lines always end a sentence."""
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text, start, end)):
        sentences.extend(_split_paragraph(text, p_start, p_end, number))
    return sentences


def split_article(text: str) -> ArticleLayout:
    """Find the headline, the body sentences and the page residue of a news article."""
    lines = _lines(text)
    headline = _headline(text, lines)
    body_start = headline.end if headline else 0
    residue = _trailing_residue(text, lines, body_start)
    body_end = residue[0].start if residue else len(text)
    body: list[Sentence] = []
    widgets: list[Sentence] = []
    for sentence in split_sentences(text, body_start, body_end):
        (widgets if is_widget(sentence.text) else body).append(sentence)
    return ArticleLayout(headline, body, sorted(widgets + residue, key=lambda s: s.start))


def is_widget(line: str) -> bool:
    """True for a web-page label such as ``Comments`` or ``Share this article``."""
    return _WIDGET.fullmatch(line.strip()) is not None


def is_tag_list(line: str) -> bool:
    """True for a trailing tag line such as ``Russia, Vladimir Putin, Trump, G20``."""
    line = line.strip()
    if not line or line[-1] in '.!?"”' or len(line) > 200:
        return False
    items = [item for item in _TAG_SPLIT.split(line) if item]
    if len(items) < 2:
        return False
    for item in items:
        words = item.split()
        if not 1 <= len(words) <= 5 or not all(_TAG_WORD.fullmatch(w) for w in words):
            return False
        if not (item[0].isupper() or item[0].isdigit()):
            return False
    return True


def dateline_length(sentence: str) -> int:
    """Length of the dateline that opens a wire story's first sentence, 0 if none.

    "COPENHAGEN, Feb. 3 (Nordwire) - Corvane said ..." -> the length up to "Corvane".
    """
    match = _DATELINE.match(sentence)
    return match.end() if match and sum(c.isupper() for c in match.group()) >= 3 else 0


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            left = match.start() + len(line) - len(line.lstrip())
            spans.append((left, left + len(stripped)))
    return spans


def _headline(text: str, lines: list[tuple[int, int]]) -> Sentence | None:
    if len(lines) < 2:
        return None
    start, end = lines[0]
    between = text[end : lines[1][0]]
    if between.count("\n") < 2:
        return None
    line = text[start:end]
    if line.rstrip(_CLOSERS).endswith(".") or len(line) > 300:
        return None
    return Sentence(start, end, line, -1)


def _trailing_residue(text: str, lines: list[tuple[int, int]], floor: int) -> list[Sentence]:
    residue: list[Sentence] = []
    for start, end in reversed(lines):
        if start < floor or len(residue) >= 6:
            break
        line = text[start:end]
        if not (is_widget(line) or is_tag_list(line)):
            break
        residue.append(Sentence(start, end, line, -1))
    residue.reverse()
    return residue


def _paragraphs(text: str, start: int, end: int):
    position = start
    for match in _PARAGRAPH.finditer(text, start, end):
        yield position, match.start()
        position = match.end()
    yield position, end


def _split_paragraph(text: str, start: int, end: int, number: int) -> list[Sentence]:
    sentences = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end()
        if _is_boundary(text, sentence_start, match.start(), stop, end):
            _append(sentences, text, sentence_start, stop, number)
            sentence_start = stop
    _append(sentences, text, sentence_start, end, number)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, number: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        left = start + len(chunk) - len(chunk.lstrip())
        sentences.append(Sentence(left, left + len(stripped), stripped, number))


def _is_boundary(text: str, sentence_start: int, mark: int, stop: int, end: int) -> bool:
    """Decide whether the terminator at ``mark`` (ending at ``stop``) ends a sentence."""
    following = _NEXT_WORD.match(text, stop, end)
    if following is None:
        return True
    first = following.group(1)
    if first.islower():
        return False
    if text[mark] != ".":
        return True
    space = max(text.rfind(" ", sentence_start, mark), text.rfind("\n", sentence_start, mark))
    raw = text[max(space + 1, sentence_start) : mark].lstrip("\"“‘'(«[")
    token = raw.lower()
    if token in TITLE_ABBREVIATIONS:
        return False
    next_word = text[following.start(1) : following.start(1) + 14].split(None, 1)[0]
    opener = next_word.strip(",;:'\"’”").lower() in SENTENCE_OPENERS
    if token in OPEN_ABBREVIATIONS or _INITIALS.fullmatch(raw):
        if token in ("no", "nos", "fig", "figs", "p", "pp", "vol", "art", "para", "ch"):
            return not first.isdigit() and opener
        return opener
    return True
