import json

import pytest

from stance import io
from stance.records import Record, StanceError


def read(path, **kw):
    return list(io.read_records(path, **kw))


def test_reads_jsonl_records_with_both_labels(data_file, rows):
    records = read(data_file)
    assert len(records) == len(rows)
    first = records[0]
    assert isinstance(first, Record)
    assert (first.id, first.doc, first.subject, first.stance, first.reaction) == (
        rows[0]["id"],
        rows[0]["doc"],
        rows[0]["subject"],
        "favor",
        "positive",
    )
    assert first.source.endswith("data.jsonl:1")


def test_narrator_speaker_is_empty_string_and_missing_speaker_is_none(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"text": "a", "stance": "none", "speaker": ""}\n{"text": "b", "stance": "none"}\n'
    )
    narrator, unknown = read(path)
    assert narrator.speaker == "" and unknown.speaker is None


def test_reads_csv_with_mapped_columns(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        'sentence,label,topic,article\n"Hello, world",FAVOR,tax,a1\nBye,against,tax,a2\n'
    )
    cols = io.Columns(text="sentence", label="label", subject="topic", group="article")
    records = read(path, columns=cols)
    assert [(r.text, r.stance, r.subject, r.doc) for r in records] == [
        ("Hello, world", "favor", "tax", "a1"),
        ("Bye", "against", "tax", "a2"),
    ]
    assert records[1].id == "3"


def test_reads_tsv(tmp_path):
    path = tmp_path / "d.tsv"
    path.write_text("text\treaction\nGood news\tpositive\n")
    assert read(path, task="reaction")[0].reaction == "positive"


def test_accepts_bom_and_crlf(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes("\ufefftext,stance\r\nCaf\u00e9 talk,none\r\n".encode())
    record = read(path)[0]
    assert (record.text, record.stance) == ("Caf\u00e9 talk", "none")


def test_reader_is_a_generator_that_streams(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "ok", "stance": "favor"}\n{broken\n')
    records = io.read_records(path)
    assert next(records).text == "ok"
    with pytest.raises(StanceError):
        next(records)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "d.jsonl",
            '{"text": "a", "stance": "favor"}\n{"text": "b", "stance": }\n',
            "d.jsonl:2: invalid JSON",
        ),
        ("d.jsonl", "[1, 2]\n", "d.jsonl:1: expected a JSON object"),
        ("d.jsonl", '{"stance": "favor"}\n', "d.jsonl:1: missing field 'text'"),
        ("d.jsonl", '{"text": "  ", "stance": "favor"}\n', "d.jsonl:1: field 'text' is empty"),
        (
            "d.jsonl",
            '{"text": "a", "stance": "maybe"}\n',
            "d.jsonl:1: field 'stance' has unknown stance label 'maybe'",
        ),
        ("d.csv", "text,label\na,favor\n", "d.csv:1: no column 'stance'"),
        ("d.csv", "body,stance\na,favor\n", "d.csv:1: no column 'text'"),
        ("d.csv", "text,stance\na,favor,extra\n", "d.csv:2: row has 3 fields, the header has 2"),
        ("d.csv", 'text,stance\n"a,favor\n', "d.csv:2: malformed CSV"),
        ("d.jsonl", "", "d.jsonl: file is empty"),
    ],
)
def test_bad_records_name_file_line_and_field(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(StanceError, match=message.replace("(", r"\(")) as error:
        read(path)
    assert str(tmp_path) in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(StanceError, match="no such file"):
        read(tmp_path / "absent.jsonl", format="jsonl")
    with pytest.raises(StanceError, match="is a directory"):
        read(tmp_path, format="jsonl")


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\x00\x01\x02binary\x00\n")
    with pytest.raises(StanceError, match="binary"):
        read(path, format="jsonl")


def test_non_utf8_names_byte_offset_and_suggests_encoding(tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"text,stance\nna\xefve remark,none\n")
    with pytest.raises(StanceError, match=r"d.csv:2: byte offset 14 .*--encoding"):
        read(path)
    assert read(path, encoding="cp1252")[0].text == "na\u00efve remark"


def test_unknown_encoding(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("text,stance\na,none\n")
    with pytest.raises(StanceError, match="unknown encoding"):
        read(path, encoding="klingon")


def test_overlong_line_is_refused(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "x" * (10 * 1024 * 1024), "stance": "none"}) + "\n")
    with pytest.raises(StanceError, match="d.jsonl:1: line is .* bytes long"):
        read(path)


SEMEVAL = (
    "ID\tTarget\tTweet\tStance\tOpinion towards\tSentiment\r\n"
    "101\tWind Power\tTurbines, finally! #clean\tFAVOR\t1.  x\tPOSITIVE\r\n"
    '102\tWind Power\tThey "ruin" the coast\tAGAINST\t1.  x\tNEGATIVE\r\n'
    "103\tWind Power\tMeeting at 5\tNONE\t3.  x\tNEITHER\r\n"
)


def test_reads_semeval_format_detected_from_header(tmp_path):
    path = tmp_path / "train.txt"
    path.write_bytes(SEMEVAL.encode("cp1252"))
    records = read(path)
    assert [r.stance for r in records] == ["favor", "against", "none"]
    assert [r.reaction for r in records] == ["positive", "negative", "neutral"]
    assert records[1].text == 'They "ruin" the coast' and records[0].subject == "Wind Power"


def test_semeval_reads_windows_1252_bytes(tmp_path):
    path = tmp_path / "train.txt"
    path.write_bytes(SEMEVAL.replace("finally", "caf\u00e9 \u2019").encode("cp1252"))
    assert "caf\u00e9 \u2019" in read(path, format="semeval")[0].text


NEWSMTSC = {
    "primary_gid": "allsides_7_12_3_Some One_0_1",
    "sentence_normalized": "Lee praised Kim but mocked Park.",
    "targets": [
        {"from": 0, "to": 3, "mention": "Lee", "polarity": 4.0},
        {"from": 12, "to": 15, "mention": "Kim", "polarity": 6.0},
        {"from": 27, "to": 31, "mention": "Park", "polarity": 2.0},
    ],
}


def test_reads_newsmtsc_one_record_per_target(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(NEWSMTSC) + "\n")
    records = read(path, task="reaction")
    assert [(r.subject, r.reaction, r.span) for r in records] == [
        ("Lee", "neutral", (0, 3)),
        ("Kim", "positive", (12, 15)),
        ("Park", "negative", (27, 31)),
    ]
    assert {r.doc for r in records} == {"allsides_7"}


def test_newsmtsc_bad_polarity(tmp_path):
    bad = dict(NEWSMTSC, targets=[{"from": 0, "to": 3, "mention": "Lee", "polarity": 5.0}])
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(bad) + "\n")
    with pytest.raises(StanceError, match="train.jsonl:1: target 0 has unknown polarity"):
        read(path, task="reaction", format="newsmtsc")


def test_read_statements_skips_blank_lines_and_rejects_all_blank(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("first\n\n  second  \n")
    assert list(io.read_statements(path)) == [(1, "first"), (3, "second")]
    path.write_text("\n\n")
    with pytest.raises(StanceError, match="no statements"):
        list(io.read_statements(path))


def test_atomic_output_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), io.atomic_output(target) as stream:
        stream.write("partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with io.atomic_output(target) as stream:
        io.write_rows(stream, [{"a": 1, "b": "x"}], format="csv")
    assert target.read_text() == "a,b\n1,x\n"


def test_atomic_output_gets_ordinary_permissions_and_keeps_existing_ones(tmp_path):
    import os
    import stat

    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.csv"
        with io.atomic_output(fresh) as stream:
            stream.write("x\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644  # not the temporary file's 0600
        kept = tmp_path / "kept.csv"
        kept.write_text("old\n")
        kept.chmod(0o640)
        with io.atomic_output(kept) as stream:
            stream.write("new\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new\n"
    finally:
        os.umask(old_umask)


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        (b"", 0),
        (b"a", 1),
        (b"a\n", 1),
        (b"a\nb", 2),
        (b"a\r\n\r\nb\n", 3),
        (b"x\n" * 70_000, 70_000),
    ],
)
def test_count_lines_counts_an_unterminated_last_line(tmp_path, content, lines):
    (tmp_path / "f.txt").write_bytes(content)
    assert io.count_lines(tmp_path / "f.txt") == lines


def test_count_lines_of_a_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(StanceError, match="no such file"):
        io.count_lines(tmp_path / "missing.txt")


@pytest.mark.parametrize("count", [0, 1, 255, 256, 257, 600])
def test_jsonl_rows_are_one_json_document_a_line_across_write_chunks(count):
    import io as stdlib_io
    import json

    from stance.io import write_rows

    rows = [{"text": f"Zoë said “{i}”", "p_favor": i / 7, "seen": i % 2 == 0} for i in range(count)]
    stream = stdlib_io.StringIO()
    write_rows(stream, iter(rows), format="jsonl")
    assert stream.getvalue() == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
