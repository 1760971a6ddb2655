"""The reporting-cue lexicon."""

import pytest

from stance.attribution.cues import (
    NOUN_CUE,
    REPORTING_LEMMAS,
    VERB_FORMS,
    counts_as_speech,
    ends_report,
    introduces_content,
    is_weak,
    needs_particle,
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


@pytest.mark.parametrize(
    "form, lemma",
    [
        ("contended", "contend"),
        ("acknowledged", "acknowledge"),
        ("cautioned", "caution"),
        ("quipped", "quip"),
        ("lamented", "lament"),
        ("recalled", "recall"),
        ("signaled", "signal"),
        ("maintained", "maintain"),
        ("reiterated", "reiterate"),
        ("disputed", "dispute"),
        ("faulted", "fault"),
        ("went", "go"),
    ],
)
def test_reporting_verbs_beyond_said(form, lemma):
    assert VERB_FORMS[form] == lemma


@pytest.mark.parametrize(
    "after, expected",
    [
        (" on.", False),
        (' on: "We are ready."', False),
        (" on to say that fares would rise.", False),
        (" home after the vote.", True),
        (" on holiday in May.", True),
    ],
)
def test_go_reports_speech_only_with_on(after, expected):
    assert needs_particle("go", after, 0) is expected


@pytest.mark.parametrize(
    "lemma, after, expected",
    [
        ("say", ".", True),
        ("say", " on Wednesday.", True),
        ("say", " in a written decision published on Thursday.", True),
        ("say", " — a figure that could not be checked.", True),
        ("add", ", citing its own data.", True),
        ("tell", " the Fjordpost.", True),
        ("tell", " reporters on Monday.", True),
        ("say", " the plan was sound.", False),
        ("add", " two new routes in May.", False),
        ("tell", " reporters that the plan was sound.", False),
    ],
)
def test_a_trailing_report_has_only_adverbials_after_its_verb(lemma, after, expected):
    assert ends_report(after, 0, lemma) is expected
