"""Plain-text tables for the terminal: metrics of a run, predictions, run lists."""

from __future__ import annotations

from collections.abc import Sequence


def format_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """Left-aligned text, right-aligned numbers, columns sized to their widest cell."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    numeric = [all(_is_number(row[i]) for row in rows) and bool(rows) for i in range(len(header))]

    def line(values):
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(list(header)), rule] + [line(row) for row in cells])


MAX_SUBJECT_ROWS = 20


def shorten(text: str, width: int = 60) -> str:
    """The text cut to ``width`` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def metrics_tables(metrics: dict) -> str:
    """Overall, per-class, per-subject and confusion tables of a run's ``metrics.json``."""
    spread = metrics["mean_over_folds"]
    pooled = metrics["pooled_out_of_fold"]
    overall = format_table(
        [
            [name, spread[name]["mean"], spread[name]["std"], pooled[name]]
            for name in ("accuracy", "macro_f1", "f_avg")
        ],
        ["metric", f"mean over {metrics['folds']} folds", "std", "pooled out-of-fold"],
    )
    return "\n\n".join([overall, *_breakdowns(pooled, "pooled")])


def evaluation_tables(metrics: dict) -> str:
    """The tables of a held-out evaluation (one set of metrics, no folds)."""
    overall = format_table(
        [[name, metrics[name]] for name in ("accuracy", "macro_f1", "f_avg")],
        ["metric", f"held-out (n={metrics['n']})"],
    )
    return "\n\n".join([overall, *_breakdowns(metrics, "held-out")])


def _breakdowns(metrics: dict, kind: str) -> list[str]:
    per_class = format_table(
        [
            [label, m["precision"], m["recall"], m["f1"], m["support"]]
            for label, m in metrics["per_class"].items()
        ],
        [f"class ({kind})", "precision", "recall", "f1", "support"],
    )
    subjects = metrics.get("per_subject", {})
    shown = list(subjects.items())
    if len(shown) > MAX_SUBJECT_ROWS:  # e.g. NewsMTSC, whose subjects are thousands of mentions
        shown = sorted(shown, key=lambda item: -item[1]["n"])[:MAX_SUBJECT_ROWS]
    per_subject = format_table(
        [
            [shorten(subject, 40), m["n"], m["accuracy"], m["macro_f1"], m["f_avg"]]
            for subject, m in shown
        ],
        [f"subject ({kind})", "n", "accuracy", "macro_f1", "f_avg"],
    )
    if len(shown) < len(subjects):
        per_subject += (
            f"\n({len(subjects) - len(shown)} more subjects with fewer examples: "
            "see per_subject in the metrics file)"
        )
    labels = metrics["confusion"]["labels"]
    confusion = format_table(
        [
            [f"gold {label}", *row]
            for label, row in zip(labels, metrics["confusion"]["matrix"], strict=True)
        ],
        ["", *(f"pred {label}" for label in labels)],
    )
    return [per_class, per_subject, confusion]


def article_tables(rows: list[dict], summary: list[dict]) -> str:
    """Per sentence (speaker, stance, reaction, probability) and per speaker (counts)."""
    sentences = format_table(
        [
            [
                r["index"],
                r["speaker"] or "-",
                r["stance"],
                r["reaction"],
                r.get(f"p_{r['stance']}") if r["classified"] else None,
                shorten(r["text"], 50),
            ]
            for r in rows
        ],
        ["#", "speaker", "stance", "reaction", "p(stance)", "text"],
    )
    speakers = format_table(
        [
            [
                e["speaker"],
                e["statements"],
                e["favor"],
                e["against"],
                e["none"],
                e["positive"],
                e["negative"],
                e["neutral"],
                e["mean_p_favor"],
                e["mean_p_against"],
            ]
            for e in summary
        ],
        [
            "speaker",
            "statements",
            "favor",
            "against",
            "none",
            "positive",
            "negative",
            "neutral",
            "mean p(favor)",
            "mean p(against)",
        ],
    )
    return f"{sentences}\n\n{speakers}"


def extraction_score_tables(scores: dict) -> str:
    """The overall attribution scores, then their breakdowns by pattern and mention kind."""
    overall = format_table(
        [[key, value] for key, value in scores.items() if not isinstance(value, dict)],
        ["measure", "value"],
    )
    parts = [overall]
    for key, breakdown in scores.items():
        if isinstance(breakdown, dict) and breakdown:
            inner = next(iter(breakdown.values()))
            if isinstance(inner, dict):
                columns = [c for c in ("n_gold", "n_correct", "speaker_accuracy") if c in inner]
                parts.append(
                    format_table(
                        [[name, *(row.get(c) for c in columns)] for name, row in breakdown.items()],
                        [key, *columns],
                    )
                )
    return "\n\n".join(parts)
