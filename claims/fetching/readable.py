"""The readable main text of a fetched document, with its title, publisher and date.

HTML goes through trafilatura, PDF through pypdf; plain text is kept as it is. Anything
else has no readable text (an image, a video), which is not an error.
"""

import io
import logging
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})


@dataclass(frozen=True)
class Readable:
    text: str = ""
    title: str = ""
    publisher: str = ""
    author: str = ""
    published_on: date | None = None


def _looks_like_pdf(body: bytes) -> bool:
    return body[:5] == b"%PDF-"


def readable(body: bytes, content_type: str = "", url: str = "") -> Readable:
    """The main text and metadata of `body`, served as `content_type` from `url`."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in PDF_TYPES or _looks_like_pdf(body):
        return _from_pdf(body)
    if mime in HTML_TYPES or (not mime and body.lstrip()[:1] == b"<"):
        return _from_html(body, url)
    if mime.startswith("text/"):
        return Readable(text=_decode(body, content_type).strip())
    return Readable()


def _decode(body: bytes, content_type: str) -> str:
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"'")
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _from_html(body: bytes, url: str) -> Readable:
    import trafilatura  # imported here: loading it takes a noticeable moment

    try:
        document = trafilatura.bare_extraction(
            body, url=url or None, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception:  # a malformed page must not stop a check; it just has no text
        logger.warning("trafilatura could not read %s", url, exc_info=True)
        return Readable()
    if document is None:
        return Readable()
    data = document if isinstance(document, dict) else document.as_dict()
    return Readable(
        text=(data.get("text") or "").strip(),
        title=(data.get("title") or "").strip(),
        publisher=(data.get("sitename") or "").strip(),
        author=(data.get("author") or "").strip(),
        published_on=_parse_date(data.get("date")),
    )


def _from_pdf(body: bytes) -> Readable:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
        info = reader.metadata
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        logger.warning("pypdf could not read a PDF", exc_info=True)
        return Readable()
    created = None
    if info is not None:
        try:
            created = info.creation_date.date() if info.creation_date else None
        except (ValueError, TypeError):
            created = None
    return Readable(
        text=text.strip(),
        title=((info.title if info else "") or "").strip(),
        author=((info.author if info else "") or "").strip(),
        published_on=created,
    )
