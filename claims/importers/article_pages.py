"""An article from its web address: fetched by the app's one fetcher, read like an upload."""

from dataclasses import replace

from claims.fetching import FetchError, fetch
from claims.importers.article_files import (
    ArticleReading,
    IngestError,
    document_kind,
    document_reading,
)


def _describe(mime: str) -> str:
    if not mime:
        return "a document of no stated type"
    family = mime.split("/", 1)[0]
    named = {"image": "an image", "audio": "a sound file", "video": "a video"}
    if family in named:
        return f"{named[family]} ({mime})"
    return f"{'an' if mime[:1] in 'aeiou' else 'a'} {mime} document"


def article_from_url(url: str) -> ArticleReading:
    """Fetch `url` and read its article; IngestError says why when there is none to read.

    Nothing is stored here: the editor confirms the reading before an article is made.
    """
    try:
        fetched = fetch(url)
    except FetchError as error:
        raise IngestError(f"Could not fetch {error.url or url.strip()}: {error.reason}") from None
    kind = document_kind(fetched.content_type, fetched.body)
    if kind is None:
        raise IngestError(
            f"{fetched.final_url} is {_describe(fetched.mime_type)}, not a web page or a PDF: "
            "there is no article text to read."
        )
    try:
        reading = document_reading(
            fetched.body, fetched.content_type, name=fetched.final_url, url=fetched.final_url
        )
    except IngestError:
        raise IngestError(
            f"No article text was found at {fetched.final_url}. If the page shows it, "
            "paste the text instead."
        ) from None
    return replace(reading, url=fetched.final_url)
