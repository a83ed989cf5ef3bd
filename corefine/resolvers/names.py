"""Gender and number of the rule baseline's words: first names, titles, common nouns.

Why embedded lists and not a model or a download: the baseline must run
anywhere with the standard library only, and its behaviour must be easy to
audit. The lists are :mod:`corefine.lexicon`'s (generic English resources, written
once and not fitted to any evaluation corpus); these functions are how the baseline
reads them. Callers may pass any case.
"""

from __future__ import annotations

from typing import Literal

from corefine.lexicon import (
    FEMALE_FIRST_NAMES,
    FEMININE_NOUNS,
    FEMININE_TITLES,
    IRREGULAR_PLURALS,
    MALE_FIRST_NAMES,
    MASCULINE_NOUNS,
    MASCULINE_TITLES,
    SINGULAR_S_WORDS,
)

Gender = Literal["m", "f"]


def first_name_gender(word: str) -> Gender | None:
    """Gender of a common first name, ``None`` when unknown or ambiguous."""
    w = word.lower()
    male = w in MALE_FIRST_NAMES
    female = w in FEMALE_FIRST_NAMES
    if male == female:
        return None
    return "m" if male else "f"


def title_gender(word: str) -> Gender | None:
    """Gender implied by a title ("Mrs." → f, "Lord" → m), ``None`` for neutral titles."""
    w = word.lower()
    if w in MASCULINE_TITLES:
        return "m"
    if w in FEMININE_TITLES:
        return "f"
    return None


def noun_gender(word: str) -> Gender | None:
    """Gender of a common noun ("mother", "businessmen"), ``None`` when it carries none."""
    w = word.lower()
    forms = [w]
    if w.endswith("men"):
        forms.append(w[:-3] + "man")
    elif w.endswith("ies"):
        forms.append(w[:-3] + "y")
    elif w.endswith("s"):
        forms.append(w[:-1])
    for form in forms:
        if form in MASCULINE_NOUNS:
            return "m"
        if form in FEMININE_NOUNS:
            return "f"
    return None


def is_plural_noun(word: str) -> bool:
    """Crude English plural test on a head noun ("companies" yes, "news", "class" no)."""
    w = word.lower()
    if w in IRREGULAR_PLURALS:
        return True
    if w in SINGULAR_S_WORDS or not w.isalpha() or len(w) < 3:
        return False
    return w.endswith("s") and not w.endswith(("ss", "us", "is", "ics"))
