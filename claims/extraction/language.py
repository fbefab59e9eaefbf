"""Guessing the language of a text, so pages can mark it up with `lang` for screen readers.

First by script (Hangul is Korean, Arabic script Arabic or Persian, ...), then, for Latin
script, by py3langid's model (a maintained fork of langid.py) limited to the Latin-script
languages below. "" when the text gives too little to go on.
"""

import re
import unicodedata
from collections import Counter
from functools import cache

# Languages the desk can tell apart, by BCP 47 tag, with their names for forms.
LANGUAGES = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

# The first word of a character's Unicode name names its script for these.
SCRIPT_LANGUAGE = {
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "CYRILLIC": "ru",
    "THAI": "th",
    "DEVANAGARI": "hi",
    "CJK": "zh",
}
# Letters Persian writes and Arabic does not (peh, tcheh, jeh, gaf).
PERSIAN_LETTERS = set("پچژگ")
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")

# Languages written in Latin script, which the model tells apart.
LATIN_LANGUAGES = sorted(set(LANGUAGES) - set(SCRIPT_LANGUAGE.values()) - {"fa", "uk", "ja"})
WORD = re.compile(r"[^\W\d_]+")
# Enough letters or words that one borrowed name or quotation does not decide it.
MIN_LETTERS = 3
MIN_WORDS = 2
# Below this probability two languages are too close to call ("de la").
MIN_PROBABILITY = 0.9


@cache
def _latin_identifier():
    """py3langid's model for the Latin-script languages, loaded on first use: importing the
    package (numpy with it) costs every process about 15 MB, and most never need it."""
    import py3langid

    identifier = py3langid.langid.LanguageIdentifier.from_modelpath(
        py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE, norm_probs=True
    )
    identifier.set_languages(LATIN_LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """The BCP 47 tag of the text's language, or "" when it cannot tell."""
    scripts = Counter(script_of(char) for char in text[:20_000] if char.isalpha())
    latin = scripts.pop("LATIN", 0)
    scripts.pop("", None)
    if scripts:
        script, count = scripts.most_common(1)[0]
        if count >= MIN_LETTERS and count >= latin:
            return language_of_script(script, text, scripts)
    sample = text[:20_000]
    if len({word.lower() for word in WORD.findall(sample)}) < MIN_WORDS:
        return ""
    language, probability = _latin_identifier().classify(sample)
    return language if probability >= MIN_PROBABILITY else ""


def script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0]


def language_of_script(script: str, text: str, scripts: Counter) -> str:
    if script == "CJK" and (scripts["HIRAGANA"] or scripts["KATAKANA"]):
        return "ja"
    if script == "ARABIC" and PERSIAN_LETTERS & set(text):
        return "fa"
    if script == "CYRILLIC" and UKRAINIAN_LETTERS & set(text):
        return "uk"
    return SCRIPT_LANGUAGE.get(script, "")
