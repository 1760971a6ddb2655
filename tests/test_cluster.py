# ruff: noqa: F811  (the fixtures news and runs come from test_archive)
"""A real Dask cluster (LocalCluster: 2 worker processes, 1 thread each, loopback only):
results on it are the local results, a killed worker is survived, an interrupted client
is resumed, and cluster-check reports the workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, make_rows, write_jsonl
from test_archive import ARTICLES, SUBJECT, files_of, news, predict, runs  # noqa: F401
from typer.testing import CliRunner

from stance.archive import run_archive
from stance.cli import app

distributed = pytest.importorskip("distributed")

#: The articles of the larger archive (partition size 1: one task each).
MANY = sorted(ARTICLES.glob("business-*.txt"))[:16]


@pytest.fixture(scope="module")
def cluster():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            death_timeout=30,
        ) as local,
        distributed.Client(local, timeout=30) as client,
    ):
        yield local.scheduler_address, client


@pytest.fixture
def many(tmp_path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for path in MANY:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_prediction_and_extraction_on_the_cluster_are_the_local_bytes(
    news, runs, cluster, tmp_path
):
    address, _ = cluster
    predict([news], runs, f"{tmp_path}/local/", jobs=1)
    predict([news], runs, f"{tmp_path}/cluster/", scheduler=address)
    assert files_of(tmp_path / "cluster") == files_of(tmp_path / "local")
    for where, options in (("local-x", {"jobs": 1}), ("cluster-x", {"scheduler": address})):
        run_archive(
            [str(news)], kind="extract", output=f"{tmp_path}/{where}/", partition_size=2, **options
        )
    assert files_of(tmp_path / "cluster-x") == files_of(tmp_path / "local-x")


def test_a_worker_killed_mid_run_has_its_partitions_redone(many, runs, cluster, tmp_path):
    address, client = cluster
    predict([many], runs, f"{tmp_path}/local/", partition_size=1, jobs=1)
    pids = client.run(os.getpid)
    killed = []

    def kill_one_worker(info):
        if not killed:  # the first part is back: the others are queued or running
            pid = next(iter(pids.values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    manifest = predict(
        [many], runs, f"{tmp_path}/cluster/", partition_size=1, scheduler=address,
        on_part=kill_one_worker,
    )  # fmt: skip
    assert killed and len(manifest["parts"]) == len(MANY)
    assert files_of(tmp_path / "cluster") == files_of(tmp_path / "local")
    client.wait_for_workers(2, timeout=60)  # the nanny restarted it
    assert killed[0] not in client.run(os.getpid).values()


def test_an_interrupted_client_is_resumed(many, runs, cluster, tmp_path):
    address, _ = cluster
    experiments = runs["stance"].path.parent.parent
    args = ["predict", str(many), "--subject", SUBJECT, "--experiments", str(experiments),
            "--partition-size", "1", "--scheduler", address, "-q"]  # fmt: skip
    predict([many], runs, f"{tmp_path}/clean/", partition_size=1, jobs=1)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "stance", *args, "-o", f"{out}/"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while len(list(out.glob("part-*.jsonl"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    assert process.returncode == 130, stderr
    assert "rerun the same command with --resume" in stderr
    assert not (out / "manifest.json").exists()
    kept = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")}
    assert kept
    result = CliRunner().invoke(app, [*args, "-o", f"{out}/", "--resume"])
    assert result.exit_code == 0, result.output
    assert files_of(out) == files_of(tmp_path / "clean")
    assert {name: (out / name).stat().st_mtime_ns for name in kept} == kept


def small_config(data: Path, *, tune: bool = False) -> dict:
    from stance.config import default_config

    config = default_config()
    config["data"]["path"] = [str(data)]
    config["cv"]["folds"] = 3
    if tune:
        config["tune"].update(enabled=True, inner_folds=2, C=[0.3, 3.0])
        config["tune"].update(features=["word"], class_weight=["balanced"])
        config["tune"].update(word_ngram_range=[[1, 1]], subject_features=[True])
    return config


@pytest.mark.parametrize("tune", [False, True], ids=["train", "tune"])
def test_training_on_the_cluster_is_the_local_run(tune, cluster, tmp_path):
    from stance.api import train

    address, client = cluster
    data = write_jsonl(tmp_path / "data.jsonl", make_rows(6))
    made = {}
    for where in ("local", "cluster"):
        config = small_config(data, tune=tune)
        config["cv"]["scheduler"] = address if where == "cluster" else ""
        with distributed.get_task_stream(client) as stream:
            made[where] = train(config, experiments=tmp_path / where, command=["test"])
        # joblib sent the folds (and with --tune the final search's candidates) there
        assert (len(stream.data) >= 3 + tune * 2) == (where == "cluster")
    local, remote = made["local"], made["cluster"]
    assert remote.metrics == local.metrics
    assert files_of(remote.path / "model") == files_of(local.path / "model")
    for name in ("fold_metrics.json", "predictions.csv"):
        assert (remote.path / name).read_bytes() == (local.path / name).read_bytes()
    if tune:
        assert remote.read_json("tuning.json") == local.read_json("tuning.json")


def test_cluster_check_reports_the_workers(cluster):
    address, _ = cluster
    result = CliRunner().invoke(app, ["cluster-check", address, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["workers"]) == 2
    assert all(w["threads"] == 1 and w["mismatch"] == [] for w in report["workers"])
    table = CliRunner().invoke(app, ["cluster-check", address])
    assert table.exit_code == 0 and "2 workers, 2 threads" in table.stdout


def test_an_unreachable_scheduler_is_one_line(news, runs, tmp_path, monkeypatch):
    monkeypatch.setattr("stance.cluster.CONNECT_TIMEOUT", 2)
    experiments = runs["stance"].path.parent.parent
    result = CliRunner().invoke(
        app,
        ["predict", str(news), "--subject", SUBJECT, "--experiments", str(experiments),
         "-o", f"{tmp_path}/out/", "--scheduler", "tcp://127.0.0.1:9"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing was written: nothing is left


def test_cluster_check_fails_when_a_worker_version_differs(cluster, monkeypatch):
    import stance.api

    address, _ = cluster
    real = stance.api.versions
    # Only the client's versions change: the workers import the real module.
    monkeypatch.setattr(stance.api, "versions", lambda: {**real(), "stance": "0.0.1"})
    result = CliRunner().invoke(app, ["cluster-check", address])
    assert result.exit_code == 1
    assert "2 workers differ from this machine" in result.stderr


def test_train_command_sends_its_folds_to_the_scheduler(cluster, tmp_path):
    address, client = cluster
    data = write_jsonl(tmp_path / "data.jsonl", make_rows(6))
    args = ["train", "--data", str(data), "--folds", "2", "--no-baselines", "-q",
            "--experiments", str(tmp_path / "experiments"), "--scheduler", address]  # fmt: skip
    with distributed.get_task_stream(client) as stream:
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(stream.data) >= 2
    (config,) = (tmp_path / "experiments" / "runs").glob("*/config.json")
    assert json.loads(config.read_text())["cv"]["scheduler"] == address
