"""Throughput of archive prediction: local processes (``--jobs``) against a Dask
LocalCluster of 1, 2 and 4 worker processes (one thread each), on a generated archive.

The archive is a JSONL file of ``{doc, text, date}`` records made from the shipped
corpus's articles (renamed, dated over 24 months, repeated to ``--articles``). Two small
runs are trained first (stance and reaction, word and char TF-IDF, no stacking: the
model is not what is measured). Every configuration predicts the whole archive into its
own output folder; the parts of all of them must be byte-identical (checked), and the
time is the whole ``run_archive`` call (local: starting the worker processes; cluster:
connecting and scattering the models, but not starting the cluster, which on a real
deployment is already running). The CPU seconds of the client and of every worker are
measured too: on a shared machine they are the figure other processes do not move.
Writes ``benchmarks/results/cluster.json`` and ``.md``.

    python benchmarks/bench_cluster.py [--articles 2000] [--partition-size 100]
    python benchmarks/bench_cluster.py --articles 100000     # the issue's size (long)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "datasets" / "wirestance" / "articles"
RESULTS = REPO / "benchmarks" / "results"
SUBJECT = "Norvex Motors"


def make_archive(path: Path, count: int) -> None:
    """``count`` articles from the shipped ones, in a fixed order, each with its own doc."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as stream:
        for number in range(count):
            doc, text = texts[number % len(texts)]
            day = f"{2020 + number % 24 // 12}-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
            record = {"doc": f"{doc}-{number:07d}", "text": text, "date": day}
            stream.write(json.dumps(record) + "\n")


def train_runs(experiments: Path) -> dict:
    from stance.api import train
    from stance.config import default_config

    runs = {}
    for task in ("stance", "reaction"):
        config = default_config()
        config["task"] = task
        config["model"].update(
            views=[{"kind": "word"}, {"kind": "char"}, {"kind": "subject"}],
            stack=False,
            speaker_model=False,
        )
        config["cv"].update(folds=2, baselines=False)
        runs[task] = train(config, experiments=experiments, command=["bench_cluster"])
    return runs


def _process_cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    used = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        used += usage.ru_utime + usage.ru_stime
    return used


def cpu_seconds(client=None) -> tuple[float, float]:
    """CPU seconds used so far by this process (with the scheduler and nannies of a
    LocalCluster, and the local workers once finished) and by the cluster's living
    workers: on a shared machine, figures the other processes move less than time."""
    return _process_cpu(), (sum(client.run(_process_cpu).values()) if client else 0.0)


def timed(archive: Path, out: Path, runs: dict, size: int, client=None, **where) -> dict:
    from stance.archive import run_archive

    cpu = cpu_seconds(client)
    started = time.perf_counter()
    manifest = run_archive(
        [str(archive)],
        kind="predict",
        subject=SUBJECT,
        stance_run=runs["stance"],
        reaction_run=runs["reaction"],
        output=f"{out}/",
        partition_size=size,
        **where,
    )
    seconds = time.perf_counter() - started
    here, workers = (after - before for after, before in zip(cpu_seconds(client), cpu, strict=True))
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(here + workers, 2),
        "cpu_seconds_cluster_workers": round(workers, 2),
        "articles_per_cpu_second": round(manifest["articles"] / (here + workers), 1),
        "articles_per_second": round(manifest["articles"] / seconds, 1),
        "sentences_per_second": round(manifest["rows"] / seconds, 1),
        "articles": manifest["articles"],
        "rows": manifest["rows"],
        "parts": [p["sha256"] for p in manifest["parts"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--workers", default="1,2,4", help="cluster sizes (worker processes)")
    parser.add_argument("--jobs", default="1,2", help="local --jobs to compare with")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    results = []
    try:
        archive = folder / "archive.jsonl"
        make_archive(archive, args.articles)
        runs = train_runs(folder / "experiments")
        for jobs in (int(j) for j in args.jobs.split(",")):
            result = timed(archive, folder / f"jobs{jobs}", runs, args.partition_size, jobs=jobs)
            results.append({"where": f"local --jobs {jobs}", "processes": jobs, **result})
            print(results[-1]["where"], result["seconds"], "s", flush=True)
        for workers in (int(w) for w in args.workers.split(",")):
            with (
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                ) as cluster,
                Client(cluster) as client,
            ):
                result = timed(
                    archive,
                    folder / f"cluster{workers}",
                    runs,
                    args.partition_size,
                    client=client,
                    scheduler=cluster.scheduler_address,
                )
            where = f"LocalCluster, {workers} worker processes"
            results.append({"where": where, "processes": workers, **result})
            print(where, result["seconds"], "s", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    identical = len({tuple(r.pop("parts")) for r in results}) == 1
    if not identical:
        raise SystemExit("the outputs differ between configurations")
    one = next(r for r in results if r["where"].startswith("LocalCluster, 1 "))
    for r in results:
        r["efficiency"] = round(
            r["articles_per_second"] / (one["articles_per_second"] * r["processes"]), 2
        )
    report = {
        "command": "python benchmarks/bench_cluster.py "
        f"--articles {args.articles} --partition-size {args.partition_size}",
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "outputs_identical": identical,
        # The 1-minute load average before and after: above the core count, other
        # processes shared the cores and the scaling figures understate the code.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cluster.json").write_text(json.dumps(report, indent=1) + "\n")
    lines = [
        "| where | processes | seconds | articles/s | sentences/s | efficiency vs 1 worker "
        "| CPU seconds (of them cluster workers) | articles per CPU second |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {r['where']} | {r['processes']} | {r['seconds']} | {r['articles_per_second']:,} "
            f"| {r['sentences_per_second']:,} | {r['efficiency']} | {r['cpu_seconds']} "
            f"({r['cpu_seconds_cluster_workers']}) | {r['articles_per_cpu_second']:,} |"
            for r in results
        ),
    ]
    lines.append(
        f"\n{report['command']}; {report['cores']} cores, load average "
        f"{report['load_average'][0]} before, {report['load_average'][1]} after"
    )
    (RESULTS / "cluster.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
