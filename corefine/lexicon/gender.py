"""Nouns that tell their referent's gender ("mother", "the king's son").

One list for the rewriter and the rule baseline (they had one each until issue 29: the
rewriter's with every form it accepts, the baseline's with singulars whose plurals it
derived). The lists hold every form, plurals included, since the rewriter looks a head
noun up as written. Where the two differed, each word was decided once, with a test in
tests/lexicon/test_lexicon.py: "bishop" tells no gender (women are bishops in several
churches, and the title "Bishop" was already neutral in both), nor "mummy" (a head noun
"the mummy" is more often the embalmed body than a British mother, who is "Mummy", a
name); "fellow" is a man's (in running text "the poor fellow", "a fellow" is a man; the
learned society's "fellow" is rarer as a head noun); the rest of either list is in this one.
"""

from __future__ import annotations

from corefine.lexicon.words import word_set

MASCULINE_NOUNS = word_set(
    """
    man men boy boys gentleman gentlemen guy guys lad lads fellow fellows
    father fathers dad dads daddy daddies son sons brother brothers husband husbands
    uncle uncles nephew nephews grandfather grandfathers grandson grandsons grandpa grandpas
    father-in-law fathers-in-law son-in-law sons-in-law brother-in-law brothers-in-law
    stepfather stepfathers stepson stepsons boyfriend boyfriends widower widowers
    groom grooms bridegroom bridegrooms
    king kings prince princes emperor emperors duke dukes lord lords sir sirs earl earls
    baron barons viscount viscounts marquis marquess marquesses tsar tsars czar czars
    sultan sultans pope popes
    monk monks priest priests actor actors waiter waiters
    businessman businessmen chairman chairmen congressman congressmen councilman councilmen
    spokesman spokesmen policeman policemen fireman firemen fisherman fishermen
    salesman salesmen sportsman sportsmen statesman statesmen
    """
)
FEMININE_NOUNS = word_set(
    """
    woman women girl girls lady ladies
    mother mothers mom moms mum mums mommy mommies mama mamas daughter daughters
    sister sisters wife wives
    aunt aunts niece nieces grandmother grandmothers granddaughter granddaughters grandma grandmas
    mother-in-law mothers-in-law daughter-in-law daughters-in-law sister-in-law sisters-in-law
    stepmother stepmothers stepdaughter stepdaughters girlfriend girlfriends widow widows
    bride brides
    queen queens princess princesses empress empresses duchess duchesses madam madams
    countess countesses baroness baronesses viscountess viscountesses marquise marchioness
    marchionesses tsarina tsarinas
    nun nuns heroine heroines actress actresses waitress waitresses hostess hostesses
    maid maids
    businesswoman businesswomen chairwoman chairwomen congresswoman congresswomen
    councilwoman councilwomen spokeswoman spokeswomen policewoman policewomen
    """
)
