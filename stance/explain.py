"""Which n-grams drive a model: its largest weights, and what pushed one prediction.

Logistic regression over TF-IDF features is a sum of weights: a class's score for a text
is the sum over its features of weight x value. :func:`top_features` lists the largest
weights for and against each class; :func:`explain_records` lists, for each prediction,
the features of that text that pushed it most toward its predicted label. For a
multinomial model the push toward class c is measured against the mean of all classes
(``w_c - mean_k w_k``), which is what changes the probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from stance.features import as_records, subject_key
from stance.model import JOINT
from stance.records import Record


def _class_weights(pipeline) -> tuple[np.ndarray, list[str]]:
    """Weights per class (rows) of a fitted pipeline; binary models get two rows."""
    classifier = pipeline.named_steps["classifier"]
    classes = [str(c) for c in classifier.classes_]
    coef = classifier.coef_
    if coef.shape[0] == 1:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
    return coef - coef.mean(axis=0, keepdims=True), classes


def _pipeline(model, subject: str | None):
    if subject is not None:
        route = model.route([Record(id="", text="", subject=subject)])[0]
        if route != JOINT:
            return model.subject_models_[route], route
    return model.joint_, JOINT


def top_features(
    model, *, subject: str | None = None, klass: str | None = None, top: int = 15
) -> dict:
    """For each class: the ``top`` features with the largest weights for it and against it.

    With ``subject``, the subject's own model when it has one; in a joint model, the
    shared features plus those conjoined with that subject (other subjects' are left out).
    """
    pipeline, route = _pipeline(model, subject)
    names = pipeline.named_steps["features"].get_feature_names_out()
    weights, classes = _class_weights(pipeline)
    keep = np.ones(len(names), dtype=bool)
    if route == JOINT and subject is not None:
        key = subject_key(subject)
        conjoined = np.array(["|" in n.split("__", 1)[-1] for n in names])
        own = np.array([n.split("__", 1)[-1].startswith(f"{key}|") for n in names])
        subject_terms = np.array([n.startswith("subject__") for n in names])
        keep = (~conjoined | own) & (
            ~subject_terms | np.array([n == f"subject__{key}" for n in names])
        )
    chosen = classes if klass is None else [klass]
    unknown = set(chosen) - set(classes)
    if unknown:
        raise ValueError(f"class {sorted(unknown)[0]!r} is not one of {', '.join(classes)}")
    result = {"model": route, "classes": {}}
    indices = np.flatnonzero(keep)
    for label in chosen:
        row = weights[classes.index(label)][indices]
        order = np.argsort(row)
        result["classes"][label] = {
            "for": [(str(names[indices[i]]), float(row[i])) for i in order[::-1][:top]],
            "against": [(str(names[indices[i]]), float(row[i])) for i in order[:top]],
        }
    return result


def explain_records(model, records: Sequence, *, top: int = 5) -> list[list[tuple[str, float]]]:
    """For each record: the features that pushed it most toward its predicted label."""
    records = as_records(records)
    routes = np.array(model.route(records), dtype=object)
    probabilities = model.predict_proba(records)
    explained: list[list[tuple[str, float]]] = [[] for _ in records]
    for route in dict.fromkeys(routes):
        rows = np.flatnonzero(routes == route)
        pipeline = model.joint_ if route == JOINT else model.subject_models_[route]
        features = pipeline.named_steps["features"]
        matrix = features.transform([records[i] for i in rows]).tocsr()
        names = features.get_feature_names_out()
        weights, classes = _class_weights(pipeline)
        for position, i in enumerate(rows):
            label = str(model.classes_[int(np.argmax(probabilities[i]))])
            if label not in classes:
                continue
            start, end = matrix.indptr[position], matrix.indptr[position + 1]
            columns, values = matrix.indices[start:end], matrix.data[start:end]
            pushes = weights[classes.index(label)][columns] * values
            order = np.argsort(pushes)[::-1][:top]
            explained[i] = [
                (str(names[columns[j]]), round(float(pushes[j]), 4)) for j in order if pushes[j] > 0
            ]
    return explained
