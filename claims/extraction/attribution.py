"""Find who a sentence attributes its statement to ("X said", "according to X", "by X").

The returned name is the noun phrase as written, without a leading article: "The National
Intelligence Service of South Korea confirmed" gives "National Intelligence Service of South
Korea". Forms read: "X said", "said X", "according to X", "X told Y", "X confirmed",
"X estimated", "X's report showed", "quoted X as saying", "confirmed by X", with titles
("Sen. Jane Doe") and acronyms in parentheses or alone ("the Statistical Institute
(TurkStat)", "NIS"). Pronoun speakers ("he said", "it said") are returned as written, with
``Attribution.pronoun`` set, for the caller to resolve against earlier sentences.
"""

import re
from dataclasses import dataclass

from claims.extraction.lexicon import word_set

__all__ = ["Attribution", "entity_kind", "find_attribution", "find_attribution_span"]


@dataclass(frozen=True, slots=True)
class Attribution:
    name: str
    start: int  # offsets of the name as written: sentence[start:end] == name
    end: int
    pronoun: bool = False


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
_QUOTED = re.compile(
    r"\b(?:quoted|quoting|cited|citing)\s+(?:the\s+)?(?=\S+(?:\s+\S+){0,8}\s+as\s+saying\b)"
)
# "TurkStat's report showed": a source's document shows what its owner found.
_DOCUMENT = re.compile(
    r"[’']s\s+(?:(?:latest|new|annual|monthly|weekly|final|own|official)\s+)?"
    r"(?:report|data|figures|survey|study|statement|analysis|estimates?|census|poll|tally|"
    r"count|records|statistics|assessment|review|investigation|findings)\s+"
    r"(?:has\s+|have\s+)?(?:showed|shows|show|shown|found|finds|indicated|indicates|"
    r"revealed|reveals|put|puts|said|says|estimated|estimates|confirmed)\b"
)
# "the jobs report from the Bureau of Labor Statistics shows": the document's author.
_DOCUMENT_FROM = re.compile(
    r"\b(?:report|data|figures|survey|study|statement|analysis|estimates|census|poll|"
    r"statistics|findings)\s+(?:released\s+|published\s+|issued\s+)?(?:from|by)\s+"
    r"(?=(?:the\s+)?[A-Z][^.;:]{0,120}?\b(?:show|shows|showed|shown|found|finds|indicated|"
    r"indicates|revealed|reveals|put|puts|confirmed|estimated)\b)"
)
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
    service services paper analysis census force museum senator polls media outlets
    newspaper broadcaster"""
)
_CONNECTORS = word_set("of for and on de del della di da von van der den la le du &")
_DETERMINERS = word_set("the a an")
_PRONOUNS = word_set("he she they it He She They It")
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
    found = find_attribution_span(sentence)
    return found.name if found else ""


def find_attribution_span(sentence: str) -> Attribution | None:
    """The first source the sentence attributes to, with its offsets, or None."""
    candidates: list[tuple[int, Attribution]] = []
    for pattern in (_ACCORDING, _BY, _QUOTED, _DOCUMENT_FROM):
        for match in pattern.finditer(sentence):
            found = _phrase_after(sentence, match.end())
            if found:
                candidates.append((match.start(), found))
    for match in _DOCUMENT.finditer(sentence):
        found = _subject_before(sentence, match.start())
        if found and not found.pronoun:
            candidates.append((match.start(), found))
    for match in _ACTIVE.finditer(sentence):
        found = _subject_before(sentence, match.start()) or _inverted(sentence, match)
        if found:
            candidates.append((match.start(), found))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: candidate[0])[1]


# Words in a name that make it an organisation rather than a person.
_ORGANISATION_WORDS = word_set(
    """service ministry agency institute office council bureau department survey center centre
    commission committee organization organisation authority bank fund police army navy
    government administration university news association union party court parliament
    assembly federation league company corporation group forces force command headquarters
    foundation network channel times post press radio television tv broadcaster broadcasting
    program programme council institution statistics kremlin pentagon cabinet senate house
    congress embassy mission guard fleet media hospital school college board secretariat"""
)
# Lower-case role words naming one person ("the health minister", "a spokeswoman").
_PERSON_ROLES = word_set(
    """minister spokesman spokeswoman spokesperson president senator governor mayor chief
    director secretary commander officer diplomat analyst expert researcher scientist
    economist official witness resident doctor judge prosecutor lawyer coach manager
    leader head representative chairman chairwoman chair coroner sheriff ambassador"""
)
_TITLES = word_set(
    """mr mrs ms dr prof gen lt col maj capt sgt adm gov sen rep rev president senator
    governor mayor minister secretary general colonel captain judge ambassador chancellor
    premier king queen prince princess pope sheikh imam bishop sir dame lord lady"""
)


def entity_kind(name: str) -> str:
    """ "person", "organisation", "group" (plural roles, "officials"), or "" when unclear."""
    words = [
        word.strip(".,’'").lower().removesuffix("’s").removesuffix("'s") for word in name.split()
    ]
    words = [word for word in words if word]
    if not words:
        return ""
    if any(word in _ORGANISATION_WORDS for word in words):
        return "organisation"
    bare = name.strip("() ")
    if len(words) == 1 and bare.isupper() and len(bare) >= 2:
        return "organisation"  # an acronym: "NIS", "AFAD"
    if any(word in _PERSON_ROLES for word in words) or words[0] in _TITLES:
        return "person"
    if words[-1].endswith("s") and name.split()[-1].islower():
        return "group"
    capitalised = [word for word in name.split() if word[:1].isupper()]
    if len(capitalised) >= 2 and len(capitalised) == len(name.split()):
        return "person"
    return ""


_Token = tuple[int, int, str]


def _tokens(sentence: str, start: int, end: int) -> list[_Token]:
    """Word tokens with their offsets; "(NIS)" or "(Cal Fire)" after a name becomes one token."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence, start, end)]
    merged: list[_Token] = []
    index = 0
    while index < len(tokens):
        closing = _short_parenthesis(tokens, index)
        if closing:
            inside = sentence[tokens[index][1] : tokens[closing][0]]
            merged.append((tokens[index][0], tokens[closing][1], f"({inside})"))
            index = closing + 1
            continue
        merged.append(tokens[index])
        index += 1
    return merged


def _short_parenthesis(tokens: list[_Token], index: int) -> int:
    """Where a parenthesis of one to three capitalised words opened at ``index`` closes."""
    if tokens[index][2] != "(":
        return 0
    for closing in range(index + 2, min(index + 5, len(tokens))):
        if tokens[closing][2] == ")":
            words = tokens[index + 1 : closing]
            return closing if all(word[2][:1].isupper() for word in words) else 0
    return 0


def _subject_before(sentence: str, verb_start: int) -> Attribution | None:
    window = max(0, verb_start - _WINDOW)
    tokens = _tokens(sentence, window, verb_start)
    while tokens and (tokens[-1][2].lower() in _BETWEEN or tokens[-1][2].endswith("ly")):
        tokens.pop()
    if tokens and tokens[-1][2] in _PRONOUNS:
        begin, end, word = tokens[-1]
        return Attribution(word, begin, end, pronoun=True)
    found = _collect(sentence, list(reversed(tokens)), backwards=True)
    if found or not tokens or tokens[-1][2] != ",":
        return found
    # "Jane Doe, the health minister, said": skip the apposition once.
    tokens.pop()
    words = [token[2] for token in tokens]
    if "," not in words:
        return None
    comma = len(words) - 1 - words[::-1].index(",")
    if len(tokens) - comma > _MAX_WORDS:
        return None
    return _collect(sentence, list(reversed(tokens[:comma])), backwards=True)


def _inverted(sentence: str, verb: re.Match[str]) -> Attribution | None:
    """ "We are ready," said Defence Minister Jane Doe."""
    before = sentence[max(0, verb.start() - 8) : verb.start()].rstrip()
    if not before.endswith((",", "”", '"', "’", "'")):
        return None
    return _phrase_after(sentence, verb.end())


def _phrase_after(sentence: str, start: int) -> Attribution | None:
    tokens = _tokens(sentence, start, start + _WINDOW)
    while tokens and tokens[0][2].lower() in _DETERMINERS:
        tokens.pop(0)
    return _collect(sentence, tokens, backwards=False)


def _collect(sentence: str, tokens: list[_Token], *, backwards: bool) -> Attribution | None:
    """Take the longest run of name, role and connector words from the start of ``tokens``."""
    taken: list[_Token] = []
    has_name = False
    lowercase_modifiers = 0
    for token in tokens[: _MAX_WORDS * 2]:
        bare = token[2].rstrip(".")
        lowered = bare.lower()
        if lowered in _CONNECTORS:
            taken.append(token)
            continue
        acronym = bare.startswith("(") and bool(taken) and not backwards
        if (
            _is_name(bare)
            or lowered.removesuffix("’s").removesuffix("'s") in _ROLES
            or (bare.startswith("(") and (backwards or acronym))
        ):
            taken.append(token)
            has_name = has_name or not bare.startswith("(")
            lowercase_modifiers = 0
            continue
        # "the health minister", "senior officials": lower-case words directly before a role.
        is_modifier = (
            backwards
            and bool(taken)
            and taken[-1][2].islower()
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
    if backwards:
        taken.reverse()
    while taken and (
        taken[-1][2].lower() in _CONNECTORS or taken[-1][2].startswith("(") and len(taken) == 1
    ):
        taken.pop()
    while taken and (taken[0][2].lower() in _CONNECTORS or taken[0][2].startswith("(")):
        taken.pop(0)
    if not has_name or not taken or len(taken) > _MAX_WORDS:
        return None
    begin, end = taken[0][0], taken[-1][1]
    while end > begin and sentence[end - 1] in ".,":
        end -= 1
    while begin < end and sentence[begin] in ".,":
        begin += 1
    return Attribution(sentence[begin:end], begin, end)


def _is_name(token: str) -> bool:
    if not token[:1].isupper() or token.lower() in _NOT_NAMES:
        return False
    return token.lower().removesuffix("’s").removesuffix("'s") not in _NOT_NAMES
