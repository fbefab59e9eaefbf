"""Time re-anchoring every seed quote 20 times in an edited article of over 10,000 words.

Run from the repository root: ``python bench/bench_anchoring.py``. No Django needed.
Exit 1 when the median is over the limit.
"""

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.anchoring import find_anchor  # noqa: E402

RUNS = 5
LIMIT_SECONDS = 3.0


def main() -> int:
    article = (ROOT / "fixtures" / "article.txt").read_text(encoding="utf-8")
    claims = json.loads((ROOT / "fixtures" / "claims.json").read_text(encoding="utf-8"))
    # An edit that touches every paragraph, so no quote is found by a plain substring search.
    edited = "\n\n".join([article] * 10).replace(" the ", " a ").replace("’", "'")
    quotes = [claim["quote"] for claim in claims] * 20
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        anchors = [find_anchor(edited, quote) for quote in quotes]
        timings.append(time.perf_counter() - started)
    lost = sum(anchor is None for anchor in anchors)
    median = statistics.median(timings)
    print(
        f"find_anchor: {len(quotes)} quotes in {len(edited.split())} words, {lost} lost, "
        f"median {median:.3f} s over {RUNS} runs (limit {LIMIT_SECONDS:.1f} s)"
    )
    return 0 if median <= LIMIT_SECONDS and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
