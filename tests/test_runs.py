import csv
import json

import pytest

from stance.records import StanceError
from stance.runs import create_run, list_runs, resolve_run, runs_folder, write_manifest

EXPECTED_FILES = {
    "config.json",
    "metrics.json",
    "fold_metrics.json",
    "predictions.csv",
    "folds.csv",
    "manifest.json",
    "model/model.json",
    "model/arrays.npz",
    "model/vocabularies.json",
}


def test_a_run_folder_holds_everything(trained_run, data_file):
    files = {
        str(p.relative_to(trained_run.path)) for p in trained_run.path.rglob("*") if p.is_file()
    }
    assert files == EXPECTED_FILES
    manifest = trained_run.manifest
    assert set(manifest["files"]) == EXPECTED_FILES - {"manifest.json"}
    for key in ("created", "command", "wall_time_seconds", "versions", "git_commit", "platform"):
        assert key in manifest
    assert manifest["versions"]["scikit-learn"] and manifest["versions"]["python"]
    assert manifest["data"]["files"] == {str(data_file): manifest["data"]["files"][str(data_file)]}
    assert len(manifest["data"]["sha256"]) == 64
    assert trained_run.config["data"]["path"] == [str(data_file.resolve())]


def test_out_of_fold_predictions_have_one_row_per_record_with_probabilities(trained_run):
    with open(trained_run.path / "predictions.csv") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == trained_run.manifest["data"]["records"]
    assert list(rows[0]) == [
        "id",
        "doc",
        "subject",
        "speaker",
        "text",
        "seed",
        "fold",
        "gold",
        "predicted",
        "model",
        "p_favor",
        "p_against",
        "p_none",
    ]
    for row in rows:
        total = sum(float(row[f"p_{c}"]) for c in ("favor", "against", "none"))
        assert total == pytest.approx(1, abs=1e-4)


def test_metrics_json_uses_snake_case_keys_on_a_0_1_scale(trained_run):
    metrics = json.loads((trained_run.path / "metrics.json").read_text())
    pooled = metrics["pooled_out_of_fold"]
    assert 0 <= pooled["macro_f1"] <= 1 and 0 <= pooled["f_avg"] <= 1
    assert set(metrics["mean_over_folds"]["accuracy"]) == {"mean", "std"}
    assert len(json.loads((trained_run.path / "fold_metrics.json").read_text())) == 3


def test_failed_run_leaves_nothing(experiments):
    with pytest.raises(RuntimeError), create_run(experiments, name="x", config_hash="abc") as run:
        run.write_json("config.json", {})
        raise RuntimeError("interrupted")
    assert list(runs_folder(experiments).iterdir()) == []


def test_keyboard_interrupt_leaves_nothing(experiments):
    with pytest.raises(KeyboardInterrupt), create_run(experiments, name="x", config_hash="abc"):
        raise KeyboardInterrupt
    assert list(runs_folder(experiments).iterdir()) == []


def finish(experiments, name="x", task="stance"):
    with create_run(experiments, name=name, config_hash="abcd1234") as run:
        write_manifest(run, {"task": task, "name": name, "created": run.id})
    return run.id


def test_same_second_same_config_gets_distinct_ids(experiments):
    ids = [finish(experiments) for _ in range(3)]
    assert len(set(ids)) == 3
    assert all((runs_folder(experiments) / i / "manifest.json").is_file() for i in ids)


def test_resolve_by_id_prefix_path_and_latest(experiments):
    first = finish(experiments, "alpha")
    second = finish(experiments, "beta")
    assert resolve_run(None, experiments).id == second
    assert resolve_run(first, experiments).id == first
    assert resolve_run(str(runs_folder(experiments) / first), experiments).id == first
    with pytest.raises(StanceError, match="ambiguous"):
        resolve_run(first[:8], experiments)
    with pytest.raises(StanceError, match="no run with that id"):
        resolve_run("nope", experiments)


def test_resolve_by_name_newest_first_and_latest_of_a_task(experiments):
    first = finish(experiments, "alpha")
    second = finish(experiments, "alpha")
    assert resolve_run("alpha", experiments).id == second != first
    assert resolve_run("latest", experiments).id == second
    with pytest.raises(StanceError, match="no reaction run"):
        resolve_run("latest", experiments, task="reaction")


def test_an_ambiguous_prefix_lists_every_match(experiments):
    ids = [finish(experiments, f"n{i}") for i in range(7)]
    with pytest.raises(StanceError) as error:
        resolve_run(ids[0][:8], experiments)
    assert all(i in str(error.value) for i in ids) and "7 runs match" in str(error.value)


def test_no_runs_yet(experiments):
    assert list_runs(experiments) == []
    with pytest.raises(StanceError, match="train one"):
        resolve_run(None, experiments, task="stance")


def test_unwritable_experiments_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "experiments"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StanceError, match="cannot create run folder"):
        finish(blocker)


def test_saved_model_loads_and_is_checked_against_the_manifest(trained_run):
    model = trained_run.load_model()
    assert list(model.classes_) == ["against", "favor", "none"]
    path = trained_run.path / "model" / "model.json"
    path.write_text(path.read_text().replace('"C": 1.0', '"C": 2.0'))
    with pytest.raises(StanceError, match="does not match the hash"):
        trained_run.load_model()


def test_a_killed_trainings_leftovers_are_cleaned_by_the_next(experiments):
    folder = runs_folder(experiments)
    folder.mkdir(parents=True)
    (folder / ".lock-20200101-000000-x-abc").write_text("999999999")  # no such process
    (folder / ".incomplete-20200101-000000-x-abc").mkdir()
    (folder / ".lock-20200101-000001-y-abc").write_text(str(__import__("os").getpid()))  # alive
    finish(experiments)
    names = {p.name for p in folder.iterdir()}
    assert ".lock-20200101-000000-x-abc" not in names
    assert ".incomplete-20200101-000000-x-abc" not in names
    assert ".lock-20200101-000001-y-abc" in names


def test_runs_list_survives_a_damaged_run(trained_run, experiments):
    from typer.testing import CliRunner

    from stance.cli import app

    (trained_run.path / "metrics.json").write_text("{}")
    result = CliRunner().invoke(app, ["runs", "list", "--experiments", str(experiments)])
    assert result.exit_code == 0 and "damaged" in result.output
