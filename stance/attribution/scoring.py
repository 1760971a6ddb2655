"""Scoring speaker attribution against gold sentences (WireStance annotation rows).

Gold rows are aligned to predicted statements of the same ``doc`` by their words, so a
sentence split that differs slightly (a sentence cut in two, two merged) still aligns to
the statement holding most of its words. Speakers compare case-insensitively, with curly
and straight apostrophes alike and a leading "the" ignored.
"""

from __future__ import annotations

import re
from collections import defaultdict

from stance.records import Statement

_TOKEN = re.compile(r"\w+")
_THE = re.compile(r"^the\s+")


def normalise_speaker(speaker: str | None) -> str:
    """The form speakers are compared in: lower case, straight quotes, no leading "the"."""
    if not speaker:
        return ""
    text = speaker.replace("’", "'").replace("‘", "'").casefold()
    return _THE.sub("", " ".join(text.split()))


def score_extraction(predicted: list[Statement], gold: list[dict]) -> dict:
    """Compare predicted statements with gold rows; every rate is on a 0-1 scale.

    ``gold`` rows need ``doc``, ``text`` and ``speaker`` ("" or None for the narrator);
    ``pattern`` and ``mention_kind`` are optional and give the breakdowns. Rows whose
    pattern is ``implicit`` accept either their speaker or no speaker.
    """
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for statement in predicted:
        by_doc[statement.doc].append(statement)
    rows_by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in gold:
        rows_by_doc[row.get("doc", "")].append(row)
    outcomes = []
    for doc, rows in rows_by_doc.items():
        statements = sorted(by_doc.get(doc, []), key=lambda s: s.start)
        for row, statement in zip(rows, align(rows, statements), strict=True):
            outcomes.append(_outcome(row, statement))
    result = _summary(outcomes)
    result["by_pattern"] = _breakdown(outcomes, "pattern")
    result["by_mention_kind"] = _breakdown(outcomes, "mention_kind")
    return result


def align(rows: list[dict], statements: list[Statement]) -> list[Statement | None]:
    """For each gold row (in article order), the statement holding most of its words."""
    stream: list[tuple[str, int]] = []
    for index, statement in enumerate(statements):
        stream.extend((token, index) for token in _tokens(statement.text))
    words = [token for token, _ in stream]
    aligned: list[Statement | None] = []
    cursor = 0
    for row in rows:
        tokens = _tokens(row.get("text", ""))
        start = _find(words, tokens, cursor)
        if start < 0:
            start = _find(words, tokens, 0)
        if start < 0 or not tokens:
            aligned.append(_closest(tokens, statements))
            continue
        counts: dict[int, int] = defaultdict(int)
        for _, index in stream[start : start + len(tokens)]:
            counts[index] += 1
        aligned.append(statements[max(counts, key=counts.__getitem__)])
        cursor = start + len(tokens)
    return aligned


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def _find(words: list[str], tokens: list[str], start: int) -> int:
    if not tokens:
        return -1
    first, size = tokens[0], len(tokens)
    for position in range(start, len(words) - size + 1):
        if words[position] == first and words[position : position + size] == tokens:
            return position
    return -1


def _closest(tokens: list[str], statements: list[Statement]) -> Statement | None:
    """The statement sharing the largest share of the row's words (at least half), if any."""
    wanted = set(tokens)
    best, best_share = None, 0.5
    for statement in statements:
        share = len(wanted & set(_tokens(statement.text))) / max(len(wanted), 1)
        if share > best_share:
            best, best_share = statement, share
    return best


def _outcome(row: dict, statement: Statement | None) -> dict:
    gold = normalise_speaker(row.get("speaker"))
    guess = normalise_speaker(statement.speaker if statement else None)
    implicit = row.get("pattern") == "implicit"
    return {
        "pattern": row.get("pattern") or ("none" if not gold else "unspecified"),
        "mention_kind": row.get("mention_kind"),
        "aligned": statement is not None,
        "correct": guess == gold or (implicit and not guess),
        "gold_has": bool(gold) and not implicit,
        "guess_has": bool(guess),
        "implicit": implicit,
    }


def _summary(outcomes: list[dict]) -> dict:
    n = len(outcomes)
    correct = sum(o["correct"] for o in outcomes)
    tp = sum(o["guess_has"] and (o["gold_has"] or o["implicit"]) for o in outcomes)
    fp = sum(o["guess_has"] and not o["gold_has"] and not o["implicit"] for o in outcomes)
    fn = sum(o["gold_has"] and not o["guess_has"] for o in outcomes)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    aligned = sum(o["aligned"] for o in outcomes)
    return {
        "n_gold": n,
        "n_aligned": aligned,
        "n_unaligned": n - aligned,
        "n_correct": correct,
        "speaker_accuracy": correct / n if n else 0.0,
        "has_speaker_precision": precision,
        "has_speaker_recall": recall,
        "has_speaker_f1": f1,
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
    }


def _breakdown(outcomes: list[dict], key: str) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for outcome in outcomes:
        if outcome[key] is not None:
            groups[outcome[key]].append(outcome)
    return {name: _summary(group) for name, group in sorted(groups.items())}
