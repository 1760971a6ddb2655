"""The data sets `stance` knows by name: shipped with the package, or fetched into a user folder.

A config's ``data.path`` and ``--data`` take a file or a data set name: ``wirestance``,
``unseen-attribution``, ``unseen-stance``, ``polnear-stance`` (all its labelled records)
or ``polnear-stance:train`` / ``polnear-stance:dev`` (one split). Shipped data lives in
the repository's top-level ``datasets/`` folder, which the wheel installs as
``stance/data``; it is found from the package itself, never from the current folder.
Fetched data (the PolNeAR articles, whose terms forbid redistribution) goes into
``$STANCE_DATA`` (default: the user cache folder, ``~/.cache/stance``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from stance.records import StanceError

#: Name -> (folder under the data root, what it is).
SHIPPED = {
    "wirestance": "WireStance: wire-style news articles labelled for speaker, stance and reaction",
    "unseen-attribution": "articles written blind to the attribution rules (speaker gold only)",
    "unseen-stance": "articles written blind to the model, scored once (stance and reaction)",
    "polnear-stance": "stand-off stance labels for PolNeAR articles (fetch the articles first)",
}
#: Data sets whose records need a fetch step before they can be read.
FETCHED = {"polnear-stance": "polnear"}


def data_root() -> Path:
    """The folder holding the shipped data sets, installed or in a checkout."""
    installed = Path(str(resources.files("stance"))) / "data"
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parent.parent / "datasets"
    if checkout.is_dir():
        return checkout
    raise StanceError(
        f"the shipped data sets are missing (looked in {installed} and {checkout}); "
        "reinstall stance"
    )


def user_data_folder() -> Path:
    """Where fetched data goes: ``$STANCE_DATA``, else the user cache folder."""
    if os.environ.get("STANCE_DATA"):
        return Path(os.environ["STANCE_DATA"]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "stance"


def split_name(reference: str) -> tuple[str, str | None]:
    """``"polnear-stance:dev"`` -> ``("polnear-stance", "dev")``."""
    name, _, split = reference.partition(":")
    return name, split or None


def is_dataset_name(reference: str) -> bool:
    return split_name(str(reference))[0] in SHIPPED


def dataset_path(name: str) -> Path:
    """The folder of a shipped data set."""
    if name not in SHIPPED:
        known = ", ".join(SHIPPED)
        raise StanceError(f"no data set named {name!r}; known: {known}")
    folder = data_root() / name
    if not folder.is_dir():
        raise StanceError(f"data set {name!r} is not in this installation ({folder})")
    return folder


def records_file(reference: str) -> Path:
    """The labelled records file a data set name stands for (fetched data sets: built)."""
    name, split = split_name(reference)
    folder = dataset_path(name)
    if name in FETCHED:
        from stance.fetch import joined_records

        return joined_records(name, split=split)
    if split:
        raise StanceError(f"data set {name!r} has no splits (got {reference!r})")
    return folder / "statements.jsonl"


def resolve_data_path(entry: str, *, relative_to: Path | None = None) -> Path:
    """A ``data.path`` entry as a file: a data set name, or a path (relative to the config)."""
    path = Path(entry).expanduser()
    if is_dataset_name(entry) and not path.exists():
        return records_file(entry)
    if relative_to is not None and not path.is_absolute() and str(entry) != "-":
        return relative_to / path
    return path


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    description: str
    path: Path
    records: int | None
    articles: int | None
    labels: dict
    available: bool
    note: str = ""


def describe(name: str) -> DatasetInfo:
    """Counts of one data set (records, articles, label mix), read from its files."""
    folder = dataset_path(name)
    if name in FETCHED:
        from stance.fetch import fetched_status

        return fetched_status(name, folder, SHIPPED[name])
    records = articles = None
    labels: dict = {}
    statements = folder / "statements.jsonl"
    if statements.is_file():
        rows = [json.loads(line) for line in statements.read_text(encoding="utf-8").splitlines()]
        records = len(rows)
        articles = len({row.get("doc") for row in rows})
        for task in ("stance", "reaction"):
            counts = Counter(row[task] for row in rows if row.get(task) and row.get("speaker"))
            if counts:
                labels[task] = dict(sorted(counts.items()))
    return DatasetInfo(name, SHIPPED[name], folder, records, articles, labels, True)


def list_datasets() -> list[DatasetInfo]:
    """Every data set this installation holds."""
    return [describe(name) for name in SHIPPED if (data_root() / name).is_dir()]
