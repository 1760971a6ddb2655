"""Coreference: pronouns, surnames, roles and organisations resolved to canonical speakers."""

import pytest

from stance.attribution.coref import Resolver, role_class
from stance.attribution.mentions import parse_phrase
from stance.attribution.nouns import name_gender
from stance.attribution.subjects import parse_subject


def resolve_all(steps: list[tuple[str, str]]) -> list[str]:
    """Feed (sentence, subject region) pairs to a resolver; return the canonical speakers."""
    resolver = Resolver()
    names = []
    for sentence, region in steps:
        resolver.observe(sentence)
        names.append(resolver.resolve(parse_subject(region)).name)
    return names


@pytest.mark.parametrize(
    "name, gender",
    [
        ("Margaret Ellison", "f"),
        ("Yuri Ushakov", "m"),
        ("Priya Okonjo", "f"),
        ("Hiroshi Tanabe", "m"),
        ("Zorbek Almazov", ""),
    ],
)
def test_gender_from_first_names(name, gender):
    assert name_gender(name) == gender


@pytest.mark.parametrize(
    "title, gender", [("Mrs", "f"), ("Mr", "m"), ("Queen", "f"), ("King", "m")]
)
def test_gender_from_titles(title, gender):
    assert name_gender("Alex Morgan", [title]) == gender


def test_surname_maps_to_the_full_name_introduced_earlier():
    assert resolve_all(
        [("Yuri Ushakov spoke.", "Yuri Ushakov"), ("Ushakov spoke.", "Ushakov")]
    ) == [
        "Yuri Ushakov",
        "Yuri Ushakov",
    ]


def test_names_seen_in_narrator_sentences_are_known():
    resolver = Resolver()
    resolver.observe("Russian President Vladimir Putin met US President Donald Trump.")
    assert resolver.resolve(parse_phrase("Trump")).name == "Donald Trump"


def test_pronouns_follow_gender_and_recency():
    steps = [
        ("Maria Lopez spoke.", "Maria Lopez"),
        ("Alexei Orlov spoke.", "Alexei Orlov"),
        ("She spoke.", "She"),
        ("He spoke.", "he"),
    ]
    assert resolve_all(steps) == ["Maria Lopez", "Alexei Orlov", "Maria Lopez", "Alexei Orlov"]


def test_appositive_title_gives_a_role():
    steps = [
        ("Yuri Ushakov, Putin’s assistant, spoke.", "Yuri Ushakov, Putin’s assistant"),
        ("Jan Novak, a farmer, spoke.", "Jan Novak, a farmer"),
        ("The presidential aide spoke.", "The presidential aide"),
        ("Putin's assistant spoke.", "Putin's assistant"),
    ]
    assert resolve_all(steps)[2:] == ["Yuri Ushakov", "Yuri Ushakov"]


def test_preceding_title_gives_a_role():
    steps = [
        ("Finance Minister Margaret Ellison spoke.", "Finance Minister Margaret Ellison"),
        ("Lena Hart, the union's treasurer, spoke.", "Lena Hart, the union's treasurer"),
        ("The minister spoke.", "The minister"),
        ("The treasurer spoke.", "the treasurer"),
    ]
    assert resolve_all(steps) == ["Margaret Ellison", "Lena Hart", "Margaret Ellison", "Lena Hart"]


def test_organisations_drop_the_article_and_are_found_again_by_their_noun():
    steps = [
        ("The Ministry of Transport said so.", "The Ministry of Transport"),
        ("Acme Motors, a carmaker, said so.", "Acme Motors, a carmaker"),
        ("The ministry said so.", "The ministry"),
        ("The company said so.", "The company"),
        ("It said so.", "It"),
    ]
    assert resolve_all(steps) == [
        "Ministry of Transport",
        "Acme Motors",
        "Ministry of Transport",
        "Acme Motors",
        "Acme Motors",
    ]


def test_they_refers_to_the_last_group():
    steps = [
        ("Senate leaders spoke.", "Both Democratic and Republican Senate leaders"),
        ("They spoke.", "They"),
    ]
    assert resolve_all(steps) == ["Democratic and Republican Senate leaders"] * 2


def test_a_spokesperson_speaks_for_the_organisation():
    steps = [
        ("The National Food Safety Authority spoke.", "The National Food Safety Authority"),
        ("A spokesman for the authority spoke.", "A spokesman for the authority"),
    ]
    assert resolve_all(steps) == ["National Food Safety Authority"] * 2


@pytest.mark.parametrize(
    "a, b",
    [
        ("aide", "assistant"),
        ("spokesman", "spokeswoman"),
        ("spokesperson", "spokesman"),
        ("agency", "regulator"),
    ],
)
def test_role_synonyms_share_a_class(a, b):
    assert role_class(a) == role_class(b)


@pytest.mark.parametrize(
    "phrase, kind",
    [
        ("he", "pronoun"),
        ("Yuri Ushakov", "name"),
        ("Ushakov", "surname"),
        ("the minister", "role"),
        ("Putin's assistant", "role"),
        ("the Kremlin", "organisation"),
        ("Senate leaders", "group"),
        ("the report", None),
        ("The plan will fail", None),
    ],
)
def test_phrases_are_read_by_kind(phrase, kind):
    mention = parse_phrase(phrase)
    assert (mention.kind if mention else None) == kind
