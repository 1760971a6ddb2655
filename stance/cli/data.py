"""`stance datasets ...`: the data sets an installation holds, and fetching public ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stance.cli.common import app, check_choice, user_errors

datasets_app = typer.Typer(
    help="The data sets stance knows by name.\n\nExample: stance datasets list"
)
app.add_typer(datasets_app, name="datasets")


@datasets_app.command("list")
@user_errors
def datasets_list(
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="table or json.")
    ] = "table",
):
    """Every data set this installation holds: records, articles, labels, folder.

    Example: stance datasets list
    """
    import json

    from stance.catalog import list_datasets
    from stance.tables import format_table

    check_choice("--format", output_format, ("table", "json"))
    found = list_datasets()
    if output_format == "json":
        typer.echo(
            json.dumps(
                [{**info.__dict__, "path": str(info.path)} for info in found],
                indent=1,
                ensure_ascii=False,
            )
        )
        return
    rows = []
    for info in found:
        labels = "; ".join(
            f"{task}: " + " ".join(f"{k} {v}" for k, v in counts.items())
            for task, counts in info.labels.items()
        )
        rows.append(
            [
                info.name,
                info.records if info.records is not None else "-",
                info.articles if info.articles is not None else "-",
                labels or info.note or "-",
                str(info.path),
            ]
        )
    typer.echo(format_table(rows, ["name", "records", "articles", "labels", "folder"]))


@datasets_app.command("path")
@user_errors
def datasets_path(name: Annotated[str, typer.Argument(metavar="NAME", help="A data set name.")]):
    """Print the folder of a data set.

    Example: stance datasets path wirestance
    """
    from stance.catalog import dataset_path

    typer.echo(str(dataset_path(name)))


@datasets_app.command("fetch")
@user_errors
def datasets_fetch(
    name: Annotated[str, typer.Argument(metavar="NAME", help="polnear")],
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", metavar="DIR", help="A local copy (folder or zip) instead of downloading."
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Download from this address.")
    ] = None,
):
    """Download (or copy) a public data set and join it with the shipped labels.

    Example: stance datasets fetch polnear --from ../shared/data/polnear
    """
    from stance.fetch import fetch

    for line in fetch(name, source=source, url=url):
        typer.echo(line, err=True)
