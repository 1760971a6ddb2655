"""The shipped PolNeAR stand-off labels: well formed, no article text, card in sync."""

import json
import subprocess
import sys
from collections import Counter

import pytest
from conftest import REPO, SHARED

FOLDER = REPO / "datasets" / "polnear-stance"
KEYS = [
    "doc", "split", "attribution", "source_start", "source_end", "cue_start", "cue_end",
    "content_start", "content_end", "speaker", "subject", "stance", "reaction", "article_sha256",
]  # fmt: skip


@pytest.fixture(scope="module")
def labels():
    return [json.loads(line) for line in (FOLDER / "labels.jsonl").read_text().splitlines()]


def test_every_label_has_the_documented_fields_and_values(labels):
    for row in labels:
        assert list(row) == KEYS
        assert row["split"] in ("train", "dev")
        assert row["subject"] in ("Donald Trump", "Hillary Clinton")
        assert row["stance"] in ("favor", "against", "none")
        assert row["reaction"] in ("positive", "negative", "neutral")
        assert len(row["article_sha256"]) == 64
        spans = [(row[f"{k}_start"], row[f"{k}_end"]) for k in ("source", "cue", "content")]
        assert all(s is None or 0 <= s < e for s, e in spans if s is not None)
    docs = {r["doc"]: r["article_sha256"] for r in labels}
    assert all(docs[r["doc"]] == r["article_sha256"] for r in labels)  # one hash per article


def test_counts_meet_the_issue(labels):
    per_split = Counter(r["split"] for r in {r["doc"]: r for r in labels}.values())
    assert per_split["train"] == 200 and per_split["dev"] >= 83
    doubles = (FOLDER / "second_annotation.jsonl").read_text().splitlines()
    assert len(doubles) >= 0.3 * len(labels) * 0.95


def test_no_article_text_is_shipped(labels):
    allowed = {"speaker"}  # names of speakers are labels, not text
    for row in labels:
        for key, value in row.items():
            if isinstance(value, str) and key not in allowed | {"doc", "subject", "article_sha256"}:
                assert len(value) <= 12, (key, value)


def test_data_card_counts_match_the_labels():
    printed = subprocess.run(
        [sys.executable, str(FOLDER / "stats.py")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed in (FOLDER / "README.md").read_text(encoding="utf-8")


POLNEAR = SHARED / "data" / "polnear"


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/data/polnear is not here")
def test_offsets_point_at_the_annotated_spans(labels):
    gold = {}
    for split in ("train", "dev"):
        for line in (POLNEAR / split / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            a = json.loads(line)
            gold[(a["doc"], a["attr_id"])] = a
    for row in labels:
        a = gold[(row["doc"], row["attribution"])]
        for key in ("source_start", "cue_end", "content_start", "content_end"):
            assert row[key] == a[key]
