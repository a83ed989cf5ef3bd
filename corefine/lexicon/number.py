"""Nouns whose number their ending does not tell: plurals without an -s, and -s words
that are singular or numberless.

One list of each for the rewriter and the rule baseline. The irregular plurals differed
in "media", "criteria" and "phenomena", which only the baseline had: all three are plurals
(of "medium", "criterion", "phenomenon"), and "the media" of news takes "they" ("the media
... they report"), so both read them as plural. The -s words were two lists, the
baseline's singular ones and the rewriter's numberless ones, which overlapped ("news",
"series", "politics": singular for one, either for the other): a numberless word is one
that takes either number ("the series is", "two series are"; "his politics are"), which
the rewriter, asking only whether a word *disagrees*, reads as unknown, and the baseline,
which must choose, reads as singular where it is also in ``SINGULAR_S_WORDS`` (its old
reading) and by its ending otherwise ("the states": plural). The rewriter now also reads
the baseline's singular -s words as singular ("the lens", "the gas": tests/lexicon).
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
# Nouns ending in -s that are singular, or numberless and read as singular by a reader
# that must choose ("the news").
SINGULAR_S_WORDS = word_set(
    """
    news series species means physics economics politics mathematics ethics athletics
    analysis basis crisis thesis diagnosis bus gas lens plus status virus campus bonus
    census chaos process business boss class glass mass loss access address success progress
    congress princess actress waitress hostess witness illness wellness fitness
    """
)

# -s words that agree with either number ("the news", "the United States").
NUMBERLESS_S_WORDS = word_set(
    "news series species means physics economics mathematics politics ethics athletics "
    "headquarters states"
)
