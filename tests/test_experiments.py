"""The shipped experiment configs load, and their data reads as documented."""

from pathlib import Path

import pytest
from conftest import REPO, SHARED

from stance.api import data_paths, load_records, training_records
from stance.config import load_config

CONFIGS = sorted((REPO / "experiments").glob("*.toml"))
POLNEAR = SHARED / "data" / "polnear"


@pytest.fixture(scope="module")
def fetched_data(tmp_path_factory) -> Path | None:
    """A STANCE_DATA folder with PolNeAR-stance fetched from ../shared (a fresh machine
    has fetched nothing; without ../shared there is nothing to fetch)."""
    if not POLNEAR.is_dir():
        return None
    import os

    from stance.fetch import fetch

    folder = tmp_path_factory.mktemp("stance-data")
    before = os.environ.get("STANCE_DATA")
    os.environ["STANCE_DATA"] = str(folder)
    try:
        list(fetch("polnear", source=POLNEAR))
    finally:
        if before is None:
            del os.environ["STANCE_DATA"]
        else:
            os.environ["STANCE_DATA"] = before
    return folder


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
def test_config_loads_and_its_data_reads(path, monkeypatch, fetched_data):
    monkeypatch.chdir(REPO)  # configs name data relative to the repository root
    config = load_config(path)
    if any(":" in str(p) or "polnear-stance" in str(p) for p in config["data"]["path"]):
        if fetched_data is None:
            pytest.skip("PolNeAR (../shared/data/polnear) is not here to fetch")
        monkeypatch.setenv("STANCE_DATA", str(fetched_data))
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
