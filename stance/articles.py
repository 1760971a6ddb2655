"""Whole articles: attribute their sentences, score attribution, classify each speaker.

The article-level half of the Python API (the statement-level half is ``stance.api``):

    >>> from stance.articles import predict_article
    >>> rows = predict_article(open("article.txt").read(), subject="Donald Trump")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from stance import io
from stance.records import LABELS, Attribution, Record, StanceError, Statement


def analyse_files(paths: Sequence[Path | str], *, encoding: str | None = None) -> Iterator:
    """Read each article file once (folders give their ``*.txt``): its
    :class:`~stance.attribution.analysis.Analysis`, from which both views come."""
    from stance.attribution.analysis import analyse

    for path in io.article_paths(paths):
        text = io.read_text(path, encoding=encoding)
        doc = "<stdin>" if str(path) == "-" else Path(path).stem
        analysis = analyse(text, doc=doc)
        if not any(s.part == "body" for s in analysis.statements):
            raise StanceError(f"{io.display(path)}: no sentences found in the article")
        yield analysis


def extract_files(
    paths: Sequence[Path | str], *, encoding: str | None = None
) -> Iterator[Statement]:
    """Attribute every sentence of each article file (folders give their ``*.txt``)."""
    for analysis in analyse_files(paths, encoding=encoding):
        yield from analysis.statements


def extract_attribution_files(
    paths: Sequence[Path | str], *, encoding: str | None = None
) -> Iterator[Attribution]:
    """Every attribution relation (source, cue, content, with offsets) of each article."""
    from stance.attribution.relations import attributions_of

    for analysis in analyse_files(paths, encoding=encoding):
        yield from attributions_of(analysis, doc=analysis.statements[0].doc)


def score_extraction_files(
    paths: Sequence[Path | str], gold_path: Path | str, *, encoding: str | None = None
) -> dict:
    """Score extraction of the given articles against gold records (doc, text, speaker)."""
    from stance.attribution import score_extraction

    predicted = list(extract_files(paths, encoding=encoding))
    docs = {s.doc for s in predicted}
    gold = [g for g in io.read_gold_speakers(gold_path) if g["doc"] in docs]
    if not gold:
        raise StanceError(
            f"{gold_path}: no gold record has a doc among the articles given ({len(docs)} files)"
        )
    return score_extraction(predicted, gold)


def score_relation_files(
    paths: Sequence[Path | str], gold_path: Path | str, *, encoding: str | None = None
) -> dict:
    """Score attribution relations of the given articles against PolNeAR-format gold
    (``doc`` is the article's file name; with or without ``.txt``)."""
    from stance.attribution.polnear import score_relations
    from stance.attribution.relations import attributions_of
    from stance.io.polnear import read_polnear_gold

    statements: list[Statement] = []
    relations: list[Attribution] = []
    texts: dict[str, str] = {}
    for analysis in analyse_files(paths, encoding=encoding):
        doc = analysis.statements[0].doc
        statements.extend(analysis.statements)
        relations.extend(attributions_of(analysis, doc=doc))
        texts[doc] = analysis.text
    docs = {s.doc for s in statements}
    gold = [
        {**row, "doc": Path(row["doc"]).stem if row["doc"].endswith(".txt") else row["doc"]}
        for row in read_polnear_gold(gold_path)
    ]
    gold = [row for row in gold if row["doc"] in docs]
    if not gold:
        raise StanceError(
            f"{gold_path}: no gold relation has a doc among the articles given ({len(docs)} files)"
        )
    return score_relations(relations, gold, statements=statements, docs=docs, articles=texts)


def looks_like_article(text: str) -> bool:
    """True when text reads as an article rather than one statement a line.

    An article has paragraphs of several sentences, or a headline (a first line without
    final punctuation followed by a blank line) above its paragraphs.
    """
    from stance.attribution import split_sentences

    lines = [line.strip() for line in text.splitlines()]
    filled = [line for line in lines if line]
    if not filled:
        return False
    if len(split_sentences(text)) >= 1.5 * len(filled):
        return True
    first = lines.index(filled[0])
    has_headline = (
        first + 1 < len(lines)
        and not lines[first + 1]
        and not filled[0].endswith((".", "!", "?", '"', "”", "’", "'"))
    )
    return has_headline and len(filled) >= 3


def serving_runs(run=None, reaction_run=None, experiments: Path | str = "experiments") -> tuple:
    """The stance run and the reaction run an article is classified with (references,
    Runs, or None for the latest of each), each checked to be of its task."""
    from stance.prediction import load_serving_run

    stance_run = load_serving_run(run, experiments, task="stance")
    if stance_run.task != "stance":
        raise StanceError(f"--run {stance_run.id} is a {stance_run.task} run; pick a stance run")
    tone_run = load_serving_run(reaction_run, experiments, task="reaction")
    if tone_run.task != "reaction":
        raise StanceError(
            f"--reaction-run {tone_run.id} is a {tone_run.task} run; pick a reaction run"
        )
    return stance_run, tone_run


def predict_article(
    text: str,
    *,
    subject: str,
    doc: str = "",
    run=None,
    reaction_run=None,
    experiments: Path | str = "experiments",
    explain: int = 0,
) -> list[dict]:
    """Attribute an article's sentences, then classify stance and reaction of the attributed ones.

    The attributed sentences are classified together, as one article, so views that read
    a sentence in context (the speaker's other statements, neighbouring sentences) see
    it. Narrator sentences (no speaker) are listed with stance "none" and reaction
    "neutral": by definition the narrator takes no side. The headline is not a statement.
    """
    from stance.attribution import extract
    from stance.prediction import predict, require_subject

    stance_run, tone_run = serving_runs(run, reaction_run, experiments)
    require_subject(stance_run, subject)
    statements = [s for s in extract(text, doc=doc) if s.part == "body"]
    if not statements:
        raise StanceError(f"{doc or 'article'}: no sentences found")
    attributed = [s for s in statements if s.speaker]
    records = [
        Record(
            id=str(s.index), text=s.text, doc=doc or "article", subject=subject, speaker=s.speaker
        )
        for s in attributed
    ]
    labelled = {}
    if records:
        stance_rows = predict(records, run=stance_run, explain=explain)
        tone_rows = predict(records, run=tone_run)
        for s, stance_row, tone_row in zip(attributed, stance_rows, tone_rows, strict=True):
            labelled[s.index] = (stance_row, tone_row)
    rows = []
    for s in statements:
        stance_row, tone_row = labelled.get(s.index, (None, None))
        row = {
            "doc": s.doc,
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "speaker": s.speaker,
            "mention": s.mention,
            "cue": s.cue,
            "subject": subject,
            "stance": stance_row["stance"] if stance_row else "none",
            "reaction": tone_row["reaction"] if tone_row else "neutral",
        }
        for source in (stance_row, tone_row):
            row.update({k: v for k, v in (source or {}).items() if k.startswith("p_")})
        row["classified"] = stance_row is not None
        if stance_row and "explanation" in stance_row:
            row["explanation"] = stance_row["explanation"]
        row["run"] = stance_run.id
        row["reaction_run"] = tone_run.id
        rows.append(row)
    return rows


def summarise_speakers(rows: Sequence[dict]) -> list[dict]:
    """Each speaker's position in the article: stance and reaction with their probability,
    the sentences that carry it, and the sentence counts.

    The position follows the gold rule of the corpus (the majority of the speaker's
    non-none sentences) applied to the predicted labels
    (``stance.evaluation.speaker_position``), as the speaker-level metrics of ``train``
    and ``evaluate`` do.
    """
    import numpy as np

    from stance.evaluation import speaker_position

    by_speaker: dict[str, list[dict]] = {}
    for row in rows:
        if row["speaker"] and row.get("classified", True):
            by_speaker.setdefault(row["speaker"], []).append(row)
    summary = []
    for speaker, mine in by_speaker.items():
        entry = {"speaker": speaker, "statements": len(mine)}
        for task in ("stance", "reaction"):
            labels = LABELS[task]
            matrix = np.array([[r.get(f"p_{c}", 0.0) for c in labels] for r in mine])
            label, probability, mean = speaker_position(matrix, labels, task=task)
            entry[task] = label
            entry[f"{task}_probability"] = round(probability, 4)
            if task == "stance":
                entry.update({f"p_{c}": round(mean[c], 4) for c in labels})
                entry["sentences"] = [r["index"] for r in mine if r["stance"] == label]
        entry.update({label: sum(r["stance"] == label for r in mine) for label in LABELS["stance"]})
        entry.update(
            {label: sum(r["reaction"] == label for r in mine) for label in LABELS["reaction"]}
        )
        summary.append(entry)
    return summary
