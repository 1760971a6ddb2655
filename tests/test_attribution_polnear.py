"""Reading PolNeAR-format gold (``stance.io.polnear``) and scoring attribution relations
against it (``stance.attribution.polnear``): a small invented gold, worked out by hand."""

import json
import re

import pytest
from conftest import SHARED

from stance.attribution.polnear import cue_kind, name_tokens, score_relations, trim
from stance.io.polnear import read_polnear_gold
from stance.records import Attribution, StanceError, Statement
from stance.tables import polnear_score_tables

# Three invented articles (first line = headline, as in PolNeAR).
ARTICLES = {
    "a.txt": "Bridge to reopen in May\n"
    "Mayor Lena Okafor said the bridge will reopen in May. "
    "“We are ready,” she told reporters. Officials believe the cost will rise.\n",
    "b.txt": "Vote row deepens\n"
    '"The plan is dead," Senator Tomas Berg said, "and everyone knows it." '
    "It is expected that the tax will pass. Ruiz said Berg believes the vote was rigged. "
    "Critics were furious.\n",
    "c.txt": "Roads closed\nHe said the roads are closed. Ana Lind agreed that the detour works.\n",
}


def at(doc: str, phrase: str, after: str = "") -> tuple[int, int]:
    """The offsets of ``phrase`` in the article, searched from the first ``after``."""
    text = ARTICLES[doc]
    start = text.index(phrase, text.index(after) if after else 0)
    return start, start + len(phrase)


def relation(doc, attr_id, source, cue, content, kind, names=(), *, after="", pronoun=None):
    """One gold relation in PolNeAR's format; ``content`` may be a list of pieces."""
    text = ARTICLES[doc]
    pieces = [
        at(doc, piece, after) for piece in ([content] if isinstance(content, str) else content)
    ]
    source_span = at(doc, source, after) if source else None
    cue_span = at(doc, cue, after)
    return {
        "doc": doc,
        "attr_id": attr_id,
        "annotator": "zz",
        "linked": True,
        "source": source or "",
        "source_start": source_span[0] if source_span else None,
        "source_end": source_span[1] if source_span else None,
        "source_spans": [list(source_span)] if source_span else [],
        "cue": cue,
        "cue_start": cue_span[0],
        "cue_end": cue_span[1],
        "content": " ".join(text[s:e] for s, e in pieces),
        "content_start": pieces[0][0],
        "content_end": pieces[-1][1],
        "content_spans": [list(p) for p in pieces],
        "source_kind": kind,
        "source_name_tokens": list(names),
        "pronoun_class": pronoun,
    }


# fmt: off
GOLD_ROWS = [
    relation("a.txt", "E1", "Mayor Lena Okafor", "said", "the bridge will reopen in May",
             "name", ["lena", "okafor"]),
    relation("a.txt", "E2", "she", "told", "“We are ready,”", "pronoun", pronoun="personal"),
    relation("a.txt", "E3", "Officials", "believe", "the cost will rise", "description"),
    relation("b.txt", "E1", "Senator Tomas Berg", "said",
             ['"The plan is dead,"', '"and everyone knows it."'], "name", ["tomas", "berg"]),
    relation("b.txt", "E2", None, "is expected", "that the tax will pass", "none"),
    # a sentence with two attributions, one inside the other's content
    relation("b.txt", "E3", "Ruiz", "said", "Berg believes the vote was rigged", "name",
             ["ruiz"], after="Ruiz"),
    relation("b.txt", "E4", "Berg", "believes", "the vote was rigged", "name", ["berg"],
             after="Ruiz"),
    relation("c.txt", "E1", "He", "said", "the roads are closed", "pronoun", pronoun="personal"),
    relation("c.txt", "E2", "Ana Lind", "agreed", "that the detour works", "name", ["ana", "lind"]),
]
# fmt: on


def write_gold(path, rows=GOLD_ROWS):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path):
    return read_polnear_gold(write_gold(tmp_path / "gold.jsonl"))


def predict(doc, source, cue, content, speaker, *, after="", kind="speech", mention="name"):
    """A predicted relation whose spans are found in the article (a tuple is a range)."""
    text = ARTICLES[doc]
    spans = []
    for part in (source, cue, content):
        if part is None:
            spans.append((None, None))
        elif isinstance(part, tuple):
            spans.append(part)
        else:
            spans.append(at(doc, part, after))
    return relation_of(doc, text, *spans, speaker, mention, kind=kind)


def relation_of(doc, text, source, cue, content, speaker, mention, kind="speech"):
    """An Attribution over the article ``text`` from (start, end) pairs; no source: None."""
    return Attribution(
        doc=doc,
        source=text[source[0] : source[1]] if source[0] is not None else None,
        source_start=source[0],
        source_end=source[1],
        speaker=speaker,
        mention=mention,
        cue=text[cue[0] : cue[1]],
        cue_start=cue[0],
        cue_end=cue[1],
        content=text[content[0] : content[1]],
        content_start=content[0],
        content_end=content[1],
        kind=kind,
    )


def perfect(rows, articles):
    """Predictions equal to the gold: the pronoun's speaker is the preceding named source."""
    out, named = [], {}
    for row in sorted(rows, key=lambda r: (r["doc"], r["source_start"] or -1)):
        text = articles[row["doc"]]
        if row["source_kind"] == "name":
            named[row["doc"]] = row
        speaker = {
            "name": " ".join(row["source_name_tokens"]),
            "pronoun": " ".join(named[row["doc"]]["source_name_tokens"])
            if row["doc"] in named
            else row["source"],
            "description": row["source"],
            "none": None,
        }[row["source_kind"]]
        cs = row["cue_start"] if row["cue_start"] is not None else row["content_start"]
        ce = row["cue_end"] if row["cue_end"] is not None else cs
        source, content = (
            (row["source_start"], row["source_end"]),
            (row["content_start"], row["content_end"]),
        )
        out.append(
            relation_of(row["doc"], text, source, (cs, ce), content, speaker, row["source_kind"])
        )
    return out


def rates(scores, path=""):
    """Every (path, rate) of the scores, the targets left out."""
    for key, value in scores.items():
        if key.startswith("target"):
            continue
        if isinstance(value, dict):
            yield from rates(value, f"{path}/{key}")
        elif isinstance(value, float):
            yield f"{path}/{key}", value


def test_perfect_predictions_score_one_everywhere(gold):
    scores = score_relations(perfect(gold, ARTICLES), gold)
    assert scores["n_docs"] == 3
    assert scores["relations"]["partial"]["n_matched_gold"] == len(GOLD_ROWS)
    assert scores["relations"]["exact"]["n_matched_predicted"] == len(GOLD_ROWS)
    assert scores["speaker"]["name"]["n_right"] == 5
    assert scores["speaker"]["pronoun"]["n_right"] == 2
    wrong = [(path, value) for path, value in rates(scores) if value != 1.0]
    assert wrong == []
    assert scores["sentences"] is None


def scenario():
    """Hand-made predictions for a.txt and b.txt; c.txt gets none (see the expected scores)."""
    return [
        # a1: a partial source (no title) and a partial content; speaker right
        predict("a.txt", "Lena Okafor", "said", "the bridge will reopen", "Lena Okafor"),
        # a2: content without its quote marks and comma (exact after trimming); the pronoun
        # stands for Okafor, the preceding named source
        predict("a.txt", "she", "told", "We are ready", "Lena Okafor", mention="pronoun"),
        # a3 (description, "believe") is missed
        # b1: discontinuous gold content, predicted as its envelope; wrong speaker
        predict(
            "b.txt",
            "Senator Tomas Berg",
            "said",
            at("b.txt", '"The plan', "")[:1] + (at("b.txt", 'knows it."')[1],),
            "Ruiz",
        ),
        # b2: no source, and none predicted
        predict("b.txt", None, "is expected", "that the tax will pass", None, mention="none"),
        # b3: the outer relation of a two-attribution sentence; b4 (inner) is missed
        predict("b.txt", "Ruiz", "said", "Berg believes the vote was rigged", "Ruiz", after="Ruiz"),
        # an extra relation no gold holds
        predict(
            "b.txt", "Critics", "were", "furious", "critics", kind="belief", mention="description"
        ),
        # a document the gold does not hold: left out
        relation_of("zzz.txt", "X said it", (0, 1), (2, 6), (7, 9), "X", "name"),
    ]


def test_relations_and_components_of_an_imperfect_prediction(gold):
    scores = score_relations(scenario(), gold)
    assert (scores["n_docs"], scores["n_gold_docs_not_scored"]) == (2, 1)  # c.txt: no prediction
    relations = scores["relations"]
    assert (relations["n_gold"], relations["n_predicted"]) == (7, 6)
    assert relations["partial"] == {
        "n_matched_gold": 5,
        "n_matched_predicted": 5,
        "precision": 0.833,  # 5/6
        "recall": 0.714,  # 5/7
        "f1": 0.769,  # 50/65
    }
    assert relations["exact"] == {
        "n_matched_gold": 4,  # a1's content is partial only
        "n_matched_predicted": 4,
        "precision": 0.667,
        "recall": 0.571,
        "f1": 0.615,  # 8/13
    }
    components = scores["components"]
    assert components["n_matched"] == 5
    assert components["source"] == {"n_partial": 5, "partial": 1.0, "n_exact": 4, "exact": 0.8}
    assert components["cue"] == {"n_partial": 5, "partial": 1.0, "n_exact": 5, "exact": 1.0}
    assert components["content"] == {"n_partial": 5, "partial": 1.0, "n_exact": 4, "exact": 0.8}


def test_speaker_accuracy_by_source_kind(gold):
    speaker = score_relations(scenario(), gold)["speaker"]
    # named: a1 right, b1 wrong speaker, b3 right, b4 unmatched; b4's cue "believes" is no speech
    assert speaker["name"] == {"n_gold": 4, "n_right": 2, "accuracy": 0.5, "target": 0.85}
    assert speaker["name_speech_cue"] == {
        "n_gold": 3,
        "n_right": 2,
        "accuracy": 0.667,
        "target": 0.95,
    }
    assert speaker["pronoun"] == {"n_gold": 1, "n_right": 1, "accuracy": 1.0, "target": 0.7}
    assert speaker["description"] == {"n_gold": 1, "n_right": 0, "accuracy": 0.0, "target": 0.7}
    assert speaker["none"] == {
        "n_gold": 1,
        "n_matched": 1,
        "matched": 1.0,
        "n_no_source": 1,
        "no_source": 1.0,
    }


def test_breakdowns_by_source_kind_cue_kind_and_predicted_kind(gold):
    scores = score_relations(scenario(), gold)
    speech, other = scores["by_cue_kind"]["speech"], scores["by_cue_kind"]["other"]
    # speech: a1 said, a2 told, b1 said, b3 said; other: a3 believe, b2 is expected, b4 believes
    assert (speech["n_gold"], speech["n_matched"], speech["recall_partial"]) == (4, 4, 1.0)
    assert (speech["n_matched_exact"], speech["recall_exact"]) == (3, 0.75)
    assert speech["speaker"] == {"n_gold": 4, "n_right": 3, "accuracy": 0.75}
    assert (other["n_gold"], other["n_matched"], other["recall_partial"]) == (3, 1, 0.333)
    assert other["speaker"] == {"n_gold": 2, "n_right": 0, "accuracy": 0.0}  # b2 has no source
    name = scores["by_source_kind"]["name"]
    assert (name["n_gold"], name["n_matched"], name["n_matched_exact"]) == (4, 3, 2)
    assert name["components"]["source"]["exact"] == 0.667  # a1's source lacks "Mayor"
    assert scores["by_source_kind"]["none"]["speaker"] is None
    assert scores["precision_by_kind"] == {
        "belief": {
            "n_predicted": 1,
            "n_matched": 0,
            "precision_partial": 0.0,
            "precision_exact": 0.0,
        },
        "speech": {
            "n_predicted": 5,
            "n_matched": 5,
            "precision_partial": 1.0,
            "precision_exact": 0.8,
        },
    }
    assert scores["precision_by_mention"]["description"]["n_predicted"] == 1


def test_documents_given_count_their_missed_relations(gold):
    scores = score_relations(scenario(), gold, docs={"a.txt", "b.txt", "c.txt", "other.txt"})
    assert (scores["n_docs"], scores["n_gold_docs_not_scored"]) == (3, 0)
    assert scores["relations"]["n_gold"] == 9
    assert scores["relations"]["partial"]["recall"] == 0.556  # 5/9
    assert scores["speaker"]["pronoun"]["n_gold"] == 2


def test_the_article_text_trims_as_the_span_texts_do(gold):
    assert score_relations(scenario(), gold) == score_relations(scenario(), gold, articles=ARTICLES)


@pytest.mark.parametrize(
    ("source", "right"),
    [("He", True), ("roads", False), (None, False)],
)
def test_a_pronoun_without_a_preceding_name_is_right_when_the_sources_overlap(gold, source, right):
    mention = "none" if source is None else "pronoun"
    predicted = [
        predict("c.txt", source, "said", "the roads are closed", "Somebody", mention=mention)
    ]
    pronoun = score_relations(predicted, gold)["speaker"]["pronoun"]
    assert (pronoun["n_gold"], pronoun["n_right"]) == (1, int(right))


@pytest.mark.parametrize(
    ("speaker", "right"),
    [("Lena Okafor", True), ("okafor", True), ("Mayor", False), ("Tomas Berg", False)],
)
def test_a_pronoun_takes_the_speaker_of_the_nearest_preceding_named_source(gold, speaker, right):
    predicted = [predict("a.txt", "she", "told", "We are ready", speaker, mention="pronoun")]
    pronoun = score_relations(predicted, gold)["speaker"]["pronoun"]
    assert pronoun["n_right"] == int(right)


def test_a_description_is_right_by_source_overlap_or_a_shared_word(gold):
    by_span = predict("a.txt", "Officials", "believe", "the cost will rise", "City Hall")
    by_word = predict("a.txt", "the", "believe", "the cost will rise", "officials")
    for predicted in ([by_span], [by_word]):
        assert score_relations(predicted, gold)["speaker"]["description"]["n_right"] == 1
    wrong = predict("a.txt", "the", "believe", "the cost will rise", "City Hall")
    assert score_relations([wrong], gold)["speaker"]["description"]["n_right"] == 0


def test_sentence_level_figures(gold):
    def sentence(doc, index, text, speaker):
        start, end = at(doc, text)
        return Statement(doc, index, start, end, text, speaker)

    statements = [
        sentence("a.txt", -1, "Bridge to reopen in May", "Lena Okafor"),  # no gold: counts
        sentence("a.txt", 0, "Mayor Lena Okafor said the bridge will reopen in May.", "Okafor"),
        sentence("a.txt", 1, "“We are ready,” she told reporters.", "Lena Okafor"),
        sentence("a.txt", 2, "Officials believe the cost will rise.", None),
        sentence(
            "b.txt",
            0,
            '"The plan is dead," Senator Tomas Berg said, "and everyone knows it."',
            "Tomas Berg",
        ),
        sentence("b.txt", 1, "It is expected that the tax will pass.", None),
        sentence("b.txt", 2, "Ruiz said Berg believes the vote was rigged.", "Ruiz"),
        sentence("b.txt", 3, "Critics were furious.", "Critics"),  # no gold
        Statement("zzz.txt", 0, 0, 10, "Elsewhere.", "Somebody"),  # not a scored document
    ]
    sentences = score_relations([], gold, statements=statements)["sentences"]
    # named: a1 and b1 right, b3 right, b4 overlaps Ruiz's sentence but is Berg's
    assert sentences["named"] == {
        "n_gold": 4,
        "n_overlap": 4,
        "recall": 1.0,
        "n_right": 3,
        "speaker_right": 0.75,
    }
    assert sentences["named_speech_cue"]["speaker_right"] == 1.0
    assert sentences["named_other_cue"] == {
        "n_gold": 1,
        "n_overlap": 1,
        "recall": 1.0,
        "n_right": 0,
        "speaker_right": 0.0,
    }
    assert (sentences["n_sentences_with_speaker"], sentences["n_without_gold"]) == (6, 2)
    assert sentences["without_gold"] == 0.333


def test_the_table_shows_the_headline_figures_within_100_columns(gold):
    statements = [Statement("a.txt", 0, 24, 60, "x", "Lena Okafor")]
    text = polnear_score_tables(score_relations(scenario(), gold, statements=statements))
    assert max(len(line) for line in text.splitlines()) <= 100
    for expected in (
        "named source, speech cue",
        ">= 0.95",
        "partial",
        "exact",
        "content",
        "cue: speech",
        "kind: belief",
        "sentence level",
        "target < 0.05",
    ):
        assert expected in text
    assert "sentence level" not in polnear_score_tables(score_relations(scenario(), gold))


@pytest.mark.parametrize(
    ("cue", "kind"),
    [
        ("said", "speech"),
        ("has said", "speech"),
        ("also told", "speech"),
        ("According to", "speech"),
        (":", "speech"),
        ("―", "speech"),
        ("tweeted:", "speech"),
        ("said in a statement", "speech"),
        ("went on to say", "speech"),
        ("pointed out", "speech"),
        ("admitted", "speech"),
        ("replies", "speech"),
        ("didn't say", "speech"),
        ("declined to comment", "other"),
        ("endorsed", "other"),
        ("found", "other"),
        ("believes", "other"),
        ("shows", "other"),
        ("", "other"),
        (None, "other"),
    ],
)
def test_cue_kind(cue, kind):
    assert cue_kind(cue) == kind


def test_name_tokens_drop_titles_stopwords_and_dots():
    assert name_tokens("Sen. Tomas Berg") == {"tomas", "berg"}
    assert name_tokens("President Obama’s aides") == {"obama", "aides"}
    assert name_tokens(["u.s"]) == name_tokens("the U.S.") == {"us"}
    assert name_tokens(None) == set()


def test_trim_strips_quotes_and_punctuation_at_both_ends_of_all_pieces():
    assert trim([(0, 15)], "“We are ready,”") == [(1, 13)]
    assert trim([(5, 6), (8, 12)], "“ ok,”") == [(8, 10)]  # the first piece is only a quote
    assert trim([(3, 4)], ":") == [(3, 4)]  # all punctuation: kept whole
    assert trim([(0, 9)], "too short") == [(0, 9)]
    assert trim([(0, 4)], "no fit at all") == [(0, 4)]  # a text that does not fit: untouched


def good_line(**changes):
    row = dict(GOLD_ROWS[0])
    row.update(changes)
    return json.dumps({k: v for k, v in row.items() if v != "DROP"})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (good_line(cue="DROP"), "missing field 'cue'"),
        (good_line(doc=""), "field 'doc' must be"),
        (good_line(content_start="25"), "content_start/content_end must be integer offsets"),
        (good_line(cue_start=40, cue_end=30), "cue_start/cue_end must be integer offsets"),
        (good_line(source_start=None), "source_start/source_end must be integer offsets"),
        (good_line(source_kind="person"), "unknown source_kind 'person'"),
        (good_line(content_spans=[[0, 999]]), "content_spans must be [start, end] pieces"),
        (good_line(source_kind="none"), "source_kind 'none' but the source has offsets"),
        (good_line(source_name_tokens="lena"), "source_name_tokens must be a list"),
    ],
)
def test_a_bad_gold_line_names_the_file_the_line_and_the_fault(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(good_line() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(StanceError) as error:
        read_polnear_gold(path)
    assert str(error.value).startswith(f"{path}:2: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_gold_file_is_an_error(tmp_path, content):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StanceError, match=rf"^{re.escape(str(path))}: .*empty"):
        read_polnear_gold(path)


def test_a_missing_gold_file_is_an_error(tmp_path):
    with pytest.raises(StanceError, match="no such file"):
        read_polnear_gold(tmp_path / "absent.jsonl")


def test_a_relation_without_source_or_cue_offsets_reads(tmp_path):
    row = dict(GOLD_ROWS[4], cue="", cue_start=None, cue_end=None)
    [read] = read_polnear_gold(write_gold(tmp_path / "gold.jsonl", [row]))
    assert (read["source_spans"], read["cue_spans"]) == ([], [])


POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


def test_polnear_dev_against_itself_scores_one_everywhere():
    if not (POLNEAR_DEV / "gold.jsonl").is_file():
        pytest.skip("../shared/data/polnear/dev is not here")
    gold = read_polnear_gold(POLNEAR_DEV / "gold.jsonl")
    articles = {
        doc: (POLNEAR_DEV / "articles" / doc).read_text(encoding="utf-8")
        for doc in {row["doc"] for row in gold}
    }
    scores = score_relations(perfect(gold, articles), gold, articles=articles)
    assert scores["relations"]["partial"]["n_matched_gold"] == len(gold)
    assert scores["relations"]["exact"]["n_matched_gold"] == len(gold)
    components = scores["components"]
    assert all(components[p]["n_exact"] == len(gold) for p in ("source", "cue", "content"))
    speaker = scores["speaker"]
    assert all(speaker[k]["n_right"] == speaker[k]["n_gold"] for k in ("name", "pronoun"))
    assert [(path, value) for path, value in rates(scores) if value != 1.0] == []


def test_any_overlap_accuracy_counts_a_gold_relation_covered_by_a_relation_already_paired(gold):
    # One prediction covers both Ruiz's report and Berg's belief inside it, with Ruiz's
    # name: one-to-one pairing gives it to one gold relation only, any-overlap to both,
    # and only Ruiz's is right either way.
    predicted = [
        predict("b.txt", "Ruiz", "said", "Berg believes the vote was rigged", "Ruiz", after="Ruiz")
    ]
    scores = score_relations(predicted, [g for g in gold if g["doc"] == "b.txt"])
    assert scores["speaker"]["name"]["n_right"] == 1
    assert scores["speaker"]["any_overlap"]["name"] == round(1 / 3, 3)
    berg = [predict("b.txt", "Ruiz", "said", "Berg believes the vote was rigged", "Berg Ruiz",
                    after="Ruiz")]  # fmt: skip
    scores = score_relations(berg, [g for g in gold if g["doc"] == "b.txt"])
    assert scores["speaker"]["name"]["n_right"] == 1
    assert scores["speaker"]["any_overlap"]["name"] == round(2 / 3, 3)
