import numpy as np
import pytest
from conftest import make_rows
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, GroupKFold

from stance.model import JOINT, StanceClassifier
from stance.records import Record


def records_and_labels(task="stance"):
    rows = [r for r in make_rows() if r["speaker"]]
    records = [Record(id=r["id"], text=r["text"], doc=r["doc"], subject=r["subject"]) for r in rows]
    return records, np.array([r[task] for r in rows], dtype=object)


def test_follows_the_scikit_learn_contract():
    model = StanceClassifier(C=0.5, per_subject=True)
    assert model.get_params()["C"] == 0.5
    copy = clone(model)
    assert copy.get_params() == model.get_params() and not hasattr(copy, "classes_")
    X, y = records_and_labels()
    assert model.fit(X, y) is model
    assert list(model.classes_) == ["against", "favor", "none"]


def test_learns_the_inline_data():
    X, y = records_and_labels()
    model = StanceClassifier().fit(X, y)
    assert (model.predict(X) == y).mean() > 0.9
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), 3) and np.allclose(proba.sum(axis=1), 1)


def test_predict_before_fit_raises():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        StanceClassifier().predict(["text"])


def test_per_subject_models_and_joint_fallback_for_unseen_subject():
    X, y = records_and_labels()
    model = StanceClassifier(per_subject=True).fit(X, y)
    assert set(model.subject_models_) == {"carbon tax", "port expansion"}
    unseen = Record(id="u", text="We reject the tax", subject="wind farm")
    assert model.route([X[0], unseen]) == [X[0].subject, JOINT]
    assert model.predict_proba([unseen]).shape == (1, 3)


def test_subject_with_too_few_examples_falls_back_to_joint():
    X, y = records_and_labels()
    model = StanceClassifier(per_subject=True, min_subject_examples=1000).fit(X, y)
    assert model.subject_models_ == {} and set(model.route(X)) == {JOINT}


def test_joint_mode_has_no_subject_models():
    X, y = records_and_labels()
    assert StanceClassifier().fit(X, y).route(X[:2]) == [JOINT, JOINT]


def test_accepts_plain_strings():
    model = StanceClassifier(subject_features=False).fit(
        ["good plan", "bad plan"] * 3, ["favor", "against"] * 3
    )
    assert model.predict(["good plan"])[0] == "favor"


def test_single_class_is_refused():
    with pytest.raises(ValueError, match="two classes"):
        StanceClassifier().fit(["a", "b"], ["favor", "favor"])


def test_works_inside_grid_search():
    X, y = records_and_labels()
    groups = [r.doc for r in X]
    search = GridSearchCV(
        StanceClassifier(char_features=False), {"C": [0.1, 1.0]}, cv=GroupKFold(3)
    )
    search.fit(X, y, groups=groups)
    assert search.best_params_["C"] in (0.1, 1.0)


@pytest.mark.parametrize("mention", ["mark", "mask"])
def test_mention_features_change_the_text_view(mention):
    from stance.features import TARGET_TOKEN, RecordText

    record = Record(id="1", text="Lee praised Kim.", span=(12, 15))
    text = RecordText(mention=mention).fit([record]).transform([record])[0]
    assert TARGET_TOKEN in text and ("Kim" in text) == (mention == "mark")


def test_mention_window_view():
    from stance.features import RecordText

    record = Record(id="1", text="critics said Kim lied again today", span=(13, 16))
    assert RecordText(view="mention_window", window=2).transform([record]) == [
        "L_critics L_said R_lied R_again"
    ]


def test_every_parameter_has_a_config_default_of_the_same_value():
    from stance.config import DEFAULTS, model_params

    params = StanceClassifier().get_params()
    assert set(DEFAULTS["model"]) == set(params)
    configured = model_params({"model": dict(DEFAULTS["model"])})
    for name, value in configured.items():
        expected = params[name]
        assert (list(value) if isinstance(value, tuple | list) else value) == (
            list(expected) if isinstance(expected, tuple | list) else expected
        ), name


def test_new_options_keep_the_contract():
    model = StanceClassifier(subject_ngrams=True, normalize=("numbers",), window=2, clause=True)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    X, y = records_and_labels()
    assert model.fit(X, y) is model and model.predict(X[:3]).shape == (3,)
