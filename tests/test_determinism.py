"""Same data, config and seed: the same metrics, predictions and model files, byte for byte.

Three real ``stance train`` runs, in three processes (``python -m stance`` with
``--jobs 1``, the same with ``--jobs 2``, and the test's own process through typer's
CliRunner) must write identical metrics, out-of-fold predictions, fold assignment and
model files. Only what describes the process itself may differ (manifest: time,
command, wall time; config.json: ``cv.jobs``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import SHIPPED_MODEL, make_rows, write_jsonl
from typer.testing import CliRunner

from stance.cli import app
from stance.persist import ARRAYS_FILE, MODEL_FILE, VOCABULARY_FILE, load_model, save_model

IDENTICAL = (
    "metrics.json",
    "fold_metrics.json",
    "predictions.csv",
    "folds.csv",
    f"model/{MODEL_FILE}",
    f"model/{VOCABULARY_FILE}",
    f"model/{ARRAYS_FILE}",
)


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory) -> dict[str, Path]:
    """The same training three times at once: two processes (--jobs 1, --jobs 2) and this one."""
    root = tmp_path_factory.mktemp("determinism")
    data = write_jsonl(root / "data.jsonl", make_rows())
    config = root / "config.toml"
    # The shipped model, written out: the subprocesses do not see the tests' fast default.
    views = "".join(
        f'[[model.views]]\nkind = "{view["kind"]}"\n' for view in SHIPPED_MODEL["views"]
    )
    config.write_text(
        'name = "same"\n[cv]\nfolds = 3\nseed = 7\n'
        "[model]\nper_subject = true\nC = 10.0\nstack = true\nspeaker_model = true\n" + views
    )

    def args(label, jobs):
        return ["train", "--config", str(config), "--data", str(data), "--jobs", str(jobs),
                "--experiments", str(root / label)]  # fmt: skip

    processes = {
        label: subprocess.Popen(
            [sys.executable, "-m", "stance", *args(label, jobs)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label, jobs in (("first", 1), ("parallel", 2))
    }
    here = CliRunner().invoke(app, args("second", 1))
    assert here.exit_code == 0, here.output
    for process in processes.values():
        _, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
    return {
        label: next((root / label / "runs").iterdir()) for label in ("first", "second", "parallel")
    }


@pytest.mark.parametrize("name", IDENTICAL)
@pytest.mark.parametrize("other", ["second", "parallel"], ids=["two-processes", "jobs-1-vs-2"])
def test_same_seed_gives_byte_identical_files(three_runs, name, other):
    first = (three_runs["first"] / name).read_bytes()
    assert first, name
    assert (three_runs[other] / name).read_bytes() == first


def test_the_runs_differ_only_in_what_describes_the_process(three_runs):
    import json

    configs = {k: json.loads((p / "config.json").read_text()) for k, p in three_runs.items()}
    assert configs["first"] == configs["second"]
    assert {**configs["parallel"], "cv": {**configs["parallel"]["cv"], "jobs": 1}} == configs[
        "first"
    ]
    manifests = {k: json.loads((p / "manifest.json").read_text()) for k, p in three_runs.items()}
    for key in ("data", "versions"):
        assert manifests["first"][key] == manifests["second"][key] == manifests["parallel"][key]
    hashes = {k: {**m["files"], "config.json": None} for k, m in manifests.items()}
    assert hashes["first"] == hashes["second"] == hashes["parallel"]
    assert manifests["first"]["files"]["config.json"] == manifests["second"]["files"]["config.json"]


def test_saving_a_model_later_writes_the_same_bytes(three_runs, tmp_path, monkeypatch):
    """The npz inside holds no time stamp: a save on another day is byte-identical."""
    model = load_model(three_runs["first"] / "model")
    save_model(model, tmp_path / "today")
    tomorrow = time.time() + 86_400 + 7
    monkeypatch.setattr(time, "time", lambda: tomorrow)
    save_model(model, tmp_path / "tomorrow")
    for name in (ARRAYS_FILE, VOCABULARY_FILE, MODEL_FILE):
        assert (tmp_path / "today" / name).read_bytes() == (
            tmp_path / "tomorrow" / name
        ).read_bytes()
    with np.load(tmp_path / "tomorrow" / ARRAYS_FILE, allow_pickle=False) as arrays:
        assert arrays.files
