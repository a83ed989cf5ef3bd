"""Closed-class English words that the rewriter's rules look up.

Why a word list and not a tagger: every rule here (is this capital letter
positional, is this NP indefinite, is *her* followed by its object's next
constituent) turns on a small closed class of function words, and a list is
predictable, fast and testable. Lists are lower case; callers lower-case the
word they look up.
"""

from __future__ import annotations

from corefine.lexicon import ARTICLES


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string, for readable tables."""
    return frozenset(words.split())


# Punctuation that may cling to either edge of a word ("(Smith", "Jones,", "“Ann”").
EDGE_PUNCTUATION = ".,;:!?\"'“”‘’«»()[]{}"

# Articles and possessive/demonstrative determiners. A capital letter on one
# of these at the start of a noun phrase is positional, never part of a name,
# except "The" in names like "The Hague" (see representative.py). A mention
# made of these alone ("this", "those") is a demonstrative pronoun: it may
# refer to an event as well as to an entity, so it is left alone.
DETERMINERS = ARTICLES | word_set("that his her its their my our your whose")

# Demonstratives: never the start of a name, so one before a name is page furniture or
# emphasis ("Share This Baylee Luciani", "that Donald Trump") and the representative
# drops it. (Possessives may start titles: "His Majesty".)
DEMONSTRATIVES = word_set("this that these those")

# Indefinite articles: an NP led by one introduces an entity rather than
# referring back to it, so it is never replaced; as a representative its
# article becomes "the".
INDEFINITE_ARTICLES = frozenset({"a", "an"})

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
NAME_FUNCTION_WORDS = word_set(
    "of the and & for on upon at de del della der den des di da do dos du la le les "
    "van von y al el bin ibn zu"
)

# Titles that say a name is a person's without saying which gender ("Secretary Clinton",
# "Sen. Sanders"): such a form already names the person a he/she stands for.
PERSON_TITLES = word_set(
    "president president-elect vice senator sen sen. governor gov gov. secretary rep rep. "
    "representative speaker judge justice general gen gen. colonel col col. captain capt "
    "capt. sergeant sgt sgt. officer detective chief mayor minister premier chancellor "
    "ambassador director dr dr. doctor professor prof prof. attorney commissioner sheriff "
    "pope saint st st. rev rev. reverend bishop cardinal rabbi imam sheikh coach agent "
    "chairman chairperson spokesman spokesperson"
)

# Titles that tell a person's gender ("Mr. Smith", "the Queen").
MASCULINE_TITLES = word_set(
    "mr mr. sir lord king prince duke marquis earl baron count congressman councilman "
    "assemblyman alderman"
)
FEMININE_TITLES = word_set(
    "mrs mrs. ms ms. miss madam lady queen princess duchess dame countess baroness "
    "congresswoman councilwoman assemblywoman alderwoman chairwoman spokeswoman"
)

# Every title: what a person's name is written without ("Senator Jane Doe" is Jane Doe).
TITLES = PERSON_TITLES | MASCULINE_TITLES | FEMININE_TITLES
