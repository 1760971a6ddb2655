"""The `stance` command line: parses options, calls the Python API, prints.

Heavy modules (scikit-learn, numpy) are imported inside the commands, so that
``stance --help`` answers at once.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from stance.records import StanceError
from stance.tables import article_tables, extraction_score_tables, format_table, shorten

app = typer.Typer(
    name="stance",
    help=(
        "Who said what in news text, and how each speaker stands toward a subject.\n\n"
        "Example:\n\n"
        "  stance train\n\n"
        "  stance predict statements.txt --subject 'carbon border tax'"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
runs_app = typer.Typer(
    help="List and inspect runs under experiments/runs.\n\nExample: stance runs list"
)
app.add_typer(runs_app, name="runs")

DEBUG = {"on": False}

ExperimentsOption = Annotated[
    Path, typer.Option("--experiments", help="Folder holding runs/ (created if needed).")
]
DataFormatOption = Annotated[
    str | None, typer.Option("--format", help="auto, jsonl, csv, tsv, semeval or newsmtsc.")
]
TextColumn = Annotated[str | None, typer.Option("--text-col", help="Column/key of the text.")]
LabelColumn = Annotated[str | None, typer.Option("--label-col", help="Column/key of the label.")]
SubjectColumn = Annotated[
    str | None, typer.Option("--subject-col", help="Column/key of the subject.")
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="Text encoding of the input (default UTF-8).")
]


def user_errors(command):
    """Print a user error as one line and exit non-zero, without a traceback (unless --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except StanceError as error:
            if DEBUG["on"]:
                traceback.print_exc()
            typer.echo(f"stance: error: {error}", err=True)
            raise typer.Exit(2) from None
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, like any Unix filter.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            typer.echo("stance: interrupted; nothing was saved", err=True)
            raise typer.Exit(130) from None
        except OSError as error:
            if DEBUG["on"]:
                traceback.print_exc()
            name = f"{error.filename}: " if error.filename else ""
            typer.echo(f"stance: error: {name}{error.strerror or error}", err=True)
            raise typer.Exit(1) from None

    return wrapper


def _terminate_as_interrupt(signum, frame):
    raise KeyboardInterrupt


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
):
    DEBUG["on"] = debug
    # A `kill` ends any command like Ctrl-C does, so cleanup (temporary files) runs.
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    if version:
        from importlib.metadata import version as package_version

        typer.echo(f"stance {package_version('stance')}")
        raise typer.Exit()


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
def predict(
    file: Annotated[
        str, typer.Argument(help="Statements (one per line) or an article; - reads standard input.")
    ],
    subject: Annotated[str, typer.Option(help="The subject the stance is toward.")] = "",
    run: Annotated[
        str | None, typer.Option("--run", help="Run id, id prefix or folder (default: latest).")
    ] = None,
    reaction_run: Annotated[
        str | None,
        typer.Option("--reaction-run", help="Reaction run for articles (default: latest)."),
    ] = None,
    input_kind: Annotated[
        str,
        typer.Option("--input", help="auto (detect), article, or lines (one statement a line)."),
    ] = "auto",
    output_format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of FILE.")] = None,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Predict the stance of each statement (or each speaker of an article) toward a subject.

    Example: stance predict article.txt --subject "Donald Trump"
    """
    from stance import api, articles, io

    _check_choice("--format", output_format, ("table", "jsonl", "csv"))
    _check_choice("--input", input_kind, ("auto", "article", "lines"))
    # Standard input can be read once only, so it is taken whole; a file streams.
    whole = io.read_text(file, encoding=encoding) if file == "-" else None
    if input_kind == "auto":
        sample = whole if whole is not None else io.read_head(file, encoding=encoding)
        input_kind = "article" if articles.looks_like_article(sample) else "lines"
    if input_kind == "article":
        text = whole if whole is not None else io.read_text(file, encoding=encoding)
        doc = "<stdin>" if file == "-" else Path(file).stem
        rows = articles.predict_article(
            text,
            subject=subject,
            doc=doc,
            run=run,
            reaction_run=reaction_run,
            experiments=experiments,
        )
        summary = articles.summarise_speakers(rows)
        with io.atomic_output(output) as stream:
            if output_format == "table":
                stream.write(article_tables(rows, summary) + "\n")
            else:
                io.write_rows(stream, rows, format=output_format)
        return
    if whole is not None:
        statements = [line.strip() for line in whole.splitlines() if line.strip()]
        if not statements:
            raise StanceError("<stdin>: no statements (every line is blank)")
    else:
        statements = (text for _, text in io.read_statements(file, encoding=encoding))
    seen = {}

    def noting_unseen(rows):
        for row in rows:
            seen["unseen"] = row["unseen_subject"]
            yield row

    rows = noting_unseen(
        api.iter_predictions(statements, subject=subject, run=run, experiments=experiments)
    )
    with io.atomic_output(output) as stream:
        if output_format == "table":
            rows = list(rows)
            columns = [c for c in rows[0] if c != "unseen_subject"]
            table_rows = [[shorten(r[c]) if c == "text" else r[c] for c in columns] for r in rows]
            stream.write(format_table(table_rows, columns) + "\n")
        else:
            io.write_rows(stream, rows, format=output_format)
    if seen.get("unseen"):
        typer.echo(
            f"note: subject {subject!r} was not in the training data; the joint model "
            "predicted it from shared features",
            err=True,
        )


def _check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise StanceError(f"{option} must be one of {', '.join(choices)}, got {value!r}")


@app.command()
@user_errors
def extract(
    files: Annotated[
        list[str], typer.Argument(help="Article files or folders of .txt files; - reads stdin.")
    ],
    output_format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
    ] = None,
    evaluate_against: Annotated[
        Path | None,
        typer.Option("--evaluate", help="Score against gold JSONL records (doc, text, speaker)."),
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding of the files.")] = None,
):
    """Attribute every sentence of news articles to its speaker (or to no one).

    Example: stance extract article.txt --format jsonl
    """
    from stance import articles, io

    _check_choice("--format", output_format, ("table", "jsonl", "csv"))
    if evaluate_against is not None:
        scores = articles.score_extraction_files(files, evaluate_against, encoding=encoding)
        with io.atomic_output(output) as stream:
            if output_format == "table":
                stream.write(extraction_score_tables(scores) + "\n")
            else:
                stream.write(json.dumps(scores, indent=1) + "\n")
        return
    statements = articles.extract_files(files, encoding=encoding)
    with io.atomic_output(output) as stream:
        if output_format == "table":
            rows = [
                [
                    s.doc,
                    "headline" if s.part == "headline" else s.index,
                    s.speaker or "-",
                    s.pattern,
                    shorten(s.text, 70),
                ]
                for s in statements
            ]
            stream.write(format_table(rows, ["doc", "#", "speaker", "pattern", "text"]) + "\n")
        else:
            io.write_rows(stream, (s.to_dict() for s in statements), format=output_format)


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


def main() -> None:
    app(prog_name="stance")
