import itertools

import pytest
from test_cli import ARTICLE

import stance
from stance.articles import looks_like_article, summarise_speakers
from stance.prediction import iter_predictions


def test_public_api_is_importable_lazily():
    assert callable(stance.extract) and callable(stance.train) and callable(stance.predict)
    with pytest.raises(AttributeError):
        stance.no_such_thing  # noqa: B018


def test_iter_predictions_streams_an_endless_input(trained_run):
    endless = itertools.cycle(["We strongly back the tax", "We reject the tax"])
    rows = iter_predictions(endless, subject="carbon tax", run=trained_run, batch_size=8)
    first = list(itertools.islice(rows, 20))
    assert len(first) == 20 and {r["stance"] for r in first} <= {"favor", "against", "none"}


def test_predictions_in_worker_processes_are_the_same_rows_in_the_same_order(trained_run):
    statements = [
        {"text": f"We {verb} the tax {n}", "id": n, "subject": subject}
        for n, (verb, subject) in enumerate(
            itertools.product(["back", "reject", "discuss"] * 4, ["carbon tax", "rail fares"])
        )
    ]
    alone = list(iter_predictions(statements, run=trained_run, batch_size=5, explain=2))
    workers = list(iter_predictions(statements, run=trained_run, batch_size=5, explain=2, jobs=2))
    assert workers == alone and [row["id"] for row in workers] == list(range(len(statements)))


def test_predictions_refuse_fewer_than_one_job(trained_run):
    with pytest.raises(stance.StanceError, match="jobs must be at least 1, got 0"):
        next(iter_predictions(["We back the tax"], run=trained_run, jobs=0))


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


def test_summarise_speakers_gives_each_speaker_a_position_with_its_probability():
    rows = [
        {"speaker": "A", "index": 0, "stance": "favor", "reaction": "positive",
         "p_favor": 0.8, "p_against": 0.1, "p_none": 0.1,
         "p_positive": 0.7, "p_negative": 0.1, "p_neutral": 0.2},
        {"speaker": "A", "index": 1, "stance": "none", "reaction": "neutral",
         "p_favor": 0.3, "p_against": 0.1, "p_none": 0.6,
         "p_positive": 0.2, "p_negative": 0.1, "p_neutral": 0.7},
        {"speaker": None, "index": 2, "stance": "none", "reaction": "neutral"},
    ]  # fmt: skip
    (summary,) = summarise_speakers(rows)
    assert summary["speaker"] == "A" and summary["statements"] == 2
    assert summary["stance"] == "favor" and summary["sentences"] == [0]
    assert summary["favor"] == 1 and summary["none"] == 1
    assert 0.5 < summary["stance_probability"] <= 1
    assert sum(summary[f"p_{c}"] for c in ("favor", "against", "none")) == pytest.approx(1)
    assert summary["reaction"] == "positive"
