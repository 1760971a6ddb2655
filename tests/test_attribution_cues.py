"""The reporting-cue lexicon."""

import pytest

from stance.attribution.cues import (
    NOUN_CUE,
    REPORTING_LEMMAS,
    VERB_FORMS,
    counts_as_speech,
    introduces_content,
    is_weak,
)


def test_lexicon_has_at_least_eighty_reporting_verbs():
    assert len(set(REPORTING_LEMMAS)) >= 80


@pytest.mark.parametrize(
    "form, lemma",
    [
        ("said", "say"),
        ("says", "say"),
        ("told", "tell"),
        ("added", "add"),
        ("stated", "state"),
        ("claims", "claim"),
        ("argued", "argue"),
        ("warning", "warn"),
        ("insisted", "insist"),
        ("denies", "deny"),
        ("denied", "deny"),
        ("accused", "accuse"),
        ("praised", "praise"),
        ("criticised", "criticise"),
        ("criticized", "criticise"),
        ("called", "call"),
        ("described", "describe"),
        ("emphasised", "emphasise"),
        ("emphasizing", "emphasise"),
        ("noted", "note"),
        ("believes", "believe"),
        ("wrote", "write"),
        ("tweeted", "tweet"),
        ("posted", "post"),
        ("announced", "announce"),
        ("confirmed", "confirm"),
        ("admitted", "admit"),
        ("suggested", "suggest"),
        ("urged", "urge"),
        ("conceded", "concede"),
        ("countered", "counter"),
        ("complained", "complain"),
        ("predicted", "predict"),
        ("stressed", "stress"),
        ("vowed", "vow"),
        ("replied", "reply"),
        ("signalled", "signal"),
    ],
)
def test_inflected_forms_map_to_their_lemma(form, lemma):
    assert VERB_FORMS[form] == lemma


@pytest.mark.parametrize("lemma", ["believe", "call", "show", "think", "feel"])
def test_verbs_that_are_often_not_speech_are_weak(lemma):
    assert is_weak(lemma)


@pytest.mark.parametrize("lemma", ["say", "tell", "warn", "accuse", "insist"])
def test_speech_verbs_are_not_weak(lemma):
    assert not is_weak(lemma)


@pytest.mark.parametrize(
    "after, expected",
    [
        (" that the plan failed.", True),
        (' his speech "shameful."', True),
        (": “We lost.”", True),
        (" the meeting later that month.", False),
        (" the results of the vote.", False),
    ],
)
def test_content_after_a_verb(after, expected):
    assert introduces_content(after, 0) is expected


@pytest.mark.parametrize(
    "lemma, after, expected",
    [
        ("call", " on the minister to resign.", True),
        ("reject", " the accusation within hours.", True),
        ("back", " the plan in a statement.", True),
        ("reject", " an attempt to remove him.", False),
    ],
)
def test_weak_verbs_that_still_report_speech(lemma, after, expected):
    assert counts_as_speech(lemma, after, 0) is expected


@pytest.mark.parametrize(
    "text",
    [
        "In a statement, the ministry said",
        "in an interview with the BBC",
        "In a post on X, he wrote",
    ],
)
def test_noun_cues_are_found(text):
    assert NOUN_CUE.search(text)
