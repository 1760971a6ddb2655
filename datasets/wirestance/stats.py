"""Print the WireStance counts tables of the data card (markdown).

Usage: python datasets/wirestance/stats.py
"""

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
STANCES = ("favor", "against", "none")
REACTIONS = ("positive", "negative", "neutral")


def load() -> list[dict]:
    with open(HERE / "statements.jsonl", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def tables(records: list[dict]) -> str:
    attributed = [r for r in records if r["speaker"]]
    docs = {r["doc"] for r in records}
    lines = [
        f"- articles: {len(docs)}",
        f"- sentences: {len(records)} ({len(attributed)} attributed, "
        f"{len(records) - len(attributed)} narrator)",
        f"- subjects: {len({r['subject'] for r in records})}",
        "",
        "| subject | articles | attributed | favor | against | none "
        "| positive | negative | neutral |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    subjects = sorted({r["subject"] for r in records})
    for subject in [*subjects, "all"]:
        rows = [r for r in attributed if subject in ("all", r["subject"])]
        stance = Counter(r["stance"] for r in rows)
        reaction = Counter(r["reaction"] for r in rows)
        n_docs = len({r["doc"] for r in records if subject in ("all", r["subject"])})
        cells = [
            subject,
            n_docs,
            len(rows),
            *(stance[s] for s in STANCES),
            *(reaction[s] for s in REACTIONS),
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    patterns = Counter(r["pattern"] for r in records)
    kinds = Counter(r["mention_kind"] for r in records)
    lines += ["", "| attribution pattern | sentences |", "|---|---|"]
    lines += [f"| {p} | {n} |" for p, n in patterns.most_common()]
    lines += ["", "| speaker mention | sentences |", "|---|---|"]
    lines += [f"| {k} | {n} |" for k, n in kinds.most_common()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(tables(load()))
