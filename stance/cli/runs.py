"""`stance runs ...`: list, show and compare runs; `stance explain` and `stance report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import ExperimentsOption, app, check_choice, user_errors
from stance.records import StanceError

runs_app = typer.Typer(
    help="List, show and compare runs under experiments/runs.\n\nExample: stance runs list"
)
app.add_typer(runs_app, name="runs")

FormatOption = Annotated[
    str,
    typer.Option("--format", metavar="FORMAT", help="table, markdown, latex, csv or json."),
]
LIST_COLUMNS = (
    "id",
    "name",
    "task",
    "data",
    "subjects",
    "folds",
    "seeds",
    "grouping",
    "f_avg",
    "macro_f1",
    "accuracy",
    "speaker_accuracy",
    "evaluations",
    "wall_time_s",
)


@runs_app.command("list")
@user_errors
def runs_list(
    sort: Annotated[
        str | None,
        typer.Option(metavar="METRIC", help="Sort by a column, best first (e.g. macro_f1)."),
    ] = None,
    filters: Annotated[
        list[str] | None,
        typer.Option(
            "--filter",
            metavar="KEY=VALUE",
            help="Keep runs whose column or config key matches (repeatable).",
        ),
    ] = None,
    output_format: FormatOption = "table",
    experiments: ExperimentsOption = Path("experiments"),
):
    """List runs, newest first, with their data, folds and scores.

    Example: stance runs list --filter task=stance --sort macro_f1
    """
    from stance.compare import matches_filter, run_summary
    from stance.runs import incomplete_folders, list_runs
    from stance.tables import FORMATS, Table, render

    check_choice("--format", output_format, FORMATS)
    wanted = []
    for item in filters or []:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise StanceError(f"--filter takes KEY=VALUE, got {item!r}")
        wanted.append((key, value))
    rows = []
    for run in reversed(list_runs(experiments)):
        try:
            summary = run_summary(run)
        except (StanceError, KeyError, TypeError) as error:
            rows.append({"id": run.id, "name": "damaged", "task": run.task, "data": str(error)})
            continue
        if all(matches_filter(run, summary, k, v) for k, v in wanted):
            rows.append(summary)
    if sort:
        if sort not in LIST_COLUMNS:
            raise StanceError(f"--sort takes one of {', '.join(LIST_COLUMNS)}, got {sort!r}")
        numeric = sort not in ("id", "name", "task", "data", "subjects", "seeds", "grouping")
        rows.sort(
            key=lambda r: (r.get(sort) is None, -(r.get(sort) or 0) if numeric else r.get(sort)),
        )
    broken = [] if wanted else incomplete_folders(experiments)
    if not rows and not broken:
        typer.echo(f"no runs in {experiments / 'runs'}")
        return
    table = Table("runs", list(LIST_COLUMNS), [[r.get(c) for c in LIST_COLUMNS] for r in rows])
    tables = [table]
    if broken:
        tables.append(
            Table(
                "folders that are not complete runs",
                ["folder", "why"],
                [[path.name, why] for path, why in broken],
            )
        )
    typer.echo(render(tables, output_format))


@runs_app.command("show")
@user_errors
def runs_show(
    run: Annotated[
        str, typer.Argument(metavar="RUN", help="Run id, prefix, name, folder, latest.")
    ],
    output_format: FormatOption = "table",
    experiments: ExperimentsOption = Path("experiments"),
):
    """Print a run: its config, tuning choice, metrics tables and evaluations.

    Example: stance runs show latest --format markdown
    """
    from stance.compare import show_tables
    from stance.runs import resolve_run
    from stance.tables import FORMATS, metrics_tables, render

    check_choice("--format", output_format, FORMATS)
    found = resolve_run(run, experiments)
    tables, notes = show_tables(found)
    if output_format == "table":
        head = render(tables[:1], "table")
        evaluations = [t for t in tables if t.title.startswith("evaluation")]
        tuning = [t for t in tables if t.title.startswith("tuning")]
        config = [t for t in tables if t.title == "resolved config"]
        typer.echo(f"run: {found.path}\n\n{head}\n\n{render(config, 'table')}")
        if tuning:
            typer.echo("\n" + render(tuning, "table"))
        typer.echo("\n" + metrics_tables(found.metrics))
        if evaluations:
            typer.echo("\n" + render(evaluations, "table"))
        for note_line in notes:
            typer.echo("\n" + note_line)
        return
    typer.echo(render(tables, output_format, notes=notes))


@runs_app.command("compare")
@user_errors
def runs_compare(
    runs: Annotated[
        list[str], typer.Argument(metavar="RUN RUN [RUN...]", help="Runs to put side by side.")
    ],
    evaluation: Annotated[
        str | None,
        typer.Option(
            metavar="NAME", help="Compare the runs' evaluations of this name (paired on rows)."
        ),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show every config key.")] = False,
    output_format: FormatOption = "table",
    experiments: ExperimentsOption = Path("experiments"),
):
    """Runs side by side, with paired significance tests when they share records and folds.

    Example: stance runs compare joint-run per-subject-run
    """
    from stance.compare import compare_evaluations, compare_runs, significance_tables
    from stance.runs import resolve_run
    from stance.tables import FORMATS, render

    check_choice("--format", output_format, FORMATS)
    if len(runs) < 2:
        raise StanceError("stance runs compare needs at least two runs")
    found = [resolve_run(reference, experiments) for reference in runs]
    if evaluation:
        result = compare_evaluations(found, evaluation)
        typer.echo(render(significance_tables(result), output_format))
        return
    result = compare_runs(found, show_all=show_all)
    notes = [test["verdict"] for test in result["tests"]]
    if result["no_test_reason"]:
        notes.append(result["no_test_reason"])
    tables = result["tables"] + significance_tables(result)
    typer.echo(render(tables, output_format, notes=notes))


@app.command()
@user_errors
def explain(
    run: Annotated[
        str, typer.Argument(metavar="RUN", help="Run id, prefix, name, folder or latest.")
    ] = "latest",
    subject: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="The subject's own model, or its features only."),
    ] = None,
    klass: Annotated[
        str | None, typer.Option("--class", metavar="LABEL", help="Only this class.")
    ] = None,
    top: Annotated[int, typer.Option(metavar="N", help="Features per list.")] = 15,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="table, markdown, csv or json.")
    ] = "table",
    experiments: ExperimentsOption = Path("experiments"),
):
    """The n-grams with the largest weights for and against each class.

    Example: stance explain latest --subject "congestion charge" --class against
    """
    from stance.explain import top_features
    from stance.runs import resolve_run
    from stance.tables import Table, render

    check_choice("--format", output_format, ("table", "markdown", "csv", "json"))
    found = resolve_run(run, experiments)
    try:
        result = top_features(found.load_model(), subject=subject, klass=klass, top=top)
    except ValueError as error:
        raise StanceError(f"--class: {error}") from None
    tables = []
    for label, lists in result["classes"].items():
        rows = []
        for i in range(max(len(lists["for"]), len(lists["against"]))):
            pro = lists["for"][i] if i < len(lists["for"]) else ("", None)
            con = lists["against"][i] if i < len(lists["against"]) else ("", None)
            rows.append([pro[0], pro[1], con[0], con[1]])
        tables.append(
            Table(
                f"{label} ({result['model']} model of {found.id})",
                [f"for {label}", "weight", f"against {label}", "weight"],
                rows,
            )
        )
    typer.echo(render(tables, output_format))


@app.command()
@user_errors
def report(
    runs: Annotated[
        list[str],
        typer.Argument(metavar="RUN [RUN...]", help="Runs to report on (several: compared)."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")
    ] = Path("report.html"),
    experiments: ExperimentsOption = Path("experiments"),
):
    """One self-contained HTML file: metrics, charts, top features, errors, comparison.

    Example: stance report joint-run per-subject-run -o report.html
    """
    from stance import io
    from stance.report import runs_report
    from stance.runs import resolve_run

    found = [resolve_run(reference, experiments) for reference in runs]
    with io.atomic_output(output) as stream:
        stream.write(runs_report(found))
    typer.echo(f"report: {output}")
