"""`stance datasets fetch`: public data joined with shipped stand-off labels, checked,
never half-written; the download path served from loopback, nothing from the internet."""

import functools
import hashlib
import http.server
import io
import json
import threading
import zipfile

import pytest
from conftest import SHARED
from typer.testing import CliRunner

from stance.cli import app
from stance.fetch import fetch_into
from stance.records import StanceError

runner = CliRunner()
ARTICLES = {
    "paper_2016-01-01_a.txt": "Rally report\n\nSmith said the candidate was a disgrace. Polls close at eight.\n",
    "paper_2016-01-02_b.txt": "Debate night\n\nJones praised the candidate's plan, aides said.\n",
}


def labels_folder(tmp_path, articles=ARTICLES):
    folder = tmp_path / "labels"
    folder.mkdir()
    rows = []
    for split, (doc, text) in zip(("train", "dev"), articles.items(), strict=True):
        body = text.index("\n\n") + 2
        first = text[body:].split(". ")[0]
        rows.append(
            {
                "doc": doc, "split": split, "attribution": "E1",
                "source_start": body, "source_end": body + 5,
                "cue_start": body + 6, "cue_end": body + 10 if split == "train" else body + 13,
                "content_start": body + 11, "content_end": body + len(first),
                "speaker": first.split()[0], "subject": "Candidate",
                "stance": "against" if split == "train" else "favor", "reaction": "negative",
                "article_sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
        )  # fmt: skip
    (folder / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def zipped(articles) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in articles.items():
            archive.writestr(f"PolNeAR-abc/data/train/text/{name}", text)
        archive.writestr("PolNeAR-abc/README.md", "not an article")
    return buffer.getvalue()


@pytest.fixture
def server(tmp_path):
    """A loopback HTTP server over a folder; yields (folder, base URL)."""
    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **kw: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def test_download_checks_articles_and_writes_records_per_split(tmp_path, server):
    root, base = server
    (root / "polnear.zip").write_bytes(zipped(ARTICLES))
    target = tmp_path / "data" / "polnear-stance"
    lines = list(
        fetch_into(labels_folder(tmp_path), target, source=None, url=f"{base}/polnear.zip")
    )
    assert any("checked 2 articles" in line for line in lines)
    train = [json.loads(line) for line in (target / "train.jsonl").read_text().splitlines()]
    dev = [json.loads(line) for line in (target / "dev.jsonl").read_text().splitlines()]
    assert [r["text"] for r in train] == ["Smith said the candidate was a disgrace"]
    assert dev[0]["speaker"] == "Jones" and dev[0]["stance"] == "favor"
    assert sorted(p.name for p in (target / "articles").iterdir()) == sorted(ARTICLES)
    assert [p.name for p in target.parent.iterdir()] == ["polnear-stance"]  # no temp folder


def test_a_changed_article_is_refused_and_nothing_is_written(tmp_path, server):
    root, base = server
    changed = dict(ARTICLES)
    changed["paper_2016-01-02_b.txt"] = changed["paper_2016-01-02_b.txt"].replace("plan", "plot")
    (root / "polnear.zip").write_bytes(zipped(changed))
    target = tmp_path / "data" / "polnear-stance"
    target.mkdir(parents=True)
    (target / "train.jsonl").write_text("earlier fetch\n")
    with pytest.raises(StanceError, match="1 of the 2 articles .* missing or changed"):
        list(fetch_into(labels_folder(tmp_path), target, source=None, url=f"{base}/polnear.zip"))
    assert (target / "train.jsonl").read_text() == "earlier fetch\n"  # earlier data kept
    assert [p.name for p in target.parent.iterdir()] == ["polnear-stance"]


def test_an_unreachable_address_is_one_clear_error(tmp_path, server):
    _, base = server
    with pytest.raises(StanceError, match="cannot download .*try --from"):
        list(
            fetch_into(labels_folder(tmp_path), tmp_path / "t", source=None, url=f"{base}/none.zip")
        )


def test_a_local_folder_copy_works_like_a_download(tmp_path):
    copy = tmp_path / "copy" / "train" / "articles"
    copy.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (copy / name).write_text(text)
    target = tmp_path / "out"
    list(fetch_into(labels_folder(tmp_path), target, source=tmp_path / "copy", url="unused"))
    assert (target / "dev.jsonl").is_file()


def test_using_polnear_stance_before_fetching_says_how_to_fetch(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_DATA", str(tmp_path / "empty"))
    result = runner.invoke(app, ["train", "--data", "polnear-stance", "--experiments", tmp_path])
    assert result.exit_code == 2
    assert "not fetched yet" in result.stderr and "stance datasets fetch polnear" in result.stderr


POLNEAR = SHARED / "data" / "polnear"


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="../shared/data/polnear is not here")
def test_fetch_from_the_shared_copy_then_train_and_evaluate_by_name(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_DATA", str(tmp_path / "data"))
    listed = runner.invoke(app, ["datasets", "list", "--format", "json"])
    entry = {e["name"]: e for e in json.loads(listed.stdout)}["polnear-stance"]
    assert entry["available"] is False and "fetch" in entry["note"]
    result = runner.invoke(app, ["datasets", "fetch", "polnear", "--from", str(POLNEAR)])
    assert result.exit_code == 0, result.stderr
    labels = entry["records"]
    written = sum(
        len((tmp_path / "data" / "polnear-stance" / f"{s}.jsonl").read_text().splitlines())
        for s in ("train", "dev")
    )
    assert written == labels
    experiments = tmp_path / "experiments"
    trained = runner.invoke(
        app,
        ["train", "--data", "polnear-stance", "--folds", "2", "--no-baselines", "-q",
         "--experiments", str(experiments)],
    )  # fmt: skip
    assert trained.exit_code == 0, trained.stderr
    evaluated = runner.invoke(
        app,
        ["evaluate", "--run", "latest", "--data", "polnear-stance:dev", "--experiments",
         str(experiments)],
    )  # fmt: skip
    assert evaluated.exit_code == 0, evaluated.stderr
    assert "speaker" in evaluated.stdout
