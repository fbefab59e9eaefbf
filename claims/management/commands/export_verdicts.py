"""Export verdicts as the export CSV or as a JSON array of schema.org ClaimReview."""

from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError

from claims.exports.claimreview import claimreview, published_verdicts
from claims.exports.jsonld import jsonld_text
from claims.exports.verdicts import verdict_csv
from claims.models import Article, Claim
from claims.selectors import ClaimFilters, claims_matching


class Command(BaseCommand):
    help = (
        "Export claims with their verdicts as CSV (every status unless --status), or the "
        "published verdicts as one JSON array of schema.org ClaimReview."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["csv", "claimreview"], default="csv")
        parser.add_argument(
            "--article",
            metavar="ID",
            help="only this article: its external id (the CSV's article_id); a number that "
            "is no article's external id is taken as its primary key",
        )
        parser.add_argument(
            "--status",
            metavar="S",
            help="only claims with this status: " + ", ".join(Claim.Status.values),
        )
        parser.add_argument(
            "--include-drafts",
            action="store_true",
            help="CSV: add the proposed (unpublished) verdicts as the columns proposed_rating "
            "and proposed_summary, at the end",
        )
        parser.add_argument(
            "--excel", action="store_true", help="CSV: start with a byte order mark, for Excel"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")

    def handle(self, *args, **options) -> None:
        filters = ClaimFilters(
            statuses=[self._status(options["status"])] if options["status"] else [],
            article=self._article(options["article"]) if options["article"] else None,
        )
        claims = claims_matching(filters)
        if options["format"] == "claimreview":
            self._write(self._claimreviews(claims), options["output"])
        else:
            chunks = verdict_csv(
                claims, include_drafts=options["include_drafts"], excel=options["excel"]
            )
            self._write(chunks, options["output"])

    def _status(self, status: str) -> str:
        if status not in Claim.Status.values:
            raise CommandError(
                f"Unknown status {status!r}: use one of {', '.join(Claim.Status.values)}."
            )
        return status

    def _article(self, article_id: str) -> Article:
        article = Article.objects.filter(external_id=article_id).first()
        if article is None and article_id.isdigit():
            article = Article.objects.filter(pk=int(article_id)).first()
        if article is None:
            raise CommandError(f"No article has the external id or primary key {article_id!r}.")
        return article

    def _claimreviews(self, claims) -> Iterator[bytes]:
        """One JSON array, written an item at a time."""
        yield b"["
        for index, verdict in enumerate(published_verdicts(claims).iterator(chunk_size=500)):
            text = jsonld_text(claimreview(verdict))
            yield (",\n" if index else "\n").encode() + text.encode()
        yield b"\n]\n"

    def _write(self, chunks: Iterator[bytes], path: str | None) -> None:
        if path is None:
            # Chunks end on row boundaries, so each decodes on its own.
            for chunk in chunks:
                self.stdout.write(chunk.decode(), ending="")
            return
        try:
            with open(path, "wb") as output:
                for chunk in chunks:
                    output.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
