"""Print the candidate claims found in an article: a text, HTML or PDF file, or a web address."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.extractor import (
    ArticleFileError,
    extract_claims,
    format_suggestions,
    read_article_text,
)
from claims.importers.article_files import IngestError, article_reading
from claims.importers.article_pages import article_from_url

READABLE_FILES = (".html", ".htm", ".pdf")


def _article_text(source: str) -> str:
    """Plain-text files as they are; HTML, PDF and web pages read as the new-article page does."""
    if source.lower().startswith(("http://", "https://")):
        return article_from_url(source).text
    path = Path(source)
    if path.suffix.lower() not in READABLE_FILES:
        return read_article_text(source)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleFileError(f"Cannot read {source}: {error.strerror or error}") from error
    return article_reading(path.name, data).text


class Command(BaseCommand):
    help = (
        "Print candidate claims (sentences with a check-worthiness score) in an article: a UTF-8 "
        "text file, an HTML or PDF file, or the web address of its page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="a UTF-8 plain-text, .html or .pdf file, or an http(s):// address"
        )
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per line instead of text"
        )
        parser.add_argument(
            "--language",
            default=None,
            help='the text\'s language code ("en", "tr"...): how its numbers are written',
        )

    def handle(self, *args, **options) -> None:
        try:
            text = _article_text(options["file"])
        except (ArticleFileError, IngestError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            format_suggestions(
                extract_claims(text, language=options["language"]), as_json=options["json"]
            ),
            ending="",
        )
