"""Training targets: GAP rows may only touch the words GAP annotates; a document read with
its hyphenated words stripped keeps the targets of the words it still has.

``training.data`` needs no torch, so these run in CI; a wrong head index would
silently train the model on the wrong pair, which no score would reveal early.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from corefine.corpora.gap import GapExample, read_gap
from corefine.document import Cluster
from corefine.eval.messy import Aligned, strip_hyphenated
from corefine.model.alignment import load_tokenizer
from corefine.model.config import ModelConfig
from corefine.tokenizer import make_document
from training.data import (
    epochs_left,
    make_example,
    make_gap_example,
    strip_hyphenated_example,
)

ASSETS = Path(__file__).resolve().parents[2] / "corefine" / "model" / "assets"
GAP_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "gap" / "gap-development.tsv"


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


STRIP_TEXT = (
    "The well-known senator ordered an X-ray of the cat.  It showed that she was "
    "right; the senator's anti-war staff agreed."
)


def strip_gold(text: str, *clusters: tuple[str, ...]):
    doc = make_document(text, name="strip")

    def mention(phrase: str, nth: int):
        start = -1
        for _ in range(nth + 1):
            start = text.index(phrase, start + 1)
        return doc.mention(start, start + len(phrase))

    out = []
    for cid, phrases in enumerate(clusters):
        seen: dict[str, int] = {}
        mentions = []
        for phrase in phrases:
            mentions.append(mention(phrase, seen.get(phrase, 0)))
            seen[phrase] = seen.get(phrase, 0) + 1
        out.append(Cluster(cid, mentions))
    return dataclasses.replace(doc, clusters=out)


def test_stripped_example_reads_what_inference_reads_and_keeps_kept_words_targets(
    tokenizer,
) -> None:
    config = ModelConfig()
    gold = strip_gold(
        STRIP_TEXT,
        ("The well-known senator", "she", "the senator's"),
        ("an X-ray of the cat", "It"),
    )
    ex = make_example(gold, tokenizer, config)
    stripped = strip_hyphenated_example(ex, tokenizer, config)
    assert stripped is not None
    expected_text = strip_hyphenated(Aligned.clean(STRIP_TEXT)).text
    assert stripped.doc.text == expected_text
    assert [(t.start, t.end) for t in stripped.doc.tokens] == [
        (t.start, t.end) for t in make_document(expected_text).tokens
    ]
    assert stripped.inputs.n_words == len(stripped.doc.tokens)
    words = [t.text for t in stripped.doc.tokens]

    def targets(e) -> dict[str, tuple[int, str]]:
        w = [t.text for t in e.doc.tokens]
        out = {}
        for h in range(len(w)):
            if e.word_cluster[h] >= 0:
                first, last = e.span[h]
                out[f"{w[h]}@{h}"] = (int(e.word_cluster[h]), " ".join(w[first : last + 1]))
        return out

    before = targets(ex)
    after = targets(stripped)
    # the X-ray mention's head ("X-ray": before "of") is gone, its cluster keeps "It"
    assert "X-ray@5" in before and not any(k.startswith("X-ray") for k in after)
    assert sorted(after.values()) == sorted(
        [(0, "The senator"), (0, "she"), (0, "the senator 's"), (1, "It")]
    )
    assert "well-known" not in words and "anti-war" not in words
    # "The senator": one span of two kept words, so its head sits at the end of it
    head = next(h for h, w in enumerate(words) if w == "senator")
    assert tuple(stripped.span[head]) == (0, 1)


def test_a_text_without_hyphenated_words_has_no_stripped_form(tokenizer) -> None:
    config = ModelConfig()
    gold = strip_gold("Ann met Bob. She smiled.", ("Ann", "She"))
    assert (
        strip_hyphenated_example(make_example(gold, tokenizer, config), tokenizer, config) is None
    )


def test_a_resumed_run_trains_only_the_epochs_its_command_asks_for() -> None:
    assert list(epochs_left(1, 8, 6, 0, 3)) == [1, 2, 3, 4, 5, 6]
    assert list(epochs_left(4, 8, 0, 1, 3)) == [4, 5, 6, 7, 8]
    # ended at --stop-after-epoch 6: resuming trains nothing (it used to train epoch 7)
    assert list(epochs_left(7, 8, 6, 0, 3)) == []
    # a later command may extend the run
    assert list(epochs_left(7, 8, 8, 0, 3)) == [7, 8]
    # ended by patience: nothing either
    assert list(epochs_left(5, 8, 0, 3, 3)) == []
