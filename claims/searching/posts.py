"""What a reader's post says, without what only a post has: links, handles, the signature a
quoted tweet carries, hashtags run together, emoji. Pure Python, no Django."""

import re

from claims.searching.query import fold

_SIGNATURE = re.compile(r"[—–-]\s*[^—–()]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s*\d{2,4}\s*$")
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*|\b\S+\.(?:com|org|net|co|ly)/\S*")
_HANDLE = re.compile(r"(?<!\w)@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_NOISE = re.compile(r"\b(?:rt|via|breaking|watch|pic|lol|smh|omg)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")

# Words that say nothing about which claim a text is: the usual English stop words, and the
# words every claim and every post use ("said", "says", "claim").
_STOP_WORDS_TEXT = """a about after again against all also am an and any are as at be because been
    before
    being both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says say
    saying claim claims claimed according people one like get got know going really"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def split_hashtag(tag: str) -> str:
    return _CAMEL.sub(" ", tag)


def clean_post(text: str) -> str:
    """The statement in a post: signature, links and handles out, hashtags as words."""
    text = (text or "").replace("\x00", " ")
    text = _SIGNATURE.sub(" ", text.strip())
    text = _LINK.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _HASHTAG.sub(lambda match: " " + split_hashtag(match.group(1)) + " ", text)
    text = _NOISE.sub(" ", text)
    return " ".join(text.split())


def content_words(text: str, limit: int = 40) -> list[str]:
    """The post's distinct words that can tell claims apart, folded, in order of appearance."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if word not in STOP_WORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)[:limit]
