"""Archives of articles: partitions, parts and manifest, the speaker summary, --resume."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, make_rows, write_jsonl
from typer.testing import CliRunner

from stance.archive import run_archive
from stance.cli import app
from stance.io.archive import partitions
from stance.records import StanceError

ARTICLES = REPO / "datasets" / "wirestance" / "articles"
DOCS = ["business-01", "business-02", "business-03", "politics-01", "politics-02"]
SUBJECT = "Norvex Motors"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A tiny stance run and reaction run (trained once for the module)."""
    from stance.api import train
    from stance.config import default_config

    folder = tmp_path_factory.mktemp("runs")
    data = write_jsonl(folder / "data.jsonl", make_rows(6))
    trained = {}
    for task in ("stance", "reaction"):
        config = default_config()
        config["data"]["path"] = [str(data)]
        config["cv"]["folds"] = 2
        config["cv"]["baselines"] = False
        config["task"] = task
        trained[task] = train(config, experiments=folder / "experiments", command=["test"])
    return trained


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for doc in DOCS:
        shutil.copy(ARTICLES / f"{doc}.txt", folder / f"{doc}.txt")
    return folder


def records_file(path: Path, *, dates: bool = True) -> Path:
    """The same articles as JSONL records of doc, text and (optionally) date."""
    months = ["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-28", "2024-03-01"]
    lines = [
        json.dumps(
            {
                "doc": doc,
                "text": (ARTICLES / f"{doc}.txt").read_text(encoding="utf-8"),
                **({"date": day} if dates else {}),
            }
        )
        for doc, day in zip(DOCS, months, strict=True)
    ]
    text = "\n".join(lines) + "\n"
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def predict(inputs, runs, output, **options):
    return run_archive(
        [str(i) for i in inputs],
        kind="predict",
        subject=SUBJECT,
        stance_run=runs["stance"],
        reaction_run=runs["reaction"],
        output=output,
        **{"partition_size": 2, **options},
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def rows_of(folder: Path) -> list[dict]:
    manifest = json.loads((folder / "manifest.json").read_text())
    return [
        json.loads(line)
        for part in manifest["parts"]
        for line in (folder / part["part"]).read_text().splitlines()
    ]


def test_partitions_are_fixed_runs_of_articles_in_input_order(news, tmp_path):
    found = list(partitions([str(news)], size=2))
    assert [p.number for p in found] == [0, 1, 2]
    assert [Path(f).stem for p in found for f in p.files] == sorted(DOCS)
    plain = list(partitions([str(records_file(tmp_path / "a.jsonl"))], size=2))
    zipped = list(partitions([str(records_file(tmp_path / "a.jsonl.gz"))], size=2))
    assert [p.span[2] for p in plain] == [1, 3, 5]  # first line of each partition
    assert [[n for n, _ in p.records] for p in zipped] == [[1, 2], [3, 4], [5]]


def test_parts_manifest_and_summary_of_a_folder(news, runs, tmp_path):
    manifest = predict([news], runs, f"{tmp_path}/out/")
    out = tmp_path / "out"
    assert manifest["articles"] == 5 and len(manifest["parts"]) == 3
    assert [p["part"] for p in manifest["parts"]] == [f"part-0000{i}.jsonl" for i in range(3)]
    rows = rows_of(out)
    assert len(rows) == manifest["rows"] == sum(p["rows"] for p in manifest["parts"])
    assert [r["doc"] for r in rows] == sorted(r["doc"] for r in rows)  # input order
    for part in manifest["parts"]:
        import hashlib

        assert hashlib.sha256((out / part["part"]).read_bytes()).hexdigest() == part["sha256"]
    assert set(rows[0]) >= {"doc", "index", "start", "end", "speaker", "stance", "reaction"}
    assert {"p_favor", "p_positive", "run", "reaction_run"} <= set(rows[0])
    summary = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    attributed = [r for r in rows if r["speaker"] and r["classified"]]
    assert sum(s["statements"] for s in summary) == len(attributed)
    top = summary[0]
    mine = [r for r in attributed if r["speaker"] == top["speaker"]]
    assert top["statements"] == len(mine) == max(s["statements"] for s in summary)
    assert top["against"] == sum(r["stance"] == "against" for r in mine)
    assert top["p_favor"] == round(sum(r["p_favor"] for r in mine) / len(mine), 4)
    assert all(s["period"] is None for s in summary)


def test_local_processes_give_the_same_bytes(news, runs, tmp_path):
    predict([news], runs, f"{tmp_path}/one/", jobs=1)
    predict([news], runs, f"{tmp_path}/two/", jobs=2)
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_jsonl_and_gzip_archives_give_the_rows_of_the_folder_and_periods(news, runs, tmp_path):
    predict([news], runs, f"{tmp_path}/folder/")
    for name in ("a.jsonl", "a.jsonl.gz"):
        predict([records_file(tmp_path / name)], runs, f"{tmp_path}/{name}-out/")
        rows = rows_of(tmp_path / f"{name}-out")
        assert [{**r, "date": None} for r in rows] == rows_of(tmp_path / "folder")
        summary = (tmp_path / f"{name}-out" / "summary.jsonl").read_text().splitlines()
        periods = {json.loads(line)["period"] for line in summary}
        assert periods == {None, "2024-01", "2024-02", "2024-03"}


def test_one_merged_file_is_the_parts_in_order(news, runs, tmp_path):
    predict([news], runs, f"{tmp_path}/out/")
    predict([news], runs, tmp_path / "rows.jsonl", summary=tmp_path / "summary.jsonl")
    parts = b"".join(
        (tmp_path / "out" / p["part"]).read_bytes() for p in rows_of_manifest(tmp_path / "out")
    )
    assert (tmp_path / "rows.jsonl").read_bytes() == parts
    assert (tmp_path / "summary.jsonl").read_bytes() == (
        tmp_path / "out" / "summary.jsonl"
    ).read_bytes()
    assert not (tmp_path / ".rows.jsonl.parts").exists()


def rows_of_manifest(folder):
    return json.loads((folder / "manifest.json").read_text())["parts"]


def test_extraction_rows_and_speaker_counts(news, tmp_path):
    manifest = run_archive([str(news)], kind="extract", output=f"{tmp_path}/out/", partition_size=3)
    rows = rows_of(tmp_path / "out")
    assert manifest["rows"] == len(rows) and {"pattern", "part", "speaker"} <= set(rows[0])
    summary = [json.loads(s) for s in (tmp_path / "out" / "summary.jsonl").read_text().splitlines()]
    said = [r for r in rows if r["speaker"] and r["part"] == "body"]
    assert sum(s["statements"] for s in summary) == len(said)


def test_a_bad_record_is_one_line_and_no_manifest(runs, tmp_path):
    archive = tmp_path / "bad.jsonl"
    archive.write_text('{"doc": "a", "text": "Ana said it works."}\n{"doc": "b"}\n')
    with pytest.raises(StanceError, match=r"bad.jsonl:2: field 'text' is missing"):
        predict([archive], runs, f"{tmp_path}/out/", partition_size=1)
    assert not (tmp_path / "out" / "manifest.json").exists()
    archive.write_text('{"doc": "a", "text": "Ana said it works.", "date": "soon"}\n')
    with pytest.raises(StanceError, match=r"bad.jsonl:1: field 'date' is not a date"):
        predict([archive], runs, f"{tmp_path}/out2/")


def test_an_existing_folder_is_not_overwritten_without_resume(news, runs, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep me")
    with pytest.raises(StanceError, match="pass --resume"):
        predict([news], runs, f"{tmp_path}/out/")
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep me"


def test_resume_keeps_verified_parts_and_redoes_the_rest(news, runs, tmp_path):
    predict([news], runs, f"{tmp_path}/clean/")

    def interrupt_after_first(info):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        predict([news], runs, f"{tmp_path}/out/", on_part=interrupt_after_first)
    assert not (tmp_path / "out" / "manifest.json").exists()
    first = tmp_path / "out" / "part-00000.jsonl"
    kept = first.stat().st_mtime_ns
    redone = []
    predict([news], runs, f"{tmp_path}/out/", resume=True, on_part=redone.append)
    assert first.stat().st_mtime_ns == kept  # verified, not redone
    assert files_of(tmp_path / "out") == files_of(tmp_path / "clean")
    # A part that no longer matches its checksum is redone.
    first.write_bytes(b"{}\n")
    predict([news], runs, f"{tmp_path}/out/", resume=True)
    assert files_of(tmp_path / "out") == files_of(tmp_path / "clean")
    # Other settings: every part is redone, and the earlier run's extra parts go.
    predict([news], runs, f"{tmp_path}/out/", resume=True, partition_size=5)
    predict([news], runs, f"{tmp_path}/clean5/", partition_size=5)
    assert files_of(tmp_path / "out") == files_of(tmp_path / "clean5")


def test_a_merged_file_is_resumed_from_its_hidden_parts(news, runs, tmp_path):
    predict([news], runs, tmp_path / "clean.jsonl")

    def interrupt(info):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        predict([news], runs, tmp_path / "rows.jsonl", on_part=interrupt)
    assert not (tmp_path / "rows.jsonl").exists()
    assert (tmp_path / ".rows.jsonl.parts" / "part-00000.jsonl").exists()
    predict([news], runs, tmp_path / "rows.jsonl", resume=True)
    assert (tmp_path / "rows.jsonl").read_bytes() == (tmp_path / "clean.jsonl").read_bytes()
    assert not (tmp_path / ".rows.jsonl.parts").exists()


def test_cli_predicts_and_extracts_an_archive(news, runs, tmp_path):
    experiments = runs["stance"].path.parent.parent
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["predict", str(news), "--subject", SUBJECT, "--experiments", str(experiments),
         "-o", f"{out}/", "--partition-size", "2", "--jobs", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((out / "manifest.json").read_text())["articles"] == 5
    result = runner.invoke(
        app, ["extract", f"{news}/business-0*.txt", "-o", f"{tmp_path}/ex/", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "ex" / "manifest.json").read_text())["articles"] == 3
    result = runner.invoke(
        app, ["predict", str(news), "--subject", SUBJECT, "--experiments", str(experiments),
              "-o", f"{out}/"],
    )  # fmt: skip
    assert result.exit_code == 2 and "pass --resume" in result.output
    result = runner.invoke(app, ["extract", str(news / "business-01.txt"), "--resume"])
    assert result.exit_code == 2 and "--resume continues an output" in result.output
    lines = tmp_path / "lines.txt"
    lines.write_text("The levy is a disgrace.\n")
    result = runner.invoke(app, ["predict", str(lines), "--subject", SUBJECT, "--scheduler", "x"])
    assert result.exit_code == 2 and "--scheduler is for archives" in result.output


def test_dask_is_not_imported_without_a_scheduler(news, tmp_path):
    import subprocess

    code = (
        "import sys; from stance.archive import run_archive; import stance.cli; "
        f"run_archive([{str(news)!r}], kind='extract', output={f'{tmp_path}/out/'!r}, jobs=1); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "[]"


def test_a_scheduler_without_dask_installed_is_one_line(news, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = CliRunner().invoke(
        app, ["extract", str(news), "-o", f"{tmp_path}/out/", "--scheduler", "tcp://h:8786"]
    )
    assert result.exit_code == 2
    assert "--scheduler needs Dask: pip install 'stance[dask]'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_stance_scheduler_in_the_environment_leaves_single_files_alone(news, monkeypatch):
    monkeypatch.setenv("STANCE_SCHEDULER", "tcp://127.0.0.1:9")
    result = CliRunner().invoke(app, ["extract", str(news / "business-01.txt")])
    assert result.exit_code == 0, result.output
    assert "business-01" in result.stdout and "headline" in result.stdout  # the usual table
