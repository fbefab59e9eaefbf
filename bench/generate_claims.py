"""Write a deterministic import file of N claim rows for the import benchmark.

    python bench/generate_claims.py [N] [-o bench/data/claims_N.csv]

A few articles, each with a body of numbered sentences; every claim quotes one sentence of
its article, and one row in ten cites a source from a shared pool. The same N always gives
the same bytes.
"""

import argparse
import csv
import sys
from pathlib import Path

# The header of docs/formats.md, written out so the generator runs without Django.
COLUMNS = [
    "article_id",
    "article_title",
    "article_url",
    "article_author",
    "article_outlet",
    "article_published_on",
    "article_body",
    "claim_id",
    "text",
    "quote",
    "kind",
    "stated_value",
    "qualifier",
    "unit",
    "attributed_to",
    "status",
    "assignee",
    "source_url",
    "source_title",
    "publisher",
    "source_published_on",
    "stance",
    "excerpt",
    "reported_value",
]
ARTICLES = 20
SENTENCES = 60
SOURCES = 500
EVIDENCE_EVERY = 10
AGENCIES = ["the ministry", "the agency", "the council", "the institute", "the bureau"]
UNITS = ["nurses", "troops", "homes", "schools", "jobs", "tonnes"]
VERBS = ["hired", "sent", "built", "opened", "created", "shipped"]
KINDS = ["figure", "figure", "attribution", "event", "quote", "prediction"]
QUALIFIERS = ["exact", "approximately", "at_least", "at_most"]
STANCES = ["supports", "contradicts", "context"]
DATA = Path(__file__).resolve().parent / "data"


def sentence(article: int, number: int) -> tuple[str, int, str, str]:
    """Sentence `number` of an article: its text, the figure, unit and speaker it states."""
    value = 1000 + (article * 7919 + number * 104729) % 98000
    unit = UNITS[(article + number) % len(UNITS)]
    agency = AGENCIES[number % len(AGENCIES)]
    verb = VERBS[(article * 3 + number) % len(VERBS)]
    year = 2000 + (article + number) % 25
    text = f"In {year}, {agency} said {value:,} {unit} were {verb} (note {article}.{number})."
    return text, value, unit, agency


def article_key(article: int) -> str:
    return f"bench-{article:02d}"


def body(article: int) -> str:
    paragraphs = []
    for start in range(0, SENTENCES, 5):
        paragraphs.append(" ".join(sentence(article, n)[0] for n in range(start, start + 5)))
    return "\n\n".join(paragraphs)


def rows(count: int):
    per_article = -(-count // ARTICLES)
    for index in range(count):
        article = index // per_article
        first = index % per_article == 0
        number = index % SENTENCES
        quote, value, unit, agency = sentence(article, number)
        kind = KINDS[index % len(KINDS)]
        row = {
            "article_id": article_key(article),
            "claim_id": f"c{index:07d}",
            "text": f"{agency.capitalize()} says {value:,} {unit} (claim {index}).",
            "quote": quote,
            "kind": kind,
            "status": "researching" if index % 50 == 0 else "new",
        }
        if first:
            row.update(
                article_title=f"Benchmark article {article}",
                article_url=f"https://news.example.org/bench/{article}",
                article_author="Bench Writer",
                article_outlet="The Bench Gazette",
                article_published_on=f"2024-{1 + article % 12:02d}-15",
                article_body=body(article),
            )
        if kind == "figure":
            row.update(stated_value=f"{value:,}", qualifier=QUALIFIERS[index % 4], unit=unit)
        elif kind == "attribution":
            row["attributed_to"] = agency.capitalize()
        if index % EVIDENCE_EVERY == 0:
            source = index // EVIDENCE_EVERY % SOURCES
            row.update(
                source_url=f"https://source.example.org/report-{source}",
                source_title=f"Report {source}",
                publisher="Example Wire",
                source_published_on="2024-02-01",
                stance=STANCES[index % 3],
                excerpt=f"The report gives {value:,} {unit}.",
                reported_value=str(value),
            )
        yield [row.get(column, "") for column in COLUMNS]


def generate(count: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(count))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args(argv)
    path = generate(args.count, args.output or DATA / f"claims_{args.count}.csv")
    print(f"{path}: {args.count:,} rows, {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
