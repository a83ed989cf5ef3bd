"""ECB+ reader: hand-made fixtures (tests/data/ecbplus), errors, the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from corefine.corpora.ecbplus import (
    ENTITY_TYPES,
    complete_spans,
    parse_ecbplus,
    read_coref_sentences,
    read_ecbplus,
    read_ecbplus_corpus,
)
from corefine.errors import FormatError

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "ecbplus"


def texts(doc_clusters: list) -> list[list[str]]:
    return [[m.text for m in c.mentions] for c in doc_clusters]


def test_coref_sentences_csv() -> None:
    selected = read_coref_sentences(FIXTURES / "ECBplus_coreference_sentences.csv")
    # the header is skipped; "1,2ecb,0 " has a trailing space, as a row of the corpus does
    assert selected == {"1_1ecbplus": frozenset({1, 3}), "1_2ecb": frozenset({0})}


def test_text_is_rebuilt_from_tokens() -> None:
    doc, _ = read_ecbplus_corpus(FIXTURES)
    assert doc.name == "1_1ecbplus"
    assert doc.text == (
        "Jane Doe joins Acme Corp.\n"
        'She said "I am happy" on Monday.\n'
        "The company's chief, who hired her, praised Doe.\n"
        "Doe starts a 90-day job in Boston."
    )
    doc.validate()
    # sentence 0 of an ecbplus file is the page's address, not text
    assert doc.metadata["url"] == "http://example.org/story"
    assert doc.metadata["sentence_numbers"] == [1, 2, 3, 4]
    second = doc.sentences[1]
    assert doc.text[second.start : second.end] == 'She said "I am happy" on Monday.'
    assert [t.text for t in doc.tokens[:6]] == ["Jane", "Doe", "joins", "Acme", "Corp", "."]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.tokens)


def test_clusters_join_both_relation_kinds() -> None:
    doc, _ = read_ecbplus_corpus(FIXTURES)
    assert texts(doc.clusters) == [
        # CROSS_DOC_COREF (Jane Doe, She, Doe) + INTRA (Doe, Doe) + INTRA (her, I, She);
        # markables 10 and 15 cover the same token: one mention
        ["Jane Doe", "She", "I", "her", "Doe", "Doe"],
        ["Acme Corp", "company"],
        ["on Monday"],  # singletons are kept by default
        ["chief", "who"],  # the chain's event markable ("joins") is left out
        ["in Boston"],
    ]
    assert [c.id for c in doc.clusters] == [0, 1, 2, 3, 4]
    # events and durations are no entities; descriptors (no tokens) give no mention
    assert all("90" not in m.text and m.text != "joins" for m in doc.mentions)


def test_drop_singletons_and_entity_types() -> None:
    path = FIXTURES / "xml" / "1" / "1_1ecbplus.xml"
    doc = read_ecbplus(path, drop_singletons=True)
    assert texts(doc.clusters)[1:] == [["Acme Corp", "company"], ["chief", "who"]]
    assert doc.metadata["coref_sentences"] == []  # no CSV given
    people = read_ecbplus(path, entity_types={"HUMAN_PART_PER", "TIME_DURATION"})
    assert texts(people.clusters) == [
        ["Jane Doe", "She", "I", "her", "Doe", "Doe"],
        ["chief", "who"],
        ["90-day"],
    ]
    assert "ACTION_OCCURRENCE" not in ENTITY_TYPES and "HUMAN_PART_GENERIC" not in ENTITY_TYPES


def test_complete_spans() -> None:
    doc, old = read_ecbplus_corpus(FIXTURES)
    assert doc.metadata["coref_sentences"] == [1, 3]
    assert [doc.text[s:e] for s, e in complete_spans(doc)] == [
        "Jane Doe joins Acme Corp.",
        "The company's chief, who hired her, praised Doe.",
    ]
    # an ECB (not ECB+) file: sentence 0 is text, and may be a complete sentence
    assert old.name == "1_2ecb"
    assert old.text == "Mr. Smith left.\nHe wasn't there."
    assert "url" not in old.metadata
    assert [old.text[s:e] for s, e in complete_spans(old)] == ["Mr. Smith left."]
    assert texts(old.clusters) == [["Mr. Smith", "He"]]


def test_errors() -> None:
    with pytest.raises(FormatError, match="XML"):
        parse_ecbplus("<Document><token", "1_1ecb")
    bad = '<Document><token t_id="1">x</token></Document>'
    with pytest.raises(FormatError, match="sentence"):
        parse_ecbplus(bad, "1_1ecb")
    with pytest.raises(FormatError, match=r"ECBplus_coreference_sentences\.csv"):
        read_ecbplus_corpus(FIXTURES / "xml")


def test_empty_token_and_spaces_inside_a_token() -> None:
    xml = (
        '<Document><token t_id="1" sentence="0" number="0">New\tYork</token>'
        '<token t_id="2" sentence="0" number="1"></token>'
        '<token t_id="3" sentence="0" number="2">grows</token>'
        '<Markables><LOC_GEO m_id="1"><token_anchor t_id="1"/></LOC_GEO>'
        '<LOC_GEO m_id="2"><token_anchor t_id="2"/></LOC_GEO></Markables>'
        "<Relations/></Document>"
    )
    doc = parse_ecbplus(xml, "2_1ecb")
    assert doc.text == "New York grows"
    assert [t.text for t in doc.tokens] == ["New York", "grows"]
    assert texts(doc.clusters) == [["New York"]]  # the empty token's markable is gone


def test_shared_corpus(shared_data: Path) -> None:
    docs = read_ecbplus_corpus(shared_data / "ecbplus")
    assert len(docs) == 982
    for doc in docs:
        doc.validate()
    lohan = next(d for d in docs if d.name == "1_10ecbplus")
    assert lohan.text.startswith("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\n")
    assert lohan.metadata["coref_sentences"] == [1, 3]
    first = [m.text for m in lohan.clusters[0].mentions]
    assert first[:4] == ["Lindsay Lohan", "her", "Lindsay Lohan", "Lohan"]
    assert sum(1 for d in docs if d.metadata["coref_sentences"]) == 976
    chains = sum(1 for d in docs for c in d.clusters if len(c.mentions) > 1)
    assert chains > 2000  # 2,192 on 2026-12-07


def test_spacing_of_times_and_colons() -> None:
    forms = ["At", "1", ":", "30", ":", "he", "left", ":", "fast", "."]
    tokens = "".join(
        f'<token t_id="{i}" sentence="0" number="{i}">{w}</token>' for i, w in enumerate(forms)
    )
    doc = parse_ecbplus(f"<Document>{tokens}</Document>", "1_1ecb")
    assert doc.text == "At 1:30: he left: fast."
