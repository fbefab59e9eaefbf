"""@mentions in comments: finding the names, and showing them as links, escaped."""

import re

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# "@name" at the start or after a space or punctuation, never inside a word: "ann@x.org" is
# an e-mail address, not a mention. A name may hold dots, but not end with one ("@ann.").
MAX_MENTIONS = 20
MENTION = re.compile(r"(?<![\w@.+-])@([\w+-]+(?:\.[\w+-]+)*)")


def mentioned_names(body: str) -> list[str]:
    """The names mentioned in `body`, each once, in order; case is kept as written."""
    seen, names = set(), []
    for match in MENTION.finditer(body):
        name = match.group(1)
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def mentioned_people(body: str):
    """The active reviewers and editors `body` mentions; unknown names are ignored."""
    from django.db.models import Q

    from claims.roles import assignable_users

    names = mentioned_names(body)[:MAX_MENTIONS]
    if not names:
        return []
    matches = Q()
    for name in names:
        matches |= Q(username__iexact=name)
    return list(assignable_users().filter(matches))


def render_mentions(body: str, known: dict[str, str]) -> SafeString:
    """`body` escaped, with each mention of a known person (`known`: lower-cased username to
    username) a link to their claims; anything else stays plain text."""
    parts, position = [], 0
    for match in MENTION.finditer(body):
        username = known.get(match.group(1).lower())
        if username is None:
            continue
        parts.append(escape(body[position : match.start()]))
        url = reverse("claims:claim_list") + "?assignee=" + username
        parts.append(format_html('<a class="mention" href="{}">@{}</a>', url, username))
        position = match.end()
    parts.append(escape(body[position:]))
    return mark_safe("".join(parts))


def trailing_mention(text: str) -> str | None:
    """The partial name being typed at the end of `text` ("see @ri" → "ri"), if any."""
    match = re.search(r"(?<![\w@.+-])@([\w.+-]*)$", text)
    return match.group(1) if match else None
