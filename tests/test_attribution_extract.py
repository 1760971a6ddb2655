"""Attribution patterns, the seed article, our own article and the shipped corpus."""

import json
from pathlib import Path

import pytest

from stance.attribution import PATTERNS, extract, score_extraction

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
CORPUS = REPO / "datasets" / "wirestance"


def body(text: str):
    return [s for s in extract(text, doc="t") if s.part == "body"]


@pytest.mark.parametrize(
    "text, speaker, pattern",
    [
        ("According to the ministry, work will start in May.", "ministry", "according_to"),
        ("Work will start in May, according to Lena Hart.", "Lena Hart", "according_to"),
        ("Lena Hart, the union's treasurer, said the offer was fair.", "Lena Hart", "speaker_verb"),
        (
            "Yuri Ushakov, Putin’s assistant told journalists on Tuesday, July 24 that talks"
            " had not begun.",
            "Yuri Ushakov",
            "speaker_verb",
        ),
        ('"We will not back down," Lena Hart added.', "Lena Hart", "quote_verb"),
        ('"We will not back down," said Lena Hart, the treasurer.', "Lena Hart", "quote_verb"),
        ('"So what?" asked Lena Hart.', "Lena Hart", "quote_verb"),
        ('Lena Hart told reporters: "This is a fair offer."', "Lena Hart", "colon_quote"),
        (
            "In a statement, the Ministry of Transport said work would start.",
            "Ministry of Transport",
            "noun_cue",
        ),
        ("In an interview, Lena Hart argued that the offer was fair.", "Lena Hart", "noun_cue"),
        (
            "Both Democratic and Republican Senate leaders accused Trump of lying.",
            "Democratic and Republican Senate leaders",
            "speaker_verb",
        ),
        (
            'Chuck Schumer, US Senate Minority Leader called his speech "shameful."',
            "Chuck Schumer",
            "speaker_verb",
        ),
        ("Republican John McCain believes that the summit failed.", "John McCain", "speaker_verb"),
        ("Mark Warner wrote on Twitter that it was a shame.", "Mark Warner", "speaker_verb"),
        ("The vote is expected on Friday.", None, "none"),
        ("It shows that prices rose.", None, "none"),
        ("Police said two men were arrested.", "Police", "speaker_verb"),
        ("The company called the meeting for noon.", None, "none"),
        ("Shareholders rejected an attempt to remove the chairman.", None, "none"),
    ],
)
def test_attribution_patterns(text, speaker, pattern):
    [statement] = body(text)
    assert (statement.speaker, statement.pattern) == (speaker, pattern)
    assert statement.pattern in PATTERNS


def test_quote_running_over_sentences_and_paragraphs_keeps_its_speaker():
    text = (
        'Lena Hart said: "The deal is dead. We have moved on.\n\n'
        '"Nobody will change that." The vote is on Friday.'
    )
    statements = body(text)
    assert [s.speaker for s in statements] == ["Lena Hart"] * 3 + [None]
    assert [s.pattern for s in statements] == [
        "colon_quote",
        "quote_continuation",
        "quote_continuation",
        "none",
    ]


def test_quote_before_its_attribution_sentence_gets_the_speaker():
    text = '"The deal is dead. We have moved on," Hart said.'
    assert [s.speaker for s in body(text)] == ["Hart", "Hart"]


def test_statements_keep_mention_cue_and_offsets():
    text = "Headline here\n\nMaria Lopez, the minister, said it. She added that it worked."
    statements = extract(text, doc="d")
    assert statements[0].part == "headline" and statements[0].index == -1
    second = statements[2]
    assert (second.speaker, second.mention, second.cue, second.index) == (
        "Maria Lopez",
        "She",
        "added",
        1,
    )
    for statement in statements:
        assert text[statement.start : statement.end] == statement.text
        assert statement.doc == "d"


SEED_SPEAKERS = [
    "Kremlin",
    "Yuri Ushakov",
    "Yuri Ushakov",
    "Yuri Ushakov",
    ("Yuri Ushakov", None),
    "Yuri Ushakov",
    ("Yuri Ushakov", None),
    "Yuri Ushakov",
    "Yuri Ushakov",
    "Donald Trump",
    "Donald Trump",
    None,
    "Democratic and Republican Senate leaders",
    "Chuck Schumer",
    "Chuck Schumer",
    "Mark Warner",
    "Mark Warner",
    "John McCain",
]


def test_seed_article_comes_out_as_expected():
    if not (SEED / "article.txt").exists():
        pytest.skip("shared/seed is not beside the repository")
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    statements = extract(text, doc="seed")
    headline = statements[0]
    assert (headline.part, headline.index, headline.speaker) == ("headline", -1, "Kremlin")
    sentences = [s for s in statements if s.part == "body"]
    assert len(sentences) == len(SEED_SPEAKERS)
    for statement, expected in zip(sentences, SEED_SPEAKERS, strict=True):
        allowed = expected if isinstance(expected, tuple) else (expected,)
        assert statement.speaker in allowed, statement.text
    texts = {s.text for s in statements}
    assert "Russia, Vladimir Putin, Trump, G20" not in texts and "Comments" not in texts


OWN_ARTICLE = """\
Port authority: strike will not stop grain exports

Dockworkers at the port of Marrowby walked off the job on Monday, halting container traffic at the country's second-busiest harbour. According to the Marrowby Port Authority, grain ships will still be loaded by supervisors during the stoppage. In a statement, the authority said it had asked the labour ministry to appoint a mediator.

Kasia Wrenfield, general secretary of the Harbour Workers' Union, told reporters at the gates on Monday that her members had waited eighteen months for a pay offer. "We are not striking for fun," she said. "We are striking because the port has ignored every letter we have sent."

Transport Minister Oluwaseun Brackley urged both sides to return to talks. "Nobody wins a long dispute at a port," the minister added. Brackley said on Tuesday: "I will meet the union and the authority together this week."

Dmitri Hallam, the authority's chief executive, insisted that the pay offer was the best in a decade. According to him, average wages at the port have risen faster than inflation since 2019. "The union knows the numbers as well as we do," Hallam said.

The union's members voted by 84 percent to strike. The walkout is expected to last five days. Grain prices rose 3 percent on Tuesday, according to traders in Marrowby.

"We will stay out as long as it takes," said Wrenfield. "And if that means a second week, so be it.

"Our families are behind us."

Shipping analysts at Corran Maritime warned that delays could spread to other ports within days. The company said in a note to clients that freight rates had already risen.

Ports, Marrowby, Strikes

Comments
"""  # noqa: E501 (an article keeps its paragraphs on one line)

OWN_SPEAKERS = [
    (None, "none"),
    ("Marrowby Port Authority", "according_to"),
    ("Marrowby Port Authority", "noun_cue"),
    ("Kasia Wrenfield", "speaker_verb"),
    ("Kasia Wrenfield", "quote_verb"),
    ("Kasia Wrenfield", "quote_continuation"),
    ("Oluwaseun Brackley", "speaker_verb"),
    ("Oluwaseun Brackley", "quote_verb"),
    ("Oluwaseun Brackley", "colon_quote"),
    ("Dmitri Hallam", "speaker_verb"),
    ("Dmitri Hallam", "according_to"),
    ("Dmitri Hallam", "quote_verb"),
    (None, "none"),
    (None, "none"),
    ("traders in Marrowby", "according_to"),
    ("Kasia Wrenfield", "quote_verb"),
    ("Kasia Wrenfield", "quote_continuation"),
    ("Kasia Wrenfield", "quote_continuation"),
    ("Shipping analysts at Corran Maritime", "speaker_verb"),
    ("Corran Maritime", "speaker_verb"),
]


def test_own_article_comes_out_as_expected():
    statements = extract(OWN_ARTICLE, doc="own")
    assert statements[0].speaker == "Marrowby Port Authority"
    assert (statements[0].part, statements[0].pattern) == ("headline", "headline_source")
    found = [(s.speaker, s.pattern) for s in statements if s.part == "body"]
    assert found == OWN_SPEAKERS
    assert not {"Ports, Marrowby, Strikes", "Comments"} & {s.text for s in statements}


@pytest.mark.parametrize(("version", "floor"), [(1, 0.95), (2, 0.89)])
def test_speaker_accuracy_on_the_shipped_corpus(version, floor):
    """Version 1's articles (the rules' development gold) keep their figure; version 2's
    varied formats (transcripts, live blogs, posts) were written after the rules."""
    index = [json.loads(line) for line in (CORPUS / "articles.jsonl").read_text().splitlines()]
    docs = {a["doc"] for a in index if a["version"] == version}
    gold = [
        row
        for row in map(json.loads, (CORPUS / "statements.jsonl").read_text().splitlines())
        if row["doc"] in docs
    ]
    predicted = []
    for doc in sorted(docs):
        text = (CORPUS / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        predicted.extend(extract(text, doc=doc))
    scores = score_extraction(predicted, gold)
    assert scores["n_unaligned"] == 0
    assert scores["speaker_accuracy"] >= floor


def speakers(text: str) -> list[str | None]:
    return [s.speaker for s in body(text)]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # the content first, then the speaker and the verb after a comma or a dash
        (
            "Ferries will run every hour from May, the Vestby Harbour Board said.",
            "Vestby Harbour Board",
        ),
        (
            "Fares rose 6.5 percent -- the most in a decade -- the Fjord Ferry Company said on Monday.",
            "Fjord Ferry Company",
        ),
        ("Sven Aas chairs Nordbank. The bank will cut 40 jobs by June, he added.", "Sven Aas"),
        (
            "Nordbank posted a loss. About 300 staff will go, it said — a figure unions dispute.",
            "Nordbank",
        ),
        ("Mia Lund runs the ferry. Two routes will close, she told the Fjordpost.", "Mia Lund"),
        # inverted: the verb before its subject
        (
            "The plan will go ahead, said Marta Olsen, the city's planning chief, who backs it.",
            "Marta Olsen",
        ),
        ("Prices will keep rising, says Lena Hart, an economist at Nordbank.", "Lena Hart"),
    ],
)
def test_trailing_attribution_names_the_speaker_after_the_content(text, speaker):
    assert speakers(text)[-1] == speaker
    assert body(text)[-1].pattern == "speaker_verb"


@pytest.mark.parametrize(
    "text",
    [
        "The storm damaged 300 homes, the worst since 1990.",
        "In late March 2019, the firm reported a loss.",
        "The company, said to be worth 40 million euros, is for sale.",
        "Jon Rask, who was said to have left in May, returned.",
    ],
)
def test_narration_with_commas_is_not_a_trailing_report(text):
    assert speakers(text) == [None]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("The Harbour Workers' Union (HWU) said it would strike.", "Harbour Workers' Union"),
        (
            "Brekke Motors makes vans. The Norwegian carmaker (it employs 900 people) said sales fell.",
            "Brekke Motors",
        ),
        (
            "Sanna Berg, who chairs the trust, spoke. The trust (which has 900 members) will vote next week, she added.",
            "Sanna Berg",
        ),
    ],
)
def test_parenthetical_asides_do_not_hide_the_speaker(text, speaker):
    assert speakers(text)[-1] == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "OSLO, March 3 (Fjordpost) - Nordvik Energy said on Monday it would cut prices.",
            "Nordvik Energy",
        ),
        ("BERGEN, Norway — Mayor Jon Rask faced calls to resign on Monday.", None),
    ],
)
def test_a_dateline_is_not_a_speaker(text, speaker):
    assert speakers(text) == [speaker]


def test_a_quote_named_afterwards_belongs_to_the_speaker_named():
    text = (
        'Jon Rask said the vote was fair. "We won it fairly," he said.\n\n'
        '"The count was a farce. Nobody checked the boxes." That was the verdict of '
        "Elin Dahl, the losing candidate, who has asked for a recount.\n\n"
        '"We will appeal." The warning came from Dahl\'s lawyer, Per Moen.\n\n'
        '"It is over." That was how Rask, who has led the council since 2015, put it.\n\n'
        '"Nobody gains from this." Dahl, 44, made the remark outside the town hall.'
    )
    assert (
        speakers(text)
        == ["Jon Rask"] * 2
        + ["Elin Dahl"] * 3
        + ["Per Moen"] * 2
        + ["Jon Rask"] * 2
        + ["Elin Dahl"] * 2
    )
    patterns = [s.pattern for s in body(text)]
    assert patterns[2:5] == ["quote_continuation", "quote_continuation", "noun_cue"]


def test_a_bare_quote_opening_a_paragraph_takes_the_next_sentence_speaker():
    text = (
        'Jon Rask said the vote was fair. "We won it fairly," he said.\n\n'
        '"This is a scandal." Elin Dahl, the losing candidate, said she would appeal.\n\n'
        '"We will fight on."\n\nThe count took six hours.'
    )
    assert speakers(text) == ["Jon Rask", "Jon Rask", "Elin Dahl", "Elin Dahl", "Elin Dahl", None]


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('Mia Lund said fares would rise. "A ferry must pay," she went on.', "Mia Lund"),
        ("Mia Lund was quoted as saying that fares would rise.", "Mia Lund"),
        ("Mia Lund spoke. But she also faulted the board for its silence.", "Mia Lund"),
        ("Mia Lund went home after the vote.", None),
    ],
)
def test_more_ways_of_reporting_speech(text, speaker):
    assert speakers(text)[-1] == speaker


def test_a_narrator_sentence_about_a_role_makes_its_person_salient():
    text = (
        "Tom Berg, the club coach, and Ole Lund, the club chairman, met fans. "
        'Lund said the club was fine. The coach was in a combative mood. "We will win," he said.'
    )
    assert speakers(text) == [None, "Ole Lund", None, "Tom Berg"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "The Vestby Ferry Board will cut two routes in May, its chief executive,"
            " Dr. Ana Holt, announced on Monday.",
            "Ana Holt",
        ),
        ("Talks failed, Holt, the chief executive, said on Monday.", "Holt"),
        (
            "The Vestby Ferry Board will cut two routes. Fares rose 4 percent last year,"
            " according to board figures.",
            "Vestby Ferry Board",
        ),
        (
            "Dr. Ana Holt, 52, runs the clinic. Eva Berg spoke. The 52-year-old GP said the"
            " unit was safe.",
            "Ana Holt",
        ),
    ],
)
def test_speakers_with_appositives_owners_and_abbreviated_roles(text, speaker):
    assert speakers(text)[-1] == speaker


def test_according_to_unowned_figures_has_no_speaker():
    assert speakers("Prices rose 3 percent, according to official figures.") == [None]


def test_transcript_lines_belong_to_the_people_the_article_named():
    text = (
        "Ministers faced the committee on Tuesday.\n\n"
        "Jarmila Vodičková, who chairs the committee, said the hearing would be short. "
        "Dr. Ines Valcourt said the bank had changed its forecasts.\n\n"
        "VODIČKOVÁ: What has the bank changed since last spring?\n\n"
        "DR VALCOURT: We now publish the whole range of outcomes.\n\n"
        "UPDATE: The session was adjourned at noon.\n\n"
        "SMITH: Nobody introduced me.\n"
    )
    statements = {s.text.split(":")[0]: s for s in extract(text) if ":" in s.text}
    assert statements["VODIČKOVÁ"].speaker == "Jarmila Vodičková"
    assert statements["VODIČKOVÁ"].pattern == "transcript"
    assert statements["VODIČKOVÁ"].mention == "VODIČKOVÁ"
    assert statements["DR VALCOURT"].speaker == "Ines Valcourt"
    assert statements["UPDATE"].speaker is None
    assert statements["SMITH"].speaker is None
