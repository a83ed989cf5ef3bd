"""English pronoun table shared by the rewriter, the baseline and the scorers.

One table, so that "what is a third-person pronoun" means the same thing when we
replace text, when we resolve with rules and when we score pronoun resolution. The sets of
forms the rewriter's binding rules ask about (object and subject pronouns) are read off
the table, not written again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


def _third_person(*cases: Case) -> frozenset[str]:
    return frozenset(p.form for p in _TABLE if p.third_person and p.case in cases)


# Third-person pronouns that stand as a verb's object: "him", "her" (unless it determines the
# next word, which only the caller sees), "them", and "it", which the table gives no case
# because it is subject and object alike.
OBJECT_PRONOUNS = _third_person("obj", "any")
# Third-person pronouns that are only subjects: "he", "she", "they". Not "it" (subject and
# object alike), whose sentence-opening form is as often expletive ("It is clear that Acme
# ...") as the subject that a name later in the sentence could not be.
SUBJECT_PRONOUNS = _third_person("subj")

# Acronyms spelled like a pronoun: in capitals next to lower-case text they are names ("the
# US", "the IT department", "Portland, ME"), not "us", "it" and "me". One list for the rule
# baseline and the rewriter since issue 29 (the baseline lacked "ME", the postal code of
# Maine: in mixed-case text a capitalised "ME" is an abbreviation, not a shouted "me").
PRONOUN_ACRONYMS = frozenset({"US", "IT", "ME"})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def pronoun(text: str) -> Pronoun | None:
    """The pronoun ``text`` is (case-insensitive, surrounding whitespace ignored), else ``None``."""
    return PRONOUNS.get(text.strip().translate(_APOSTROPHES).lower())
