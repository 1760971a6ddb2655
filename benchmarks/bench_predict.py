"""Benchmark: training time, model load time and prediction throughput on the shipped corpus.

Usage: python benchmarks/bench_predict.py   (writes benchmarks/results/predict.json)
"""

from __future__ import annotations

import json
import platform
import tempfile
import time
from pathlib import Path

from stance.api import load_records, training_records
from stance.config import default_config, model_params
from stance.model import StanceClassifier
from stance.persist import load_model, save_model
from stance.records import Record

RESULTS = Path(__file__).resolve().parent / "results" / "predict.json"


def best_of(repeats: int, action) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    config = default_config()
    records = training_records(load_records(config), config)
    labels = [r.stance for r in records]
    model = StanceClassifier(**model_params(config))
    fit_seconds = best_of(1, lambda: model.fit(records, labels))
    # 100,000 statements: the corpus sentences repeated, as a large prediction job.
    statements = [
        Record(id=str(i), text=records[i % len(records)].text, subject="carbon border tax")
        for i in range(100_000)
    ]
    predict_seconds = best_of(1, lambda: model.predict_proba(statements))
    with tempfile.TemporaryDirectory() as folder:
        save_model(model, Path(folder) / "model")
        load_seconds = best_of(5, lambda: load_model(Path(folder) / "model"))
        size = sum(p.stat().st_size for p in (Path(folder) / "model").iterdir())
    result = {
        "corpus": "wirestance",
        "training_records": len(records),
        "fit_seconds": round(fit_seconds, 3),
        "model_bytes": size,
        "model_load_seconds": round(load_seconds, 4),
        "predict_statements": len(statements),
        "predict_statements_per_second": round(len(statements) / predict_seconds),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
