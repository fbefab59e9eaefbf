"""Guessing the language of a text, so pages can mark it up with `lang` for screen readers.

First by script (Hangul is Korean, Arabic script Arabic or Persian, ...), then, for Latin
script, by the most common short words. "" when the text gives too little to go on.
"""

import re
import unicodedata
from collections import Counter

# Languages the desk can tell apart, by BCP 47 tag, with their names for forms.
LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "th": "Thai",
    "uk": "Ukrainian",
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

COMMON_WORDS = {
    "en": "the of and to in is that for it was on with as by are said be at this from",
    "fr": "le la les de des et en un une est que pour dans du au qui sur pas il ne",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem",
    "es": "el la los las de y en que un una es por con para del se no al lo",
    "it": "il di che la le è e per un una non con del della sono gli nel alla",
    "pt": "o a os as de e que do da em um uma para com não no na dos é",
    "nl": "de het een en van is dat in op te niet zijn met voor die er aan",
}
COMMON = {language: set(words.split()) for language, words in COMMON_WORDS.items()}
WORD = re.compile(r"[^\W\d_]+")
# Enough letters or words that one borrowed name or quotation does not decide it.
MIN_LETTERS = 3
MIN_COMMON_WORDS = 2


def detect_language(text: str) -> str:
    """The BCP 47 tag of the text's language, or "" when it cannot tell."""
    scripts = Counter(script_of(char) for char in text[:20_000] if char.isalpha())
    latin = scripts.pop("LATIN", 0)
    scripts.pop("", None)
    if scripts:
        script, count = scripts.most_common(1)[0]
        if count >= MIN_LETTERS and count >= latin:
            return language_of_script(script, text, scripts)
    words = Counter(word.lower() for word in WORD.findall(text[:20_000]))
    scores = {language: sum(words[word] for word in common) for language, common in COMMON.items()}
    best = max(scores, key=scores.get)
    runner_up = max((score for language, score in scores.items() if language != best), default=0)
    if scores[best] >= MIN_COMMON_WORDS and scores[best] > runner_up:
        return best
    return ""


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
