"""The rule baseline: behaviour on hand-written paragraphs, robustness, speed, corpus smoke.

No scores here on purpose: the baseline's numbers are measured by
``corefine evaluate`` and reported in BENCHMARKS.md, not pinned by tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corefine.document import Cluster, Document
from corefine.lexicon import pronoun
from corefine.resolvers import Resolver, get_resolver
from corefine.resolvers.rules import RuleResolver

RESOLVER = RuleResolver()


def cluster_texts(doc: Document) -> list[list[str]]:
    return [[m.text for m in c.mentions] for c in doc.clusters]


def cluster_of(doc: Document, text: str, nth: int = 0) -> Cluster | None:
    """The cluster holding the ``nth`` mention whose text is ``text`` (None if unclustered)."""
    seen = 0
    for m in doc.mentions:
        if m.text == text:
            if seen == nth:
                return next(c for c in doc.clusters if m in c.mentions)
            seen += 1
    return None


def together(doc: Document, a: str, b: str, nth_a: int = 0, nth_b: int = 0) -> bool:
    ca, cb = cluster_of(doc, a, nth_a), cluster_of(doc, b, nth_b)
    return ca is not None and ca is cb


def check_invariants(doc: Document) -> None:
    doc.validate()
    for c in doc.clusters:
        assert len({m.span for m in c.mentions}) >= 2
        for m in c.mentions:
            assert doc.text[m.start : m.end] == m.text
            assert m.confidence is not None and 0.0 <= m.confidence <= 1.0
        assert c.confidence is None or 0.0 <= c.confidence <= 1.0


# -- the protocol ---------------------------------------------------------------------------


def test_is_a_resolver_named_baseline() -> None:
    assert isinstance(RESOLVER, Resolver)
    assert RESOLVER.name == "baseline"
    assert isinstance(get_resolver("baseline"), RuleResolver)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "Hello.", "It rains."])
def test_trivial_texts_have_no_clusters(text: str) -> None:
    doc = RESOLVER(text)
    assert doc.text == text
    assert doc.clusters == []
    doc.validate()


# -- pronouns ---------------------------------------------------------------------------------


def test_she_and_her_go_to_the_woman_named_before() -> None:
    doc = RESOLVER("Hillary Clinton met reporters. She said her campaign was strong.")
    check_invariants(doc)
    assert together(doc, "Hillary Clinton", "She")
    assert together(doc, "Hillary Clinton", "her")


def test_it_goes_to_the_company() -> None:
    doc = RESOLVER("Acme Corp. said it would cut 200 jobs.")
    assert together(doc, "Acme Corp.", "it")


def test_he_and_she_go_to_the_right_names() -> None:
    doc = RESOLVER("John met Mary in Paris. He gave her a book, and she thanked him.")
    check_invariants(doc)
    assert together(doc, "John", "He") and together(doc, "John", "him")
    assert together(doc, "Mary", "her") and together(doc, "Mary", "she")
    assert not together(doc, "John", "Mary")


def test_gender_from_titles_and_nouns() -> None:
    doc = RESOLVER("Mrs. Dalloway and Mr. Ramsay arrived late. She apologised to the hosts.")
    assert together(doc, "Mrs. Dalloway", "She")
    doc = RESOLVER("His mother was a teacher. She taught music.")
    assert together(doc, "His mother", "She")


def test_first_and_second_person_are_not_clustered() -> None:
    doc = RESOLVER("I told you that we would win. My plan worked, and our team agreed with me.")
    for c in doc.clusters:
        for m in c.mentions:
            p = pronoun(m.text)
            assert p is None or p.person == 3, m


def test_expletive_it_is_left_alone() -> None:
    doc = RESOLVER("The plan failed. It is clear that the board was wrong. It seems odd.")
    assert cluster_of(doc, "It") is None
    assert cluster_of(doc, "It", 1) is None


def test_it_does_not_take_a_person_and_he_does_not_take_a_company() -> None:
    doc = RESOLVER("Microsoft hired John Smith. He said it was a good move.")
    assert together(doc, "John Smith", "He")
    assert not together(doc, "Microsoft", "He")
    assert not together(doc, "John Smith", "it")


def test_reflexive_and_binding() -> None:
    doc = RESOLVER("John Smith hurt himself.")
    assert together(doc, "John Smith", "himself")
    doc = RESOLVER("Peter Jones arrived. David Brown saw him.")
    assert together(doc, "Peter Jones", "him")
    assert not together(doc, "David Brown", "him")


def test_they_goes_to_a_plural_noun_phrase() -> None:
    doc = RESOLVER("The workers went on strike. They demanded higher wages.")
    assert together(doc, "The workers", "They")


# -- names ---------------------------------------------------------------------------------------


def test_names_match_by_surname_and_title() -> None:
    doc = RESOLVER("Lord Byron was born in London. Byron attended Harrow School.")
    assert together(doc, "Lord Byron", "Byron")
    doc = RESOLVER("Bill Clinton and Hillary Clinton spoke. Later, Mrs. Clinton left.")
    assert together(doc, "Hillary Clinton", "Mrs. Clinton")
    assert not together(doc, "Bill Clinton", "Mrs. Clinton")


def test_names_match_by_acronym() -> None:
    doc = RESOLVER("The Democratic National Committee met on Monday. The DNC chose a date.")
    assert together(doc, "The Democratic National Committee", "The DNC")


def test_sentence_initial_words_are_not_names() -> None:
    doc = RESOLVER("Research shows that research matters. Research is hard.")
    assert doc.clusters == []


# -- confidence -----------------------------------------------------------------------------------


def pronoun_confidence(doc: Document, text: str) -> float:
    conf = next(m.confidence for m in doc.mentions if m.text == text)
    assert conf is not None
    return conf


def test_confidence_is_lower_when_candidates_compete() -> None:
    alone = RESOLVER("Mary Smith was tired. She went home.")
    rivals = RESOLVER("Mary Smith met Susan Jones. She went home.")
    assert pronoun_confidence(alone, "She") > pronoun_confidence(rivals, "She")


def test_confidence_is_higher_for_known_gender() -> None:
    known = RESOLVER("Mary Smith was tired. She went home.")
    unknown = RESOLVER("Zorblat Quux was tired. She went home.")
    assert pronoun_confidence(known, "She") > pronoun_confidence(unknown, "She")


def test_links_are_exposed_by_analyse() -> None:
    analysis = RESOLVER.analyse("Hillary Clinton met reporters. She smiled.")
    (link,) = [lk for lk in analysis.links if lk.anaphor.text == "She"]
    assert link.antecedent.text == "Hillary Clinton"
    assert link.rule.startswith("pronoun") and 0 < link.confidence <= 1


# -- robustness --------------------------------------------------------------------------


def _skeleton(text: str) -> tuple[str, list[int]]:
    """Non-space characters with straight quotes, and the index of each in ``text``."""
    straight = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    chars, where = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch.translate(straight))
            where.append(i)
    return "".join(chars), where


def _mapped_clusters(doc: Document) -> set[frozenset[tuple[int, int]]]:
    """Clusters with offsets mapped to positions in the non-space skeleton of the text."""
    _, where = _skeleton(doc.text)
    position = {i: k for k, i in enumerate(where)}
    return {
        frozenset((position[m.start], position[m.end - 1] + 1) for m in c.mentions)
        for c in doc.clusters
    }


def test_spaces_and_curly_quotes_do_not_change_the_clusters() -> None:
    plain = (
        'Hillary Clinton met reporters. She said "her campaign is strong." '
        "The former secretary of state's aides said they agreed with her."
    )
    messy = (
        "Hillary   Clinton met  reporters.\n\nShe said “her campaign is strong.”   "
        "The former   secretary of state’s aides said they agreed with\u00a0her."
    )
    assert _skeleton(plain)[0] == _skeleton(messy)[0]
    a, b = RESOLVER(plain), RESOLVER(messy)
    check_invariants(b)
    assert a.clusters
    assert _mapped_clusters(a) == _mapped_clusters(b)


def test_same_input_same_output() -> None:
    text = "John met Mary in Paris. He gave her a book, and she thanked him."
    assert cluster_texts(RESOLVER(text)) == cluster_texts(RESOLVER(text))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "He",
                "she",
                "it",
                "They",
                "her",
                "Mr.",
                "Smith",
                "John",
                "Acme",
                "Corp.",
                "the",
                "company",
                "said",
                "’s",
                "'s",
                ".",
                ",",
                "“",
                "”",
                "  ",
                "\n\n",
                "of",
                "Bank",
                "America",
                "itself",
                "a",
                "dog",
                "🙂",
            ]
        ),
        max_size=40,
    ),
    st.sampled_from([" ", "", "\t", "\u00a0"]),
)
def test_any_text_gives_a_valid_document(parts: list[str], sep: str) -> None:
    check_invariants(RESOLVER(sep.join(parts)))


def test_a_100k_word_text_runs() -> None:
    paragraph = (
        "Hillary Clinton met reporters in Des Moines on Monday. She said her campaign "
        "would win the state, and the company that runs it agreed. Acme Corp. said it "
        "would hire 200 workers; they start in May. John Smith, who leads the union, "
        "said he was pleased with himself and with the deal. "
    )
    words_per = len(paragraph.split())
    text = paragraph * (100_000 // words_per + 1)
    doc = RESOLVER(text)
    doc.validate()
    assert doc.clusters


# -- corpus smoke ------------------------------------------------------------------------


def _conll_text(path: Path) -> str:
    """Raw text of a 3-column OntoGUM .conll file: its tokens joined by spaces."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1]:
            words.append(cols[1])
    return " ".join(words)


def test_ontogum_dev_texts_validate(shared_data: Path) -> None:
    files = sorted((shared_data / "gum" / "ontogum" / "dev").glob("*.conll"))[::6]
    assert files
    for path in files:
        text = _conll_text(path)
        doc = RESOLVER(text)
        check_invariants(doc)
        assert doc.text == text
        assert doc.clusters, path.name
