"""corefine's English lexicon: the one home of every word list.

One place, so that "what is a third-person pronoun", "is this a title" or "is this
noun plural" means the same thing when we replace text, when we resolve with rules
and when we score pronoun resolution. Modules:

- :mod:`~corefine.lexicon.pronouns`: the pronoun table (:func:`pronoun`, :class:`Pronoun`);
- :mod:`~corefine.lexicon.closed_classes`: prepositions, articles, determiners,
  conjunctions, auxiliaries, quantifiers and other function words;
- :mod:`~corefine.lexicon.abbreviations`: abbreviations whose period is no full stop;
- :mod:`~corefine.lexicon.titles`: titles, and the gender some of them tell;
- :mod:`~corefine.lexicon.gender`: nouns that tell their referent's gender;
- :mod:`~corefine.lexicon.number`: irregular plurals and singular or numberless -s words;
- :mod:`~corefine.lexicon.words`: :func:`word_set`, how the lists are written.

The lists are lower case; callers lower-case the word they look up. Data files too large
to write inline (first names, places) stay in ``corefine/rewriter/data``, read by
:mod:`corefine.rewriter.names`.
"""

from __future__ import annotations

from corefine.lexicon.abbreviations import ABBREVIATIONS, NEVER_FINAL, keeps_period
from corefine.lexicon.closed_classes import (
    ARTICLES,
    AUXILIARIES,
    CONJUNCTIONS,
    DEMONSTRATIVES,
    DETERMINERS,
    EDGE_PUNCTUATION,
    ENGLISH_FUNCTION_WORDS,
    GENERAL_NOUNS,
    INDEFINITE_ARTICLES,
    NAME_FUNCTION_WORDS,
    PREPOSITIONS,
    QUANTIFIERS,
)
from corefine.lexicon.gender import FEMININE_NOUNS, MASCULINE_NOUNS
from corefine.lexicon.number import IRREGULAR_PLURALS, NUMBERLESS_S_WORDS
from corefine.lexicon.pronouns import PRONOUNS, Case, Gender, Number, Pronoun, pronoun
from corefine.lexicon.titles import FEMININE_TITLES, MASCULINE_TITLES, PERSON_TITLES, TITLES
from corefine.lexicon.words import word_set

__all__ = [
    "ABBREVIATIONS",
    "ARTICLES",
    "AUXILIARIES",
    "CONJUNCTIONS",
    "DEMONSTRATIVES",
    "DETERMINERS",
    "EDGE_PUNCTUATION",
    "ENGLISH_FUNCTION_WORDS",
    "FEMININE_NOUNS",
    "FEMININE_TITLES",
    "GENERAL_NOUNS",
    "INDEFINITE_ARTICLES",
    "IRREGULAR_PLURALS",
    "MASCULINE_NOUNS",
    "MASCULINE_TITLES",
    "NAME_FUNCTION_WORDS",
    "NEVER_FINAL",
    "NUMBERLESS_S_WORDS",
    "PERSON_TITLES",
    "PREPOSITIONS",
    "PRONOUNS",
    "QUANTIFIERS",
    "TITLES",
    "Case",
    "Gender",
    "Number",
    "Pronoun",
    "keeps_period",
    "pronoun",
    "word_set",
]
