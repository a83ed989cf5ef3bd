"""Verbs the rule baseline's mention finder asks about (where a noun phrase stops, when "it"
is expletive: "it seems that ...", "it is raining"), and the verbs that take a clause.

Two lists of verbs of saying and thinking, for two uses, one inside the other: the rule
baseline's ``REPORTING_VERBS`` *link* a pronoun right after one to the verb's subject
("Acme said it", "Clinton thought she"), a guess that holds for verbs whose subject usually
speaks or thinks of itself; the rewriter's ``CLAUSE_TAKING_VERBS`` only say that the
pronoun after them may be the subject of a new clause, not the verb's object ("Tehran says
*it* will", "the study showed *it* was"), and so also hold "know", "find", "show", "mean"...,
after which the pronoun is often someone else. Every reporting verb takes a clause: the
rewriter's list holds the baseline's (until issue 29 it lacked "tell", "report", "explain",
"confirm", "decide", "write": "Acme told reporters *it* would close" is Acme's own "it").
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# Frequent verb forms, never a noun phrase's word (a sentence-initial "Said" is no name).
COMMON_VERBS = word_set(
    """
    say says said saying tell tells told telling ask asks asked go goes went gone going get gets
    got gotten getting make makes made making take takes took taken taking come comes came
    coming become becomes became give gives gave given giving find finds found think thinks
    thought know knows knew known see sees saw seen look looks looked want wants wanted use uses
    used call calls called show shows showed shown leave leaves left keep keeps kept hold holds
    held bring brings brought feel feels felt stand stands stood run runs ran meet meets met
    pay pays paid sit sits sat lead leads led lose loses lost win wins won write writes wrote
    written put puts begin begins began begun seem seems seemed appear appears appeared
    include includes included continue continues continued remain remains remained according
    added adds noted notes explained explains claimed claims announced announces reported
    reports believe believes believed let lets help helps helped need needs needed try tries
    tried live lives lived die dies died move moves moved play plays played work works worked
    start starts started turn turns turned happen happens happened agree agrees agreed
    hit set cut read met sent spent built sold broke spoke chose drove rose fell grew threw flew
    drew wore stood understood ate fought bought caught taught sought laid heard meant dealt
    slept hung struck stuck dug shot fed fled quit hurt cost cast burst shut split spread bet
    """
)
# Verbs whose subject "it" is expletive ("it seems", "it happened that", "it rains").
EXPLETIVE_VERBS = word_set(
    """
    seems seemed seem appears appeared appear happens happened rains rained raining snows
    snowed snowing
    """
)
# Forms of "be" and modals between an expletive "it" and its predicate ("it was late").
BE_FORMS = word_set("is was 's ’s isn wasn be been being will would could may might must")
# Verbs whose object "it" may be expletive ("made it clear that", "find it hard to").
RAISING_VERBS = word_set(
    "make makes made making find finds found consider considers considered think thinks thought"
)
# Copulas: an NP right after one is predicative ("was *a poet*"), never an antecedent.
COPULAS = word_set(
    """
    is are was were be been being 's ’s become becomes became becoming remain remains remained
    seem seems seemed am 'm ’m 're ’re
    """
)

# Verbs of saying and thinking whose subject a pronoun right after them usually is ("Acme
# said it", "Clinton said that she"), for the rule baseline.
REPORTING_VERBS = word_set(
    """
    said says say told tells added adds announced announces stated states reported reports
    noted notes explained explains claimed claims argued argues insisted insists warned warns
    confirmed confirms admitted admits believed believes thought thinks felt feels hoped hopes
    decided decides wrote writes
    """
)
# Verbs that take a clause, after which a pronoun may be the clause's subject rather than
# the verb's object ("Tehran says *it* will", "the company said Monday *it* would"), for
# the rewriter's binding rule.
CLAUSE_TAKING_VERBS = REPORTING_VERBS | word_set(
    """
    saying think believe claim argue insist hope know knows knew feel warn add announce note
    state suggest suggests suggested expect expects expected fear fears feared worry worries
    worried admit deny denies denied find finds found hear hears heard show shows showed mean
    means meant tell report explain confirm decide write
    """
)
