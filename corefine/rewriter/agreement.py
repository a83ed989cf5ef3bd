"""Number agreement between a pronoun and the representative that would replace it.

Why: a model that merges two entities into one cluster ("Gloria" and "her
parents") links "they" and "their" into it, and the representative chosen for
them is then a single person: "Gloria's social life" for "their social life".
A pronoun whose number disagrees with its representative is left alone: the
text keeps a correct pronoun rather than gaining a wrong name. Measured on
OntoGUM dev with the shipped model at threshold 0 (``benchmarks/pronoun_curve.py``
without and with this rule): 445 → 410 pronoun replacements, 278 → 268 correct
(precision 62.5 → 65.4).

The number of a representative is read from its words, without a tagger:
a coordination ("Smith and Jones") is plural; a name is singular (an
organisation named as "they" is lost, the price of catching merged people),
unless it is one word or starts with "the" and ends like a plural
("Californians", "the Democrats", "Jones": unknown);
a description is plural when its last word is a regular plural (-s, but not
-ss, -us, -is) or an irregular one ("people", "children"); some -s words
("news", "series") are unknown and agree with anything.
"""

from __future__ import annotations

from corefine.lexicon import Number, Pronoun
from corefine.rewriter.mentions import Kind
from corefine.rewriter.words import EDGE_PUNCTUATION, word_set

IRREGULAR_PLURALS = word_set(
    "people children men women police folks cattle mice feet teeth geese staff data"
)
NUMBERLESS_S_WORDS = word_set(
    "news series species means physics economics mathematics politics ethics athletics "
    "headquarters states"
)


def representative_number(text: str, kind: Kind) -> Number | None:
    """``"sg"``, ``"pl"`` or ``None`` (unknown) for a representative's text."""
    words = [w.strip(EDGE_PUNCTUATION).casefold() for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return None
    if "and" in words or "&" in words:
        return "pl"
    last = words[-1]
    for suffix in ("'s", "’s"):
        last = last.removesuffix(suffix)
    regular_plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    if kind is Kind.NAME:
        # "the Democrats", "Californians", "Jones": plural or a name that ends in -s
        return None if regular_plural and (len(words) == 1 or words[0] == "the") else "sg"
    if last in IRREGULAR_PLURALS:
        return "pl"
    if last in NUMBERLESS_S_WORDS:
        return None
    return "pl" if regular_plural else "sg"


def agrees(pron: Pronoun, text: str, kind: Kind) -> bool:
    """May ``text`` (a representative of kind ``kind``) replace ``pron``?"""
    number = representative_number(text, kind)
    return number is None or pron.number not in ("sg", "pl") or pron.number == number
