"""Closed classes of English function words.

Why a word list and not a tagger: every rule that asks (is this capital letter
positional, is this NP indefinite, is *her* followed by its object's next
constituent, does this text look like English) turns on a small closed class of
function words, and a list is predictable, fast and testable. Lists are lower case;
callers lower-case the word they look up.

Lists that look alike but serve different purposes, kept apart on purpose (each decided in
issue 29, with a test in tests/lexicon/test_lexicon.py): ``COORDINATORS``, the conjunctions
that join noun phrases into a list, and ``CONJUNCTIONS``, all that open a clause;
``ACRONYM_SKIPPED_WORDS``, the words an acronym leaves out, and ``NAME_FUNCTION_WORDS``, all
the lower-case words a name may hold; the rewriter's ``AFTER_OBJECT_HER`` and the rule
baseline's ``FUNCTION_WORDS``, which both tell an object *her* from a determiner but were
made for different components; ``CLAUSE_BREAKS``, the baseline's binding check, where the
rewriter's binding rule asks its own question of the characters between two mentions.
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

PREPOSITIONS = word_set(
    """
    about above across after against along amid among around as at before behind below beneath
    beside besides between beyond by despite down during except for from in inside into like
    near of off on onto out outside over past per since than through throughout till to toward
    towards under underneath unlike until up upon via with within without
    """
)
# Definite articles and demonstrative determiners ("that" aside: it is also a conjunction).
DEFINITE_DETERMINERS = word_set("the this these those")
# Determiners that make a noun phrase plural whatever its head ("these sheep").
PLURAL_DETERMINERS = word_set("these those")
# Indefinite articles: an NP led by one introduces an entity rather than
# referring back to it, so it is never replaced; as a representative its
# article becomes "the".
INDEFINITE_ARTICLES = word_set("a an")
# Articles and demonstrative determiners ("that" aside: it is also a conjunction).
ARTICLES = DEFINITE_DETERMINERS | INDEFINITE_ARTICLES
POSSESSIVE_DETERMINERS = word_set("his her its their my our your")
CONJUNCTIONS = word_set(
    """
    and but or nor so yet because although though while whereas if unless whether when whenever
    where wherever after before since until once as that than then
    """
)
# Coordinating conjunctions that join noun phrases into a list ("Ted Cruz and John Kasich",
# "Smith, or Jones"): the rewriter asks whether a phrase is a list, not one name. Not "for",
# "so" and "yet", which join clauses only.
COORDINATORS = word_set("and or nor but")
# Wh-words that open a relative or embedded clause ("the man who", "asked what"); "that",
# which does too, is a conjunction above.
WH_WORDS = word_set("who whom whose which what")
# Auxiliaries, modals, negation and their clitics ("is", "will" and "can" aside: they are
# also the heads of mentions, "the will of the people"; "'s" too, which is also a possessive).
AUXILIARIES = word_set(
    """
    are was were be been being am have has had having do does did would shall should could
    may might must ca wo not n't n’t 're 'm 've 'll 'd ’re ’m ’ve ’ll ’d
    """
)

# Punctuation that may cling to either edge of a word ("(Smith", "Jones,", "“Ann”").
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’«»()[]{}"
# Tokens after which the next word stands where a sentence starts (its capital letter says
# nothing): quotes, brackets, colons, dashes, bullets.
OPENERS = word_set("\" “ ‘ ' ( [ { : ; — – - -- • * « ¿ ¡ ...")

# Articles and possessive/demonstrative determiners. A capital letter on one
# of these at the start of a noun phrase is positional, never part of a name,
# except "The" in names like "The Hague" (see representative.py). A mention
# made of these alone ("this", "those") is a demonstrative pronoun: it may
# refer to an event as well as to an entity, so it is left alone.
DETERMINERS = ARTICLES | POSSESSIVE_DETERMINERS | word_set("that whose")

# The determiners the rule baseline starts a noun phrase with: the others but "that" (a
# conjunction or relative as often: "said that the...") and "whose" (a relative).
NP_DETERMINERS = DETERMINERS - {"that", "whose"}
# Words that start a verb's object: an -s word before one is a verb ("this item fulfils a
# need"), not a noun.
VERB_OBJECT_STARTS = NP_DETERMINERS | word_set("that to him them it us me")

# Demonstratives: never the start of a name, so one before a name is page furniture or
# emphasis ("Share This Baylee Luciani", "that Donald Trump") and the representative
# drops it. (Possessives may start titles: "His Majesty".)
DEMONSTRATIVES = word_set("this that these those")

# Quantifiers: an NP led by one may bind the pronoun ("every senator ... his")
# or denote a part of the set ("some voters"), so copying it changes meaning.
# Such an NP is neither replaced nor used as a representative.
QUANTIFIERS = word_set(
    "some any no every each another many several few all both most none either neither more fewer"
)

# Nouns that name nobody in particular: a phrase made of one of these and determiners only
# ("the guy", "this person", "the people", "someone") says less than the pronoun's context
# does, so it never represents a cluster: "The guy sat down" names no one a reader can find.
# ("the woman", "the man" stay: in narrative they are how a character is known.)
GENERAL_NOUNS = word_set(
    "guy guys people person persons thing things one ones someone somebody anyone anybody "
    "everyone everybody folks folk individual individuals other others stuff"
)

# Lower-case words that may sit inside a proper name: "Bank of America",
# "Ludwig van Beethoven", "AT&T", "Leonardo da Vinci".
NAME_PARTICLES = word_set(
    "de del della der den des di da do dos du la le les van von y al el bin ibn zu"
)
NAME_FUNCTION_WORDS = NAME_PARTICLES | word_set("of the and & for on upon at")
# The words that join two capitalised words into one name for the rule baseline ("Bank of
# America", "Ludwig van Beethoven"); not "the", "and" or "for", which it handles itself.
NAME_JOINERS = NAME_PARTICLES | {"of"}

# The words an acronym leaves out ("Democratic National Committee" is the DNC, "Bank of
# America" BA), for the rule baseline's acronym links. Fewer than NAME_FUNCTION_WORDS: a
# particle that starts a name is written with a capital and keeps its letter ("Al Qaeda in
# the Arabian Peninsula", AQAP).
ACRONYM_SKIPPED_WORDS = word_set("of the and & for de")

# Closed-class words that make up a large share of any English running text (the language
# check counts them).
ENGLISH_FUNCTION_WORDS = word_set(
    """
    a an the this that these those some any no every each all both
    i me my mine we us our ours you your yours he him his she her hers it its
    they them their theirs who whom whose which what where when why how
    and or but nor so if then than because while although though as
    of in on at to from by with without for about into onto over under after
    before between through during against among up down out off
    is are was were be been being am has have had having do does did done
    will would shall should can could may might must not
    there here also just only very more most such other
    said says
"""
)

# Closed-class words that are never a name nor an NP's content word, for the rule
# baseline's mention finder (a sentence-initial "However" is no name). Wider than
# ENGLISH_FUNCTION_WORDS, whose share of a text the language check's thresholds were
# measured with.
FUNCTION_WORDS = (
    PREPOSITIONS
    | CONJUNCTIONS
    | word_set(
        """
        a an the this that these those some any no every each either neither all both few many
        much more most several such what which who whom whose why how there here now not never
        also very just only even still already always often sometimes usually perhaps maybe
        again ago away back else ever far however indeed instead less least quite rather really
        soon thus too well yes yet otherwise meanwhile moreover furthermore therefore hence
        i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
        his himself she her hers herself it its itself they them their theirs themselves
        is are was were be been being am do does did done doing have has had having will would
        shall should can could may might must ought 's 're 've 'd 'll 'm n't not
        one ones another other others own same
        hey hi hello oh ah yeah yes okay ok please thanks dear
        """
    )
)

# Words that start the clause an expletive "it" stands for ("it seems *that*", "it is hard
# *to* say").
EXPLETIVE_COMPLEMENT_STARTS = word_set("to that whether if how why when what who")

# Words that start a noun phrase's postmodifier: a description's head noun is its last word
# before one ("the man *in* the car", "the leader *of* the Democrats").
POSTMODIFIER_STARTS = word_set(
    "of in at on for from with by to about under over near who which that"
)

# Tokens that open a new clause, for the rule baseline's binding check: a pronoun after one
# may corefer with the subject before it ("John said he", "Mary left, and she", "John asked
# what he"). Conjunctions, wh-words, clause punctuation and the three most frequent verbs of
# saying. (The rewriter's binding rule asks its own question of the characters between a
# subject and an object pronoun: corefine/rewriter/binding.py.)
CLAUSE_BREAKS = CONJUNCTIONS | WH_WORDS | word_set(', ; : — – ( ) " “ ” said says told')

# Words that follow *her* as an object but would not follow it as a determiner, for the
# rewriter: prepositions, particles, conjunctions, determiners and pronouns (gave her a book,
# told her he...), adverbs of time, and frequent bare verbs that are seldom nouns (let her go,
# help her succeed; not "her return", "her smile"). Anything else after *her* is read as the
# noun phrase it determines (her job, her former lawyer, her Moscow flat). The rule baseline
# asks the same question with FUNCTION_WORDS (a "her" before any other word is a
# determiner), a list made for finding mentions; merging the two would change both
# components' decisions wholesale rather than decide a word.
AFTER_OBJECT_HER = word_set(
    """
    to for with at in on of from by about into onto over under after before as than like
    up down out off back away around through during without against among near past behind
    and or but nor so yet if when while because since until unless whether where why how
    that which who what whom a an the this these those his her its their my our your some
    any no every each all both it him them me us you he she they we i not too again also
    there here now then today yesterday tomorrow once twice instead anyway either
    even just well alone enough ever everywhere anywhere somewhere nowhere elsewhere
    be go get make do feel know see come take leave think want give keep become tell say
    succeed understand decide believe realize realise recover survive continue remain die
    learn speak grow seem appear agree explain testify resign apologize apologise admit
    arrive sit lose find meet bring put
    """
)

# Lower-case function words that head no mention, for the model's anaphor positions:
# articles, prepositions, conjunctions and auxiliaries, less the demonstratives ("this",
# "that": pronouns too) and "past" (a noun).
NON_ANAPHORS = (ARTICLES | PREPOSITIONS | CONJUNCTIONS | AUXILIARIES) - (DEMONSTRATIVES | {"past"})
