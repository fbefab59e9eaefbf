"""Search and "checked before?": one function per job, each database's fast path behind it.

- `search_claims`: the queue's `q` filter.
- `search_everything`: the search page, grouped by kind of record, ranked, with snippets.
- `match_claims` / `similar_claims` / `already_checked`: earlier claims that say the same
  thing as a text (a post, a suggestion, another claim), paraphrase included.

PostgreSQL uses the generated `search_vector` columns (GIN), SQLite the FTS5 tables; both are
made by migration 0008, and archived pages' by 0022 (`claims/searching/schema.py` builds
their SQL).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import Article, Claim, Comment, Evidence, Source, SourceSnapshot, Verdict
from claims.searching import postgres, sqlite
from claims.searching.posts import clean_post, content_words
from claims.searching.query import ParsedQuery, fold, number_forms, parse
from claims.searching.schema import IndexedField as F
from claims.searching.schema import SearchIndex

# What the indexes hold (as migration 0008 made them).
CLAIM_INDEX = SearchIndex(
    "claims_claim",
    (
        F("external_id", "A"),
        F("text", "A"),
        F("quote", "B"),
        F("attributed_to", "B"),
        F("unit", "C"),
    ),
)


@dataclass(frozen=True)
class Scope:
    """One kind of record the search page covers."""

    name: str
    label: str
    model: type
    index: SearchIndex
    snippet_column: str
    related: tuple[str, ...] = ()
    # Columns the results do not show and need not load (an archived page's whole text).
    deferred: tuple[str, ...] = ()
    # (group column, time column): one row per group, its latest match.
    latest_per: tuple[str, str] | None = None


# The search page's groups, in the order it shows them. Another kind of record is one more
# entry here and a migration adding its index (as it made it: the migration freezes a copy).
SCOPES = (
    Scope("claims", "Claims", Claim, CLAIM_INDEX, "text", ("article",)),
    Scope(
        "articles",
        "Articles",
        Article,
        SearchIndex(
            "claims_article",
            (
                F("external_id", "A"),
                F("title", "A"),
                F("author", "B"),
                F("outlet", "B"),
                F("url", "C", split_address=True),
                F("body", "D"),
            ),
        ),
        "body",
    ),
    Scope(
        "sources",
        "Sources",
        Source,
        SearchIndex(
            "claims_source",
            (F("title", "A"), F("publisher", "B"), F("url", "B", split_address=True)),
        ),
        "title",
    ),
    Scope(
        "snapshots",
        "Archived pages",
        SourceSnapshot,
        SearchIndex(
            "claims_sourcesnapshot",
            (F("title", "A"), F("publisher", "B"), F("text", "D", max_length=100_000)),
            gin_fastupdate=False,
        ),
        "text",
        ("source",),
        deferred=("text",),
        # A source's captures mostly say the same: each source once, by its latest capture
        # that matches (an older one when the words have since left the page).
        latest_per=("source_id", "fetched_at"),
    ),
    Scope(
        "evidence",
        "Evidence excerpts",
        Evidence,
        SearchIndex("claims_evidence", (F("excerpt", "A"), F("note", "B"), F("pinpoint", "C"))),
        "excerpt",
        ("claim", "source"),
    ),
    Scope(
        "comments",
        "Comments",
        Comment,
        SearchIndex("claims_comment", (F("body", "A"),)),
        "body",
        ("claim", "author"),
    ),
)

# A match this close (share of what the text says that the claim holds) is "already checked".
STRONG_MATCH = 0.6
# Suggestions checked per page: each is one match; the rest are checked once these are decided.
ALREADY_CHECKED_MAX = 20


def _backend():
    return postgres if connection.vendor == "postgresql" else sqlite


def highlight(raw: str) -> SafeString:
    """A snippet with its matches marked: the text escaped, then the markers made <mark>."""
    text = escape(raw or "")
    text = re.sub(
        f"{postgres.MARK_START}([^{postgres.MARK_END}]*){postgres.MARK_END}",
        r"<mark>\1</mark>",
        text,
    )
    return mark_safe(text.replace(postgres.MARK_START, "").replace(postgres.MARK_END, ""))


# --- the queue ------------------------------------------------------------------------------


def search_claims(queryset: QuerySet, query: str) -> QuerySet:
    """The claims of `queryset` that match `query` (web-search syntax), in its own order."""
    parsed = parse(query)
    if parsed.is_empty:
        return queryset if not query.strip() else queryset.none()
    return _backend().filter_queryset(queryset, parsed)


# --- the search page ------------------------------------------------------------------------


@dataclass
class Hit:
    record: object
    rank: float
    snippet: SafeString
    url: str


@dataclass
class Group:
    scope: Scope
    hits: list[Hit]
    more_url: str = ""


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    groups: list[Group] = field(default_factory=list)
    near_spellings: bool = False

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def _hit_url(scope: Scope, record) -> str:
    if scope.name == "claims" or scope.name == "articles":
        return record.get_absolute_url()
    if scope.name == "evidence":
        return record.claim.get_absolute_url() + "#evidence"
    if scope.name == "comments":
        return record.claim.get_absolute_url() + "#discussion"
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url else record.url


def search_everything(query: str, *, per_group: int = 8) -> SearchResults:
    """Every kind of record matching `query`, best first within each group."""
    parsed = parse(query)
    results = SearchResults(query=query, parsed=parsed)
    if parsed.is_empty:
        return results
    backend = _backend()
    for scope in SCOPES:
        rows = backend.ranked(
            scope.index, parsed, per_group, scope.snippet_column, latest_per=scope.latest_per
        )
        records = scope.model.objects.defer(*scope.deferred)
        if scope.related:  # select_related() with no fields is deprecated
            records = records.select_related(*scope.related)
        records = records.in_bulk([row[0] for row in rows])
        hits = [
            Hit(records[pk], rank, highlight(snippet), _hit_url(scope, records[pk]))
            for pk, rank, snippet in rows
            if pk in records
        ]
        more = ""
        if scope.name == "claims" and len(hits) == per_group:
            more = reverse("claims:claim_list") + "?" + urlencode({"q": query})
        results.groups.append(Group(scope, hits, more))
    if not results.total and backend is postgres:
        results.groups[0].hits = _near_spellings(query, per_group)
        results.near_spellings = bool(results.groups[0].hits)
    return results


def _near_spellings(query: str, limit: int) -> list[Hit]:
    text = " ".join(fold(query).split())[:100]
    if len(text) < 3:
        return []
    rows = postgres.near_spellings("claims_claim", "text", text, limit)
    claims = Claim.objects.select_related("article").in_bulk([pk for pk, _ in rows])
    return [
        Hit(claims[pk], similarity, escape(claims[pk].text), claims[pk].get_absolute_url())
        for pk, similarity in rows
        if pk in claims
    ]


# --- checked before? ------------------------------------------------------------------------


@dataclass
class ClaimMatch:
    claim: Claim
    score: float  # the share of what the text says that this claim holds, 0 to 1
    rank: float

    @property
    def verdict(self):
        return self.claim.current_verdict()

    @property
    def is_strong(self) -> bool:
        return self.score >= STRONG_MATCH


def _with_number_forms(text: str) -> str:
    """`text` and the spaced form of each long number, which is how "1,500" is indexed."""
    extra = [
        forms[-1]
        for digits in re.findall(r"\d{4,}", text)
        if len(forms := number_forms(digits)) > 1
    ]
    return " ".join([text, *extra])


def match_claims(
    text: str,
    *,
    limit: int = 5,
    status: str = "",
    exclude_claim: Claim | None = None,
    exclude_article: Article | None = None,
) -> list[ClaimMatch]:
    """The stored claims that best match what `text` says, best first.

    `text` may be a reader's post: links, handles and signatures are left out and hashtags
    read as words. Words are weighted by how rare they are among the claims, so a claim
    sharing the telling words of a restatement ranks above one sharing only common ones.
    """
    statement = _with_number_forms(clean_post(text))[:5000]
    conditions, params = [], []
    prefix = "" if connection.vendor == "postgresql" else "t."
    if status:
        conditions.append(f"{prefix}status = %s")
        params.append(status)
    if exclude_claim is not None:
        conditions.append(f"{prefix}id <> %s")
        params.append(exclude_claim.pk)
    if exclude_article is not None:
        conditions.append(f"{prefix}article_id <> %s")
        params.append(exclude_article.pk)
    where = "".join(f" AND {condition}" for condition in conditions)
    if connection.vendor == "postgresql":
        scored = _postgres_matches(statement, limit, where, params)
    else:
        scored = _sqlite_matches(statement, limit, where, params)
    claims = _claims_with_verdicts([pk for pk, _, _ in scored])
    return [
        ClaimMatch(claims[pk], round(float(share), 4), float(rank))
        for pk, rank, share in scored
        if pk in claims
    ]


def _claims_with_verdicts(ids: list[int]) -> dict[int, Claim]:
    """The claims of `ids` with their articles and current verdicts, in two queries whether
    there are none or many (a page showing matches keeps a fixed query count)."""
    claims = Claim.objects.select_related("article").in_bulk(ids or [0])
    verdicts = Verdict.objects.current().select_related("rating").filter(claim_id__in=ids or [0])
    by_claim = {verdict.claim_id: verdict for verdict in verdicts}
    for pk, claim in claims.items():
        claim.current_verdicts = [by_claim[pk]] if pk in by_claim else []
    return claims


# Candidates are the claims holding any of the rarest words, while those words' rows add up
# to at most this many: scoring is per candidate, so this bounds a match's cost at any size.
CANDIDATE_BUDGET = 1000
RETRIEVE_WORDS = 8
# Words scored per candidate: the rarest; the rest change a ranking too little to pay for.
SCORE_WORDS = 16


def _postgres_matches(statement: str, limit: int, where: str, params: list) -> list:
    words, total, common = postgres.lexemes_and_statistics(CLAIM_INDEX.table, statement)
    if not words:
        return []
    total, frequencies = postgres.document_frequencies(CLAIM_INDEX.table, words, total, common)
    weights = {
        word: postgres.idf(total, frequencies[word]) for word in words if frequencies.get(word)
    }
    if not weights:
        return []
    by_rarity = sorted(weights, key=lambda word: (-weights[word], word))
    weights = {word: weights[word] for word in by_rarity[:SCORE_WORDS]}
    retrieve, expected = [], 0.0
    for word in by_rarity[:RETRIEVE_WORDS]:
        if retrieve and expected + frequencies[word] > CANDIDATE_BUDGET:
            break
        retrieve.append(word)
        expected += frequencies[word]
    # Even the rarest word is common: fetch only the claims holding the three rarest together.
    together = expected > CANDIDATE_BUDGET
    return postgres.best_matches(
        CLAIM_INDEX.table,
        weights,
        by_rarity[:3] if together else retrieve,
        together=together,
        limit=limit,
        where=where,
        params=params,
    )


def _stem(word: str) -> str:
    return word[:6]


def _sqlite_matches(statement: str, limit: int, where: str, params: list) -> list:
    words = content_words(statement)
    rows = sqlite.best_matches(CLAIM_INDEX, words, limit=limit, where=where, params=params)
    claims = Claim.objects.in_bulk([pk for pk, _ in rows] or [0])
    wanted = {_stem(word) for word in words}
    scored = []
    for pk, rank in rows:
        if pk not in claims:
            continue
        held = {_stem(word) for word in content_words(f"{claims[pk].text} {claims[pk].quote}", 200)}
        scored.append((pk, rank, len(wanted & held) / len(wanted) if wanted else 0.0))
    return scored


def similar_claims(claim: Claim, *, limit: int = 5) -> list[ClaimMatch]:
    """The claims of other articles closest to `claim`: has this been checked before?"""
    return match_claims(claim.text, limit=limit, exclude_article=claim.article)


def already_checked(texts: list[str], *, article: Article) -> list[ClaimMatch | None]:
    """For each text (a suggested claim, say), the published claim of another article that
    strongly matches it, or None."""
    found = []
    for number, text in enumerate(texts):
        if number >= ALREADY_CHECKED_MAX:
            found.append(None)
            continue
        matches = match_claims(
            text, limit=1, status=Claim.Status.PUBLISHED, exclude_article=article
        )
        found.append(matches[0] if matches and matches[0].is_strong else None)
    return found
