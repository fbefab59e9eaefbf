"""A search box's text, read once: web-search syntax (quotes, `or`, `-word`), numbers however
they are written, accents folded, addresses split into words. Pure Python, no Django.

Both databases get the same reading: PostgreSQL as a `websearch_to_tsquery` string, SQLite
as an FTS5 MATCH expression.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 300
MAX_TERMS = 24

# "1,500", "1 500", "1 500" (no-break and narrow no-break spaces) and "1500" are one number.
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d,.]\d)|(?<![\w.])\d{4,}(?![\w.]\d)"
)
_SEPARATORS = re.compile(r"[,\u00a0\u202f ]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD_PARTS = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, without accents, without control characters (NUL included)."""
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch)[0] != "C")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def number_forms(digits: str) -> list[str]:
    """The ways a whole number is indexed: "1500" as itself and as "1 500" (the indexes
    split "1,500" and "1 500" at the separator)."""
    digits = digits.lstrip("0") or "0"
    if len(digits) < 4:
        return [digits]
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ["".join(groups), " ".join(groups)]


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word, or a phrase of words that must follow one another."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    """Clauses that must all match; each clause is terms of which any may match."""

    clauses: list[list[Term]] = field(default_factory=list)
    truncated: bool = False

    @property
    def positive(self) -> list[list[Term]]:
        return [clause for clause in self.clauses if not clause[0].negated]

    @property
    def is_empty(self) -> bool:
        return not self.positive

    def words(self) -> list[str]:
        """Every word looked for, for highlighting and matching."""
        return [word for clause in self.positive for term in clause for word in term.words]

    def websearch_clause(self, clause: list[Term]) -> list[str]:
        return [_websearch_term(term) for term in clause]

    def websearch(self) -> str:
        """The query in `websearch_to_tsquery` syntax."""
        parts = []
        for clause in self.clauses:
            rendered = [_websearch_term(term) for term in clause]
            parts.append(" ".join(rendered) if clause[0].negated else " or ".join(rendered))
        return " ".join(parts)

    def fts5(self) -> str:
        """The query as an SQLite FTS5 MATCH expression ("" when nothing positive is left)."""
        if self.is_empty:
            return ""
        positive = [
            "(" + " OR ".join(_fts5_string(term) for term in clause) + ")"
            for clause in self.positive
        ]
        negative = [
            _fts5_string(term) for clause in self.clauses if clause[0].negated for term in clause
        ]
        return " AND ".join(positive) + "".join(f" NOT {term}" for term in negative)


def _websearch_term(term: Term) -> str:
    text = " ".join(term.words)
    text = f'"{text}"' if term.is_phrase else text
    return f"-{text}" if term.negated else text


def _fts5_string(term: Term) -> str:
    return '"' + " ".join(term.words).replace('"', '""') + '"'


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD_PARTS.findall(text))


def _alternatives(raw: str, negated: bool) -> list[Term]:
    """The terms one bare token stands for: a number in each of its forms, an address or a
    host as the phrase of its words, anything else as its words."""
    digits = _SEPARATORS.sub("", raw)
    if digits.isdigit():
        return [Term(_words(form), negated) for form in number_forms(digits)]
    words = _words(raw)
    if not words:
        return []
    if len(words) > 1 and (_URL.fullmatch(raw) or _HOST.match(raw)):
        return [Term(words, negated)]
    return [Term((word,), negated) for word in words]


def parse(text: str) -> ParsedQuery:
    """Read a search box's text. Never raises: what cannot be read is left out."""
    text = fold(text or "")
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    # Join the parts of a number written with spaces before splitting on spaces.
    text = _NUMBER.sub(lambda match: _SEPARATORS.sub("", match.group()), text)
    query = ParsedQuery(truncated=truncated)
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated_phrase, phrase, bare = match.groups()
        if bare is not None and bare == "or":
            pending_or = bool(query.clauses)
            continue
        if phrase is not None:
            words = _words(phrase)
            terms = [Term(words, bool(negated_phrase))] if words else []
        else:
            negated = bare.startswith("-") and len(bare) > 1
            terms = []
            for alternative in _alternatives(bare[1:] if negated else bare, negated):
                terms.append(alternative)
            # A bare token of several words ("covid-19", "o'brien") must match them all.
            if len(terms) > 1 and not _SEPARATORS.sub("", bare.lstrip("-")).isdigit():
                terms = [Term(tuple(w for t in terms for w in t.words), negated)]
        if not terms:
            continue
        last = query.clauses[-1] if query.clauses else None
        if pending_or and last and not last[0].negated and not terms[0].negated:
            last.extend(terms)
        elif terms[0].negated:
            query.clauses.extend([term] for term in terms)
        else:
            query.clauses.append(terms)
        pending_or = False
        if sum(len(clause) for clause in query.clauses) >= MAX_TERMS:
            query.truncated = True
            break
    return query
