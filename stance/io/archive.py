"""Archives of articles: read in partitions, written as parts with a manifest.

An archive is a folder of ``*.txt`` articles, a glob of them, or a JSONL file (plain or
gzip) of ``{"doc", "text"[, "date"]}`` records. It is cut into partitions of a fixed
number of articles in input order (a partition never spans two inputs), so the same
input always gives the same partitions, on one machine or on a cluster. A partition
names its articles (files, or a byte range of a plain JSONL file) and is read where it
is processed; a gzip file cannot be read from the middle, so its partitions carry their
records.

Output is a folder: one part per partition (``part-00000.jsonl``), each written under a
temporary name and renamed, with a small state file beside it (``.state/``) that
records its rows and SHA-256; ``manifest.json`` is written last, so a folder without it
is unfinished, whatever else it holds.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stance.io.output import write_rows
from stance.io.text import read_text, sha256_file
from stance.records import StanceError

MANIFEST = "manifest.json"
STATE = ".state"
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


@dataclass(frozen=True)
class Partition:
    """One unit of work: ``size`` articles of one input, in input order."""

    number: int
    source: str
    files: tuple[str, ...] = ()
    span: tuple[int, int, int] | None = None  # JSONL: byte start, byte end, first line
    records: tuple[tuple[int, dict], ...] = ()  # gzip JSONL: (line, record), read already

    @property
    def key(self) -> str:
        """What the partition reads, as a hash: a part made from other input is not reused."""
        if self.files:
            described = [[f, os.stat(f).st_size, os.stat(f).st_mtime_ns] for f in self.files]
        elif self.span is not None:
            described = [self.source, list(self.span), os.stat(self.source).st_mtime_ns]
        else:
            described = [self.source, [[n, r] for n, r in self.records]]
        text = json.dumps(described, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Article:
    doc: str
    text: str
    date: str | None
    where: str  # file, or file:line, for messages


def is_record_file(path: str) -> bool:
    return path.lower().endswith(RECORD_SUFFIXES)


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Each input with the article files it stands for (a record file stands for itself)."""
    expanded = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            files = sorted(str(p) for p in path.glob("*.txt"))
            if not files:
                raise StanceError(f"{entry}: folder has no .txt articles")
        elif glob.has_magic(entry):
            files = sorted(glob.glob(entry))
            files = [f for f in files if Path(f).is_file()]
            if not files:
                raise StanceError(f"{entry}: no file matches")
        elif path.is_file():
            files = [entry]
        else:
            raise StanceError(f"{entry}: no such file or folder")
        expanded.append((entry, files))
    if not expanded:
        raise StanceError("no input given")
    return expanded


def partitions(inputs: Iterable[str], *, size: int, absolute: bool = False) -> Iterator[Partition]:
    """The partitions of an archive, numbered from 0 in input order; with ``absolute``
    their files are named by absolute paths (for workers whose folder is not ours)."""
    if size < 1:
        raise StanceError(f"--partition-size must be at least 1, got {size}")
    number = 0
    for entry, files in expand_inputs(inputs):
        if absolute:
            files = [os.path.abspath(f) for f in files]
        texts = [f for f in files if not is_record_file(f)]
        for start in range(0, len(texts), size):
            yield Partition(number, entry, files=tuple(texts[start : start + size]))
            number += 1
        for path in (f for f in files if is_record_file(f)):
            for partition in _record_partitions(path, size, number):
                yield partition
                number += 1


def _record_partitions(path: str, size: int, first: int) -> Iterator[Partition]:
    number, empty = first, True
    if path.lower().endswith(".gz"):
        batch: list[tuple[int, dict]] = []
        for line, record in _gzip_records(path):
            empty = False
            batch.append((line, record))
            if len(batch) == size:
                yield Partition(number, path, records=tuple(batch))
                number, batch = number + 1, []
        if batch:
            yield Partition(number, path, records=tuple(batch))
    else:
        with open(path, "rb") as stream:
            offset, line, start, first_line, count = 0, 0, 0, 1, 0
            for raw in stream:
                line += 1
                offset += len(raw)
                if not raw.strip():
                    continue
                if count == 0:
                    start, first_line = offset - len(raw), line
                count += 1
                empty = False
                if count == size:
                    yield Partition(number, path, span=(start, offset, first_line))
                    number, count = number + 1, 0
            if count:
                yield Partition(number, path, span=(start, offset, first_line))
    if empty:
        raise StanceError(f"{path}: no articles (the file is empty)")


def _gzip_records(path: str) -> Iterator[tuple[int, dict]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8-sig") as stream:
            for line, raw in enumerate(stream, 1):
                if raw.strip():
                    yield line, _parse(raw, f"{path}:{line}")
    except (OSError, EOFError) as error:
        raise StanceError(f"{path}: not a readable gzip file ({error})") from None
    except UnicodeDecodeError:
        raise StanceError(f"{path}: not UTF-8 text") from None


def _parse(raw: str | bytes, where: str) -> dict:
    if isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM
        raw = raw[3:]
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise StanceError(f"{where}: not a JSON record ({error})") from None
    if not isinstance(record, dict):
        raise StanceError(f"{where}: expected a JSON object with doc and text")
    return record


def read_partition(partition: Partition, *, encoding: str | None = None) -> list[Article]:
    """The articles of a partition, checked: each names its doc and has text."""
    if partition.files:
        return [
            Article(Path(f).stem, read_text(f, encoding=encoding), None, f) for f in partition.files
        ]
    if partition.records:
        found = partition.records
    else:
        start, end, first_line = partition.span
        with open(partition.source, "rb") as stream:
            stream.seek(start)
            lines = stream.read(end - start).splitlines()
        found = [
            (first_line + i, _parse(raw, f"{partition.source}:{first_line + i}"))
            for i, raw in enumerate(lines)
            if raw.strip()
        ]
    return [_article(record, f"{partition.source}:{line}") for line, record in found]


def _article(record: dict, where: str) -> Article:
    for field in ("doc", "text"):
        value = record.get(field)
        if not isinstance(value, str) or not value.strip():
            raise StanceError(f"{where}: field {field!r} is missing or empty (a string)")
    day = record.get("date")
    if day is not None:
        try:
            date.fromisoformat(str(day)[:10])
        except ValueError:
            raise StanceError(
                f"{where}: field 'date' is not a date (YYYY-MM-DD): {day!r}"
            ) from None
        day = str(day)[:10]
    return Article(record["doc"], record["text"], day, where)


# ---------------------------------------------------------------------------- output


def part_name(number: int, format: str) -> str:
    return f"part-{number:05d}.{format}"


def write_part(folder: Path, number: int, rows: list[dict], *, format: str, state: dict) -> dict:
    """Write one part atomically, then its state file (rows, SHA-256 and ``state``): the
    state file is written last, so a part without one is not counted as done."""
    name = part_name(number, format)
    path = folder / name
    _atomic_write(path, lambda stream: write_rows(stream, rows, format=format))
    info = {"part": name, "rows": len(rows), "sha256": sha256_file(path), **state}
    (folder / STATE).mkdir(exist_ok=True)
    text = json.dumps(info, ensure_ascii=False)
    _atomic_write(folder / STATE / f"{name}.json", lambda stream: stream.write(text))
    return info


def _atomic_write(path: Path, write) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            write(stream)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def finished_part(
    folder: Path, number: int, *, format: str, key: str, settings: str
) -> dict | None:
    """The state of a part done before (by an interrupted run), if its file is there, made
    from the same input partition with the same settings, and matches its SHA-256."""
    name = part_name(number, format)
    try:
        info = json.loads((folder / STATE / f"{name}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    path = folder / name
    if info.get("key") != key or info.get("settings") != settings or not path.is_file():
        return None
    return info if sha256_file(path) == info.get("sha256") else None


def prepare_folder(folder: Path, *, resume: bool) -> None:
    """Create the output folder; an existing one is continued only with ``resume``."""
    if folder.exists() and not folder.is_dir():
        raise StanceError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not resume:
        raise StanceError(
            f"{folder}: folder exists and is not empty; pass --resume to continue an "
            "unfinished output there, or choose another folder"
        )
    if resume and (folder / MANIFEST).exists():
        (folder / MANIFEST).unlink()  # rewritten last, once every part is verified
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise StanceError(f"{folder}: cannot create the output folder (permission)") from None


def write_manifest(folder: Path, manifest: dict) -> None:
    """The manifest, last: the sign that the folder is complete. Leftover temporary
    files of parts redone elsewhere (a worker lost mid-write), and parts of an earlier
    run that this one does not list (resumed with other settings), are removed first."""
    listed = {part["part"] for part in manifest["parts"]}
    for leftover in [*folder.glob(".part-*.tmp"), *folder.glob(f"{STATE}/.part-*.tmp")]:
        leftover.unlink(missing_ok=True)
    for stale in folder.glob("part-*"):
        if stale.name not in listed:
            stale.unlink(missing_ok=True)
            (folder / STATE / f"{stale.name}.json").unlink(missing_ok=True)
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    _atomic_write(folder / MANIFEST, lambda stream: stream.write(text))


def write_summary(folder: Path, name: str, rows: list[dict], *, format: str) -> dict:
    path = folder / name
    _atomic_write(path, lambda stream: write_rows(stream, rows, format=format))
    return {"file": name, "rows": len(rows), "sha256": sha256_file(path)}


def merge_parts(folder: Path, names: list[str], stream, *, format: str) -> None:
    """Concatenate the parts into one stream in order (a CSV header only once)."""
    header_seen = False
    for name in names:
        with open(folder / name, encoding="utf-8", newline="") as part:
            if format == "csv":
                header = part.readline()
                if not header_seen:
                    stream.write(header)
                    header_seen = True
            shutil.copyfileobj(part, stream)


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
