"""The analysers split text into exactly scikit-learn's terms."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.analyzers import build_analyzer
from stance.features import WORD

TEXTS = st.text(
    alphabet=st.sampled_from(list("ab cC\t\n\u00e9\u00df\u0130\u4e2d!?'-.  \u2019\u00a0x1")),
    max_size=60,
)
OPTIONS = [
    dict(analyzer="word", ngram_range=(1, 2), token_pattern=WORD.pattern),
    dict(analyzer="word", ngram_range=(1, 3), token_pattern=r"\S+", lowercase=False),
    dict(analyzer="word", ngram_range=(2, 2)),
    dict(analyzer="word", ngram_range=(1, 1), token_pattern=r"[^\n]+", lowercase=False),
    dict(analyzer="char_wb", ngram_range=(2, 5)),
    dict(analyzer="char_wb", ngram_range=(1, 3), lowercase=False),
    dict(analyzer="char", ngram_range=(2, 4)),
    dict(analyzer="char", ngram_range=(1, 2)),
]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o['analyzer']}{o['ngram_range']}")
@settings(max_examples=150, deadline=None)
@given(text=TEXTS)
def test_terms_are_scikit_learns(options, text):
    expected = TfidfVectorizer(**options).build_analyzer()(text)
    assert build_analyzer(**options)(text) == expected


def test_a_pattern_with_two_groups_and_an_unknown_analyzer_are_refused():
    with pytest.raises(ValueError, match="capturing group"):
        build_analyzer(token_pattern=r"(a)(b)")
    with pytest.raises(ValueError, match="analyzer must be one of"):
        build_analyzer(analyzer="letters")
