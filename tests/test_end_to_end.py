"""Train on the shipped corpus into a temporary experiments folder, then predict with the run."""

import json
import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def stance(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "stance", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_train_on_shipped_corpus_then_predict(tmp_path):
    experiments = tmp_path / "experiments"
    trained = stance("train", "--experiments", experiments, cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    run = json.loads(next((experiments / "runs").glob("*/manifest.json")).read_text())
    assert run["data"]["records"] >= 600  # attributed sentences only
    metrics = json.loads((experiments / "runs" / run["id"] / "metrics.json").read_text())
    macro_f1 = metrics["pooled_out_of_fold"]["macro_f1"]
    assert 0.4 < macro_f1 < 0.9  # learnable, not trivial

    statements = tmp_path / "s.txt"
    statements.write_text("Critics said the congestion charge would ruin small shops.\n")
    predicted = stance(
        "predict",
        statements,
        "--subject",
        "congestion charge",
        "--format",
        "jsonl",
        "--experiments",
        experiments,
        cwd=tmp_path,
    )
    assert predicted.returncode == 0, predicted.stderr
    row = json.loads(predicted.stdout)
    assert row["stance"] in ("favor", "against", "none") and row["model"] == "joint"


def test_shipped_configs_train(tmp_path):
    config = REPO / "experiments" / "wirestance-reaction.toml"
    trained = stance(
        "train", "--config", config, "--folds", "3", "--experiments", tmp_path / "e", cwd=REPO
    )
    assert trained.returncode == 0, trained.stderr
    assert "positive" in trained.stdout
