"""Small inline data shared by the tests; nothing here needs the network or ../shared."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from stance.config import DEFAULTS

REPO = Path(__file__).resolve().parents[1]
#: The shipped model's config, kept before the session fixture below swaps it.
SHIPPED_MODEL = copy.deepcopy(DEFAULTS["model"])
SHARED = REPO.parent / "shared"

FAVOR = [
    "The levy is overdue and will finally make polluters pay",
    "We strongly back the tax because it protects our steelworkers",
    "This measure is a fair and sensible step for the climate",
    "Supporters praised the tax as a model for other countries",
    "The new duty will reward clean factories and honest firms",
    "Our members welcome the levy and urge parliament to pass it",
]
AGAINST = [
    "The levy is a reckless attack on exporters and must be scrapped",
    "We reject the tax because it will cost thousands of jobs",
    "This measure is a bureaucratic nightmare for small importers",
    "Critics condemned the tax as protectionism in green clothing",
    "The new duty will punish farmers and raise food prices",
    "Our members oppose the levy and urge parliament to kill it",
]
NEUTRAL = [
    "The committee will meet on Thursday to discuss the timetable",
    "Officials said the consultation closes at the end of March",
    "The ministry published the draft text on its website",
    "Delegates from eleven countries attended the briefing",
    "A vote is scheduled for the autumn session",
    "The report runs to ninety pages and includes four annexes",
]


def make_rows(n_docs: int = 10) -> list[dict]:
    """Labelled rows over two subjects and ``n_docs`` articles, every label in every article."""
    rows = []
    for doc in range(n_docs):
        subject = "carbon tax" if doc % 2 else "port expansion"
        for label, texts in (("favor", FAVOR), ("against", AGAINST), ("none", NEUTRAL)):
            for k in range(2):
                text = texts[(doc + 3 * k) % len(texts)]
                tone = {"favor": "positive", "against": "negative", "none": "neutral"}[label]
                rows.append(
                    {
                        "id": f"d{doc}-{label}-{k}",
                        "doc": f"d{doc}",
                        "text": f"{text} (report {doc})",
                        "speaker": "Ana Ruiz",
                        "subject": subject,
                        "stance": label,
                        "reaction": tone,
                    }
                )
        rows.append(
            {
                "id": f"d{doc}-narrator",
                "doc": f"d{doc}",
                "text": "The session ended at noon.",
                "speaker": "",
                "subject": subject,
                "stance": "none",
                "reaction": "neutral",
            }
        )
    return rows


@pytest.fixture
def rows() -> list[dict]:
    return make_rows()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def data_file(tmp_path, rows) -> Path:
    return write_jsonl(tmp_path / "data.jsonl", rows)


@pytest.fixture
def experiments(tmp_path) -> Path:
    return tmp_path / "experiments"


@pytest.fixture
def trained_run(data_file, experiments):
    """A finished run on the small inline data (3 folds)."""
    from stance.api import train
    from stance.config import default_config

    config = default_config()
    config["data"]["path"] = [str(data_file)]
    config["cv"]["folds"] = 3
    config["name"] = "small"
    return train(config, experiments=experiments, command=["test"])


#: The small model most tests train: the shipped default stacks a second stage over
#: five inner folds, which is right for users and needlessly slow for tests of the
#: harness. Tests of the shipped model itself are marked ``shipped_model``.
FAST_MODEL = {
    "views": [{"kind": "word"}, {"kind": "char"}, {"kind": "subject"}, {"kind": "subject_words"}],
    "C": 1.0,
    "stack": False,
    "speaker_model": False,
}


@pytest.fixture(autouse=True, scope="session")
def fast_default_model():
    """Session-wide, so module-scoped fixtures that train use it too."""
    with pytest.MonkeyPatch.context() as patch:
        for key, value in FAST_MODEL.items():
            patch.setitem(DEFAULTS["model"], key, value)
        yield


@pytest.fixture(autouse=True)
def shipped_model_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("shipped_model"):
        for key, value in SHIPPED_MODEL.items():
            monkeypatch.setitem(DEFAULTS["model"], key, value)
