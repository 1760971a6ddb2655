"""Direct quotations: where they open and close, and which sentences they cover.

Quotes are found per paragraph. Curly quotes (“ ” « ») say which way they face; straight
quotes (") alternate. A quotation left open at the end of a paragraph continues when the
next paragraph opens with a quote mark (the newswire convention), so both spans share one
``chain``. An odd number of marks never raises: an unclosed quote runs to its paragraph end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stance.attribution.sentences import Sentence

_WORD_CHAR = re.compile(r"[^\W_]")
_MARKS = re.compile(r"[\"“”«»‘’']")
#: The same with the typewriter pairs `` and '' (slower: only for text that has them).
_TYPEWRITER_MARKS = re.compile(r"``|''(?!\w)|(?<!\w)''|[\"“”«»‘’']")
_OPENING_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\w)")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation from its opening mark ``start`` to its closing mark ``end`` (inclusive)."""

    start: int
    end: int
    chain: int
    closed: bool


@dataclass(frozen=True, slots=True)
class QuotedSentence:
    """A sentence with its quoted words blanked out, and the quote chains it touches."""

    masked: str
    chains: tuple[int, ...] = ()
    fully_quoted: bool = False
    starts_inside: bool = False
    closes: tuple[int, ...] = ()
    """Where quotes that may be followed by their attribution close, relative to the sentence."""


def find_quotes(text: str, sentences: list[Sentence]) -> list[QuoteSpan]:
    """All quotation spans in the paragraphs that ``sentences`` come from."""
    spans: list[QuoteSpan] = []
    paragraphs: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start, end = paragraphs.get(sentence.paragraph, (sentence.start, sentence.end))
        paragraphs[sentence.paragraph] = (min(start, sentence.start), max(end, sentence.end))
    chain = -1
    left_open = False
    for start, end in (paragraphs[k] for k in sorted(paragraphs)):
        found = _paragraph_quotes(text, start, end)
        for index, (q_start, q_end, closed) in enumerate(found):
            continues = index == 0 and left_open and q_start == start
            chain = chain if continues else chain + 1
            spans.append(QuoteSpan(q_start, q_end, chain, closed))
        left_open = bool(found) and not found[-1][2]
    return spans


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    found: list[tuple[int, int, bool]] = []
    opened: int | None = None
    single: int | None = None
    typewriter = text.find("''", start, end) >= 0 or text.find("``", start, end) >= 0
    for match in (_TYPEWRITER_MARKS if typewriter else _MARKS).finditer(text, start, end):
        mark, at = match.group(), match.start()
        if mark == "``":
            mark = "“"
        elif mark == "''":  # ends on its second apostrophe, as a one-character mark would
            mark, at = '"', match.end() - 1 if opened is not None else match.start()
        if mark in "'‘’":
            if opened is None:
                single = _single_quote(text, at, start, end, single, found)
            continue
        if mark in "“«":
            opened = at if opened is None else opened
        elif mark in "”»":
            if opened is not None:
                found.append((opened, at, True))
                opened = None
        elif opened is None:
            opened = at
        else:
            found.append((opened, at, True))
            opened = None
    if opened is not None:
        found.append((opened, end - 1, False))
    return found


def _single_quote(text, at, start, end, single, found) -> int | None:
    """Track a top-level single-quoted span; apostrophes inside words are ignored."""
    if single is None:
        return at if _OPENING_SINGLE.match(text, at) and (at == start or text[at] != "’") else None
    following = text[at + 1] if at + 1 < end else " "
    if text[at] in "’'" and not following.isalnum():
        found.append((single, at, True))
        return None
    return single


def _ends_a_report(text: str, close: int) -> bool:
    """True when the quote closing at ``close`` ends like a report: '...,"', '...?"', '"...",'."""
    before = close - 2 if text[close - 1 : close + 1] == "''" else close - 1
    return text[before : before + 1] in ",?!.…—-" or text[close + 1 : close + 2] == ","


def quoted_sentences(
    text: str, sentences: list[Sentence], spans: list[QuoteSpan]
) -> list[QuotedSentence]:
    """Mask the quoted words of each sentence and say which quote chains it touches."""
    spans = sorted(spans, key=lambda s: s.start)
    result = []
    first = 0
    for sentence in sentences:
        while first < len(spans) and spans[first].end < sentence.start:
            first += 1
        chars = list(sentence.text)
        chains: list[int] = []
        closes: list[int] = []
        starts_inside = False
        for span in spans[first:]:
            if span.start >= sentence.end:
                break
            left = max(span.start + 1, sentence.start) - sentence.start
            right = min(span.end, sentence.end) - sentence.start
            chars[left:right] = " " * max(0, right - left)
            if span.chain not in chains:
                chains.append(span.chain)
            starts_inside = starts_inside or span.start < sentence.start
            if span.closed and span.end < sentence.end and _ends_a_report(text, span.end):
                closes.append(span.end - sentence.start)
        masked = "".join(chars)
        fully = bool(chains) and _WORD_CHAR.search(masked) is None
        result.append(QuotedSentence(masked, tuple(chains), fully, starts_inside, tuple(closes)))
    return result
