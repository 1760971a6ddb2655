"""Reading PolNeAR-format gold attribution relations (``stance extract --format polnear``).

The format is that of ``../shared/data/polnear/README.txt``: one JSON object per line with
the source, cue and content of a relation and their character offsets. Scoring is in
:mod:`stance.attribution.polnear`.
"""

from __future__ import annotations

from pathlib import Path

from stance.io.records import _json_lines
from stance.records import StanceError

SOURCE_KINDS: tuple[str, ...] = ("name", "description", "pronoun", "none")
_FIELDS = ("doc", "source", "cue", "content", "source_kind", "source_name_tokens")


def read_polnear_gold(path: Path | str) -> list[dict]:
    """PolNeAR gold relations from JSON lines, checked; a bad line is a one-line StanceError.

    Each relation needs the fields of ``../shared/data/polnear/README.txt``: ``doc``,
    ``source``, ``cue``, ``content``, their ``_start``/``_end`` offsets (integers, start <=
    end; null for a missing source or cue), ``source_kind`` (name, description, pronoun,
    none; a none has null source offsets and no other has) and ``source_name_tokens``.
    ``content_spans`` and ``source_spans`` default to the one piece [start, end].
    """
    relations = []
    for _, where, fields in _json_lines(path, encoding=None):
        relations.append(_relation(fields, where))
    if not relations:
        raise StanceError(f"{path}: no gold relations (the file is empty)")
    return relations


def _relation(fields: dict, where: str) -> dict:
    for key in _FIELDS:
        if key not in fields:
            raise StanceError(f"{where}: missing field {key!r}")
    if not isinstance(fields["doc"], str) or not fields["doc"]:
        raise StanceError(f"{where}: field 'doc' must be the article's file name")
    kind = fields["source_kind"]
    if kind not in SOURCE_KINDS:
        raise StanceError(
            f"{where}: unknown source_kind {kind!r}; expected one of {', '.join(SOURCE_KINDS)}"
        )
    row = dict(fields)
    for part in ("source", "cue", "content"):
        start, end = (fields.get(f"{part}_start"), fields.get(f"{part}_end"))
        optional = part == "cue" or (part == "source" and kind == "none")
        if start is None and end is None and optional:
            row[f"{part}_spans"] = []
            continue
        if not (_is_int(start) and _is_int(end)) or not 0 <= start <= end:
            raise StanceError(
                f"{where}: {part}_start/{part}_end must be integer offsets with start <= end, "
                f"got {start!r}, {end!r}"
            )
        spans = (part != "cue" and fields.get(f"{part}_spans")) or [[start, end]]
        if not _valid_spans(spans, start, end):
            raise StanceError(
                f"{where}: {part}_spans must be [start, end] pieces within "
                f"{part}_start..{part}_end, got {str(spans):.60}"
            )
        row[f"{part}_spans"] = sorted((s, e) for s, e in spans)
    if kind == "none" and row["source_spans"]:
        raise StanceError(f"{where}: source_kind 'none' but the source has offsets")
    if not isinstance(fields["source_name_tokens"], list):
        raise StanceError(f"{where}: source_name_tokens must be a list of words")
    return row


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_spans(spans: object, start: int, end: int) -> bool:
    return isinstance(spans, list) and all(
        isinstance(p, list) and len(p) == 2 and all(_is_int(v) for v in p)
        and start <= p[0] <= p[1] <= end
        for p in spans
    )  # fmt: skip
