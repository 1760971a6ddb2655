import numpy as np
import pytest
from conftest import make_rows
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, GroupKFold

from stance.features import CharView, MentionClauseView, MentionWindowView, WordView
from stance.model import (
    JOINT,
    VIEW_KINDS,
    StanceClassifier,
    default_views,
    legacy_views,
    view_from_spec,
    view_spec,
)
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
    model = StanceClassifier(views=[WordView(), CharView()]).fit(
        ["good plan", "bad plan"] * 3, ["favor", "against"] * 3
    )
    assert model.predict(["good plan"])[0] == "favor"


def test_single_class_is_refused():
    with pytest.raises(ValueError, match="two classes"):
        StanceClassifier().fit(["a", "b"], ["favor", "favor"])


def test_works_inside_grid_search():
    X, y = records_and_labels()
    groups = [r.doc for r in X]
    search = GridSearchCV(StanceClassifier(views=[WordView()]), {"C": [0.1, 1.0]}, cv=GroupKFold(3))
    search.fit(X, y, groups=groups)
    assert search.best_params_["C"] in (0.1, 1.0)


@pytest.mark.parametrize("mention", ["mark", "mask"])
def test_mention_features_change_the_text_view(mention):
    from stance.features import TARGET_TOKEN

    record = Record(id="1", text="Lee praised Kim.", span=(12, 15))
    text = WordView(mention=mention).documents([record])[0]
    assert TARGET_TOKEN in text and ("Kim" in text) == (mention == "mark")


def test_mention_window_view():
    record = Record(id="1", text="critics said Kim lied again today", span=(13, 16))
    assert MentionWindowView(window=2).documents([record]) == ["L_critics L_said R_lied R_again"]


@pytest.mark.shipped_model
def test_every_model_parameter_has_a_config_default():
    from stance.config import DEFAULTS, model_params

    params = StanceClassifier().get_params()
    assert set(DEFAULTS["model"]) == set(params)
    configured = StanceClassifier(**model_params({"model": dict(DEFAULTS["model"])}))
    assert configured.get_params()["stack"] is True


def test_the_estimators_own_defaults_are_the_plain_sentence_model():
    params = StanceClassifier().get_params()
    assert params["views"] is None and params["stack"] is False and params["C"] == 1.0
    assert [view_spec(v) for v in default_views()] == [
        {"kind": "word"}, {"kind": "char"}, {"kind": "subject"}, {"kind": "subject_words"}
    ]  # fmt: skip


def test_new_options_keep_the_contract():
    views = [WordView(normalize=("numbers",)), MentionWindowView(window=2), MentionClauseView()]
    model = StanceClassifier(views=views)
    copy = clone(model)
    assert [view_spec(v) for v in copy.get_params()["views"]] == [view_spec(v) for v in views]
    X, y = records_and_labels()
    assert model.fit(X, y) is model and model.predict(X[:3]).shape == (3,)


def test_feature_names_run_end_to_end():
    X, y = records_and_labels()
    model = StanceClassifier().fit(X, y)
    names = model.get_feature_names_out()
    assert len(names) == model.joint_.named_steps["classifier"].coef_.shape[1]
    assert any(n.startswith("word__") for n in names)
    assert any(n.startswith("subject_words__") for n in names)


@pytest.mark.parametrize("kind", sorted(VIEW_KINDS))
def test_every_view_kind_builds_from_its_spec_and_learns(kind):
    X, y = records_and_labels()
    view = view_from_spec({"kind": kind})
    assert view_spec(view) == {"kind": kind}
    model = StanceClassifier(views=[WordView(), view]).fit(X, y)
    assert model.predict_proba(X).shape == (len(X), 3)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"ngram_range": [1, 2]}, "needs a 'kind'"),
        ({"kind": "sideways"}, "unknown view kind"),
        ({"kind": "word", "colour": 1}, "no parameter 'colour'"),
        ({"kind": "word", "negation": "yes"}, "must be bool"),
        ({"kind": "char", "analyzer": "letters"}, "analyzer must be"),
    ],
)
def test_bad_view_specs_are_refused_with_their_place(spec, message):
    with pytest.raises(ValueError, match=message):
        view_from_spec(spec, where="model.views[1]")


def test_legacy_flat_keys_give_the_old_views_in_the_old_order():
    names = [v.name for v in legacy_views({"subject_ngrams": True, "window": 2, "clause": True})]
    assert names == [
        "word",
        "char",
        "subject",
        "subject_word_ngrams",
        "subject_char_ngrams",
        "mention_window",
        "mention_clause",
    ]
    assert [v.name for v in legacy_views({})] == [v.name for v in default_views()]
