"""The shipped corpus meets its promises: counts, balance, no near-duplicates, consistent files."""

import itertools
import json
import re
import subprocess
import sys
from collections import Counter

import pytest
from conftest import REPO

CORPUS = REPO / "datasets" / "wirestance"
FIELDS = [
    "id",
    "doc",
    "text",
    "speaker",
    "mention",
    "mention_kind",
    "pattern",
    "subject",
    "stance",
    "reaction",
]


@pytest.fixture(scope="module")
def records():
    with open(CORPUS / "statements.jsonl", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def test_every_record_has_the_documented_fields(records):
    for record in records:
        assert list(record) == FIELDS, record["id"]
        assert record["stance"] in ("favor", "against", "none")
        assert record["reaction"] in ("positive", "negative", "neutral")


def test_counts_meet_the_minimums(records):
    attributed = [r for r in records if r["speaker"]]
    assert len({r["doc"] for r in records}) >= 60
    assert len(records) >= 800
    assert len(attributed) >= 600
    assert len({r["subject"] for r in records}) >= 10


@pytest.mark.parametrize("task", ["stance", "reaction"])
def test_no_class_over_55_percent_of_attributed_sentences(records, task):
    counts = Counter(r[task] for r in records if r["speaker"])
    assert max(counts.values()) / sum(counts.values()) <= 0.55, counts


def test_every_subject_has_speakers_on_both_sides(records):
    by_subject = {}
    for r in records:
        if r["speaker"]:
            by_subject.setdefault(r["subject"], Counter())[r["stance"]] += 1
    for subject, counts in by_subject.items():
        assert counts["favor"] >= 5 and counts["against"] >= 5, (subject, counts)


def test_stance_is_not_given_away_by_the_verb(records):
    """Praise and denial verbs occur with both favor and against stances."""
    for verb in ("praised", "denied", "welcomed", "criticised"):
        stances = {r["stance"] for r in records if r["speaker"] and verb in r["text"]}
        assert {"favor", "against"} <= stances, (verb, stances)


def test_reaction_does_not_mirror_stance(records):
    attributed = [r for r in records if r["speaker"]]
    mirror = {"favor": "positive", "against": "negative", "none": "neutral"}
    mixed = sum(r["reaction"] != mirror[r["stance"]] for r in attributed)
    assert mixed / len(attributed) >= 0.25


def test_no_near_duplicate_sentences(records):
    words = [(r["id"], set(re.findall(r"\w+", r["text"].lower()))) for r in records]
    words = [(i, w) for i, w in words if len(w) >= 4]
    similar = [
        (a, b)
        for (a, wa), (b, wb) in itertools.combinations(words, 2)
        if len(wa & wb) / len(wa | wb) >= 0.6
    ]
    assert similar == []


def test_records_are_the_sentences_of_their_articles_in_order(records):
    by_doc = {}
    for record in records:
        by_doc.setdefault(record["doc"], []).append(record)
    assert {p.stem for p in (CORPUS / "articles").glob("*.txt")} == set(by_doc)
    for doc, rows in by_doc.items():
        text = (CORPUS / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        position = text.index("\n")  # after the headline
        for index, row in enumerate(rows):
            assert row["id"] == f"{doc}-s{index:02d}"
            found = text.find(row["text"], position)
            assert found >= 0 and not text[position:found].strip(), row["id"]
            position = found + len(row["text"])
            if row["mention"]:
                assert row["mention"] in row["text"], row["id"]
            assert (row["speaker"] == "") == (row["pattern"] == "none"), row["id"]


def test_data_card_counts_match_the_data():
    printed = subprocess.run(
        [sys.executable, str(CORPUS / "stats.py")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed in (CORPUS / "README.md").read_text(encoding="utf-8")
