"""Gender-swapped training copies: the same clusters on the same tokens, valid offsets,
every gendered word of the other gender, names consistent within a document.

``training.gender_swap`` needs no torch, so these run in CI."""

from __future__ import annotations

import random
from pathlib import Path

from corefine.corpora.conll2012 import read_conll
from corefine.corpora.conllu import read_conllu
from corefine.document import Cluster, Document
from corefine.lexicon.gender import FEMININE_NOUNS, MASCULINE_NOUNS
from corefine.lexicon.titles import FEMININE_TITLES, MASCULINE_TITLES
from corefine.tokenizer import make_document
from training.data import conllu_heads, conllu_xpos
from training.gender_swap import NOUN_PAIRS, TITLE_PAIRS, swap_genders


def doc_with(text: str, *clusters: list[str]) -> Document:
    """``text`` tokenized by corefine, with clusters of the first occurrences of words
    (``"Tom#2"``: the second occurrence)."""
    doc = make_document(text)
    out = []
    for cid, words in enumerate(clusters):
        mentions = []
        for w in words:
            word, _, nth = w.partition("#")
            start = -1
            for _ in range(int(nth or 1)):
                start = text.index(word, start + 1)
            mentions.append(doc.mention(start, start + len(word)))
        out.append(Cluster(cid, mentions))
    doc.clusters = out
    return doc


def structure(doc: Document) -> list[list[tuple[int, int]]]:
    """Clusters as token ranges: what a swap must keep."""
    return [[doc.token_range(m.start, m.end) for m in c.mentions] for c in doc.clusters]


def check(before: Document, after: Document) -> None:
    after.validate()
    assert len(after.tokens) == len(before.tokens)
    assert structure(after) == structure(before)
    assert [(s.token_start, s.token_end) for s in after.sentences] == [
        (s.token_start, s.token_end) for s in before.sentences
    ]
    # text between tokens is unchanged
    gaps = [
        before.text[a.end : b.start] for a, b in zip(before.tokens, before.tokens[1:], strict=False)
    ]
    new_gaps = [
        after.text[a.end : b.start] for a, b in zip(after.tokens, after.tokens[1:], strict=False)
    ]
    assert new_gaps == gaps


def test_pronouns_by_the_next_word() -> None:
    doc = doc_with(
        "He gave her the book. Her mother saw him with his dog; the dog is his. "
        "She said she loved herself, and the hat was hers.",
        ["He", "him", "his", "his#2"],
        ["her", "Her", "She", "she", "herself", "hers"],
    )
    out = swap_genders(doc, random.Random(0))
    assert out.text == (
        "She gave him the book. His father saw her with her dog; the dog is hers. "
        "He said he loved himself, and the hat was his."
    )
    check(doc, out)
    assert [m.text for m in out.clusters[0].mentions] == ["She", "her", "her", "hers"]
    assert out.metadata["gender_swapped"] == 11  # "mother" too


def test_her_by_part_of_speech_where_the_corpus_has_it() -> None:
    doc = doc_with("I let her go and met her brother.", ["her", "her#2"])
    # by the next word alone "go" reads as an object's verb, "brother" as a noun
    assert swap_genders(doc, random.Random(0)).text == "I let him go and met his sister."
    tags = ["PRP", "VBD", "PRP$", "NN", "CC", "VBD", "PRP", "NN", "."]  # deliberately odd
    assert swap_genders(doc, random.Random(0), tags).text == "I let his go and met him sister."


def test_nouns_titles_and_names_consistently() -> None:
    text = (
        "Mr. John Smith met Queen Mary and her husband. John thanked the man, "
        "and Mary thanked Lady Russell. Sir Walter Elliot stayed at Kellynch Hall. Yes, sir."
    )
    doc = doc_with(
        text,
        ["Mr. John Smith", "John#2"],
        ["Queen Mary", "her", "Mary#2"],
        ["Lady Russell"],
        ["Sir Walter Elliot"],
        ["Kellynch Hall"],
    )
    rng = random.Random(3)
    out = swap_genders(doc, rng)
    check(doc, out)
    names = out.metadata["swapped_names"]
    # not Russell (a surname after a title), not Hall (after a capitalised word); Mary after
    # a title is not in a first name's place, but her other mention is: swapped everywhere
    assert set(names) == {"john", "mary", "walter"}
    john, mary, walter = (names[n].capitalize() for n in ("john", "mary", "walter"))
    assert out.text == (
        f"Mrs. {john} Smith met King {mary} and his wife. {john} thanked the woman, "
        f"and {mary} thanked Lord Russell. Dame {walter} Elliot stayed at Kellynch Hall. "
        "Yes, madam."
    )
    assert len({john, mary, walter}) == 3
    assert not {john, mary, walter} & {"John", "Mary", "Walter", "Smith", "Russell"}
    # the draw is seeded
    assert swap_genders(doc, random.Random(3)).text == out.text


def test_surnames_and_rare_names() -> None:
    text = "John Smith came. Smith said so. Britney sang. Britney left. Barack Obama waved."
    doc = doc_with(text, ["John Smith", "Smith#2"], ["Britney", "Britney#2"], ["Barack Obama"])
    out = swap_genders(doc, random.Random(0))
    check(doc, out)
    # Smith follows a first name: a surname. Britney is only in the long baby-name list and
    # never stands before another name here: not swapped. Barack is a common name.
    assert set(out.metadata["swapped_names"]) == {"john", "barack"}
    assert "Smith said so. Britney sang. Britney left." in out.text
    spears = doc_with("Britney Spears sang. Britney left.", ["Britney Spears", "Britney#2"])
    assert set(swap_genders(spears, random.Random(0)).metadata["swapped_names"]) == {"britney"}


def test_case_and_mentions_inside_changed_words_keep_their_edges() -> None:
    doc = doc_with("HE SAID HIS NAME. He left.", ["HE", "HIS", "He"])
    out = swap_genders(doc, random.Random(0))
    assert out.text == "SHE SAID HER NAME. She left."
    check(doc, out)
    assert [m.text for m in out.clusters[0].mentions] == ["SHE", "HER", "She"]


def test_pairs_are_lexicon_words() -> None:
    for m, f in NOUN_PAIRS.items():
        assert m in MASCULINE_NOUNS, m
        assert f in FEMININE_NOUNS | FEMININE_TITLES, f
    for m, f in TITLE_PAIRS.items():
        assert m in MASCULINE_TITLES | MASCULINE_NOUNS, m
        assert f in FEMININE_TITLES | FEMININE_NOUNS | {"mother"}, f


def test_corpus_documents_keep_their_clusters(shared_data: Path) -> None:
    gum = shared_data / "gum" / "ontogum" / "train" / "GUM_bio_galois.conllu"
    (doc,) = read_conllu(gum)
    tags = conllu_xpos(gum)[doc.name]
    assert len(tags) == len(doc.tokens) == len(conllu_heads(gum)[doc.name])
    out = swap_genders(doc, random.Random(1), tags)
    check(doc, out)
    assert "his expulsion" in doc.text and "her expulsion" in out.text
    assert "January" in out.text  # a month is no name
    novel = sorted((shared_data / "litbank" / "train").glob("*.conll"))[0]
    (doc,) = read_conll(novel, drop_singletons=True)
    out = swap_genders(doc, random.Random(1))
    check(doc, out)
    assert out.metadata["gender_swapped"] > 100
