"""Speaker sums of an archive's sentence rows: each partition is tallied where it runs
(counts, label counts, probability sums per speaker, and per speaker and period of
dated articles), the tallies are added in partition order, and the total becomes one
summary row per speaker (and per period and speaker).
"""

from __future__ import annotations

from collections.abc import Iterable

from stance.records import LABELS

PERIODS = {"day": 10, "month": 7, "year": 4}
PROBABILITIES = tuple(f"p_{label}" for task in ("stance", "reaction") for label in LABELS[task])


def tally(rows: Iterable[dict], *, kind: str, period: str) -> dict:
    """Sums per speaker (key ``speaker``) and per speaker and period (``speaker\\tperiod``)
    of a partition's attributed sentences: counts, label counts, probability sums. Sums
    of partitions add up to the archive's, so each partition is tallied where it runs."""
    sums: dict[str, dict] = {}
    docs: dict[str, set] = {}
    for row in rows:
        if not row["speaker"] or (kind == "extract" and row["part"] != "body"):
            continue
        if kind == "predict" and not row["classified"]:
            continue
        keys = [row["speaker"]]
        if row["date"]:
            keys.append(f"{row['speaker']}\t{row['date'][: PERIODS[period]]}")
        for key in keys:
            entry = sums.setdefault(key, {"statements": 0})
            docs.setdefault(key, set()).add(row["doc"])
            entry["statements"] += 1
            if kind == "predict":
                for task in ("stance", "reaction"):
                    entry[row[task]] = entry.get(row[task], 0) + 1
                for column in PROBABILITIES:
                    entry[column] = entry.get(column, 0.0) + (row[column] or 0.0)
    for key, entry in sums.items():
        entry["articles"] = len(docs[key])
    return sums


def add_tally(total: dict, part: dict) -> dict:
    """Add a partition's sums into ``total``; added in partition order, the float sums
    are the same every time, wherever the partitions ran."""
    for key, entry in part.items():
        into = total.setdefault(key, {})
        for name, value in entry.items():
            into[name] = into.get(name, 0) + value
    return total


def summary_rows(total: dict, *, kind: str) -> list[dict]:
    """One row per speaker (most statements first), then per period and speaker."""
    rows = []
    for key, entry in total.items():
        speaker, _, period = key.partition("\t")
        n = entry["statements"]
        row = {"speaker": speaker, "period": period or None, "statements": n}
        row["articles"] = entry["articles"]
        if kind == "predict":
            for task in ("stance", "reaction"):
                row.update({label: entry.get(label, 0) for label in LABELS[task]})
            row.update({column: round(entry.get(column, 0.0) / n, 4) for column in PROBABILITIES})
        rows.append(row)
    rows.sort(
        key=lambda r: (r["period"] is not None, r["period"] or "", -r["statements"], r["speaker"])
    )
    return rows
