"""Attribution relations: (source, cue, content) spans, kinds, and the sentence view beside them."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stance.attribution import extract, extract_attributions
from stance.attribution.analysis import analyse
from stance.cli import app

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "datasets" / "wirestance" / "articles"
POLNEAR = REPO.parent / "shared" / "data" / "polnear"


def relations(body: str):
    """The relations of a one-paragraph article (a headline keeps the body a body)."""
    text = f"Headline\n\n{body}\n"
    found = [r for r in extract_attributions(text, doc="t") if r.sentence >= 0]
    for r in found:
        assert text[r.cue_start : r.cue_end] == r.cue
        assert text[r.content_start : r.content_end] == r.content
        if r.source_start is not None:
            assert text[r.source_start : r.source_end] == r.source
    return found


def only(body: str):
    found = relations(body)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "body, source, cue, content",
    [
        (
            "Lena Hart, the union's treasurer, said that the offer was fair.",
            "Lena Hart",
            "said",
            "that the offer was fair",
        ),
        ('"We will not back down," Lena Hart added.', "Lena Hart", "added", '"We will not back down,"'),
        ("Talks will resume next week, the ministry said on Monday.", "the ministry", "said",
         "Talks will resume next week"),
        ("According to the ministry, work will start in May.", "the ministry", "According to",
         "work will start in May"),
        ("Work will start in May, according to Lena Hart.", "Lena Hart", "according to",
         "Work will start in May"),
        ('Lena Hart told reporters: "This is a fair offer."', "Lena Hart", "told",
         '"This is a fair offer."'),
        ("Rubio: I still believe he cannot be trusted.", "Rubio", ":",
         "I still believe he cannot be trusted"),
        ("''Some courses are adapting,'' said Paul H. Chipok, a lawyer in Orlando.",
         "Paul H. Chipok", "said", "''Some courses are adapting,''"),
        ('"I want Bernie in the fold," said Sen. Sherrod Brown of Ohio.',
         "Sen. Sherrod Brown of Ohio", "said", '"I want Bernie in the fold,"'),
        ("Lena Hart has repeatedly said the offer was fair.", "Lena Hart", "has repeatedly said",
         "the offer was fair"),
    ],
)  # fmt: skip
def test_source_cue_and_content_spans(body, source, cue, content):
    relation = only(body)
    assert (relation.source, relation.cue, relation.content) == (source, cue, content)
    assert relation.kind == "speech"


def test_a_quotation_over_several_sentences_is_one_relation():
    relation = only('"We will appeal. The ruling is wrong," Hart said. "We have the votes."')
    assert relation.content.startswith('"We will appeal.')
    assert relation.content.endswith('"We have the votes."')


def test_acts_beliefs_and_findings_are_relations_but_their_sentences_stay_the_narrators():
    body = (
        "Lena Hart endorsed the mayor on Tuesday. Hart wants to abolish the toll. A Quinnipiac"
        " poll showed the mayor ahead by five points."
    )
    found = relations(body)
    assert [(r.speaker, r.kind, r.content) for r in found] == [
        ("Lena Hart", "act", "the mayor on Tuesday"),
        ("Lena Hart", "belief", "to abolish the toll"),
        ("Quinnipiac poll", "finding", "the mayor ahead by five points"),
    ]
    sentences = [s for s in extract(f"Headline\n\n{body}\n") if s.part == "body"]
    assert [s.speaker for s in sentences] == [None, None, None]


def test_a_sentence_with_two_cues_gives_two_relations():
    first, second = relations('"We will win," Hart said, adding that the vote was close.')
    assert (first.cue, first.content) == ("said", '"We will win,"')
    assert (second.speaker, second.cue, second.content) == (
        "Hart",
        "adding",
        "that the vote was close",
    )


def test_a_nested_report_gives_the_inner_content_to_its_own_source():
    body = (
        "Lena Hart met Tomas Reddick on Monday. Hart said Reddick believes that the deal is dead."
    )
    outer, inner = [r for r in relations(body) if r.kind != "act"]
    assert (outer.speaker, inner.speaker) == ("Lena Hart", "Tomas Reddick")
    assert inner.content == "that the deal is dead"
    assert outer.content == "Reddick believes that the deal is dead"


def test_mention_kinds_and_a_pronoun_resolved():
    found = relations("Lena Hart arrived late. She said the offer was fair. Officials said no.")
    assert [(r.mention, r.speaker) for r in found[-2:]] == [
        ("pronoun", "Lena Hart"),
        ("description", "Officials"),
    ]


def test_an_article_without_attributions_has_no_relations():
    assert relations("The vote is expected on Friday. The hall seats 400.") == []


def test_the_sentence_view_is_the_same_with_or_without_relations():
    for path in sorted(CORPUS.glob("*.txt"))[:60]:
        text = path.read_text(encoding="utf-8")
        assert analyse(text).statements == extract(text), path.name


def test_every_span_of_the_shipped_corpus_is_its_text():
    for path in sorted(CORPUS.glob("*.txt"))[:60]:
        text = path.read_text(encoding="utf-8")
        for r in extract_attributions(text, doc=path.stem):
            assert text[r.cue_start : r.cue_end] == r.cue
            assert text[r.content_start : r.content_end] == r.content
            assert r.source_start is None or text[r.source_start : r.source_end] == r.source
            assert r.kind in ("speech", "belief", "finding", "act")


runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


ARTICLE = (
    "Tram plan approved\n\nLena Hart, the union's treasurer, said the offer was fair."
    ' "We will not back down," she added. The vote is expected on Friday.\n'
)


def test_extract_writes_one_row_per_attribution(tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = invoke("extract", article, "--unit", "attribution", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["speaker"], r["cue"], r["mention"]) for r in rows] == [
        ("Lena Hart", "said", "name"),
        ("Lena Hart", "added", "pronoun"),
    ]
    fields = "doc source source_start source_end speaker mention cue cue_start cue_end content"
    assert set(fields.split()) | {"content_start", "content_end", "kind"} <= set(rows[0])
    table = invoke("extract", article, "--unit", "attribution")
    assert table.exit_code == 0 and "Lena Hart" in table.output and "speech" in table.output


def polnear_gold(path: Path) -> Path:
    text = ARTICLE
    rows = []
    for number, (source, cue, content) in enumerate(
        [
            ("Lena Hart, the union's treasurer,", "said", "the offer was fair"),
            ("she", "added", '"We will not back down,"'),
        ]
    ):
        start = text.index(content)
        row = {
            "doc": "tram.txt",
            "attr_id": f"E{number}",
            "annotator": "t",
            "linked": True,
            "source": source,
            "source_start": text.index(source),
            "source_end": text.index(source) + len(source),
            "source_spans": [[text.index(source), text.index(source) + len(source)]],
            "cue": cue,
            "cue_start": text.index(cue),
            "cue_end": text.index(cue) + len(cue),
            "content": content,
            "content_start": start,
            "content_end": start + len(content),
            "content_spans": [[start, start + len(content)]],
            "source_kind": "name" if number == 0 else "pronoun",
            "source_name_tokens": ["lena", "hart"] if number == 0 else [],
            "pronoun_class": None if number == 0 else "personal",
        }
        rows.append(json.dumps(row))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_extract_evaluates_against_polnear_format_gold(tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    gold = polnear_gold(tmp_path / "gold.jsonl")
    table = invoke("extract", article, "--evaluate", gold, "--format", "polnear")
    assert table.exit_code == 0, table.output
    assert "named source, all cues" in table.output
    result = invoke("extract", article, "--evaluate", gold, "--format", "polnear", "-o",
                    tmp_path / "scores.json")  # fmt: skip
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["relations"]["partial"]["recall"] == 1.0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "paragraph"], "--unit"),
        (["--format", "polnear"], "--evaluate"),
    ],
)
def test_extract_refuses_a_bad_unit_or_a_gold_format_without_gold(tmp_path, args, message):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = invoke("extract", article, *args)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="needs ../shared/data/polnear")
def test_polnear_dev_relations_stay_above_their_measured_floor():
    from stance.articles import score_relation_files

    scores = score_relation_files([POLNEAR / "dev" / "articles"], POLNEAR / "dev" / "gold.jsonl")
    assert scores["speaker"]["name"]["accuracy"] >= 0.62
    assert scores["sentences"]["without_gold"] < 0.05


@pytest.mark.parametrize(
    "body, speaker, cue, kind, content",
    [
        ("The ad claims “Hart is the candidate you can trust.”", "ad", "claims", "speech",
         "“Hart is the candidate you can trust.”"),
        ("Many said the plan was dead.", "many", "said", "speech", "the plan was dead"),
        ("Turnout fell by a third, new county reports show.", "new county reports", "show",
         "finding", "Turnout fell by a third"),
        ("Seventy-four percent of registered voters say they back the plan.",
         "registered voters", "say", "speech", "they back the plan"),
        ("The vote was close, but many farmers have said the toll is unfair.", "many farmers",
         "have said", "speech", "the toll is unfair"),
        ("Lena Hart Says The Toll Must Go", "Lena Hart", "Says", "speech", "The Toll Must Go"),
        ("Why is the toll still here? #NoToll — Lena Hart (@lenahart) May 2, 2026", "Lena Hart",
         "—", "speech", "#NoToll"),
    ],
)  # fmt: skip
def test_real_news_forms(body, speaker, cue, kind, content):
    relation = relations(body)[-1]
    assert (relation.speaker, relation.cue, relation.kind, relation.content) == (
        speaker,
        cue,
        kind,
        content,
    )


def test_a_cue_that_ends_its_sentence_introduces_the_next():
    found = relations('Lena Hart arrived late. Hart stated: "The toll must go, and soon."')
    assert found[-1].cue == "stated" and found[-1].content == '"The toll must go, and soon."'


def test_a_dateline_after_a_caption_is_not_a_speaker():
    text = (
        "Toll plan dropped\n\nPhoto: the bridge at dawn.\n\nKESSEL, May 2 (Wire) — Lena Hart"
        " said on Monday that the toll would go.\n"
    )
    (relation,) = [r for r in extract_attributions(text) if r.cue == "said"]
    assert relation.speaker == "Lena Hart"
