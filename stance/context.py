"""Views that read a sentence in its article: the speaker's other statements, the
neighbouring sentences, how the sentence refers to the subject, and its reporting cue.

They take context from the other records of the same article in the batch they are
given (records of one article together, in article order), never from labels, so they
cannot leak a label across a cross-validation fold.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from stance.features import WORD, CharView, View, WordView
from stance.subjects import PLACEHOLDER, find_mentions, with_placeholder

CONTRAST = re.compile(
    r"\b(?:but|however|nevertheless|nonetheless|yet|although|though|despite|while|whereas)\b",
    re.IGNORECASE,
)
NEGATION_WORDS = re.compile(
    r"\b(?:not|no|never|cannot|can't|won't|don't|doesn't|didn't|isn't|wasn't|nothing|nobody)\b",
    re.IGNORECASE,
)


def _article_groups(records) -> dict:
    """(doc, speaker) -> row numbers, for records that have both."""
    groups = defaultdict(list)
    for i, record in enumerate(records):
        speaker = getattr(record, "speaker", None)
        if getattr(record, "doc", "") and speaker:
            groups[(record.doc, speaker)].append(i)
    return groups


def subject_texts(records) -> list[str]:
    """Each record's text with its references to the subject replaced by ``SUBJ``."""
    return [
        with_placeholder(r.text, mentions)
        for r, mentions in zip(records, find_mentions(records), strict=True)
    ]


class SpeakerContextView(View):
    """The words of the same speaker's other statements in the article.

    A speaker holds one position through an article, so what they say elsewhere is the
    strongest evidence for an ambiguous sentence. ``placeholder`` replaces references
    to the subject by ``SUBJ`` first; a record without a speaker or other statements
    gets the token ``NO_CONTEXT``.
    """

    kind = "speaker_context"

    def __init__(self, *, ngram_range=(1, 2), placeholder=True, min_df=1, weight=1.0):
        self.ngram_range = ngram_range
        self.placeholder = placeholder
        self.min_df = min_df
        self.weight = weight

    def documents(self, records):
        texts = subject_texts(records) if self.placeholder else [r.text for r in records]
        out = ["NO_CONTEXT"] * len(records)
        for members in _article_groups(records).values():
            for i in members:
                others = [texts[j] for j in members if j != i]
                if others:
                    out[i] = " ".join(others)
        return out

    def vectorizer_options(self):
        return dict(
            ngram_range=tuple(self.ngram_range),
            token_pattern=WORD.pattern,
            sublinear_tf=True,
            min_df=self.min_df,
        )


class NeighbourView(View):
    """The words of the sentences just before and after, in the same article (``P_``/``N_``).

    Running quotes and "he added" sentences lean on their neighbours.
    """

    kind = "neighbours"

    def __init__(self, *, size=1, placeholder=True, weight=1.0):
        self.size = size
        self.placeholder = placeholder
        self.weight = weight

    def documents(self, records):
        texts = subject_texts(records) if self.placeholder else [r.text for r in records]
        by_doc = defaultdict(list)
        for i, record in enumerate(records):
            by_doc[getattr(record, "doc", "") or f"record:{i}"].append(i)
        out = [""] * len(records)
        for members in by_doc.values():
            for position, i in enumerate(members):
                words = []
                for step in range(1, self.size + 1):
                    for prefix, at in (("P", position - step), ("N", position + step)):
                        if 0 <= at < len(members):
                            text = texts[members[at]].lower()
                            words += [f"{prefix}_{w}" for w in WORD.findall(text)]
                out[i] = " ".join(words) or "NO_NEIGHBOURS"
        return out


class SubjectMentionView(View):
    """How the sentence refers to the subject, and what surrounds the reference.

    Tokens: the kind of each reference (``KIND_surname``, ``KIND_pronoun``, ...) or
    ``NO_SUBJ``; the words within ``window`` of ``SUBJ`` (``L_``/``R_``) and their pairs
    across the placeholder ("praised SUBJ"); ``NEG_NEAR`` / ``CONTRAST_NEAR`` when a
    negation or a contrast word ("but", "however") sits in the window. These features
    are the same for every subject, so they carry stance to subjects never seen.
    """

    kind = "subject_mention"

    def __init__(self, *, window=4, weight=1.0):
        self.window = window
        self.weight = weight

    def documents(self, records):
        out = []
        for record, mentions in zip(records, find_mentions(records), strict=True):
            if not mentions:
                out.append("NO_SUBJ")
                continue
            tokens = [f"KIND_{m.kind}" for m in mentions]
            text = with_placeholder(record.text, mentions)
            words = WORD.findall(text)
            for position, word in enumerate(words):
                if word != PLACEHOLDER:
                    continue
                left = [w.lower() for w in words[max(0, position - self.window) : position]]
                right = [w.lower() for w in words[position + 1 : position + 1 + self.window]]
                tokens += [f"L_{w}" for w in left] + [f"R_{w}" for w in right]
                if left:
                    tokens.append(f"{left[-1]}_SUBJ")
                if right:
                    tokens.append(f"SUBJ_{right[0]}")
                near = " ".join(left + right)
                if NEGATION_WORDS.search(near):
                    tokens.append("NEG_NEAR")
                if CONTRAST.search(near):
                    tokens.append("CONTRAST_NEAR")
            out.append(" ".join(tokens))
        return out


class PlaceholderWordView(WordView):
    """Word n-grams of the sentence with references to the subject replaced by ``SUBJ``."""

    kind = "placeholder_word"

    def prepared(self, records, *, negation=False):
        swapped = [
            _with_text(r, text) for r, text in zip(records, subject_texts(records), strict=True)
        ]
        return super().prepared(swapped, negation=negation)


class PlaceholderCharView(CharView):
    """Character n-grams of the sentence with references to the subject replaced by ``SUBJ``."""

    kind = "placeholder_char"

    def prepared(self, records, *, negation=False):
        swapped = [
            _with_text(r, text) for r, text in zip(records, subject_texts(records), strict=True)
        ]
        return super().prepared(swapped, negation=negation)


def _with_text(record, text):
    from dataclasses import replace

    try:
        return replace(record, text=text, span=None)
    except TypeError:  # not a dataclass record
        from stance.records import Record

        return Record(id="", text=text, doc=getattr(record, "doc", ""), subject=record.subject)


class PolarityView(View):
    """Counts of opinion words (``stance.opinion``): evaluative (good, bad) and side-taking
    (support, oppose), flipped by a negation just before them, overall and near the
    subject's mention, with the balance between them.

    The words pool what sparse n-grams learn one by one, so an opinion word training
    never saw still counts.
    """

    kind = "polarity"

    def __init__(self, *, window=6, weight=1.0):
        self.window = window
        self.weight = weight

    def documents(self, records):
        from stance.opinion import NEGATIVE, NEGATORS, OPPOSE, POSITIVE, SUPPORT

        flip = {"POS": "NEG", "NEG": "POS", "SUP": "OPP", "OPP": "SUP"}
        lexicons = (("POS", POSITIVE), ("NEG", NEGATIVE), ("SUP", SUPPORT), ("OPP", OPPOSE))
        out = []
        for record, mentions in zip(records, find_mentions(records), strict=True):
            words = WORD.findall(with_placeholder(record.text, mentions).lower())
            places = [i for i, w in enumerate(words) if w == PLACEHOLDER.lower()]
            counts, near = Counter(), Counter()
            for i, word in enumerate(words):
                for name, lexicon in lexicons:
                    if word in lexicon:
                        negated = any(w in NEGATORS for w in words[max(0, i - 3) : i])
                        kind = flip[name] if negated else name
                        counts[kind] += 1
                        if any(abs(i - p) <= self.window for p in places):
                            near[kind] += 1
            tokens = [f"{k}_{min(v, 3)}" for k, v in counts.items()]
            tokens += [f"NEAR_{k}_{min(v, 2)}" for k, v in near.items()]
            evaluation = counts["POS"] + counts["SUP"] - counts["NEG"] - counts["OPP"]
            tokens.append(
                "NET_POS" if evaluation > 0 else "NET_NEG" if evaluation < 0 else "NET_ZERO"
            )
            if not counts:
                tokens.append("NO_OPINION")
            if CONTRAST.search(record.text):
                tokens.append("HAS_CONTRAST")
            out.append(" ".join(tokens))
        return out


class SpeakerView(View):
    """Who speaks: the speaker's name, the name joined with the subject, and whether the
    speaker is the subject themself.

    In real news the same people speak across articles (candidates, their aides, party
    figures), and who they are says much about where they stand toward a subject.
    """

    kind = "speaker"

    def __init__(self, *, weight=1.0):
        self.weight = weight

    def documents(self, records):
        from stance.features import subject_key
        from stance.subjects import normalise_subject

        out = []
        for record in records:
            speaker = getattr(record, "speaker", None) or ""
            if not speaker:
                out.append("NO_SPEAKER")
                continue
            who = normalise_subject(speaker).replace(" ", "_") or "_"
            subject = subject_key(record.subject)
            tokens = [f"SPK_{who}", f"SPK_{who}|{subject}"]
            spoken, named = normalise_subject(speaker), normalise_subject(record.subject)
            if spoken == named or (named and spoken.split()[-1:] == named.split()[-1:]):
                tokens.append("SPEAKER_IS_SUBJECT")
            out.append(" ".join(tokens))
        return out


class CueView(View):
    """Only the reporting cue of the sentence ("said", "according to", ...) and its pattern.

    A baseline: what the cue alone says about stance.
    """

    kind = "cue"

    def __init__(self, *, weight=1.0):
        self.weight = weight

    def documents(self, records):
        return [_cue_document(record.text) for record in records]


@functools.lru_cache(maxsize=100_000)
def _cue_document(text: str) -> str:
    """The cue view's string for a sentence. Attributing a sentence is the costly part,
    and cross-validation asks for the same sentences in every fold: kept per text."""
    from stance.attribution import extract

    statements = [s for s in extract(text) if s.part == "body"]
    cues = [
        f"CUE_{(s.cue or 'none').lower().replace(' ', '_')} PATTERN_{s.pattern}" for s in statements
    ]
    return " ".join(cues) or "CUE_none"
