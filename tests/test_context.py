"""Context views and the stacked second stage: they read a sentence in its article, and
nothing of a test fold's labels reaches its predictions."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from stance.context import PolarityView, SpeakerContextView, SpeakerView, SubjectMentionView
from stance.evaluation import cross_validate
from stance.features import WordView
from stance.model import StanceClassifier, _out_of_fold, speaker_documents
from stance.persist import load_model, save_model
from stance.records import Record

LABELS = ("favor", "against", "none")


def planted(seed=0, docs=40):
    """Articles of noise in which a speaker's sentences share a private token and a label.

    Within an article, a speaker's token gives the label away; across articles nothing
    does. A model that saw a test fold's records (or their labels) would score near 1;
    an honest one scores at chance.
    """
    rng = np.random.default_rng(seed)
    records, labels = [], []
    for d in range(docs):
        for s in range(2):
            label = LABELS[rng.integers(3)]
            token = f"spk{d}x{s}x{rng.integers(10**9)}"
            for k in range(3):
                noise = " ".join(f"w{rng.integers(10**9)}" for _ in range(4))
                records.append(
                    Record(
                        id=f"{d}-{s}-{k}",
                        text=f"{token} {noise}",
                        doc=f"d{d}",
                        subject="tax",
                        speaker=f"Speaker {d}-{s}",
                    )
                )
                labels.append(label)
    return records, np.array(labels, dtype=object)


STACKED = dict(views=[WordView(), SpeakerContextView()], stack=True, speaker_model=True, C=10)


def test_a_planted_label_leak_is_not_exploited_in_cross_validation():
    records, labels = planted()
    # The leak is real: a model that has seen the records predicts them almost perfectly.
    seen = StanceClassifier(views=[WordView()], C=10).fit(records, labels).predict(records)
    assert f1_score(labels, seen, average="macro") > 0.9
    model = StanceClassifier(**STACKED)
    cv = cross_validate(model, records, labels, task="stance", folds=4, seed=0)
    assert f1_score(labels, cv.predicted, average="macro") < 0.55
    speaker_guess = np.asarray(LABELS)[np.argmax(cv.speaker_probabilities[:, [1, 0, 2]], axis=1)]
    assert f1_score(labels, speaker_guess, average="macro") < 0.55


def test_the_second_stage_learns_from_out_of_fold_probabilities_only():
    records, labels = planted(seed=1)
    first = StanceClassifier(views=[WordView()], C=10)
    oof, _ = _out_of_fold(first, records, labels, folds=4)
    in_sample = first.fit(records, labels).predict_proba(records)
    classes = np.unique(labels)
    assert f1_score(labels, classes[in_sample.argmax(1)], average="macro") > 0.9
    assert f1_score(labels, classes[oof.argmax(1)], average="macro") < 0.6


def test_speaker_context_uses_the_same_speakers_other_sentences_in_the_article():
    rows = [
        Record(id="1", text="I back it", doc="a", subject="tax", speaker="Ann"),
        Record(id="2", text="Truly great", doc="a", subject="tax", speaker="Ann"),
        Record(id="3", text="Awful idea", doc="a", subject="tax", speaker="Bo"),
        Record(id="4", text="Great again", doc="b", subject="tax", speaker="Ann"),
    ]
    docs = SpeakerContextView(placeholder=False).documents(rows)
    assert docs == ["Truly great", "I back it", "NO_CONTEXT", "NO_CONTEXT"]


def test_subject_mention_and_polarity_views_read_references_and_opinion_words():
    rows = [
        Record(id="1", text="Analysts said Quillon was reckless.", doc="a", subject="Quillon AI"),
        Record(id="2", text="The weather was fine.", doc="a", subject="Quillon AI"),
    ]
    mention = SubjectMentionView().documents(rows)
    assert "KIND_surname" in mention[0] and "SUBJ_was" in mention[0]
    assert mention[1] == "NO_SUBJ"
    polarity = PolarityView().documents(rows)
    assert "NEG_1" in polarity[0] and "NEAR_NEG_1" in polarity[0] and "NET_NEG" in polarity[0]
    negated = PolarityView().documents([Record(id="3", text="We do not support it", subject="x")])
    assert "OPP_1" in negated[0] and "SUP_1" not in negated[0]


def test_speaker_view_marks_a_speaker_who_is_the_subject():
    rows = [
        Record(id="1", text="x", doc="a", subject="Donald Trump", speaker="Donald Trump"),
        Record(id="2", text="x", doc="a", subject="Donald Trump", speaker="Tim Kaine"),
        Record(id="3", text="x", doc="a", subject="Donald Trump", speaker=""),
    ]
    docs = SpeakerView().documents(rows)
    assert "SPEAKER_IS_SUBJECT" in docs[0] and "SPK_tim_kaine|donald_trump" in docs[1]
    assert docs[2] == "NO_SPEAKER"


def test_speaker_documents_join_each_speakers_sentences_in_an_article():
    rows = [
        Record(id="1", text="One.", doc="a", subject="s", speaker="Ann"),
        Record(id="2", text="Two.", doc="a", subject="s", speaker="Bo"),
        Record(id="3", text="Three.", doc="a", subject="s", speaker="Ann"),
    ]
    documents, members = speaker_documents(rows)
    assert [d.text for d in documents] == ["One. Three.", "Two."] and members == [[0, 2], [1]]


def test_a_stacked_model_with_a_speaker_model_survives_save_and_load(tmp_path):
    from test_model import records_and_labels

    X, y = records_and_labels()
    X = [
        Record(id=r.id, text=r.text, doc=r.doc, subject=r.subject, speaker=f"Speaker {label}")
        for r, label in zip(X, y, strict=True)
    ]
    model = StanceClassifier(stack=True, stack_folds=3, speaker_model=True).fit(X, y)
    assert model.stack_ is not None and model.speaker_ is not None
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert np.allclose(loaded.speaker_proba(X), model.speaker_proba(X))


@pytest.mark.parametrize("kind", ["speaker", "polarity"])
def test_new_views_learn_inside_the_classifier(kind):
    from test_model import records_and_labels

    from stance.model import view_from_spec

    X, y = records_and_labels()
    model = StanceClassifier(views=[WordView(), view_from_spec({"kind": kind})]).fit(X, y)
    assert model.predict_proba(X).shape == (len(X), 3)
