"""Every read and write of user data: labelled records, statement lines, articles, outputs.

Readers are generators that yield one value at a time, so large files stream. Every
problem a user can fix raises :class:`~stance.records.StanceError` naming the file, the
line and the field.
"""

from stance.io.output import atomic_output, write_rows
from stance.io.records import (
    FORMATS,
    LABEL_ALIASES,
    SEMEVAL_HEADER,
    Columns,
    detect_format,
    read_gold_speakers,
    read_records,
    read_table,
    sniff_delimiter,
)
from stance.io.text import (
    MAX_LINE_BYTES,
    article_paths,
    count_lines,
    display,
    read_head,
    read_statements,
    read_text,
    read_text_lines,
    sha256_file,
)

__all__ = [
    "FORMATS",
    "LABEL_ALIASES",
    "MAX_LINE_BYTES",
    "SEMEVAL_HEADER",
    "Columns",
    "article_paths",
    "atomic_output",
    "count_lines",
    "detect_format",
    "display",
    "read_gold_speakers",
    "read_head",
    "read_records",
    "read_statements",
    "read_table",
    "sniff_delimiter",
    "read_text",
    "read_text_lines",
    "sha256_file",
    "write_rows",
]
