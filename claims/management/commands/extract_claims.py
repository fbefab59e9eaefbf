"""Print the candidate claims found in a plain-text article."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.extractor import (
    ArticleFileError,
    extract_claims,
    format_suggestions,
    read_article_text,
)


class Command(BaseCommand):
    help = "Print candidate claims (sentences with a check-worthiness score) in a UTF-8 text file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of a UTF-8 plain-text article")
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
            text = read_article_text(options["file"])
        except ArticleFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            format_suggestions(
                extract_claims(text, language=options["language"]), as_json=options["json"]
            ),
            ending="",
        )
