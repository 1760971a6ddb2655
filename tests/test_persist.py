import json
import pickle

import numpy as np
import pytest
from test_model import records_and_labels

from stance.features import MentionWindowView
from stance.model import StanceClassifier, default_views
from stance.persist import (
    ARRAYS_FILE,
    MODEL_FILE,
    VOCABULARY_FILE,
    load_model,
    model_params,
    save_model,
)
from stance.records import Record, StanceError


@pytest.fixture(params=[False, True], ids=["joint", "per_subject"])
def fitted(request):
    X, y = records_and_labels()
    return StanceClassifier(
        per_subject=request.param, views=[*default_views(), MentionWindowView(window=2)]
    ).fit(X, y), X


def test_saved_model_predicts_identically(fitted, tmp_path):
    model, X = fitted
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    unseen = [Record(id="u", text="An entirely new sentence!", subject="other")]
    assert np.array_equal(model.predict_proba(X + unseen), loaded.predict_proba(X + unseen))
    assert loaded.route(X + unseen) == model.route(X + unseen)
    assert model_params(loaded) == model_params(model)


def test_model_files_are_plain_data(fitted, tmp_path):
    model, _ = fitted
    save_model(model, tmp_path / "m")
    assert json.loads((tmp_path / "m" / MODEL_FILE).read_text())["format"] == "stance-model"
    with np.load(tmp_path / "m" / ARRAYS_FILE, allow_pickle=False) as arrays:
        assert all(arrays[k].dtype.kind == "f" for k in arrays.files)


def test_save_refuses_to_overwrite(fitted, tmp_path):
    model, _ = fitted
    save_model(model, tmp_path / "m")
    with pytest.raises(FileExistsError):
        save_model(model, tmp_path / "m")


class CreatesFile:
    def __reduce__(self):
        import pathlib

        return (pathlib.Path.touch, (pathlib.Path(self.target),))


def test_malicious_pickle_renamed_as_model_is_refused_and_runs_nothing(tmp_path):
    evil = CreatesFile()
    evil.target = str(tmp_path / "pwned")
    folder = tmp_path / "m"
    folder.mkdir()
    for name in (MODEL_FILE, ARRAYS_FILE, VOCABULARY_FILE):
        (folder / name).write_bytes(pickle.dumps(evil))
    with pytest.raises(StanceError, match="not a stance model file"):
        load_model(folder)
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("victim", [ARRAYS_FILE, VOCABULARY_FILE])
def test_truncated_or_edited_files_are_refused(fitted, tmp_path, victim):
    model, _ = fitted
    save_model(model, tmp_path / "m")
    path = tmp_path / "m" / victim
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(StanceError, match="hash mismatch"):
        load_model(tmp_path / "m")


def test_manifest_hash_guards_model_json(fitted, tmp_path):
    model, _ = fitted
    save_model(model, tmp_path / "m")
    with pytest.raises(StanceError, match="does not match the hash"):
        load_model(tmp_path / "m", expected_sha256="0" * 64)


def test_future_format_version_is_refused(fitted, tmp_path):
    model, _ = fitted
    save_model(model, tmp_path / "m")
    path = tmp_path / "m" / MODEL_FILE
    document = json.loads(path.read_text())
    document["format_version"] = 99
    path.write_text(json.dumps(document))
    with pytest.raises(StanceError, match="format version 99"):
        load_model(tmp_path / "m")


def test_foreign_json_is_refused(tmp_path):
    (tmp_path / MODEL_FILE).write_text('{"hello": "world"}')
    with pytest.raises(StanceError, match="not a stance model file"):
        load_model(tmp_path)


def test_a_model_saved_before_views_existed_still_loads(tmp_path):
    """Format 1 stored the old flat feature parameters; they become the same views."""
    from stance.config import LEGACY_FEATURE_KEYS
    from stance.model import legacy_views

    X, y = records_and_labels()
    flat = {**LEGACY_FEATURE_KEYS, "window": 2, "clause": True, "max_features": None}
    model = StanceClassifier(views=legacy_views(flat)).fit(X, y)
    save_model(model, tmp_path / "m")
    document = json.loads((tmp_path / "m" / MODEL_FILE).read_text())
    own = {k: v for k, v in document["params"].items() if k != "views"}
    document["params"] = {**flat, **own}
    document["format_version"] = 1
    (tmp_path / "m" / MODEL_FILE).write_text(json.dumps(document))
    loaded = load_model(tmp_path / "m")
    assert np.array_equal(loaded.predict_proba(X), model.predict_proba(X))
