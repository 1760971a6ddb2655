"""A saved model predicts without scikit-learn, and exactly as the fitted estimator."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stance.api import load_records
from stance.config import load_config, model_params
from stance.model import StanceClassifier
from stance.persist import load_model, load_scorer, save_model
from stance.records import StanceError
from stance.scoring import SavedModel

REPO = Path(__file__).resolve().parents[1]
CONFIGS = sorted((REPO / "experiments").glob("*.toml")) + sorted(
    (REPO / "experiments" / "ideas").glob("*.toml")
)


def distinct_models() -> list:
    """(config name, task, model parameters) of every shipped config, one per distinct model."""
    seen, out = set(), []
    for path in CONFIGS:
        config = load_config(path)
        key = json.dumps([config["task"], config["model"]], sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(pytest.param(config["task"], config["model"], id=path.stem))
    return out


@pytest.fixture(scope="module")
def wirestance():
    """WireStance sentences of 10 articles to fit on and 6 unseen articles to predict."""
    config = load_config(REPO / "experiments" / "wirestance-stance.toml")
    records = load_records(config)
    docs = list(dict.fromkeys(r.doc for r in records))
    fit_docs, new_docs = set(docs[:20:2]), set(docs[1:13:2])
    return [r for r in records if r.doc in fit_docs], [r for r in records if r.doc in new_docs]


@pytest.mark.parametrize(("task", "model"), distinct_models())
def test_every_shipped_config_predicts_the_same_from_its_saved_numbers(
    wirestance, tmp_path, task, model
):
    fit_records, new_records = wirestance
    labels = [r.label(task) for r in fit_records]
    config = {"model": model}
    estimator = StanceClassifier(**model_params(config)).fit(fit_records, labels)
    save_model(estimator, tmp_path / "model")
    scorer = load_scorer(tmp_path / "model")
    assert isinstance(scorer, SavedModel)
    assert list(scorer.classes_) == list(estimator.classes_)
    expected = estimator.predict_proba(new_records)
    found = scorer.predict_proba(new_records)
    np.testing.assert_array_equal(found, expected)  # three classes: to the last bit
    assert scorer.route(new_records) == estimator.route(new_records)
    assert list(scorer.predict(new_records)) == list(estimator.predict(new_records))
    loaded = load_model(tmp_path / "model")
    np.testing.assert_array_equal(loaded.predict_proba(new_records), found)


def test_a_two_class_model_agrees_to_rounding(wirestance, tmp_path):
    """Two classes go through the logistic function: numpy's, not scipy's, so the last
    bit may differ."""
    fit_records, new_records = wirestance
    labels = ["none" if r.stance == "none" else "some" for r in fit_records]
    estimator = StanceClassifier(stack=True, speaker_model=True).fit(fit_records, labels)
    save_model(estimator, tmp_path / "model")
    found = load_scorer(tmp_path / "model").predict_proba(new_records)
    assert found.shape == (len(new_records), 2)
    np.testing.assert_allclose(found, estimator.predict_proba(new_records), rtol=0, atol=1e-15)


def test_an_edited_or_foreign_model_is_refused_in_one_line(trained_run):
    folder = trained_run.path / "model"
    (folder / "vocabularies.json").write_text("{}")
    with pytest.raises(StanceError, match="hash mismatch"):
        load_scorer(folder)


PREDICT = """
import json, sys
from stance.cli import main
sys.argv = ["stance", "predict", sys.argv[1], "--subject", "carbon tax", "--format", "jsonl",
            "--experiments", sys.argv[2], "--jobs", "1", "--quiet"] + sys.argv[3:]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
heavy = ("sklearn", "scipy", "stance.attribution.analysis", "stance.vectorize")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy)),
      file=sys.stderr)
"""


def test_predicting_statements_imports_no_scikit_learn_and_gives_the_estimators_rows(
    trained_run, tmp_path
):
    statements = tmp_path / "lines.txt"
    statements.write_text(
        "The levy is a reckless attack on exporters.\nWe welcome the tax.\nThe vote is in May.\n"
    )
    experiments = trained_run.path.parent.parent

    def run(*extra):
        done = subprocess.run(
            [sys.executable, "-c", PREDICT, str(statements), str(experiments), *extra],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        return rows, json.loads(done.stderr.strip().splitlines()[-1])

    light, loaded = run()
    assert loaded == []
    explained, loaded_with_explain = run("--explain")
    assert "sklearn" in loaded_with_explain  # explanations read the fitted estimator
    for row in explained:
        del row["explanation"]
    assert light == explained
