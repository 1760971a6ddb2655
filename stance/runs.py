"""Run folders under ``experiments/runs/``: created atomically, never overwritten, resolved by id.

A run is written into a hidden temporary folder and renamed into place only when every
file is there, the manifest last; so a folder under ``runs/`` is complete or absent. An
id is reserved with an exclusive lock file, so two trainings started in the same second
get two folders.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from stance.io import sha256_file, write_rows
from stance.persist import MODEL_FILE, load_model, load_scorer, save_model
from stance.records import StanceError

MANIFEST = "manifest.json"
MODEL_DIR = "model"


def runs_folder(experiments: Path | str) -> Path:
    return Path(experiments) / "runs"


@dataclass
class Run:
    """A finished run folder and its manifest."""

    path: Path
    manifest: dict

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def task(self) -> str:
        return self.manifest["task"]

    def read_json(self, name: str) -> dict:
        """A JSON file of the run, refused if it differs from the hash in the manifest."""
        path = self.path / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise StanceError(f"{self.path}: run has no {name}") from None
        expected = _files(self.manifest).get(name)
        if expected is not None and hashlib.sha256(raw).hexdigest() != expected:
            raise StanceError(f"{path}: does not match the hash in the run manifest (edited?)")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StanceError(f"{path}: not valid JSON ({error})") from None

    @property
    def config(self) -> dict:
        return self.read_json("config.json")

    @property
    def metrics(self) -> dict:
        return self.read_json("metrics.json")

    def load_model(self):
        """The run's final model, checked against the hash in the manifest."""
        return load_model(self.path / MODEL_DIR, expected_sha256=self._model_hash())

    def load_scorer(self):
        """The run's final model for prediction alone, read without scikit-learn
        (:class:`~stance.scoring.SavedModel`; the same probabilities as ``load_model``)."""
        return load_scorer(self.path / MODEL_DIR, expected_sha256=self._model_hash())

    def _model_hash(self) -> str:
        key = f"{MODEL_DIR}/{MODEL_FILE}"
        expected = _files(self.manifest).get(key)
        if expected is None:
            raise StanceError(f"{self.path}: manifest records no {key}")
        return expected


class RunWriter:
    """Writes the files of a run being created into its temporary folder."""

    def __init__(self, path: Path, run_id: str):
        self.path = path
        self.id = run_id

    def write_json(self, name: str, value) -> None:
        with open(self.path / name, "w", encoding="utf-8") as stream:
            json.dump(value, stream, indent=1, ensure_ascii=False, sort_keys=False)
            stream.write("\n")

    def write_csv(self, name: str, rows: Iterable[dict]) -> None:
        with open(self.path / name, "w", encoding="utf-8", newline="") as stream:
            write_rows(stream, rows, format="csv")

    def save_model(self, model, *, meta: dict | None = None) -> None:
        save_model(model, self.path / MODEL_DIR, meta=meta)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "run"


@contextmanager
def create_run(experiments: Path | str, *, name: str, config_hash: str) -> Iterator[RunWriter]:
    """Yield a RunWriter for a new run; publish it when the block ends without error.

    On any error or interruption the temporary folder is removed and nothing under
    ``runs/`` changes.
    """
    folder = runs_folder(experiments)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StanceError(f"cannot create run folder under {folder}: {error.strerror}") from None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{_slug(name)}-{config_hash}"
    run_id, lock = _reserve(folder, base)
    temporary = folder / f".incomplete-{run_id}"
    try:
        temporary.mkdir()
        writer = RunWriter(temporary, run_id)
        started = time.time()
        yield writer
        writer.wall_time = time.time() - started
        os.rename(temporary, folder / run_id)
    except OSError as error:
        raise StanceError(
            f"cannot write run {run_id} in {folder}: {error.strerror or error}"
        ) from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        lock.unlink(missing_ok=True)


def _reserve(folder: Path, base: str) -> tuple[str, Path]:
    """Claim a free run id with an exclusive lock file holding our process id."""
    _remove_stale(folder)
    for attempt in range(1, 1000):
        run_id = base if attempt == 1 else f"{base}-{attempt}"
        lock = folder / f".lock-{run_id}"
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            continue
        except OSError as error:
            raise StanceError(f"cannot write in {folder}: {error.strerror}") from None
        with os.fdopen(handle, "w") as stream:
            stream.write(str(os.getpid()))
        if (folder / run_id).exists():
            lock.unlink(missing_ok=True)
            continue
        return run_id, lock
    raise StanceError(f"{folder}: could not find a free run id for {base}")


def _remove_stale(folder: Path) -> None:
    """Remove what a killed training (kill -9, power loss) left: its lock and temporary folder."""
    for lock in folder.glob(".lock-*"):
        try:
            pid = int(lock.read_text() or "0")
        except (OSError, ValueError):
            continue
        if pid and _alive(pid):
            continue
        run_id = lock.name.removeprefix(".lock-")
        shutil.rmtree(folder / f".incomplete-{run_id}", ignore_errors=True)
        lock.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_manifest(writer: RunWriter, manifest: dict) -> dict:
    """Hash every file written so far into the manifest and write it (the last file)."""
    files = {
        str(path.relative_to(writer.path)): sha256_file(path)
        for path in sorted(writer.path.rglob("*"))
        if path.is_file()
    }
    manifest = {"id": writer.id, **manifest, "files": files}
    writer.write_json(MANIFEST, manifest)
    return manifest


def add_evaluation(run: Run, name: str, metrics: dict, rows: Iterable[dict]) -> Path:
    """Add ``evaluation-<name>.json`` and its predictions CSV to a finished run.

    Refuses to overwrite an earlier evaluation of the same name; both files are written
    under temporary names and renamed, the metrics last, so a failure leaves nothing.
    """
    slug = _slug(name)
    metrics_path = run.path / f"evaluation-{slug}.json"
    rows_path = run.path / f"evaluation-{slug}-predictions.csv"
    for path in (metrics_path, rows_path):
        if path.exists():
            raise StanceError(f"{path}: an evaluation named {slug!r} exists; choose another --name")
    writer = RunWriter(run.path, run.id)
    temporary = [run.path / f".{path.name}.tmp" for path in (rows_path, metrics_path)]
    published = False
    try:
        writer.write_csv(temporary[0].name, rows)
        writer.write_json(temporary[1].name, metrics)
        os.rename(temporary[0], rows_path)
        os.rename(temporary[1], metrics_path)
        published = True
    except OSError as error:
        raise StanceError(
            f"cannot write evaluation into {run.path}: {error.strerror or error}"
        ) from None
    finally:
        if not published:  # no predictions without their metrics (an orphan blocks the name)
            rows_path.unlink(missing_ok=True)
        for path in temporary:
            path.unlink(missing_ok=True)
    return metrics_path


def _files(manifest: dict) -> dict:
    files = manifest.get("files")
    return files if isinstance(files, dict) else {}


def _read_manifest(path: Path) -> dict:
    """The manifest of run folder ``path``; a StanceError if it is not a stance run's."""
    where = path / MANIFEST
    try:
        manifest = json.loads(where.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StanceError(f"{where}: not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or not all(
        isinstance(manifest.get(key), str) for key in ("id", "task")
    ):
        raise StanceError(f"{where}: not a stance run manifest (no id and task)")
    return manifest


def list_runs(experiments: Path | str, *, task: str | None = None) -> list[Run]:
    """Finished runs, oldest first (hidden temporary folders are not runs)."""
    folder = runs_folder(experiments)
    if not folder.is_dir():
        return []
    runs = []
    for path in folder.iterdir():
        if path.name.startswith(".") or not (path / MANIFEST).is_file():
            continue
        try:
            manifest = _read_manifest(path)
        except StanceError:
            continue
        if task is None or manifest["task"] == task:
            runs.append(Run(path, manifest))
    return sorted(runs, key=lambda run: (str(run.manifest.get("created", "")), run.path.name))


def incomplete_folders(experiments: Path | str) -> list[tuple[Path, str]]:
    """Folders under runs/ that are not complete runs, with the reason."""
    folder = runs_folder(experiments)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue
        if not (path / MANIFEST).is_file():
            found.append((path, "no manifest.json (not a complete run)"))
            continue
        try:
            _read_manifest(path)
        except StanceError as error:
            found.append((path, str(error).split(": ", 1)[-1]))
    return found


LATEST = "latest"


def resolve_run(
    reference: str | None = None,
    experiments: Path | str = "experiments",
    *,
    task: str | None = None,
) -> Run:
    """A run by folder path, id, run name (the newest with it), unique id prefix, or
    ``latest`` / None (the newest run, of ``task`` when given)."""
    if reference and reference != LATEST and (Path(reference) / MANIFEST).is_file():
        path = Path(reference)
        return Run(path, _read_manifest(path))
    where = runs_folder(experiments)
    if reference is None or reference == LATEST:
        runs = list_runs(experiments, task=task)
        if not runs:
            kind = f"{task} " if task else ""
            raise StanceError(f"no {kind}run in {where}; train one with `stance train`")
        return runs[-1]
    runs = list_runs(experiments)
    exact = [run for run in runs if run.path.name == reference]
    if exact:
        return exact[0]
    named = [run for run in runs if run.manifest.get("name") == reference]
    if named:
        return named[-1]
    matches = [run for run in runs if run.path.name.startswith(reference)]
    if not matches:
        raise StanceError(
            f"--run {reference!r}: no run with that id, name or prefix in {where} "
            f"(see stance runs list)"
        )
    if len(matches) > 1:
        names = "; ".join(run.path.name for run in matches)
        raise StanceError(f"--run {reference!r} is ambiguous: {len(matches)} runs match: {names}")
    return matches[0]


def git_commit(directory: Path) -> str | None:
    """The commit of the git checkout holding ``directory`` ("+dirty" if modified), if any."""
    try:
        head = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(directory), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head
