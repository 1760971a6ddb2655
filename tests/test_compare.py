"""`stance runs list / show / compare` on real runs: tables, exports and paired tests."""

import json
import re

import pytest
from conftest import make_rows, write_jsonl
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Three runs on the same data and folds (joint, per-subject, joint with seed 1) and
    one on other data."""
    tmp = tmp_path_factory.mktemp("compare")
    data = write_jsonl(tmp / "data.jsonl", make_rows(12))
    other = write_jsonl(tmp / "other.jsonl", make_rows(9))
    experiments = tmp / "experiments"
    common = ["--folds", "3", "--experiments", experiments, "-q"]
    for args in (
        ["--data", data, "--name", "joint"],
        ["--data", data, "--name", "persub", "--per-subject", "--min-subject-examples", "2"],
        ["--data", data, "--name", "seed1", "--seed", "1"],
        ["--data", other, "--name", "other"],
    ):
        result = invoke("train", *args, *common)
        assert result.exit_code == 0, result.output
    return experiments


def test_compare_shows_differences_and_a_paired_verdict(runs):
    result = invoke("runs", "compare", "joint", "persub", "--experiments", runs)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "config keys that differ" in out and "model.per_subject" in out
    assert "cv.folds" not in out  # only differing keys without --all
    assert "bootstrap over 12 articles" in out and "McNemar exact" in out
    assert "corrected resampled t over 3 folds" in out
    assert ("beats" in out or "score the same" in out) and "significant" in out
    assert (
        "cv.folds"
        in invoke("runs", "compare", "joint", "persub", "--all", "--experiments", runs).output
    )


@pytest.mark.parametrize(
    ("other", "reason"),
    [("other", "data fingerprints differ"), ("seed1", "another fold assignment")],
)
def test_compare_says_why_no_paired_test_applies(runs, other, reason):
    result = invoke("runs", "compare", "joint", other, "--experiments", runs)
    assert result.exit_code == 0, result.output
    assert "no paired test applies" in result.output and reason in result.output
    assert "headline metrics" in result.output and "bootstrap" not in result.output


def test_compare_exports_markdown_latex_csv_and_json(runs):
    args = ["runs", "compare", "joint", "persub", "--experiments", runs, "--format"]
    assert "| metric |" in invoke(*args, "markdown").output
    latex = invoke(*args, "latex").output
    assert r"\toprule" in latex and r"\bottomrule" in latex and "macro\\_f1" in latex
    assert invoke(*args, "csv").output.startswith("table,")
    parsed = json.loads(invoke(*args, "json").output)
    assert parsed["tables"][0]["title"] == "config keys that differ"


def test_compare_needs_two_runs(runs):
    result = invoke("runs", "compare", "joint", "--experiments", runs)
    assert result.exit_code == 2 and "at least two runs" in result.stderr


def test_runs_list_newest_first_filtered_sorted_and_exported(runs):
    out = invoke("runs", "list", "--experiments", runs).output
    names = [line.split()[1] for line in out.splitlines()[3:]]
    assert names == ["other", "seed1", "persub", "joint"]
    only = invoke("runs", "list", "--filter", "model.per_subject=true", "--experiments", runs)
    assert "persub" in only.output and "joint " not in only.output
    rows = json.loads(
        invoke(
            "runs", "list", "--format", "json", "--sort", "macro_f1", "--experiments", runs
        ).output
    )["tables"][0]["rows"]
    scores = [row[9] for row in rows]
    assert scores == sorted(scores, reverse=True)
    bad = invoke("runs", "list", "--filter", "colour=red", "--experiments", runs)
    assert bad.exit_code == 2 and "no such column or config key" in bad.stderr


def test_runs_list_shows_an_incomplete_folder_without_breaking(runs):
    broken = runs / "runs" / "20200101-000000-broken-abc"
    broken.mkdir()
    try:
        result = invoke("runs", "list", "--experiments", runs)
        assert result.exit_code == 0
        assert "folders that are not complete runs" in result.output
        assert "20200101-000000-broken-abc" in result.output and "joint" in result.output
    finally:
        broken.rmdir()


def test_runs_show_by_name_with_config_and_latex(runs):
    result = invoke("runs", "show", "persub", "--experiments", runs)
    assert result.exit_code == 0
    assert "resolved config" in result.output and "model.per_subject" in result.output
    assert "speaker level" in result.output and "against baselines" in result.output
    latex = invoke("runs", "show", "latest", "--format", "latex", "--experiments", runs).output
    assert r"\begin{tabular}" in latex


def test_data_without_articles_is_bootstrapped_over_records(tmp_path):
    rows = [{k: v for k, v in row.items() if k != "doc"} for row in make_rows(6)]
    data = write_jsonl(tmp_path / "tweets.jsonl", rows)
    experiments = tmp_path / "experiments"
    for name, extra in (("plain", []), ("strong", ["--config", strong_config(tmp_path)])):
        result = invoke(
            "train", "--data", data, "--no-groups", "--folds", "3", "--name", name, *extra,
            "--experiments", experiments, "-q",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    out = invoke("runs", "compare", "plain", "strong", "--experiments", experiments).output
    assert re.search(r"bootstrap over \d+ records", out) and "articles" not in out


def strong_config(folder):
    path = folder / "strong.toml"
    path.write_text("[model]\nC = 10.0\n", encoding="utf-8")
    return path
