"""Subword ↔ word ↔ character alignment on corefine's own words.

Why our own words and not the encoder tokenizer's: every offset in corefine
indexes the original text, and the rewriter works on corefine tokens. So the
model reads *our* tokens (fed pre-tokenized, ``is_pretokenized=True``) and
predicts over them; the subword tokenizer only splits each word further. Each
subword keeps the word it came from, and so a character span in the text.

A word the subword tokenizer drops entirely (a zero-width character, a lone
combining mark) gets one unknown subword (``[UNK]``): every word must have at least
one subword, or it would have no representation and no mention could start there.

Removed words: many news corpora are distributed with their hyphenated words
stripped to a run of spaces ("a   former    marriage opponent"). Read as it
is, such text silently loses a word, and the model's clusters drift away
from the ones it finds on the intact text. A run of spaces clearly longer than
the text's usual spacing (:func:`removed_word_gaps`) is read as one masked
subword between the two words (:func:`with_gap_subwords`): the encoder learnt
``[MASK]`` (MPNet: ``<mask>``) in pre-training as "a word is missing here". On
60 news articles with their hyphenated words stripped, replacements agree with
the intact text's 74.8 % of the time with the mask against 67.7 % without
(``benchmarks/messy_news.py`` measures it on 100; BENCHMARKS.md). The gap
subword belongs to no word, so no offset or mention changes.

Encoders. MiniLM's and MPNet's ``tokenizer.json`` are the same WordPiece
pipeline (BERT normaliser, lower-cased; BERT pre-tokenizer; ``##`` continuations),
MPNet's vocabulary being BERT's shifted by four ids: words read one by one get
the same subwords and the same offsets from both (checked on all of OntoGUM,
LitBank and the 256 news articles: 678,390 subwords), so alignment and windows
do not depend on the encoder. Only the special subwords differ (:func:`special_names`).

Loading: :func:`load_tokenizer` reads a ``tokenizer.json`` the one way the model
needs it (no truncation, no padding: the windows are ours). It is model runtime,
not the resolver's: the adapter (:mod:`corefine.resolvers.model`) and the
training side (``training/``) both load the tokenizer through it, and training
has no business importing a resolver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from corefine.document import Token
from corefine.errors import CorefineError


class SubwordTokenizer(Protocol):
    """What we use of ``tokenizers.Tokenizer`` (tests pass a stub)."""

    def encode(self, sequence: Any, *, is_pretokenized: bool, add_special_tokens: bool) -> Any: ...

    def token_to_id(self, token: str) -> int | None: ...


def load_tokenizer(path: str | Path) -> Any:
    """A ``tokenizers.Tokenizer`` with truncation and padding off (windows are ours)."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise CorefineError("the model resolver needs the 'tokenizers' package") from exc
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


# Names of the special subwords, by convention; a tokenizer follows one of them whole.
# BERT's (all-MiniLM-L6-v2) and RoBERTa's, which MPNet (all-mpnet-base-v2) shares.
BERT_SPECIALS = {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]", "unk": "[UNK]", "mask": "[MASK]"}
ROBERTA_SPECIALS = {"cls": "<s>", "sep": "</s>", "pad": "<pad>", "unk": "<unk>", "mask": "<mask>"}


def special_names(tokenizer: SubwordTokenizer) -> dict[str, str]:
    """The names of ``tokenizer``'s special subwords: ``cls``, ``sep``, ``pad``, ``unk`` and
    ``mask`` (the one a removed word is read as: ``ModelConfig.removed_word_token``).

    RoBERTa's names when the tokenizer has ``<s>``, ``</s>`` and ``<pad>``, else BERT's.
    Why RoBERTa's first: MPNet's vocabulary is BERT's shifted by four, so ``[CLS]``,
    ``[SEP]``, ``[PAD]`` and ``[MASK]`` are in it too (ids 105, 106, 4, 107), as ordinary
    entries its encoder was never trained to read as specials; asking for BERT's names
    first would find them and window every document with the wrong ids. A BERT
    vocabulary has no ``<s>``. The unknown subword is the one the tokenizer's own model
    emits for an unknown word when it names one (``[UNK]`` in MiniLM's and in MPNet's
    WordPiece: what either encoder read for unknown words in pre-training; a byte-level
    BPE has none, and gets its convention's ``<unk>``).
    """
    has = tokenizer.token_to_id
    roberta = all(has(ROBERTA_SPECIALS[k]) is not None for k in ("cls", "sep", "pad"))
    names = dict(ROBERTA_SPECIALS if roberta else BERT_SPECIALS)
    own_unk = getattr(getattr(tokenizer, "model", None), "unk_token", None)
    if isinstance(own_unk, str) and has(own_unk) is not None:
        names["unk"] = own_unk
    return names


@dataclass(frozen=True)
class SpecialIds:
    """Ids of the special subwords a BERT- or RoBERTa-style encoder needs."""

    cls: int
    sep: int
    pad: int
    unk: int

    @classmethod
    def from_tokenizer(cls, tokenizer: SubwordTokenizer) -> SpecialIds:
        """The ids of :func:`special_names` (``[CLS]``, ``[SEP]``, ``[PAD]``, ``[UNK]`` for
        MiniLM; ``<s>``, ``</s>``, ``<pad>``, ``[UNK]`` for MPNet); a missing one is a
        ``ValueError``."""
        names = special_names(tokenizer)
        ids = {k: tokenizer.token_to_id(names[k]) for k in ("cls", "sep", "pad", "unk")}
        missing = [f"{k} ({names[k]})" for k, v in ids.items() if v is None]
        if missing:
            raise ValueError(f"the tokenizer has no special token(s): {', '.join(missing)}")
        return cls(**{k: int(v) for k, v in ids.items() if v is not None})


@dataclass(frozen=True)
class WordPieces:
    """Subwords of a document's words.

    ``ids[word_start[w]:word_end[w]]`` are the subwords of word ``w``;
    ``char_spans[s]`` is the character span of subword ``s`` in the text.
    """

    ids: np.ndarray  # int64 [S]
    word_start: np.ndarray  # int64 [N]
    word_end: np.ndarray  # int64 [N], exclusive
    char_spans: np.ndarray  # int64 [S, 2]

    @property
    def n_words(self) -> int:
        return len(self.word_start)

    @property
    def n_subwords(self) -> int:
        return len(self.ids)

    def word_of_subword(self) -> np.ndarray:
        """``[S]`` index of the word each subword belongs to, -1 for a gap subword."""
        owner = np.full(self.n_subwords, -1, dtype=np.int64)
        for w, (a, b) in enumerate(zip(self.word_start, self.word_end, strict=True)):
            owner[a:b] = w
        return owner


def align_words(
    tokenizer: SubwordTokenizer,
    tokens: Sequence[Token],
    words: Sequence[str],
    unk_id: int | None = None,
) -> WordPieces:
    """Split ``tokens`` into subwords, keeping word ids and character offsets.

    ``words`` are the tokens as read (:func:`corefine.tokenizer.reading` of the whole
    text, sliced at each token: "They\\x92re" is read "They’re"), one per token and of
    its length, so subword offsets index the original text.
    """
    if unk_id is None:
        unk_id = SpecialIds.from_tokenizer(tokenizer).unk
    n = len(tokens)
    if len(words) != n:
        raise ValueError(f"{len(words)} words for {n} tokens")
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return WordPieces(empty, empty, empty, np.zeros((0, 2), dtype=np.int64))
    enc = tokenizer.encode(words, is_pretokenized=True, add_special_tokens=False)
    per_word: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    for sub_id, word, (a, b) in zip(enc.ids, enc.word_ids, enc.offsets, strict=True):
        if word is None:
            continue
        start = tokens[word].start
        per_word[word].append((int(sub_id), start + int(a), start + int(b)))
    ids: list[int] = []
    spans: list[tuple[int, int]] = []
    word_start = np.zeros(n, dtype=np.int64)
    word_end = np.zeros(n, dtype=np.int64)
    for w, pieces in enumerate(per_word):
        if not pieces:
            pieces = [(unk_id, tokens[w].start, tokens[w].end)]
        word_start[w] = len(ids)
        for sub_id, a, b in pieces:
            ids.append(sub_id)
            spans.append((a, b))
        word_end[w] = len(ids)
    return WordPieces(
        ids=np.asarray(ids, dtype=np.int64),
        word_start=word_start,
        word_end=word_end,
        char_spans=np.asarray(spans, dtype=np.int64).reshape(-1, 2),
    )


# Word shapes: the encoder is uncased, so capitalisation (names!) is an extra input.
SHAPE_LOWER, SHAPE_TITLE, SHAPE_UPPER, SHAPE_DIGIT, SHAPE_OTHER = range(5)
N_SHAPES = 5


def word_shape(word: str) -> int:
    """One of the five shape classes of a word, for the shape embedding."""
    letters = [c for c in word if c.isalpha()]
    if letters:
        if all(c.isupper() for c in letters):
            return SHAPE_UPPER if len(letters) > 1 else SHAPE_TITLE
        if letters[0].isupper():
            return SHAPE_TITLE
        return SHAPE_LOWER
    if any(c.isdigit() for c in word):
        return SHAPE_DIGIT
    return SHAPE_OTHER


def removed_word_gaps(text: str, tokens: Sequence[Token]) -> np.ndarray:
    """``[N]`` bool: word ``w`` follows a run of spaces that marks a removed word.

    A run of ASCII spaces between two words on one line marks a removed word
    when it is at least 3 long and at least 2 longer than the text's usual run
    (the median): 3 spaces in text spaced by single spaces, 7 in text whose
    every space was widened to 3. Line breaks, tabs and indentation never count.
    """
    runs = np.full(len(tokens), -1, dtype=np.int64)
    for w in range(1, len(tokens)):
        gap = text[tokens[w - 1].end : tokens[w].start]
        if gap and gap.count(" ") == len(gap):
            runs[w] = len(gap)
    spaced = runs[runs > 0]
    usual = int(np.median(spaced)) if len(spaced) else 1
    return (runs >= 3) & (runs >= usual + 2)


def with_gap_subwords(pieces: WordPieces, before: np.ndarray, gap_id: int) -> WordPieces:
    """``pieces`` with one ``gap_id`` subword inserted before every word where ``before``
    is true (the first word excepted); it belongs to no word and spans the characters
    between the two words."""
    mark = np.asarray(before, dtype=bool).copy()
    mark[:1] = False  # nothing goes before the first word
    if not mark.any():
        return pieces
    at = pieces.word_start[mark]
    shift = np.cumsum(mark)  # gap subwords up to and including each word's own
    spans = np.stack([pieces.char_spans[at - 1, 1], pieces.char_spans[at, 0]], axis=1)
    return WordPieces(
        ids=np.insert(pieces.ids, at, gap_id),
        word_start=pieces.word_start + shift,
        word_end=pieces.word_end + shift,
        char_spans=np.insert(pieces.char_spans, at, spans, axis=0),
    )
