"""Scoring attribution relations against PolNeAR gold (source, cue and content spans).

Definitions (every rate is on a 0-1 scale, rounded to 3 decimals, with its counts beside it;
a rate over nothing is None):

* **Documents.** Only documents in the gold and in ``docs`` count; without ``docs``, the
  gold documents that hold a prediction or a statement. Pass ``docs`` (the articles the
  extractor ran on) so an article where it found nothing still counts.
* **Spans** compare after trimming whitespace, quote marks and punctuation
  (`` " “ ” ‘ ’ ' ` « » , . : ; ``) from both ends; a span made only of such characters (a
  ":" cue) is kept whole. *Partial* match: the two character ranges overlap. *Exact*: they
  are equal. A discontinuous gold span (``content_spans``, ``source_spans``) overlaps when
  any piece does, and is equal to a prediction when its envelope (first piece's start, last
  piece's end, after trimming) is. Trimming reads the article text when ``articles`` is
  given, else the span text (the pieces in offset order, joined by one space; a text that
  does not fit its offsets is not trimmed).
* **Relations.** Within a document, gold and predicted relations are paired one to one by
  content overlap: greedily, the largest overlap in characters first; ties go to the pair
  with fewer characters outside the overlap, then to the larger cue and then source
  overlap, then to the earlier gold and predicted start.
  Recall = matched gold / gold, precision = matched predicted / predicted, F1 their
  harmonic mean. *Partial* relation matching pairs any content overlap, *exact* only equal
  contents (a second, separate pairing).
* **Components.** Over the partially matched pairs, the share whose source, cue and
  content match partially and exactly. A gold relation without a source (kind ``none``)
  has its source right when the prediction has none; one without a cue (one in train), when
  the predicted cue is empty.
* **Speaker accuracy**, per gold source kind, over all gold relations of that kind
  (unmatched ones are wrong). Name tokens are the casefolded word tokens of a name (dots
  dropped: "U.S." is "us") without titles (president, sen., mr., ...), stopwords and
  one-letter tokens unless nothing else is left; two names "share a name" when they have a
  token in common. *name*: the matched prediction's speaker shares a name with the gold
  ``source_name_tokens``.
  *pronoun*: the pronoun stands for the source of the nearest preceding gold relation (by
  source offset, same document) whose source kind is name; right when our speaker shares a
  name with it or, with no such relation, when the predicted source overlaps the gold one.
  *description*: right when the predicted source overlaps the gold source or our speaker
  shares a name with the gold source's words. *none*: no speaker; reported is the share
  matched with a prediction that has no source. ``any_overlap`` gives the same accuracies
  counting a gold relation right when any predicted relation whose content overlaps it
  has its speaker (no one-to-one pairing; the measure of the sentence-level figures).
* **Cue kind** of a gold relation: "speech" when the cue's head word (its first word that
  is not an auxiliary, negation or adverb such as has, was, also, then, "went on to") is a
  form of a verb in :data:`SPEECH_VERBS`, when the cue holds a phrase of
  :data:`SPEECH_PHRASES` ("according to", "in a statement", "pointed out", ...), or when it
  is only a colon or a dash (":" before a quote, "―" after one); "other" otherwise.
  Precision is also broken down by the predicted ``kind`` (speech, belief, finding, act)
  and ``mention``.
* **Sentence level** (needs ``statements``; the headline counts like any sentence): over
  gold relations with a named source, the share whose content overlaps a sentence we gave
  a speaker (recall), and the share where one such sentence's speaker also shares a name
  with the gold source (right), overall and by cue kind; and the share of sentences we gave
  a speaker that overlap no gold relation's content, cue or source (a precision proxy:
  lower is better).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from stance.io.polnear import SOURCE_KINDS
from stance.records import Attribution, Statement

CUE_KINDS: tuple[str, ...] = ("speech", "other")

#: The headline targets of issue 12 (speaker accuracy; the precision proxy is an upper bound).
TARGETS: dict[str, float] = {
    "name_speech_cue": 0.95,
    "name": 0.85,
    "description": 0.70,
    "pronoun": 0.70,
    "sentences_without_gold": 0.05,
}

_TRIM = " \t\r\n\"“”‘’'`«»,.:;"
_WORD = re.compile(r"\w+")
_PUNCTUATION_CUES = " :―—–-"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Lemmas of speech verbs; their forms come from :func:`_forms` and ``_IRREGULAR``.
SPEECH_VERBS: frozenset[str] = _words(
    "say tell add argue write ask state explain note claim insist tweet post announce declare"
    " respond reply continue warn suggest acknowledge admit concede comment remark recall"
    " reiterate repeat assert contend stress emphasize emphasise mention testify inform joke"
    " quip complain lament confirm deny report retort answer exclaim caution allege"
    " observe"
)
#: Phrases that make a cue a speech cue wherever they occur in it.
SPEECH_PHRASES: tuple[str, ...] = (
    "according to",
    "in a statement",
    "in an interview",
    "in a tweet",
    "in a post",
    "in an email",
    "in a letter",
    "in a speech",
    "point out",
    "points out",
    "pointed out",
    "pointing out",
)
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "admit": ("admitted", "admitting"),
    "quip": ("quipped", "quipping"),
}
_SKIP = _words(
    "has have had having is are was were be been being am do does did not never also then"
    " later again once further first previously recently repeatedly publicly privately"
    " reportedly would will could should may might can must just already still only"
    " went goes go going on to n't didn doesn don wasn isn hasn haven t"
)
_TITLES = _words(
    "president vice sen senator rep representative gov governor mr mrs ms miss dr prof"
    " professor gen general rev secretary director chairman chairwoman chair judge"
    " mayor attorney minister prime speaker leader chief former candidate nominee"
)
_STOPWORDS = _words(
    "the a an of and or in on at for to by with from his her its their our my your this that"
    " these those who which s"
)


def _forms(lemma: str) -> set[str]:
    """The lemma and its inflections: add -> adds, added, adding; say -> ..., said."""
    if lemma.endswith("e"):
        forms = {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms = {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x")):
        forms = {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms = {lemma + "s", lemma + "ed", lemma + "ing"}
    return {lemma, *forms, *_IRREGULAR.get(lemma, ())}


_SPEECH_FORMS = frozenset(form for lemma in SPEECH_VERBS for form in _forms(lemma))


def cue_kind(cue: str | None) -> str:
    """ "speech" or "other": see the module docstring for the rule."""
    text = " ".join((cue or "").casefold().replace("’", "'").split())
    if text and not text.strip(_PUNCTUATION_CUES):  # ":" before a quote, "―" after one
        return "speech"
    if any(re.search(rf"\b{phrase}\b", text) for phrase in SPEECH_PHRASES):
        return "speech"
    words = [w for w in _WORD.findall(text) if w not in _SKIP]
    return "speech" if words and words[0] in _SPEECH_FORMS else "other"


def name_tokens(text: str | Iterable[str] | None) -> set[str]:
    """Casefolded word tokens of a name, without titles, stopwords and one-letter tokens."""
    if not text:
        return set()
    joined = text if isinstance(text, str) else " ".join(text)
    words = _WORD.findall(joined.casefold().replace("’", "'").replace(".", ""))  # U.S. = us
    names = {w for w in words if w not in _TITLES and w not in _STOPWORDS}
    return {w for w in names if len(w) > 1} or names  # "The Q poll" keeps its "q"


# --------------------------------------------------------------------------- spans


def trim(pieces: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The pieces without the whitespace, quotes and punctuation at both ends of ``text``.

    ``text`` is the pieces' characters in offset order joined by one space; when it does
    not fit the offsets, or is all punctuation, the pieces come back unchanged.
    """
    pieces = sorted(pieces)
    if not pieces or len(text) != sum(e - s for s, e in pieces) + len(pieces) - 1:
        return list(pieces)
    lead = len(text) - len(text.lstrip(_TRIM))
    if lead == len(text):
        return list(pieces)
    trail = len(text) - len(text.rstrip(_TRIM))
    out = [list(p) for p in pieces]
    while lead > 0:
        size = out[0][1] - out[0][0]
        if lead < size:
            out[0][0] += lead
            break
        out.pop(0)
        lead -= size + 1  # the piece, then the space joining it to the next
    while trail > 0:
        size = out[-1][1] - out[-1][0]
        if trail < size:
            out[-1][1] -= trail
            break
        out.pop()
        trail -= size + 1
    return [(s, e) for s, e in out]


def _overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Characters the two sets of pieces share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _envelope(pieces: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    return (pieces[0][0], pieces[-1][1]) if pieces else None


class _Spans:
    """Trimmed pieces of each part of a relation, read from the article when there is one."""

    def __init__(self, articles: Mapping[str, str] | None):
        self.articles = articles or {}

    def of(self, doc: str, pieces: Sequence[tuple[int, int]], text: str | None):
        article = self.articles.get(doc)
        if article is not None:
            text = " ".join(article[s:e] for s, e in sorted(pieces))
        return trim(pieces, text or "")

    def gold(self, row: dict, part: str) -> list[tuple[int, int]]:
        return self.of(row["doc"], row[f"{part}_spans"], row[part])

    def predicted(self, attribution: Attribution, part: str) -> list[tuple[int, int]]:
        start = getattr(attribution, f"{part}_start")
        end = getattr(attribution, f"{part}_end")
        if start is None or end is None:
            return []
        return self.of(attribution.doc, [(start, end)], getattr(attribution, part))


# --------------------------------------------------------------------------- scoring


def score_relations(
    predicted: Sequence[Attribution],
    gold: Sequence[dict],
    *,
    statements: Sequence[Statement] = (),
    docs: set[str] | None = None,
    articles: Mapping[str, str] | None = None,
) -> dict:
    """Relation, component, speaker and sentence-level scores against PolNeAR gold.

    ``gold`` comes from :func:`stance.io.polnear.read_polnear_gold`; ``statements`` (the
    sentence view) give the sentence-level figures; ``docs`` the documents to score;
    ``articles`` (doc -> text) make span trimming exact. The definitions are in the
    module docstring.
    """
    gold_docs = {row["doc"] for row in gold}
    if docs is None:
        docs = gold_docs & ({a.doc for a in predicted} | {s.doc for s in statements})
    else:
        docs = gold_docs & set(docs)
    spans = _Spans(articles)
    gold_by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in gold:
        if row["doc"] in docs:
            gold_by_doc[row["doc"]].append(_gold_view(row, spans))
    pred_by_doc: dict[str, list[dict]] = defaultdict(list)
    for attribution in predicted:
        if attribution.doc in docs:
            pred_by_doc[attribution.doc].append(_predicted_view(attribution, spans))
    outcomes, predictions = [], []
    for doc in sorted(docs):
        golds, preds = gold_by_doc[doc], pred_by_doc[doc]
        _resolve_pronouns(golds)
        exact = _match(golds, preds, exact=True)
        partial = _match(golds, preds, exact=False)
        for i, row in enumerate(golds):
            pred = preds[partial[i]] if i in partial else None
            outcome = _outcome(row, pred, exact_match=i in exact)
            outcome["speaker_right_any"] = any(
                _speaker_right(row, p) for p in preds if _overlap(row["content"], p["content"]) > 0
            )
            outcomes.append(outcome)
        matched = set(partial.values())
        exact_matched = set(exact.values())
        predictions.extend(
            {
                "kind": p["kind"],
                "mention": p["mention"],
                "matched": j in matched,
                "matched_exact": j in exact_matched,
            }
            for j, p in enumerate(preds)
        )
    scores = {
        "n_docs": len(docs),
        "n_gold_docs_not_scored": len(gold_docs - docs),
        "relations": _relations(outcomes, predictions),
        "components": _components(outcomes),
        "speaker": _speaker(outcomes),
        "by_source_kind": {k: _block(outcomes, kind=k) for k in SOURCE_KINDS},
        "by_cue_kind": {k: _block(outcomes, cue_kind=k) for k in CUE_KINDS},
        "precision_by_kind": _precision_by(predictions, "kind"),
        "precision_by_mention": _precision_by(predictions, "mention"),
        "targets": dict(TARGETS),
    }
    scores["sentences"] = _sentences(statements, gold_by_doc, docs) if statements else None
    return scores


def _gold_view(row: dict, spans: _Spans) -> dict:
    return {
        "row": row,
        "kind": row["source_kind"],
        "cue_kind": cue_kind(row["cue"]),
        "source": spans.gold(row, "source"),
        "cue": spans.gold(row, "cue"),
        "content": spans.gold(row, "content"),
        "names": name_tokens(row["source_name_tokens"]),
        "words": name_tokens(row["source"]),
        "antecedent": None,
    }


def _predicted_view(attribution: Attribution, spans: _Spans) -> dict:
    return {
        "kind": attribution.kind,
        "mention": attribution.mention,
        "speaker": name_tokens(attribution.speaker),
        "has_source": attribution.source_start is not None and attribution.source is not None,
        "source": spans.predicted(attribution, "source"),
        "cue": spans.predicted(attribution, "cue"),
        "content": spans.predicted(attribution, "content"),
    }


def _resolve_pronouns(golds: list[dict]) -> None:
    """Give each pronoun source the name tokens of the nearest preceding named source."""
    named = sorted((g["row"]["source_start"], g["names"]) for g in golds if g["kind"] == "name")
    for g in golds:
        if g["kind"] == "pronoun":
            before = [names for start, names in named if start < g["row"]["source_start"]]
            g["antecedent"] = before[-1] if before else None


def _match(golds: list[dict], preds: list[dict], *, exact: bool) -> dict[int, int]:
    """One-to-one pairs gold index -> predicted index, largest content overlap first."""
    candidates = []
    for i, g in enumerate(golds):
        low, high = _envelope(g["content"]) or (0, 0)
        for j, p in enumerate(preds):
            envelope = _envelope(p["content"])
            if envelope is None or envelope[0] >= high or envelope[1] <= low:
                continue
            if exact and envelope != (low, high):
                continue
            size = _overlap(g["content"], p["content"])
            if size <= 0:
                continue
            outside = _size(g["content"]) + _size(p["content"]) - 2 * size
            cue, source = (-_overlap(g[part], p[part]) for part in ("cue", "source"))
            candidates.append((-size, outside, cue, source, low, envelope[0], i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, i, j in sorted(candidates):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _size(pieces: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in pieces)


def _outcome(g: dict, p: dict | None, *, exact_match: bool) -> dict:
    outcome = {
        "kind": g["kind"],
        "cue_kind": g["cue_kind"],
        "matched": p is not None,
        "matched_exact": exact_match,
        "speaker_right": False,
    }
    if p is None:
        return outcome
    for part in ("source", "cue", "content"):
        gold_pieces, pred_pieces = g[part], p[part]
        if part == "source" and g["kind"] == "none":
            partial = exact = not p["has_source"]
        elif not gold_pieces:  # a gold relation without a cue
            partial = exact = not pred_pieces or pred_pieces[0][0] == pred_pieces[-1][1]
        else:
            partial = _overlap(gold_pieces, pred_pieces) > 0
            exact = bool(pred_pieces) and _envelope(gold_pieces) == _envelope(pred_pieces)
        outcome[f"{part}_partial"], outcome[f"{part}_exact"] = partial, exact
    outcome["speaker_right"] = _speaker_right(g, p)
    return outcome


def _speaker_right(g: dict, p: dict) -> bool:
    """Whether prediction ``p`` has the speaker of gold relation ``g`` (by source kind)."""
    source_overlap = _overlap(g["source"], p["source"]) > 0
    if g["kind"] == "name":
        return bool(p["speaker"] & g["names"])
    if g["kind"] == "pronoun":
        antecedent = g["antecedent"]
        return bool(p["speaker"] & antecedent) if antecedent is not None else source_overlap
    if g["kind"] == "description":
        return source_overlap or bool(p["speaker"] & g["words"])
    return not p["has_source"]


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0


def _relations(outcomes: list[dict], predictions: list[dict]) -> dict:
    result = {"n_gold": len(outcomes), "n_predicted": len(predictions)}
    for mode, key in (("partial", "matched"), ("exact", "matched_exact")):
        matched_gold = sum(o[key] for o in outcomes)
        matched_pred = sum(p[key] for p in predictions)
        precision = _rate(matched_pred, len(predictions))
        recall = _rate(matched_gold, len(outcomes))
        result[mode] = {
            "n_matched_gold": matched_gold,
            "n_matched_predicted": matched_pred,
            "precision": precision,
            "recall": recall,
            "f1": _f1(
                matched_pred / len(predictions) if predictions else None,
                matched_gold / len(outcomes) if outcomes else None,
            ),
        }
    return result


def _components(outcomes: list[dict]) -> dict:
    matched = [o for o in outcomes if o["matched"]]
    result: dict = {"n_matched": len(matched)}
    for part in ("source", "cue", "content"):
        partial = sum(o[f"{part}_partial"] for o in matched)
        exact = sum(o[f"{part}_exact"] for o in matched)
        result[part] = {
            "n_partial": partial,
            "partial": _rate(partial, len(matched)),
            "n_exact": exact,
            "exact": _rate(exact, len(matched)),
        }
    return result


def _accuracy(outcomes: list[dict], target: float | None = None) -> dict:
    right = sum(o["speaker_right"] for o in outcomes)
    result = {"n_gold": len(outcomes), "n_right": right, "accuracy": _rate(right, len(outcomes))}
    if target is not None:
        result["target"] = target
    return result


def _speaker(outcomes: list[dict]) -> dict:
    of = lambda kind: [o for o in outcomes if o["kind"] == kind]  # noqa: E731
    named_speech = [o for o in of("name") if o["cue_kind"] == "speech"]
    none = of("none")
    no_source = sum(o["speaker_right"] for o in none)  # matched, and predicted without source
    lenient = {
        key: _rate(sum(o["speaker_right_any"] for o in group), len(group))
        for key, group in [
            ("name_speech_cue", named_speech),
            ("name", of("name")),
            ("description", of("description")),
            ("pronoun", of("pronoun")),
        ]
    }
    return {
        "any_overlap": lenient,
        "name_speech_cue": _accuracy(named_speech, TARGETS["name_speech_cue"]),
        "name": _accuracy(of("name"), TARGETS["name"]),
        "description": _accuracy(of("description"), TARGETS["description"]),
        "pronoun": _accuracy(of("pronoun"), TARGETS["pronoun"]),
        "none": {
            "n_gold": len(none),
            "n_matched": sum(o["matched"] for o in none),
            "matched": _rate(sum(o["matched"] for o in none), len(none)),
            "n_no_source": no_source,
            "no_source": _rate(no_source, len(none)),
        },
    }


def _block(outcomes: list[dict], **where: str) -> dict:
    """Recall, components and speaker accuracy of the gold relations selected by ``where``."""
    group = [o for o in outcomes if all(o[k] == v for k, v in where.items())]
    with_source = [o for o in group if o["kind"] != "none"]
    return {
        "n_gold": len(group),
        "n_matched": sum(o["matched"] for o in group),
        "recall_partial": _rate(sum(o["matched"] for o in group), len(group)),
        "n_matched_exact": sum(o["matched_exact"] for o in group),
        "recall_exact": _rate(sum(o["matched_exact"] for o in group), len(group)),
        "components": _components(group),
        "speaker": _accuracy(with_source) if with_source else None,
    }


def _precision_by(predictions: list[dict], key: str) -> dict:
    groups: dict[str, list[dict]] = defaultdict(list)
    for p in predictions:
        groups[p[key]].append(p)
    return {
        name: {
            "n_predicted": len(group),
            "n_matched": sum(p["matched"] for p in group),
            "precision_partial": _rate(sum(p["matched"] for p in group), len(group)),
            "precision_exact": _rate(sum(p["matched_exact"] for p in group), len(group)),
        }
        for name, group in sorted(groups.items())
    }


def _sentences(
    statements: Sequence[Statement], gold_by_doc: dict[str, list[dict]], docs: set[str]
) -> dict:
    spoken: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        if statement.doc in docs and statement.speaker:
            spoken[statement.doc].append(statement)
    named: list[tuple[str, bool, bool]] = []  # (cue kind, overlaps a sentence, speaker right)
    without_gold = 0
    for doc in sorted(docs):
        golds = gold_by_doc.get(doc, [])
        for g in golds:
            if g["kind"] != "name":
                continue
            hits = [s for s in spoken[doc] if _overlap(g["content"], [(s.start, s.end)])]
            right = any(name_tokens(s.speaker) & g["names"] for s in hits)
            named.append((g["cue_kind"], bool(hits), right))
        annotated = [
            piece for g in golds for part in ("source", "cue", "content") for piece in g[part]
        ]
        without_gold += sum(not _overlap(annotated, [(s.start, s.end)]) for s in spoken[doc])
    n_spoken = sum(len(v) for v in spoken.values())

    def figures(rows: list[tuple[str, bool, bool]]) -> dict:
        overlap = sum(r[1] for r in rows)
        right = sum(r[2] for r in rows)
        return {
            "n_gold": len(rows),
            "n_overlap": overlap,
            "recall": _rate(overlap, len(rows)),
            "n_right": right,
            "speaker_right": _rate(right, len(rows)),
        }

    return {
        "named": figures(named),
        "named_speech_cue": figures([r for r in named if r[0] == "speech"]),
        "named_other_cue": figures([r for r in named if r[0] == "other"]),
        "n_sentences_with_speaker": n_spoken,
        "n_without_gold": without_gold,
        "without_gold": _rate(without_gold, n_spoken),
        "target_without_gold": TARGETS["sentences_without_gold"],
    }
