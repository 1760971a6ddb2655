import numpy as np
import pytest
from test_model import records_and_labels

from stance.features import (
    NO_MENTION,
    OTHER_TOKEN,
    TARGET_TOKEN,
    TERM_SEPARATOR,
    RecordText,
    build_features,
    mark_negation,
)
from stance.model import StanceClassifier
from stance.persist import load_model, save_model
from stance.records import Record

SENTENCE = 'Critics said Kim, who never paid, was "a fraud" by Lee\'s count'
KIM = (13, 16)
LEE = (51, 54)


def view(record, **params):
    return RecordText(**params).fit([record]).transform([record])[0]


def test_default_views_are_unchanged():
    names = [name for name, _ in build_features().transformer_list]
    assert names == ["word", "char", "subject", "subject_words"]
    assert build_features().transformer_weights is None


def test_window_view():
    record = Record(id="1", text=SENTENCE, span=KIM)
    assert view(record, view="mention_window", window=2) == "L_critics L_said R_who R_never"


def test_mention_clause_keeps_the_clause_of_the_mention():
    record = Record(id="1", text=SENTENCE, span=KIM)
    assert view(record, view="mention_clause") == "C_critics C_said"
    lee = Record(id="2", text=SENTENCE, span=LEE)
    assert view(lee, view="mention_clause") == "C_by C_s C_count"


@pytest.mark.parametrize("name", ["mention_window", "mention_clause"])
def test_mention_views_without_a_span(name):
    assert view(Record(id="1", text="no span here"), view=name) == NO_MENTION


@pytest.mark.parametrize("mode", ["mark", "mask"])
def test_other_mentions_of_the_sentence_are_marked(mode):
    kim = Record(id="1", text=SENTENCE, span=KIM)
    lee = Record(id="2", text=SENTENCE, span=LEE)
    alone = Record(id="3", text="Lee spoke", span=(0, 3))
    texts = RecordText(mention="mark", others=mode).fit([kim]).transform([kim, lee, alone])
    assert TARGET_TOKEN in texts[0] and OTHER_TOKEN in texts[0]
    assert ("Lee" in texts[0]) == (mode == "mark") and "Kim" in texts[0]
    assert ("Kim" in texts[1]) == (mode == "mark") and OTHER_TOKEN in texts[1]
    assert OTHER_TOKEN not in texts[2]


def test_overlapping_other_mentions_are_left_alone():
    outer = Record(id="1", text="President Kim spoke", span=(0, 13))
    inner = Record(id="2", text="President Kim spoke", span=(10, 13))
    text = RecordText(mention="mark", others="mark").transform([outer, inner])[0]
    assert OTHER_TOKEN not in text and text.count(TARGET_TOKEN) == 2


def test_strip_and_normalize():
    record = Record(id="1", text="Sooooo good @bob 1,200 http://x.io/a #EndTag")
    text = view(
        record, strip="#EndTag", normalize=("urls", "users", "numbers", "elongations")
    ).split()
    assert text == ["Soo", "good", "@USER", "0", "URL"]
    assert "#EndTag" in view(record)


def test_negation_marks_words_up_to_punctuation():
    assert mark_negation("I don't like it, but fine") == "I don't neg_like neg_it , but fine"
    assert mark_negation("never again!") == "never neg_again !"
    record = Record(id="1", text="We do not back it.")
    assert "neg_back" in view(record, negation=True)


@pytest.mark.parametrize(("analyzer", "term"), [("word", "tax|fair tax"), ("char", "tax|r t")])
def test_subject_ngrams_view(analyzer, term):
    record = Record(id="1", text="A fair tax", subject="Tax")
    terms = view(record, view="subject_ngrams", analyzer=analyzer, ngram_range=(1, 3)).split(
        TERM_SEPARATOR
    )
    assert term in terms and all(t.startswith("tax|") for t in terms)


@pytest.mark.parametrize(
    "params",
    [
        {"view": "sideways"},
        {"mention": "bold"},
        {"others": "bold"},
        {"analyzer": "letters"},
        {"normalize": ("emoji",)},
        {"strip": "(unclosed"},
    ],
)
def test_bad_options_are_refused(params):
    with pytest.raises(ValueError):
        RecordText(**params).fit([Record(id="1", text="x")])


def test_subject_ngrams_replace_subject_words_and_carry_the_weight():
    union = build_features(subject_ngrams=True, subject_weight=2.0, window=2, clause=True)
    names = [name for name, _ in union.transformer_list]
    assert "subject_words" not in names
    assert {"subject_word_ngrams", "subject_char_ngrams", "mention_clause"} <= set(names)
    assert union.transformer_weights["subject_char_ngrams"] == 2.0
    assert "mention_window" not in union.transformer_weights


def test_window_ngrams_and_window_chars():
    union = dict(build_features(window=2, window_ngrams=2, window_chars=True).transformer_list)
    record = Record(id="1", text=SENTENCE, span=KIM)
    pairs = union["mention_window"].fit([record]).named_steps["tfidf"].vocabulary_
    assert "L_said R_who" in pairs
    chars = union["mention_window_chars"].fit([record]).named_steps["tfidf"].vocabulary_
    assert "nev" in chars


def test_char_analyzer_is_passed_on():
    union = build_features(char_analyzer="char")
    char = dict(union.transformer_list)["char"].named_steps["tfidf"]
    assert char.analyzer == "char"


EVERYTHING = dict(
    subject_ngrams=True,
    subject_weight=1.5,
    char_analyzer="char",
    mention="mark",
    others="mark",
    window=3,
    window_weight=2.0,
    window_ngrams=2,
    window_chars=True,
    clause=True,
    strip="report",
    normalize=("numbers", "elongations"),
    negation=True,
    split_hashtags=True,
    solver="newton-cg",
)


def spanned(records):
    """The inline records with the subject's first word marked where the text holds it."""
    out = []
    for r in records:
        word = r.subject.split()[0]
        start = r.text.lower().find(word)
        span = (start, start + len(word)) if start >= 0 else None
        out.append(Record(id=r.id, text=r.text, doc=r.doc, subject=r.subject, span=span))
    return out


@pytest.mark.parametrize("per_subject", [False, True], ids=["joint", "per_subject"])
def test_every_new_option_learns_and_survives_save_and_load(per_subject, tmp_path):
    X, y = records_and_labels()
    X = spanned(X)
    model = StanceClassifier(per_subject=per_subject, **EVERYTHING).fit(X, y)
    assert (model.predict(X) == y).mean() > 0.9
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    unseen = [Record(id="u", text="Nobody will pay 30 tax", subject="other", span=(16, 19))]
    assert np.array_equal(model.predict_proba(X + unseen), loaded.predict_proba(X + unseen))
    assert loaded.get_params() == model.get_params()


def test_newton_cg_and_lbfgs_agree():
    X, y = records_and_labels()
    fast = StanceClassifier(solver="newton-cg").fit(X, y)
    slow = StanceClassifier().fit(X, y)
    assert (fast.predict(X) == slow.predict(X)).mean() > 0.95
