"""`stance train` and `stance evaluate`: cross-validated runs and held-out scores."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import (
    DataFormatOption,
    EncodingOption,
    ExperimentsOption,
    LabelColumn,
    SubjectColumn,
    TextColumn,
    app,
    user_errors,
)


@app.command()
@user_errors
def train(
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", help="Labelled data file (repeatable). Default: the shipped corpus."
        ),
    ] = None,
    task: Annotated[str | None, typer.Option(help="stance (default) or reaction.")] = None,
    per_subject: Annotated[
        bool | None,
        typer.Option("--per-subject/--joint", help="One model per subject, or one joint model."),
    ] = None,
    folds: Annotated[int | None, typer.Option(help="Cross-validation folds (default 5).")] = None,
    seed: Annotated[
        int | None, typer.Option(help="Seed of the fold assignment (default 0).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Name of the run (part of its id).")] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Experiment config (TOML, or a run's config.json)."),
    ] = None,
    data_format: DataFormatOption = None,
    text_col: TextColumn = None,
    label_col: LabelColumn = None,
    subject_col: SubjectColumn = None,
    group_col: Annotated[
        str | None, typer.Option(help="Column/key grouping folds (article).")
    ] = None,
    encoding: EncodingOption = None,
    jobs: Annotated[
        int | None, typer.Option(help="Folds (and tuning candidates) fitted in parallel.")
    ] = None,
    tune: Annotated[
        bool | None,
        typer.Option("--tune", help="Nested CV: an inner grid search (config [tune]) per fold."),
    ] = None,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Cross-validate a stance (or reaction) model, fit it on all data, save a run.

    Example: stance train --task reaction --folds 10 --name my-run
    """
    from stance.api import train as train_run
    from stance.config import default_config, load_config, override
    from stance.tables import metrics_tables

    settings = load_config(config) if config else default_config()
    override(
        settings,
        {
            "name": name,
            "task": task,
            "data.path": [str(p) for p in data] if data else None,
            "data.format": data_format,
            "data.text_col": text_col,
            "data.label_col": label_col,
            "data.subject_col": subject_col,
            "data.group_col": group_col,
            "data.encoding": encoding,
            "model.per_subject": per_subject,
            "cv.folds": folds,
            "cv.seed": seed,
            "cv.jobs": jobs,
            "tune.enabled": tune,
        },
    )

    def progress(number, metrics):
        typer.echo(
            f"fold {number + 1}/{settings['cv']['folds']}: n={metrics['n_test']:<5} "
            f"accuracy {metrics['accuracy']:.3f}  macro-F1 {metrics['macro_f1']:.3f}  "
            f"F_avg {metrics['f_avg']:.3f}",
            err=True,
        )

    if settings["tune"]["enabled"]:
        from stance.tuning import grid_size

        size = grid_size({k: v for k, v in settings["tune"].items() if isinstance(v, list)})
        typer.echo(
            f"tuning: {size} candidates x {settings['tune']['inner_folds']} inner folds "
            f"in each of {settings['cv']['folds']} outer folds and the final fit",
            err=True,
        )
    run = train_run(
        settings, experiments=experiments, command=["stance", *sys.argv[1:]], on_fold=progress
    )
    typer.echo(metrics_tables(run.metrics))
    typer.echo(f"\nrun: {run.path}")


@app.command()
@user_errors
def evaluate(
    run: Annotated[str, typer.Option("--run", help="Run id, id prefix or folder.")],
    data: Annotated[list[Path], typer.Option("--data", help="Labelled test file (repeatable).")],
    name: Annotated[
        str | None, typer.Option(help="Name of the evaluation (default: the file's name).")
    ] = None,
    data_format: DataFormatOption = None,
    text_col: TextColumn = None,
    label_col: LabelColumn = None,
    subject_col: SubjectColumn = None,
    encoding: EncodingOption = None,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Score a run's final model on a labelled held-out file; saved into the run folder.

    Example: stance evaluate --run 20261128 --data test.csv --name my-test
    """
    from stance.api import evaluate as evaluate_run
    from stance.tables import evaluation_tables

    overrides = {
        "format": data_format or "auto",
        "text_col": text_col,
        "label_col": label_col,
        "subject_col": subject_col,
        "encoding": encoding,
    }
    overrides = {key: value for key, value in overrides.items() if value is not None}
    metrics = evaluate_run(run, data, name=name, data=overrides, experiments=experiments)
    typer.echo(evaluation_tables(metrics))
