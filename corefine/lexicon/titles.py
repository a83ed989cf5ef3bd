"""Titles: the words a person's name is written with and without ("Senator Jane Doe" is
Jane Doe), and the gender some of them tell.

One list for the rewriter and the rule baseline (they had one each until issue 29; each
word they differed on was decided once, with a test in tests/lexicon/test_lexicon.py): a
-man/-woman title ("Congressman", "Councilwoman") tells its bearer's sex, since the other
form is the one written for the other sex; "Chairman" does not (it is the office's name,
written for women too: "Madam Chairman"); "Pope" is a man's; "Don" is a first name, not a
title ("Don Lemon", "Don Jr."), and an English text's "Father", "Brother" and "Sister" before
a name are a cleric's title, which tells the bearer's sex.
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# Titles that say a name is a person's without saying which gender ("Secretary Clinton",
# "Sen. Sanders"): such a form already names the person a he/she stands for.
PERSON_TITLES = word_set(
    """
    president president-elect vice senator sen sen. governor gov gov. secretary rep rep.
    representative speaker judge justice general gen gen. colonel col col. captain capt capt.
    lieutenant lt lt. sergeant sgt sgt. commander cmdr cmdr. admiral adm adm. officer
    detective inspector chief mayor minister premier chancellor ambassador director dr dr.
    doctor professor prof prof. attorney commissioner sheriff saint st st. rev rev. reverend
    hon hon. bishop archbishop cardinal rabbi imam sheikh coach agent chairman chairperson
    spokesman spokesperson
    """
)

# Titles that tell a person's gender ("Mr. Smith", "the Queen", "Señora Ruiz").
MASCULINE_TITLES = word_set(
    """
    mr mr. sir lord king prince duke marquis earl baron count emperor tsar czar sultan pope
    father brother monsieur herr señor senor congressman councilman assemblyman alderman
    """
)
FEMININE_TITLES = word_set(
    """
    mrs mrs. ms ms. miss madam madame mme mme. mademoiselle lady queen princess duchess dame
    countess baroness empress sister frau señora senora congresswoman councilwoman
    assemblywoman alderwoman chairwoman spokeswoman
    """
)

# Every title: what a person's name is written without ("Senator Jane Doe" is Jane Doe).
# Titles sit before a name and are part of the mention ("Mr. Smith"), but not of the key the
# rule baseline matches names on.
TITLES = PERSON_TITLES | MASCULINE_TITLES | FEMININE_TITLES

# Titles that are also ordinary capitalised words at a sentence start ("Father", "Sister",
# "General"); the rule baseline counts them as titles only before another name word.
WEAK_TITLES = word_set("father brother sister count general chief officer agent")

# Titles that take "of" inside the name ("King of England", "Secretary of State").
OF_TITLES = word_set(
    """
    king queen prince princess duke duchess earl count countess baron baroness emperor empress
    president secretary minister bishop archbishop lord lady
    """
)

# Modifiers before a title, kept in a mention but not in its key ("Former President Obama").
PRE_TITLES = word_set("former late acting deputy interim then")

# What may follow a name and is no part of the person's own name ("Martin Luther King Jr.").
NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv")

# Capitalised words that describe a person before their name without being part of it
# ("Republican Marco Rubio"), like a title: the rewriter cuts a full name after them.
PARTY_WORDS = word_set("republican democratic democrat gop independent libertarian")
