"""Nouns that tell their referent's gender ("mother", "the king's son").

Two sets of lists: the rewriter's (``MASCULINE_NOUNS``, ``FEMININE_NOUNS``: every form
it accepts, plurals included) and the rule baseline's (``MALE_NOUNS``, ``FEMALE_NOUNS``:
singulars, whose plurals the baseline derives). No noun has one gender in one list and
the other in the other (tests/lexicon/test_lexicon.py).
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

# The rewriter's.
MASCULINE_NOUNS = word_set(
    "man men boy boys gentleman gentlemen guy guys father fathers dad daddy son sons "
    "brother brothers husband husbands uncle uncles nephew nephews grandfather grandfathers "
    "grandson grandsons grandpa king kings prince princes emperor emperors duke dukes lord "
    "lords sir monk monks priest priests bishop bishops pope boyfriend boyfriends widower "
    "stepfather stepson actor actors waiter waiters businessman businessmen chairman "
    "congressman congressmen spokesman spokesmen policeman policemen fireman firemen "
    "marquis marquess earl earls baron barons viscount tsar czar sultan"
)
FEMININE_NOUNS = word_set(
    "woman women girl girls lady ladies mother mothers mom moms mum mums mommy mama "
    "daughter daughters sister sisters wife wives aunt aunts niece nieces grandmother "
    "grandmothers granddaughter granddaughters grandma queen queens princess princesses "
    "empress duchess duchesses madam nun nuns girlfriend girlfriends widow widows "
    "stepmother stepdaughter actress actresses waitress waitresses businesswoman "
    "businesswomen chairwoman congresswoman spokeswoman policewoman "
    "marquise marchioness countess countesses baroness baronesses viscountess tsarina"
)

# The rule baseline's.
MALE_NOUNS = word_set(
    """
    man boy father son husband brother king uncle nephew gentleman actor prince grandfather
    grandson guy sir monk dad daddy boyfriend lord duke emperor businessman chairman spokesman
    congressman councilman fisherman policeman salesman sportsman statesman widower groom
    bridegroom stepfather stepson father-in-law son-in-law brother-in-law fellow lad priest
    """
)
FEMALE_NOUNS = word_set(
    """
    woman girl mother daughter wife sister queen aunt niece lady actress princess grandmother
    granddaughter mom mum mommy mummy girlfriend duchess empress businesswoman chairwoman
    spokeswoman congresswoman councilwoman policewoman widow bride stepmother stepdaughter
    mother-in-law daughter-in-law sister-in-law nun heroine waitress hostess madam maid
    """
)
