"""`stance train` and `stance evaluate`: cross-validated runs and held-out scores."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.archiving import SchedulerOption
from stance.cli.common import (
    DataFormatOption,
    EncodingOption,
    ExperimentsOption,
    LabelColumn,
    QuietOption,
    SubjectColumn,
    TextColumn,
    app,
    duration,
    is_terminal,
    note,
    user_errors,
)
from stance.records import StanceError


@app.command()
@user_errors
def train(
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            metavar="FILE",
            help="Labelled data file or data set name (repeatable). Default: wirestance.",
        ),
    ] = None,
    task: Annotated[
        str | None, typer.Option(metavar="TASK", help="stance (default) or reaction.")
    ] = None,
    per_subject: Annotated[
        bool | None,
        typer.Option("--per-subject/--joint", help="One model per subject, or one joint model."),
    ] = None,
    min_subject_examples: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="With --per-subject: fewer examples and a subject uses the joint model.",
        ),
    ] = None,
    folds: Annotated[
        int | None, typer.Option(metavar="K", help="Cross-validation folds (default 5).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(metavar="N", help="Seed of the fold assignment (default 0).")
    ] = None,
    seeds: Annotated[
        str | None,
        typer.Option(metavar="SEEDS", help="Repeat the K-fold split with each seed: 0-4 or 0,3,7."),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            "--group-by",
            metavar="KIND",
            help="Keep each doc (default) or each subject on one side of every fold.",
        ),
    ] = None,
    no_groups: Annotated[
        bool,
        typer.Option(
            "--no-groups", help="Data without articles: split records freely (said in reports)."
        ),
    ] = False,
    name: Annotated[
        str | None, typer.Option(metavar="NAME", help="Name of the run (part of its id).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Experiment config (TOML, or a run's config.json)."
        ),
    ] = None,
    data_format: DataFormatOption = None,
    text_col: TextColumn = None,
    label_col: LabelColumn = None,
    subject_col: SubjectColumn = None,
    group_col: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Column/key naming the article (groups the folds)."),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The subject of every record that names none."),
    ] = None,
    encoding: EncodingOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Worker processes for folds, baselines and tuning candidates (0: every core).",
        ),
    ] = None,
    tune: Annotated[
        bool | None,
        typer.Option("--tune", help="Nested CV: an inner grid search (config [tune]) per fold."),
    ] = None,
    baselines: Annotated[
        bool | None,
        typer.Option(
            "--baselines/--no-baselines",
            help="Also score majority, cue-only and speaker-context-only baselines.",
        ),
    ] = None,
    learning_curve: Annotated[
        bool | None,
        typer.Option("--learning-curve", help="Also score 25/50/75/100% of the training articles."),
    ] = None,
    scheduler: SchedulerOption = None,
    quiet: QuietOption = False,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Cross-validate a stance (or reaction) model, fit it on all data, save a run.

    Example: stance train --task reaction --folds 10 --seeds 0-4 --name my-run
    """
    from stance.api import train as train_run
    from stance.config import default_config, load_config, override, parse_seeds
    from stance.tables import metrics_tables

    settings = load_config(config) if config else default_config()
    if no_groups and group_by not in (None, "none"):
        raise StanceError("--no-groups and --group-by contradict each other; choose one")
    override(
        settings,
        {
            "name": name,
            "task": task,
            "data.path": list(data) if data else None,
            "data.format": data_format,
            "data.text_col": text_col,
            "data.label_col": label_col,
            "data.subject_col": subject_col,
            "data.group_col": group_col,
            "data.subject": subject,
            "data.encoding": encoding,
            "model.per_subject": per_subject,
            "model.min_subject_examples": min_subject_examples,
            "cv.folds": folds,
            "cv.seed": seed,
            "cv.seeds": parse_seeds(seeds) if seeds is not None else None,
            "cv.group": "none" if no_groups else group_by,
            "cv.jobs": jobs,
            "cv.scheduler": scheduler,
            "cv.baselines": baselines,
            "cv.learning_curve": learning_curve,
            "tune.enabled": tune,
        },
    )
    if seed is not None and seeds is None:
        settings["cv"]["seeds"] = []

    started, folds_done = time.monotonic(), [0]
    total_folds = settings["cv"]["folds"] * max(len(settings["cv"]["seeds"]), 1)

    def progress(seed_value, number, metrics):
        prefix = f"seed {seed_value} " if len(settings["cv"]["seeds"]) > 1 else ""
        folds_done[0] += 1
        timing = ""
        if is_terminal(sys.stderr):  # a log gets the same lines every time
            elapsed = time.monotonic() - started
            left = elapsed / folds_done[0] * (total_folds - folds_done[0])
            timing = f"  ({duration(elapsed)}; folds left about {duration(left)})"
        note(
            f"{prefix}fold {number + 1}/{settings['cv']['folds']}: n={metrics['n_test']:<5} "
            f"accuracy {metrics['accuracy']:.3f}  macro-F1 {metrics['macro_f1']:.3f}  "
            f"F_avg {metrics['f_avg']:.3f}{timing}",
            quiet=quiet,
        )

    if settings["tune"]["enabled"]:
        from stance.tuning import grid_size

        size = grid_size({k: v for k, v in settings["tune"].items() if isinstance(v, list)})
        note(
            f"tuning: {size} candidates x {settings['tune']['inner_folds']} inner folds "
            f"in each of {settings['cv']['folds']} outer folds and the final fit",
            quiet=quiet,
        )
    run = train_run(
        settings, experiments=experiments, command=["stance", *sys.argv[1:]], on_fold=progress
    )
    typer.echo(metrics_tables(run.metrics))
    if settings["tune"]["enabled"]:
        choice = run.read_json("tuning.json")["final_choice"]
        typer.echo("\ntuning chose: " + ", ".join(f"{k} = {v}" for k, v in choice.items()))
    typer.echo(f"\nrun: {run.path}")


@app.command()
@user_errors
def evaluate(
    run: Annotated[
        str,
        typer.Option("--run", metavar="RUN", help="Run id, prefix, name, folder or latest."),
    ],
    data: Annotated[
        list[str],
        typer.Option("--data", metavar="FILE", help="Labelled test file or data set name."),
    ],
    name: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Name of the evaluation (default: the file's name)."),
    ] = None,
    data_format: DataFormatOption = None,
    text_col: TextColumn = None,
    label_col: LabelColumn = None,
    subject_col: SubjectColumn = None,
    group_col: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="Column/key naming the article."),
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The subject of every record that names none."),
    ] = None,
    allow_overlap: Annotated[
        bool,
        typer.Option(
            "--allow-overlap", help="Evaluate even if over 5% of records were trained on."
        ),
    ] = False,
    encoding: EncodingOption = None,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Score a run's final model on a labelled held-out file; saved into the run folder.

    Example: stance evaluate --run latest --data test.csv --name my-test
    """
    from stance.api import evaluate as evaluate_run
    from stance.tables import evaluation_tables

    overrides = {
        "format": data_format or "auto",
        "text_col": text_col,
        "label_col": label_col,
        "subject_col": subject_col,
        "group_col": group_col,
        "subject": subject,
        "encoding": encoding,
    }
    overrides = {key: value for key, value in overrides.items() if value is not None}
    metrics = evaluate_run(
        run, data, name=name, data=overrides, experiments=experiments, allow_overlap=allow_overlap
    )
    typer.echo(evaluation_tables(metrics))
    overlap = metrics["overlap"]
    typer.echo(
        f"\n{overlap['records']} of {metrics['n']} records ({overlap['share']:.1%}) were in the "
        "run's training data"
    )
    typer.echo(f"saved: {metrics['path']}")
