import pytest

from stance.config import config_hash, default_config, load_config, model_params, override
from stance.records import StanceError


@pytest.mark.shipped_model
def test_defaults_give_the_shipped_context_model():
    params = model_params(default_config())
    assert params["class_weight"] == "balanced" and params["C"] == 10.0
    assert [v.kind for v in params["views"]] == [
        "placeholder_word", "placeholder_char", "subject", "subject_words", "subject_mention",
        "speaker_context", "neighbours", "polarity",
    ]  # fmt: skip
    assert params["stack"] is True and params["speaker_model"] is True
    assert params["views"][0].ngram_range == (1, 2) and params["views"][0].sublinear_tf is True


def test_views_are_read_from_toml_tables(tmp_path):
    path = tmp_path / "views.toml"
    path.write_text(
        '[[model.views]]\nkind = "word"\nngram_range = [1, 3]\n'
        '[[model.views]]\nkind = "speaker_context"\nweight = 0.5\n'
    )
    views = model_params(load_config(path))["views"]
    assert [(v.kind, getattr(v, "ngram_range", None)) for v in views] == [
        ("word", (1, 3)),
        ("speaker_context", (1, 2)),
    ]
    assert views[1].weight == 0.5


def test_old_flat_feature_keys_still_load_as_views(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text("[model]\nsubject_ngrams = true\nchar_ngram_range = [2, 4]\nC = 2\n")
    config = load_config(path)
    assert [v["kind"] for v in config["model"]["views"]] == [
        "word",
        "char",
        "subject",
        "subject_ngrams",
        "subject_ngrams",
    ]
    assert config["model"]["views"][1]["ngram_range"] == [2, 4] and config["model"]["C"] == 2.0


def test_toml_config_overrides_defaults(tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(
        'name = "x"\ntask = "reaction"\n[model]\nC = 2\nper_subject = true\n[cv]\nfolds = 3\n'
    )
    config = load_config(path)
    assert (config["name"], config["task"], config["model"]["C"], config["cv"]["folds"]) == (
        "x",
        "reaction",
        2.0,
        3,
    )
    assert config["model"]["views"] == default_config()["model"]["views"]


def test_command_line_overrides_config_and_skips_unset_options(tmp_path):
    config = default_config()
    override(config, {"cv.folds": 10, "model.per_subject": None, "data.path": ["a.csv"]})
    assert config["cv"]["folds"] == 10 and config["model"]["per_subject"] is False
    assert config["data"]["path"] == ["a.csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[model]\nCC = 1\n", "unknown config key 'model.CC'"),
        ("colour = 1\n", "unknown config key 'colour'"),
        ('[model]\nC = "high"\n', "'model.C' must be float, got str"),
        ("[cv]\nfolds = 2.5\n", "'cv.folds' must be int"),
        ("[cv]\nfolds = true\n", "'cv.folds' must be int"),
        ('task = "sentiment"\n', "'task' must be one of stance, reaction"),
        ("[model]\nword_ngram_range = [3, 1]\n", "word_ngram_range"),
        ('[[model.views]]\nkind = "sideways"\n', r"model.views\[0\]: unknown view kind"),
        ('[[model.views]]\nkind = "word"\nngram = 2\n', "has no parameter 'ngram'"),
        ('[model]\nwindow = 2\n[[model.views]]\nkind = "word"\n', "not both"),
        ("[cv]\nseeds = [0, -1]\n", "non-negative integers"),
        ('[cv]\ngroup = "speaker"\n', "'cv.group' must be one of doc, subject, none"),
        ("model = 3\n", "'model' must be a table"),
        ("[cv\n", "not a valid config file"),
    ],
)
def test_bad_configs_name_the_file_and_key(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(StanceError, match=message) as error:
        load_config(path)
    assert "bad.toml" in str(error.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(StanceError, match="no such config file"):
        load_config(tmp_path / "absent.toml")


def test_config_hash_ignores_the_name_but_not_the_model():
    a, b = default_config(), default_config()
    b["name"] = "other"
    assert config_hash(a) == config_hash(b)
    b["model"]["C"] = 3.0
    assert config_hash(a) != config_hash(b)


def test_resolved_json_config_loads_back(tmp_path):
    import json

    config = default_config()
    config["model"]["C"] = 0.25
    (tmp_path / "config.json").write_text(json.dumps(config))
    assert load_config(tmp_path / "config.json") == config


@pytest.mark.shipped_model
def test_a_config_with_its_own_views_keeps_the_sentence_model_defaults(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text('[[model.views]]\nkind = "word"\n', encoding="utf-8")
    old = tmp_path / "old.toml"
    old.write_text("[model]\nword_ngram_range = [1, 2]\n", encoding="utf-8")
    tuned = tmp_path / "tuned.toml"
    tuned.write_text('[model]\nC = 3.0\n[[model.views]]\nkind = "word"\n', encoding="utf-8")
    for path in (own, old):
        params = model_params(load_config(path))
        assert (params["C"], params["stack"], params["speaker_model"]) == (1.0, False, False)
    assert model_params(load_config(tuned))["C"] == 3.0
    only_c = tmp_path / "only_c.toml"
    only_c.write_text("[model]\nC = 3.0\n", encoding="utf-8")
    params = model_params(load_config(only_c))
    assert params["stack"] is True and params["C"] == 3.0  # the shipped model, C changed
