"""JSON for a `<script type="application/ld+json">` element, escaped so that no text in it
can end the element or start markup: `<`, `>` and `&` become `\\u` escapes, and so do the
line and paragraph separators, which some JavaScript parsers take as line ends."""

import json

from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def jsonld_text(data) -> str:
    """`data` as JSON that is safe to put between script tags as it is."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPES)


def jsonld_script_body(data) -> SafeString:
    """`jsonld_text` marked safe for a template: it needs no further escaping, and HTML
    escaping would corrupt it (a script element's text is not HTML)."""
    return mark_safe(jsonld_text(data))
