"""Speaker attribution from raw article text: who said each sentence of a news report.

    >>> from stance.attribution import extract
    >>> [s.speaker for s in extract('"We will not back down," the union said.')]
    ['union']

``extract`` returns one :class:`~stance.records.Statement` per body sentence (plus the
headline, ``index`` -1, when the article has one); ``extract_attributions`` returns every
attribution relation, one :class:`~stance.records.Attribution` (source, cue, content, with
offsets) each; ``split_sentences`` and
``split_article`` cut text with character offsets; ``score_extraction`` compares
statements with gold rows. ``PATTERNS`` lists the attribution pattern names.
"""

from __future__ import annotations

from importlib import import_module

__all__ = [
    "PATTERNS",
    "Sentence",
    "extract",
    "extract_attributions",
    "score_extraction",
    "split_article",
    "split_sentences",
]

#: name -> module: loaded on first use, so that the lexicons (``stance.attribution.cues``,
#: ``.lexicon``, ``.nouns``) that subject matching shares come without the extractor.
_LAZY = {
    "PATTERNS": "stance.attribution.analysis",
    "extract": "stance.attribution.analysis",
    "extract_attributions": "stance.attribution.relations",
    "score_extraction": "stance.attribution.scoring",
    "Sentence": "stance.attribution.sentences",
    "split_article": "stance.attribution.sentences",
    "split_sentences": "stance.attribution.sentences",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
