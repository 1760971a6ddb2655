"""Sentence splitting, headline and page-residue detection."""

import pytest

from stance.attribution import split_article, split_sentences
from stance.attribution.sentences import dateline_length


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Mrs. Jones and Dr. Brown at St. Mary's.",
        "Sen. Chuck Schumer and Rep. Jane Doe spoke to Gov. Lee and Gen. Park.",
        "Prof. Ng and Ms. Ito saw J. R. Hartley in the U.S. capital.",
        "The vote is on Jan. 5 at 9 a.m. in room No. 4, vs. last year's Feb. 2 date.",
        "They sell fruit, e.g. apples, i.e. the red kind, etc. and more.",
        "Martin Luther King Jr. spoke in the U.K. capital.",
        '"So what?" said Harry.',
        "“Stop!” he shouted.",
        '"We will win," the coach said, "and we will do it together."',
        'He called the decision "shameful" and left.',
        "Putin’s assistant didn't say it wasn't planned.",
    ],
)
def test_one_sentence_is_not_split(text):
    assert texts(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
        ('He said "no." She left.', ['He said "no."', "She left."]),
        ("“It is over.” The minister left.", ["“It is over.”", "The minister left."]),
        ("Is it fair? Nobody knows!", ["Is it fair?", "Nobody knows!"]),
        (
            "She lives in the U.S. The move surprised nobody.",
            ["She lives in the U.S.", "The move surprised nobody."],
        ),
        (
            "First line without stop\n\nSecond paragraph.",
            ["First line without stop", "Second paragraph."],
        ),
        ("Prices rose in 2016. 2017 was worse.", ["Prices rose in 2016.", "2017 was worse."]),
    ],
)
def test_sentences_end_where_expected(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text", ['He said "yes. And', 'Odd “quote here. Next” one." x', "", "   \n\n  "]
)
def test_odd_quotes_and_blank_text_never_raise(text):
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_offsets_cover_text_in_order():
    text = "  First one.  Second “quoted.”\n\nThird, after a break.  "
    sentences = split_sentences(text)
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    position = 0
    for sentence in sentences:
        assert text[position : sentence.start].strip() == ""
        assert text[sentence.start : sentence.end] == sentence.text
        position = sentence.end
    assert text[position:].strip() == ""


ARTICLE = (
    "Kremlin: Putin invited to Washington\n\nHe said it. It was late.\n\n"
    "  Russia, Vladimir Putin, Trump, G20\n\nComments"
)


def test_headline_is_the_first_line_before_a_blank_line():
    layout = split_article(ARTICLE)
    assert layout.headline is not None
    assert layout.headline.text == "Kremlin: Putin invited to Washington"
    assert [s.text for s in layout.body] == ["He said it.", "It was late."]


@pytest.mark.parametrize(
    "text",
    ["The minister resigned.\n\nShe left at noon.", "One line only", "A line\nstraight into text."],
)
def test_no_headline_without_the_headline_shape(text):
    assert split_article(text).headline is None


@pytest.mark.parametrize(
    "residue",
    [
        "Russia, Vladimir Putin, Trump, G20",
        "Budget, Treasury, Ellison",
        "Agriculture, Gene editing, Wheat, Food safety",
        "Comments",
        "Share this article",
        "Related: Ministers clash over budget",
        "Tags: economy, budget",
    ],
)
def test_page_residue_is_not_body(residue):
    layout = split_article(f"Headline here\n\nThe body sentence.\n\n{residue}\n")
    assert [s.text for s in layout.body] == ["The body sentence."]
    assert [s.text for s in layout.residue] == [residue]


def test_a_real_last_sentence_is_not_residue():
    layout = split_article("Headline\n\nFirst.\n\nMarkovic, a former judge, was elected in 2021")
    assert layout.residue == []
    assert layout.body[-1].text == "Markovic, a former judge, was elected in 2021"


@pytest.mark.parametrize(
    "sentence, dateline",
    [
        ("OSLO, March 3 (Fjordpost) - The board said so.", "OSLO, March 3 (Fjordpost) - "),
        ("BERGEN, Norway — Mayor Jon Rask resigned.", "BERGEN, Norway — "),
        ("NEW YORK -- A court ruled on Monday.", "NEW YORK -- "),
        ("LISBON (Iberwire) – Shares fell.", "LISBON (Iberwire) – "),
        ("US President Tom Hale said so.", ""),
        ("The EU - and its members - said so.", ""),
        ("AI - the new oil - is here.", ""),
    ],
)
def test_a_wire_dateline_is_found(sentence, dateline):
    assert sentence[: dateline_length(sentence)] == dateline


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Jo Lind; Editing by Per Aas)",
        "(Additional reporting by Mia Holt in Bergen)",
        "Reporting by Jo Lind in Oslo; Writing by Per Aas",
    ],
)
def test_agency_credit_lines_are_page_residue(line):
    layout = split_article(f"Headline here\n\nThe body sentence.\n\n{line}\n\nShare this article\n")
    assert [s.text for s in layout.body] == ["The body sentence."]
    assert line in [s.text for s in layout.residue]


def test_a_sentence_about_reporting_is_not_residue():
    text = "Headline here\n\nReporting by the agency shows that costs rose.\n"
    assert [s.text for s in split_article(text).body] == [
        "Reporting by the agency shows that costs rose."
    ]
