"""`stance cluster-check`: can this machine use a Dask cluster, and do its workers match?"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from stance.cli.common import app, check_choice, user_errors


@app.command("cluster-check")
@user_errors
def cluster_check(
    address: Annotated[
        str, typer.Argument(metavar="ADDRESS", help="The Dask scheduler, e.g. tcp://host:8786.")
    ],
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="table or json.")
    ] = "table",
):
    """Connect to a Dask scheduler: its workers, threads and memory, and whether their
    Python, scikit-learn, numpy and stance versions match this machine's.

    Example: stance cluster-check tcp://scheduler:8786
    """
    from stance.cluster import check_cluster
    from stance.tables import format_table

    check_choice("--format", output_format, ("table", "json"))
    report = check_cluster(address)
    workers = report["workers"]
    if output_format == "json":
        typer.echo(json.dumps(report, indent=1))
    else:
        mine = report["client"]
        rows = [
            [w["worker"], w["threads"], f"{(w['memory_bytes'] or 0) / 2**30:.1f} GiB",
             w["python"], w["scikit-learn"], w["stance"], ", ".join(w["mismatch"]) or "-"]
            for w in workers
        ]  # fmt: skip
        columns = ["worker", "threads", "memory", "python", "scikit-learn", "stance", "differs"]
        typer.echo(format_table(rows, columns))
        typer.echo(
            f"\n{len(workers)} workers, {sum(w['threads'] or 0 for w in workers)} threads; "
            f"this machine: python {mine['python']}, scikit-learn {mine['scikit-learn']}, "
            f"numpy {mine['numpy']}, stance {mine['stance']}"
        )
    differing = [w["worker"] for w in workers if w["mismatch"]]
    if not workers:
        typer.echo("stance: error: the scheduler has no workers", err=True)
        raise typer.Exit(1)
    if differing:
        typer.echo(
            f"stance: error: {len(differing)} workers differ from this machine "
            "(results may differ): install the same versions there",
            err=True,
        )
        raise typer.Exit(1)
