"""Plain-text tables for the terminal: metrics of a run, predictions, run lists."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field


def format_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """Left-aligned text, right-aligned numbers, columns sized to their widest cell."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    numeric = [
        all(_is_number(row[i]) or row[i] is None for row in rows)
        and any(_is_number(row[i]) for row in rows)
        for i in range(len(header))
    ]

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


GROUPING_NOTES = {
    "doc": "folds grouped by article",
    "subject": "folds grouped by subject: every test subject unseen in training",
    "none": "folds NOT grouped by article: sentences of one article may sit on both sides",
}


def metrics_tables(metrics: dict) -> str:
    """Overall, seeds, speakers, baselines, per-class, per-subject and confusion tables."""
    spread = metrics["mean_over_folds"]
    pooled = metrics["pooled_out_of_fold"]
    seeds = metrics.get("seeds", [0])
    grouping = metrics.get("grouping", "doc")
    header = (
        f"{metrics['folds']} folds x {len(seeds)} seed{'s' if len(seeds) > 1 else ''} "
        f"({', '.join(map(str, seeds))}); {GROUPING_NOTES[grouping]}"
    )
    speakers = metrics.get("speaker_level")
    rows = [
        [name, spread[name]["mean"], spread[name]["std"], pooled[name]]
        for name in ("accuracy", "macro_f1", "f_avg")
    ]
    if speakers:
        rows.append(["speaker accuracy", None, None, speakers["accuracy"]])
    overall = format_table(
        rows,
        ["metric", "mean over folds", "std", f"pooled out-of-fold (seed {seeds[0]})"],
    )
    parts = [header, overall]
    if "over_seeds" in metrics:
        parts.append(
            format_table(
                [
                    [name, s["mean"], s["low"], s["high"], s["std"]]
                    for name, s in metrics["over_seeds"].items()
                ],
                [f"over {len(seeds)} seeds (pooled)", "mean", "95% low", "95% high", "std"],
            )
        )
    if speakers:
        parts.append(speaker_table(speakers))
    if metrics.get("baselines"):
        parts.append(baseline_table(metrics))
    if metrics.get("subjects_on_joint"):
        listed = ", ".join(f"{s} ({n})" for s, n in metrics["subjects_on_joint"].items())
        parts.append(f"subjects with too few examples, predicted by the joint model: {listed}")
    return "\n\n".join([*parts, *_breakdowns(pooled, "pooled")])


def speaker_table(speakers: dict) -> str:
    """Speaker-level scores: each speaker's position in an article."""
    counted = speakers["n"]
    return format_table(
        [
            ["accuracy", speakers["accuracy"], counted],
            ["macro_f1", speakers["macro_f1"], counted],
            ["accuracy, speakers who take a side", speakers["polar_accuracy"], speakers["polar_n"]],
        ],
        [f"speaker level ({speakers['mixed']} mixed left out)", "value", "speakers"],
    )


def baseline_table(metrics: dict) -> str:
    """The model's pooled scores beside the baselines' on the same folds."""
    pooled = metrics["pooled_out_of_fold"]
    model = {name: pooled[name] for name in ("accuracy", "macro_f1", "f_avg")}
    if metrics.get("speaker_level"):
        model["speaker_accuracy"] = metrics["speaker_level"]["accuracy"]
    rows = [["model", *(model.get(k) for k in BASELINE_COLUMNS)]]
    for name, scores in metrics["baselines"].items():
        rows.append([BASELINE_NAMES.get(name, name), *(scores.get(k) for k in BASELINE_COLUMNS)])
    return format_table(rows, ["against baselines (same folds)", *BASELINE_COLUMNS])


BASELINE_COLUMNS = ("accuracy", "macro_f1", "f_avg", "speaker_accuracy")
BASELINE_NAMES = {
    "majority": "majority class",
    "cue": "reporting cue only",
    "speaker_context": "speaker's other statements only",
}


def evaluation_tables(metrics: dict) -> str:
    """The tables of a held-out evaluation (one set of metrics, no folds)."""
    overall = format_table(
        [[name, metrics[name]] for name in ("accuracy", "macro_f1", "f_avg")],
        ["metric", f"held-out (n={metrics['n']})"],
    )
    parts = [overall]
    if metrics.get("speaker_level"):
        parts.append(speaker_table(metrics["speaker_level"]))
    return "\n\n".join([*parts, *_breakdowns(metrics, "held-out")])


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
    """Per speaker first (position, probability, the sentences carrying it), then per sentence."""
    speakers = format_table(
        [
            [
                e["speaker"],
                e["stance"],
                e["stance_probability"],
                e["reaction"],
                e["reaction_probability"],
                e["statements"],
                ", ".join(str(i) for i in e["sentences"]) or "-",
            ]
            for e in summary
        ],
        ["speaker", "stance", "p", "reaction", "p", "statements", "sentences"],
    )
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
    return f"{speakers}\n\n{sentences}"


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


@dataclass
class Table:
    """One table of a report: a title, a header and rows (numbers stay numbers)."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


FORMATS = ("table", "markdown", "latex", "csv", "json")


def attribution_table(relations: Sequence) -> str:
    """One row per attribution relation: where, who, how (cue and kind) and what."""
    rows = [
        [
            r.doc,
            "headline" if r.sentence < 0 else r.sentence,
            r.speaker or "-",
            r.kind,
            shorten(r.cue, 16),
            shorten(r.content, 60),
        ]
        for r in relations
    ]
    return format_table(rows, ["doc", "#", "speaker", "kind", "cue", "content"])


def render(tables: Sequence[Table], fmt: str, *, notes: Sequence[str] = ()) -> str:
    """Tables as terminal text, Markdown, LaTeX (booktabs), CSV or JSON."""
    if fmt == "json":
        return json.dumps(
            {"tables": [t.__dict__ for t in tables], "notes": list(notes)},
            indent=1,
            ensure_ascii=False,
            default=str,
        )
    parts = []
    for table in tables:
        if fmt == "table":
            parts.append(f"{table.title}\n{format_table(table.rows, table.header)}")
        elif fmt == "markdown":
            parts.append(_markdown(table))
        elif fmt == "latex":
            parts.append(_latex(table))
        elif fmt == "csv":
            stream = io.StringIO()
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(["table", *table.header])
            for row in table.rows:
                writer.writerow([table.title, *(_cell(v) for v in row)])
            parts.append(stream.getvalue().rstrip("\n"))
    text = "\n\n".join(parts)
    if notes and fmt in ("table", "markdown"):
        text += "\n\n" + "\n".join(notes)
    elif notes and fmt == "latex":
        text += "\n\n" + "\n".join(f"% {note}" for note in notes)
    return text


def _markdown(table: Table) -> str:
    lines = [
        f"**{table.title}**",
        "",
        "| " + " | ".join(table.header) + " |",
        "|"
        + "|".join("---:" if _numeric(table, i) else "---" for i in range(len(table.header)))
        + "|",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


LATEX_SPECIAL = str.maketrans(
    {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
)


def _latex(table: Table) -> str:
    align = "".join("r" if _numeric(table, i) else "l" for i in range(len(table.header)))
    escape = lambda value: _cell(value).translate(LATEX_SPECIAL)  # noqa: E731
    lines = [
        "% " + table.title,
        r"\begin{tabular}{" + align + "}",
        r"\toprule",
        " & ".join(escape(h) for h in table.header) + r" \\",
        r"\midrule",
        *(" & ".join(escape(v) for v in row) + r" \\" for row in table.rows),
        r"\bottomrule",
        r"\end{tabular}",
    ]
    return "\n".join(lines)


def _numeric(table: Table, column: int) -> bool:
    values = [row[column] for row in table.rows if row[column] is not None]
    return bool(values) and all(_is_number(v) for v in values)


POLNEAR_PARTS = ("source", "cue", "content")
POLNEAR_SPEAKER_ROWS = {
    "name_speech_cue": "named source, speech cue",
    "name": "named source, all cues",
    "description": "description source",
    "pronoun": "pronoun source",
}


def polnear_score_tables(scores: dict) -> str:
    """Attribution relations against PolNeAR gold (``stance.attribution.polnear``): speaker
    accuracy beside its targets, relation P/R/F1, component matches, the breakdowns by gold
    source and cue kind, precision by predicted kind, and the sentence-level figures."""
    pick = lambda label, d, *keys: [label, *(d[k] for k in keys)]  # noqa: E731
    speaker, relations, components = scores["speaker"], scores["relations"], scores["components"]
    skipped = scores["n_gold_docs_not_scored"]
    lenient = speaker.get("any_overlap", {})
    rows = [
        pick(label, speaker[k], "n_gold", "n_right", "accuracy")
        + [lenient.get(k), f">= {speaker[k]['target']:.2f}"]
        for k, label in POLNEAR_SPEAKER_ROWS.items()
    ]
    none = speaker["none"]
    rows.append(["no source (matched, none given)", none["n_gold"], none["n_no_source"],
                 none["no_source"], None, ""])  # fmt: skip
    counts = ("n_matched_gold", "n_matched_predicted", "precision", "recall", "f1")
    parts = [
        f"{scores['n_docs']} documents scored"
        + (f"; {skipped} gold documents without predictions left out" if skipped else ""),
        format_table(
            rows, ["speaker accuracy", "gold", "right", "accuracy", "any overlap", "target"]
        ),
        format_table(
            [
                [mode, relations["n_gold"], relations["n_predicted"]]
                + [relations[mode][key] for key in counts]
                for mode in ("partial", "exact")
            ],
            ["relations", "gold", "pred", "gold matched", "pred matched", "P", "R", "F1"],
        ),
        format_table(
            [pick(part, components[part], "partial", "exact") for part in POLNEAR_PARTS],
            [f"component of matched pairs ({components['n_matched']})", "partial", "exact"],
        ),
    ]
    rows = [
        pick(f"{axis}: {name}", block, "n_gold", "recall_partial", "recall_exact")
        + [block["components"][part]["exact"] for part in POLNEAR_PARTS]
        + [block["speaker"]["accuracy"] if block["speaker"] else None]
        for axis in ("source", "cue")
        for name, block in scores[f"by_{axis}_kind"].items()
    ]
    header = ["gold by kind", "gold", "R partial", "R exact", "source =", "cue =", "content ="]
    parts.append(format_table(rows, [*header, "speaker"]))
    rows = [
        pick(f"{axis}: {name}", m, "n_predicted", "n_matched", "precision_partial")
        + [m["precision_exact"]]
        for axis in ("kind", "mention")
        for name, m in scores[f"precision_by_{axis}"].items()
    ]
    parts.append(format_table(rows, ["predicted by", "pred", "matched", "P partial", "P exact"]))
    sentences = scores.get("sentences")
    if sentences:
        rows = [
            pick(f"named sources, {label}", sentences[key], "n_gold", "recall", "speaker_right")
            for key, label in (
                ("named", "all cues"),
                ("named_speech_cue", "speech cue"),
                ("named_other_cue", "other cues"),
            )
        ]
        header = ["sentence level", "gold", "overlapping a speaker's sentence", "... same name"]
        parts.append(
            format_table(rows, header)
            + "\nsentences with a speaker that overlap no gold relation: "
            f"{sentences['n_without_gold']} of {sentences['n_sentences_with_speaker']}, "
            f"{_cell(sentences['without_gold'])} "
            f"(target < {sentences['target_without_gold']:.2f})"
        )
    return "\n\n".join(parts)
