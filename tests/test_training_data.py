"""GAP rows as training targets: the loss may only touch words GAP annotates.

``training.data`` needs no torch, so these run in CI; a wrong head index would
silently train the model on the wrong pair, which no score would reveal early.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corefine.corpora.gap import GapExample, read_gap
from corefine.model.config import ModelConfig
from corefine.model.predictor import load_tokenizer
from training.data import make_gap_example

ASSETS = Path(__file__).resolve().parents[1] / "corefine" / "model" / "assets"
GAP_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "gap" / "gap-development.tsv"


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(ASSETS / "tokenizer.json")


def row(text: str, pronoun: str, a: str, b: str, a_coref: bool, b_coref: bool) -> GapExample:
    def at(s: str) -> int:
        return text.index(s)

    return GapExample(
        "t-1", text, pronoun, text.rindex(pronoun), a, at(a), a_coref, b, at(b), b_coref, ""
    )


def test_targets_point_at_the_pronoun_and_the_names_first_words(tokenizer) -> None:
    text = "Mary   Ann Smith met Joan Baez in Paris.  Later she sang."
    ex = make_gap_example(
        row(text, "she", "Mary   Ann Smith", "Joan Baez", True, False), tokenizer, ModelConfig()
    )
    assert ex is not None and ex.gap is not None
    words = [t.text for t in ex.doc.tokens]
    assert words[ex.gap.pronoun] == "she"
    assert [words[i] for i in ex.gap.names] == ["Mary", "Joan"]
    assert ex.gap.coref == (True, False)
    # span targets: the full names and the pronoun itself, nothing else; no cluster targets
    spans = {i: tuple(ex.span[i]) for i in range(len(words)) if ex.span[i, 0] >= 0}
    assert spans == {0: (0, 2), 4: (4, 5), ex.gap.pronoun: (ex.gap.pronoun,) * 2}
    assert (ex.word_cluster == -1).all()


def test_cataphoric_pronoun_keeps_its_position(tokenizer) -> None:
    text = "When she arrived, Ruth Bader greeted Anne."
    ex = make_gap_example(
        row(text, "she", "Ruth Bader", "Anne", True, False), tokenizer, ModelConfig()
    )
    assert ex is not None and ex.gap is not None
    assert ex.gap.pronoun < ex.gap.names[0] < ex.gap.names[1]


def test_every_gap_development_row_becomes_an_example(tokenizer) -> None:
    rows = read_gap(GAP_DEV)
    config = ModelConfig()
    for r in rows:
        ex = make_gap_example(r, tokenizer, config)
        assert ex is not None, r.id
        assert ex.gap is not None
        words = ex.doc.tokens
        # each target is the word holding the first character of what GAP marks (a word
        # may be longer: GAP's "Ming-but" and "him-up" are one token each)
        marked = (r.pronoun_offset, r.a_offset, r.b_offset)
        for word, offset in zip((ex.gap.pronoun, *ex.gap.names), marked, strict=True):
            assert words[word].start <= offset < words[word].end, r.id
