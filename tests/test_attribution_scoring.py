"""Scoring predicted statements against gold rows."""

import pytest

from stance.attribution import score_extraction
from stance.attribution.scoring import normalise_speaker
from stance.records import Statement


def statement(text, speaker, start, doc="a"):
    return Statement(doc, 0, start, start + len(text), text, speaker)


PREDICTED = [
    statement("According to the Kremlin, it rained.", "Kremlin", 0),
    statement("Ushakov said so.", "Yuri Ushakov", 40),
    statement("It was late.", None, 60),
    statement("Nothing else happened.", "Yuri Ushakov", 80),
]
GOLD = [
    {
        "doc": "a",
        "text": "According to the Kremlin, it rained.",
        "speaker": "the Kremlin",
        "pattern": "according_to",
        "mention_kind": "organisation",
    },
    {
        "doc": "a",
        "text": "Ushakov said so.",
        "speaker": "Yuri Ushakov",
        "pattern": "speaker_verb",
        "mention_kind": "surname",
    },
    {"doc": "a", "text": "It was late.", "speaker": "", "pattern": "none", "mention_kind": "none"},
    {
        "doc": "a",
        "text": "Nothing else happened.",
        "speaker": "Yuri Ushakov",
        "pattern": "implicit",
    },
]


def test_scores_accuracy_and_detection():
    scores = score_extraction(PREDICTED, GOLD)
    assert scores["n_gold"] == 4 and scores["n_unaligned"] == 0
    assert scores["speaker_accuracy"] == 1.0
    assert scores["has_speaker_precision"] == 1.0 and scores["has_speaker_recall"] == 1.0
    assert scores["by_pattern"]["according_to"]["speaker_accuracy"] == 1.0
    assert set(scores["by_mention_kind"]) == {"organisation", "surname", "none"}


def test_implicit_rows_accept_no_speaker_but_not_a_wrong_one():
    gold = [
        {
            "doc": "a",
            "text": "Nothing else happened.",
            "speaker": "Yuri Ushakov",
            "pattern": "implicit",
        }
    ]
    assert (
        score_extraction([statement("Nothing else happened.", None, 0)], gold)["speaker_accuracy"]
        == 1.0
    )
    assert (
        score_extraction([statement("Nothing else happened.", "Putin", 0)], gold)[
            "speaker_accuracy"
        ]
        == 0.0
    )


def test_wrong_and_missing_speakers_lower_the_scores():
    predicted = [statement("Ushakov said so.", None, 0), statement("It was late.", "Trump", 20)]
    gold = [
        {"doc": "a", "text": "Ushakov said so.", "speaker": "Yuri Ushakov"},
        {"doc": "a", "text": "It was late.", "speaker": None},
    ]
    scores = score_extraction(predicted, gold)
    assert scores["speaker_accuracy"] == 0.0
    assert (scores["true_positives"], scores["false_positives"], scores["false_negatives"]) == (
        0,
        1,
        1,
    )
    assert scores["has_speaker_f1"] == 0.0


def test_alignment_survives_a_different_split():
    predicted = [statement("He left. “It is over,” Hart said.", "Lena Hart", 0)]
    gold = [
        {"doc": "a", "text": "He left.", "speaker": ""},
        {"doc": "a", "text": "“It is over,” Hart said.", "speaker": "Lena Hart"},
    ]
    scores = score_extraction(predicted, gold)
    assert scores["n_unaligned"] == 0
    assert scores["n_correct"] == 1


def test_rows_of_other_documents_do_not_align():
    gold = [{"doc": "b", "text": "Ushakov said so.", "speaker": "Yuri Ushakov"}]
    scores = score_extraction(PREDICTED, gold)
    assert scores["n_unaligned"] == 1 and scores["speaker_accuracy"] == 0.0


@pytest.mark.parametrize(
    "a, b",
    [
        ("the Kremlin", "Kremlin"),
        ("City Auditor’s office", "city auditor's office"),
        (" Yuri  Ushakov ", "yuri ushakov"),
    ],
)
def test_speakers_compare_loosely(a, b):
    assert normalise_speaker(a) == normalise_speaker(b)


def test_empty_input_gives_zero_rates():
    scores = score_extraction([], [])
    assert scores["n_gold"] == 0 and scores["speaker_accuracy"] == 0.0
