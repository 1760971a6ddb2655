"""Writing outputs: atomically (temporary file, then rename) and streaming row by row."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from stance.records import StanceError


@contextmanager
def atomic_output(path: Path | str | None, *, newline: str = ""):
    """A text stream that becomes ``path`` only when the block completes.

    Writes to a temporary file beside ``path`` and renames it at the end, so an
    interrupted write never leaves a truncated file that looks finished. ``None`` or
    ``-`` writes to standard output.
    """
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    path = Path(path)
    if path.is_dir():
        raise StanceError(f"{path}: is a directory, expected an output file")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise StanceError(f"{path}: folder {directory} does not exist") from None
    except PermissionError:
        raise StanceError(f"{path}: folder {directory} is not writable") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):  # a full disk, a quota, an I/O error
            raise StanceError(f"{path}: cannot write ({error.strerror or error})") from None
        raise


def _mode_for(path: Path) -> int:
    """The permissions ``path`` keeps (or a new file gets under the umask): the temporary
    file is created private (0600), which an output file should not stay."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


#: JSON lines handed to the stream at once (one write a row was a tenth of a large predict).
JSONL_CHUNK = 256


def write_rows(stream: io.TextIOBase, rows: Iterable[dict], *, format: str) -> None:
    """Write dict rows as JSON lines or CSV (columns from the first row), streaming."""
    if format == "jsonl":
        encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes one a row
        lines: list[str] = []
        for row in rows:
            lines.append(encode(row))
            if len(lines) == JSONL_CHUNK:
                stream.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            stream.write("\n".join(lines) + "\n")
        return
    if format != "csv":
        raise StanceError(f"unknown output format {format!r}")
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row), lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)
