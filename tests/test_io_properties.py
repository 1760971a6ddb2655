"""Property-based tests of the readers: whatever the bytes, only StanceError escapes.

Every reader in ``stance.io`` is fed arbitrary bytes, arbitrary Unicode and
structured-but-wrong JSON/CSV written to a temporary file, in every format. A user
who points ``stance`` at the wrong file must get a one-line StanceError, never a
KeyError, TypeError, RecursionError or UnicodeDecodeError from deep inside.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stance import io
from stance.records import LABELS, Record, StanceError

FORMATS = ("auto", "jsonl", "csv", "tsv", "semeval", "newsmtsc")
SUFFIXES = (".jsonl", ".csv", ".tsv", ".txt")
ENCODINGS = (None, "utf-8", "cp1252", "latin-1", "utf-16")

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder for the module (Hypothesis runs many examples per test, one at a time)."""
    return tmp_path_factory.mktemp("io-properties")


def write_temp(folder: Path, data: bytes, suffix: str) -> Path:
    """Write one example's input; the next example overwrites it, so no files pile up."""
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def read_all_records(path: Path, **options) -> list[Record]:
    """Consume a reader; return its records, or [] after a StanceError (the only allowed one)."""
    try:
        records = list(io.read_records(path, **options))
    except StanceError as error:
        message = str(error)
        assert message and "\n" not in message.strip(), repr(message)
        return []
    for record in records:
        assert isinstance(record, Record)
        assert isinstance(record.text, str)
        for task in ("stance", "reaction"):
            assert record.label(task) in (None, *LABELS[task])
    return records


def read_all_statements(path: Path, **options) -> list[tuple[int, str]]:
    try:
        statements = list(io.read_statements(path, **options))
    except StanceError as error:
        assert str(error)
        return []
    for number, text in statements:
        assert number >= 1 and text and text == text.strip()
    return statements


# ------------------------------------------------------------------ arbitrary input

format_options = st.fixed_dictionaries(
    {
        "format": st.sampled_from(FORMATS),
        "task": st.sampled_from(("stance", "reaction")),
        "encoding": st.sampled_from(ENCODINGS),
    }
)


@FAST
@given(data=st.binary(max_size=300), suffix=st.sampled_from(SUFFIXES), options=format_options)
@example(data=b"text,stance\nabc,favor\n\xc3", suffix=".csv", options={"format": "csv"})
@example(data=b'{"text": "a", "stance": "favor"}\n\xe2\x82', suffix=".jsonl", options={})
def test_read_records_of_arbitrary_bytes_raises_only_stance_error(folder, data, suffix, options):
    read_all_records(write_temp(folder, data, suffix), **options)


@FAST
@given(text=st.text(max_size=200), suffix=st.sampled_from(SUFFIXES), options=format_options)
def test_read_records_of_arbitrary_unicode_raises_only_stance_error(folder, text, suffix, options):
    read_all_records(write_temp(folder, text.encode("utf-8", "surrogatepass"), suffix), **options)


@FAST
@given(
    data=st.binary(max_size=300),
    encoding=st.sampled_from(ENCODINGS),
)
@example(data=b"\xff\xfea\x00\n\x00", encoding="utf-16")
@example(data=b"ok\n\xf0\x9f\x98", encoding=None)
def test_read_statements_of_arbitrary_bytes_raises_only_stance_error(folder, data, encoding):
    read_all_statements(write_temp(folder, data, ".txt"), encoding=encoding)


@FAST
@given(text=st.text(max_size=300))
def test_read_statements_keeps_every_non_blank_line(folder, text):
    path = write_temp(folder, text.encode("utf-8", "surrogatepass"), ".txt")
    statements = read_all_statements(path)
    if statements:
        # Lines are split on "\n" only; "\r\n" and a leading BOM are removed.
        expected = [line for line in text.removeprefix("\ufeff").split("\n") if line.strip()]
        assert [s for _, s in statements] == [line.rstrip("\r").strip() for line in expected]


@FAST
@given(data=st.binary(max_size=300), encoding=st.sampled_from(ENCODINGS))
def test_read_text_of_arbitrary_bytes_raises_only_stance_error(folder, data, encoding):
    try:
        text = io.read_text(write_temp(folder, data, ".txt"), encoding=encoding)
    except StanceError:
        return
    assert isinstance(text, str) and "\r\n" not in text


# ------------------------------------------------------------- structured but wrong

KEYS = (
    "text",
    "stance",
    "reaction",
    "subject",
    "doc",
    "id",
    "speaker",
    "span",
    "sentence_normalized",
    "primary_gid",
    "targets",
    "from",
    "to",
    "polarity",
    "mention",
)
LABEL_WORDS = ("favor", "AGAINST", "none", "neutral", "positive", "neg", "maybe", "", " ")

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.sampled_from((2.0, 4.0, 6.0, 0.5, 1e308))
    | st.sampled_from(LABEL_WORDS)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=8,
)
json_objects = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6)


@FAST
@given(
    lines=st.lists(json_objects | json_values, min_size=1, max_size=4),
    options=format_options.filter(lambda o: o["encoding"] != "utf-16"),
)
@example(lines=[{"text": "a", "span": [True, 1]}], options={"format": "jsonl"})
@example(
    lines=[{"sentence_normalized": 5, "primary_gid": "a_b_c", "targets": [{"from": 0, "to": 1}]}],
    options={"format": "newsmtsc", "task": "reaction", "encoding": None},
)
@example(
    lines=[{"sentence_normalized": "ab", "primary_gid": "a", "targets": 3}],
    options={"format": "newsmtsc", "task": "reaction", "encoding": None},
)
@example(
    lines=[
        {
            "sentence_normalized": "ab",
            "primary_gid": "a",
            "targets": [{"from": 0, "to": 1, "polarity": [2.0]}],
        }
    ],
    options={"format": "newsmtsc", "task": "reaction", "encoding": None},
)
@example(
    lines=[
        {
            "sentence_normalized": "ab",
            "primary_gid": "a",
            "targets": [{"from": 1e308 * 10, "to": 1, "polarity": 2.0}],
        }
    ],
    options={"format": "newsmtsc", "task": "reaction", "encoding": None},
)
def test_read_records_of_wrong_json_raises_only_stance_error(folder, lines, options):
    text = "".join(json.dumps(line) + "\n" for line in lines)
    read_all_records(write_temp(folder, text.encode("utf-8", "surrogatepass"), ".jsonl"), **options)


@pytest.mark.parametrize("format", ["jsonl", "newsmtsc"])
@pytest.mark.parametrize(
    "line",
    [
        '{"text": ' + "1" * 5000 + "}",  # int() refuses over 4300 digits (ValueError)
        "[" * 100_000 + "]" * 100_000,  # nesting deeper than the recursion limit
        '{"text": "a", "stance": NaN, "span": [0, Infinity]}',
    ],
    ids=["huge-integer", "deep-nesting", "nan-infinity"],
)
def test_pathological_json_lines_are_stance_errors(tmp_path, format, line):
    path = tmp_path / "d.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(StanceError, match=r"d\.jsonl:1: "):
        list(io.read_records(path, format=format, task="reaction"))


csv_cells = st.sampled_from(
    ("text", "stance", "reaction", "subject", "doc", "id", "speaker", "span")
    + LABEL_WORDS
    + ('"', '""', "a,b", '"a,b"', "a\tb", "\r", "\x00", "[0, 1]", "caf\u00e9", "\u2028")
) | st.text(max_size=5)


@FAST
@given(
    rows=st.lists(st.lists(csv_cells, min_size=0, max_size=5), min_size=1, max_size=5),
    delimiter=st.sampled_from((",", "\t")),
    options=format_options.filter(lambda o: o["encoding"] != "utf-16"),
)
@example(rows=[["text", "stance"], ["a\x00", "favor"]], delimiter=",", options={"format": "csv"})
def test_read_records_of_wrong_delimited_text_raises_only_stance_error(
    folder, rows, delimiter, options
):
    text = "".join(delimiter.join(row) + "\n" for row in rows)
    suffix = ".csv" if delimiter == "," else ".tsv"
    read_all_records(write_temp(folder, text.encode("utf-8", "surrogatepass"), suffix), **options)


@FAST
@given(
    rows=st.lists(st.lists(csv_cells, min_size=4, max_size=7), min_size=0, max_size=4),
    encoding=st.sampled_from((None, "utf-8", "cp1252")),
)
def test_read_semeval_rows_raise_only_stance_error(folder, rows, encoding):
    lines = ["\t".join(io.SEMEVAL_HEADER)] + ["\t".join(row) for row in rows]
    text = "\n".join(lines) + "\n"
    data = text.encode(encoding or "cp1252", "replace")
    read_all_records(write_temp(folder, data, ".txt"), format="auto", encoding=encoding)
