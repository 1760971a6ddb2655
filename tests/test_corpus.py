"""The shipped corpus meets its promises: size, varied shapes, realistic cues, no recycled
names, no near-duplicates, a second annotation, consistent files and data card."""

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

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
#: People of the corpus's shared world who appear, as themselves, in several subjects.
RECURRING = {
    "Margaret Ellison", "Daniel Varga", "Jonas Whitcombe", "Tomas Reinholt", "Tomas Rivera",
    "Ruth Achterberg", "Amara Lindqvist", "Ravi Banerjee", "Marcus Odenkirk", "Clara Westbrook",
    "Elena Markovic", "Tomas Hrabal", "Ines Valcourt", "Dario Feltrin", "Oren Castellane",
    "Lorcan Tierney", "Gwen Atherley", "Miriam Fenwick",
}  # fmt: skip


def read(name):
    with open(CORPUS / name, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


@pytest.fixture(scope="module")
def records():
    return read("statements.jsonl")


@pytest.fixture(scope="module")
def docs(records):
    grouped = defaultdict(list)
    for record in records:
        grouped[record["doc"]].append(record)
    return grouped


def test_every_record_has_the_documented_fields(records):
    for record in records:
        assert list(record) == FIELDS, record["id"]
        assert record["stance"] in ("favor", "against", "none")
        assert record["reaction"] in ("positive", "negative", "neutral")


def test_version_2_counts(records, docs):
    attributed = [r for r in records if r["speaker"]]
    assert len(docs) >= 280 and len(attributed) >= 3500
    assert len({r["subject"] for r in records}) >= 30
    kinds = {a["subject_kind"] for a in read("articles.jsonl")}
    assert len(kinds) >= 8


def test_the_article_index_covers_every_article(docs):
    index = read("articles.jsonl")
    assert [a["doc"] for a in index] == sorted(
        docs, key=lambda d: (d.rsplit("-", 1)[0], int(d.rsplit("-", 1)[1]))
    )
    for article in index:
        assert article["subject"] == docs[article["doc"]][0]["subject"]
        assert article["version"] in (1, 2) and article["format"]
    assert Counter(a["version"] for a in index)[2] >= 210
    assert len({a["format"] for a in index}) >= 10


def test_article_shapes_are_varied(docs):
    sentences = [len(rows) for rows in docs.values()]
    speakers = [len({r["speaker"] for r in rows if r["speaker"]}) for rows in docs.values()]
    assert min(sentences) <= 5 and max(sentences) >= 35
    assert sum(n <= 8 for n in sentences) >= 0.1 * len(docs)
    assert sum(n >= 25 for n in sentences) >= 0.1 * len(docs)
    assert min(speakers) <= 1 and max(speakers) >= 10
    assert len(Counter(sentences)) >= 20


def test_position_profiles_include_one_sided_and_position_free_articles(docs):
    profiles = Counter()
    for rows in docs.values():
        polar = {r["stance"] for r in rows if r["speaker"]} - {"none"}
        profiles[tuple(sorted(polar))] += 1
    assert profiles[()] >= 0.05 * len(docs)  # nobody takes a position
    assert profiles[("favor",)] + profiles[("against",)] >= 0.15 * len(docs)
    assert profiles[("against", "favor")] <= 0.7 * len(docs)


def test_labels_mix_like_real_reporting(records):
    attributed = [r for r in records if r["speaker"]]
    stance = Counter(r["stance"] for r in attributed)
    assert stance["none"] / len(attributed) >= 0.4
    assert min(stance["favor"], stance["against"]) >= 500


def test_quotes_and_cues_in_realistic_proportions(records, docs):
    quoted = sum(bool(re.search(r"[\"“”]", r["text"])) for r in records)
    assert 0.20 <= quoted / len(records) <= 0.35
    from stance.attribution import extract

    cues = Counter()
    for doc in docs:
        text = (CORPUS / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        cues.update(s.cue.lower() for s in extract(text, doc=doc) if s.cue)
    said = cues["said"] + cues["says"] + cues["saying"]
    assert said / sum(cues.values()) > 0.5


def test_stance_is_not_given_away_by_the_verb(records):
    """Praise and denial verbs occur with both favor and against stances."""
    for verb in ("praised", "denied", "welcomed", "criticised"):
        stances = {r["stance"] for r in records if r["speaker"] and verb in r["text"]}
        assert {"favor", "against"} <= stances, (verb, stances)


def test_reaction_does_not_mirror_stance(records):
    attributed = [r for r in records if r["speaker"]]
    mirror = {"favor": "positive", "against": "negative", "none": "neutral"}
    mixed = sum(r["reaction"] != mirror[r["stance"]] for r in attributed)
    assert mixed / len(attributed) >= 0.1


#: Near-duplicate pairs the corpus may hold: stock phrases ("did not respond to requests
#: for comment") and the background facts of its shared world, listed in the data card.
NEAR_DUPLICATES_ALLOWED = 20


def test_near_duplicate_sentences_are_few(records):
    words = [(r["id"], set(re.findall(r"\w+", r["text"].lower()))) for r in records]
    words = [(i, w) for i, w in words if len(w) >= 4]
    frequency = Counter(word for _, ws in words for word in ws)
    rare = defaultdict(set)  # only sentences that share a rare word can be near-duplicates
    for n, (_, ws) in enumerate(words):
        for word in ws:
            if frequency[word] <= 30:
                rare[word].add(n)
    candidates = {(a, b) for group in rare.values() for a in group for b in group if a < b}
    similar = [
        (words[a][0], words[b][0])
        for a, b in candidates
        if len(words[a][1] & words[b][1]) / len(words[a][1] | words[b][1]) >= 0.6
    ]
    assert len(similar) <= NEAR_DUPLICATES_ALLOWED, sorted(similar)


def test_records_are_the_sentences_of_their_articles_in_order(docs):
    assert {p.stem for p in (CORPUS / "articles").glob("*.txt")} == set(docs)
    for doc, rows in docs.items():
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


def people(records):
    """Speakers who are people: named by their surname somewhere in their article."""
    persons = {r["speaker"] for r in records if r["mention_kind"] == "surname"}
    found = defaultdict(set)
    for r in records:
        if r["speaker"] in persons and len(r["speaker"].split()) >= 2:
            found[r["speaker"]].add(r["subject"])
    return found


def test_no_person_is_reused_as_another_person(records):
    speakers = people(records)
    across = {n: s for n, s in speakers.items() if len(s) > 1 and n not in RECURRING}
    assert across == {}
    surnames = defaultdict(set)
    for name in speakers:
        surnames[name.split()[-1]].add(name)
    shared = {s: names for s, names in surnames.items() if len(names) > 1}
    assert shared == {}


def test_a_second_annotation_covers_30_percent_of_each_domain(records):
    doubles = read("second_annotation.jsonl")
    covered = Counter(d["doc"].rsplit("-", 1)[0] for d in doubles)
    total = Counter(r["doc"].rsplit("-", 1)[0] for r in records)
    assert sum(covered.values()) >= 0.3 * len(records)
    assert all(covered[domain] >= 0.28 * n for domain, n in total.items())
    by_id = {r["id"]: r for r in records}
    for d in doubles:
        final = by_id[f"{d['doc']}-s{d['index']:02d}"]
        expected = d["adjudicated"] or d["first"]
        assert (final["stance"], final["reaction"]) == (expected["stance"], expected["reaction"])


def test_data_card_counts_match_the_data():
    printed = subprocess.run(
        [sys.executable, str(CORPUS / "stats.py")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert printed in (CORPUS / "README.md").read_text(encoding="utf-8")


def test_the_blind_stance_set_matches_its_data_card():
    folder = REPO / "datasets" / "unseen-stance"
    rows = [json.loads(line) for line in (folder / "statements.jsonl").open(encoding="utf-8")]
    attributed = [row for row in rows if row["speaker"]]
    card = (folder / "README.md").read_text(encoding="utf-8")
    stance = Counter(row["stance"] for row in attributed)
    assert f"{len(rows)} sentences, {len(attributed)} attributed" in card
    assert f"favor {stance['favor']}, against {stance['against']}, none {stance['none']}" in card
    docs = {row["doc"] for row in rows}
    assert {p.stem for p in (folder / "articles").glob("*.txt")} == docs and len(docs) == 12
    for row in rows:
        text = (folder / "articles" / f"{row['doc']}.txt").read_text(encoding="utf-8")
        assert row["text"] in text, row["id"]
