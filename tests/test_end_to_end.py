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
    # The plain sentence model (row A of the README's table): the shipped context model
    # trains in minutes, and tests/test_packaging.py runs it as a user would.
    experiments = tmp_path / "experiments"
    config = REPO / "experiments" / "ideas" / "A-sentence.toml"
    trained = stance(
        "train", "--config", config, "--seeds", "0", "--experiments", experiments, cwd=tmp_path
    )
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


SHIPPED_CONFIGS = sorted((REPO / "experiments").rglob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED_CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_loads_and_builds_its_model(path):
    from stance.api import make_estimator
    from stance.config import load_config

    config = load_config(path)
    assert make_estimator(config).get_params()["views"]


def test_a_shipped_config_trains(tmp_path):
    config = REPO / "experiments" / "ideas" / "A-sentence.toml"
    trained = stance(
        "train", "--config", config, "--task", "reaction", "--folds", "3", "--seeds", "0",
        "--experiments", tmp_path / "e", cwd=REPO,
    )  # fmt: skip
    assert trained.returncode == 0, trained.stderr
    assert "positive" in trained.stdout
