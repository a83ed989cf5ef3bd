"""Number and gender agreement between a pronoun and the representative that would replace it.

Why: a model that merges two entities into one cluster ("Gloria" and "her
parents"; "my father" and "my mother") links their pronouns into it, and the
representative chosen for them is then the other entity: "Gloria's social
life" for "their social life", "my mother's hand" for "his hand". A pronoun
that disagrees with its representative is left alone: the text keeps a
correct pronoun rather than gaining a wrong name. Measured on OntoGUM dev with
the shipped model (``benchmarks/pronoun_curve.py`` without and with each rule):
number, at threshold 0: 445 → 410 pronoun replacements, 278 → 268 correct
(precision 62.5 → 65.4); gender: see the model card's pronoun table.

The number of a representative is read from its words, without a tagger:
a coordination ("Smith and Jones") is plural; a name is singular (an
organisation named as "they" is lost, the price of catching merged people),
unless it is one word or starts with "the" and ends like a plural
("Californians", "the Democrats", "Jones": unknown);
a description is plural when its head noun (its last word before a postmodifier: "the
leader *of the Democrats*") is a regular plural (-s, but not -ss, -us, -is, nor a
singular -s word: "the lens") or an irregular one ("people", "children"); some -s words
("news", "series") are unknown and agree with anything.

The gender of a representative is known only from words that carry it: a
description's head noun ("my mother", "the man in the car", "the king's
son"), a name's title ("Mrs. Smith", "Sir Walter") or a name's first name
("Hillary Clinton"; the ``m`` and ``f`` names of ``data/first_names.tsv``: names
that at least 95 % of their US bearers born since 1920 share with one sex, built by
``tools/build_first_names.py``; its ``x`` names tell none). Everything else is unknown
and agrees with any pronoun. A gendered person agrees with neither *it* nor the other
gender's pronouns; *they* agrees with every gender. A first name only ever
rules out *he* or *she*, not *it*: "Virginia" or "Washington Post" may be
places and papers. A name that ends in an organisation's noun ("Tata Group", "the
Clinton Foundation") or holds a number ("Apollo 11") is no person's and replaces no
*he* or *she*, nor does a country's or region's name by itself ("Russia", "the U.S.";
``data/places.txt``, built by ``tools/build_places.py``); titles ("Chancellor", "Judge")
are no first names, although the baby-name counts list some.
"""

from __future__ import annotations

from corefine.lexicon import (
    EDGE_PUNCTUATION,
    FEMININE_NOUNS,
    FEMININE_TITLES,
    IRREGULAR_PLURALS,
    MASCULINE_NOUNS,
    MASCULINE_TITLES,
    NUMBERLESS_S_WORDS,
    ORGANIZATION_NOUNS,
    POSTMODIFIER_STARTS,
    SINGULAR_S_WORDS,
    TYPE_NOUNS,
    Gender,
    Number,
    Pronoun,
)
from corefine.rewriter.mentions import Kind
from corefine.rewriter.names import first_names, places


def _words(text: str) -> list[str]:
    """The text's words, case-folded, without edge punctuation."""
    words = (w.strip(EDGE_PUNCTUATION).casefold() for w in text.split())
    return [w for w in words if w]


def _without_possessive(word: str) -> str:
    return word.removesuffix("'s").removesuffix("’s")


def head_words(text: str) -> list[str]:
    """The phrase's words up to its head noun, its last word before a postmodifier ("the
    leader *of the Democrats*"), case-folded, without edge punctuation, the head without a
    possessive."""
    words = _words(text)
    words = words[: _head_end(words)]
    if words:
        words[-1] = _without_possessive(words[-1])
    return words


def representative_number(text: str, kind: Kind) -> Number | None:
    """``"sg"``, ``"pl"`` or ``None`` (unknown) for a representative's text."""
    words = _words(text)
    if not words:
        return None
    if "and" in words or "&" in words:
        return "pl"
    last = _without_possessive(words[-1]) if kind is Kind.NAME else head_words(text)[-1]
    regular_plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    if kind is Kind.NAME:
        # "the Democrats", "Californians", "Jones": plural or a name that ends in -s
        return None if regular_plural and (len(words) == 1 or words[0] == "the") else "sg"
    if last in IRREGULAR_PLURALS:
        return "pl"
    if last in NUMBERLESS_S_WORDS:
        return None
    return "pl" if regular_plural and last not in SINGULAR_S_WORDS else "sg"


def _head_end(words: list[str]) -> int:
    """Where a description's head noun ends: before its first postmodifier, if any."""
    return next((i for i, w in enumerate(words) if i > 0 and w in POSTMODIFIER_STARTS), len(words))


def representative_gender(text: str, kind: Kind) -> Gender | None:
    """``"m"``, ``"f"`` or ``None`` (unknown) for a representative's text, from its words
    (titles and head nouns; first names: :func:`first_name_gender`)."""
    words = _words(text)
    if not words or "and" in words or "&" in words:
        return None
    if kind is Kind.NAME:
        title = words[1] if words[0] == "the" and len(words) > 1 else words[0]  # the Queen
        if title in MASCULINE_TITLES:
            return "m"
        return "f" if title in FEMININE_TITLES else None
    head = head_words(text)[-1]
    if head in MASCULINE_NOUNS:
        return "m"
    return "f" if head in FEMININE_NOUNS else None


def same_number(description: str, representative: str, kind: Kind) -> bool:
    """May ``representative`` (of ``kind``) replace ``description`` as far as number goes?
    ("the parties" is not "the Tea Party": a model's merge of the set and one member.)"""
    a, b = (
        representative_number(description, Kind.NOMINAL),
        representative_number(representative, kind),
    )
    return a is None or b is None or a == b


def agrees(pron: Pronoun, text: str, kind: Kind) -> bool:
    """May ``text`` (a representative of kind ``kind``) replace ``pron``?"""
    number = representative_number(text, kind)
    if number is not None and pron.number in ("sg", "pl") and pron.number != number:
        return False
    # a first name rules out only he/she (see the module docstring)
    named = pron.gender in ("m", "f")
    organization = kind is Kind.NAME and (any(c.isdigit() for c in text) or _organization(text))
    if named and (organization or _place(text)):
        return False  # "Russia", "Clinton 2016 PAC", "Apollo 11", "Tata Group": not a person
    gender = person_gender(text, kind) if named else representative_gender(text, kind)
    return gender is None or pron.gender == "any" or pron.gender == gender


def _organization(text: str) -> bool:
    words = _words(text)
    return bool(words) and _without_possessive(words[-1]) in ORGANIZATION_NOUNS


def _place(text: str) -> bool:
    """Is ``text`` a country's or a world region's name, by itself ("the U.S.'s", "Russia")?"""
    words = _words(text)
    if words:
        words[-1] = _without_possessive(words[-1]).strip(EDGE_PUNCTUATION)
    name = " ".join(words)
    return name in places() or (words[:1] == ["the"] and name[4:] in places())


def same_type(description: str, name: str) -> bool:
    """May ``name`` replace ``description`` as far as the kind of thing goes? ("the
    country" is not "the Sunshine State", "the rule" not "the Clean Power Plan", "the
    group" not "Cyrus Mistry"; "the state" is "the Lone Star State".) Unknown where the
    name's last word tells no kind ("Iran", "America")."""
    words, named = head_words(description), head_words(name)
    if not words or not named:
        return True
    head, last = words[-1], named[-1]
    if last in TYPE_NOUNS:
        return head in (last, last + "s") or last == head + "s"
    # "the group" is no person ("Cyrus Mistry")
    return head not in ORGANIZATION_NOUNS or first_name_gender(name, Kind.NAME) is None


def person_gender(text: str, kind: Kind) -> Gender | None:
    """The gender a representative's words tell, first names included."""
    return representative_gender(text, kind) or first_name_gender(text, kind)


def first_name_gender(text: str, kind: Kind) -> Gender | None:
    """The gender of a name's first name: its first word in the table that is not its last
    word ("President Donald Trump" → "m"; "Clinton" alone → unknown: a surname). A name
    with a number in it is no person's."""
    if kind is not Kind.NAME:
        return None
    words = _words(text)
    if "and" in words or "&" in words:
        return None
    if any(c.isdigit() for c in text):
        return None  # "Clinton 2016 PAC": a campaign or a thing, whatever its first word
    table = first_names()
    return next((table[w] for w in words[:-1] if w in table), None)
