"""Labelled records from JSONL, CSV, TSV, SemEval-2016 and NewsMTSC files, streamed.

Readers are generators; validation names the file, the line and the field.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stance.io.text import display, read_text_lines
from stance.records import LABELS, Record, StanceError

FORMATS = ("auto", "jsonl", "csv", "tsv", "semeval", "newsmtsc")

#: Spellings in public data sets that mean one of our labels.
LABEL_ALIASES = {
    "favor": "favor",
    "favour": "favor",
    "against": "against",
    "none": "none",
    "neutral": "neutral",
    "positive": "positive",
    "negative": "negative",
    "neither": "neutral",
    "pos": "positive",
    "neg": "negative",
}

#: Longest line we accept; a longer one is almost surely not text (or a broken file).
SEMEVAL_HEADER = ("ID", "Target", "Tweet", "Stance", "Opinion towards", "Sentiment")
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(frozen=True)
class Columns:
    """Which column (CSV/TSV) or key (JSONL) holds each field of a record.

    ``label`` names the column of the task's label; None means the task's own name
    ("stance" or "reaction").
    """

    text: str = "text"
    label: str | None = None
    subject: str = "subject"
    group: str = "doc"
    id: str = "id"
    speaker: str = "speaker"


def detect_format(path: Path | str, *, encoding: str | None = None) -> str:
    """Guess the format of a labelled file from its name and first line."""
    suffix = Path(str(path)).suffix.lower()
    first = next(read_text_lines(path, encoding=encoding), (0, ""))[1]
    if tuple(first.split("\t")) == SEMEVAL_HEADER:
        return "semeval"
    if suffix in (".jsonl", ".json", ".ndjson") or first.lstrip().startswith("{"):
        if '"sentence_normalized"' in first and '"targets"' in first:
            return "newsmtsc"
        return "jsonl"
    if suffix == ".tsv" or ("\t" in first and "," not in first):
        return "tsv"
    return "csv"


def read_records(
    path: Path | str,
    *,
    task: str = "stance",
    format: str = "auto",
    columns: Columns | None = None,
    encoding: str | None = None,
) -> Iterator[Record]:
    """Yield labelled records from a JSONL, CSV, TSV, SemEval-2016 or NewsMTSC file.

    The label of ``task`` is validated against the task's label set; records whose
    label is missing are yielded with None (unlabelled), so callers decide.
    """
    if task not in LABELS:
        raise StanceError(f"unknown task {task!r}; choose one of {', '.join(LABELS)}")
    if format not in FORMATS:
        raise StanceError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    columns = columns or Columns()
    if format == "auto":
        if str(path) == "-":
            raise StanceError("reading records from standard input needs --format")
        format = detect_format(path, encoding=encoding)
    readers = {
        "jsonl": _read_jsonl,
        "csv": _read_delimited,
        "tsv": _read_delimited,
        "semeval": _read_semeval,
        "newsmtsc": _read_newsmtsc,
    }
    yield from readers[format](path, task=task, columns=columns, encoding=encoding, format=format)


def _label(value: object, task: str, where: str, field: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    label = LABEL_ALIASES.get(str(value).strip().lower())
    if label not in LABELS[task]:
        raise StanceError(
            f"{where}: field {field!r} has unknown {task} label {value!r}; "
            f"expected one of {', '.join(LABELS[task])}"
        )
    return label


def _record(fields: dict, *, task: str, columns: Columns, where: str, number: int) -> Record:
    text = fields.get(columns.text)
    if text is None:
        raise StanceError(f"{where}: missing field {columns.text!r} (the text)")
    if not isinstance(text, str):
        raise StanceError(f"{where}: field {columns.text!r} must be a string, got {text!r:.40}")
    if not text.strip():
        raise StanceError(f"{where}: field {columns.text!r} is empty")
    label_field = columns.label or task
    labels = {task: _label(fields.get(label_field), task, where, label_field)}
    other = "reaction" if task == "stance" else "stance"
    if columns.label is None and fields.get(other) not in (None, ""):
        labels[other] = _label(fields.get(other), other, where, other)
    record_id = fields.get(columns.id)
    # "" is a narrator sentence (nobody speaks); None means the data has no speakers.
    speaker = fields.get(columns.speaker)
    return Record(
        id=str(record_id) if record_id not in (None, "") else str(number),
        text=text,
        doc=str(fields.get(columns.group) or ""),
        subject=str(fields.get(columns.subject) or ""),
        speaker=None if speaker is None else str(speaker),
        stance=labels.get("stance"),
        reaction=labels.get("reaction"),
        span=_span(fields.get("span"), text, where),
        source=where,
    )


def _span(value: object, text: str, where: str) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) for v in value)
        or not 0 <= value[0] < value[1] <= len(text)
    ):
        raise StanceError(f"{where}: field 'span' must be [start, end] offsets inside the text")
    return (value[0], value[1])


def _json_object(line: str, where: str) -> dict:
    """Parse one JSON line that must hold an object; anything else is a StanceError."""
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as error:
        raise StanceError(f"{where}: invalid JSON ({error.msg} at column {error.colno})") from None
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        raise StanceError(f"{where}: invalid JSON ({str(error).split(':')[0]})") from None
    except RecursionError:
        raise StanceError(f"{where}: invalid JSON (nested too deeply)") from None
    if not isinstance(fields, dict):
        raise StanceError(f"{where}: expected a JSON object, got {type(fields).__name__}")
    return fields


def _json_lines(path, *, encoding) -> Iterator[tuple[int, str, dict]]:
    """(line number, "file:line", object) for each non-blank line of a JSON-lines file."""
    name = display(path)
    for number, line in read_text_lines(path, encoding=encoding):
        if line.strip():
            where = f"{name}:{number}"
            yield number, where, _json_object(line, where)


def _read_jsonl(path, *, task, columns, encoding, format) -> Iterator[Record]:
    for number, where, fields in _json_lines(path, encoding=encoding):
        yield _record(fields, task=task, columns=columns, where=where, number=number)


DELIMITERS = (",", ";", "|", "\t")


def sniff_delimiter(header_line: str, *, format: str) -> str:
    """The delimiter of a CSV file from its header: a comma, or the one the header uses.

    A "CSV" whose header has no comma but semicolons (as spreadsheets write in many
    locales) or pipes is read with that delimiter.
    """
    if format == "tsv":
        return "\t"
    counts = {d: header_line.count(d) for d in DELIMITERS}
    if counts[","]:
        return ","
    best = max(DELIMITERS, key=counts.__getitem__)
    return best if counts[best] else ","


def _delimited_rows(path, *, encoding, format) -> Iterator[tuple[str, list[str], dict]]:
    """(where, header, fields) for each data row of a CSV or TSV file, checked."""
    name = display(path)
    numbered = read_text_lines(path, encoding=encoding)
    first = next(numbered, None)
    if first is None:
        raise StanceError(f"{name}: file is empty")
    delimiter = sniff_delimiter(first[1], format=format)
    lines = (line for line in [first[1], *(line for _, line in numbered)])
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if not row:
                continue
            if len(row) != len(header):
                raise StanceError(
                    f"{where}: row has {len(row)} fields, the header has {len(header)}"
                )
            yield where, header, dict(zip(header, row, strict=True))
    except csv.Error as error:
        raise StanceError(
            f"{name}:{reader.line_num}: malformed {format.upper()} ({error})"
        ) from None


def read_table(
    path: Path | str, *, format: str, encoding: str | None = None
) -> Iterator[tuple[str, dict]]:
    """(where, fields) for each row of a JSONL, CSV or TSV file, every column kept."""
    if format == "jsonl":
        for _, where, fields in _json_lines(path, encoding=encoding):
            yield where, fields
        return
    for where, _, fields in _delimited_rows(path, encoding=encoding, format=format):
        yield where, fields


def _read_delimited(path, *, task, columns, encoding, format) -> Iterator[Record]:
    name = display(path)
    numbered = read_text_lines(path, encoding=encoding)
    first = next(numbered, (0, ""))[1]
    lines = (line for line in [first, *(line for _, line in numbered)])
    delimiter = sniff_delimiter(first, format=format)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        if columns.text not in header:
            raise StanceError(
                f"{name}:1: no column {columns.text!r} (the text); columns are "
                f"{', '.join(header)} (choose with --text-col)"
            )
        label_column = columns.label or task
        if label_column not in header:
            raise StanceError(
                f"{name}:1: no column {label_column!r} (the {task} label); columns are "
                f"{', '.join(header)} (choose with --label-col)"
            )
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if not row:
                continue
            if len(row) != len(header):
                raise StanceError(
                    f"{where}: row has {len(row)} fields, the header has {len(header)}"
                )
            fields = dict(zip(header, row, strict=True))
            yield _record(fields, task=task, columns=columns, where=where, number=reader.line_num)
    except csv.Error as error:
        raise StanceError(
            f"{name}:{reader.line_num}: malformed {format.upper()} ({error})"
        ) from None


def _read_semeval(path, *, task, columns, encoding, format) -> Iterator[Record]:
    """SemEval-2016 Task 6: tab-separated, no quoting; Sentiment is the reaction task."""
    name = display(path)
    lines = read_text_lines(path, encoding=encoding or "cp1252")
    _, header = next(lines)
    if tuple(header.split("\t")) != SEMEVAL_HEADER:
        raise StanceError(
            f"{name}:1: not a SemEval-2016 Task 6 header ({'<TAB>'.join(SEMEVAL_HEADER)})"
        )
    for number, line in lines:
        if not line.strip():
            continue
        where = f"{name}:{number}"
        parts = line.split("\t")
        if len(parts) != len(SEMEVAL_HEADER):
            raise StanceError(f"{where}: row has {len(parts)} fields, the header has 6")
        tweet_id, target, tweet, stance, _, sentiment = parts
        if not tweet.strip():
            raise StanceError(f"{where}: field 'Tweet' is empty")
        yield Record(
            id=tweet_id,
            text=tweet,
            doc=f"{Path(name).name}:{tweet_id}",
            subject=target,
            stance=_label(stance, "stance", where, "Stance"),
            reaction=_label(sentiment, "reaction", where, "Sentiment"),
            source=where,
        )


def _read_newsmtsc(path, *, task, columns, encoding, format) -> Iterator[Record]:
    """NewsMTSC: one record per (sentence, target); the article is the id's prefix."""
    for _, where, item in _json_lines(path, encoding=encoding):
        try:
            text = item["sentence_normalized"]
            gid = item["primary_gid"]
            targets = item["targets"]
        except KeyError as error:
            raise StanceError(f"{where}: missing field {error} of a NewsMTSC record") from None
        if not isinstance(text, str) or not text.strip():
            raise StanceError(f"{where}: field 'sentence_normalized' must be non-empty text")
        if not isinstance(targets, list):
            raise StanceError(f"{where}: field 'targets' must be a list")
        article = "_".join(str(gid).split("_")[:2])
        for position, target in enumerate(targets):
            try:
                start, end, polarity = int(target["from"]), int(target["to"]), target["polarity"]
            except (KeyError, TypeError, ValueError, OverflowError) as error:
                raise StanceError(f"{where}: target {position} lacks a valid {error}") from None
            if not isinstance(polarity, int | float) or polarity not in NEWSMTSC_POLARITY:
                raise StanceError(f"{where}: target {position} has unknown polarity {polarity!r}")
            mention = target.get("mention")
            yield Record(
                id=f"{gid}#{position}",
                text=text,
                doc=article,
                subject=mention if isinstance(mention, str) and mention else text[start:end],
                reaction=NEWSMTSC_POLARITY[polarity],
                span=_span([start, end], text, where),
                source=where,
            )


def read_gold_speakers(path: Path | str, *, encoding: str | None = None) -> Iterator[dict]:
    """Gold attribution records from JSONL: ``doc``, ``text``, ``speaker`` ("" or null for
    the narrator), optional ``pattern`` and ``mention_kind``."""
    for _, where, fields in _json_lines(path, encoding=encoding):
        for key in ("doc", "text"):
            if not isinstance(fields.get(key), str) or not fields[key]:
                raise StanceError(f"{where}: field {key!r} is missing or empty")
        if "speaker" not in fields:
            raise StanceError(f"{where}: missing field 'speaker' (use \"\" for the narrator)")
        yield {
            key: fields.get(key)
            for key in ("doc", "text", "speaker", "pattern", "mention_kind")
            if key in fields
        }
