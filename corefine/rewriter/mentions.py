"""What a mention is: its core span and its kind (pronoun, name, noun phrase...).

Why trim before classifying: coreference models and corpora return maximal
noun phrases ("Daniel Greenfield, a Shillman Journalism Fellow at the Freedom
Center"; "Californians who want California to secede ... elections"). What
identifies the entity, and what decides whether it is a name, is the part
before the apposition, parenthetical or relative clause.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from corefine.lexicon import (
    COORDINATORS,
    DETERMINERS,
    EDGE_PUNCTUATION,
    INDEFINITE_ARTICLES,
    NAME_FUNCTION_WORDS,
    NAME_PARTICLES,
    PARTY_WORDS,
    PRONOUN_ACRONYMS,
    QUANTIFIERS,
    TITLES,
    Pronoun,
    pronoun,
)
from corefine.reading import PUNCTUATION_PADDING
from corefine.rewriter.names import NameEvidence, given_names, is_name
from corefine.spans import Mention

# Where a noun phrase's identifying part ends (each searched from its second character on):
_PARENTHETICAL = re.compile(r"\s*[(\[]")
_SPACED_DASH = re.compile(r"\s+(?:-{1,2}|–|—)\s+|\s*—\s*")
_RELATIVE_CLAUSE = re.compile(r",?\s+(?:who|whom|whose|which|that|where)\b")
_COMMA = re.compile(r",\s*(\w+)")
# A quantity before the noun ("a few women", "quite a few voters", "a number of states",
# "dozens of people", "at least four emails"): as a representative it would say "the few
# women", "the number of states". Its plain words ("some", "many") are QUANTIFIERS.
_QUANTITY = re.compile(
    r"(?:at least|at most|up to)\b|"
    r"(?:quite |only |just |nearly |almost |about |over |more than |fewer than |less than )?"
    r"(?:a (?:few|lot of|number of|couple of|handful of|majority of|minority of|dozen|"
    r"hundred|thousand|million|billion)|lots of|dozens of|scores of|hundreds of|thousands of|"
    r"millions of|billions of)\b"
)
_TRAILING = re.compile(rf"[\s,;:\-–—{PUNCTUATION_PADDING}]+\Z")
# A possessive marker closing the phrase: corpora (OntoGUM) and models mark
# "Hillary Clinton's" as the mention in "Hillary Clinton's campaign".
# (Reading's padding may come between: "Hillaryâ€™s" reads "Hillary", padding, "’s".)
_POSSESSIVE = re.compile(rf"(?<=\w)[\s{PUNCTUATION_PADDING}]*['’](?:s|S)?\Z")


class Kind(enum.Enum):
    """How a mention may take part in rewriting."""

    PRONOUN = "pronoun"  # personal or possessive pronoun: replaceable, never a representative
    FIXED = "fixed"  # relative, reflexive or demonstrative pronoun: never touched
    NAME = "name"
    NOMINAL = "nominal"  # definite or bare noun phrase
    INDEFINITE = "indefinite"  # led by a/an: refers to nothing earlier
    QUANTIFIED = "quantified"  # led by every/some/no...: copying it changes meaning


@dataclass(frozen=True, slots=True)
class MentionInfo:
    """A mention with its core span ``[start, end)`` (trimmed) and what it is."""

    mention: Mention
    start: int
    end: int
    kind: Kind
    pronoun: Pronoun | None


def describe(mention: Mention, evidence: NameEvidence) -> MentionInfo:
    """Trim ``mention`` to its identifying core and classify it."""
    start, end = core_span(evidence.text, mention.start, mention.end)
    text = evidence.text[start:end]
    pron = None if _acronym_in_mixed_case(evidence.text, start, end) else pronoun(text)
    if pron is not None:
        fixed = pron.relative or pron.reflexive
        return MentionInfo(mention, start, end, Kind.FIXED if fixed else Kind.PRONOUN, pron)
    return MentionInfo(mention, start, end, _noun_phrase_kind(text, evidence, start, end), None)


def _acronym_in_mixed_case(text: str, start: int, end: int) -> bool:
    """ "US", "IT" next to lower-case text are acronyms; only all-caps text has pronoun "US".
    Other forms in capitals are shouted pronouns ("NECK AND NECK WITH HER"), acronyms or
    not: no "HER" or "SHE" is an acronym a reader would expect to be one."""
    word = text[start:end]
    window = text[max(0, start - 40) : start] + text[end : end + 40]
    return word in PRONOUN_ACRONYMS and any(c.islower() for c in window)


def _noun_phrase_kind(text: str, evidence: NameEvidence, start: int, end: int) -> Kind:
    words = text.lower().split()
    if not any(c.isalnum() for c in text) or all(w in DETERMINERS for w in words):
        return Kind.FIXED  # "this", "those", or nothing but punctuation
    if words in (["the", "former"], ["the", "latter"]):
        return Kind.FIXED  # points back like a pronoun: "its" is not "the latter's"
    first = words[0]
    lead = None if text.split()[0] in PRONOUN_ACRONYMS else pronoun(first)  # "US officials"
    if lead is not None and not (lead.relative or lead.possessive or lead.ambiguous_possessive):
        return Kind.FIXED  # "I alone", "we Americans", "he himself": a pronoun's phrase
    if first in QUANTIFIERS or _QUANTITY.match(" ".join(words)):
        return Kind.QUANTIFIED
    if first in INDEFINITE_ARTICLES:
        return Kind.INDEFINITE
    return Kind.NAME if is_name(evidence, start, end) else Kind.NOMINAL


def core_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace, brackets or quotes it does not pair, and
    without trailing appositions, parentheticals, dashed asides, relative clauses and
    possessive markers; a description followed by its name in apposition is the name.

    Stripping "'s" also turns the name "McDonald's" into "McDonald": we accept
    that rare loss, since possessive spans are everywhere in coreference output."""
    while start < end and text[start].isspace():
        start += 1
    start += _named_after(text[start:end])
    segment = text[start:end]
    cut = min(
        _first_match(_PARENTHETICAL, segment),
        _dash(segment),
        _first_match(_RELATIVE_CLAUSE, segment),
        _apposition(segment),
    )
    lead, kept = _unpaired_edges(_TRAILING.sub("", segment[:cut]))
    closes_a_quote = kept.endswith("’") and "‘" in kept  # "the ‘Queen of War’"
    if not pronoun(kept) and not closes_a_quote:
        more, kept = _unpaired_edges(_POSSESSIVE.sub("", kept))
        lead += more
    if not kept:
        return start, start + len(segment.rstrip())
    return start + lead, start + lead + len(kept)


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}


def _unpaired_edges(phrase: str) -> tuple[int, str]:
    """``phrase`` without brackets and quotes at its edges that it does not close or open
    ("ISIS)", "(Hillary", "“Trump"): a model's span boundary may take one in, and
    copied into a representative it would read "ISIS)'s". Returns the characters cut at
    the start and what is left."""
    lead = 0
    while phrase:
        first, last, lone_quote = phrase[0], phrase[-1], phrase.count('"') == 1
        if (first in _PAIRS and _PAIRS[first] not in phrase[1:]) or (first == '"' and lone_quote):
            cut = len(phrase) - len(phrase[1:].lstrip())
            lead, phrase = lead + cut, phrase[cut:]
        elif (last in _CLOSERS and _CLOSERS[last] not in phrase[:-1]) or (
            last == '"' and lone_quote
        ):
            phrase = phrase[:-1].rstrip()
        else:
            break
    return lead, phrase


def _first_match(pattern: re.Pattern[str], segment: str) -> int:
    m = pattern.search(segment, 1)
    return m.start() if m else len(segment)


def _dash(segment: str) -> int:
    """Where a spaced dash opens an aside ("Marinelli - the leader - says"), though not one
    with nothing but determiners and numbers before it: text distributed with spaces around
    all punctuation spaces hyphens too ("a 15 - year-old girl" is not "a 15")."""
    for m in _SPACED_DASH.finditer(segment, 1):
        words = (w.strip(EDGE_PUNCTUATION).lower() for w in segment[: m.start()].split())
        if any(any(c.isalpha() for c in w) and w not in DETERMINERS for w in words):
            return m.start()
    return len(segment)


# "my mother, Dorothy", "the company's chairman, Rex Tillerson": a description, one comma,
# then a name of capitalised words (and name-internal function words) to the end.
_DESCRIPTION_THEN_NAME = re.compile(
    r"(?P<head>[^,]+),\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,4}?)\s*,?\s*\Z"
)


def _named_after(segment: str) -> int:
    """Where the name starts in a description followed by its name in apposition ("my
    mother, Dorothy" → "Dorothy"), else 0: the name identifies better than the description,
    which may hold a pronoun or a first person that cannot travel."""
    m = _DESCRIPTION_THEN_NAME.match(segment)
    if m is None:
        return 0
    head = m.group("head").split()
    name = [w.strip(EDGE_PUNCTUATION) for w in m.group("name").split()]
    if not head or head[0].lower() not in DETERMINERS or len(head) < 2:
        return 0
    if not all(w and (w[0].isupper() or w.lower() in NAME_FUNCTION_WORDS) for w in name):
        return 0
    if pronoun(name[0]) or any(w.lower() in COORDINATORS for w in name):
        return 0
    return m.start("name")


_WORD = re.compile(r"\S+")
_INITIAL = re.compile(r"\w\.")


def person_name(phrase: str) -> tuple[int, int]:
    """The span of a person's name inside ``phrase`` without the titles and descriptions
    before it and the place after it ("Republican FBI Director *James Comey*", "*Senator
    Sanders* of Vermont"); the whole phrase when it holds no such name.

    Why here and not in :func:`core_span`: the longer phrase is still the mention (the
    one a reader or a gold annotation points at, and the form that tells two people's
    names apart), only its text as a representative is the name.
    """
    end = _person_of_place(phrase)
    return _person_after_title(phrase[:end]), end


_OF_PLACE = re.compile(r"\s+(?:of|for|from|at)\s+\w[^,;]*\Z")


def _person_of_place(phrase: str) -> int:
    """Where "of <place>" starts after a person's name ("Senator Sanders *of Vermont*",
    "Jeff Merkley *of Oregon*", "Lydia Buchtmann *for Food Standards Australia*"; also
    after *from* and *at*), else ``len(phrase)``.

    Why: news names a lawmaker with the state they stand for, or a spokesperson with
    the body they speak for, and the possessive of the whole reads "Senator Sanders of
    Vermont's". The name before it must be a person's: a known first name or a title,
    then capitalised words ("Catherine of Aragon", "Secretary of State", "Bank of
    America" keep their "of").
    """
    m = _OF_PLACE.search(phrase)
    if m is None:
        return len(phrase)
    place = m.group().split()[1:]
    if not all(w[:1].isupper() or w in NAME_FUNCTION_WORDS for w in place):
        return len(phrase)
    words = phrase[: m.start()].split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return len(phrase)
    if words[-1].lower() in TITLES:
        return len(phrase)  # "Mary Queen of Scots"
    names, lead = given_names(), [w.lower() for w in words[:-1]]
    if any(w in TITLES or w in names for w in lead):
        return m.start()
    return len(phrase)


def _describes(word: str) -> bool:
    """Can ``word``, right before a first name, describe the person rather than begin a
    longer name? Lower case ("campaign manager"), a possessive ("Trump's"), a title
    ("Director", "Sen.") or a party ("Republican Marco Rubio")."""
    lower = word.lower()
    if not word[:1].isupper() or lower in TITLES or lower in PARTY_WORDS:
        return True
    return lower.endswith(("'s", "’s", "s'", "s’"))


def _person_after_title(phrase: str) -> int:
    """Where a person's full name starts after the words that describe them ("Republican
    FBI Director *James Comey*", "Trump's campaign manager *Kellyanne Conway*"), else 0.

    Why: such a phrase is a name with a title and descriptors before it, and copied for
    every *he* of an article it reads "Republican FBI Director James Comey" seventeen
    times; the full name identifies the person alone. A full name here is a known first
    name (not a title: "General", "Judge") after a word that describes (lower case, a
    possessive, a title or a party: not "New *York* City") and followed to the end by
    capitalised words, at least one a real word ("Elizabeth II" keeps its "Queen"), none
    a title ("New *York* Mayor Bill de Blasio"). An article alone is not cut: it belongs
    to the name as often as not ("the George Washington Bridge", "the Hillary Campaign");
    nor is a single title, which reads as part of the name ("Senator Jane Doe", "Mrs.
    Jane Smith"), nor a list ("Ted Cruz, John Kasich").
    """
    matches = list(_WORD.finditer(phrase))
    words = [m.group() for m in matches]
    names = given_names()
    for i in range(1, len(words) - 1):
        first, before, rest = words[i].lower(), words[i - 1].lower(), words[i + 1 :]
        if first not in names or first in TITLES:
            continue
        if (before in names and before not in TITLES) or _INITIAL.fullmatch(before):
            continue  # inside a name: "Martin *Luther* King", "F. *Scott* Fitzgerald"
        if not _describes(words[i - 1]):
            continue  # "New *York* City", "Los *Angeles*": a capital joins the name
        if not all(w[:1].isupper() or w in NAME_PARTICLES for w in rest[:-1]):
            continue  # "Senator *Sanders* of Vermont" is not a first name
        if any(w.lower() in TITLES for w in rest):
            continue  # "New *York* Mayor Bill de Blasio"
        if not rest[-1][:1].isupper() or not any(any(c.islower() for c in w) for w in rest):
            continue
        prefix = [w.lower() for w in words[:i]]
        if all(w in DETERMINERS for w in prefix) or (len(prefix) == 1 and prefix[0] in TITLES):
            return 0  # "the George Washington Bridge"; "Senator Jane Doe" keeps its title
        if any(w.endswith((",", ";")) or w in COORDINATORS or w == "&" for w in prefix):
            return 0  # a list: "Ted Cruz, John Kasich"
        return matches[i].start()
    return 0


def _apposition(segment: str) -> int:
    """Where a comma opens an apposition: ", a Fellow at", ", 45,", ", founder of", and
    a capitalised title after a person's full name ("Carol Parenzan, Middle Susquehanna
    Riverkeeper").

    A comma before a capitalised word otherwise continues the phrase ("Austin, Texas",
    "Acme, Inc.", a list "Ted Cruz, John Kasich"), as does one before a conjunction
    ("Smith, and Jones").
    """
    for m in _COMMA.finditer(segment, 1):
        word = m.group(1)
        if (word[0].islower() or word[0].isdigit()) and word not in COORDINATORS:
            return m.start()
        if _person_then_title(segment[: m.start()], segment[m.start() + 1 :]):
            return m.start()
    return len(segment)


def _person_then_title(before: str, after: str) -> bool:
    """Is ``before`` a person's full name (a known first name, then capitalised words) and
    ``after`` a title, not another name or a list ("John Kasich", "Kasich and others")?"""
    names, words = given_names(), before.split()
    if len(words) < 2 or words[0].lower() not in names:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    following = [w.strip(EDGE_PUNCTUATION) for w in after.split()]
    if not following or following[0].lower() in names:
        return False
    return not any(w.lower() in COORDINATORS for w in following)
