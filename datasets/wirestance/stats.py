"""Print the WireStance tables of the data card (markdown): counts, shapes, agreement.

Usage: python datasets/wirestance/stats.py
"""

import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANCES = ("favor", "against", "none")
REACTIONS = ("positive", "negative", "neutral")
QUOTE = re.compile(r"[\"“”]")


def read(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def by_doc(records: list[dict]) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = {}
    for record in records:
        docs.setdefault(record["doc"], []).append(record)
    return docs


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two annotators' labels."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def counts(records: list[dict], articles: list[dict]) -> list[str]:
    attributed = [r for r in records if r["speaker"]]
    docs = by_doc(records)
    versions = Counter(a["version"] for a in articles)
    lines = [
        f"- articles: {len(docs)} ({versions[1]} from version 1, {versions[2]} new in version 2)",
        f"- sentences: {len(records)} ({len(attributed)} attributed, "
        f"{len(records) - len(attributed)} narrator)",
        f"- subjects: {len({r['subject'] for r in records})}",
        "",
    ]
    rows = []
    kinds = {a["subject"]: a["subject_kind"] for a in articles}
    for subject in [*sorted({r["subject"] for r in records}, key=str.lower), "all"]:
        mine = [r for r in attributed if subject in ("all", r["subject"])]
        stance, reaction = Counter(r["stance"] for r in mine), Counter(r["reaction"] for r in mine)
        n_docs = len({r["doc"] for r in records if subject in ("all", r["subject"])})
        rows.append(
            [subject, kinds.get(subject, ""), n_docs, len(mine), *(stance[s] for s in STANCES),
             *(reaction[s] for s in REACTIONS)]
        )  # fmt: skip
    header = ["subject", "kind", "articles", "attributed", *STANCES, *REACTIONS]
    return lines + table(header, rows)


def histogram(values: list[int], bins: list[tuple[int, int]]) -> list[list]:
    return [[f"{low}-{high}", sum(low <= v <= high for v in values)] for low, high in bins]


def shapes(records: list[dict], articles: list[dict]) -> list[str]:
    docs = by_doc(records)
    sentences = [len(rows) for rows in docs.values()]
    speakers = [len({r["speaker"] for r in rows if r["speaker"]}) for rows in docs.values()]

    def spread(values: list[int]) -> str:
        return f"min {min(values)}, median {sorted(values)[len(values) // 2]}, max {max(values)}"

    lines = [
        "",
        f"Sentences per article ({spread(sentences)}) and speakers per article "
        f"({spread(speakers)}):",
        "",
    ]
    sentence_bins = [(1, 8), (9, 12), (13, 16), (17, 24), (25, 32), (33, 45)]
    speaker_bins = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 14)]
    rows = [
        [a[0], a[1], b[0], b[1]]
        for a, b in zip(
            histogram(sentences, sentence_bins), histogram(speakers, speaker_bins), strict=True
        )
    ]
    lines += table(["sentences", "articles", "speakers", "articles"], rows)
    profiles = Counter()
    for rows_ in docs.values():
        polar = {r["stance"] for r in rows_ if r["speaker"]} - {"none"}
        profiles["both sides" if polar == {"favor", "against"} else
                 "favor only" if polar == {"favor"} else
                 "against only" if polar == {"against"} else "no position"] += 1  # fmt: skip
    lines += [
        "",
        *table(
            ["positions in the article", "articles"], [[k, v] for k, v in profiles.most_common()]
        ),
    ]
    formats = Counter(a["format"] for a in articles)
    lines += ["", *table(["format", "articles"], [[k, v] for k, v in formats.most_common()])]
    quoted = sum(bool(QUOTE.search(r["text"])) for r in records)
    none_share = sum(r["stance"] == "none" for r in records if r["speaker"]) / sum(
        bool(r["speaker"]) for r in records
    )
    lines += ["", f"- sentences with a direct quote: {quoted} ({quoted / len(records):.0%})",
              f"- attributed sentences with stance none: {none_share:.0%}"]  # fmt: skip
    return lines


def cues(records: list[dict]) -> list[str]:
    """The reporting cues `stance extract` finds in the articles (as the audit counted)."""
    from stance.attribution import extract

    found: Counter = Counter()
    for doc in by_doc(records):
        text = (HERE / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        for statement in extract(text, doc=doc):
            if statement.part == "body" and statement.cue:
                found[statement.cue.lower()] += 1
    total = sum(found.values())
    said = found["said"] + found["says"] + found["saying"]
    rows = [[cue, n, f"{n / total:.1%}"] for cue, n in found.most_common(12)]
    summary = (
        f"- reporting cues found by `stance extract`: {total}; said/says/saying {said} "
        f"({said / total:.0%})"
    )
    return ["", summary, "", *table(["cue", "sentences", "share"], rows)]


def agreement(doubles: list[dict]) -> list[str]:
    lines = ["", f"- sentences labelled by both annotators: {len(doubles)} in "
             f"{len({d['doc'] for d in doubles})} articles", ""]  # fmt: skip
    rows = []
    for field in ("speaker", "stance", "reaction"):
        a = [d["first"][field] for d in doubles]
        b = [d["second"][field] for d in doubles]
        if field == "speaker":
            a, b = (
                [" ".join(x.lower().split()) for x in a],
                [" ".join(x.lower().split()) for x in b],
            )
        same = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
        rows.append([field, f"{same:.3f}", f"{kappa(a, b):.3f}" if field != "speaker" else "-"])
    lines += table(["field", "agreement", "Cohen's kappa"], rows)
    for field, labels in (("stance", STANCES), ("reaction", REACTIONS)):
        pairs = Counter((d["first"][field], d["second"][field]) for d in doubles)
        lines += ["", *table([f"{field}: writer \\ second annotator", *labels],
                             [[x, *(pairs[(x, y)] for y in labels)] for x in labels])]  # fmt: skip
    decided = [d["adjudicated"] for d in doubles if d.get("adjudicated")]
    chose = Counter(d["chose"] for d in decided)
    lines += ["", f"- disagreements adjudicated: {len(decided)} (the writer's label kept: "
              f"{chose['first']}, the second annotator's: {chose['second']}, a third answer: "
              f"{chose['neither']})"]  # fmt: skip
    return lines


def tables() -> str:
    records, articles = read("statements.jsonl"), read("articles.jsonl")
    parts = counts(records, articles) + shapes(records, articles) + cues(records)
    if (HERE / "second_annotation.jsonl").is_file():
        parts += agreement(read("second_annotation.jsonl"))
    return "\n".join(parts)


if __name__ == "__main__":
    print(tables())
