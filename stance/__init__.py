"""stance: who said what in news text, and how each speaker stands toward a subject.

The public API (imported lazily, so that importing ``stance`` stays cheap)::

    stance.extract(text)              article text -> list of Statement (speaker per sentence)
    stance.extract_attributions(text) article text -> list of Attribution (source, cue, content)
    stance.train(config)              cross-validate, fit, save a run; returns the Run
    stance.predict(statements, ...)   label statements with a run's model
    stance.predict_article(text, ...) speakers, stance and reaction of an article's sentences
    stance.load_run(reference)        a Run by id, prefix or folder (None: the latest)
    stance.default_config()           the default experiment config
"""

from __future__ import annotations

from importlib import import_module

from stance.records import LABELS, Attribution, Record, StanceError, Statement

__version__ = "0.3.0"

__all__ = [
    "LABELS",
    "Attribution",
    "Record",
    "StanceError",
    "Statement",
    "__version__",
    "default_config",
    "extract",
    "extract_attributions",
    "load_config",
    "load_run",
    "predict",
    "predict_article",
    "train",
]

_LAZY = {
    "train": ("stance.api", "train"),
    "predict": ("stance.prediction", "predict"),
    "predict_article": ("stance.articles", "predict_article"),
    "extract": ("stance.attribution", "extract"),
    "extract_attributions": ("stance.attribution", "extract_attributions"),
    "load_run": ("stance.runs", "resolve_run"),
    "default_config": ("stance.config", "default_config"),
    "load_config": ("stance.config", "load_config"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
