"""Word lists shared by the claim extractor's modules (sentences, figures, attribution, cues)."""

# Month names and their abbreviations, as a regular-expression alternation.
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())
