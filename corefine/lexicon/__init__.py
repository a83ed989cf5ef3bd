"""corefine's English lexicon: the one home of every word list.

One place, so that "what is a third-person pronoun", "is this a title" or "is this
noun plural" means the same thing when we replace text, when we resolve with rules
and when we score pronoun resolution. Modules:

- :mod:`~corefine.lexicon.pronouns`: the pronoun table (:func:`pronoun`, :class:`Pronoun`),
  the object and subject forms read off it, and the acronyms spelled like pronouns;
- :mod:`~corefine.lexicon.closed_classes`: prepositions, articles, determiners,
  conjunctions, auxiliaries, quantifiers, name particles and other function words, the
  words that break a clause, and the words after an object *her*;
- :mod:`~corefine.lexicon.abbreviations`: abbreviations whose period is no full stop;
- :mod:`~corefine.lexicon.titles`: titles, the gender some of them tell, and party words;
- :mod:`~corefine.lexicon.gender`: nouns that tell their referent's gender;
- :mod:`~corefine.lexicon.number`: irregular plurals and singular or numberless -s words;
- :mod:`~corefine.lexicon.nouns`: nouns that tell an entity's kind (organisation, place,
  person, group), companies' legal forms, and nouns that only look like something else;
- :mod:`~corefine.lexicon.verbs`: the verbs the rule baseline's mention finder asks about,
  and verbs of saying and thinking (reporting verbs, clause-taking verbs);
- :mod:`~corefine.lexicon.names`: the rule baseline's first names, places and calendar names;
- :mod:`~corefine.lexicon.words`: :func:`word_set`, how the lists are written.

Where two lists look alike but serve different purposes, both are here under names that
say the difference, and their module's docstring says why they are not one.

The lists are lower case (but ``PRONOUN_ACRONYMS``); callers lower-case the word they look
up. Data files too large to write inline (the rewriter's first names and places) stay in
``corefine/rewriter/data``, read by :mod:`corefine.rewriter.names`. This package imports
nothing from the rest of corefine.
"""

from __future__ import annotations

from corefine.lexicon.abbreviations import ABBREVIATIONS, NEVER_FINAL, keeps_period
from corefine.lexicon.closed_classes import (
    ACRONYM_SKIPPED_WORDS,
    AFTER_OBJECT_HER,
    ARTICLES,
    AUXILIARIES,
    CLAUSE_BREAKS,
    CONJUNCTIONS,
    COORDINATORS,
    DEFINITE_DETERMINERS,
    DEMONSTRATIVES,
    DETERMINERS,
    EDGE_PUNCTUATION,
    ENGLISH_FUNCTION_WORDS,
    EXPLETIVE_COMPLEMENT_STARTS,
    FUNCTION_WORDS,
    GENERAL_NOUNS,
    INDEFINITE_ARTICLES,
    NAME_FUNCTION_WORDS,
    NAME_JOINERS,
    NAME_PARTICLES,
    NON_ANAPHORS,
    NP_DETERMINERS,
    OPENERS,
    PLURAL_DETERMINERS,
    POSSESSIVE_DETERMINERS,
    POSTMODIFIER_STARTS,
    PREPOSITIONS,
    QUANTIFIERS,
    VERB_OBJECT_STARTS,
    WH_WORDS,
)
from corefine.lexicon.gender import FEMININE_NOUNS, MASCULINE_NOUNS
from corefine.lexicon.names import CALENDAR_WORDS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, PLACES
from corefine.lexicon.nouns import (
    COMPANY_FORMS,
    GENERIC_HEADS,
    GROUP_NOUNS,
    LEGAL_FORMS,
    LY_NOUNS,
    ORG_WORDS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PLACE_WORDS,
    TIME_AND_WEATHER_WORDS,
    TYPE_NOUNS,
)
from corefine.lexicon.number import IRREGULAR_PLURALS, NUMBERLESS_S_WORDS, SINGULAR_S_WORDS
from corefine.lexicon.pronouns import (
    OBJECT_PRONOUNS,
    PRONOUN_ACRONYMS,
    PRONOUNS,
    SUBJECT_PRONOUNS,
    Case,
    Gender,
    Number,
    Pronoun,
    pronoun,
)
from corefine.lexicon.titles import (
    FEMININE_TITLES,
    MASCULINE_TITLES,
    NAME_SUFFIXES,
    OF_TITLES,
    PARTY_WORDS,
    PERSON_TITLES,
    PRE_TITLES,
    TITLES,
    WEAK_TITLES,
)
from corefine.lexicon.verbs import (
    BE_FORMS,
    CLAUSE_TAKING_VERBS,
    COMMON_VERBS,
    COPULAS,
    EXPLETIVE_VERBS,
    RAISING_VERBS,
    REPORTING_VERBS,
)
from corefine.lexicon.words import word_set

__all__ = [
    "ABBREVIATIONS",
    "ACRONYM_SKIPPED_WORDS",
    "AFTER_OBJECT_HER",
    "ARTICLES",
    "AUXILIARIES",
    "BE_FORMS",
    "CALENDAR_WORDS",
    "CLAUSE_BREAKS",
    "CLAUSE_TAKING_VERBS",
    "COMMON_VERBS",
    "COMPANY_FORMS",
    "CONJUNCTIONS",
    "COORDINATORS",
    "COPULAS",
    "DEFINITE_DETERMINERS",
    "DEMONSTRATIVES",
    "DETERMINERS",
    "EDGE_PUNCTUATION",
    "ENGLISH_FUNCTION_WORDS",
    "EXPLETIVE_COMPLEMENT_STARTS",
    "EXPLETIVE_VERBS",
    "FEMALE_FIRST_NAMES",
    "FEMININE_NOUNS",
    "FEMININE_TITLES",
    "FUNCTION_WORDS",
    "GENERAL_NOUNS",
    "GENERIC_HEADS",
    "GROUP_NOUNS",
    "INDEFINITE_ARTICLES",
    "IRREGULAR_PLURALS",
    "LEGAL_FORMS",
    "LY_NOUNS",
    "MALE_FIRST_NAMES",
    "MASCULINE_NOUNS",
    "MASCULINE_TITLES",
    "NAME_FUNCTION_WORDS",
    "NAME_JOINERS",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "NEVER_FINAL",
    "NON_ANAPHORS",
    "NP_DETERMINERS",
    "NUMBERLESS_S_WORDS",
    "OBJECT_PRONOUNS",
    "OF_TITLES",
    "OPENERS",
    "ORGANIZATION_NOUNS",
    "ORG_WORDS",
    "PARTY_WORDS",
    "PERSON_NOUNS",
    "PERSON_TITLES",
    "PLACES",
    "PLACE_WORDS",
    "PLURAL_DETERMINERS",
    "POSSESSIVE_DETERMINERS",
    "POSTMODIFIER_STARTS",
    "PREPOSITIONS",
    "PRE_TITLES",
    "PRONOUNS",
    "PRONOUN_ACRONYMS",
    "QUANTIFIERS",
    "RAISING_VERBS",
    "REPORTING_VERBS",
    "SINGULAR_S_WORDS",
    "SUBJECT_PRONOUNS",
    "TIME_AND_WEATHER_WORDS",
    "TITLES",
    "TYPE_NOUNS",
    "VERB_OBJECT_STARTS",
    "WEAK_TITLES",
    "WH_WORDS",
    "Case",
    "Gender",
    "Number",
    "Pronoun",
    "keeps_period",
    "pronoun",
    "word_set",
]
