import numpy as np
import pytest
from test_model import records_and_labels

from stance.features import (
    NO_MENTION,
    OTHER_TOKEN,
    TARGET_TOKEN,
    TERM_SEPARATOR,
    CharView,
    MentionClauseView,
    MentionWindowCharsView,
    MentionWindowView,
    SubjectNgramsView,
    WordView,
    mark_negation,
)
from stance.model import StanceClassifier, legacy_views
from stance.persist import load_model, model_params, save_model
from stance.records import Record

SENTENCE = 'Critics said Kim, who never paid, was "a fraud" by Lee\'s count'
KIM = (13, 16)
LEE = (51, 54)


def test_default_views_are_unchanged():
    model = StanceClassifier().fit(*records_and_labels())
    names = [name for name, _ in model.joint_.named_steps["features"].transformer_list]
    assert names == ["word", "char", "subject", "subject_words"]


def test_window_view():
    record = Record(id="1", text=SENTENCE, span=KIM)
    assert MentionWindowView(window=2).documents([record]) == ["L_critics L_said R_who R_never"]


def test_mention_clause_keeps_the_clause_of_the_mention():
    record = Record(id="1", text=SENTENCE, span=KIM)
    assert MentionClauseView().documents([record]) == ["C_critics C_said"]
    lee = Record(id="2", text=SENTENCE, span=LEE)
    assert MentionClauseView().documents([lee]) == ["C_by C_s C_count"]


@pytest.mark.parametrize("cls", [MentionWindowView, MentionClauseView])
def test_mention_views_without_a_span(cls):
    assert cls().documents([Record(id="1", text="no span here")]) == [NO_MENTION]


@pytest.mark.parametrize("mode", ["mark", "mask"])
def test_other_mentions_of_the_sentence_are_marked(mode):
    kim = Record(id="1", text=SENTENCE, span=KIM)
    lee = Record(id="2", text=SENTENCE, span=LEE)
    alone = Record(id="3", text="Lee spoke", span=(0, 3))
    texts = WordView(mention="mark", others=mode).documents([kim, lee, alone])
    assert TARGET_TOKEN in texts[0] and OTHER_TOKEN in texts[0]
    assert ("Lee" in texts[0]) == (mode == "mark") and "Kim" in texts[0]
    assert ("Kim" in texts[1]) == (mode == "mark") and OTHER_TOKEN in texts[1]
    assert OTHER_TOKEN not in texts[2]


def test_overlapping_other_mentions_are_left_alone():
    outer = Record(id="1", text="President Kim spoke", span=(0, 13))
    inner = Record(id="2", text="President Kim spoke", span=(10, 13))
    text = WordView(mention="mark", others="mark").documents([outer, inner])[0]
    assert OTHER_TOKEN not in text and text.count(TARGET_TOKEN) == 2


def test_strip_and_normalize():
    record = Record(id="1", text="Sooooo good @bob 1,200 http://x.io/a #EndTag")
    text = (
        WordView(strip="#EndTag", normalize=("urls", "users", "numbers", "elongations"))
        .documents([record])[0]
        .split()
    )
    assert text == ["Soo", "good", "@USER", "0", "URL"]
    assert "#EndTag" in WordView().documents([record])[0]


def test_negation_marks_words_up_to_punctuation():
    assert mark_negation("I don't like it, but fine") == "I don't neg_like neg_it , but fine"
    assert mark_negation("never again!") == "never neg_again !"
    record = Record(id="1", text="We do not back it.")
    assert "neg_back" in WordView(negation=True).documents([record])[0]


@pytest.mark.parametrize(("analyzer", "term"), [("word", "tax|fair tax"), ("char", "tax|r t")])
def test_subject_ngrams_view(analyzer, term):
    record = Record(id="1", text="A fair tax", subject="Tax")
    view = SubjectNgramsView(analyzer=analyzer, ngram_range=(1, 3))
    terms = view.documents([record])[0].split(TERM_SEPARATOR)
    assert term in terms and all(t.startswith("tax|") for t in terms)


@pytest.mark.parametrize(
    ("cls", "params"),
    [
        (WordView, {"mention": "bold"}),
        (WordView, {"others": "bold"}),
        (CharView, {"analyzer": "letters"}),
        (WordView, {"normalize": ("emoji",)}),
        (WordView, {"strip": "(unclosed"}),
    ],
)
def test_bad_options_are_refused(cls, params):
    with pytest.raises(ValueError):
        cls(**params).fit([Record(id="1", text="x")])


def test_subject_ngrams_replace_subject_words_and_carry_the_weight():
    views = legacy_views(dict(subject_ngrams=True, subject_weight=2.0, window=2, clause=True))
    names = [v.name for v in views]
    assert "subject_words" not in names
    assert {"subject_word_ngrams", "subject_char_ngrams", "mention_clause"} <= set(names)
    assert dict(zip(names, [v.weight for v in views], strict=True))["subject_char_ngrams"] == 2.0


def test_weight_scales_the_view():
    X, _ = records_and_labels()
    plain = WordView().fit(X).transform(X)
    heavy = WordView(weight=2.0).fit(X).transform(X)
    assert np.allclose(heavy.toarray(), 2 * plain.toarray())


def test_window_ngrams_and_window_chars():
    record = Record(id="1", text=SENTENCE, span=KIM)
    pairs = MentionWindowView(window=2, ngram_range=(1, 2)).fit([record]).vectorizer_.vocabulary_
    assert "L_said R_who" in pairs
    chars = MentionWindowCharsView(window=2).fit([record]).vectorizer_.vocabulary_
    assert "nev" in chars


def test_char_analyzer_is_passed_on():
    assert CharView(analyzer="char").make_vectorizer().analyzer == "char"


EVERYTHING = legacy_views(
    dict(
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
    )
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
    model = StanceClassifier(per_subject=per_subject, views=EVERYTHING).fit(X, y)
    assert (model.predict(X) == y).mean() > 0.9
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    unseen = [Record(id="u", text="Nobody will pay 30 tax", subject="other", span=(16, 19))]
    assert np.array_equal(model.predict_proba(X + unseen), loaded.predict_proba(X + unseen))
    assert model_params(loaded) == model_params(model)


def test_newton_cg_and_lbfgs_agree():
    X, y = records_and_labels()
    fast = StanceClassifier(solver="newton-cg").fit(X, y)
    slow = StanceClassifier(solver="lbfgs").fit(X, y)
    assert (fast.predict(X) == slow.predict(X)).mean() > 0.95


def test_the_content_unit_reads_only_what_the_speaker_is_responsible_for():
    record = Record(
        id="1",
        text="Lena Hart, the treasurer, said that the charge was a disaster.",
        subject="charge",
        span=(40, 46),
    )
    content = WordView(unit="content", mention="mark").fit([record])
    terms = set(content.get_feature_names_out())
    assert {"disaster", TARGET_TOKEN.lower()} <= terms and not {"hart", "said"} & terms
    sentence = set(WordView(mention="mark").fit([record]).get_feature_names_out())
    assert {"hart", "said"} <= sentence


def test_a_sentence_without_a_speech_cue_is_its_own_content():
    record = Record(id="1", text="Lena Hart endorsed the charge on Tuesday.", subject="charge")
    terms = set(WordView(unit="content").fit([record]).get_feature_names_out())
    assert {"hart", "endorsed", "charge"} <= terms


def test_the_content_unit_survives_save_and_load(tmp_path):
    records, labels = records_and_labels()
    model = StanceClassifier(views=[WordView(unit="content"), CharView(unit="content")])
    model.fit(records, labels)
    save_model(model, tmp_path / "model")
    loaded = load_model(tmp_path / "model")
    assert model_params(loaded)["views"][0] == {"kind": "word", "unit": "content"}
    assert (loaded.predict_proba(records) == model.predict_proba(records)).all()


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unit must be one of"):
        WordView(unit="paragraph").fit(["a sentence"])
