"""Time claim extraction on a generated article of about 10,000 words; exit 1 if too slow.

Run from the repository root: ``python bench/bench_extraction.py``. No Django needed.
"""

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.extractor import extract_claims  # noqa: E402
from tests.extraction_cases import CASES  # noqa: E402

TARGET_WORDS = 10_000
RUNS = 5
LIMIT_SECONDS = 1.0


def generate_article(target_words: int = TARGET_WORDS, seed: int = 2024) -> str:
    """The seed article followed by paragraphs of table sentences with their numbers varied."""
    rng = random.Random(seed)
    seed_article = (ROOT / "fixtures" / "article.txt").read_text(encoding="utf-8")
    sentences = [case.sentence for case in CASES]
    paragraphs = [seed_article]
    words = len(seed_article.split())
    while words < target_words:
        picked = rng.sample(sentences, 6)
        paragraph = " ".join(_vary(sentence, rng) for sentence in picked)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(paragraphs)


def _vary(sentence: str, rng: random.Random) -> str:
    """Swap every digit for another so the article is not one paragraph repeated."""
    return "".join(str(rng.randint(1, 9)) if char.isdigit() else char for char in sentence)


def main() -> int:
    article = generate_article()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        suggestions = extract_claims(article)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    print(
        f"extract_claims: {len(article.split())} words, {len(suggestions)} suggestions, "
        f"median {median:.3f} s over {RUNS} runs (limit {LIMIT_SECONDS:.1f} s)"
    )
    return 0 if median <= LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
