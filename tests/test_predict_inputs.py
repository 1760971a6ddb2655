"""`stance predict` reads what the user gives it correctly and says what answered."""

import json

import pytest
from conftest import make_rows, write_jsonl
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("served")
    data = write_jsonl(tmp / "data.jsonl", make_rows(9))
    experiments = tmp / "experiments"
    result = invoke("train", "--data", data, "--folds", "3", "-q", "--experiments", experiments)
    assert result.exit_code == 0, result.output
    return tmp, experiments


def test_predict_without_a_subject_names_the_subjects_the_run_knows(served, tmp_path):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\n")
    result = invoke("predict", tmp_path / "s.txt", "--experiments", experiments)
    assert result.exit_code == 2 and result.stdout == ""
    assert "--subject is required" in result.stderr and "'carbon tax'" in result.stderr


def test_every_row_names_its_run_and_stderr_says_which_run_served(served, tmp_path):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\n")
    result = invoke(
        "predict", tmp_path / "s.txt", "--subject", "carbon tax", "--format", "jsonl",
        "--experiments", experiments,
    )  # fmt: skip
    row = json.loads(result.stdout)
    assert row["run"].startswith("20") and row["unseen_subject"] is False
    assert result.stderr.startswith(f"using run {row['run']} (stance, joint, trained on data.jsonl")
    quiet = invoke(
        "predict", tmp_path / "s.txt", "--subject", "carbon tax", "-q", "--experiments", experiments
    )
    assert quiet.stderr == "" and f"run: {row['run']}" in quiet.stdout


@pytest.mark.parametrize("spelling", ["Carbon Tax", "the carbon-tax", " carbon  tax "])
def test_subject_spellings_are_one_subject(served, tmp_path, spelling):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\n")
    args = ["predict", tmp_path / "s.txt", "--format", "jsonl", "--experiments", experiments]
    a = json.loads(invoke(*args, "--subject", "carbon tax").stdout)
    b = invoke(*args, "--subject", spelling)
    assert json.loads(b.stdout)["unseen_subject"] is False
    assert json.loads(b.stdout)["p_favor"] == a["p_favor"]
    assert "not in the training data" not in b.stderr


def test_a_near_miss_subject_gets_did_you_mean(served, tmp_path):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\n")
    result = invoke(
        "predict", tmp_path / "s.txt", "--subject", "carbon taxes", "--experiments", experiments
    )
    assert result.exit_code == 0 and "did you mean 'carbon tax'?" in result.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".tsv"])
def test_labelled_files_are_read_as_records_with_their_columns_passed_through(
    served, tmp_path, suffix
):
    _, experiments = served
    rows = [
        {"id": "a1", "text": "We strongly back the tax", "subject": "carbon tax", "stance": "favor"},
        {"id": "a2", "text": "The port will ruin the bay", "subject": "port expansion", "stance": "against"},
    ]  # fmt: skip
    path = tmp_path / f"few{suffix}"
    if suffix == ".jsonl":
        write_jsonl(path, rows)
    else:
        sep = "," if suffix == ".csv" else "\t"
        path.write_text(
            sep.join(rows[0]) + "\n" + "".join(sep.join(r.values()) + "\n" for r in rows)
        )
    result = invoke("predict", path, "--format", "jsonl", "--experiments", experiments)
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in out] == [r["text"] for r in rows]  # no header row, no raw JSON
    assert [r["subject"] for r in out] == ["carbon tax", "port expansion"]
    assert [r["id"] for r in out] == ["a1", "a2"]
    assert out[0]["input_stance"] == "favor" and out[0]["stance"] in ("favor", "against", "none")


def test_a_semicolon_separated_csv_is_read(served, tmp_path):
    _, experiments = served
    path = tmp_path / "semi.csv"
    path.write_text("text;subject\nWe strongly back the tax;carbon tax\n")
    result = invoke("predict", path, "--format", "jsonl", "--experiments", experiments)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == "We strongly back the tax"


def test_explain_gives_the_features_that_pushed_each_prediction(served, tmp_path):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We strongly back the tax\n")
    args = ["predict", tmp_path / "s.txt", "--subject", "carbon tax", "--explain"]
    row = json.loads(invoke(*args, "--format", "jsonl", "--experiments", experiments).stdout)
    assert row["explanation"] and all(e["push"] > 0 for e in row["explanation"])
    assert all("__" in e["feature"] for e in row["explanation"])
    table = invoke(*args, "--experiments", experiments).stdout
    assert "explanation" in table


def test_explain_command_lists_weights_per_class(served):
    _, experiments = served
    result = invoke("explain", "latest", "--top", "3", "--experiments", experiments)
    assert result.exit_code == 0, result.stderr
    for label in ("favor", "against", "none"):
        assert f"for {label}" in result.stdout
    one = invoke(
        "explain", "--class", "favor", "--subject", "carbon tax", "--format", "json",
        "--experiments", experiments,
    )  # fmt: skip
    tables = json.loads(one.stdout)["tables"]
    assert len(tables) == 1 and len(tables[0]["rows"]) == 15 or len(tables[0]["rows"]) > 0
    names = [row[0] for row in tables[0]["rows"]] + [row[2] for row in tables[0]["rows"]]
    assert not any(n.startswith("subject_words__port_expansion|") for n in names)
    bad = invoke("explain", "--class", "maybe", "--experiments", experiments)
    assert bad.exit_code == 2 and "not one of" in bad.stderr


def test_predict_with_two_jobs_writes_what_one_job_writes(served, tmp_path):
    """More statements than one batch (4,096), so two worker processes share them."""
    _, experiments = served
    words = ["We back the tax", "We reject the tax", "The report runs long", "Fares rise"]
    lines = [f"{words[n % 4]} {n}" for n in range(4_500)]
    (tmp_path / "s.txt").write_text("\n".join(lines) + "\n")
    outputs = {}
    for jobs in ("1", "2"):
        output = tmp_path / f"out-{jobs}.csv"
        result = invoke(
            "predict", tmp_path / "s.txt", "--subject", "carbon tax", "--jobs", jobs, "--format", "csv",
            "-o", output, "-q", "--experiments", experiments,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        outputs[jobs] = output.read_text()
    assert outputs["2"] == outputs["1"] and outputs["1"].count("\n") == 4_501


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_shows_on_a_terminal_unless_quiet(served, tmp_path, monkeypatch, quiet):
    from stance.cli import common

    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\nWe reject the tax\nFares rise\n")
    monkeypatch.setattr(common, "is_terminal", lambda stream: True)
    args = ["predict", tmp_path / "s.txt", "--subject", "carbon tax", "-o", tmp_path / "out"]
    result = invoke(*args, "--experiments", experiments, *(["-q"] if quiet else []))
    assert result.exit_code == 0, result.output
    shown = "3 statements, " in result.stderr and "/s" in result.stderr
    assert shown is not quiet


def test_no_progress_when_standard_error_is_not_a_terminal(served, tmp_path):
    _, experiments = served
    (tmp_path / "s.txt").write_text("We back the tax\nWe reject the tax\n")
    args = ["predict", tmp_path / "s.txt", "--subject", "carbon tax", "-o", tmp_path / "out"]
    result = invoke(*args, "--experiments", experiments)
    assert result.exit_code == 0 and result.stderr.startswith("using run ")
    assert "statements, " not in result.stderr
