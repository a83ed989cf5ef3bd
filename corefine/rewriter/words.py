"""The rewriter's closed-class words and titles, now in :mod:`corefine.lexicon` (their one
home); importable from here as before."""

from __future__ import annotations

from corefine.lexicon import (
    DEMONSTRATIVES,
    DETERMINERS,
    EDGE_PUNCTUATION,
    FEMININE_TITLES,
    GENERAL_NOUNS,
    INDEFINITE_ARTICLES,
    MASCULINE_TITLES,
    NAME_FUNCTION_WORDS,
    PERSON_TITLES,
    QUANTIFIERS,
    TITLES,
    word_set,
)

__all__ = [
    "DEMONSTRATIVES",
    "DETERMINERS",
    "EDGE_PUNCTUATION",
    "FEMININE_TITLES",
    "GENERAL_NOUNS",
    "INDEFINITE_ARTICLES",
    "MASCULINE_TITLES",
    "NAME_FUNCTION_WORDS",
    "PERSON_TITLES",
    "QUANTIFIERS",
    "TITLES",
    "word_set",
]
