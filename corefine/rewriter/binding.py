"""Binding: a pronoun is not a mention its clause rules out.

Principle B: an object pronoun is not its own clause's subject. Principle C: a subject
pronoun that opens a sentence is not a name later in that sentence ("*He* accused Comey",
"*He* said it was always Trump's intention"): the writer would have written the name
first. Both are model errors that a replacement would turn into false statements.

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

Principle C is applied only where the pronoun surely commands the name: the pronoun is
the sentence's first word, the name is a form of the representative that would replace
the pronoun (a merged cluster's other person, "He criticized Trump" in Ryan's cluster,
says nothing), and nothing between them opens another clause or an apposition: a
period, question or exclamation mark before a space (a sentence end, or an abbreviation
that may be one: "He met Acme Corp. Louis …"), semicolon, colon, dash, bracket,
quotation mark, or a comma followed by a conjunction (", as Sanders has labeled her"
names the subject again, as writers do).
Over the 256 news articles it took back six replacements, five of them wrong; the sixth
was a writer's "*He* added that Zervos had emailed Trump's office" about Trump.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corefine.lexicon import (
    CLAUSE_TAKING_VERBS,
    CONJUNCTIONS,
    EDGE_PUNCTUATION,
    OBJECT_PRONOUNS,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
    WH_WORDS,
    Pronoun,
    pronoun,
)
from corefine.rewriter.grammar import starts_sentence

# Words between a subject and a pronoun that open another clause or a prepositional phrase.
_NOT_IN_A_CLAUSE_GAP = PREPOSITIONS | CONJUNCTIONS | WH_WORDS


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
    if form not in OBJECT_PRONOUNS or possessive_slot:
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
        if form == "it" and any(w in CLAUSE_TAKING_VERBS for w in words):
            continue  # "Tehran says it will", "the company said Monday it would"
        subject = text[m_start:m_end]
        if subject.endswith(("'s", "’s", "'", "’")):
            continue  # a possessor: "Clinton's aides told her"
        if subject.endswith(".") and gap[0][:1].isupper():
            continue  # its period ends the sentence too: "met Acme Corp. Marinelli met it"
        if pronoun(subject) is not None:
            continue  # which of two pronouns the model linked wrongly is anyone's guess
        before = text[max(0, m_start - 20) : m_start].split()
        if before and before[-1].strip(EDGE_PUNCTUATION).lower() in _BEFORE_A_PP_OBJECT:
            continue  # inside a prepositional phrase: "the record of Clinton earns her"
        return True
    return False


# Characters that end the stretch a sentence-initial subject pronoun c-commands, or that may
# open an apposition naming the pronoun ("He (Comey) said", "He – Comey – said").
_CLAUSE_BREAKS = frozenset(';:()[]—–"“”«»\n')
_AFTER_A_COMMA = re.compile(r",\s*(\w+)")
_MAY_END_A_SENTENCE = re.compile(r"[.!?]\s")


def commands_own_name(
    text: str, pron: Pronoun, start: int, end: int, names: Iterable[tuple[int, int]]
) -> bool:
    """Does the pronoun at ``start`` open its sentence as a subject and precede a name of its
    own cluster, one of ``names``, in the same sentence? ("*He* accused Comey", "*She*
    told reporters that Clinton …": principle C, a name is never its own clause's
    subject pronoun.)"""
    if pron.form.lower() not in SUBJECT_PRONOUNS or not starts_sentence(text, start):
        return False
    for n_start, _ in names:
        if n_start <= end or n_start - end > WINDOW:
            continue
        between = text[end:n_start]
        if not between.replace(",", " ").strip() or any(c in _CLAUSE_BREAKS for c in between):
            continue
        if _MAY_END_A_SENTENCE.search(between):
            continue  # a sentence end, or a period that may be one ("met Acme Corp. Louis")
        if any(w.lower() in CONJUNCTIONS for w in _AFTER_A_COMMA.findall(between)):
            continue  # ", and Clinton has struggled …, as Sanders has labeled her": no command
        return True
    return False
