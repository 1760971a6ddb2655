"""The shipped experiment configs load, and their data reads as documented."""

from pathlib import Path

import pytest
from conftest import REPO

from stance.api import data_paths, load_records, training_records
from stance.config import load_config

CONFIGS = sorted((REPO / "experiments").glob("*.toml"))


def test_configs_are_shipped():
    names = {path.stem for path in CONFIGS}
    assert {
        "wirestance-stance",
        "wirestance-reaction",
        "semeval-stance",
        "semeval-reaction",
        "newsmtsc-reaction",
    } <= names


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_config_loads_and_its_data_reads(path, monkeypatch):
    monkeypatch.chdir(REPO)  # configs name data relative to the repository root
    config = load_config(path)
    paths = data_paths(config)
    if any("shared" in Path(p).parts for p in paths) and not all(Path(p).exists() for p in paths):
        pytest.skip("the public benchmark data (../shared/data) is not here")
    records = training_records(load_records(config), config)
    labels = {r.label(config["task"]) for r in records}
    assert len(labels) == 3
    expected = {
        "semeval-stance": 2914,
        "semeval-stance-baseline": 2914,
        "semeval-reaction": 2914,
        "newsmtsc-reaction": 8739,
    }
    if path.stem in expected:
        assert len(records) == expected[path.stem]
