"""`stance predict` and `stance extract`: statements and articles in, labelled rows out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.archiving import (
    ArchiveJobsOption,
    PartitionSizeOption,
    PeriodOption,
    ResumeOption,
    SchedulerOption,
    SummaryOption,
    is_archive,
    refuse_archive_options,
    run_archive_command,
    typed,
)
from stance.cli.common import (
    EncodingOption,
    ExperimentsOption,
    Progress,
    QuietOption,
    SubjectColumn,
    TextColumn,
    app,
    check_choice,
    check_positive,
    note,
    user_errors,
)
from stance.records import StanceError
from stance.tables import (
    article_tables,
    attribution_table,
    extraction_score_tables,
    format_table,
    polnear_score_tables,
    shorten,
)

RECORD_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}


def input_kind_of(file: str, sample: str) -> str:
    """records (JSONL/CSV/TSV), article or lines, from the file's name and first lines."""
    from stance import articles

    suffix = Path(file).suffix.lower()
    first = sample.lstrip("\ufeff").split("\n", 1)[0].strip()
    if suffix in RECORD_SUFFIXES or (first.startswith("{") and first.endswith("}")):
        return "records"
    return "article" if articles.looks_like_article(sample) else "lines"


@app.command()
@user_errors
def predict(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Statements (one a line), labelled records (JSONL/CSV/TSV), an article, or "
            "an archive (a folder, a quoted glob, a JSONL.gz of doc/text); - reads stdin.",
        ),
    ],
    subject: Annotated[
        str,
        typer.Option(metavar="TEXT", help="The subject the stance is toward (required)."),
    ] = "",
    run: Annotated[
        str | None,
        typer.Option(
            "--run", metavar="RUN", help="Run id, prefix, name, folder or latest (default)."
        ),
    ] = None,
    reaction_run: Annotated[
        str | None,
        typer.Option(
            "--reaction-run", metavar="RUN", help="Reaction run for articles (default: latest)."
        ),
    ] = None,
    input_kind: Annotated[
        str,
        typer.Option(
            "--input", metavar="KIND", help="auto (detect), article, lines, records or archive."
        ),
    ] = "auto",
    output_format: Annotated[
        str,
        typer.Option("--format", metavar="FORMAT", help="table, jsonl, csv or html (articles)."),
    ] = "table",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here instead of standard output (an archive: FOLDER/ of parts).",
        ),
    ] = None,
    text_col: TextColumn = None,
    subject_col: SubjectColumn = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the features that pushed each prediction.")
    ] = False,
    encoding: EncodingOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(metavar="N", help="Processes predicting statements (default: all cores)."),
    ] = None,
    partition_size: PartitionSizeOption = None,
    resume: ResumeOption = False,
    scheduler: SchedulerOption = None,
    period: PeriodOption = "month",
    summary: SummaryOption = None,
    quiet: QuietOption = False,
    experiments: ExperimentsOption = Path("experiments"),
):
    """Predict the stance of each statement (or each speaker of an article) toward a subject.

    Example: stance predict article.txt --subject "Donald Trump"
    """
    from stance import io
    from stance.prediction import load_serving_run, require_subject

    check_choice("--format", output_format, ("table", "jsonl", "csv", "html"))
    check_choice("--input", input_kind, ("auto", "article", "lines", "records", "archive"))
    check_positive("--jobs", jobs)
    if is_archive([file], output=None, forced=input_kind == "archive"):
        _predict_archive(file, subject, run, reaction_run, output_format, output, explain,
                         encoding, jobs, partition_size, resume, scheduler, period, summary,
                         quiet, experiments)  # fmt: skip
        return
    refuse_archive_options(
        partition_size=partition_size, resume=resume, scheduler=scheduler, summary=summary
    )
    # Standard input can be read once only, so it is taken whole; a file streams.
    whole = io.read_text(file, encoding=encoding) if file == "-" else None
    if input_kind == "auto":
        sample = whole if whole is not None else io.read_head(file, encoding=encoding)
        input_kind = input_kind_of(file, sample)
    if output_format == "html" and input_kind != "article":
        raise StanceError("--format html shows an article; this input is read as statements")
    stance_run = load_serving_run(run, experiments)
    if input_kind != "records":
        require_subject(stance_run, subject)
    if input_kind == "article":
        _predict_article(
            file,
            whole,
            subject,
            stance_run,
            reaction_run,
            output_format,
            output,
            explain,
            encoding,
            quiet,
            experiments,
        )
        return
    if input_kind == "records":
        statements = _record_items(file, whole, text_col, subject_col, encoding)
    elif whole is not None:
        statements = [line.strip() for line in whole.splitlines() if line.strip()]
        if not statements:
            raise StanceError("<stdin>: no statements (every line is blank)")
    else:
        statements = (text for _, text in io.read_statements(file, encoding=encoding))
    progress = Progress("statements", quiet=quiet)
    if progress.enabled:  # a terminal: measure against the input's length, if known
        progress.total = len(statements) if isinstance(statements, list) else io.count_lines(file)
    _predict_statements(
        statements, subject, stance_run, output_format, output, explain, quiet, jobs, progress
    )


def _predict_archive(
    file, subject, run, reaction_run, output_format, output, explain, encoding, jobs,
    partition_size, resume, scheduler, period, summary, quiet, experiments,
):  # fmt: skip
    from stance.articles import serving_runs
    from stance.io.archive import expand_inputs
    from stance.prediction import require_subject, subject_note

    if explain:
        raise StanceError("--explain is for statements and single articles, not archives")
    expand_inputs([file])  # a missing or empty input is said before the runs are loaded
    stance_run, tone_run = serving_runs(run, reaction_run, experiments)
    require_subject(stance_run, subject)
    run_archive_command(
        [file], kind="predict", subject=subject, stance_run=stance_run, reaction_run=tone_run,
        output=output, output_format=output_format, partition_size=partition_size, jobs=jobs,
        scheduler=scheduler, resume=resume, period=period, summary=summary, encoding=encoding,
        quiet=quiet,
    )  # fmt: skip
    note(served_by(stance_run), quiet=quiet)
    message = subject_note(stance_run, subject)
    if message:
        note(message, quiet=quiet)


def served_by(run) -> str:
    """One line saying which run serves the predictions."""
    config = run.config
    data = run.manifest.get("data", {})
    files = ", ".join(Path(p).name for p in data.get("files", {})) or "?"
    mode = "per-subject" if config["model"].get("per_subject") else "joint"
    return (
        f"using run {run.id} ({run.task}, {mode}, trained on {files}, "
        f"{data.get('records', '?')} records)"
    )


def _record_items(file, whole, text_col, subject_col, encoding):
    """Rows of a JSONL/CSV/TSV file as mappings with text and subject (others kept)."""
    import tempfile

    from stance import io

    if whole is not None:  # standard input, already read: parse it from a private copy
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "stdin.jsonl"
            copy.write_text(whole, encoding="utf-8")
            yield from _record_items(str(copy), None, text_col, subject_col, None)
        return
    fmt = RECORD_SUFFIXES.get(Path(file).suffix.lower()) or io.detect_format(
        file, encoding=encoding
    )
    fmt = fmt if fmt in ("jsonl", "csv", "tsv") else "csv"
    text_key, subject_key = text_col or "text", subject_col or "subject"
    for where, fields in io.read_table(file, format=fmt, encoding=encoding):
        if text_key not in fields:
            raise StanceError(
                f"{where}: no field {text_key!r} (the text); fields are "
                f"{', '.join(map(str, fields))} (choose with --text-col)"
            )
        text = fields[text_key]
        if not isinstance(text, str) or not text.strip():
            raise StanceError(f"{where}: field {text_key!r} is empty")
        item = {k: v for k, v in fields.items() if k not in (text_key, subject_key)}
        item["text"] = text
        if fields.get(subject_key):
            item["subject"] = str(fields[subject_key])
        yield item


def _predict_statements(
    statements, subject, run, output_format, output, explain, quiet, jobs, progress
):
    from stance import io
    from stance.prediction import available_cores, iter_predictions, subject_note

    subjects: dict[str, None] = {}

    def noting(rows):
        for row in rows:
            progress.advance()
            subjects.setdefault(row["subject"])
            if explain:
                row["explanation"] = (
                    row["explanation"]
                    if output_format == "jsonl"
                    else "; ".join(f"{e['feature']} ({e['push']:+.3f})" for e in row["explanation"])
                )
            yield row

    predictions = iter_predictions(
        statements, subject=subject, run=run, explain=5 * explain, jobs=jobs or available_cores()
    )
    rows = noting(predictions)
    with io.atomic_output(output) as stream:
        if output_format == "table":
            rows = list(rows)
            columns = [c for c in rows[0] if c not in ("unseen_subject", "run")]
            table_rows = [
                [shorten(r[c]) if c in ("text", "explanation") else r[c] for c in columns]
                for r in rows
            ]
            stream.write(format_table(table_rows, columns) + f"\nrun: {run.id}\n")
        else:
            io.write_rows(stream, rows, format=output_format)
    progress.finish()
    note(served_by(run), quiet=quiet)
    for name in subjects:
        message = subject_note(run, name)
        if message:
            note(message, quiet=quiet)


def _predict_article(
    file,
    whole,
    subject,
    stance_run,
    reaction_run,
    output_format,
    output,
    explain,
    encoding,
    quiet,
    experiments,
):
    from stance import articles, io
    from stance.prediction import subject_note

    text = whole if whole is not None else io.read_text(file, encoding=encoding)
    doc = "<stdin>" if file == "-" else Path(file).stem
    rows = articles.predict_article(
        text,
        subject=subject,
        doc=doc,
        run=stance_run,
        reaction_run=reaction_run,
        experiments=experiments,
        explain=5 if explain else 0,
    )
    summary = articles.summarise_speakers(rows)
    with io.atomic_output(output) as stream:
        if output_format == "table":
            stream.write(article_tables(rows, summary) + f"\nrun: {stance_run.id}\n")
        elif output_format == "html":
            from stance.report import article_html

            stream.write(article_html(text, rows, summary, title=doc, subject=subject))
        else:
            io.write_rows(stream, rows, format=output_format)
    note(served_by(stance_run), quiet=quiet)
    message = subject_note(stance_run, subject)
    if message:
        note(message, quiet=quiet)


@app.command()
@user_errors
def extract(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="Article files, folders of .txt files, quoted globs or JSONL(.gz) archives of "
            "doc/text records; - reads stdin.",
        ),
    ],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, jsonl or csv; with --evaluate, polnear reads PolNeAR-format gold.",
        ),
    ] = "table",
    unit: Annotated[
        str,
        typer.Option(
            "--unit",
            metavar="UNIT",
            help="sentence (one row per sentence) or attribution (one per source-cue-content).",
        ),
    ] = "sentence",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here instead of standard output (an archive: FOLDER/ of parts).",
        ),
    ] = None,
    evaluate_against: Annotated[
        Path | None,
        typer.Option(
            "--evaluate",
            metavar="GOLD",
            help="Score against gold JSONL: our records (doc, text, speaker) or, with "
            "--format polnear, PolNeAR relations.",
        ),
    ] = None,
    encoding: EncodingOption = None,
    jobs: ArchiveJobsOption = None,
    partition_size: PartitionSizeOption = None,
    resume: ResumeOption = False,
    scheduler: SchedulerOption = None,
    period: PeriodOption = "month",
    summary: SummaryOption = None,
    quiet: QuietOption = False,
):
    """Attribute every sentence of news articles to its speaker (or to no one).

    Example: stance extract article.txt --format jsonl --unit attribution
    """
    from stance import articles, io
    from stance.io.archive import is_record_file

    check_choice("--format", output_format, ("table", "jsonl", "csv", "polnear"))
    check_choice("--unit", unit, ("sentence", "attribution"))
    if output_format == "polnear" and evaluate_against is None:
        raise StanceError("--format polnear names the gold's format: use it with --evaluate GOLD")
    archive_options = {
        "jobs": jobs,
        "partition_size": partition_size,
        "resume": resume,
        "scheduler": scheduler,
        "summary": summary,
    }
    # A folder alone keeps giving one table of its articles; records, a glob, -o FOLDER/
    # or an archive option make it an archive.
    if evaluate_against is None and (
        any(typed(archive_options).values())
        or is_archive([f for f in files if not Path(f).is_dir()], output=output)
        or any(is_record_file(f) for f in files)
    ):
        if unit != "sentence":
            raise StanceError("--unit attribution is for single files, not archives")
        run_archive_command(
            files,
            kind="extract",
            output=output,
            output_format=output_format,
            period=period,
            encoding=encoding,
            quiet=quiet,
            **archive_options,
        )
        return
    refuse_archive_options(**archive_options)
    if evaluate_against is not None:
        _evaluate_extraction(files, evaluate_against, output_format, output, encoding)
        return
    if unit == "attribution":
        relations = articles.extract_attribution_files(files, encoding=encoding)
        with io.atomic_output(output) as stream:
            if output_format == "table":
                stream.write(attribution_table(list(relations)) + "\n")
            else:
                io.write_rows(stream, (r.to_dict() for r in relations), format=output_format)
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


def _evaluate_extraction(files, gold: Path, output_format: str, output, encoding) -> None:
    """Score extraction against gold: a table, or JSON with --format jsonl (or a -o FILE
    ending in .json)."""
    from stance import articles, io

    as_json = output_format == "jsonl" or (output is not None and Path(output).suffix == ".json")
    if output_format == "polnear":
        scores = articles.score_relation_files(files, gold, encoding=encoding)
        table = polnear_score_tables
    else:
        scores = articles.score_extraction_files(files, gold, encoding=encoding)
        table = extraction_score_tables
    with io.atomic_output(output) as stream:
        stream.write((json.dumps(scores, indent=1) if as_json else table(scores)) + "\n")
