"""Partly annotated documents (ECB+): which words get an antecedent loss, and against
which candidates.

ECB+ annotates within-document coreference completely only in listed sentences, so a
word elsewhere is neither a positive nor a negative. ``training.data`` needs no torch, so
these run in CI; ``training.train.masked_cluster_loss`` only turns these masks into a
loss."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corefine.corpora.ecbplus import read_ecbplus_corpus
from corefine.model.alignment import load_tokenizer
from corefine.model.config import ModelConfig
from training.data import load_ecbplus_examples, make_ecbplus_example, masked_targets

ASSETS = Path(__file__).resolve().parents[2] / "corefine" / "model" / "assets"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "ecbplus"


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(ASSETS / "tokenizer.json")


def every_earlier_word(n: int) -> np.ndarray:
    """A top-k that holds every word (columns at or after the row are padding)."""
    return np.tile(np.arange(n), (n, 1))


def test_two_complete_sentences_out_of_four() -> None:
    # sentences: words 0-1 | 2-3 | 4-5 | 6-7; complete: the second and the fourth
    complete = np.array([0, 0, 1, 1, 0, 0, 1, 1], dtype=bool)
    cluster = np.array([0, -1, 0, 1, -1, 1, 0, 1])  # word 0 and 5 are outside
    rows = (cluster >= 0) & complete
    words, gold, allowed = masked_targets(cluster, every_earlier_word(8), rows, complete)
    assert words.tolist() == [2, 3, 6, 7]
    # columns: dummy, then words 0..7
    allowed_words = [np.flatnonzero(a[1:]).tolist() for a in allowed]
    gold_words = [np.flatnonzero(g[1:]).tolist() for g in gold]
    assert allowed_words == [[], [2], [2, 3], [2, 3, 6]]
    assert gold_words == [[], [], [2], [3]]
    # word 2's antecedent (word 0) lies outside: it is not scored, and the dummy stands for
    # "none of the complete sentences' words"; the same for word 3 against word 2
    assert gold[:, 0].tolist() == [True, True, False, False]
    assert allowed[:, 0].all()
    # word 6 (cluster 0) is never scored against word 0 (its cluster, outside) or word 5
    # (another cluster's unannotated-sentence mention), nor word 7 against word 5
    assert not allowed[2, 1 + 0] and not allowed[2, 1 + 5] and not allowed[3, 1 + 5]


def test_a_small_top_k_and_padding() -> None:
    complete = np.ones(4, dtype=bool)
    cluster = np.array([0, 0, -1, 0])
    top = np.array([[1, 2], [0, 2], [1, 0], [2, 1]])  # row 0: only padding
    words, gold, allowed = masked_targets(cluster, top, cluster >= 0, complete)
    assert words.tolist() == [0, 1, 3]
    assert allowed.tolist() == [[True, False, False], [True, True, False], [True, True, True]]
    assert gold.tolist() == [[True, False, False], [False, True, False], [False, False, True]]


def test_ecbplus_example_rows_and_candidates(tokenizer) -> None:
    gold = read_ecbplus_corpus(FIXTURES)[0]
    ex = make_ecbplus_example(gold, tokenizer, ModelConfig())
    assert ex is not None and ex.rows is not None and ex.candidates is not None
    assert ex.genre == "news"
    # the text ends with the last complete sentence: sentence 4 could only be context
    assert ex.doc.text.endswith("praised Doe.") and "Boston" not in ex.doc.text
    assert all(m.end <= len(ex.doc.text) for m in ex.gold.mentions)
    words = [t.text for t in ex.doc.tokens]
    # rows: the heads of the entity mentions of the complete sentences 1 and 3
    assert [words[i] for i in np.flatnonzero(ex.rows)] == [
        *("Doe", "Corp.", "company", "chief", "her", "Doe"),  # corefine keeps "Corp." whole
    ]
    # candidates: every word of those sentences, nothing of sentences 2 and 4
    complete = {
        1: "Jane Doe joins Acme Corp.",
        3: "The company's chief, who hired her, praised Doe.",
    }
    inside = "".join(words[i] for i in np.flatnonzero(ex.candidates))
    assert inside == "".join("".join(s.split()) for s in complete.values())
    who = words.index("who")
    assert ex.word_cluster[who] == -1 and ex.candidates[who]  # a word, no mention
    assert (ex.span == -1).all()  # ECB+ extents are not OntoGUM's: no span targets
    words_, gold_, allowed = masked_targets(
        ex.word_cluster, every_earlier_word(len(words)), ex.rows, ex.candidates
    )
    last = len(words_) - 1  # the second "Doe": Jane Doe's and her's, not She/I (sentence 2)
    assert [words[j] for j in np.flatnonzero(gold_[last, 1:])] == ["Doe", "her"]
    assert words.index("She") not in np.flatnonzero(allowed[last, 1:])


def test_documents_without_complete_sentences_are_left_out(tokenizer) -> None:
    examples = load_ecbplus_examples(FIXTURES, tokenizer, ModelConfig())
    assert [ex.name for ex in examples] == ["1_1ecbplus", "1_2ecb"]
    gold = read_ecbplus_corpus(FIXTURES)[0]
    gold.metadata["coref_sentences"] = []
    assert make_ecbplus_example(gold, tokenizer, ModelConfig()) is None
