"""Properties that hold for any text: extraction never raises, offsets cover the input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from stance.attribution import extract, split_article, split_sentences

WORDS = st.sampled_from(
    [
        "Mr.",
        "said",
        "“",
        "”",
        '"',
        "'",
        "’",
        "U.S.",
        "Hart",
        "the",
        "minister",
        "According",
        "to",
        ",",
        ".",
        "?",
        "!",
        ":",
        "\n",
        "\n\n",
        " ",
        "Comments",
        "he",
        "told",
        "«",
        "»",
        "J.",
        "that",
    ]
)
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))
FAST = settings(max_examples=60, deadline=None)


def assert_covers(text, spans):
    position = 0
    for span in spans:
        assert span.start >= position
        assert text[span.start : span.end] == span.text
        assert text[position : span.start].strip() == ""
        position = span.end
    assert text[position:].strip() == ""


@FAST
@given(TEXT)
def test_extract_never_raises(text):
    for statement in extract(text):
        assert text[statement.start : statement.end] == statement.text


@FAST
@given(TEXT)
def test_sentences_cover_the_input_in_order(text):
    assert_covers(text, split_sentences(text))


@FAST
@given(TEXT)
def test_article_parts_cover_the_input_in_order(text):
    layout = split_article(text)
    parts = ([layout.headline] if layout.headline else []) + layout.body + layout.residue
    assert_covers(text, sorted(parts, key=lambda s: s.start))
