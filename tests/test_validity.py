"""The harness refuses to mislead: each mistake a user can make, through the real command."""

import json

import pytest
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def csv_without_articles(path):
    rows = ["sentence,label,target"]
    for i in range(30):
        label = ("favor", "against", "none")[i % 3]
        rows.append(f"Statement {i} about the plan is {label} {i % 7},{label},plan")
    path.write_text("\n".join(rows) + "\n")
    return path


def test_data_without_articles_is_refused_unless_no_groups(tmp_path):
    data = csv_without_articles(tmp_path / "my.csv")
    args = ["train", "--data", data, "--text-col", "sentence", "--label-col", "label",
            "--subject-col", "target", "--folds", "3", "--experiments", tmp_path / "exp"]  # fmt: skip
    refused = invoke(*args)
    assert refused.exit_code == 2 and not (tmp_path / "exp" / "runs").exists()
    assert "no article column 'doc' to group the folds by" in refused.stderr
    assert "--no-groups" in refused.stderr
    trained = invoke(*args, "--no-groups")
    assert trained.exit_code == 0, trained.stderr
    assert "folds NOT grouped by article" in trained.stdout
    (run,) = (tmp_path / "exp" / "runs").iterdir()
    assert json.loads((run / "manifest.json").read_text())["cv"]["grouping"] == "none"
    shown = invoke("runs", "show", "latest", "--experiments", tmp_path / "exp").stdout
    assert "folds NOT grouped by article" in shown
    listed = invoke("runs", "list", "--experiments", tmp_path / "exp").stdout
    assert " none " in listed


def test_a_named_group_column_that_is_missing_is_an_error(tmp_path):
    data = csv_without_articles(tmp_path / "my.csv")
    result = invoke(
        "train", "--data", data, "--text-col", "sentence", "--label-col", "label",
        "--subject-col", "target", "--group-col", "article", "--experiments", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 2 and "'article'" in result.stderr


def test_stance_records_without_a_subject_need_one_for_the_file(tmp_path):
    data = tmp_path / "nosubject.jsonl"
    data.write_text(
        "".join(
            json.dumps({"text": f"Line {i} {lab}", "stance": lab, "doc": f"d{i % 6}"}) + "\n"
            for i, lab in enumerate(["favor", "against", "none"] * 6)
        )
    )
    refused = invoke("train", "--data", data, "--folds", "3", "--experiments", tmp_path / "e")
    assert refused.exit_code == 2 and "has no subject ('subject')" in refused.stderr
    assert "--subject" in refused.stderr
    trained = invoke(
        "train", "--data", data, "--folds", "3", "--subject", "the plan", "--experiments",
        tmp_path / "e",
    )  # fmt: skip
    assert trained.exit_code == 0, trained.stderr
    assert "the plan" in trained.stdout


def test_version_alone_prints_the_version():
    from stance import __version__

    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"stance {__version__}"


@pytest.mark.parametrize(
    "command",
    [["train"], ["predict"], ["extract"], ["evaluate"], ["runs", "list"], ["runs", "show"],
     ["runs", "compare"], ["explain"], ["report"], ["datasets", "list"], ["datasets", "fetch"]],
)  # fmt: skip
def test_help_uses_words_not_python_types(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "<" not in result.stdout and "list[" not in result.stdout
