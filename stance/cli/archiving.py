"""Archive options of `stance predict` and `stance extract`: many articles in partitions,
written as parts with a manifest, on local cores or a Dask cluster (``--scheduler``)."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import check_choice, check_positive, note
from stance.records import StanceError

ArchiveJobsOption = Annotated[
    int | None, typer.Option(metavar="N", help="Archives: local processes (default: all cores).")
]
PartitionSizeOption = Annotated[
    int | None,
    typer.Option(
        "--partition-size", metavar="N", help="Archives: articles per partition (default 200)."
    ),
]
ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume", help="Archives: continue an interrupted -o output, keeping its parts."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        envvar="STANCE_SCHEDULER",
        help="Run on this Dask scheduler (tcp://host:8786); env STANCE_SCHEDULER.",
    ),
]
PeriodOption = Annotated[
    str,
    typer.Option(
        "--period",
        metavar="PERIOD",
        help="Archives: summary per day, month or year of dated articles.",
    ),
]
SummaryOption = Annotated[
    Path | None,
    typer.Option(
        "--summary", metavar="FILE", help="Archives merged into one file: write the summary here."
    ),
]

DEFAULT_PARTITION_SIZE = 200


def is_archive(inputs: list[str], *, output: str | None, forced: bool = False) -> bool:
    """Many articles: a folder, a glob, a gzip JSONL, ``--input archive``, or ``-o out/``."""
    from stance.archive import output_is_folder

    return (
        forced
        or output_is_folder(output)
        or any(
            glob.has_magic(entry) or entry.lower().endswith(".gz") or Path(entry).is_dir()
            for entry in inputs
            if entry != "-"
        )
    )


def typed(options: dict) -> dict:
    """The archive options given on the command line: a scheduler that only comes from
    ``STANCE_SCHEDULER`` serves archives and training, but does not make an input an
    archive, nor is it refused beside one that is not."""
    scheduler = options.get("scheduler")
    if scheduler and scheduler == os.environ.get("STANCE_SCHEDULER"):
        return {**options, "scheduler": None}
    return options


def refuse_archive_options(**given) -> None:
    """Archive options on an input that is not an archive: say so rather than ignore them."""
    for option, value in typed(given).items():
        if value:
            raise StanceError(
                f"--{option.replace('_', '-')} is for archives (a folder, a quoted glob, a "
                "JSONL.gz, --input archive, or -o FOLDER/)"
            )


def run_archive_command(
    inputs: list[str],
    *,
    kind: str,
    output: str | None,
    output_format: str,
    partition_size: int | None,
    jobs: int | None,
    scheduler: str | None,
    resume: bool,
    period: str,
    summary: Path | None,
    encoding: str | None,
    quiet: bool,
    subject: str = "",
    stance_run=None,
    reaction_run=None,
) -> None:
    from stance.archive import output_is_folder, run_archive
    from stance.prediction import available_cores
    from stance.tallies import PERIODS

    output_format = "jsonl" if output_format == "table" else output_format  # the default
    check_choice("--format", output_format, ("jsonl", "csv"))
    check_choice("--period", period, tuple(PERIODS))
    check_positive("--partition-size", partition_size)
    check_positive("--jobs", jobs)
    if inputs == ["-"]:
        raise StanceError("an archive is read from files, not standard input")
    if summary is not None and output_is_folder(output):
        raise StanceError("--summary is for a merged file; a folder gets summary.<format> inside")
    where = output if output is not None else "standard output"
    try:
        manifest = run_archive(
            inputs,
            kind=kind,
            output=output,
            format=output_format,
            subject=subject,
            stance_run=stance_run,
            reaction_run=reaction_run,
            partition_size=partition_size or DEFAULT_PARTITION_SIZE,
            jobs=jobs or available_cores(),
            scheduler=scheduler,
            resume=resume,
            period=period,
            summary=summary,
            encoding=encoding,
        )
    except KeyboardInterrupt:
        if output is None:
            raise
        typer.echo(
            f"stance: interrupted; the parts finished are kept for {where}: rerun the same "
            "command with --resume to finish",
            err=True,
        )
        raise typer.Exit(130) from None
    note(
        f"{manifest['articles']:,} articles, {manifest['rows']:,} rows in "
        f"{len(manifest['parts']):,} parts written to {where}",
        quiet=quiet,
    )
