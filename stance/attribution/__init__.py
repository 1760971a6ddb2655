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

from stance.attribution.extract import PATTERNS, extract
from stance.attribution.relations import extract_attributions
from stance.attribution.scoring import score_extraction
from stance.attribution.sentences import Sentence, split_article, split_sentences

__all__ = [
    "PATTERNS",
    "Sentence",
    "extract",
    "extract_attributions",
    "score_extraction",
    "split_article",
    "split_sentences",
]
