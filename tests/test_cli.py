import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def trained(data_file, experiments):
    result = invoke(
        "train", "--data", data_file, "--folds", "3", "--experiments", experiments, "--name", "cli"
    )
    assert result.exit_code == 0, result.output
    return result


def test_help_lists_commands_with_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    for word in ("train", "predict", "runs", "Example"):
        assert word in result.output
    assert "Example" in invoke("train", "--help").output
    assert "Example" in invoke("predict", "--help").output


def test_train_prints_progress_tables_and_run_folder(trained, experiments):
    assert "fold 3/3" in trained.output
    assert "macro_f1" in trained.output and "pooled out-of-fold" in trained.output
    assert "carbon tax" in trained.output  # per-subject table
    run_line = trained.output.strip().splitlines()[-1]
    assert run_line.startswith("run: ") and str(experiments) in run_line


def test_train_reaction_task_and_per_subject(data_file, experiments):
    result = invoke(
        "train",
        "--data",
        data_file,
        "--folds",
        "3",
        "--task",
        "reaction",
        "--per-subject",
        "--experiments",
        experiments,
    )
    assert result.exit_code == 0, result.output
    assert "positive" in result.output
    manifest = json.loads(next((experiments / "runs").glob("*/manifest.json")).read_text())
    assert manifest["task"] == "reaction"


def test_predict_from_stdin_as_jsonl(trained, experiments):
    result = invoke(
        "predict",
        "-",
        "--subject",
        "carbon tax",
        "--format",
        "jsonl",
        "--experiments",
        experiments,
        input="We reject the tax because it will cost jobs\n\nThe report runs to ninety pages\n",
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2
    assert set(rows[0]) >= {"text", "subject", "stance", "p_favor", "p_against", "p_none", "model"}
    assert rows[0]["stance"] == "against"


def test_predict_table_and_csv_to_file(trained, experiments, tmp_path):
    statements = tmp_path / "s.txt"
    statements.write_text("We strongly back the tax\n")
    table = invoke("predict", statements, "--subject", "carbon tax", "--experiments", experiments)
    assert table.exit_code == 0 and "p_favor" in table.output
    out = tmp_path / "out.csv"
    result = invoke(
        "predict",
        statements,
        "--subject",
        "carbon tax",
        "--format",
        "csv",
        "-o",
        out,
        "--experiments",
        experiments,
    )
    assert result.exit_code == 0
    assert out.read_text().startswith("text,subject,stance,probability,p_favor")


def test_predict_unseen_subject_says_joint_model_was_used(trained, experiments):
    result = invoke(
        "predict",
        "-",
        "--subject",
        "wind farms",
        "--experiments",
        experiments,
        input="A fine idea\n",
    )
    assert result.exit_code == 0
    assert "was not in the training data" in result.output


def test_runs_list_and_show(trained, experiments):
    listed = invoke("runs", "list", "--experiments", experiments)
    assert listed.exit_code == 0 and "-cli-" in listed.output
    shown = invoke("runs", "show", "2", "--experiments", experiments)
    assert shown.exit_code == 0 and "macro_f1" in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--data", "{tmp}/absent.jsonl"], "absent.jsonl: no such file"),
        (["train", "--data", "{tmp}"], "is a directory"),
        (["train", "--config", "{tmp}/absent.toml"], "no such config file"),
        (["train", "--data", "{data}", "--folds", "50"], "fewer examples than folds"),
        (["train", "--data", "{data}", "--task", "mood"], "'task' must be one of"),
        (["predict", "-", "--run", "nope"], "no run with that id"),
        (["predict", "{tmp}/absent.txt"], "absent.txt: no such file"),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    args, message, tmp_path, data_file, experiments
):
    args = [a.format(tmp=tmp_path, data=data_file) for a in args]
    result = runner.invoke(app, [*args, "--experiments", str(experiments)], input="x\n")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (experiments / "runs").exists() or not any((experiments / "runs").iterdir())


def test_evaluate_writes_metrics_into_the_run_and_never_overwrites(trained, experiments, data_file):
    run_folder = next((experiments / "runs").iterdir())
    before = {p.name: p.read_bytes() for p in run_folder.iterdir() if p.is_file()}
    evaluate = ["evaluate", "--run", run_folder, "--data", data_file, "--name", "held"]
    refused = invoke(*evaluate, "--experiments", experiments)
    assert refused.exit_code == 2 and not (run_folder / "evaluation-held.json").exists()
    assert "were in the training data of run" in refused.stderr
    assert "--allow-overlap" in refused.stderr
    evaluate.append("--allow-overlap")
    result = invoke(*evaluate, "--experiments", experiments)
    assert result.exit_code == 0, result.output
    assert "held-out" in result.output
    assert f"saved: {run_folder / 'evaluation-held.json'}" in result.output
    assert "60 of 60 records (100.0%) were in the run's training data" in result.output
    metrics = json.loads((run_folder / "evaluation-held.json").read_text())
    assert 0 <= metrics["macro_f1"] <= 1 and "per_subject" in metrics and metrics["name"] == "held"
    assert metrics["overlap"] == {"records": 60, "share": 1.0, "allowed": True}
    assert (
        (run_folder / "evaluation-held-predictions.csv")
        .read_text()
        .startswith("id,doc,subject,speaker,text,gold")
    )
    assert {
        p.name: p.read_bytes() for p in run_folder.iterdir() if p.is_file() and p.name in before
    } == before
    again = invoke(*evaluate, "--experiments", experiments)
    assert again.exit_code == 2 and "exists; choose another --name" in again.output


def test_training_from_a_runs_config_reproduces_it(trained, experiments):
    first = next((experiments / "runs").iterdir())
    result = invoke("train", "--config", first / "config.json", "--experiments", experiments)
    assert result.exit_code == 0, result.output
    second = next(p for p in (experiments / "runs").iterdir() if p != first)
    for name in (
        "metrics.json",
        "predictions.csv",
        "folds.csv",
        "model/arrays.npz",
        "model/vocabularies.json",
        "model/model.json",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


ARTICLE = """Council: tram plan will go ahead

The city council approved the tram extension on Monday, according to a statement from the mayor's office. Councillor Maria Lopez, who chairs the transport committee, said the line would "finally connect the eastern estates."

"This is a costly mistake," said Peter Hall, a local shopkeeper. He added that trade would suffer during two years of works.

The works start in May.
"""


@pytest.fixture
def both_runs(data_file, experiments):
    for task in ("stance", "reaction"):
        result = invoke(
            "train",
            "--data",
            data_file,
            "--folds",
            "3",
            "--task",
            task,
            "--experiments",
            experiments,
        )
        assert result.exit_code == 0, result.output


def test_extract_prints_speakers_and_jsonl_offsets(tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE)
    table = invoke("extract", article)
    assert table.exit_code == 0, table.output
    assert "Maria Lopez" in table.output and "Peter Hall" in table.output
    result = invoke("extract", tmp_path, "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = article.read_text()
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"] and row["doc"] == "tram"
    speakers = [r["speaker"] for r in rows if r["part"] == "body"]
    assert speakers == ["mayor's office", "Maria Lopez", "Peter Hall", "Peter Hall", None]
    assert rows[0]["part"] == "headline" and rows[0]["speaker"] == "Council"
    assert {"index", "mention", "cue"} <= set(rows[0])


def test_extract_evaluate_scores_against_gold(tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"doc": "tram", "text": "The works start in May.", "speaker": ""})
        + "\n"
        + json.dumps(
            {
                "doc": "tram",
                "text": "He added that trade would suffer during two years of works.",
                "speaker": "Peter Hall",
                "pattern": "speaker_verb",
            }
        )
        + "\n"
    )
    result = invoke("extract", article, "--evaluate", gold, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["speaker_accuracy"] == 1.0 and scores["n_gold"] == 2


def test_extract_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n")
    result = invoke("extract", empty)
    assert result.exit_code == 2 and "no sentences" in result.output
    assert invoke("extract", tmp_path / "absent.txt").exit_code == 2


def test_predict_article_gives_speakers_stance_reaction_and_summary(
    both_runs, experiments, tmp_path
):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE)
    result = invoke(
        "predict",
        article,
        "--subject",
        "carbon tax",
        "--format",
        "jsonl",
        "--experiments",
        experiments,
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"speaker", "stance", "reaction", "p_favor", "p_positive", "start", "end"} <= set(
        rows[1]
    )
    narrator = [r for r in rows if r["speaker"] is None]
    assert narrator and all(r["stance"] == "none" and not r["classified"] for r in narrator)
    table = invoke("predict", article, "--subject", "carbon tax", "--experiments", experiments)
    assert "statements" in table.output and "Peter Hall" in table.output


def test_predict_input_lines_overrides_detection(both_runs, experiments, tmp_path):
    article = tmp_path / "tram.txt"
    article.write_text(ARTICLE)
    result = invoke(
        "predict", article, "--input", "lines", "--format", "jsonl", "--subject", "tram",
        "--experiments", experiments,
    )  # fmt: skip
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(
        [line for line in ARTICLE.splitlines() if line.strip()]
    )


def test_help_of_every_command_loads_no_heavy_module():
    """--help answers at once: no scikit-learn, no pydantic, no attribution code."""
    script = """
import sys
from typer.main import get_command
from typer.testing import CliRunner
from stance.cli import app
runner = CliRunner()
commands = [[]] + [[name] for name in get_command(app).commands]
for command in commands:
    assert runner.invoke(app, [*command, "--help"]).exit_code == 0, command
heavy = ("sklearn", "scipy", "pydantic", "stance.attribution")
heavy = heavy + tuple(name + "." for name in heavy)
print(len(commands), sorted(m for m in sys.modules if m.startswith(heavy) or m in heavy))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count, loaded = result.stdout.split(" ", 1)
    assert int(count) > 8 and loaded.strip() == "[]"


@pytest.mark.parametrize("terminal", [True, False])
def test_fold_lines_say_the_time_left_only_on_a_terminal(data_file, experiments, monkeypatch,
                                                         terminal):  # fmt: skip
    from stance.cli import training

    monkeypatch.setattr(training, "is_terminal", lambda stream: terminal)
    result = invoke("train", "--data", data_file, "--folds", "3", "--experiments", experiments)
    assert result.exit_code == 0, result.output
    folds = [line for line in result.stderr.splitlines() if line.startswith("fold ")]
    assert len(folds) == 3
    assert all(("folds left about" in line) is terminal for line in folds)
    assert folds[-1].endswith("folds left about 0 s)") is terminal
