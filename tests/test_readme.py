"""The README's attribution figures are what `stance extract --evaluate` gives today.

Each figure is recomputed through the same function the command calls and looked up in
the README as a table row, so an improvement or a regression of the rules that is not
carried into the README fails here.
"""

from pathlib import Path

import pytest

from stance.articles import score_extraction_files

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
WIRESTANCE = REPO / "datasets" / "wirestance"
UNSEEN = REPO / "datasets" / "unseen-attribution"


def summary_rows(scores: dict) -> list[str]:
    return [
        f"| sentences | {scores['n_gold']:,} |",
        f"| speaker accuracy | {scores['speaker_accuracy']:.3f} |",
        f"| has-speaker precision / recall | {scores['has_speaker_precision']:.3f} / "
        f"{scores['has_speaker_recall']:.3f} |",
    ]


def breakdown_rows(scores: dict, key: str) -> list[str]:
    return [
        f"| {name} | {row['n_gold']:,} | {row['speaker_accuracy']:.3f} |"
        for name, row in scores[key].items()
    ]


def missing_from_readme(rows: list[str]) -> list[str]:
    return [row for row in rows if row not in README]


def test_the_shipped_corpus_attribution_table_matches_the_command():
    scores = score_extraction_files([WIRESTANCE / "articles"], WIRESTANCE / "statements.jsonl")
    rows = summary_rows(scores) + breakdown_rows(scores, "by_pattern")
    rows += breakdown_rows(scores, "by_mention_kind")
    assert missing_from_readme(rows) == []


def test_the_unseen_test_half_attribution_table_matches_the_command():
    articles = sorted((UNSEEN / "articles").glob("test-*.txt"))
    scores = score_extraction_files(articles, UNSEEN / "statements.jsonl")
    assert missing_from_readme(summary_rows(scores)) == []


@pytest.mark.parametrize("row", ["| sentences | 1 |", "| speaker accuracy | 0.123 |"])
def test_a_figure_that_drifted_is_reported(row):
    assert missing_from_readme([row]) == [row]


POLNEAR = REPO.parent / "shared" / "data" / "polnear" / "dev"


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="needs ../shared/data/polnear")
def test_the_polnear_dev_attribution_tables_match_the_command():
    from stance.articles import score_relation_files

    scores = score_relation_files([POLNEAR / "articles"], POLNEAR / "gold.jsonl")
    speaker = scores["speaker"]
    rows = [
        f"| {label} | {speaker[key]['n_gold']:,} | {speaker[key]['n_right']:,} | "
        f"{speaker[key]['accuracy']:.3f} | {speaker['any_overlap'][key]:.3f} | "
        f"{speaker[key]['target']:.2f} |"
        for label, key in [
            ("named source, speech cue", "name_speech_cue"),
            ("named source, all cues", "name"),
            ("description source", "description"),
            ("pronoun source", "pronoun"),
        ]
    ]
    for match, label in [("partial", "content overlaps"), ("exact", "content equal")]:
        relation = scores["relations"][match]
        rows.append(
            f"| {match} ({label}) | {relation['precision']:.3f} | {relation['recall']:.3f} | "
            f"{relation['f1']:.3f} |"
        )
    sentences = scores["sentences"]
    rows += [
        f"| named sources whose content overlaps a sentence we gave a speaker | "
        f"{sentences['named']['recall']:.3f} |",
        f"| ... and that sentence's speaker shares a name with the source | "
        f"{sentences['named']['speaker_right']:.3f} |",
        f"| the same for speech cues / other cues | "
        f"{sentences['named_speech_cue']['speaker_right']:.3f} / "
        f"{sentences['named_other_cue']['speaker_right']:.3f} |",
        f"| sentences we gave a speaker that overlap no gold relation | "
        f"{sentences['without_gold']:.3f} ({sentences['n_without_gold']:,} of "
        f"{sentences['n_sentences_with_speaker']:,}) |",
    ]
    assert missing_from_readme(rows) == []
