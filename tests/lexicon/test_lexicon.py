"""The lexicon package is the one home of corefine's word lists.

The modules that had lists of their own now import the lexicon's, there is one
``word_set``, and where the rewriter's and the rule baseline's lists disagreed each word
was decided once, with a test here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from corefine import lexicon
from corefine.document import Document
from corefine.eval.gap import GAP_PRONOUNS
from corefine.lexicon import closed_classes, gender, nouns, number, pronouns, titles, verbs, words
from corefine.model import features
from corefine.resolvers import mentions as baseline_mentions
from corefine.resolvers import names as baseline
from corefine.resolvers.mentions import RuleMention, detect_mentions
from corefine.resolvers.rules import RuleResolver
from corefine.rewriter import agreement
from corefine.rewriter.agreement import representative_gender, representative_number
from corefine.rewriter.binding import bound_by_subject
from corefine.rewriter.mentions import Kind
from corefine.rewriter.representative import _head_words
from corefine.tokenizer import make_document

PACKAGE = Path(lexicon.__file__).resolve().parents[1]


def test_the_lexicon_exports() -> None:
    from corefine.lexicon import ABBREVIATIONS, Pronoun, keeps_period, pronoun

    he = pronoun("He")
    assert isinstance(he, Pronoun) and he.gender == "m"
    assert "mr" in ABBREVIATIONS and keeps_period("Mr", "Mr. Smith", 3)
    assert set(lexicon.__all__) <= set(dir(lexicon))


def test_the_old_homes_use_the_lexicons_lists() -> None:
    # rules.py imports this one from the mention finder, as before
    assert baseline_mentions.FUNCTION_WORDS is lexicon.FUNCTION_WORDS
    assert agreement.ORGANIZATION_NOUNS is lexicon.ORGANIZATION_NOUNS
    assert features.NON_ANAPHORS is lexicon.NON_ANAPHORS


_OUTSIDE_THE_LEXICON = sorted(
    str(path.relative_to(PACKAGE))
    for path in PACKAGE.rglob("*.py")
    if path.relative_to(PACKAGE).parts[0] != "lexicon"
)


def _words_in_a_set(node: ast.AST) -> list[str]:
    """The lower-case words of a set display or of a frozenset()/set() call on literals."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id not in ("frozenset", "set") or not node.args:
            return []
        node = node.args[0]
    elif not isinstance(node, ast.Set):
        return []
    if not isinstance(node, ast.Set | ast.List | ast.Tuple):
        return []
    values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return [v for v in values if isinstance(v, str) and v.isalpha() and v.islower()]


# No module but the lexicon writes a word list: none calls word_set, and no module-level set
# holds English words (two or more lower-case words in a set literal or frozenset()).
@pytest.mark.parametrize("module", _OUTSIDE_THE_LEXICON)
def test_no_word_list_outside_the_lexicon(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        name = getattr(node, "func", None)
        assert not (isinstance(name, ast.Name) and name.id == "word_set"), (
            f"{module}:{getattr(node, 'lineno', '?')} writes a word list"
        )
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            for value in ast.walk(node.value):
                assert len(_words_in_a_set(value)) < 2, f"{module}:{node.lineno} lists words"


def test_rewriter_words_module_is_gone() -> None:
    # It only re-exported the lexicon's lists, and nothing imported it.
    assert not (PACKAGE / "rewriter" / "words.py").exists()


def test_one_word_set() -> None:
    assert lexicon.word_set is words.word_set
    assert words.word_set("a  b\n c") == frozenset({"a", "b", "c"})


# -- titles: one list -------------------------------------------------------------------------


def _baseline_name(text: str) -> RuleMention:
    doc: Document = make_document(f"We met {text} there.")
    found = [m for m in detect_mentions(doc) if m.kind == "name"]
    assert len(found) == 1, [m.key for m in found]
    return found[0]


def test_every_title_has_one_gender_for_both() -> None:
    for title in titles.TITLES:
        said = representative_gender(f"{title} Smith", Kind.NAME)
        assert baseline.title_gender(title) == said, title


def test_gendered_titles_are_titles_of_no_gender_too() -> None:
    assert not titles.MASCULINE_TITLES & titles.FEMININE_TITLES
    assert not titles.PERSON_TITLES & (titles.MASCULINE_TITLES | titles.FEMININE_TITLES)
    assert titles.WEAK_TITLES <= titles.TITLES and titles.OF_TITLES <= titles.TITLES


# "Congressman" and "Councilman" were neutral for the baseline and masculine for the
# rewriter: masculine, since a woman in the office is written "Congresswoman". The
# rewriter's "Assemblyman", "Alderman" (and "Marquis") are the baseline's now too.
@pytest.mark.parametrize("title", ["congressman", "councilman", "assemblyman", "alderman"])
def test_man_titles_are_masculine(title: str) -> None:
    assert baseline.title_gender(title) == "m"
    assert representative_gender(f"{title.title()} Smith", Kind.NAME) == "m"


# "Congresswoman", "Councilwoman" and "Chairwoman" were neutral for the baseline and
# feminine for the rewriter: feminine, the compound names the bearer a woman; so are the
# rewriter's "Assemblywoman", "Alderwoman" and "Spokeswoman", the baseline's now too.
@pytest.mark.parametrize(
    "title",
    ["congresswoman", "councilwoman", "chairwoman", "assemblywoman", "alderwoman", "spokeswoman"],
)
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


# The baseline's only: monarchs' titles and foreign honorifics tell the sex as surely as
# "King" and "Mr." do; the rewriter reads them now.
@pytest.mark.parametrize(
    ("title", "sex"),
    [
        ("emperor", "m"),
        ("tsar", "m"),
        ("czar", "m"),
        ("sultan", "m"),
        ("monsieur", "m"),
        ("herr", "m"),
        ("señor", "m"),
        ("senor", "m"),
        ("empress", "f"),
        ("madame", "f"),
        ("mme.", "f"),
        ("mademoiselle", "f"),
        ("frau", "f"),
        ("señora", "f"),
        ("senora", "f"),
    ],
)
def test_monarchs_and_honorifics_tell_the_sex(title: str, sex: str) -> None:
    assert representative_gender(f"{title.title()} Dupont", Kind.NAME) == sex
    assert baseline.title_gender(title) == sex


# The baseline's only: a cleric's "Father", "Brother", "Sister" before a name ("Sister
# Helen Prejean") tells the sex; at a sentence start they stay weak (ordinary words) for
# the baseline.
@pytest.mark.parametrize(("title", "sex"), [("father", "m"), ("brother", "m"), ("sister", "f")])
def test_clerics_titles_tell_the_sex(title: str, sex: str) -> None:
    assert representative_gender(f"{title.title()} Helen Smith", Kind.NAME) == sex
    assert title in titles.WEAK_TITLES
    name = _baseline_name(f"{title.title()} Mary Jones")
    assert (name.key, name.gender) == ("mary jones", sex)


def test_don_is_a_first_name_not_a_title() -> None:
    # The baseline's "Don" was a (weak) masculine title, which the rewriter did not have:
    # in English text it is a first name ("Don Lemon", "Don Jr."), which tells "m" too, and
    # a name is not written without it.
    assert "don" not in titles.TITLES
    name = _baseline_name("Don Smith")
    assert (name.key, name.gender) == ("don smith", "m")


# The rewriter's only: offices written before a name. The baseline now leaves them out of
# the key it matches names on ("Sheriff John Smith" is John Smith).
@pytest.mark.parametrize(
    "title",
    [
        "attorney",
        "chairperson",
        "doctor",
        "imam",
        "premier",
        "president-elect",
        "rabbi",
        "sheikh",
        "sheriff",
        "speaker",
        "spokesman",
        "spokesperson",
    ],
)
def test_offices_the_rewriter_knew_are_the_baselines_titles(title: str) -> None:
    name = _baseline_name(f"{title.title()} John Smith")
    assert name.key == "john smith"
    assert baseline.title_gender(title) is None


# The baseline's only: military and honorific titles; the rewriter now writes a name
# without them and reads them as a person's, of no gender.
@pytest.mark.parametrize(
    "title",
    [
        "admiral",
        "adm.",
        "commander",
        "cmdr.",
        "lieutenant",
        "lt.",
        "inspector",
        "archbishop",
        "hon.",
    ],
)
def test_military_and_honorific_titles_are_the_rewriters_titles(title: str) -> None:
    assert title in titles.PERSON_TITLES
    assert representative_gender(f"{title.title()} Smith", Kind.NAME) is None


# -- gendered nouns: one list -------------------------------------------------------------------


def test_both_read_every_gendered_noun_alike() -> None:
    for noun, sex in [(n, "m") for n in gender.MASCULINE_NOUNS] + [
        (n, "f") for n in gender.FEMININE_NOUNS
    ]:
        assert baseline.noun_gender(noun) == sex, noun
        assert representative_gender(f"the {noun}", Kind.NOMINAL) == sex, noun


def test_no_noun_has_both_genders() -> None:
    assert not gender.MASCULINE_NOUNS & gender.FEMININE_NOUNS


# The baseline's only, now the rewriter's too (the rewriter looks the form up as written).
@pytest.mark.parametrize(
    ("noun", "sex"),
    [
        ("groom", "m"),
        ("bridegroom", "m"),
        ("lad", "m"),
        ("fellow", "m"),
        ("fisherman", "m"),
        ("statesmen", "m"),
        ("councilman", "m"),
        ("son-in-law", "m"),
        ("bride", "f"),
        ("heroine", "f"),
        ("hostess", "f"),
        ("maid", "f"),
        ("councilwoman", "f"),
        ("mother-in-law", "f"),
    ],
)
def test_baseline_nouns_tell_the_rewriter_the_sex(noun: str, sex: str) -> None:
    assert representative_gender(f"the {noun}", Kind.NOMINAL) == sex


# The rewriter's only, now the baseline's too (titled nobility, monarchs, family words).
@pytest.mark.parametrize(
    ("noun", "sex"),
    [
        ("waiter", "m"),
        ("earl", "m"),
        ("baron", "m"),
        ("viscount", "m"),
        ("marquess", "m"),
        ("sultan", "m"),
        ("pope", "m"),
        ("grandpa", "m"),
        ("countess", "f"),
        ("baroness", "f"),
        ("marchioness", "f"),
        ("tsarina", "f"),
        ("grandma", "f"),
        ("mama", "f"),
        ("wives", "f"),
        ("princesses", "f"),
    ],
)
def test_rewriter_nouns_tell_the_baseline_the_sex(noun: str, sex: str) -> None:
    assert baseline.noun_gender(noun) == sex


def test_bishop_tells_no_gender() -> None:
    # Masculine for the rewriter only: women are bishops in several churches (Anglican,
    # Episcopal, Lutheran, Methodist), and the title "Bishop" was neutral in both lists.
    assert representative_gender("the bishop", Kind.NOMINAL) is None
    assert baseline.noun_gender("bishop") is None
    assert baseline.title_gender("bishop") is None


def test_mummy_tells_no_gender() -> None:
    # Feminine for the baseline only: the head noun "the mummy" is more often the embalmed
    # body than a mother, whom British English calls "Mummy", a name.
    assert baseline.noun_gender("mummy") is None
    assert representative_gender("the mummy", Kind.NOMINAL) is None


# -- number -------------------------------------------------------------------------------------


# The irregular plurals differed in "media", "criteria" and "phenomena" (the baseline's
# only): plurals of "medium", "criterion", "phenomenon"; "the media" of news takes "they".
@pytest.mark.parametrize("word", ["media", "criteria", "phenomena"])
def test_greek_and_latin_plurals_are_plural(word: str) -> None:
    assert baseline.is_plural_noun(word)
    assert representative_number(f"the {word}", Kind.NOMINAL) == "pl"


# "news", "series", "politics"... were singular for the baseline and numberless for the
# rewriter: they take either number ("two series are"; "his politics are"), so the rewriter
# reads them as unknown, and the baseline, which must choose, as singular, as before.
@pytest.mark.parametrize("word", ["news", "series", "species", "means", "politics", "ethics"])
def test_numberless_words_are_unknown_or_singular(word: str) -> None:
    assert word in number.NUMBERLESS_S_WORDS and word in number.SINGULAR_S_WORDS
    assert representative_number(f"the {word}", Kind.NOMINAL) is None
    assert not baseline.is_plural_noun(word)


# The rewriter's only numberless words that a reader who must choose reads by their ending.
@pytest.mark.parametrize("word", ["headquarters", "states"])
def test_numberless_words_that_end_as_plurals(word: str) -> None:
    assert representative_number(f"the {word}", Kind.NOMINAL) is None
    assert baseline.is_plural_noun(word)


# The baseline's singular -s words that no ending rule catches: the rewriter read "the lens"
# as plural; it is singular.
@pytest.mark.parametrize("word", ["gas", "lens", "plus", "chaos"])
def test_singular_s_words_are_singular(word: str) -> None:
    assert representative_number(f"the {word}", Kind.NOMINAL) == "sg"
    assert not baseline.is_plural_noun(word)


# -- closed classes -----------------------------------------------------------------------------


def test_the_baselines_determiners_are_the_lexicons() -> None:
    # Not "that" (a conjunction or relative as often) nor "whose" (a relative): the baseline
    # starts no noun phrase with them.
    assert {"that", "whose"} == closed_classes.DETERMINERS - closed_classes.NP_DETERMINERS


# The baseline's name joiners were the rewriter's name particles but "des", "do", "dos",
# "les", "y", "el", "zu" ("Banco do Brasil", "José Ortega y Gasset"): one list of particles,
# which join a name for both.
def test_one_list_of_name_particles() -> None:
    assert closed_classes.NAME_PARTICLES | {"of"} == closed_classes.NAME_JOINERS
    assert closed_classes.NAME_PARTICLES < closed_classes.NAME_FUNCTION_WORDS
    assert _baseline_name("José Ortega y Gasset").key == "josé ortega y gasset"
    assert _baseline_name("Maria dos Santos").key == "maria dos santos"


def test_function_words_kept_apart_from_the_language_checks() -> None:
    # Not merged: the language check's thresholds (corefine/language.py) were measured with
    # its own, shorter list of frequent words, which also holds "said", no function word.
    assert "said" in lexicon.ENGLISH_FUNCTION_WORDS and "said" not in lexicon.FUNCTION_WORDS


def test_coordinators_are_the_conjunctions_that_join_noun_phrases() -> None:
    # The rewriter's own "and or nor but": a list of names, not one name. "for", "so" and
    # "yet" join clauses only.
    assert closed_classes.COORDINATORS < closed_classes.CONJUNCTIONS
    assert not {"for", "so", "yet"} & closed_classes.COORDINATORS


def test_acronyms_skip_fewer_words_than_names_hold() -> None:
    # Kept apart from NAME_FUNCTION_WORDS: a particle that starts a name keeps its letter in
    # the acronym ("Al Qaeda in the Arabian Peninsula", AQAP).
    assert closed_classes.ACRONYM_SKIPPED_WORDS < closed_classes.NAME_FUNCTION_WORDS
    assert "al" not in closed_classes.ACRONYM_SKIPPED_WORDS


def test_the_model_skips_the_same_function_words() -> None:
    # Moved from corefine/model/features.py unchanged: what the shipped model was trained with.
    dropped = {"this", "these", "those", "that", "past"}
    expected = (
        lexicon.ARTICLES | lexicon.PREPOSITIONS | lexicon.CONJUNCTIONS | lexicon.AUXILIARIES
    ) - dropped
    assert expected == closed_classes.NON_ANAPHORS


# The baseline's clause breaks lacked "what", which the rewriter's binding rule had: "what"
# opens an embedded clause as "who" and "whether" do, so a pronoun after it may be the
# subject before it ("John asked what he should do": he is John).
@pytest.mark.parametrize("text", ["John asked what he should do.", "John knew what he wanted."])
def test_what_opens_a_clause_for_the_baseline(text: str) -> None:
    assert "what" in closed_classes.WH_WORDS <= closed_classes.CLAUSE_BREAKS
    links = RuleResolver().analyse(text).links
    assert [(link.anaphor.text, link.antecedent.text) for link in links] == [("he", "John")]


# -- pronouns -----------------------------------------------------------------------------------


def test_binding_reads_its_pronoun_forms_off_the_table() -> None:
    # The rewriter's binding rule wrote "him her them it" and "he she they" itself.
    assert {"him", "her", "them", "it"} == pronouns.OBJECT_PRONOUNS
    assert {"he", "she", "they"} == pronouns.SUBJECT_PRONOUNS


def test_gap_pronouns_agree_with_the_table() -> None:
    # The GAP scorer's own list stays in corefine/eval/gap.py, verbatim from the official
    # scorer so that the scores compare; it is the table's gendered third-person forms.
    table = {
        p.form: {"m": "masculine", "f": "feminine"}[p.gender]
        for p in lexicon.PRONOUNS.values()
        if p.third_person and p.gender in ("m", "f") and not p.reflexive
    }
    assert table == GAP_PRONOUNS


# The baseline's acronym list lacked the rewriter's "ME": in mixed-case text a capitalised
# "ME" is Maine's postal code (or another abbreviation), not a shouted "me", as "US" and
# "IT" are names and not "us" and "it".
def test_me_in_capitals_is_an_acronym_for_both() -> None:
    assert "ME" in pronouns.PRONOUN_ACRONYMS
    doc = make_document("She moved to Portland, ME, in May.")
    assert ("me", "name") in [(m.key, m.kind) for m in detect_mentions(doc)]


# -- verbs --------------------------------------------------------------------------------------


def test_every_reporting_verb_takes_a_clause() -> None:
    # Two lists for two uses (lexicon/verbs.py): the baseline's reporting verbs link the
    # pronoun after them to their subject; the rewriter's clause-taking verbs only say it
    # may be a new clause's subject. Every reporting verb is a clause-taking verb.
    assert verbs.REPORTING_VERBS < verbs.CLAUSE_TAKING_VERBS
    assert {"know", "find", "show", "mean"} <= verbs.CLAUSE_TAKING_VERBS - verbs.REPORTING_VERBS


# The rewriter's clause-taking verbs lacked the baseline's "told", "reported", "explained",
# "confirmed", "decided", "wrote" (and their other forms): each takes a clause, whose
# subject "it" is the company's own, not the verb's object.
@pytest.mark.parametrize(
    "text",
    [
        "Acme told reporters it would close.",
        "Acme reported Monday it had lost money.",
        "Acme confirmed it would close.",
        "Acme decided it would close.",
        "Acme wrote it would close.",
        "Acme explains it will close.",
    ],
)
def test_it_after_a_reporting_verb_is_not_its_object(text: str) -> None:
    start = text.index(" it ") + 1
    it = lexicon.pronoun("it")
    assert it is not None
    assert not bound_by_subject(text, it, start, False, [(0, 4)])


def test_an_object_pronoun_after_a_plain_verb_is_still_bound() -> None:
    text = "Acme sued it."
    it = lexicon.pronoun("it")
    assert it is not None and bound_by_subject(text, it, text.index("it"), False, [(0, 4)])


# -- company words ------------------------------------------------------------------------------


def test_legal_forms_are_company_forms_a_name_may_drop() -> None:
    # Two lists (lexicon/nouns.py): a name drops its legal form ("Acme Corp." is Acme) but
    # not a business word ("General Motors" is not "General"); both say only "a company".
    assert nouns.LEGAL_FORMS < nouns.COMPANY_FORMS
    assert not nouns.COMPANY_FORMS & nouns.TYPE_NOUNS
    assert _head_words("Acme Corp.") == ["acme"]
    assert _head_words("Acme Incorporated") == ["acme"]
    assert _head_words("General Motors") == ["general", "motors"]
