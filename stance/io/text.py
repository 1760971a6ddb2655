"""Reading text files: lines with their numbers, whole articles, checked encodings.

Every problem a user can fix raises :class:`~stance.records.StanceError` naming the file
and line.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from stance.records import StanceError

MAX_LINE_BYTES = 1_000_000


def sha256_file(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count_lines(path: Path | str) -> int:
    """The number of lines of a file (newlines, plus an unterminated last line), read in
    blocks: the total that progress of a long prediction measures itself against."""
    count, last = 0, b"\n"
    with _open_binary(path) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def display(path: Path | str) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


# ---------------------------------------------------------------------------- lines


def read_text_lines(path: Path | str, *, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (line number, line without its line end) from a text file or ``-`` (stdin).

    Accepts a UTF-8 byte-order mark and CRLF line ends. Bytes that do not decode raise a
    StanceError with the line and byte offset, suggesting ``--encoding``.
    """
    for number, line in _raw_lines(path, encoding=encoding):
        yield number, line.rstrip("\r\n")


def _raw_lines(path: Path | str, *, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, decoded line with its line end), checked for binary data and length."""
    name = display(path)
    codec = _codec(encoding or "utf-8", name)
    shown = "UTF-8" if codec == "utf-8-sig" else codec
    hint = "" if encoding else " (pass --encoding, e.g. --encoding cp1252)"
    with _open_binary(path) as stream:
        offset = 0
        decoder = codecs.getincrementaldecoder(codec)("strict")
        number = 0
        # readline with a limit: a huge line is refused without reading all of it.
        for number, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), 1):
            if number == 1 and b"\x00" in raw[:4096]:
                raise StanceError(
                    f"{name}: looks like a binary file (NUL bytes on line 1), not text"
                )
            if len(raw) > MAX_LINE_BYTES:
                raise StanceError(
                    f"{name}:{number}: line is over {MAX_LINE_BYTES:,} bytes long; "
                    "such lines are refused"
                )
            try:
                line = decoder.decode(raw)
            except UnicodeError as error:
                at = offset + getattr(error, "start", 0)
                raise StanceError(
                    f"{name}:{number}: byte offset {at} is not valid {shown}{hint}"
                ) from None
            offset += len(raw)
            yield number, line
        if number == 0:
            raise StanceError(f"{name}: file is empty")
        try:
            decoder.decode(b"", final=True)
        except UnicodeError:
            raise StanceError(
                f"{name}:{number}: file ends inside a character (truncated {shown}){hint}"
            ) from None


def _codec(encoding: str, name: str) -> str:
    """The codec's canonical name; UTF-8 always accepts a byte-order mark."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise StanceError(f"{name}: unknown encoding {encoding!r}") from None
    try:
        # Lines are split on b"\n", so the encoding must write "\n" as that byte.
        ascii_newlines = "\n\n".encode(codec).endswith(b"\n\n")
    except (LookupError, UnicodeError):  # not a text encoding (base64, rot13, idna, ...)
        ascii_newlines = False
    if not ascii_newlines:
        raise StanceError(
            f"{name}: encoding {encoding!r} is not supported (lines are not ASCII-separated); "
            "convert the file to UTF-8"
        )
    return "utf-8-sig" if codec == "utf-8" else codec


@contextmanager
def _open_binary(path: Path | str):
    if str(path) == "-":
        yield sys.stdin.buffer
        return
    path = Path(path)
    if path.is_dir():
        raise StanceError(f"{path}: is a directory, expected a file")
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise StanceError(f"{path}: no such file") from None
    except PermissionError:
        raise StanceError(f"{path}: permission denied") from None
    with stream:
        yield stream


def read_statements(path: Path | str, *, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (line number, statement) for each non-blank line of a one-statement-per-line file."""
    empty = True
    for number, line in read_text_lines(path, encoding=encoding):
        if line.strip():
            empty = False
            yield number, line.strip()
    if empty:
        raise StanceError(f"{display(path)}: no statements (every line is blank)")


def read_text(path: Path | str, *, encoding: str | None = None) -> str:
    """The whole text of a file (an article), exactly as written but for a UTF-8 BOM.

    Line ends are kept (CRLF stays CRLF), so character offsets into the returned text
    are offsets into the file's characters.
    """
    lines = [line for _, line in _raw_lines(path, encoding=encoding)]
    return "".join(lines)


def read_head(path: Path | str, *, encoding: str | None = None, lines: int = 200) -> str:
    """The first ``lines`` lines of a file (line ends kept), to decide how to read it."""
    head = []
    for number, line in _raw_lines(path, encoding=encoding):
        head.append(line)
        if number >= lines:
            break
    return "".join(head)


def article_paths(paths: Iterable[Path | str]) -> Iterator[Path | str]:
    """Files to read as articles: each file, the ``*.txt`` files of a folder (sorted), or -."""
    for path in paths:
        if str(path) != "-" and Path(path).is_dir():
            found = sorted(Path(path).glob("*.txt"))
            if not found:
                raise StanceError(f"{path}: folder has no .txt articles")
            yield from found
        else:
            yield path
