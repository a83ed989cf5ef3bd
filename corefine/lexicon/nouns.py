"""Common nouns that tell what kind of thing a phrase or a name names: an organisation, a
place, a person, a group; and nouns that only look like something else.

Two lists of organisation nouns, for two uses, kept apart on purpose: the rule baseline's
``ORG_WORDS`` types a name ("Washington Post", "Supreme Court": an organisation, "it"), so
it also holds words that are surnames ("Post", "Court", "Union"); the rewriter's
``ORGANIZATION_NOUNS`` *vetoes* a he/she ("Tata Group" is nobody), so it leaves those out:
a wrong veto loses a correct replacement of a person ("Karen Post").

Likewise two lists of company words: ``LEGAL_FORMS``, which a company's name may drop
("Acme Corp." is Acme), and ``COMPANY_FORMS``, the legal forms and the business words
("Motors", "Airlines") that say only what kind of company a name names; a name cannot drop
those ("General Motors" is not "General").
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# -- the rule baseline's entity types ------------------------------------------------------
# A name ending in (or containing) one of these is an organisation, facility or place:
# "it"/"its" (and, for organisations, "they") may refer to it; "he"/"she" may not.
ORG_WORDS = word_set(
    """
    inc inc. corp corp. co co. ltd ltd. llc plc company companies corporation group bank
    university college school academy institute association committee council party department
    ministry agency administration commission foundation society club union church court
    congress senate parliament assembly government times post journal news network airlines
    airways motors industries holdings partners fund board authority service services office
    bureau army navy force forces police team fc museum hospital center centre organization
    organisation federation league federal national international trust institution
    laboratory laboratories lab labs systems technologies media press records studios
    """
)
# Words in a place's name ("Fifth Avenue", "the Hudson River"); the baseline asks its last.
PLACE_WORDS = word_set(
    """
    street st. avenue ave ave. road rd rd. boulevard river mountain mountains lake island islands
    city county state province park bay valley kingdom republic ocean sea coast beach harbor
    harbour square bridge station airport hall palace castle cathedral temple tower
    """
)
# Head nouns of a description of a person ("the senator", "my friend").
PERSON_NOUNS = word_set(
    """
    person individual president leader doctor author writer poet candidate official officer
    student teacher professor child kid baby friend member worker employee employer owner
    manager director chief executive ceo founder senator governor mayor minister secretary
    judge lawyer attorney defendant plaintiff victim suspect witness patient nurse scientist
    researcher artist singer player coach soldier driver pilot farmer reporter journalist
    editor spokesperson spokesman spokeswoman politician activist citizen resident neighbor
    neighbour partner colleague boss customer client user fan teenager adult parent sibling
    cousin relative guest host narrator protagonist hero character king queen emperor
    """
)
# Collective nouns that take "they" as often as "it".
GROUP_NOUNS = word_set(
    """
    company government team group police committee family band party administration campaign
    crowd public audience staff board council organization organisation agency firm
    department ministry army military navy union club church school university class couple
    """
)
# -ly words that are nouns, not adverbs.
LY_NOUNS = word_set(
    "family supply assembly ally rally reply anomaly monopoly butterfly jelly lily bully belly "
    "holly fly italy july"
)
# Noun-phrase heads too generic to be useful antecedents ("the same", "the rest", "the way").
GENERIC_HEADS = word_set(
    "same other rest first last most least following lot kind sort way fact time moment"
)
# What an expletive "it" is said to be ("it is late", "it was raining", "it's midnight").
TIME_AND_WEATHER_WORDS = word_set(
    """
    late early time dark light cold hot warm sunny cloudy windy raining snowing midnight noon
    night morning evening summer winter spring autumn o'clock
    """
)

# -- the rewriter's ------------------------------------------------------------------------
# Last words that make a name an organisation's, never a person's ("Tata Group", "the
# Clinton Foundation"); words that are also surnames ("Post", "Court", "Union") are left out.
# Compared after edge punctuation is stripped ("Corp." is "corp").
ORGANIZATION_NOUNS = word_set(
    """
    group company corporation corp inc ltd llc plc party university
    college academy association foundation institute committee council commission
    department ministry agency administration bank fund pac organization organisation
    federation alliance league coalition society authority airlines airways motors
    industries holdings enterprises technologies network channel magazine newspaper
    hospital museum campaign congress senate parliament government
    """
)
# A company's legal form, or the generic word its name ends in, which the name may go
# without ("Acme Corp." is Acme, "Tata Group" Tata): the rewriter compares names without it.
LEGAL_FORMS = word_set(
    "corp corporation inc incorporated ltd limited llc plc co company group holdings"
)
# The last words of a company's name that say only "a company" (or what it makes: "General
# Motors", "United Airlines"), which "the firm" and "the maker" say too. More than the legal
# forms: "General Motors" is not "General".
COMPANY_FORMS = LEGAL_FORMS | word_set(
    "enterprises industries technologies motors airlines airways"
)
# Last words that say what kind of thing a name names ("the Clean Power *Plan*", "the
# Lone Star *State*", "Emanuel AME *Church*"): such a name replaces a description only if
# the description's head noun is the same word. Company forms are left out.
TYPE_NOUNS = (ORGANIZATION_NOUNS - COMPANY_FORMS) | word_set(
    """
    plan state church council court ocean sea river lake island city county province
    street avenue square act bill law ordinance rule treaty accord convention conference
    summit war service house list program programme project initiative report festival
    award prize cup station airport bridge tower building center centre hotel school
    temple mosque cathedral stadium park hall road highway movement
    """
)
