"""Model files: size and load time of our plain-data format against joblib (pickle).

Fits the shipped model on the shipped corpus always, and the word+char TF-IDF + logistic
regression on the SemEval-2016 training set (one model per target) when ../shared/data
is present;
saves each with stance.persist and with joblib, and times loading (best of 5).

Usage: python benchmarks/bench_model_files.py   (writes benchmarks/results/model_files.json)
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import joblib
import numpy as np

from stance.api import load_records, training_records
from stance.config import default_config, model_params
from stance.model import StanceClassifier
from stance.persist import load_model, save_model

ROOT = Path(__file__).resolve().parents[1]
SEMEVAL = ROOT.parent / "shared" / "data" / "semeval2016"
RESULTS = ROOT / "benchmarks" / "results" / "model_files.json"


def best_of(repeats, action):
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = action()
        best = min(best, time.perf_counter() - started)
    return best, value


def measure(name: str, config: dict) -> dict:
    records = training_records(load_records(config), config)
    labels = [r.label(config["task"]) for r in records]
    model = StanceClassifier(**model_params(config)).fit(records, labels)
    pipelines = [model.joint_, *model.subject_models_.values()]
    pipelines += [model.speaker_] if getattr(model, "speaker_", None) is not None else []
    features = sum(
        len(view.vectorizer_.vocabulary_)
        for pipeline in pipelines
        for _, view in pipeline.named_steps["features"].transformer_list
    )
    with tempfile.TemporaryDirectory() as folder:
        plain, pickled = Path(folder) / "plain", Path(folder) / "model.joblib"
        save_model(model, plain)
        joblib.dump(model, pickled)
        plain_seconds, loaded = best_of(5, lambda: load_model(plain))
        joblib_seconds, _ = best_of(5, lambda: joblib.load(pickled))
        identical = bool(
            np.array_equal(model.predict_proba(records), loaded.predict_proba(records))
        )
        return {
            "data": name,
            "records": len(records),
            "features": features,
            "plain_bytes": sum(p.stat().st_size for p in plain.iterdir()),
            "plain_load_seconds": round(plain_seconds, 4),
            "joblib_bytes": pickled.stat().st_size,
            "joblib_load_seconds": round(joblib_seconds, 4),
            "identical_predictions": identical,
        }


def main() -> None:
    results = [measure("wirestance", default_config())]
    if SEMEVAL.is_dir():
        config = default_config()
        config["data"]["path"] = [
            str(SEMEVAL / "trainingdata-all-annotations.txt"),
            str(SEMEVAL / "trialdata-all-annotations.txt"),
        ]
        config["model"].update(
            views=[{"kind": "word"}, {"kind": "char"}], C=1.0, stack=False, speaker_model=False,
            per_subject=True,
        )  # fmt: skip
        results.append(measure("semeval2016 (per target)", config))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
