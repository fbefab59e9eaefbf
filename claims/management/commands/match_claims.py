"""Print the stored claims that best match each line of a file: has this been checked before?"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Claim
from claims.search import match_claims

MAX_LIMIT = 100


def read_queries(path: str) -> list[tuple[str, str]]:
    """(query id, text) for each non-empty line: `ID<TAB>text`, or the text alone, whose id
    is then its line number."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot read it ({error.strerror or error}).") from error
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path}: not UTF-8 text (byte {error.start + 1} cannot be read)."
        ) from error
    queries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.replace("\x00", "").strip()
        if not line:
            continue
        query_id, tab, rest = line.partition("\t")
        if tab and rest.strip():
            queries.append((query_id.strip(), rest.strip()))
        else:
            queries.append((str(number), line))
    return queries


class Command(BaseCommand):
    help = "Print the stored claims best matching each non-empty line (text, or ID<TAB>text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="UTF-8 text, one query a line")
        parser.add_argument("--limit", type=int, default=5, help="matches per query (default 5)")
        parser.add_argument(
            "--status", default="", choices=["", *Claim.Status.values], help="only claims in it"
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per query line")

    def handle(self, *args, **options) -> None:
        limit = options["limit"]
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
        for query_id, text in read_queries(options["file"]):
            matches = match_claims(text, limit=limit, status=options["status"])
            if options["json"]:
                self.stdout.write(json.dumps(as_json(query_id, matches), ensure_ascii=False))
                continue
            self.stdout.write(f"{query_id}\t{text[:100]}")
            for match in matches:
                claim = match.claim
                self.stdout.write(
                    f"  {match.score:.3f}  {claim.article.external_id}/{claim.external_id}"
                    f"  [{claim.status}]  {claim.text[:100]}"
                )
            if not matches:
                self.stdout.write("  (no match)")


def as_json(query_id: str, matches) -> dict:
    return {
        "query_id": int(query_id) if query_id.isdigit() else query_id,
        "matches": [
            {
                "id": match.claim.pk,
                "claim_id": match.claim.external_id,
                "article_id": match.claim.article.external_id,
                "score": match.score,
                "text": match.claim.text,
            }
            for match in matches
        ],
    }
