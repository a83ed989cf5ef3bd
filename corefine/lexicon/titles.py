"""Titles: the words a person's name is written with and without ("Senator Jane Doe" is
Jane Doe), and the gender some of them tell.

Two sets of lists: the rewriter's (``PERSON_TITLES``, ``MASCULINE_TITLES``,
``FEMININE_TITLES``, ``TITLES``) and the rule baseline's, which also knows foreign
honorifics and the titles that are ordinary words at a sentence start (``MALE_TITLES``,
``FEMALE_TITLES``, ``NEUTRAL_TITLES``, ``RULE_TITLES``, ``WEAK_TITLES``, ``OF_TITLES``).
A title both know has the same gender in both (tests/lexicon/test_lexicon.py): a -man/-woman
title ("Congressman", "Councilwoman") tells its bearer's sex, since the other form is the
one written for the other sex; "Chairman" does not (it is the office's name, written for
women too: "Madam Chairman"); "Pope" is a man's.
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# Titles that say a name is a person's without saying which gender ("Secretary Clinton",
# "Sen. Sanders"): such a form already names the person a he/she stands for.
PERSON_TITLES = word_set(
    "president president-elect vice senator sen sen. governor gov gov. secretary rep rep. "
    "representative speaker judge justice general gen gen. colonel col col. captain capt "
    "capt. sergeant sgt sgt. officer detective chief mayor minister premier chancellor "
    "ambassador director dr dr. doctor professor prof prof. attorney commissioner sheriff "
    "saint st st. rev rev. reverend bishop cardinal rabbi imam sheikh coach agent "
    "chairman chairperson spokesman spokesperson"
)

# Titles that tell a person's gender ("Mr. Smith", "the Queen").
MASCULINE_TITLES = word_set(
    "mr mr. sir lord king prince duke marquis earl baron count pope congressman councilman "
    "assemblyman alderman"
)
FEMININE_TITLES = word_set(
    "mrs mrs. ms ms. miss madam lady queen princess duchess dame countess baroness "
    "congresswoman councilwoman assemblywoman alderwoman chairwoman spokeswoman"
)

# Every title: what a person's name is written without ("Senator Jane Doe" is Jane Doe).
TITLES = PERSON_TITLES | MASCULINE_TITLES | FEMININE_TITLES


# The rule baseline's titles. Titles sit before a name and are part of the mention
# ("Mr. Smith"), but not of the key used to match names. Lowercased, with and without
# the period.

MALE_TITLES = word_set(
    """
    mr mr. sir lord king prince duke baron count earl emperor tsar czar sultan pope father
    brother monsieur herr señor senor don
    congressman councilman
    """
)
FEMALE_TITLES = word_set(
    """
    mrs mrs. ms ms. miss lady queen princess duchess baroness countess empress dame madam
    madame mme mme. sister mademoiselle frau señora senora
    chairwoman congresswoman councilwoman
    """
)
NEUTRAL_TITLES = word_set(
    """
    dr dr. prof prof. professor president vice sen sen. senator rep rep. representative gov
    gov. governor mayor judge justice gen gen. general col col. colonel lt lt. lieutenant
    capt capt. captain sgt sgt. sergeant cmdr cmdr. commander adm adm. admiral rev rev.
    reverend hon hon. secretary chancellor minister ambassador bishop archbishop cardinal
    saint st st. chairman chief officer agent detective inspector coach
    commissioner director
    """
)
RULE_TITLES = MALE_TITLES | FEMALE_TITLES | NEUTRAL_TITLES

# Gendered titles that are also ordinary capitalised words at a sentence start
# ("Father", "Sister", "Don"); they only count as titles before another name word.
WEAK_TITLES = word_set("father brother sister don count general chief officer agent")

# Titles that take "of" inside the name ("King of England", "Secretary of State").
OF_TITLES = word_set(
    """
    king queen prince princess duke duchess earl count countess baron baroness emperor empress
    president secretary minister bishop archbishop lord lady
    """
)

NAME_SUFFIXES = word_set("jr jr. sr sr. ii iii iv")
