"""`stance runs ...`: list, show and compare runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import (
    ExperimentsOption,
    app,
    user_errors,
)
from stance.records import StanceError
from stance.tables import format_table

runs_app = typer.Typer(
    help="List, show and compare runs under experiments/runs.\n\nExample: stance runs list"
)
app.add_typer(runs_app, name="runs")


@runs_app.command("list")
@user_errors
def runs_list(experiments: ExperimentsOption = Path("experiments")):
    """List finished runs, oldest first.

    Example: stance runs list
    """
    from stance.runs import list_runs

    rows = []
    for found in list_runs(experiments):
        try:
            metrics = found.metrics["pooled_out_of_fold"]
            rows.append([found.id, found.task, metrics["macro_f1"], metrics["f_avg"]])
        except (StanceError, KeyError, TypeError):
            rows.append([found.id, found.task, "damaged", "(stance runs show for why)"])
    if not rows:
        typer.echo(f"no runs in {experiments / 'runs'}")
        return
    typer.echo(format_table(rows, ["run", "task", "macro_f1 (pooled)", "f_avg (pooled)"]))


@runs_app.command("show")
@user_errors
def runs_show(
    run: Annotated[str, typer.Argument(help="Run id, id prefix or folder.")],
    experiments: ExperimentsOption = Path("experiments"),
):
    """Print a run's metrics tables.

    Example: stance runs show 2026
    """
    from stance.runs import resolve_run
    from stance.tables import metrics_tables

    found = resolve_run(run, experiments)
    typer.echo(f"run: {found.path}\ntask: {found.task}\n")
    typer.echo(metrics_tables(found.metrics))
