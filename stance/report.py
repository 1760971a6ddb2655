"""Self-contained HTML for people to look at: a run report and an annotated article.

One file each, with no network access: the charts are inline SVG drawn here (no script,
font or image is fetched), so a report opens anywhere and can be mailed or archived.
"""

from __future__ import annotations

import csv
import html
import math
import re
from collections.abc import Sequence

from stance.records import LABELS

STYLE = re.sub(
    r"\s+",
    " ",
    """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:70em;
 color:#1d1d1f;line-height:1.45;padding:0 1em}
h1{font-size:1.6em} h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.6em 0 1.2em}
td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-size:.92em} .bad{color:#b00020} .good{color:#1b7f3b}
.chart{margin:.5em 0 1.5em} .grid{display:flex;flex-wrap:wrap;gap:2em}
.article p{margin:0 0 .9em} .s{border-radius:3px;padding:1px 2px}
.tag{font-size:.72em;color:#333;background:#fff;border:1px solid #bbb;border-radius:3px;
 padding:0 3px;margin-left:2px;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.4em;
 vertical-align:-.1em}
.favor{color:#1b7f3b;font-weight:600} .against{color:#b00020;font-weight:600} .none{color:#555}
""",
).strip()
PALETTE = (
    "#fde2a7", "#bfe3f5", "#d7c9f2", "#c8ecc4", "#f7c6c7", "#f2d7b6", "#c9d6f5", "#e6f0a5",
    "#f5c6e8", "#bfeee5", "#e0d0c0", "#d9d9d9",
)  # fmt: skip


def esc(value) -> str:
    return html.escape("" if value is None else str(value))


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def html_table(header: Sequence[str], rows: Sequence[Sequence]) -> str:
    def cell(value):
        if isinstance(value, float):
            return f'<td class="n">{value:.3f}</td>'
        if isinstance(value, int) and not isinstance(value, bool):
            return f'<td class="n">{value}</td>'
        return f"<td>{esc(value)}</td>"

    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# ------------------------------------------------------------------ SVG charts


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    errors: Sequence[float] | None = None,
    title: str = "",
    width: int = 460,
    limit: float = 1.0,
) -> str:
    """Horizontal bars on a 0-``limit`` scale, with optional +/- error whiskers."""
    row, left, right = 22, 170, 50
    height = row * len(labels) + 40
    scale = (width - left - right) / limit
    parts = [
        f'<svg class="chart bar-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="600">{esc(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 26 + i * row
        length = max(0.0, value) * scale
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">'
            f"{esc(label[:26])}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{length:.1f}" height="{row - 6}" fill="#4a7ab5">'
            f"<title>{esc(label)}: {value:.3f}</title></rect>"
            f'<text x="{left + length + 4:.1f}" y="{y + 13}" font-size="11">{value:.3f}</text>'
        )
        if errors is not None and errors[i]:
            low = max(0.0, value - errors[i]) * scale + left
            high = min(limit, value + errors[i]) * scale + left
            middle = y + row / 2 - 1
            parts.append(
                f'<line x1="{low:.1f}" x2="{high:.1f}" y1="{middle}" y2="{middle}" '
                'stroke="#1d1d1f" stroke-width="1.2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def heat_map(matrix: Sequence[Sequence[int]], labels: Sequence[str], *, title: str) -> str:
    """A confusion matrix: rows gold, columns predicted; darker is more."""
    cell, left, top = 58, 90, 46
    size = len(labels)
    width, height = left + cell * size + 10, top + cell * size + 10
    peak = max(1, max(max(r) for r in matrix))
    parts = [
        f'<svg class="chart heat-map" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="600">{esc(title)}</text>',
    ]
    for j, label in enumerate(labels):
        parts.append(
            f'<text x="{left + j * cell + cell / 2}" y="{top - 8}" font-size="11" '
            f'text-anchor="middle">pred {esc(label)}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left - 6}" y="{top + i * cell + cell / 2 + 4}" font-size="11" '
            f'text-anchor="end">gold {esc(label)}</text>'
        )
        for j, value in enumerate(matrix[i]):
            share = value / peak
            shade = int(245 - 180 * share)
            colour = f"rgb({shade},{shade + 5 if shade < 250 else 250},255)"
            ink = "#fff" if share > 0.55 else "#1d1d1f"
            parts.append(
                f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{colour}"><title>gold {esc(label)}, predicted '
                f"{esc(labels[j])}: {value}</title></rect>"
                f'<text x="{left + j * cell + cell / 2 - 1}" y="{top + i * cell + cell / 2 + 4}" '
                f'font-size="13" text-anchor="middle" fill="{ink}">{value}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    xs: Sequence[float], series: dict[str, Sequence[float]], *, title: str, x_label: str
) -> str:
    """Lines over x (a learning curve), y on 0-1."""
    width, height, left, bottom, top = 460, 240, 44, 36, 26
    span = (max(xs) - min(xs)) or 1
    colours = ("#4a7ab5", "#d1495b", "#2e933c", "#8e6c8a")

    def x(v):
        return left + (v - min(xs)) / span * (width - left - 20)

    def y(v):
        return top + (1 - v) * (height - top - bottom)

    parts = [
        f'<svg class="chart line-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="600">{esc(title)}</text>',
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#999"/>',
        f'<line x1="{left}" x2="{width - 20}" y1="{height - bottom}" y2="{height - bottom}" '
        'stroke="#999"/>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" font-size="10" text-anchor="end">'
            f"{tick:.2f}</text>"
        )
    for value in xs:
        parts.append(
            f'<text x="{x(value):.1f}" y="{height - bottom + 14}" font-size="10" '
            f'text-anchor="middle">{value:g}</text>'
        )
    parts.append(
        f'<text x="{(left + width) / 2}" y="{height - 4}" font-size="11" '
        f'text-anchor="middle">{esc(x_label)}</text>'
    )
    for k, (name, values) in enumerate(series.items()):
        colour = colours[k % len(colours)]
        points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in zip(xs, values, strict=True))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{width - 150}" y="{top + 14 * k + 4}" font-size="11" fill="{colour}">'
            f"{esc(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------ article


def speaker_colours(summary: Sequence[dict]) -> dict[str, str]:
    return {e["speaker"]: PALETTE[i % len(PALETTE)] for i, e in enumerate(summary)}


def article_html(
    text: str, rows: Sequence[dict], summary: Sequence[dict], *, title: str, subject: str
) -> str:
    """The article as a reader sees it: each attributed sentence marked with its speaker
    (one colour each), stance and reaction; narrator sentences plain; speakers on top."""
    colours = speaker_colours(summary)
    speakers = html_table(
        ["speaker", "stance", "p", "reaction", "p", "statements", "sentences carrying the stance"],
        [],
    )
    speaker_rows = "".join(
        "<tr>"
        f'<td><span class="swatch" style="background:{colours[e["speaker"]]}"></span>'
        f"{esc(e['speaker'])}</td>"
        f'<td class="{esc(e["stance"])}">{esc(e["stance"])}</td>'
        f'<td class="n">{e["stance_probability"]:.2f}</td>'
        f'<td>{esc(e["reaction"])}</td><td class="n">{e["reaction_probability"]:.2f}</td>'
        f'<td class="n">{e["statements"]}</td>'
        f"<td>{esc(', '.join(str(i) for i in e['sentences']))}</td>"
        "</tr>"
        for e in summary
    )
    speakers = speakers.replace("<tbody></tbody>", f"<tbody>{speaker_rows}</tbody>")
    body_start = min((r["start"] for r in rows), default=0)
    headline = text[:body_start].strip()
    pieces, position = [], body_start
    for row in sorted(rows, key=lambda r: r["start"]):
        pieces.append(esc(text[position : row["start"]]))
        sentence = esc(text[row["start"] : row["end"]])
        if row["speaker"]:
            tip = (
                f"{row['speaker']} (sentence {row['index']}): stance {row['stance']}, "
                f"reaction {row['reaction']}"
            )
            pieces.append(
                f'<span class="s" style="background:{colours.get(row["speaker"], "#eee")}" '
                f'title="{esc(tip)}">{sentence}</span>'
                f'<span class="tag {esc(row["stance"])}">{esc(row["stance"])} · '
                f"{esc(row['reaction'])}</span>"
            )
        else:
            pieces.append(sentence)
        position = row["end"]
    rest = text[position:]
    pieces.append(esc(rest))
    paragraphs = "".join(
        f"<p>{chunk.strip()}</p>" for chunk in "".join(pieces).split("\n\n") if chunk.strip()
    )
    run = rows[0].get("run", "") if rows else ""
    body = (
        f"<h1>{esc(headline or title)}</h1>"
        f'<p class="note">Stance toward <b>{esc(subject)}</b> · run {esc(run)} · '
        "narrator sentences are left plain</p>"
        f'<h2>Speakers</h2>{speakers}<h2>Article</h2><div class="article">{paragraphs}</div>'
    )
    return page(f"{title}: stance toward {subject}", body)


# ------------------------------------------------------------------ runs


def _fold_spread(fold_metrics: list[dict], label: str) -> float:
    values = [m["per_class"][label]["f1"] for m in fold_metrics]
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def confident_errors(run, *, top: int = 10) -> list[list]:
    """The wrong out-of-fold predictions the model was surest of (first seed)."""
    with open(run.path / "predictions.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    if not rows:
        return []
    first = rows[0].get("seed")
    wrong = [r for r in rows if r["gold"] != r["predicted"] and r.get("seed") == first]
    wrong.sort(key=lambda r: -float(r.get(f"p_{r['predicted']}", 0) or 0))
    return [
        [r.get("doc", ""), r.get("speaker", ""), r["gold"], r["predicted"],
         float(r.get(f"p_{r['predicted']}", 0) or 0), r.get("text", "")]
        for r in wrong[:top]
    ]  # fmt: skip


def run_section(run) -> str:
    """One run: config, metrics, charts, features, errors."""
    from stance.compare import flatten, metric_tables
    from stance.explain import top_features

    metrics = run.metrics
    task = run.task
    labels = list(LABELS[task])
    pooled = metrics["pooled_out_of_fold"]
    folds = run.read_json("fold_metrics.json")
    parts = [f"<h2>Run {esc(run.id)}</h2>"]
    if metrics.get("grouping") == "none":
        parts.append('<p class="bad">Folds NOT grouped by article: scores may be optimistic.</p>')
    for table in metric_tables(metrics):
        parts.append(f"<h3>{esc(table.title)}</h3>{html_table(table.header, table.rows)}")
    charts = [
        heat_map(pooled["confusion"]["matrix"], labels, title="confusion (pooled out-of-fold)"),
        bar_chart(
            labels,
            [pooled["per_class"][c]["f1"] for c in labels],
            errors=[_fold_spread(folds, c) for c in labels],
            title="F1 per class (bars: +/- std over folds and seeds)",
        ),
    ]
    subjects = pooled.get("per_subject", {})
    if subjects:
        shown = sorted(subjects.items(), key=lambda kv: -kv[1]["n"])[:24]
        charts.append(
            bar_chart(
                [s for s, _ in shown],
                [m["macro_f1"] for _, m in shown],
                title="macro-F1 per subject",
            )
        )
    if (run.path / "learning_curve.json").is_file():
        curve = run.read_json("learning_curve.json")
        charts.append(
            line_chart(
                [100 * c["fraction"] for c in curve],
                {m: [c[m] for c in curve] for m in ("macro_f1", "f_avg", "accuracy")},
                title="learning curve (same folds)",
                x_label="% of training articles",
            )
        )
    parts.append(f'<div class="grid">{"".join(charts)}</div>')
    try:
        features = top_features(run.load_model(), top=10)
    except Exception as error:  # a damaged model must not stop the report
        parts.append(f'<p class="bad">top features unavailable: {esc(error)}</p>')
    else:
        parts.append("<h3>Top features per class</h3>")
        for label, lists in features["classes"].items():
            rows = [
                [a[0], a[1], b[0], b[1]]
                for a, b in zip(lists["for"], lists["against"], strict=False)
            ]
            parts.append(html_table([f"for {label}", "weight", f"against {label}", "weight"], rows))
    errors = confident_errors(run)
    parts.append("<h3>Most confident errors (out-of-fold)</h3>")
    if errors:
        parts.append(html_table(["doc", "speaker", "gold", "predicted", "p", "text"], errors))
    else:
        parts.append('<p class="note">No out-of-fold prediction was wrong.</p>')
    config = [[k, v] for k, v in flatten(run.config).items()]
    parts.append(f"<h3>Config</h3>{html_table(['key', 'value'], config)}")
    return "".join(parts)


def runs_report(runs: Sequence) -> str:
    """The HTML report of one or several runs, with their comparison when several."""
    from stance.compare import compare_runs, significance_tables

    title = "stance report: " + ", ".join(run.id for run in runs)
    parts = [f"<h1>{esc(title)}</h1>"]
    if len(runs) > 1:
        result = compare_runs(runs)
        parts.append("<h2>Comparison</h2>")
        for table in result["tables"] + significance_tables(result):
            parts.append(f"<h3>{esc(table.title)}</h3>{html_table(table.header, table.rows)}")
        for test in result["tests"]:
            parts.append(f'<p class="note"><b>{esc(test["verdict"])}</b></p>')
        if result["no_test_reason"]:
            parts.append(f'<p class="note">{esc(result["no_test_reason"])}</p>')
    parts += [run_section(run) for run in runs]
    return page(title, "".join(parts))
