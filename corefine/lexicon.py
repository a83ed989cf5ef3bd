"""English pronoun lexicon shared by the rewriter, the baseline and the scorers.

One table, so that "what is a third-person pronoun" means the same thing when we
replace text, when we resolve with rules and when we score pronoun resolution. The
closed classes both the baseline and the rewriter reason with (prepositions,
conjunctions) live here for the same reason, and so do the abbreviations whose
period is no full stop, which the tokenizer and the rewriter both ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import regex

Number = Literal["sg", "pl", "any"]
Gender = Literal["m", "f", "n", "any"]
Case = Literal["subj", "obj", "poss", "poss_pron", "refl", "any"]


@dataclass(frozen=True, slots=True)
class Pronoun:
    """Grammatical features of a pronoun form.

    ``case == "poss"`` is the possessive determiner (*his* car); ``"poss_pron"``
    the independent possessive (the car is *his*). *her* is listed as ``"obj"``
    and flagged ``ambiguous_possessive``: whether it is a determiner depends on
    the next word, which only the caller can see.
    """

    form: str
    person: int
    number: Number
    gender: Gender
    case: Case
    relative: bool = False
    ambiguous_possessive: bool = False

    @property
    def third_person(self) -> bool:
        return self.person == 3 and not self.relative

    @property
    def reflexive(self) -> bool:
        return self.case == "refl"

    @property
    def possessive(self) -> bool:
        return self.case in ("poss", "poss_pron")


def _p(form: str, person: int, number: Number, gender: Gender, case: Case, **kw: bool) -> Pronoun:
    return Pronoun(form, person, number, gender, case, **kw)


_TABLE = [
    # third person singular
    _p("he", 3, "sg", "m", "subj"),
    _p("him", 3, "sg", "m", "obj"),
    _p("his", 3, "sg", "m", "poss"),
    _p("himself", 3, "sg", "m", "refl"),
    _p("she", 3, "sg", "f", "subj"),
    _p("her", 3, "sg", "f", "obj", ambiguous_possessive=True),
    _p("hers", 3, "sg", "f", "poss_pron"),
    _p("herself", 3, "sg", "f", "refl"),
    _p("it", 3, "sg", "n", "any"),
    _p("its", 3, "sg", "n", "poss"),
    _p("itself", 3, "sg", "n", "refl"),
    # third person plural (and singular they)
    _p("they", 3, "pl", "any", "subj"),
    _p("them", 3, "pl", "any", "obj"),
    _p("their", 3, "pl", "any", "poss"),
    _p("theirs", 3, "pl", "any", "poss_pron"),
    _p("themselves", 3, "pl", "any", "refl"),
    _p("themself", 3, "sg", "any", "refl"),
    # first person
    _p("i", 1, "sg", "any", "subj"),
    _p("me", 1, "sg", "any", "obj"),
    _p("my", 1, "sg", "any", "poss"),
    _p("mine", 1, "sg", "any", "poss_pron"),
    _p("myself", 1, "sg", "any", "refl"),
    _p("we", 1, "pl", "any", "subj"),
    _p("us", 1, "pl", "any", "obj"),
    _p("our", 1, "pl", "any", "poss"),
    _p("ours", 1, "pl", "any", "poss_pron"),
    _p("ourselves", 1, "pl", "any", "refl"),
    # second person
    _p("you", 2, "any", "any", "any"),
    _p("your", 2, "any", "any", "poss"),
    _p("yours", 2, "any", "any", "poss_pron"),
    _p("yourself", 2, "sg", "any", "refl"),
    _p("yourselves", 2, "pl", "any", "refl"),
    # relative / interrogative
    _p("who", 3, "any", "any", "subj", relative=True),
    _p("whom", 3, "any", "any", "obj", relative=True),
    _p("whose", 3, "any", "any", "poss", relative=True),
    _p("which", 3, "any", "n", "any", relative=True),
    _p("that", 3, "any", "n", "any", relative=True),
]

PRONOUNS: dict[str, Pronoun] = {p.form: p for p in _TABLE}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def pronoun(text: str) -> Pronoun | None:
    """The pronoun ``text`` is (case-insensitive, surrounding whitespace ignored), else ``None``."""
    return PRONOUNS.get(text.strip().translate(_APOSTROPHES).lower())


def _closed_class(words: str) -> frozenset[str]:
    return frozenset(words.split())


PREPOSITIONS = _closed_class(
    """
    about above across after against along amid among around as at before behind below beneath
    beside besides between beyond by despite down during except for from in inside into like
    near of off on onto out outside over past per since than through throughout till to toward
    towards under underneath unlike until up upon via with within without
    """
)
# Articles and demonstrative determiners ("that" aside: it is also a conjunction).
ARTICLES = _closed_class("the a an this these those")
CONJUNCTIONS = _closed_class(
    """
    and but or nor so yet because although though while whereas if unless whether when whenever
    where wherever after before since until once as that than then
    """
)
# Auxiliaries, modals, negation and their clitics ("is", "will" and "can" aside: they are
# also the heads of mentions, "the will of the people"; "'s" too, which is also a possessive).
AUXILIARIES = _closed_class(
    """
    are was were be been being am have has had having do does did would shall should could
    may might must ca wo not n't n’t 're 'm 've 'll 'd ’re ’m ’ve ’ll ’d
    """
)


# Abbreviations that stand before a name or a number ("Mr. Smith", "No. 5"): they keep
# their period, which never ends a sentence ("Mr. He" is no sentence).
NEVER_FINAL = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "assoc",
        "mt",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "cf",
        "vs",
        "ie",
        "eg",
        "ca",
        "viz",
    ]
)

# Every abbreviation that keeps its period: those, and these, which may also end a sentence
# ("Acme Inc.", "in Jan.") and do before a capitalised function word ("Inc. The company").
ABBREVIATIONS = NEVER_FINAL | frozenset(
    [
        "sr",
        "jr",
        "st",
        "ft",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "bros",
        "dept",
        "univ",
        "assn",
        "ed",
        "eds",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "etc",
        "al",
        "ave",
        "blvd",
        "rd",
    ]
)

# Abbreviations only before a number ("No. 5", "vol. 2"); elsewhere the word ("the answer
# is no.") and a full stop.
_BEFORE_A_NUMBER = frozenset(["no", "nos", "vol", "vols", "fig", "figs", "pp"])
_NUMBER_NEXT = regex.compile(r"\s*[#\d]")


def keeps_period(word: str, text: str, after: int) -> bool:
    """Is ``word`` (without its period) an abbreviation whose period, ending at ``after``
    in ``text``, belongs to it rather than ending a sentence?"""
    low = word.lower()
    if low not in ABBREVIATIONS:
        return False
    return low not in _BEFORE_A_NUMBER or _NUMBER_NEXT.match(text, after) is not None
