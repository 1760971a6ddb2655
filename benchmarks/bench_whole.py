"""Whole-process speed of what users run, each figure beside a plain scikit-learn
reference (``benchmarks/plain_sklearn.py``) measured in the same run on the same data.

Every command runs as its own process, as a user would run it; each is repeated and
reported as the median with the spread (fastest - slowest). Peak memory is the largest
proportional resident size (PSS) of the process and its workers together, sampled every
10 ms in a command's first second and every 100 ms after it (Linux): memory a forked
worker shares with its parent counts once.

Figures: ``--help``; ``stance train`` on the shipped corpus with the reference's own
word+char views (the same model, so the ratio compares tool and script), on SemEval-2016
and on 3k/10k generated records of the NewsMTSC config (growth exponent); ``stance
predict`` on 100k statements (1M with ``--million``): statements per second and peak
memory; the time to the first prediction. ``--shipped`` adds the shipped default model
(stacked, context views: what ``make train`` builds), whose training alone takes 5-7
minutes here. SemEval and NewsMTSC live in ../shared/data: without it those figures
are skipped. Results go to ``benchmarks/results/whole.json`` and ``whole.md``;
``--growth-only`` (``make bench-large``: 10k and 100k records, about 20 minutes) measures
only the growth, into ``growth.json`` and ``growth.md``.

    python benchmarks/bench_whole.py [--repeats 3] [--sizes 3000,10000] [--million] [--shipped]
    python benchmarks/bench_whole.py --growth-only --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
STANCE = [str(BIN / "stance")]
PLAIN = [sys.executable, str(ROOT / "benchmarks" / "plain_sklearn.py")]
SUBJECT = "carbon border tax"
#: How often memory is sampled after a command's first second (every 10 ms before).
#: Reading a process's PSS walks its page tables; every 20 ms it slowed a 5-second
#: prediction by a tenth.
SAMPLE_SECONDS = 0.1
TRAIN_TARGET = "stance <= 0.6x the reference's time (ratio >= 1.67)"
TABLE_HEAD = (
    "| measure | stance: median (spread, runs, peak memory) | plain scikit-learn reference, "
    "same run | speed ratio (reference/stance) | target |"
)
DIFFERENT_MODEL = "none (a richer model than the reference: what users run)"
PLAIN_VIEWS_CONFIG = """
name = "bench-plain-views"
task = "stance"
[data]
path = "wirestance"
[model]
C = 1.0
class_weight = "balanced"
stack = false
speaker_model = false
[[model.views]]
kind = "word"
ngram_range = [1, 2]
[[model.views]]
kind = "char"
ngram_range = [2, 5]
[cv]
folds = 5
"""


def _tree_rss(pid: int) -> int:
    """Proportional resident bytes (PSS) of a process and all its descendants (0 once it
    is gone): pages a forked worker shares with its parent count once between them, not
    once per process as plain RSS would count them."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += _pss(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    pending.extend(int(child) for child in stream.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (its RSS where the kernel has no
    smaps_rollup)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except PermissionError:  # pragma: no cover - not ours to read
        pass
    with open(f"/proc/{pid}/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run(command: list[str], *, stdin: str | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident bytes (process tree) of one command."""
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            # Often while a command starts (a --help is over in 0.1 s), then every 100 ms.
            done.wait(0.01 if time.perf_counter() - started < 1 else SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate(stdin)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{errors}")
    return seconds, peak[0]


def repeated(command: list[str], repeats: int, **options) -> dict:
    """Median and spread of ``repeats`` runs, and the largest peak memory."""
    runs = [run(command, **options) for _ in range(repeats)]
    seconds = [s for s, _ in runs]
    return {
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "max_s": round(max(seconds), 3),
        "repeats": repeats,
        "peak_mb": round(max(p for _, p in runs) / 2**20),
    }


def figure(name: str, ours: dict, reference: dict, *, target: str = "", count: int = 0) -> dict:
    """One line of the table: ours beside the reference, the ratio (reference / ours:
    above 1 means stance is faster) and, given a count, items per second."""
    row = {"measure": name, "stance": ours, "reference": reference, "target": target}
    row["speed_ratio"] = round(reference["median_s"] / ours["median_s"], 2)
    if count:
        row["stance_per_s"] = round(count / ours["median_s"])
        row["reference_per_s"] = round(count / reference["median_s"])
    print(_markdown_row(row), flush=True)
    return row


def _cell(measured: dict) -> str:
    spread = f"{measured['min_s']:.2f}-{measured['max_s']:.2f}, n={measured['repeats']}"
    return f"{measured['median_s']:.2f} s ({spread}, {measured['peak_mb']} MB)"


def _markdown_row(row: dict) -> str:
    rates = ""
    if "stance_per_s" in row:
        rates = f" / {row['stance_per_s']:,} vs {row['reference_per_s']:,} per s"
    return (
        f"| {row['measure']} | {_cell(row['stance'])} | {_cell(row['reference'])} | "
        f"{row['speed_ratio']}x{rates} | {row['target']} |"
    )


def shipped_records() -> list:
    from stance.api import load_records, training_records
    from stance.config import default_config

    config = default_config()
    return training_records(load_records(config), config)


def write_records(path: Path, records: list) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps({"text": record.text, "label": record.stance}) + "\n")
    return path


def write_statements(path: Path, texts: list[str], count: int, seed: int = 0) -> Path:
    """``count`` new sentences made of the corpus's words (unseen text, realistic words)."""
    rng = random.Random(seed)
    words = [word for text in texts for word in text.split()]
    with open(path, "w", encoding="utf-8") as stream:
        for _ in range(count):
            stream.write(" ".join(rng.choice(words) for _ in range(rng.randint(8, 35))) + "\n")
    return path


def latest_run(experiments: Path) -> str:
    return str(max((experiments / "runs").iterdir(), key=lambda p: p.stat().st_mtime))


def help_figures(repeats: int) -> list[dict]:
    nothing = repeated([sys.executable, "-c", "pass"], repeats)
    return [
        figure(
            f"`stance {command}`",
            repeated([*STANCE, *command.split()], repeats),
            nothing,
            target="< 0.15 s",
        )  # fmt: skip
        for command in ("--help", "predict --help", "train --help", "runs --help")
    ]


def train_figures(
    folder: Path, records: list, repeats: int, shipped: bool
) -> tuple[list[dict], str]:
    """``stance train`` on the shipped corpus with the reference's views: without
    baselines (the script's own work: 5-fold CV and a final fit) and as run by default
    (15 baseline fits more); with ``shipped`` the default model once (minutes). Each
    beside the plain script on the same records."""
    data = write_records(folder / "wirestance.jsonl", records)
    plain = repeated([*PLAIN, "train", str(data), str(folder / "plain.joblib")], repeats)
    config = folder / "plain-views.toml"
    config.write_text(PLAIN_VIEWS_CONFIG)
    views = folder / "views"
    command = [*STANCE, "train", "--config", str(config), "-q", "--experiments", str(views)]
    same_work = repeated([*command, "--no-baselines"], repeats)
    with_baselines = repeated(command, repeats)
    rows = [
        figure("`stance train --no-baselines`, shipped corpus, word+char views (5-fold CV + "
               "final fit: the script's work)", same_work, plain, target=TRAIN_TARGET),
        figure("`stance train`, shipped corpus, word+char views, with its three baselines "
               "(15 fits more than the script)", with_baselines, plain,
               target="none (more work than the reference)"),
    ]  # fmt: skip
    if shipped:
        default = repeated([*STANCE, "train", "-q", "--experiments", str(folder / "shipped")], 1)
        rows.append(
            figure("`stance train`, shipped corpus, default model (stacked, context views, "
                   "baselines)", default, plain, target=DIFFERENT_MODEL)
        )  # fmt: skip
    return rows, latest_run(views)


def semeval_figures(folder: Path, repeats: int) -> list[dict]:
    semeval = SHARED / "semeval2016"
    if not semeval.is_dir():
        print(f"skipped SemEval: {semeval} is absent", flush=True)
        return []
    from stance.api import load_records, training_records
    from stance.config import load_config

    config_path = ROOT / "experiments" / "semeval-stance.toml"
    config = load_config(config_path)
    data = write_records(folder / "semeval.jsonl", training_records(load_records(config), config))
    plain = repeated([*PLAIN, "train", str(data), str(folder / "semeval.joblib")], repeats)
    ours = repeated([*STANCE, "train", "--config", str(config_path), "-q", "--experiments",
                     str(folder / "semeval")], repeats)  # fmt: skip
    return [
        figure("`stance train`, SemEval-2016 config (its views: n-grams copied per target, "
               "hashtags split)", ours, plain, target="none (a richer model than the reference)")
    ]  # fmt: skip


def growth_figures(folder: Path, sizes: list[int], repeats: int) -> list[dict]:
    """Training time at generated sizes of the NewsMTSC config; growth exponents."""
    source = SHARED / "newsmtsc" / "train.jsonl"
    if not source.is_file():
        print(f"skipped growth: {source} is absent", flush=True)
        return []
    lines = source.read_text(encoding="utf-8").splitlines()
    rng = random.Random(0)
    rows, times = [], {"stance": [], "reference": []}
    for size in sizes:
        data, plain_data = folder / f"newsmtsc-{size}.jsonl", folder / f"plain-{size}.jsonl"
        with open(data, "w") as out, open(plain_data, "w") as plain_out:
            for i in range(size):
                row = json.loads(lines[i % len(lines)])
                if i >= len(lines):  # a new record: the sentence with another's words after it
                    other = json.loads(rng.choice(lines))["sentence_normalized"]
                    row["sentence_normalized"] += " " + " ".join(other.split()[:8])
                out.write(json.dumps(row) + "\n")
                label = str(row["targets"][0]["polarity"])
                plain_out.write(json.dumps({"text": row["sentence_normalized"], "label": label}))
                plain_out.write("\n")
        config = (ROOT / "experiments" / "newsmtsc-reaction.toml").read_text()
        config = config.replace("../../shared/data/newsmtsc/train.jsonl", str(data))
        (folder / f"newsmtsc-{size}.toml").write_text(config)
        ours = repeated([*STANCE, "train", "--config", str(folder / f"newsmtsc-{size}.toml"),
                         "-q", "--experiments", str(folder / "growth")], repeats)  # fmt: skip
        plain = repeated([*PLAIN, "train", str(plain_data), str(folder / "g.joblib")], repeats)
        rows.append(figure(f"`stance train`, NewsMTSC config, {size:,} generated records",
                           ours, plain, target="growth exponent <= 1.1 (below)"))  # fmt: skip
        times["stance"].append(ours["median_s"])
        times["reference"].append(plain["median_s"])
    if len(sizes) > 1:
        span = math.log(sizes[-1] / sizes[0])
        for who, measured in times.items():
            exponent = round(math.log(measured[-1] / measured[0]) / span, 2)
            print(f"growth exponent ({who}, {sizes[0]:,}-{sizes[-1]:,} records): {exponent}")
            rows[-1][f"growth_exponent_{who}"] = exponent
    return rows


def predict_figures(folder: Path, texts: list[str], views_run: str, shipped_run: str | None,
                    count: int, repeats: int) -> list[dict]:  # fmt: skip
    """``stance predict`` (all cores, and one) against the plain script on the same
    statements, with the same views; and the shipped model once (what users get)."""
    lines = write_statements(folder / f"statements-{count}.txt", texts, count)
    out = str(folder / "out.jsonl")
    plain = repeated([*PLAIN, "predict", str(folder / "plain.joblib"), str(lines), out], repeats)
    base = [*STANCE, "predict", str(lines), "--subject", SUBJECT, "--format", "jsonl",
            "-o", out, "-q"]  # fmt: skip
    rows = [
        figure(f"`stance predict`, {count:,} statements, all cores, word+char views",
               repeated([*base, "--run", views_run], repeats), plain, count=count,
               target="ratio >= 3"),
        figure(f"`stance predict --jobs 1`, {count:,} statements, word+char views",
               repeated([*base, "--run", views_run, "--jobs", "1"], 1), plain, count=count),
    ]  # fmt: skip
    if shipped_run:
        rows.append(
            figure(f"`stance predict`, {count:,} statements, all cores, shipped default model",
                   repeated([*base, "--run", shipped_run], 1), plain, count=count,
                   target=DIFFERENT_MODEL)
        )  # fmt: skip
    return rows


def first_prediction_figures(
    folder: Path, views_run: str, shipped_run: str | None, repeats: int
) -> list[dict]:
    one = folder / "one.txt"
    one.write_text("The carbon border tax will protect our steel industry, the minister said.\n")
    out = str(folder / "one.jsonl")
    plain = repeated([*PLAIN, "predict", str(folder / "plain.joblib"), str(one), out], repeats)
    base = [*STANCE, "predict", str(one), "--subject", SUBJECT, "--format", "jsonl", "-o", out]
    models = {"word+char views": views_run, "shipped default model": shipped_run}
    return [
        figure(f"time to first prediction (one statement), {name}",
               repeated([*base, "--run", model], repeats), plain, target="< 0.5 s")
        for name, model in models.items() if model
    ]  # fmt: skip


def write_table(result: dict, name: str) -> None:
    """``NAME.md``: the table of ``NAME.json``, the growth exponents below it."""
    rows = result["figures"]
    lines = [TABLE_HEAD, "|---|---|---|---|---|", *(_markdown_row(row) for row in rows), ""]
    for row in rows:
        for who in ("stance", "reference"):
            if f"growth_exponent_{who}" in row:
                lines.append(f"Growth exponent ({who}): {row[f'growth_exponent_{who}']}  ")
    lines.append(f"Machine: {result['cores']} cores, Python {result['python']}; "
                 f"`{result['command'].strip()}`, {result['total_seconds']} s in all.")  # fmt: skip
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")


def other_figures(folder: Path, options) -> list[dict]:
    """Every figure but the growth of training time."""
    records = shipped_records()
    rows = help_figures(max(options.repeats, 5))
    train_rows, views_run = train_figures(folder, records, options.repeats, options.shipped)
    rows += train_rows
    shipped_run = latest_run(folder / "shipped") if options.shipped else None
    rows += first_prediction_figures(folder, views_run, shipped_run, options.repeats)
    texts = [r.text for r in records]
    rows += predict_figures(folder, texts, views_run, shipped_run, options.statements,
                            options.repeats)  # fmt: skip
    if options.million:
        rows += predict_figures(folder, texts, views_run, shipped_run, 1_000_000, 1)
    return rows + semeval_figures(folder, options.repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="3000,10000", help="generated records for growth")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="also predict 1M statements")
    parser.add_argument("--shipped", action="store_true", help="also the shipped default model")
    parser.add_argument("--growth-only", action="store_true", help="only the growth figures")
    options = parser.parse_args()
    started = time.perf_counter()
    print(TABLE_HEAD)
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [] if options.growth_only else other_figures(folder, options)
        rows += growth_figures(folder, [int(s) for s in options.sizes.split(",")], 1)
    result = {
        "benchmark": "whole",
        "command": "python benchmarks/bench_whole.py " + " ".join(sys.argv[1:]),
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "total_seconds": round(time.perf_counter() - started),
        "figures": rows,
    }
    name = "growth" if options.growth_only else "whole"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
    write_table(result, name)
    print(f"total {result['total_seconds']} s; results in {RESULTS / f'{name}.json'}")


if __name__ == "__main__":
    main()
