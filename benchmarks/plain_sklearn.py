"""The reference of the benchmarks: the plain scikit-learn script a researcher would write
instead of using `stance` (word and char_wb TF-IDF, logistic regression, joblib).

    python benchmarks/plain_sklearn.py train RECORDS.jsonl MODEL.joblib   # 5-fold CV + final fit
    python benchmarks/plain_sklearn.py predict MODEL.joblib LINES.txt OUT.jsonl

RECORDS.jsonl has one {"text": ..., "label": ...} a line. The model is the one `stance`
fits with word and char views (same n-grams, sublinear tf, C, class weights and solver,
newton-cg rather than scikit-learn's default lbfgs), so the ratios measure the tool, not
a choice of solver. Prediction reads one statement a line and writes one JSON row a
line (label, probability per class), in batches of 4,096 in one process: what
`predict_proba` gives without any tool around it.
"""

from __future__ import annotations

import json
import sys

BATCH = 4096


def pipeline(C: float = 1.0):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\w+|[!?]", sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=C, class_weight="balanced", solver="newton-cg", max_iter=2000),
    )


def train(records_path: str, model_path: str) -> None:
    import joblib
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    with open(records_path, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    predicted = cross_val_predict(pipeline(), texts, labels, cv=folds)
    print(f"macro F1 {f1_score(labels, predicted, average='macro'):.3f}", file=sys.stderr)
    joblib.dump(pipeline().fit(texts, labels), model_path)


def predict(model_path: str, lines_path: str, output_path: str) -> None:
    import joblib

    model = joblib.load(model_path)
    classes = [str(c) for c in model.classes_]
    with (
        open(lines_path, encoding="utf-8") as lines,
        open(output_path, "w", encoding="utf-8") as out,
    ):
        batch: list[str] = []
        for line in (*lines, None):
            if line is not None and line.strip():
                batch.append(line.strip())
            if batch and (line is None or len(batch) == BATCH):
                for text, proba in zip(batch, model.predict_proba(batch), strict=True):
                    best = int(proba.argmax())
                    row = {"text": text, "label": classes[best], "probability": float(proba[best])}
                    row.update({f"p_{c}": float(p) for c, p in zip(classes, proba, strict=True)})
                    out.write(json.dumps(row) + "\n")
                batch = []


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"train": train, "predict": predict}[command](*arguments)
