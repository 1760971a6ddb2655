"""The registry of feature views: every ``kind`` a config can name, the default set, and
the conversions between views and their config tables (``[[model.views]]``).

Plain Python like the views themselves: a saved model's views are rebuilt from their
tables by :mod:`stance.persist` with or without scikit-learn.
"""

from __future__ import annotations

from stance.context import (
    CueView,
    NeighbourView,
    PlaceholderCharView,
    PlaceholderWordView,
    PolarityView,
    SpeakerContextView,
    SpeakerView,
    SubjectMentionView,
)
from stance.features import (
    CharView,
    MentionClauseView,
    MentionWindowCharsView,
    MentionWindowView,
    SubjectNgramsView,
    SubjectView,
    SubjectWordsView,
    WordView,
)

#: Every view a config can name, by its ``kind``.
VIEW_KINDS = {
    view.kind: view
    for view in (
        WordView,
        CharView,
        SubjectView,
        SubjectWordsView,
        SubjectNgramsView,
        MentionWindowView,
        MentionWindowCharsView,
        MentionClauseView,
        SpeakerContextView,
        SpeakerView,
        PolarityView,
        NeighbourView,
        SubjectMentionView,
        PlaceholderWordView,
        PlaceholderCharView,
        CueView,
    )
}


def default_views() -> list:
    """Word 1-2 grams, char_wb 2-5 grams, the subject, and subject-conjoined words."""
    return [WordView(), CharView(), SubjectView(), SubjectWordsView()]


def view_from_spec(spec: dict, *, where: str = "model.views"):
    """Build a view from its config table: ``{"kind": "word", "ngram_range": [1, 3]}``."""
    if not isinstance(spec, dict) or "kind" not in spec:
        raise ValueError(f"{where}: each view needs a 'kind' (one of {', '.join(VIEW_KINDS)})")
    kind = spec["kind"]
    if kind not in VIEW_KINDS:
        raise ValueError(f"{where}: unknown view kind {kind!r} (known: {', '.join(VIEW_KINDS)})")
    cls = VIEW_KINDS[kind]
    params = {k: v for k, v in spec.items() if k != "kind"}
    known = cls().get_params()
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ValueError(
            f"{where}: view {kind!r} has no parameter {unknown[0]!r} (known: {', '.join(known)})"
        )
    for key, value in params.items():
        default = known[key]
        if isinstance(default, tuple) and isinstance(value, list):
            params[key] = tuple(value)
        elif (
            default is not None
            and not isinstance(value, type(default))
            and not (isinstance(default, float) and isinstance(value, int))
        ):
            raise ValueError(
                f"{where}: view {kind!r} parameter {key!r} must be "
                f"{type(default).__name__}, got {value!r}"
            )
    view = cls(**params)
    view.check()
    return view


def view_spec(view) -> dict:
    """The config table of a view (only parameters that differ from the defaults)."""
    defaults = type(view)().get_params()
    spec = {"kind": view.kind}
    for key, value in view.get_params().items():
        if value != defaults[key]:
            spec[key] = list(value) if isinstance(value, tuple) else value
    return spec


def legacy_views(model: dict) -> list:
    """The views of a config (or saved model) written with the old flat feature keys.

    Kept so every config and model file made before views existed still loads, with the
    same features in the same order.
    """
    text = dict(
        mention=model.get("mention", "none"),
        others=model.get("others", "none"),
        split_hashtags=model.get("split_hashtags", False),
        strip=model.get("strip", ""),
        normalize=tuple(model.get("normalize", ())),
    )
    tf = dict(
        sublinear_tf=model.get("sublinear_tf", True),
        min_df=model.get("min_df", 1),
        max_features=model.get("max_features") or None,
    )
    word_range = tuple(model.get("word_ngram_range", (1, 2)))
    char_range = tuple(model.get("char_ngram_range", (2, 5)))
    analyzer = model.get("char_analyzer", "char_wb")
    negation = model.get("negation", False)
    subject_weight = model.get("subject_weight", 1.0)
    views = []
    if model.get("word_features", True):
        views.append(WordView(ngram_range=word_range, negation=negation, **text, **tf))
    if model.get("char_features", True):
        views.append(CharView(ngram_range=char_range, analyzer=analyzer, **text, **tf))
    if model.get("subject_features", True):
        views.append(SubjectView())
        if not model.get("subject_ngrams", False):
            views.append(
                SubjectWordsView(weight=subject_weight, sublinear_tf=tf["sublinear_tf"], **text)
            )
        else:
            if model.get("word_features", True):
                views.append(
                    SubjectNgramsView(
                        analyzer="word",
                        ngram_range=word_range,
                        negation=negation,
                        weight=subject_weight,
                        **text,
                        **tf,
                    )
                )
            if model.get("char_features", True):
                views.append(
                    SubjectNgramsView(
                        analyzer=analyzer,
                        ngram_range=char_range,
                        weight=subject_weight,
                        **text,
                        **tf,
                    )
                )
    window = model.get("window", 0)
    window_weight = model.get("window_weight", 1.0)
    if window:
        views.append(
            MentionWindowView(
                window=window,
                ngram_range=(1, max(1, model.get("window_ngrams", 1))),
                sublinear_tf=tf["sublinear_tf"],
                weight=window_weight,
            )
        )
        if model.get("window_chars", False):
            views.append(
                MentionWindowCharsView(
                    window=window,
                    analyzer=analyzer,
                    ngram_range=char_range,
                    weight=window_weight,
                    **tf,
                )
            )
    if model.get("clause", False):
        views.append(MentionClauseView(sublinear_tf=tf["sublinear_tf"], weight=window_weight))
    return views


#: Views that read a sentence among its neighbours: not for speaker documents.
SENTENCE_ONLY = ("speaker_context", "neighbours", "cue")


def named_views(views: list, *, joint: bool, speaker: bool = False) -> list[tuple[str, object]]:
    """The views of one pipeline with their unique names (``word``, ``word_2``, ...): all
    of them for the joint model, those not ``subject_specific`` for a per-subject model,
    and for the speaker-level model (``speaker``) those not in :data:`SENTENCE_ONLY`."""
    chosen = [
        v
        for v in views
        if (joint or not v.subject_specific) and not (speaker and v.kind in SENTENCE_ONLY)
    ]
    if not chosen:
        raise ValueError("no feature view is switched on")
    names, parts = set(), []
    for view in chosen:
        name, number = view.name, 2
        while name in names:
            name, number = f"{view.name}_{number}", number + 1
        names.add(name)
        parts.append((name, view))
    return parts
