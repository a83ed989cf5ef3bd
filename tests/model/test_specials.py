"""Special subwords of BERT-style (MiniLM) and RoBERTa-style (MPNet) tokenizers.

The tokenizers here are tiny ones built with the ``tokenizers`` library, laid out
like the real ones: MPNet's vocabulary holds BERT's ``[CLS]``, ``[SEP]``, ``[PAD]``
and ``[MASK]`` as ordinary entries beside its own ``<s>``, ``</s>``, ``<pad>``,
``<unk>`` and ``<mask>``, and its WordPiece model emits ``[UNK]``. No torch, no
model files (one test compares the real tokenizers where an MPNet folder exists).
"""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import AddedToken, Tokenizer, models, normalizers, pre_tokenizers, processors

from corefine.model.alignment import (
    BERT_SPECIALS,
    ROBERTA_SPECIALS,
    SpecialIds,
    align_words,
    special_names,
)
from corefine.model.config import ModelConfig
from corefine.model.features import encode_document
from corefine.tokenizer import make_document, read_words

WORDS = ["the", "senator", "said", "she", "would", "vote", ".", "rob", "port", "##man", ","]
WORDS += ["former", "marriage", "opponent", "her", "aide", "agreed", "with"]


def _wordpiece(vocab: list[str], unk: str, specials: list[str]) -> Tokenizer:
    tok = Tokenizer(models.WordPiece({w: i for i, w in enumerate(vocab)}, unk_token=unk))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.add_special_tokens([AddedToken(s, normalized=False) for s in specials])
    return tok


def bert_style() -> Tokenizer:
    """MiniLM's layout: ``[PAD]`` 0, ``[UNK]`` 1, ``[CLS]`` 2, ``[SEP]`` 3, ``[MASK]`` 4."""
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    tok = _wordpiece(vocab, "[UNK]", vocab[:5])
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    return tok


def mpnet_style() -> Tokenizer:
    """MPNet's layout: four RoBERTa specials, then the BERT vocabulary (its special names
    included, as plain entries), then ``<mask>``; the WordPiece model's unknown is
    ``[UNK]`` (added as special, as in MPNet's tokenizer.json)."""
    vocab = ["<s>", "<pad>", "</s>", "<unk>", "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab += [*WORDS, "<mask>"]
    tok = _wordpiece(vocab, "[UNK]", ["<s>", "<pad>", "</s>", "<unk>", "[UNK]"])
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, normalized=False)])
    tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    return tok


def roberta_bpe() -> Tokenizer:
    """A byte-level BPE in RoBERTa's layout: its model names no unknown token."""
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "a": 4, "b": 5, "<mask>": 6}
    tok = Tokenizer(models.BPE(vocab, []))
    tok.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    return tok


def test_a_bert_tokenizer_keeps_berts_names() -> None:
    tok = bert_style()
    assert special_names(tok) == BERT_SPECIALS
    assert SpecialIds.from_tokenizer(tok) == SpecialIds(cls=2, sep=3, pad=0, unk=1)


def test_an_mpnet_tokenizer_gets_its_own_specials_not_the_bert_entries_of_its_vocabulary() -> None:
    tok = mpnet_style()
    assert tok.token_to_id("[CLS]") is not None  # the trap: BERT's names are there too
    assert special_names(tok) == {**ROBERTA_SPECIALS, "unk": "[UNK]"}
    assert SpecialIds.from_tokenizer(tok) == SpecialIds(cls=0, sep=2, pad=1, unk=5)


def test_a_tokenizer_model_without_an_unknown_token_gets_its_conventions() -> None:
    assert special_names(roberta_bpe()) == ROBERTA_SPECIALS
    assert SpecialIds.from_tokenizer(roberta_bpe()) == SpecialIds(cls=0, sep=2, pad=1, unk=3)


def test_a_tokenizer_without_specials_is_refused_by_name() -> None:
    tok = Tokenizer(models.WordPiece({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
    with pytest.raises(ValueError, match=r"cls \(\[CLS\]\), sep \(\[SEP\]\), pad \(\[PAD\]\)"):
        SpecialIds.from_tokenizer(tok)


TEXT = "The senator said she would vote. Former marriage opponent    Rob Portman, her aide, agreed"


def test_mpnet_windows_are_what_its_own_tokenizer_builds_and_align_like_bert() -> None:
    bert, mpnet = bert_style(), mpnet_style()
    doc = make_document(TEXT)
    config = ModelConfig(removed_word_token=special_names(mpnet)["mask"])
    inputs = encode_document(doc, mpnet, config)
    ids = inputs.batch.input_ids[0]
    # one window: what the tokenizer itself makes of the words, the gap's <mask> aside
    words = read_words(TEXT, doc.tokens)
    own = mpnet.encode(words, is_pretokenized=True, add_special_tokens=True).ids
    mask = mpnet.token_to_id("<mask>")
    assert ids.tolist().count(mask) == 1  # "opponent    Rob": one removed word
    assert [i for i in ids.tolist() if i != mask] == own
    assert (own[0], own[-1]) == (0, 2)
    # the same words, offsets and windows as the BERT-style tokenizer, ids shifted by 4
    a = align_words(bert, doc.tokens, words)
    b = align_words(mpnet, doc.tokens, words)
    assert a.word_start.tolist() == b.word_start.tolist()
    assert a.char_spans.tolist() == b.char_spans.tolist()
    assert (b.ids - a.ids).tolist() == [4] * a.n_subwords
    bert_inputs = encode_document(doc, bert, ModelConfig())
    assert inputs.batch.word_subwords.tolist() == bert_inputs.batch.word_subwords.tolist()


def test_mpnet_pads_with_pad_and_a_dropped_word_reads_its_unknown() -> None:
    tok = mpnet_style()
    config = ModelConfig(max_subwords=8, stride=3, removed_word_token="<mask>")
    doc = make_document("The senator said she would vote. Rob \u0301 said")
    inputs = encode_document(doc, tok, config)
    batch = inputs.batch
    assert batch.input_ids.shape[0] > 1
    real = batch.attention_mask.astype(bool)
    assert (batch.input_ids[~real] == 1).all()  # <pad>
    assert (batch.input_ids[:, 0] == 0).all()  # <s>
    last = real.sum(axis=1) - 1
    assert (batch.input_ids[np.arange(len(last)), last] == 2).all()  # </s>
    mark = next(k for k, t in enumerate(doc.tokens) if t.text == "\u0301")  # no subword
    assert inputs.pieces.ids[inputs.pieces.word_start[mark]] == tok.token_to_id("[UNK]")
