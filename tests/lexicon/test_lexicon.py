"""The lexicon package is the one home of corefine's word lists.

Its old import paths still work, there is one ``word_set``, and where the rewriter's
and the rule baseline's lists disagreed each word was decided once, with a test here.
"""

from __future__ import annotations

import pytest

from corefine import lexicon
from corefine.lexicon import gender, number, titles, words
from corefine.resolvers import names as baseline
from corefine.rewriter import words as rewriter_words
from corefine.rewriter.agreement import representative_gender, representative_number
from corefine.rewriter.mentions import Kind


def test_old_import_paths_still_work() -> None:
    from corefine.lexicon import ABBREVIATIONS, Pronoun, keeps_period, pronoun

    he = pronoun("He")
    assert isinstance(he, Pronoun) and he.gender == "m"
    assert "mr" in ABBREVIATIONS and keeps_period("Mr", "Mr. Smith", 3)
    assert rewriter_words.TITLES is lexicon.TITLES
    assert baseline.TITLES is titles.RULE_TITLES
    assert baseline.IRREGULAR_PLURALS is number.IRREGULAR_PLURALS


def test_one_word_set() -> None:
    assert lexicon.word_set is words.word_set
    assert rewriter_words.word_set is words.word_set
    assert baseline.word_set is words.word_set
    assert words.word_set("a  b\n c") == frozenset({"a", "b", "c"})


def _rewriter_title_gender(word: str) -> str | None:
    if word in titles.MASCULINE_TITLES:
        return "m"
    return "f" if word in titles.FEMININE_TITLES else None


def test_a_title_both_lists_know_has_one_gender() -> None:
    both = titles.TITLES & titles.RULE_TITLES
    assert {w: _rewriter_title_gender(w) for w in both} == {
        w: baseline.title_gender(w) for w in both
    }


def test_no_noun_has_both_genders() -> None:
    masculine = gender.MASCULINE_NOUNS | gender.MALE_NOUNS
    feminine = gender.FEMININE_NOUNS | gender.FEMALE_NOUNS
    assert not masculine & feminine


# "Congressman" and "Councilman" were neutral for the baseline and masculine for the
# rewriter: masculine, since a woman in the office is written "Congresswoman".
@pytest.mark.parametrize("title", ["congressman", "councilman"])
def test_man_titles_are_masculine(title: str) -> None:
    assert baseline.title_gender(title) == "m"
    assert representative_gender(f"{title.title()} Smith", Kind.NAME) == "m"


# "Congresswoman", "Councilwoman" and "Chairwoman" were neutral for the baseline and
# feminine for the rewriter: feminine, the compound names the bearer a woman.
@pytest.mark.parametrize("title", ["congresswoman", "councilwoman", "chairwoman"])
def test_woman_titles_are_feminine(title: str) -> None:
    assert baseline.title_gender(title) == "f"
    assert representative_gender(f"{title.title()} Smith", Kind.NAME) == "f"


def test_chairman_tells_no_gender() -> None:
    # Both lists agreed: "Chairman" is the office's name, written for women too.
    assert baseline.title_gender("chairman") is None
    assert representative_gender("Chairman Smith", Kind.NAME) is None


def test_pope_is_masculine() -> None:
    # Masculine for the baseline, neutral for the rewriter: every pope is a man (and the
    # rewriter's own noun list already had "pope" masculine).
    assert baseline.title_gender("pope") == "m"
    assert representative_gender("Pope Smith", Kind.NAME) == "m"


# The irregular plurals differed in "media", "criteria" and "phenomena" (the baseline's
# only): plurals of "medium", "criterion", "phenomenon"; "the media" of news takes "they".
@pytest.mark.parametrize("word", ["media", "criteria", "phenomena"])
def test_greek_and_latin_plurals_are_plural(word: str) -> None:
    assert baseline.is_plural_noun(word)
    assert representative_number(f"the {word}", Kind.NOMINAL) == "pl"
