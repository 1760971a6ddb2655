import itertools

import pytest
from test_cli import ARTICLE

import stance
from stance.api import iter_predictions
from stance.articles import looks_like_article, summarise_speakers


def test_public_api_is_importable_lazily():
    assert callable(stance.extract) and callable(stance.train) and callable(stance.predict)
    with pytest.raises(AttributeError):
        stance.no_such_thing  # noqa: B018


def test_iter_predictions_streams_an_endless_input(trained_run):
    endless = itertools.cycle(["We strongly back the tax", "We reject the tax"])
    rows = iter_predictions(endless, subject="carbon tax", run=trained_run, batch_size=8)
    first = list(itertools.islice(rows, 20))
    assert len(first) == 20 and {r["stance"] for r in first} <= {"favor", "against", "none"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ARTICLE, True),
        ("One statement.\nAnother statement.\nA third one.\n", False),
        ("One statement.\n\nAnother one after a blank line.\n", False),
        ("Headline without a period\n\nFirst paragraph.\n\nSecond paragraph.\n", True),
        ("", False),
    ],
)
def test_looks_like_article(text, expected):
    assert looks_like_article(text) is expected


def test_summarise_speakers_counts_labels_and_mean_probabilities():
    rows = [
        {
            "speaker": "A",
            "stance": "favor",
            "reaction": "positive",
            "p_favor": 0.8,
            "p_against": 0.1,
            "p_none": 0.1,
        },
        {
            "speaker": "A",
            "stance": "against",
            "reaction": "negative",
            "p_favor": 0.2,
            "p_against": 0.7,
            "p_none": 0.1,
        },
        {"speaker": None, "stance": "none", "reaction": "neutral"},
    ]
    (summary,) = summarise_speakers(rows)
    assert summary["statements"] == 2 and summary["favor"] == 1 and summary["against"] == 1
    assert summary["mean_p_favor"] == pytest.approx(0.5)
