"""An object pronoun is not its own clause's subject (binding, principle B).

Why: "Wilson shot *him*", "Cruz called *him*", "Clinton brought *her* up", "The move
would make *it* harder": had the writer meant the subject, English would say *himself*,
*herself*, *itself*. A model that puts such a pronoun in its subject's cluster is wrong,
and replacing it ("Wilson shot Wilson") turns a model error into a false statement.
Over the 256 news articles, the seven replacements this rule takes back were all wrong.

Without a parser the clause is approximated from the characters between the two
mentions: one or two words, no punctuation, no conjunction ("calling your grandmother
and telling *her*"), no preposition ("opposed the war before *it*", where a pronoun in a
prepositional phrase may be bound), and a subject that is not a possessor or inside a
prepositional phrase itself ("Clinton's aides told *her*", "the record of Clinton earns
*her*"), nor a pronoun: in "when Mary was born *she* handed *her* over" and "*You* can
follow *her*" the wrong link is the subject's, and with two pronouns there is no telling
which. *it* after a verb of saying or thinking is the subject of the next clause
("Tehran says *it* will", "the company said Monday *it* would"), so it is left alone
there; a line break ends the clause.
"""

from __future__ import annotations

from collections.abc import Iterable

from corefine.lexicon import CONJUNCTIONS, PREPOSITIONS, Pronoun, pronoun
from corefine.rewriter.words import EDGE_PUNCTUATION, word_set

_OBJECT_FORMS = word_set("him her them it")
_NOT_IN_A_CLAUSE_GAP = PREPOSITIONS | CONJUNCTIONS | word_set("which who whom whose what")
_CLAUSE_TAKING_VERBS = word_set(
    """
    say says said saying think thinks thought believe believes believed claim claims claimed
    argue argues argued insist insists insisted hope hopes hoped know knows knew feel feels
    felt warn warns warned add adds added announce announces announced note notes noted
    state states stated suggest suggests suggested expect expects expected fear fears feared
    worry worries worried admit admits admitted deny denies denied find finds found hear
    hears heard show shows showed mean means meant
    """
)


# Characters between a subject's end and its object pronoun, at most. Generous, because runs
# of spaces count: text distributed with widened spacing must resolve as the clean text does.
WINDOW = 200

# Before a subject, these put it inside a prepositional phrase ("the record of Clinton");
# "after", "since" and the like may open a clause instead ("after Clinton brought her").
_BEFORE_A_PP_OBJECT = PREPOSITIONS - CONJUNCTIONS


def bound_by_subject(
    text: str, pron: Pronoun, start: int, possessive_slot: bool, spans: Iterable[tuple[int, int]]
) -> bool:
    """Is the pronoun at ``start`` an object whose clause's subject is a mention of its
    own cluster, one of ``spans``?"""
    form = pron.form.lower()
    if form not in _OBJECT_FORMS or possessive_slot:
        return False
    for m_start, m_end in spans:
        if m_end >= start or start - m_end > WINDOW:
            continue
        between = text[m_end:start]
        gap = between.split()
        if not 1 <= len(gap) <= 2 or "\n" in between or any(not w.isalpha() for w in gap):
            continue
        words = [w.lower() for w in gap]
        if any(w in _NOT_IN_A_CLAUSE_GAP for w in words):
            continue
        if form == "it" and any(w in _CLAUSE_TAKING_VERBS for w in words):
            continue  # "Tehran says it will", "the company said Monday it would"
        subject = text[m_start:m_end]
        if subject.endswith(("'s", "’s", "'", "’")):
            continue  # a possessor: "Clinton's aides told her"
        if pronoun(subject) is not None:
            continue  # which of two pronouns the model linked wrongly is anyone's guess
        before = text[max(0, m_start - 20) : m_start].split()
        if before and before[-1].strip(EDGE_PUNCTUATION).lower() in _BEFORE_A_PP_OBJECT:
            continue  # inside a prepositional phrase: "the record of Clinton earns her"
        return True
    return False
