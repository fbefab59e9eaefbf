"""Find who a sentence attributes its statement to ("X said", "according to X", "by X").

The returned name is the noun phrase as written, without a leading article: "The National
Intelligence Service of South Korea confirmed" gives "National Intelligence Service of South
Korea". Pronoun speakers ("he said") are returned as written; "it" and "this" are not speakers.
"""

import re

from claims.extraction.lexicon import word_set

__all__ = ["find_attribution"]

# Verbs that report speech or findings; they attribute whatever their subject is.
_SPEECH = (
    "said|says|say|told|tells|tell|confirmed|confirms|announced|announces|reported|warned|warns|warn|"
    "estimated|stated|claimed|added|acknowledged|admitted|revealed|disclosed|testified|"
    "insisted|insist|denied|deny|declared|wrote|tweeted|explained|alleged|predicted"
)
# Verbs that attribute only when a "that"-clause, colon or quotation follows: "It underscores
# the partnership" is not a report, "Rutte has underscored that..." is.
_THAT_ONLY = (
    "cautioned|cautions|underscored|underscores|stressed|stresses|emphasised|emphasized|"
    "emphasises|emphasizes|noted|notes|argued|argues|argue|found|finds|find|showed|shows|show|"
    "concluded|"
    "concludes|indicated|indicates|suggested|suggests|states|claims|reports|estimates|"
    "believes|believed|maintained|maintains|observed|pointed\\s+out|agreed|agrees"
)
_PASSIVE = (
    "confirmed|reported|announced|estimated|stated|claimed|revealed|disclosed|found|"
    "published|issued|released|documented|verified|recorded|compiled|cited"
)
_ACTIVE = re.compile(
    rf"""\b(?:(?P<speech>{_SPEECH})|(?P<that_verb>{_THAT_ONLY})(?=\s*(?:that\b|:|[“"])))"""
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_BY = re.compile(rf"\b(?:{_PASSIVE})\s+by\s+")
_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*|\S")


# Words that may stand between a subject and its verb: "has also repeatedly warned".
_BETWEEN = word_set("has have had also again already previously recently now since then")
# Lower-case nouns that name a speaker or a source on their own.
_ROLES = word_set(
    """leader leaders official officials spokesman spokeswoman spokesperson spokesmen minister
    ministers ministry government police army military analyst analysts expert experts
    researcher researchers scientist scientists economist economists authorities authority
    investigator investigators prosecutor prosecutors doctor doctors witness witnesses
    resident residents source sources agency office department council commission committee
    court judge judges company firm bank statement report study survey data figures poll
    chief head director secretary commander officer aides diplomats diplomat observers
    organisers organizers campaigners lawyer lawyers board union regulator watchdog institute
    university hospital coach manager club league federation party opposition president
    mayor governor spokespeople representatives representative staff administration
    service services paper analysis census force museum senator polls"""
)
_CONNECTORS = word_set("of for and on de del della di da von van der den la le du &")
_DETERMINERS = word_set("the a an")
_PRONOUNS = word_set("he she they")
# Capitalised words that are never part of a speaker's name (sentence openers and the like).
_NOT_NAMES = word_set(
    """the a an it its this that these those there here however but and yet so then also we i
    you our my your his her their in on at by for with from after before while when if as yesterday
    today tonight meanwhile earlier later last next moreover furthermore additionally
    similarly historically meanwhile nevertheless still some many most several few such
    what which who whose whom where why how one all both each every no not monday tuesday
    wednesday thursday friday saturday sunday"""
)
_MAX_WORDS = 10
# Characters either side of a verb worth reading for a name; keeps long sentences linear.
_WINDOW = 300


def find_attribution(sentence: str) -> str:
    """Return the first source the sentence attributes to, or "" when there is none."""
    candidates: list[tuple[int, str]] = []
    for match in _ACCORDING.finditer(sentence):
        name = _phrase_after(sentence, match.end())
        if name:
            candidates.append((match.start(), name))
    for match in _BY.finditer(sentence):
        name = _phrase_after(sentence, match.end())
        if name:
            candidates.append((match.start(), name))
    for match in _ACTIVE.finditer(sentence):
        name = _subject_before(sentence, match.start()) or _inverted(sentence, match)
        if name:
            candidates.append((match.start(), name))
    return min(candidates)[1] if candidates else ""


def _subject_before(sentence: str, verb_start: int) -> str:
    window = max(0, verb_start - _WINDOW)
    tokens = [m.group() for m in _TOKEN.finditer(sentence, window, verb_start)]
    while tokens and (tokens[-1].lower() in _BETWEEN or tokens[-1].endswith("ly")):
        tokens.pop()
    if tokens and tokens[-1] in _PRONOUNS:
        return tokens[-1]
    name = _collect(list(reversed(tokens)), backwards=True)
    if name or not tokens or tokens[-1] != ",":
        return name
    # "Jane Doe, the health minister, said": skip the apposition once.
    tokens.pop()
    if "," not in tokens:
        return ""
    comma = len(tokens) - 1 - tokens[::-1].index(",")
    if len(tokens) - comma > _MAX_WORDS:
        return ""
    return _collect(list(reversed(tokens[:comma])), backwards=True)


def _inverted(sentence: str, verb: re.Match[str]) -> str:
    """ "We are ready," said Defence Minister Jane Doe."""
    before = sentence[max(0, verb.start() - 8) : verb.start()].rstrip()
    if not before.endswith((",", "”", '"', "’", "'")):
        return ""
    return _phrase_after(sentence, verb.end())


def _phrase_after(sentence: str, start: int) -> str:
    tokens = [m.group() for m in _TOKEN.finditer(sentence, start, start + _WINDOW)]
    while tokens and tokens[0].lower() in _DETERMINERS:
        tokens.pop(0)
    return _collect(tokens, backwards=False)


def _collect(tokens: list[str], *, backwards: bool) -> str:
    """Take the longest run of name, role and connector words from the start of ``tokens``."""
    taken: list[str] = []
    has_name = False
    lowercase_modifiers = 0
    for token in tokens[: _MAX_WORDS * 2]:
        bare = token.rstrip(".")
        lowered = bare.lower()
        if lowered in _CONNECTORS:
            taken.append(token)
            continue
        if _is_name(bare) or lowered.removesuffix("’s").removesuffix("'s") in _ROLES:
            taken.append(token)
            has_name = True
            lowercase_modifiers = 0
            continue
        # "the health minister", "senior officials": lower-case words directly before a role.
        is_modifier = (
            backwards
            and bool(taken)
            and taken[-1].islower()
            and lowered.removesuffix("’s").removesuffix("'s").isalpha()
            and bare.islower()
            and len(bare) > 2
            and lowered not in _NOT_NAMES
            and lowercase_modifiers < 2
        )
        if is_modifier:
            taken.append(token)
            lowercase_modifiers += 1
            continue
        break
    while taken and taken[-1].lower() in _CONNECTORS:
        taken.pop()
    if not has_name or len(taken) > _MAX_WORDS:
        return ""
    words = list(reversed(taken)) if backwards else taken
    while words and words[0].lower() in _CONNECTORS:
        words.pop(0)
    return " ".join(words).strip(".,")


def _is_name(token: str) -> bool:
    if not token[:1].isupper() or token.lower() in _NOT_NAMES:
        return False
    return token.lower().removesuffix("’s").removesuffix("'s") not in _NOT_NAMES
