"""Bad input gives one clear line, a non-zero exit code, no traceback, and nothing half-written.

Each case is a row of the errors table (``/work/scratch/errors_table.md``, pasted into
the README): the input, what the user sees, the exit code. Every row runs the real
command, in process through typer's CliRunner (fast) or as ``python -m stance`` (a
few rows, and ``--debug``), and then checks that no run folder, hidden temporary
folder, lock or output file was left behind.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_rows, write_jsonl
from typer.testing import CliRunner

import stance.persist
import stance.runs
from stance.cli import app

runner = CliRunner()
PROGRESS = re.compile(r"fold \d+/\d+: ")


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def run_stance(*args, input=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "stance", *map(str, args)],
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def error_line(stderr: str) -> str:
    """The one error line of stderr (progress lines of finished folds may precede it)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr, stderr
    others = [line for line in lines if not PROGRESS.match(line)]
    assert len(others) == 1, stderr
    return others[0]


def assert_user_error(result, pattern: str, *, code: int = 2, **paths) -> None:
    """``result`` (CliRunner or subprocess) failed with one line matching ``pattern``."""
    if isinstance(result, subprocess.CompletedProcess):
        exit_code, stderr, stdout = result.returncode, result.stderr, result.stdout
    else:
        # An unexpected exception is kept by CliRunner in result.exception, not printed.
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        exit_code, stderr, stdout = result.exit_code, result.stderr, result.stdout
    assert exit_code == code, stderr
    expected = pattern.format(**{name: re.escape(str(path)) for name, path in paths.items()})
    line = error_line(stderr)
    assert re.fullmatch(expected, line), f"{line!r} does not match {expected!r}"
    assert "Traceback" not in stdout


def assert_debug_shows_traceback(*args) -> None:
    """``stance --debug`` with the same arguments prints the traceback, then the same line."""
    result = invoke("--debug", *args)
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("stance: error: ")


def leftovers(folder: Path) -> list[str]:
    """Everything under ``folder`` (hidden files included), relative, sorted."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def assert_no_run_written(experiments: Path) -> None:
    runs = experiments / "runs"
    assert leftovers(runs) == [], "a run, temporary folder or lock was left behind"


# ------------------------------------------------------------------------- data


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding="utf-8") -> Path:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def good_csv_rows() -> list[list[str]]:
    return [[r["text"], r["stance"], r["subject"], r["doc"]] for r in make_rows()]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An experiments folder with two finished stance runs (alpha, then beta)."""
    from stance.api import train
    from stance.config import default_config

    root = tmp_path_factory.mktemp("served")
    data = write_jsonl(root / "data.jsonl", make_rows())
    experiments = root / "experiments"
    ids = []
    for name in ("alpha", "beta"):
        config = default_config()
        config["data"]["path"] = [str(data)]
        config["cv"]["folds"] = 2
        config["name"] = name
        ids.append(train(config, experiments=experiments, command=["test"]).id)
    return experiments, ids


@pytest.fixture
def experiments(tmp_path) -> Path:
    return tmp_path / "experiments"


# ------------------------------------------------------------------ train rows


@dataclass
class Case:
    """One row: files to create, the command's arguments, the message it must print."""

    args: list[str]
    message: str
    files: dict[str, bytes]
    code: int = 2


GOOD_JSONL = "".join(json.dumps(r) + "\n" for r in make_rows()).encode()
HEADER = "text,stance,subject,doc\n"
GOOD_CSV = (HEADER + "".join(",".join(row) + "\n" for row in good_csv_rows())).encode()
ONE_CLASS = "".join(json.dumps(r) + "\n" for r in make_rows() if r["stance"] == "favor")
RARE_AGAINST = [r for r in make_rows() if r["stance"] != "against"] + [
    r for r in make_rows() if r["stance"] == "against"
][:3]
SCARCE_SUBJECT = make_rows() + [
    {**r, "subject": "wind farm", "doc": f"w{i}", "id": f"w{i}"}
    for i, r in enumerate(make_rows()[:3])
]
TEN_MB = b"x" * 10_000_000

TRAIN_CASES = {
    "missing file": Case(
        ["--data", "{tmp}/absent.jsonl"], r"stance: error: {tmp}/absent\.jsonl: no such file", {}
    ),
    "directory given as file": Case(
        ["--data", "{tmp}/folder"],
        r"stance: error: {tmp}/folder: is a directory, expected a file",
        {"folder/": b""},
    ),
    "empty file": Case(
        ["--data", "{tmp}/empty.jsonl"],
        r"stance: error: {tmp}/empty\.jsonl: file is empty",
        {"empty.jsonl": b""},
    ),
    "binary file": Case(
        ["--data", "{tmp}/model.bin"],
        r"stance: error: {tmp}/model\.bin: looks like a binary file \(NUL bytes on line 1\), "
        r"not text",
        {"model.bin": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8},
    ),
    "not UTF-8": Case(
        ["--data", "{tmp}/latin.csv"],
        r"stance: error: {tmp}/latin\.csv:3: byte offset 45 is not valid UTF-8 "
        r"\(pass --encoding, e\.g\. --encoding cp1252\)",
        {"latin.csv": (HEADER + "fine,favor,tax,d1\ncaf\u00e9,favor,tax,d1\n").encode("cp1252")},
    ),
    "not UTF-8, wrong --encoding name": Case(
        ["--data", "{tmp}/latin.csv", "--encoding", "klingon"],
        r"stance: error: {tmp}/latin\.csv: unknown encoding 'klingon'",
        {"latin.csv": (HEADER + "caf\u00e9,favor,tax,d1\n").encode("cp1252")},
    ),
    "UTF-16 file with --encoding utf-16": Case(
        ["--data", "{tmp}/wide.csv", "--encoding", "utf-16"],
        r"stance: error: {tmp}/wide\.csv: encoding 'utf-16' is not supported \(lines are not "
        r"ASCII-separated\); convert the file to UTF-8",
        {"wide.csv": GOOD_CSV.decode().encode("utf-16")},
    ),
    "file ends inside a character": Case(
        ["--data", "{tmp}/cut.csv"],
        r"stance: error: {tmp}/cut\.csv:2: file ends inside a character \(truncated UTF-8\) "
        r"\(pass --encoding, e\.g\. --encoding cp1252\)",
        {"cut.csv": HEADER.encode() + "a,favor,tax,caf\u00e9".encode()[:-1]},
    ),
    "CSV missing label column": Case(
        ["--data", "{tmp}/nolabel.csv"],
        r"stance: error: {tmp}/nolabel\.csv:1: no column 'stance' \(the stance label\); "
        r"columns are text, subject \(choose with --label-col\)",
        {"nolabel.csv": b"text,subject\nhello,tax\n"},
    ),
    "CSV missing text column (--text-col)": Case(
        ["--data", "{tmp}/data.csv", "--text-col", "sentence"],
        r"stance: error: {tmp}/data\.csv:1: no column 'sentence' \(the text\); "
        r"columns are text, stance, subject, doc \(choose with --text-col\)",
        {"data.csv": GOOD_CSV},
    ),
    "CSV ragged row": Case(
        ["--data", "{tmp}/ragged.csv"],
        r"stance: error: {tmp}/ragged\.csv:3: row has 5 fields, the header has 4",
        {"ragged.csv": (HEADER + "a,favor,tax,d1\nb,against,tax,d1,extra\n").encode()},
    ),
    "CSV unterminated quote": Case(
        ["--data", "{tmp}/quote.csv"],
        r"stance: error: {tmp}/quote\.csv:\d+: malformed CSV \(unexpected end of data\)",
        {"quote.csv": (HEADER + 'a,favor,tax,d1\n"b,against,tax,d1\n').encode()},
    ),
    "CSV empty text": Case(
        ["--data", "{tmp}/blank.csv"],
        r"stance: error: {tmp}/blank\.csv:3: field 'text' is empty",
        {"blank.csv": (HEADER + "a,favor,tax,d1\n  ,against,tax,d1\n").encode()},
    ),
    "CSV unknown label": Case(
        ["--data", "{tmp}/label.csv"],
        r"stance: error: {tmp}/label\.csv:3: field 'stance' has unknown stance label 'maybe'; "
        r"expected one of favor, against, none",
        {"label.csv": (HEADER + "a,favor,tax,d1\nb,maybe,tax,d1\n").encode()},
    ),
    "JSON lines syntax error": Case(
        ["--data", "{tmp}/broken.jsonl"],
        r"stance: error: {tmp}/broken\.jsonl:3: invalid JSON \(Expecting ',' delimiter at "
        r"column 14\)",
        {"broken.jsonl": b'{"text": "a"}\n\n{"text": "b" "stance": "favor"}\n'},
    ),
    "JSON lines: not an object": Case(
        ["--data", "{tmp}/list.jsonl"],
        r"stance: error: {tmp}/list\.jsonl:1: expected a JSON object, got list",
        {"list.jsonl": b'["text", "favor"]\n'},
    ),
    "single class": Case(
        ["--data", "{tmp}/one.jsonl"],
        r"stance: error: {tmp}/one\.jsonl: only one class \(favor\); need at least two",
        {"one.jsonl": ONE_CLASS.encode()},
    ),
    "fewer examples of a class than folds": Case(
        ["--data", "{tmp}/rare.jsonl", "--folds", "5"],
        r"stance: error: {tmp}/rare\.jsonl: fewer examples than folds \(5\): against has 3",
        {"rare.jsonl": "".join(json.dumps(r) + "\n" for r in RARE_AGAINST).encode()},
    ),
    "--folds 1": Case(
        ["--data", "{tmp}/data.jsonl", "--folds", "1"],
        r"stance: error: (--folds|command line: config key 'cv\.folds') must be at least 2, got 1",
        {"data.jsonl": GOOD_JSONL},
    ),
    "config key that does not exist": Case(
        ["--config", "{tmp}/typo.toml"],
        r"stance: error: {tmp}/typo\.toml: unknown config key 'model\.Cee' "
        r"\(known: model\.views, .*\)",
        {"typo.toml": b"[model]\nCee = 1.0\n"},
    ),
    "config key of the wrong type": Case(
        ["--config", "{tmp}/type.toml"],
        r"stance: error: {tmp}/type\.toml: config key 'cv\.folds' must be int, got str 'five'",
        {"type.toml": b'[cv]\nfolds = "five"\n'},
    ),
    "config file that is not TOML": Case(
        ["--config", "{tmp}/bad.toml"],
        r"stance: error: {tmp}/bad\.toml: not a valid config file \(.*line 1.*\)",
        {"bad.toml": b"task = \n"},
    ),
    "a line of 10 MB": Case(
        ["--data", "{tmp}/long.jsonl"],
        r"stance: error: {tmp}/long\.jsonl:2: line is over 1,000,000 bytes long; such lines "
        r"are refused",
        {"long.jsonl": GOOD_JSONL.split(b"\n")[0] + b"\n" + TEN_MB + b"\n"},
    ),
}


def create_files(tmp_path: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        if name.endswith("/"):
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_bytes(content)


@pytest.mark.parametrize("case", TRAIN_CASES.values(), ids=TRAIN_CASES.keys())
def test_train_refuses_bad_input_with_one_line(case, tmp_path, experiments):
    create_files(tmp_path, case.files)
    args = [a.format(tmp=tmp_path) for a in case.args]
    result = invoke("train", *args, "--experiments", experiments)
    assert_user_error(result, case.message, code=case.code, tmp=tmp_path)
    assert_no_run_written(experiments)
    assert_debug_shows_traceback("train", *args, "--experiments", experiments)


def test_small_subjects_fall_back_to_the_joint_model_with_a_note(tmp_path, experiments):
    (tmp_path / "scarce.jsonl").write_bytes(
        "".join(json.dumps(r) + "\n" for r in SCARCE_SUBJECT).encode()
    )
    args = ["--data", tmp_path / "scarce.jsonl", "--folds", "3", "--per-subject"]
    result = invoke("train", *args, "--experiments", experiments)
    assert result.exit_code == 0, result.stderr
    assert "predicted by the joint model: wind farm (3)" in result.stdout
    (run,) = (experiments / "runs").iterdir()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["subjects_on_joint"] == {"wind farm": 3}
    predictions = (run / "predictions.csv").read_text().splitlines()
    assert any("wind farm" in row and row.endswith(tuple("0123456789")) for row in predictions)
    rows = [r for r in predictions if ",wind farm," in r]
    assert rows and all(",joint," in r for r in rows)
    result = invoke("train", *args, "--min-subject-examples", "2", "--experiments", experiments)
    assert result.exit_code == 0 and "predicted by the joint model" not in result.stdout


# ---------------------------------------------------------------- predict rows

PREDICT_CASES = {
    "missing file": Case(
        ["{tmp}/absent.txt"], r"stance: error: {tmp}/absent\.txt: no such file", {}
    ),
    "folder without articles": Case(  # a folder is an archive of .txt articles
        ["{tmp}/folder"],
        r"stance: error: {tmp}/folder: folder has no \.txt articles",
        {"folder/": b""},
    ),
    "empty file": Case(
        ["{tmp}/empty.txt"], r"stance: error: {tmp}/empty\.txt: file is empty", {"empty.txt": b""}
    ),
    "whitespace-only file (no sentences)": Case(
        ["{tmp}/blank.txt"],
        r"stance: error: {tmp}/blank\.txt: no statements \(every line is blank\)",
        {"blank.txt": b"  \n\t\n\r\n\n"},
    ),
    "binary file": Case(
        ["{tmp}/photo.jpg"],
        r"stance: error: {tmp}/photo\.jpg: looks like a binary file \(NUL bytes on line 1\), "
        r"not text",
        {"photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256))},
    ),
    "not UTF-8": Case(
        ["{tmp}/latin.txt"],
        r"stance: error: {tmp}/latin\.txt:2: byte offset 11 is not valid UTF-8 "
        r"\(pass --encoding, e\.g\. --encoding cp1252\)",
        {"latin.txt": "All fine\nna\u00efve plan\n".encode("cp1252")},
    ),
    "a line of 10 MB": Case(
        ["{tmp}/long.txt"],
        r"stance: error: {tmp}/long\.txt:2: line is over 1,000,000 bytes long; such lines "
        r"are refused",
        {"long.txt": b"A short statement\n" + TEN_MB + b"\n"},
    ),
    "--run naming no run": Case(
        ["{tmp}/s.txt", "--run", "nope"],
        r"stance: error: --run 'nope': no run with that id, name or prefix in "
        r"{experiments}/runs \(see stance runs list\)",
        {"s.txt": b"We back the tax\n"},
    ),
    "--run with an ambiguous prefix": Case(
        ["{tmp}/s.txt", "--run", "{prefix}"],
        r"stance: error: --run '[\d-]+' is ambiguous: 2 runs match: \S+-alpha-\w+; "
        r"\S+-beta-\w+",
        {"s.txt": b"We back the tax\n"},
    ),
    "unknown --format": Case(
        ["{tmp}/s.txt", "--format", "xml"],
        r"stance: error: --format must be one of table, jsonl, csv, html, got 'xml'",
        {"s.txt": b"We back the tax\n"},
    ),
    "-o into a missing folder": Case(
        ["{tmp}/s.txt", "-o", "{tmp}/nowhere/out.csv"],
        r"stance: error: {tmp}/nowhere/out\.csv: folder {tmp}/nowhere does not exist",
        {"s.txt": b"We back the tax\n"},
    ),
    "-o naming a directory": Case(
        ["{tmp}/s.txt", "-o", "{tmp}/folder"],
        r"stance: error: {tmp}/folder: is a directory, expected an output file",
        {"s.txt": b"We back the tax\n", "folder/": b""},
    ),
    "--jobs 0": Case(
        ["{tmp}/s.txt", "--jobs", "0", "-o", "{tmp}/out.csv"],
        r"stance: error: --jobs must be at least 1, got 0",
        {"s.txt": b"We back the tax\n"},
    ),
    "negative --jobs": Case(
        ["{tmp}/s.txt", "--jobs", "-2"],
        r"stance: error: --jobs must be at least 1, got -2",
        {"s.txt": b"We back the tax\n"},
    ),
}


@pytest.mark.parametrize("case", PREDICT_CASES.values(), ids=PREDICT_CASES.keys())
def test_predict_refuses_bad_input_with_one_line(case, tmp_path, served):
    experiments, ids = served
    create_files(tmp_path, case.files)
    prefix = os.path.commonprefix(ids)
    args = [a.format(tmp=tmp_path, prefix=prefix) for a in case.args]
    before = leftovers(tmp_path), leftovers(experiments)
    result = invoke("predict", *args, "--subject", "carbon tax", "--experiments", experiments)
    assert_user_error(result, case.message, tmp=tmp_path, experiments=experiments)
    assert (leftovers(tmp_path), leftovers(experiments)) == before  # no output, no temp file
    assert_debug_shows_traceback("predict", *args, "--experiments", experiments)


def test_predict_with_no_run_at_all(tmp_path):
    (tmp_path / "s.txt").write_text("We back the tax\n")
    result = invoke("predict", tmp_path / "s.txt", "--experiments", tmp_path / "experiments")
    assert_user_error(
        result,
        r"stance: error: no stance run in {exp}/runs; train one with `stance train`",
        exp=tmp_path / "experiments",
    )


# ------------------------------------------------------------- tampered run folders


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def edit_json(path: Path) -> None:
    path.write_text(path.read_text().replace("0.", "1.", 1))


TAMPERED = {
    "truncated manifest.json": (
        "manifest.json",
        truncate,
        ["predict", "{tmp}/s.txt", "--run", "{run}"],
        r"stance: error: {run}/manifest\.json: not valid JSON \(.+\)",
    ),
    "manifest.json that is not a run's": (
        "manifest.json",
        lambda path: path.write_text("[1, 2]\n"),
        ["predict", "{tmp}/s.txt", "--run", "{run}"],
        r"stance: error: {run}/manifest\.json: not a stance run manifest \(no id and task\)",
    ),
    "edited metrics.json": (
        "metrics.json",
        edit_json,
        ["runs", "show", "{run}"],
        r"stance: error: {run}/metrics\.json: does not match the hash in the run manifest "
        r"\(edited\?\)",
    ),
    "edited model.json": (
        "model/model.json",
        lambda path: path.write_text(re.sub(r'"C": [0-9.]+', '"C": 2.5', path.read_text())),
        ["predict", "{tmp}/s.txt", "--subject", "carbon tax"],
        r"stance: error: {run}/model/model\.json: does not match the hash in the run manifest",
    ),
    "truncated model arrays": (
        "model/arrays.npz",
        truncate,
        ["predict", "{tmp}/s.txt", "--subject", "carbon tax"],
        r"stance: error: {run}/model/arrays\.npz: missing, truncated or edited \(hash mismatch\)",
    ),
}


@pytest.mark.parametrize("tampering", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_run_is_refused_with_one_line(tampering, tmp_path, served):
    import shutil

    name, tamper, args, message = tampering
    source = served[0] / "runs" / served[1][0]
    experiments = tmp_path / "experiments"
    run = experiments / "runs" / source.name
    shutil.copytree(source, run)
    tamper(run / name)
    (tmp_path / "s.txt").write_text("We back the tax\n")
    before = leftovers(tmp_path)
    args = [a.format(tmp=tmp_path, run=run) for a in args]
    result = invoke(*args, "--experiments", experiments)
    assert_user_error(result, message, run=run)
    assert leftovers(tmp_path) == before
    assert_debug_shows_traceback(*args, "--experiments", experiments)


# -------------------------------------------------------- accepted unusual input


def test_train_and_predict_accept_other_encodings_with_encoding_option(
    tmp_path, experiments, served
):
    rows = [{**r, "text": r["text"] + " \u2014 caf\u00e9 na\u00efve"} for r in make_rows()]
    data = tmp_path / "latin.jsonl"
    data.write_bytes(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("cp1252")
    )
    trained = invoke(
        "train",
        "--data",
        data,
        "--encoding",
        "cp1252",
        "--folds",
        "2",
        "--experiments",
        experiments,
    )
    assert trained.exit_code == 0, trained.output
    statements = tmp_path / "s.txt"
    statements.write_bytes("Le caf\u00e9 \u2014 a na\u00efve tax\n".encode("cp1252"))
    predicted = invoke(
        "predict", statements, "--encoding", "cp1252", "--format", "jsonl",
        "--subject", "carbon tax", "--experiments", experiments,
    )  # fmt: skip
    assert predicted.exit_code == 0, predicted.output
    assert json.loads(predicted.stdout)["text"] == "Le caf\u00e9 \u2014 a na\u00efve tax"


def test_train_and_predict_accept_a_byte_order_mark_and_crlf(tmp_path, experiments):
    data = tmp_path / "windows.csv"
    data.write_bytes(b"\xef\xbb\xbf" + GOOD_CSV.replace(b"\n", b"\r\n"))
    trained = invoke("train", "--data", data, "--folds", "2", "--experiments", experiments)
    assert trained.exit_code == 0, trained.output
    manifest = json.loads(next((experiments / "runs").glob("*/manifest.json")).read_text())
    assert manifest["data"]["records"] == len(good_csv_rows())
    statements = tmp_path / "s.txt"
    statements.write_bytes(b"\xef\xbb\xbfWe back the tax\r\nWe reject it\r\n")
    result = invoke(
        "predict", statements, "--format", "jsonl", "--subject", "tax", "--experiments", experiments
    )
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert texts == ["We back the tax", "We reject it"]


# ----------------------------------------------------- full disk, read-only disk


def no_space(path=None):
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), *([str(path)] if path else []))


def fail_writing_predictions(monkeypatch):
    """The disk fills up half-way through predictions.csv."""

    def full_disk_open(file, mode="r", *args, **kwargs):
        stream = open(file, mode, *args, **kwargs)  # noqa: SIM115 (returned to the caller)
        if "w" in mode and Path(file).name == "predictions.csv":
            stream.write("id,doc,subj")
            stream.close()
            raise no_space(file)
        return stream

    monkeypatch.setattr(stance.runs, "open", full_disk_open, raising=False)


def fail_writing_model_arrays(monkeypatch):
    """The disk fills up half-way through model/arrays.npz."""

    def full_disk_savez(stream, **arrays):
        stream.write(b"PK\x03\x04")
        raise no_space()

    monkeypatch.setattr(stance.persist.np, "savez_compressed", full_disk_savez)


@pytest.mark.parametrize("fill_disk", [fail_writing_predictions, fail_writing_model_arrays])
def test_full_disk_during_the_run_write_leaves_nothing(
    fill_disk, tmp_path, experiments, monkeypatch
):
    data = write_jsonl(tmp_path / "data.jsonl", make_rows())
    fill_disk(monkeypatch)
    result = invoke("train", "--data", data, "--folds", "2", "--experiments", experiments)
    assert_user_error(
        result,
        r"stance: error: cannot write run \S+ in {runs}: No space left on device",
        runs=experiments / "runs",
    )
    assert_no_run_written(experiments)


def test_experiments_path_under_a_file_is_a_clear_error(tmp_path):
    data = write_jsonl(tmp_path / "data.jsonl", make_rows())
    (tmp_path / "afile").write_text("not a folder")
    experiments = tmp_path / "afile" / "experiments"
    result = invoke("train", "--data", data, "--folds", "2", "--experiments", experiments)
    assert_user_error(
        result,
        r"stance: error: cannot create run folder under {runs}: Not a directory",
        runs=experiments / "runs",
    )
    assert leftovers(tmp_path) == ["afile", "data.jsonl"]


def make_read_only(folder: Path, monkeypatch) -> None:
    """chmod 0o555; as root that does not stop writes, so then refuse them in os.open/mkdir."""
    folder.chmod(0o555)
    probe = folder / ".probe"
    try:
        probe.touch()
    except PermissionError:
        return
    probe.unlink()
    real_open, real_mkdir = os.open, os.mkdir

    def refuse(path) -> bool:
        return Path(path).resolve().is_relative_to(folder.resolve())

    def read_only_open(path, flags, *args, **kwargs):
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writes and refuse(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_mkdir(path, *args, **kwargs):
        if refuse(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(os, "mkdir", read_only_mkdir)


def test_read_only_runs_folder_is_a_clear_error(tmp_path, experiments, monkeypatch):
    data = write_jsonl(tmp_path / "data.jsonl", make_rows())
    runs = experiments / "runs"
    runs.mkdir(parents=True)
    try:
        make_read_only(runs, monkeypatch)
        result = invoke("train", "--data", data, "--folds", "2", "--experiments", experiments)
    finally:
        monkeypatch.undo()
        runs.chmod(0o755)
    assert_user_error(
        result,
        r"stance: error: cannot write in {runs}: (Read-only file system|Permission denied)",
        runs=runs,
    )
    assert_no_run_written(experiments)


def test_full_disk_while_writing_predictions_leaves_no_output(tmp_path, served, monkeypatch):
    experiments, _ = served
    (tmp_path / "s.txt").write_text("We back the tax\nWe reject it\n")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def write(self, text):
            self.stream.write(text[:5])
            self.stream.flush()
            raise no_space()

        def __getattr__(self, name):
            return getattr(self.stream, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    monkeypatch.setattr(os, "fdopen", lambda *a, **kw: FullDisk(real_fdopen(*a, **kw)))
    out = tmp_path / "out.csv"
    result = invoke(
        "predict", tmp_path / "s.txt", "--format", "csv", "-o", out, "--subject", "carbon tax",
        "--experiments", experiments,
    )  # fmt: skip
    monkeypatch.undo()
    assert_user_error(
        result, r"stance: error: {out}: cannot write \(No space left on device\)", out=out
    )
    assert leftovers(tmp_path) == ["s.txt"]


# ------------------------------------------------- the real process, and --debug

SUBPROCESS_ROWS = {
    "missing file": (["predict", "{tmp}/absent.txt"], PREDICT_CASES["missing file"].message),
    "binary file": (["predict", "{tmp}/model.bin"], TRAIN_CASES["binary file"].message),
    "a line of 10 MB": (["predict", "{tmp}/long.txt"], PREDICT_CASES["a line of 10 MB"].message),
    "config key that does not exist": (
        ["train", "--config", "{tmp}/typo.toml"],
        TRAIN_CASES["config key that does not exist"].message,
    ),
}
SUBPROCESS_FILES = {
    "model.bin": TRAIN_CASES["binary file"].files["model.bin"],
    "long.txt": PREDICT_CASES["a line of 10 MB"].files["long.txt"],
    "typo.toml": TRAIN_CASES["config key that does not exist"].files["typo.toml"],
}


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("row", SUBPROCESS_ROWS.values(), ids=SUBPROCESS_ROWS.keys())
def test_python_m_stance_prints_one_line_and_debug_shows_the_traceback(row, debug, tmp_path):
    args, message = row
    create_files(tmp_path, SUBPROCESS_FILES)
    experiments = tmp_path / "experiments"
    args = [a.format(tmp=tmp_path) for a in args]
    result = run_stance(*(["--debug"] if debug else []), *args, "--experiments", experiments)
    expected = message.format(tmp=re.escape(str(tmp_path)))
    assert result.returncode == 2, result.stderr
    if debug:
        assert "Traceback (most recent call last)" in result.stderr
        assert "StanceError" in result.stderr
        assert re.fullmatch(expected, result.stderr.strip().splitlines()[-1])
    else:
        assert_user_error(result, message, tmp=tmp_path)
    assert_no_run_written(experiments)
