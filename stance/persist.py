"""Model files as plain data: safe to load, fast to load, stable across scikit-learn versions.

A fitted :class:`~stance.model.StanceClassifier` is only vocabularies, idf weights and
logistic-regression coefficients. We save exactly that: ``model.json`` (format version,
the estimator's parameters, classes, subjects, and the SHA-256 of the other files),
``vocabularies.json`` (the terms of every vectorizer) and ``arrays.npz`` (numbers,
read with ``allow_pickle=False``). Loading rebuilds the same estimators from their
parameters and sets their learned state, so no code from the file ever runs (unlike
pickle or joblib) and a newer scikit-learn loads it too.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from stance.io import sha256_file
from stance.records import StanceError

FORMAT = "stance-model"
FORMAT_VERSION = 2
#: Older formats this version still reads (1: flat feature parameters, before views).
READABLE_VERSIONS = (1, 2)
MODEL_FILE = "model.json"
VOCABULARY_FILE = "vocabularies.json"
ARRAYS_FILE = "arrays.npz"
#: The key of the speaker-level pipeline among a model's pipelines.
SPEAKER_KEY = "speaker"


def _vectorizers(pipeline):
    for name, view in pipeline.named_steps["features"].transformer_list:
        yield name, view.vectorizer_


def _pipelines(model) -> list[tuple[str, str | None, object]]:
    """(key, subject, pipeline) for the joint model and every per-subject model."""
    items = [("joint", None, model.joint_)]
    for number, (subject, pipeline) in enumerate(sorted(model.subject_models_.items())):
        items.append((f"subject{number}", subject, pipeline))
    if getattr(model, "speaker_", None) is not None:
        items.append((SPEAKER_KEY, None, model.speaker_))
    return items


def save_model(model, directory: Path, *, meta: dict | None = None) -> Path:
    """Write a fitted StanceClassifier into ``directory`` (created; must not exist)."""
    directory = Path(directory)
    directory.mkdir(parents=True)
    arrays: dict[str, np.ndarray] = {}
    vocabularies: dict[str, dict[str, list[str]]] = {}
    pipelines = []
    for key, subject, pipeline in _pipelines(model):
        terms = {}
        for name, vectorizer in _vectorizers(pipeline):
            vocabulary = vectorizer.vocabulary_
            ordered = sorted(vocabulary, key=vocabulary.__getitem__)
            terms[name] = ordered
            if vectorizer.use_idf:
                arrays[f"{key}/{name}/idf"] = np.asarray(vectorizer.idf_, dtype=np.float64)
        classifier = pipeline.named_steps["classifier"]
        arrays[f"{key}/coef"] = classifier.coef_
        arrays[f"{key}/intercept"] = classifier.intercept_
        vocabularies[key] = terms
        pipelines.append({"key": key, "subject": subject, "classes": classifier.classes_.tolist()})
    stack = getattr(model, "stack_", None)
    if stack is not None:
        arrays["stack/coef"] = stack.coef_
        arrays["stack/intercept"] = stack.intercept_
    with open(directory / ARRAYS_FILE, "wb") as stream:
        np.savez_compressed(stream, **arrays)
    with open(directory / VOCABULARY_FILE, "w", encoding="utf-8") as stream:
        json.dump(vocabularies, stream, ensure_ascii=False)
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "estimator": type(model).__name__,
        "params": _jsonable(model_params(model)),
        "classes": model.classes_.tolist(),
        "pipelines": pipelines,
        "stack_classes": None if stack is None else stack.classes_.tolist(),
        "meta": meta or {},
        "sha256": {name: sha256_file(directory / name) for name in (ARRAYS_FILE, VOCABULARY_FILE)},
    }
    with open(directory / MODEL_FILE, "w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False, indent=1)
    return directory


def model_params(model) -> dict:
    """The estimator's parameters as plain data: views as their config tables."""
    from stance.views import default_views, view_spec

    params = model.get_params(deep=False)
    views = default_views() if params["views"] is None else params["views"]
    return {**params, "views": [view_spec(view) for view in views]}


def _jsonable(value):
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def read_model_meta(directory: Path) -> dict:
    """The parsed ``model.json`` of a model folder, after checking its format."""
    path = Path(directory) / MODEL_FILE
    if not path.is_file():
        raise StanceError(f"{path}: no model file")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise StanceError(
            f"{path}: not a stance model file (not JSON; pickles are never loaded)"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise StanceError(f"{path}: not a stance model file")
    if document.get("format_version") not in READABLE_VERSIONS:
        raise StanceError(
            f"{path}: model format version {document.get('format_version')!r}; this stance "
            f"reads version {FORMAT_VERSION}"
        )
    return document


def _read_files(directory: Path, expected_sha256: str | None) -> tuple[dict, dict, dict]:
    """(model.json, arrays, vocabularies) of a model folder, every file's hash checked."""
    if expected_sha256 is not None and sha256_file(directory / MODEL_FILE) != expected_sha256:
        raise StanceError(f"{directory / MODEL_FILE}: does not match the hash in the run manifest")
    document = read_model_meta(directory)
    for name, digest in document.get("sha256", {}).items():
        if name not in (ARRAYS_FILE, VOCABULARY_FILE):
            raise StanceError(f"{directory / MODEL_FILE}: lists an unexpected file {name!r}")
        path = directory / name
        if not path.is_file() or sha256_file(path) != digest:
            raise StanceError(f"{path}: missing, truncated or edited (hash mismatch)")
    try:
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in stored.files}
        vocabularies = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
    except (ValueError, zipfile.BadZipFile, OSError) as error:
        raise StanceError(f"{directory}: model files are inconsistent ({error})") from None
    return document, arrays, vocabularies


def load_model(directory: Path, *, expected_sha256: str | None = None):
    """Rebuild a StanceClassifier saved by :func:`save_model`, checking every file's hash.

    ``expected_sha256`` is the hash of ``model.json`` recorded in the run manifest;
    any edited, truncated or foreign file raises a StanceError, and nothing is executed.
    """
    from stance.model import StanceClassifier

    directory = Path(directory)
    document, arrays, vocabularies = _read_files(directory, expected_sha256)
    try:
        model = StanceClassifier(**_estimator_params(document))
        model.classes_ = np.array(document["classes"], dtype=object)
        model.subject_models_ = {}
        model.speaker_ = None
        for entry in document["pipelines"]:
            speaker = entry["key"] == SPEAKER_KEY
            pipeline = model.make_pipeline(joint=entry["subject"] is None, speaker=speaker)
            _restore(pipeline, entry, vocabularies[entry["key"]], arrays)
            if speaker:
                model.speaker_ = pipeline
            elif entry["subject"] is None:
                model.joint_ = pipeline
            else:
                model.subject_models_[entry["subject"]] = pipeline
        model.stack_ = _stack(document, arrays, model)
    except (KeyError, TypeError, ValueError) as error:
        raise StanceError(f"{directory}: model files are inconsistent ({error})") from None
    return model


def load_scorer(directory: Path, *, expected_sha256: str | None = None):
    """The saved model as a :class:`~stance.scoring.SavedModel`: the same predictions as
    :func:`load_model`'s estimator, from numpy alone (no scikit-learn is imported)."""
    from stance.scoring import SavedLogistic, SavedModel, SavedPipeline, SavedTfidf
    from stance.views import default_views, named_views

    directory = Path(directory)
    document, arrays, vocabularies = _read_files(directory, expected_sha256)
    try:
        params = _estimator_params(document)
        views = params.get("views") or default_views()
        pipelines, subject_models = {}, {}
        for entry in document["pipelines"]:
            key, terms = entry["key"], vocabularies[entry["key"]]
            named = named_views(views, joint=entry["subject"] is None, speaker=key == SPEAKER_KEY)
            parts = [
                (view, SavedTfidf(view.vectorizer_options(), terms[name],
                                  arrays.get(f"{key}/{name}/idf"), getattr(view, "weight", 1.0)))
                for name, view in named
            ]  # fmt: skip
            classes = np.array(entry["classes"], dtype=object)
            classifier = SavedLogistic(classes, arrays[f"{key}/coef"], arrays[f"{key}/intercept"])
            pipeline = SavedPipeline(parts, classifier)
            if entry["subject"] is None:
                pipelines[key] = pipeline
            else:
                subject_models[entry["subject"]] = pipeline
        stack = None
        if document.get("stack_classes"):
            stack = SavedLogistic(np.array(document["stack_classes"], dtype=object),
                                  arrays["stack/coef"], arrays["stack/intercept"])  # fmt: skip
        return SavedModel(
            classes=document["classes"],
            joint=pipelines["joint"],
            subject_models=subject_models,
            speaker=pipelines.get(SPEAKER_KEY),
            stack=stack,
            speaker_model=bool(params.get("speaker_model")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise StanceError(f"{directory}: model files are inconsistent ({error})") from None


#: The parameters that are the classifier's own (the rest, in format 1, were features).
CLASSIFIER_KEYS = (
    "C", "class_weight", "solver", "max_iter", "per_subject", "min_subject_examples",
    "stack", "stack_folds", "stack_C", "speaker_model",
)  # fmt: skip


def _stack(document: dict, arrays: dict, model):
    """The second stage of a stacked model, rebuilt from its coefficients (or None)."""
    if not document.get("stack_classes"):
        return None
    from sklearn.linear_model import LogisticRegression

    stack = LogisticRegression(C=model.stack_C, class_weight=model.class_weight)
    stack.classes_ = np.array(document["stack_classes"], dtype=object)
    stack.coef_ = arrays["stack/coef"]
    stack.intercept_ = arrays["stack/intercept"]
    stack.n_features_in_ = stack.coef_.shape[1]
    stack.n_iter_ = np.zeros(1, dtype=np.int32)
    return stack


def _estimator_params(document: dict) -> dict:
    from stance.views import legacy_views, view_from_spec

    params = document["params"]
    own = {key: params[key] for key in CLASSIFIER_KEYS if key in params}
    if document["format_version"] == 1:
        return {**own, "views": legacy_views(params)}
    return {**own, "views": [view_from_spec(spec) for spec in params["views"]]}


def _restore(pipeline, entry: dict, terms: dict[str, list[str]], arrays: dict) -> None:
    key = entry["key"]
    width = 0
    for name, view in pipeline.named_steps["features"].transformer_list:
        vectorizer = view.vectorizer_ = view.make_vectorizer()
        vectorizer.vocabulary_ = {term: index for index, term in enumerate(terms[name])}
        vectorizer.fixed_vocabulary_ = False
        if vectorizer.use_idf:
            idf = arrays[f"{key}/{name}/idf"]
            if idf.shape != (len(terms[name]),):
                raise ValueError(
                    f"{key}/{name}: {len(terms[name])} terms but {idf.shape} idf values"
                )
            vectorizer.idf_ = idf
        else:
            from sklearn.feature_extraction.text import TfidfTransformer

            vectorizer._tfidf = TfidfTransformer(
                norm=vectorizer.norm, use_idf=False, sublinear_tf=vectorizer.sublinear_tf
            ).fit(np.zeros((1, len(terms[name]))))
        width += len(terms[name])
    classifier = pipeline.named_steps["classifier"]
    coef, intercept = arrays[f"{key}/coef"], arrays[f"{key}/intercept"]
    classes = np.array(entry["classes"], dtype=object)
    rows = 1 if len(classes) == 2 else len(classes)
    if coef.shape != (rows, width) or intercept.shape != (rows,):
        raise ValueError(f"{key}: coefficients {coef.shape} do not fit {width} features")
    classifier.classes_ = classes
    classifier.coef_ = coef
    classifier.intercept_ = intercept
    classifier.n_features_in_ = width
    classifier.n_iter_ = np.zeros(1, dtype=np.int32)
