"""Turning an uploaded article file (.txt, .md, .html) into the plain text claims anchor in."""

import re
from html.parser import HTMLParser
from pathlib import PurePath

ACCEPTED = (".txt", ".md", ".html", ".htm")
MAX_ARTICLE_BYTES = 5 * 1024 * 1024


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

    SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template"}
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


def article_text(name: str, data: bytes) -> str:
    """The plain text of an uploaded article file."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise IngestError(f"{name}: upload a .txt, .md or .html file.")
    if len(data) > MAX_ARTICLE_BYTES:
        raise IngestError(f"{name} is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB.")
    text = decode(data, name)
    if suffix in (".html", ".htm"):
        text = html_to_text(text)
    elif suffix == ".md":
        text = markdown_to_text(text)
    else:
        text = tidy(text)
    if not text:
        raise IngestError(f"{name} has no text in it.")
    return text
