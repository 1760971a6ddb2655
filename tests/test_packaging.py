"""A wheel installed anywhere runs the main job on its embedded corpus (issue: pip install).

Builds the wheel from this checkout, installs it into a fresh virtual environment outside
the repository, and runs the commands a new user would from an empty folder.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("stance-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def test_wheel_holds_the_package_and_its_data_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    modules = {
        f"stance/{p.relative_to(REPO / 'stance').as_posix()}"
        for p in (REPO / "stance").rglob("*.py")
    }
    assert modules <= set(names)
    assert "stance/data/wirestance/statements.jsonl" in names
    assert "stance/data/wirestance/README.md" in names
    assert any(n.startswith("stance/data/wirestance/articles/") for n in names)
    assert "stance/data/unseen-attribution/statements.jsonl" in names
    unexpected = [
        n
        for n in names
        if not n.startswith(("stance/", "stance-"))
        or "__pycache__" in n
        or "/runs/" in n
        or n.endswith((".pyc", ".tmp"))
        or n.startswith("stance/data/")
        and n.endswith(".py")
    ]
    assert unexpected == []


def test_installed_stance_trains_and_predicts_from_an_empty_folder(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["STANCE_DATA"] = str(tmp_path / "data")

    def stance(*args, stdin=None):
        result = subprocess.run(
            [str(installed / "stance"), *args],
            cwd=tmp_path,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    from stance import __version__

    assert stance("--version").strip() == f"stance {__version__}"
    listing = stance("datasets", "list", "--format", "json")
    names = {entry["name"]: entry for entry in json.loads(listing)}
    assert names["wirestance"]["records"] > 1000
    assert "site-packages" in names["wirestance"]["path"]
    assert Path(stance("datasets", "path", "wirestance").strip(), "statements.jsonl").is_file()
    stance("train", "--folds", "2")
    stance("train", "--folds", "2", "--task", "reaction")
    assert len(list((tmp_path / "experiments" / "runs").iterdir())) == 2
    statements = tmp_path / "statements.txt"
    statements.write_text("The tax is a disgrace.\nWe welcome the tax.\n", encoding="utf-8")
    rows = stance("predict", str(statements), "--subject", "carbon border tax", "--format", "jsonl")
    assert len(rows.splitlines()) == 2
    article = REPO.parent / "shared" / "seed" / "article.txt"
    text = (
        article.read_text(encoding="utf-8")
        if article.is_file()
        else (REPO / "datasets" / "wirestance" / "articles" / "tech-02.txt").read_text()
    )
    (tmp_path / "article.txt").write_text(text, encoding="utf-8")
    table = stance("predict", "article.txt", "--subject", "Donald Trump")
    assert "speaker" in table
