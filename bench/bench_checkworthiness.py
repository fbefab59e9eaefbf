"""Precision, recall and F1 of the check-worthiness score on a labelled set of real sentences.

Run from the repository root: ``python bench/bench_checkworthiness.py [--misses]``. No Django
needed. The set, ``tests/data/checkworthiness.tsv``, holds sentences from public news reports,
debate transcripts, op-eds and letters to the editor, each labelled 1 (states something a
fact-checker could check and would want to) or 0 (opinion, exhortation, question, procedure,
prediction, anecdote). Exit 1 when F1 at the extractor's threshold is below the target.
"""

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.extractor import CHECKWORTHY, extract_claims  # noqa: E402

DATA = ROOT / "tests" / "data" / "checkworthiness.tsv"
TARGET_F1 = 0.75


@dataclass(frozen=True)
class Labelled:
    label: bool
    genre: str
    source: str
    sentence: str


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    count: int


def load(path: Path = DATA) -> list[Labelled]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Labelled(row["label"] == "1", row["genre"], row["source"], row["sentence"])
            for row in rows
        ]


def score(sentence: str) -> float:
    """The extractor's score for a sentence; 0 when it suggests nothing for it."""
    return max((suggestion.score for suggestion in extract_claims(sentence)), default=0.0)


def evaluate(items: list[Labelled], threshold: float = CHECKWORTHY) -> Scores:
    predicted = [score(item.sentence) >= threshold for item in items]
    true_positive = sum(p and item.label for p, item in zip(predicted, items, strict=True))
    precision = true_positive / max(1, sum(predicted))
    recall = true_positive / max(1, sum(item.label for item in items))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, len(items))


def main(argv: list[str]) -> int:
    items = load()
    overall = evaluate(items)
    print(
        f"check-worthiness at {CHECKWORTHY}: {overall.count} sentences, precision "
        f"{overall.precision:.2f}, recall {overall.recall:.2f}, F1 {overall.f1:.2f} "
        f"(target {TARGET_F1})"
    )
    for genre in sorted({item.genre for item in items}):
        part = evaluate([item for item in items if item.genre == genre])
        print(
            f"  {genre}: {part.count} sentences, precision {part.precision:.2f}, "
            f"recall {part.recall:.2f}, F1 {part.f1:.2f}"
        )
    if "--misses" in argv:
        for item in items:
            found = score(item.sentence)
            if (found >= CHECKWORTHY) != item.label:
                print(f"  {'FN' if item.label else 'FP'} {found:.2f} {item.sentence}")
    return 0 if overall.f1 >= TARGET_F1 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
