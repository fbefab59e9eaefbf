"""Turning an article file (.txt, .md, .html, .pdf) or a fetched page into the plain text claims
anchor in, with whatever title, author, outlet and date the document itself gives.

HTML and PDF go through `claims.fetching.readable` whether they were uploaded or fetched, so a
page and its saved copy become the same article text.
"""

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePath

from claims.fetching.readable import HTML_TYPES, PDF_TYPES, readable

ACCEPTED = (".txt", ".md", ".html", ".htm", ".pdf")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 25 * 1024 * 1024  # PDFs carry fonts and images: their text is a small part


class IngestError(ValueError):
    """The file cannot be read as an article; the message says why."""


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is fine); otherwise name the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(
            f"{name} is not UTF-8 text: line {line} has a byte ({data[error.start]:#04x}) "
            "that is not valid UTF-8. Save the file as UTF-8 and try again."
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _ReadableText(HTMLParser):
    """Collects the text a reader sees: no scripts, styles or page furniture."""

    SKIP = {
        "head", "title", "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
        "template",
    }  # fmt: skip
    BLOCKS = {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
        "blockquote", "pre", "tr", "table", "ul", "ol", "figure", "figcaption", "dd", "dt",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag == "li":
                self.parts.append("• ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    parser.close()
    return tidy("".join(parser.parts))


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_BULLET = re.compile(r"^\s*[-*+]\s+", re.MULTILINE)


def markdown_to_text(markdown: str) -> str:
    """Markdown's markup removed; its words, headings and bullets kept."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_HEADING.sub("", text)
    text = _MD_BULLET.sub("• ", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return tidy(text)


def tidy(text: str) -> str:
    """Trim each line, collapse runs of blank lines to one, trim the whole."""
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class ArticleReading:
    """An article's text and the details its document gives, for an editor to confirm."""

    text: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    published_on: date | None = None
    url: str = ""

    def details(self) -> dict:
        """The reading as the new-article form's fields."""
        return {
            "title": self.title,
            "author": self.author,
            "outlet": self.outlet,
            "published_on": self.published_on,
            "url": self.url,
            "body": self.text,
        }


def paragraphs_from_html(text: str) -> str:
    """trafilatura puts each paragraph on one line; the desk separates them by a blank line."""
    return tidy("\n\n".join(text.splitlines()))


_SENTENCE_END = tuple(".!?:;…\"'”’)")
_WRAPPED_LINE_MIN = 50  # shorter lines end a paragraph or are headings, not wrapped text


def paragraphs_from_pdf(text: str) -> str:
    """Rejoin the lines a PDF wraps, so its paragraphs read as the page's did.

    A line runs on into the next unless it is short (a heading, a paragraph's last line) or
    ends a sentence. A hyphen at a line's end is kept and the halves joined without a space:
    "well-known" stays right, and a split word ("deploy-ment") still reads.
    """
    paragraphs: list[str] = []
    current = ""
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha():
            current += line
        else:
            current = f"{current} {line}"
        if len(line) < _WRAPPED_LINE_MIN or line.endswith(_SENTENCE_END):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return tidy("\n\n".join(paragraphs))


def document_kind(content_type: str, body: bytes) -> str | None:
    """Which reader the document needs (html, pdf or text), or None when it has no text."""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime in PDF_TYPES or body[:5] == b"%PDF-":
        return "pdf"
    if mime in HTML_TYPES or (not mime and body.lstrip()[:1] == b"<"):
        return "html"
    if mime in ("text/plain", "text/markdown"):
        return "text"
    return None


def document_reading(body: bytes, content_type: str, *, name: str, url: str = "") -> ArticleReading:
    """The article in an HTML or PDF document, read the same way uploaded or fetched."""
    kind = document_kind(content_type, body)
    found = readable(body, content_type, url)
    if kind == "pdf":
        text = paragraphs_from_pdf(found.text)
    elif kind == "html" and found.text:
        text = paragraphs_from_html(found.text)
    elif kind == "html":
        # trafilatura keeps nothing of a short fragment; the plain reading still has its words.
        text = html_to_text(body.decode("utf-8", errors="replace"))
    else:
        text = tidy(found.text)
    if not text:
        raise IngestError(f"{name} has no text in it.")
    return ArticleReading(
        text=text,
        title=found.title,
        author=found.author,
        outlet=found.publisher,
        published_on=found.published_on,
        url=url,
    )


def article_reading(name: str, data: bytes) -> ArticleReading:
    """The text of an uploaded article file, with the details an HTML or PDF file gives."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise IngestError(f"{name}: upload a .txt, .md, .html or .pdf file.")
    limit = MAX_PDF_BYTES if suffix == ".pdf" else MAX_ARTICLE_BYTES
    if len(data) > limit:
        raise IngestError(f"{name} is larger than {limit // (1024 * 1024)} MB.")
    if suffix == ".pdf":
        if data[:5] != b"%PDF-":
            raise IngestError(f"{name} is not a PDF file (it does not start with %PDF-).")
        return document_reading(data, "application/pdf", name=name)
    if suffix in (".html", ".htm"):
        # The bytes as they are: the page's own charset declaration says how to read them.
        return document_reading(data, "text/html", name=name)
    text = decode(data, name)
    text = markdown_to_text(text) if suffix == ".md" else tidy(text)
    if not text:
        raise IngestError(f"{name} has no text in it.")
    return ArticleReading(text=text)


def article_text(name: str, data: bytes) -> str:
    """The plain text of an uploaded article file."""
    return article_reading(name, data).text
