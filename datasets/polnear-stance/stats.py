"""Print the PolNeAR-stance counts and agreement tables of the data card (markdown).

Usage: python datasets/polnear-stance/stats.py
"""

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANCES = ("favor", "against", "none")
REACTIONS = ("positive", "negative", "neutral")


def read(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa of two annotators' labels."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def same_speaker(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        s = " ".join(s.lower().replace("’", "'").split())
        return s[4:] if s.startswith("the ") else s

    return norm(a) == norm(b)


def counts(labels: list[dict]) -> list[str]:
    header = (
        "| split | articles | attributions | favor | against | none | positive | negative "
        "| neutral | Donald Trump | Hillary Clinton |"
    )
    lines = [header, "|---" * 11 + "|"]
    for split in ("train", "dev", "all"):
        rows = [r for r in labels if split in ("all", r["split"])]
        stance, reaction = Counter(r["stance"] for r in rows), Counter(r["reaction"] for r in rows)
        subjects = Counter(r["subject"] for r in {r["doc"]: r for r in rows}.values())
        cells = [
            split,
            len({r["doc"] for r in rows}),
            len(rows),
            *(stance[s] for s in STANCES),
            *(reaction[s] for s in REACTIONS),
            subjects["Donald Trump"],
            subjects["Hillary Clinton"],
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return lines


def agreement(doubles: list[dict]) -> list[str]:
    lines = [
        f"- attributions labelled by both annotators: {len(doubles)}",
        "",
        "| field | agreement | Cohen's kappa |",
        "|---|---|---|",
    ]
    for field in ("stance", "reaction"):
        a = [d["first"][field] for d in doubles]
        b = [d["second"][field] for d in doubles]
        same = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
        lines.append(f"| {field} | {same:.3f} | {kappa(a, b):.3f} |")
    speakers = sum(same_speaker(d["first"]["speaker"], d["second"]["speaker"]) for d in doubles)
    share = speakers / len(doubles)
    lines.append(f"| speaker (same name; case and a leading 'the' ignored) | {share:.3f} | - |")
    for field, labels in (("stance", STANCES), ("reaction", REACTIONS)):
        lines += [
            "",
            f"| {field}: first annotator \\ second | " + " | ".join(labels) + " |",
            "|---" * (len(labels) + 1) + "|",
        ]
        pairs = Counter((d["first"][field], d["second"][field]) for d in doubles)
        for x in labels:
            lines.append(f"| {x} | " + " | ".join(str(pairs[(x, y)]) for y in labels) + " |")
    decided = [d["adjudicated"] for d in doubles if d.get("adjudicated")]
    chose = Counter(d["chose"] for d in decided)
    lines += [
        "",
        f"- disagreements adjudicated: {len(decided)} (the first annotator's label kept: "
        f"{chose['first']}, the second's: {chose['second']}, a third answer: {chose['neither']})",
    ]
    return lines


if __name__ == "__main__":
    labels = read("labels.jsonl")
    print("\n".join(counts(labels) + [""] + agreement(read("second_annotation.jsonl"))))
