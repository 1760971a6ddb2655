"""`stance predict` and `stance extract`: statements and articles in, labelled rows out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import (
    ExperimentsOption,
    app,
    check_choice,
    user_errors,
)
from stance.records import StanceError
from stance.tables import article_tables, extraction_score_tables, format_table, shorten


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

    check_choice("--format", output_format, ("table", "jsonl", "csv"))
    check_choice("--input", input_kind, ("auto", "article", "lines"))
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

    check_choice("--format", output_format, ("table", "jsonl", "csv"))
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
