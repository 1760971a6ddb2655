"""Ctrl-C, kill and two trainings at once: runs are complete or absent, outputs never truncated.

Every test here runs ``python -m stance`` as a real process and sends it a real signal:
either mid-training (when the first "fold 1/" progress line appears on stderr), or at
an exact point (a small driver script wraps one function of the real command so that
the process signals itself there: after the model files of the run are written, or
half-way through writing predictions).
"""

from __future__ import annotations

import hashlib
import os
import queue
import random
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from conftest import make_rows, write_jsonl
from typer.testing import CliRunner

from stance.cli import app

#: Run as ``python driver.py MODE SIGNAL stance-args...``: the real command, with one
#: function wrapped so that the process sends itself SIGNAL at a precise moment.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime

    import stance.io
    import stance.runs
    from stance import cli

    mode, name, *args = sys.argv[1:]
    signum = getattr(signal, name) if name != "-" else None

    if mode == "after-model-written":
        save_model = stance.runs.save_model

        def save_then_signal(*a, **kw):
            save_model(*a, **kw)
            os.kill(os.getpid(), signum)

        stance.runs.save_model = save_then_signal
    elif mode == "half-way-through-output":
        write_rows = stance.io.write_rows

        def write_half_then_signal(stream, rows, **kw):
            rows = list(rows)
            write_rows(stream, rows[: len(rows) // 2], **kw)
            stream.flush()
            os.kill(os.getpid(), signum)
            write_rows(stream, rows[len(rows) // 2 :], **kw)

        stance.io.write_rows = write_half_then_signal
    elif mode == "after-first-fold":  # signal once fold 1's progress line is printed
        import stance.harness

        run_experiment = stance.harness.run_experiment

        def run_experiment_then_signal(*a, on_fold, **kw):
            def progress(seed, number, metrics):
                on_fold(seed, number, metrics)
                if number == 0:
                    os.kill(os.getpid(), signum)

            return run_experiment(*a, on_fold=progress, **kw)

        stance.harness.run_experiment = run_experiment_then_signal
    elif mode == "frozen-clock":  # every run id gets the same time stamp
        class Frozen(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime(2030, 1, 2, 3, 4, 5, tzinfo=tz or UTC)

        stance.runs.datetime = Frozen
    sys.argv = ["stance", *args]
    cli.main()
    """
)


def default_sigint():
    # A shell may start background jobs with SIGINT ignored, and Python then keeps
    # ignoring it; restore the default so the child turns Ctrl-C into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def popen(args, cwd, *, driver=None):
    command = [sys.executable, *([str(driver)] if driver else ["-m", "stance"]), *map(str, args)]
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )


def run(args, cwd, *, driver=None, timeout=120):
    process = popen(args, cwd, driver=driver)
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


def wait_for_line(process, prefix: str, timeout: float = 90) -> list[str]:
    """Read stderr until a line starts with ``prefix``; the rest is drained in a thread."""
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        line = lines.get(timeout=timeout)
        if line is None:
            pytest.fail(f"the command ended before printing {prefix!r}: {''.join(seen)}")
        seen.append(line)
        if line.startswith(prefix):
            process.stderr_lines = lines
            return seen


def drain(lines: queue.Queue) -> str:
    text = []
    while (line := lines.get(timeout=30)) is not None:
        text.append(line)
    return "".join(text)


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
        digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def runs_in(experiments: Path) -> list[str]:
    folder = experiments / "runs"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def assert_complete(run_folder: Path) -> None:
    """Every file the manifest lists is there with its hash, and the model loads."""
    from stance.runs import resolve_run

    run = resolve_run(str(run_folder), run_folder.parent.parent)
    for name, digest in run.manifest["files"].items():
        assert hashlib.sha256((run_folder / name).read_bytes()).hexdigest() == digest, name
    run.load_model()


# ------------------------------------------------------------------------ fixtures


def many_rows(n: int, seed: int = 0) -> list[dict]:
    """``n`` labelled rows, 20 per article, over a vocabulary large enough to be slow-ish."""
    rng = random.Random(seed)
    vocabulary = [f"word{i}" for i in range(400)]
    rows = []
    for i in range(n):
        label = ("favor", "against", "none")[i % 3]
        text = " ".join(rng.choice(vocabulary) for _ in range(10))
        rows.append(
            {
                "id": str(i),
                "doc": f"d{i // 20}",
                "text": f"{text} {label}",
                "speaker": "Ana Ruiz",
                "subject": ("carbon tax", "port expansion")[(i // 20) % 2],
                "stance": label,
            }
        )
    return rows


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Data files, the driver, and a finished earlier run to copy into each experiments folder."""
    from stance.api import train
    from stance.config import default_config

    root = tmp_path_factory.mktemp("interruption")
    small = write_jsonl(root / "small.jsonl", make_rows())
    large = write_jsonl(root / "large.jsonl", many_rows(2400))
    driver = root / "driver.py"
    driver.write_text(DRIVER)
    config = default_config()
    config["data"]["path"] = [str(small)]
    config["cv"]["folds"] = 2
    config["name"] = "earlier"
    earlier = train(config, experiments=root / "template", command=["test"])
    return {"root": root, "small": small, "large": large, "driver": driver, "earlier": earlier}


@pytest.fixture
def experiments(tmp_path, workspace):
    """An experiments folder holding one earlier, finished run."""
    import shutil

    experiments = tmp_path / "experiments"
    earlier = workspace["earlier"].path
    shutil.copytree(earlier, experiments / "runs" / earlier.name, copy_function=shutil.copy2)
    return experiments


def earlier_run(experiments: Path) -> Path:
    (name,) = runs_in(experiments)
    return experiments / "runs" / name


def assert_next_train_works(workspace, experiments, before: list[str]) -> None:
    """``stance train`` (in process: faster, and the same command) succeeds afterwards."""
    result = CliRunner().invoke(
        app,
        [
            "train",
            "--data",
            str(workspace["small"]),
            "--folds",
            "2",
            "--experiments",
            str(experiments),
        ],
    )
    assert result.exit_code == 0, result.output
    visible = [name for name in runs_in(experiments) if not name.startswith(".")]
    (new,) = set(visible) - set(before)
    assert result.stdout.strip().endswith(new)
    assert_complete(experiments / "runs" / new)


# -------------------------------------------------------------- signal mid-training


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_training_leaves_nothing_and_next_train_works(
    signum, workspace, experiments, tmp_path
):
    earlier = earlier_run(experiments)
    before_hash, before = folder_hash(earlier), runs_in(experiments)
    process = popen(["train", "--data", workspace["large"], "--experiments", experiments], tmp_path)
    try:
        wait_for_line(process, "fold 1/")
        process.send_signal(signum)
        stdout = process.stdout.read()
        code = process.wait(timeout=60)
    finally:
        process.kill()
    stderr = drain(process.stderr_lines)
    assert code == 130, stderr
    assert "run:" not in stdout  # it was stopped mid-training, not after
    assert stderr.strip().splitlines()[-1] == "stance: interrupted; nothing was saved"
    assert "Traceback" not in stderr
    assert runs_in(experiments) == before  # no run folder, no .incomplete-*, no .lock-*
    assert folder_hash(earlier) == before_hash
    assert_next_train_works(workspace, experiments, before)


@pytest.fixture(scope="module")
def parallel_interrupted(workspace, tmp_path_factory):
    """``stance train --jobs 2`` sent SIGINT after fold 1, while later folds are with the workers.

    The process signals itself right after printing fold 1 (a signal from outside lands
    either in our loop or inside joblib's wait, which behave differently).
    """
    import shutil

    experiments = tmp_path_factory.mktemp("parallel") / "experiments"
    earlier = workspace["earlier"].path
    shutil.copytree(earlier, experiments / "runs" / earlier.name, copy_function=shutil.copy2)
    before = folder_hash(experiments / "runs" / earlier.name), runs_in(experiments)
    code, stdout, stderr = run(
        ["after-first-fold", "SIGINT", "train", "--data", workspace["large"], "--jobs", 2,
         "--experiments", experiments],
        experiments.parent,
        driver=workspace["driver"],
    )  # fmt: skip
    after = folder_hash(experiments / "runs" / earlier.name), runs_in(experiments)
    return code, stdout, stderr, before, after


def test_interrupted_parallel_training_leaves_nothing(parallel_interrupted):
    code, stdout, stderr, before, after = parallel_interrupted
    assert code == 130, stderr
    assert "run:" not in stdout
    assert "stance: interrupted; nothing was saved" in stderr
    assert "Traceback" not in stderr
    assert after == before  # the earlier run untouched, nothing new under runs/


def test_interrupted_parallel_training_prints_one_line(parallel_interrupted):
    _, _, stderr, _, _ = parallel_interrupted
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("fold ")]
    assert lines == ["stance: interrupted; nothing was saved"]


# ------------------------------------------------------ signal while the run is written


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_signal_while_the_run_is_written_leaves_nothing(name, workspace, experiments, tmp_path):
    earlier = earlier_run(experiments)
    before_hash, before = folder_hash(earlier), runs_in(experiments)
    code, stdout, stderr = run(
        ["after-model-written", name, "train", "--data", workspace["small"], "--folds", 2,
         "--experiments", experiments],
        tmp_path,
        driver=workspace["driver"],
    )  # fmt: skip
    assert code == 130, stderr
    assert stderr.strip().splitlines()[-1] == "stance: interrupted; nothing was saved"
    assert runs_in(experiments) == before
    assert folder_hash(earlier) == before_hash


def test_kill_9_while_the_run_is_written_leaves_no_run_that_looks_complete(
    workspace, experiments, tmp_path
):
    """SIGKILL cannot be caught: a hidden .incomplete-* folder may stay, never a run."""
    earlier = earlier_run(experiments)
    before_hash, before = folder_hash(earlier), runs_in(experiments)
    code, _, _ = run(
        ["after-model-written", "SIGKILL", "train", "--data", workspace["small"], "--folds", 2,
         "--experiments", experiments],
        tmp_path,
        driver=workspace["driver"],
    )  # fmt: skip
    assert code == -signal.SIGKILL
    new = sorted(set(runs_in(experiments)) - set(before))
    assert new and all(name.startswith(".") for name in new), new
    assert folder_hash(earlier) == before_hash
    listed = CliRunner().invoke(app, ["runs", "list", "--experiments", str(experiments)])
    assert listed.exit_code == 0 and earlier.name in listed.stdout
    assert ".incomplete" not in listed.stdout
    assert_next_train_works(workspace, experiments, runs_in(experiments))


# -------------------------------------------------------------------- concurrency


def test_two_trainings_in_the_same_second_get_two_complete_runs(workspace, experiments, tmp_path):
    """Both processes see the same clock second, so both want the same run id."""
    earlier = earlier_run(experiments)
    before_hash, before = folder_hash(earlier), runs_in(experiments)
    args = ["frozen-clock", "-", "train", "--data", workspace["small"], "--folds", 2,
            "--experiments", experiments]  # fmt: skip
    processes = [popen(args, tmp_path, driver=workspace["driver"]) for _ in range(2)]
    results = [(p.communicate(timeout=120), p.returncode) for p in processes]
    for (_, stderr), code in results:
        assert code == 0, stderr
    new = sorted(set(runs_in(experiments)) - set(before))
    assert new == ["20300102-030405-stance-" + new[0].split("-")[-1]] + [new[0] + "-2"]
    printed = sorted(stdout.strip().splitlines()[-1] for (stdout, _), _ in results)
    assert printed == sorted(f"run: {experiments / 'runs' / name}" for name in new)
    for name in new:
        assert_complete(experiments / "runs" / name)
    assert folder_hash(earlier) == before_hash


# ------------------------------------------------------------ predict -o interrupted


@pytest.fixture
def statements(tmp_path) -> Path:
    path = tmp_path / "statements.txt"
    path.write_text("".join(f"Statement number {i} about the carbon tax\n" for i in range(400)))
    return path


@pytest.mark.parametrize(
    ("name", "existing"),
    [("SIGINT", False), ("SIGINT", True), ("SIGTERM", False), ("SIGKILL", True)],
    ids=["SIGINT-new-file", "SIGINT-existing-file", "SIGTERM-new-file", "SIGKILL-existing-file"],
)
def test_interrupted_predict_never_leaves_a_truncated_output(
    name, existing, workspace, experiments, tmp_path, statements
):
    out = tmp_path / "out" / "predictions.csv"
    out.parent.mkdir()
    if existing:
        out.write_text("the previous, complete output\n")
    code, _, stderr = run(
        ["half-way-through-output", name, "predict", statements, "--subject", "tax", "--format", "csv", "-o", out,
         "--experiments", experiments],
        tmp_path,
        driver=workspace["driver"],
    )  # fmt: skip
    assert code != 0
    if existing:
        assert out.read_text() == "the previous, complete output\n"
    else:
        assert not out.exists()
    if name == "SIGINT":
        assert code == 130
        assert stderr.strip() == "stance: interrupted; nothing was saved"
        assert sorted(os.listdir(out.parent)) == (["predictions.csv"] if existing else [])


def test_sigterm_during_predict_leaves_no_temporary_file(
    workspace, experiments, tmp_path, statements
):
    out = tmp_path / "out" / "predictions.csv"
    out.parent.mkdir()
    code, _, _ = run(
        ["half-way-through-output", "SIGTERM", "predict", statements, "--subject", "tax", "--format", "csv", "-o",
         out, "--experiments", experiments],
        tmp_path,
        driver=workspace["driver"],
    )  # fmt: skip
    assert code == 130
    assert os.listdir(out.parent) == []
