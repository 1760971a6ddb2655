"""Experiment configs: defaults, TOML/JSON files, command-line overrides, validation.

A config is a nested dict with a fixed schema. Every key a file or an override sets is
checked against the schema (name and type), so a typo fails with the file and the key
instead of silently training something else. The resolved config is stored in each run
and is enough to train the same run again.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tomllib
from pathlib import Path

from stance.records import LABELS, StanceError

#: The schema: every key with its default value; the default's type is the key's type.
DEFAULTS: dict = {
    "name": "run",
    "task": "stance",
    "data": {
        "path": [],
        "format": "auto",
        "encoding": "",
        "text_col": "text",
        "label_col": "",
        "subject_col": "subject",
        "group_col": "doc",
        "id_col": "id",
        "include_narrator": False,
        "subject": "",
    },
    "model": {
        # The feature views, each a table with its "kind" and its own parameters
        # ([[model.views]] in TOML); see stance.model.VIEW_KINDS. The default is the
        # model of the README's "What each idea changed" table (row I).
        "views": [
            {"kind": "placeholder_word"},
            {"kind": "placeholder_char"},
            {"kind": "subject"},
            {"kind": "subject_words"},
            {"kind": "subject_mention"},
            {"kind": "speaker_context"},
            {"kind": "neighbours"},
            {"kind": "polarity"},
        ],
        "C": 10.0,
        "class_weight": "balanced",
        "solver": "newton-cg",
        "max_iter": 2000,
        "per_subject": False,
        "min_subject_examples": 10,
        "stack": True,
        "stack_folds": 5,
        "stack_C": 1.0,
        "speaker_model": True,
    },
    "cv": {
        "folds": 5,
        "seed": 0,
        "seeds": [],
        # Worker processes for folds and baselines (0: every core), or a Dask scheduler
        # (tcp://host:8786) whose workers run folds and tuning candidates. Where and in how
        # many processes a run is computed does not change it, so neither is hashed.
        "jobs": 0,
        "scheduler": "",
        "group": "doc",
        "baselines": True,
        "learning_curve": False,
    },
    "tune": {
        "enabled": False,
        "inner_folds": 3,
        "scoring": "macro_f1",
        "C": [0.3, 1.0, 3.0],
        "word_ngram_range": [[1, 1], [1, 2]],
        "char_ngram_range": [],
        "features": ["word+char", "word"],
        "class_weight": ["balanced", "none"],
        "subject_features": [True, False],
    },
}

#: The feature keys of configs written before views existed, with their old defaults.
#: A config that sets any of them (and no model.views) gets the same views as before.
LEGACY_FEATURE_KEYS: dict = {
    "word_ngram_range": [1, 2],
    "char_ngram_range": [2, 5],
    "word_features": True,
    "char_features": True,
    "subject_features": True,
    "mention": "none",
    "window": 0,
    "split_hashtags": False,
    "sublinear_tf": True,
    "min_df": 1,
    "max_features": 0,
    "char_analyzer": "char_wb",
    "subject_ngrams": False,
    "subject_weight": 1.0,
    "others": "none",
    "window_weight": 1.0,
    "window_ngrams": 1,
    "window_chars": False,
    "clause": False,
    "strip": "",
    "normalize": [],
    "negation": False,
}

CHOICES = {
    "task": tuple(LABELS),
    "cv.group": ("doc", "subject", "none"),
    "data.format": ("auto", "jsonl", "csv", "tsv", "semeval", "newsmtsc"),
    "model.mention": ("none", "mark", "mask"),
    "model.class_weight": ("balanced", "none"),
    "tune.scoring": ("macro_f1", "f_avg", "accuracy"),
    "model.char_analyzer": ("char_wb", "char"),
    "model.others": ("none", "mark", "mask"),
    "model.solver": ("newton-cg", "lbfgs"),
}

#: What each value of a search-space list must be.
SPACE_ITEMS = {
    "tune.C": (
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
        "positive numbers",
    ),
    "tune.word_ngram_range": (lambda v: _is_range(v), "[low, high] pairs"),
    "tune.char_ngram_range": (lambda v: _is_range(v), "[low, high] pairs"),
    "tune.features": (
        lambda v: v in ("word+char", "word", "char"),
        '"word+char", "word" or "char"',
    ),
    "tune.class_weight": (lambda v: v in ("balanced", "none"), '"balanced" or "none"'),
    "tune.subject_features": (lambda v: isinstance(v, bool), "true or false"),
    "cv.seeds": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "non-negative integers",
    ),
    "model.normalize": (
        lambda v: v in ("urls", "users", "numbers", "elongations"),
        '"urls", "users", "numbers" or "elongations"',
    ),
}


def _is_range(value) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value)
        and value[0] <= value[1]
    )


#: What a ``[model]`` table that sets its own ``views`` gets for the keys it leaves out:
#: the estimator's own defaults, the sentence model before context (README, row A).
SENTENCE_MODEL = {"C": 1.0, "stack": False, "speaker_model": False}


def default_config() -> dict:
    return copy.deepcopy(DEFAULTS)


def load_config(path: Path | str) -> dict:
    """Read a TOML (or a run's JSON) config file and merge it over the defaults."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StanceError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise StanceError(f"{path}: is a directory, expected a config file") from None
    try:
        if path.suffix == ".json":
            values = json.loads(raw.decode("utf-8"))
        else:
            values = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise StanceError(f"{path}: not a valid config file ({error})") from None
    config = default_config()
    merge(config, values, source=str(path))
    config["data"]["path"] = [_relative_to(path.parent, entry) for entry in config["data"]["path"]]
    return config


def _relative_to(folder: Path, entry: str) -> str:
    """A config's relative data path, resolved against the config file's folder.

    Data set names (``wirestance``, ``polnear-stance:dev``) stay names.
    """
    from stance.catalog import is_dataset_name

    if Path(entry).is_absolute() or (is_dataset_name(entry) and not (folder / entry).exists()):
        return entry
    return str((folder / entry).resolve())


def merge(config: dict, values: dict, *, source: str, prefix: str = "") -> dict:
    """Set ``values`` (nested) into ``config`` after checking each key's name and type."""
    schema = _schema_at(prefix)
    if prefix == "model.":
        values = _translate_legacy(values, source=source)
        if "views" in values:
            # A table that lists its own views describes its model from scratch: what it
            # leaves out is the plain sentence model's, so configs (and runs' config.json)
            # written before the context model became the default train the same model.
            values = {**SENTENCE_MODEL, **values}
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        if key not in schema:
            known = ", ".join(f"{prefix}{k}" for k in schema)
            raise StanceError(f"{source}: unknown config key {dotted!r} (known: {known})")
        if isinstance(schema[key], dict):
            if not isinstance(value, dict):
                raise StanceError(f"{source}: config key {dotted!r} must be a table")
            merge(config[key], value, source=source, prefix=f"{dotted}.")
        else:
            config[key] = _checked(dotted, value, schema[key], source)
    return config


def _translate_legacy(values: dict, *, source: str) -> dict:
    """A ``[model]`` table with the old flat feature keys -> the same table with views."""
    legacy = {key: value for key, value in values.items() if key in LEGACY_FEATURE_KEYS}
    if not legacy:
        return values
    if "views" in values:
        raise StanceError(
            f"{source}: set the features either with model.views or with the old keys "
            f"({', '.join(sorted(legacy))}), not both"
        )
    checked = dict(LEGACY_FEATURE_KEYS)
    for key, value in legacy.items():
        checked[key] = _checked(f"model.{key}", value, LEGACY_FEATURE_KEYS[key], source)
    from stance.model import legacy_views, view_spec

    rest = {key: value for key, value in values.items() if key not in LEGACY_FEATURE_KEYS}
    return {**rest, "views": [view_spec(view) for view in legacy_views(checked)]}


def _checked_views(value, source: str) -> list:
    from stance.model import view_from_spec, view_spec

    if not isinstance(value, list) or not value:
        raise StanceError(f"{source}: config key 'model.views' must be a non-empty list of tables")
    specs = []
    for number, spec in enumerate(value):
        try:
            specs.append(view_spec(view_from_spec(spec, where=f"model.views[{number}]")))
        except ValueError as error:
            raise StanceError(f"{source}: {error}") from None
    return specs


def override(config: dict, overrides: dict[str, object], *, source: str = "command line") -> dict:
    """Apply dotted-key overrides (``{"model.C": 0.5}``), skipping None (option not given)."""
    for dotted, value in overrides.items():
        if value is None:
            continue
        *parents, key = dotted.split(".")
        nested: dict = {key: value}
        for parent in reversed(parents):
            nested = {parent: nested}
        merge(config, nested, source=source)
    return config


def _schema_at(prefix: str) -> dict:
    schema = DEFAULTS
    for part in filter(None, prefix.split(".")):
        schema = schema[part]
    return schema


def _checked(dotted: str, value, default, source: str):
    if dotted == "model.views":
        return _checked_views(value, source)
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if dotted == "data.path" and isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise StanceError(
            f"{source}: config key {dotted!r} must be {expected.__name__}, "
            f"got {type(value).__name__} {value!r}"
        )
    if dotted.startswith("model.") and dotted.endswith("_range") and not _is_range(value):
        raise StanceError(
            f"{source}: config key {dotted!r} must be [low, high] with 1 <= low <= high"
        )
    if dotted in SPACE_ITEMS:
        valid, description = SPACE_ITEMS[dotted]
        if not all(valid(v) for v in value):
            raise StanceError(f"{source}: config key {dotted!r} must be a list of {description}")
    if dotted in CHOICES and value not in CHOICES[dotted]:
        raise StanceError(
            f"{source}: config key {dotted!r} must be one of "
            f"{', '.join(CHOICES[dotted])}, got {value!r}"
        )
    if dotted == "model.strip" and value:
        try:
            re.compile(value)
        except re.error as error:
            raise StanceError(
                f"{source}: config key 'model.strip' is not a valid regular expression ({error})"
            ) from None
    if dotted in ("cv.folds", "tune.inner_folds") and value < 2:
        raise StanceError(f"{source}: config key {dotted!r} must be at least 2, got {value!r}")
    if expected in (int, float) and value < 0:
        raise StanceError(f"{source}: config key {dotted!r} must not be negative, got {value!r}")
    return value


def model_params(config: dict) -> dict:
    """The StanceClassifier parameters a config describes."""
    from stance.model import view_from_spec

    params = dict(config["model"])
    params["views"] = [view_from_spec(spec) for spec in params["views"]]
    params["class_weight"] = None if params["class_weight"] == "none" else params["class_weight"]
    if params["C"] <= 0:
        raise StanceError(f"config key 'model.C' must be positive, got {params['C']}")
    return params


def parse_seeds(text: str) -> list[int]:
    """``"0-4"`` -> [0, 1, 2, 3, 4]; ``"0,3,7"`` -> [0, 3, 7]."""
    seeds: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, dash, high = part.partition("-")
        try:
            values = range(int(low), int(high) + 1) if dash else [int(low)]
        except ValueError:
            raise StanceError(
                f"--seeds takes numbers and ranges like 0-4 or 0,3,7, got {text!r}"
            ) from None
        seeds.extend(values)
    if not seeds or len(set(seeds)) != len(seeds) or min(seeds) < 0:
        raise StanceError(f"--seeds needs distinct non-negative seeds, got {text!r}")
    return seeds


def cv_seeds(config: dict) -> list[int]:
    """The seeds of repeated cross-validation: ``cv.seeds``, else ``[cv.seed]``."""
    return list(config["cv"]["seeds"]) or [config["cv"]["seed"]]


#: cv keys that say where a run is computed, not what it computes.
UNHASHED_CV = ("jobs", "scheduler")


def config_hash(config: dict) -> str:
    """A short, stable hash of everything that shapes a run (the name excluded)."""
    shaping = {key: value for key, value in config.items() if key != "name"}
    if "cv" in shaping:
        shaping["cv"] = {k: v for k, v in shaping["cv"].items() if k not in UNHASHED_CV}
    canonical = json.dumps(shaping, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:8]
