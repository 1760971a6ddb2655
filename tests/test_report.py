"""The HTML report and the annotated article: self-contained, with their charts, and
rendered by a real browser when one is installed (Debian's chromium)."""

import re
import shutil
import subprocess

import pytest
from conftest import REPO, make_rows, write_jsonl
from typer.testing import CliRunner

from stance.cli import app

runner = CliRunner()
ARTICLE = REPO / "datasets" / "wirestance" / "articles" / "tech-02.txt"
BROWSER = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
BROWSER_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    data = write_jsonl(tmp / "data.jsonl", make_rows(12))
    experiments = tmp / "experiments"
    for args in (
        ["--name", "curve", "--learning-curve"],
        ["--name", "persub", "--per-subject", "--min-subject-examples", "2"],
        ["--name", "tone", "--task", "reaction"],
    ):
        result = invoke(
            "train", "--data", data, "--folds", "3", "-q", "--experiments", experiments, *args
        )
        assert result.exit_code == 0, result.output
    report = tmp / "report.html"
    result = invoke("report", "curve", "persub", "-o", report, "--experiments", experiments)
    assert result.exit_code == 0, result.output
    article = tmp / "article.html"
    result = invoke(
        "predict", ARTICLE, "--subject", "Quillon AI", "--run", "curve",
        "--format", "html", "-o", article, "--experiments", experiments,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return {"report": report, "article": article, "tmp": tmp}


def assert_self_contained(page: str):
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<script" not in page and "@import" not in page and "url(" not in page


def test_report_holds_every_part_and_is_self_contained(outputs):
    page = outputs["report"].read_text(encoding="utf-8")
    assert_self_contained(page)
    for part in (
        "Comparison",
        "config keys that differ",
        "bootstrap over",
        "McNemar exact",
        "confusion (pooled out-of-fold)",
        "F1 per class",
        "learning curve",
        "Top features per class",
        "Most confident errors",
    ):
        assert part in page, part
    assert page.count("<svg") >= 6 and 'class="chart heat-map"' in page


def test_article_page_marks_speakers_and_lists_them_first(outputs):
    page = outputs["article"].read_text(encoding="utf-8")
    assert_self_contained(page)
    assert page.index("Speakers") < page.index("Article</h2>")
    assert "Marcus Odenkirk" in page and 'class="s"' in page and 'class="swatch"' in page
    assert "Quillon AI" in page


def test_report_refuses_an_unknown_run(outputs):
    result = invoke(
        "report",
        "nope",
        "-o",
        outputs["tmp"] / "x.html",
        "--experiments",
        outputs["tmp"] / "experiments",
    )
    assert result.exit_code == 2 and "no run with that id" in result.stderr
    assert not (outputs["tmp"] / "x.html").exists()


@pytest.mark.skipif(BROWSER is None, reason="no headless browser (apt-get install chromium)")
@pytest.mark.parametrize("name", ["report", "article"])
def test_pages_render_in_a_real_browser_without_errors(outputs, name, tmp_path):
    url = outputs[name].as_uri()
    shot = outputs["tmp"] / f"{name}.png"
    common = [BROWSER, *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-500:]
    minimum = 6 if name == "report" else 0
    assert dom.stdout.count("<svg") >= minimum
    assert "<table" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == [] and "Failed to load resource" not in dom.stderr
    shot_run = subprocess.run(
        [*common, "--window-size=1280,2000", f"--screenshot={shot}", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot_run.returncode == 0 and shot.stat().st_size > 10_000
