"""Runs side by side, and whether their difference is real.

:func:`compare_runs` lines up runs' configs and metrics and, when the runs were
cross-validated on the same records with the same folds and seeds, tests the difference
on their out-of-fold predictions: a paired bootstrap over articles (macro-F1, F_avg),
McNemar's exact test (accuracy, first seed), and the corrected resampled t-test over the
folds of every seed. Evaluations of two runs on the same held-out file are paired on its
rows the same way. The result is plain data; ``stance.tables`` renders it.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence

import numpy as np

from stance.records import LABELS, StanceError
from stance.runs import Run
from stance.tables import Table

HEADLINE = ("accuracy", "macro_f1", "f_avg", "speaker_accuracy")
RESAMPLES = 10_000


def flatten(config: dict, prefix: str = "") -> dict:
    """``{"model": {"C": 1}}`` -> ``{"model.C": 1}`` (lists of tables kept whole)."""
    flat = {}
    for key, value in config.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def headline(run: Run) -> dict:
    """The run's headline scores: pooled out-of-fold (first seed) and speaker accuracy."""
    metrics = run.metrics
    pooled = metrics["pooled_out_of_fold"]
    scores = {name: pooled[name] for name in ("accuracy", "macro_f1", "f_avg")}
    if "speaker_level" in metrics:
        scores["speaker_accuracy"] = metrics["speaker_level"]["accuracy"]
    return scores


def read_predictions(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def pairing_problem(runs: Sequence[Run]) -> str | None:
    """Why the runs' out-of-fold predictions cannot be paired, or None when they can."""
    first = runs[0]
    for other in runs[1:]:
        a, b = first.manifest, other.manifest
        if a["task"] != b["task"]:
            return f"{other.id} is a {b['task']} run and {first.id} a {a['task']} run"
        if a.get("data", {}).get("sha256") != b.get("data", {}).get("sha256"):
            return (
                f"{other.id} was trained on other data than {first.id} (data fingerprints differ)"
            )
        if a.get("data", {}).get("records") != b.get("data", {}).get("records"):
            return f"{other.id} kept a different number of training records than {first.id}"
        if (first.path / "folds.csv").read_bytes() != (other.path / "folds.csv").read_bytes():
            return (
                f"{other.id} used another fold assignment than {first.id} "
                "(different folds, seeds or grouping)"
            )
    return None


def compare_runs(
    runs: Sequence[Run], *, show_all: bool = False, resamples: int = RESAMPLES, seed: int = 0
) -> dict:
    """Everything `stance runs compare` shows, as plain data (tables and test results)."""
    if len(runs) < 2:
        raise StanceError("compare needs at least two runs")
    ids = [run.id for run in runs]
    configs = [flatten(run.config) for run in runs]
    keys = sorted(set().union(*configs))
    differing = [k for k in keys if len({repr(c.get(k)) for c in configs}) > 1]
    shown = keys if show_all else differing
    config_table = Table(
        "config" if show_all else "config keys that differ",
        ["key", *ids],
        [[k, *(_short(c.get(k)) for c in configs)] for k in shown],
    )
    scores = [headline(run) for run in runs]
    metric_table = Table("headline metrics (pooled out-of-fold)", ["metric", *ids])
    for name in HEADLINE:
        if all(name in s for s in scores):
            base = scores[0][name]
            metric_table.rows.append(
                [name, base, *(f"{s[name]:.3f} ({s[name] - base:+.3f})" for s in scores[1:])]
            )
    task = runs[0].task
    class_table = Table("F1 per class", ["class", *ids])
    for label in LABELS[task]:
        class_table.rows.append(
            [label, *(r.metrics["pooled_out_of_fold"]["per_class"][label]["f1"] for r in runs)]
        )
    subjects = sorted(
        set().union(*(r.metrics["pooled_out_of_fold"].get("per_subject", {}) for r in runs))
    )
    subject_table = Table("macro-F1 per subject", ["subject", *ids])
    for subject in subjects[:40]:
        subject_table.rows.append(
            [
                subject,
                *(
                    r.metrics["pooled_out_of_fold"]
                    .get("per_subject", {})
                    .get(subject, {})
                    .get("macro_f1")
                    for r in runs
                ),
            ]
        )
    result = {
        "runs": ids,
        "task": task,
        "tables": [config_table, metric_table, class_table, subject_table],
        "tests": [],
        "no_test_reason": None,
    }
    problem = pairing_problem(runs)
    if problem:
        result["no_test_reason"] = f"no paired test applies: {problem}"
        return result
    base_rows = read_predictions(runs[0].path / "predictions.csv")
    for other in runs[1:]:
        other_rows = read_predictions(other.path / "predictions.csv")
        result["tests"].append(
            paired_tests(
                runs[0], other, base_rows, other_rows, task=task, resamples=resamples, seed=seed
            )
        )
    return result


def paired_tests(a: Run, b: Run, rows_a, rows_b, *, task: str, resamples: int, seed: int) -> dict:
    """The three paired tests of run ``b`` against run ``a`` on the same CV records."""
    from stance.significance import corrected_resampled_t, mcnemar_exact, paired_bootstrap

    by_key = {(r["seed"], r["id"]): r for r in rows_b}
    pairs = [(r, by_key.get((r["seed"], r["id"]))) for r in rows_a]
    if any(other is None for _, other in pairs):
        raise StanceError(f"{b.id}: predictions.csv does not hold the same records as {a.id}")
    gold = [r["gold"] for r, _ in pairs]
    predicted_a = [r["predicted"] for r, _ in pairs]
    predicted_b = [o["predicted"] for _, o in pairs]
    groups = [r["doc"] or f"record:{r['id']}" for r, _ in pairs]
    labels = list(LABELS[task])
    bootstrap = {
        metric: paired_bootstrap(
            gold,
            predicted_a,
            predicted_b,
            groups,
            labels=labels,
            task=task,
            metric=metric,
            resamples=resamples,
            seed=seed,
        )
        for metric in ("macro_f1", "f_avg")
    }
    first_seed = pairs[0][0]["seed"]
    one_seed = [(r, o) for r, o in pairs if r["seed"] == first_seed]
    mcnemar = mcnemar_exact(
        [r["predicted"] == r["gold"] for r, _ in one_seed],
        [o["predicted"] == o["gold"] for _, o in one_seed],
    )
    fold_a = {(m.get("seed", 0), m["fold"]): m for m in a.read_json("fold_metrics.json")}
    fold_b = {(m.get("seed", 0), m["fold"]): m for m in b.read_json("fold_metrics.json")}
    common = sorted(set(fold_a) & set(fold_b))
    t_test = corrected_resampled_t(
        [fold_b[k]["macro_f1"] - fold_a[k]["macro_f1"] for k in common],
        n_train=float(np.mean([fold_a[k]["n_train"] for k in common])),
        n_test=float(np.mean([fold_a[k]["n_test"] for k in common])),
    )
    return {
        "a": a.id,
        "b": b.id,
        "unit": _unit(r["doc"] for r, _ in pairs),
        "bootstrap": bootstrap,
        "mcnemar": mcnemar,
        "corrected_t": t_test,
        "verdict": verdict(a.id, b.id, bootstrap["macro_f1"], t_test),
    }


def verdict(a: str, b: str, bootstrap, t_test) -> str:
    """One sentence: which run is better on macro-F1, and whether it is significant."""
    better, worse = (b, a) if bootstrap.difference > 0 else (a, b)
    size = abs(bootstrap.difference)
    if bootstrap.significant and t_test.significant:
        strength = "significant at 0.05 by both the article bootstrap and the corrected t-test"
    elif bootstrap.significant or t_test.significant:
        which = "article bootstrap" if bootstrap.significant else "corrected t-test"
        strength = f"significant at 0.05 by the {which} only: treat with care"
    else:
        strength = "NOT significant at 0.05: within the noise"
    if size == 0:
        return f"{a} and {b} score the same macro-F1"
    return f"{better} beats {worse} by {size:.3f} macro-F1, {strength}"


def compare_evaluations(runs: Sequence[Run], name: str, *, resamples: int = RESAMPLES) -> dict:
    """Two or more runs evaluated on the same held-out file, paired on its rows."""
    from stance.significance import mcnemar_exact, paired_bootstrap

    found = []
    for run in runs:
        path = run.path / f"evaluation-{name}-predictions.csv"
        if not path.is_file():
            raise StanceError(f"{run.id}: has no evaluation named {name!r} (see stance runs show)")
        found.append((run, read_predictions(path), run.read_json(f"evaluation-{name}.json")))
    fingerprints = {e.get("data", {}).get("sha256") for _, _, e in found}
    if len(fingerprints) > 1:
        raise StanceError(f"the evaluations named {name!r} were made on different files")
    task = runs[0].task
    base_run, base_rows, _ = found[0]
    tests = []
    for run, rows, _ in found[1:]:
        if [r["id"] for r in rows] != [r["id"] for r in base_rows]:
            raise StanceError(f"{run.id}: evaluation {name!r} holds other rows than {base_run.id}")
        gold = [r["gold"] for r in base_rows]
        groups = [r.get("doc") or f"record:{r['id']}" for r in base_rows]
        bootstrap = {
            metric: paired_bootstrap(
                gold,
                [r["predicted"] for r in base_rows],
                [r["predicted"] for r in rows],
                groups,
                labels=list(LABELS[task]),
                task=task,
                metric=metric,
                resamples=resamples,
            )
            for metric in ("macro_f1", "f_avg")
        }
        mcnemar = mcnemar_exact(
            [r["predicted"] == r["gold"] for r in base_rows],
            [r["predicted"] == r["gold"] for r in rows],
        )
        unit = _unit(r.get("doc") for r in base_rows)
        test = {"a": base_run.id, "b": run.id, "unit": unit, "bootstrap": bootstrap}
        tests.append({**test, "mcnemar": mcnemar})
    return {"evaluation": name, "task": task, "tests": tests}


def _unit(docs) -> str:
    """What the bootstrap resamples: articles, or records when the data has none."""
    return "articles" if any(docs) else "records"


def _short(value) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(", ".join(f"{k}={v}" for k, v in item.items()) for item in value)
    return "" if value is None else str(value)


def p_text(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def significance_tables(result: dict) -> list[Table]:
    """The paired tests as tables."""
    tables = []
    for test in result["tests"]:
        table = Table(f"{test['b']} vs {test['a']} (paired)", ["test", "value", "p", "verdict"])
        for metric, boot in test["bootstrap"].items():
            table.rows.append(
                [
                    f"bootstrap over {boot.groups} {test.get('unit', 'articles')}, {metric} "
                    "difference (95% interval)",
                    f"{boot.difference:+.3f} [{boot.low:+.3f}, {boot.high:+.3f}]",
                    p_text(boot.p_value),
                    "significant" if boot.significant else "not significant",
                ]
            )
        m = test["mcnemar"]
        table.rows.append(
            [
                f"McNemar exact, accuracy (only a right {m.only_a_right}, "
                f"only b right {m.only_b_right})",
                "",
                p_text(m.p_value),
                "significant" if m.significant else "not significant",
            ]
        )
        t = test.get("corrected_t")
        if t is not None:
            table.rows.append(
                [
                    f"corrected resampled t over {t.n_estimates} folds, macro-F1",
                    f"{t.mean_difference:+.3f} (t={t.t:.2f}, df={t.degrees_of_freedom})",
                    p_text(t.p_value),
                    "significant" if t.significant else "not significant",
                ]
            )
        tables.append(table)
    return tables


def run_summary(run: Run) -> dict:
    """One row of `stance runs list`: what the run is and how it scored."""
    config = run.config
    metrics = run.metrics
    data = run.manifest.get("data", {})
    files = ", ".join(
        p.rsplit("/", 1)[-1] for p in data.get("files", {}) or config["data"].get("path", [])
    )
    pooled = metrics["pooled_out_of_fold"]
    summary = {
        "id": run.id,
        "name": run.manifest.get("name", ""),
        "task": run.task,
        "data": f"{files} ({data.get('records', '?')})",
        "subjects": "per-subject" if config["model"].get("per_subject") else "joint",
        "folds": metrics.get("folds"),
        "seeds": ",".join(str(s) for s in metrics.get("seeds", [config["cv"].get("seed", 0)])),
        "grouping": metrics.get("grouping", "doc"),
        "f_avg": pooled["f_avg"],
        "macro_f1": pooled["macro_f1"],
        "accuracy": pooled["accuracy"],
        "speaker_accuracy": metrics.get("speaker_level", {}).get("accuracy"),
        "evaluations": len(evaluation_names(run)),
        "wall_time_s": run.manifest.get("wall_time_seconds"),
        "created": run.manifest.get("created", ""),
    }
    return summary


def evaluation_names(run: Run) -> list[str]:
    return sorted(
        p.name[len("evaluation-") : -len(".json")]
        for p in run.path.glob("evaluation-*.json")
        if not p.name.startswith(".")
    )


def matches_filter(run: Run, summary: dict, key: str, value: str) -> bool:
    """``--filter key=value``: a summary column (task, name, data) or any config key."""
    if key in summary:
        return value.lower() in str(summary[key]).lower()
    flat = flatten(run.config)
    if key not in flat:
        raise StanceError(
            f"--filter {key}={value}: no such column or config key "
            f"(columns: {', '.join(summary)}; or a config key such as model.C)"
        )
    return str(flat[key]).lower() == value.lower()


def show_tables(run: Run) -> tuple[list[Table], list[str]]:
    """Everything `stance runs show` prints, as tables, plus notes."""
    summary = run_summary(run)
    about = Table("run", ["field", "value"], [[k, v] for k, v in summary.items()])
    config = Table(
        "resolved config",
        ["key", "value"],
        [[k, _short(v)] for k, v in flatten(run.config).items()],
    )
    tables = [about, config]
    notes = []
    if (run.path / "tuning.json").is_file():
        tuning = run.read_json("tuning.json")
        tables.append(
            Table(
                "tuning: final choice (inner CV score "
                f"{tuning['final_inner_score']:.3f} {tuning['scoring']})",
                ["parameter", "value"],
                [[k, _short(v)] for k, v in tuning["final_choice"].items()],
            )
        )
    tables += metric_tables(run.metrics)
    for name in evaluation_names(run):
        evaluation = run.read_json(f"evaluation-{name}.json")
        rows = [[m, evaluation[m]] for m in ("accuracy", "macro_f1", "f_avg")]
        if "speaker_level" in evaluation:
            rows.append(["speaker_accuracy", evaluation["speaker_level"]["accuracy"]])
        overlap = evaluation.get("overlap", {})
        title = f"evaluation {name!r} (n={evaluation['n']}"
        if overlap:
            title += f", {overlap.get('records', 0)} records seen in training"
        tables.append(Table(title + ")", ["metric", "held-out"], rows))
    if run.metrics.get("grouping") == "none":
        notes.append("folds NOT grouped by article: these scores may be optimistic")
    return tables, notes


def metric_tables(metrics: dict) -> list[Table]:
    """A run's metrics as tables (for formats other than the terminal's)."""
    pooled = metrics["pooled_out_of_fold"]
    spread = metrics["mean_over_folds"]
    tables = [
        Table(
            "overall",
            ["metric", "mean over folds", "std", "pooled out-of-fold"],
            [
                [m, spread[m]["mean"], spread[m]["std"], pooled[m]]
                for m in ("accuracy", "macro_f1", "f_avg")
            ],
        )
    ]
    if "over_seeds" in metrics:
        tables.append(
            Table(
                f"over {len(metrics['seeds'])} seeds",
                ["metric", "mean", "95% low", "95% high"],
                [[m, s["mean"], s["low"], s["high"]] for m, s in metrics["over_seeds"].items()],
            )
        )
    if "speaker_level" in metrics:
        s = metrics["speaker_level"]
        tables.append(
            Table(
                "speaker level",
                ["metric", "value"],
                [
                    ["accuracy", s["accuracy"]],
                    ["macro_f1", s["macro_f1"]],
                    ["polar accuracy", s["polar_accuracy"]],
                ],
            )
        )
    if metrics.get("baselines"):
        tables.append(
            Table(
                "baselines (same folds)",
                ["predictor", "accuracy", "macro_f1", "f_avg", "speaker_accuracy"],
                [
                    [
                        name,
                        *(b.get(k) for k in ("accuracy", "macro_f1", "f_avg", "speaker_accuracy")),
                    ]
                    for name, b in metrics["baselines"].items()
                ],
            )
        )
    tables.append(
        Table(
            "per class (pooled)",
            ["class", "precision", "recall", "f1", "support"],
            [
                [c, m["precision"], m["recall"], m["f1"], m["support"]]
                for c, m in pooled["per_class"].items()
            ],
        )
    )
    labels = pooled["confusion"]["labels"]
    tables.append(
        Table(
            "confusion (rows gold, columns predicted)",
            ["", *labels],
            [[g, *row] for g, row in zip(labels, pooled["confusion"]["matrix"], strict=True)],
        )
    )
    return tables
