"""Speed of speaker attribution: sentences per second on one core.

Builds a large deterministic input by recombining varied wire-story sentence shapes
(quote first, according to, appositive titles, colon quotes, running quotes, trailing
attributions, quotes named afterwards, parentheses, narrator sentences), runs
``stance.attribution.extract`` on every article and writes the result to
``benchmarks/results/extract.json`` (wall-clock and CPU-time rates: on a busy machine the
CPU rate is the one that measures the code).

    python benchmarks/bench_extract.py [--sentences 200000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from pathlib import Path

from stance.attribution import extract

FIRST = [
    "Lena",
    "Tomas",
    "Amira",
    "Yuri",
    "Priya",
    "Gregor",
    "Helga",
    "Dmitri",
    "Rosa",
    "Kwame",
    "Ines",
    "Bram",
    "Sunniva",
    "Oskar",
    "Fatima",
    "Declan",
    "Mei",
    "Anders",
    "Zofia",
    "Kofi",
    "Marta",
    "Rafael",
    "Ingrid",
    "Hiroshi",
    "Nadia",
    "Callum",
    "Elif",
    "Pavel",
    "Ngozi",
    "Jonas",
]
LAST = [
    "Hart",
    "Reddick",
    "Haddad",
    "Ushakov",
    "Okonjo",
    "Lantz",
    "Marrow",
    "Hallam",
    "Vogl",
    "Asante",
    "Kettering",
    "Brandt",
    "Castellan",
    "Oyelaran",
    "Quist",
    "Ferro",
    "Tanabe",
    "Lindqvist",
    "Okafor",
    "Sindelar",
    "Halas",
    "Berek",
    "Amari",
    "Ondine",
    "Kowal",
    "Varga",
    "Albrecht",
    "Mosse",
    "Nwosu",
    "Drozd",
]
ROLES = [
    "the union's treasurer",
    "chief executive of Norvex Motors",
    "a senior aide",
    "the finance minister",
    "director of the Coalition for Seed Freedom",
]
ORGS = [
    "the Ministry of Transport",
    "the National Food Safety Authority",
    "Norvex Motors",
    "the Harbour Workers' Union",
    "the Kremlin",
]
VERBS = ["said", "told reporters", "warned", "insisted", "argued", "noted", "stressed", "added"]
CLAIMS = [
    "the talks would resume in Geneva on Monday",
    "the offer was fair to every member",
    "prices had risen faster than wages",
    "the plan would cost about 40 million euros",
    "nobody had been consulted before the vote",
]
QUOTES = [
    "We will not back down",
    "This is a fair offer",
    "Nobody wins a long dispute",
    "The numbers speak for themselves",
    "We have heard promises like this before",
]
NARRATION = [
    "The vote is expected on Friday.",
    "Shares closed 2.1 percent lower in Brennholt.",
    "The plant employs about 1,900 people.",
    "Talks broke down in March after six rounds.",
    "The law raises the retirement age from 63 to 67 over ten years.",
]


def sentence(rng: random.Random, person: str, surname: str) -> str:
    """One sentence in one of the shapes newswire uses."""
    claim, quote = rng.choice(CLAIMS), rng.choice(QUOTES)
    shapes = [
        lambda: f"{person}, {rng.choice(ROLES)}, {rng.choice(VERBS)} that {claim}.",
        lambda: f'"{quote}," {surname} {rng.choice(VERBS)}.',
        lambda: f'"{quote}," said {person}.',
        lambda: f"According to {rng.choice(ORGS)}, {claim}.",
        lambda: f"{claim[0].upper()}{claim[1:]}, according to {surname}.",
        lambda: f'{surname} told journalists on Tuesday: "{quote}."',
        lambda: f"In a statement, {rng.choice(ORGS)} said {claim}.",
        lambda: f'"{quote}," {rng.choice(["he", "she"])} said. "We expect an answer by Friday."',
        lambda: f"{rng.choice(['He', 'She'])} {rng.choice(VERBS)} that {claim}.",
        lambda: rng.choice(NARRATION),
        lambda: f"{claim[0].upper()}{claim[1:]}, {rng.choice(ORGS)} said on Monday.",
        lambda: f'"{quote}." That was the verdict of {person}, {rng.choice(ROLES)}.',
        lambda: f"{rng.choice(ORGS)[4:]} (founded in 1998) said {claim}.",
    ]
    return rng.choice(shapes)()


def build_articles(total: int, seed: int) -> list[str]:
    """Articles of 8-20 sentences with a headline, adding up to about ``total`` sentences."""
    rng = random.Random(seed)
    articles, count = [], 0
    while count < total:
        size = min(rng.randint(8, 20), total - count)
        lines, paragraph = [], []
        for _ in range(size):
            person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            paragraph.append(sentence(rng, person, person.split()[1]))
            if rng.random() < 0.35:
                lines.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        articles.append("Minister: talks will resume\n\n" + "\n\n".join(lines) + "\n\nComments\n")
        count += size
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "extract.json"
    )
    args = parser.parse_args()
    articles = build_articles(args.sentences, args.seed)
    started, cpu_started = time.perf_counter(), time.process_time()
    statements = sum(len(extract(article, doc=str(i))) for i, article in enumerate(articles))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    body = statements - len(articles)
    result = {
        "benchmark": "extract",
        "articles": len(articles),
        "sentences": body,
        "seconds": round(elapsed, 3),
        "sentences_per_second": round(body / elapsed, 1),
        "cpu_seconds": round(cpu, 3),
        "sentences_per_cpu_second": round(body / cpu, 1),
        "seed": args.seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{body} sentences in {elapsed:.2f} s: {body / elapsed:,.0f} sentences/second"
        f" ({body / cpu:,.0f} per CPU second)"
    )


if __name__ == "__main__":
    main()
