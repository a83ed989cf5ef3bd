"""Nouns whose number their ending does not tell: plurals without an -s, and -s words
that are singular or numberless.

One list of irregular plurals for the rewriter and the rule baseline; they differed in
"media", "criteria" and "phenomena", which only the baseline had: all three are plurals
(of "medium", "criterion", "phenomenon"), and "the media" of news takes "they" ("the
media ... they report"), so both now read them as plural (tests/lexicon/test_lexicon.py).
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# Plurals without an -s: a head noun among them is plural ("the children", "the media").
IRREGULAR_PLURALS = word_set(
    """
    people children men women police folks staff cattle feet teeth mice geese media data
    criteria phenomena
    """
)
# Nouns ending in -s that are singular.
SINGULAR_S = word_set(
    """
    news series species means physics economics politics mathematics ethics analysis basis
    crisis thesis diagnosis bus gas lens plus status virus campus bonus census chaos process
    business boss class glass mass loss access address success progress congress princess
    actress waitress hostess witness illness wellness fitness
    """
)

# -s words that agree with either number, for the rewriter ("the news", "the United States").
NUMBERLESS_S_WORDS = word_set(
    "news series species means physics economics mathematics politics ethics athletics "
    "headquarters states"
)
