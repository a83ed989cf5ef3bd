"""Alignment, windows and packing of the neural model's inputs (no torch, no model files)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corefine.document import Token
from corefine.model.alignment import (
    SHAPE_DIGIT,
    SHAPE_LOWER,
    SHAPE_OTHER,
    SHAPE_TITLE,
    SHAPE_UPPER,
    SpecialIds,
    WordPieces,
    align_words,
    removed_word_gaps,
    with_gap_subwords,
    word_shape,
)
from corefine.model.config import ModelConfig
from corefine.model.features import encode_document
from corefine.model.windows import assign_words, make_windows, pack_windows
from corefine.tokenizer import make_document, read_words

# -- a stand-in subword tokenizer: no `tokenizers`, no model files --------------------
#
# It mimics what matters of ``tokenizers.Tokenizer.encode(..., is_pretokenized=True)``:
# words are cut into pieces of at most three characters, offsets are relative to
# the word, and zero-width characters yield no piece at all (as BERT's normaliser
# drops them), so the ``[UNK]`` fallback gets exercised.
_SPECIAL = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4}
_DROPPED = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


@dataclass
class StubEncoding:
    ids: list[int]
    word_ids: list[int | None]
    offsets: list[tuple[int, int]]


class StubTokenizer:
    def __init__(self, piece: int = 3):
        self.piece = piece

    def token_to_id(self, token: str) -> int | None:
        return _SPECIAL.get(token)

    def encode(
        self, words: list[str], *, is_pretokenized: bool, add_special_tokens: bool
    ) -> StubEncoding:
        assert is_pretokenized and not add_special_tokens
        enc = StubEncoding([], [], [])
        for w, word in enumerate(words):
            if all(c in _DROPPED for c in word):
                continue
            for a in range(0, len(word), self.piece):
                b = min(a + self.piece, len(word))
                enc.ids.append(10 + sum(map(ord, word[a:b])) % 1000)
                enc.word_ids.append(w)
                enc.offsets.append((a, b))
        return enc


MESSY = (
    "Former    marriage opponent  “Rob  Portman”\u00a0said  he’d\tvote.\n\n"
    "The\u200bsenator’s aide   (Ms. O’Neil) didn't   comment 🙂 on U.S. plans."
)


def pieces_of(lengths: list[int]) -> WordPieces:
    """Word pieces with the given number of subwords per word."""
    ends = np.cumsum(lengths).astype(np.int64)
    starts = ends - np.asarray(lengths, dtype=np.int64)
    total = int(ends[-1]) if lengths else 0
    ids = np.arange(total, dtype=np.int64) + 10
    return WordPieces(ids, starts, ends, np.zeros((total, 2), dtype=np.int64))


# -- alignment ---------------------------------------------------------------------


def test_every_word_gets_subwords_inside_its_own_characters() -> None:
    doc = make_document(MESSY)
    pieces = align_words(StubTokenizer(), doc.tokens, read_words(MESSY, doc.tokens))
    assert pieces.n_words == len(doc.tokens)
    assert np.all(pieces.word_end > pieces.word_start)
    owner = pieces.word_of_subword()
    for s, (a, b) in enumerate(pieces.char_spans):
        tok = doc.tokens[owner[s]]
        assert tok.start <= a < b <= tok.end
        assert MESSY[a:b] in tok.text


def test_a_word_without_subwords_becomes_unk() -> None:
    tokens = [Token(0, 3, "abc"), Token(4, 5, "\u200b"), Token(6, 8, "de")]
    pieces = align_words(StubTokenizer(), tokens, [t.text for t in tokens])
    w = 1
    assert pieces.word_end[w] - pieces.word_start[w] == 1
    assert pieces.ids[pieces.word_start[w]] == SpecialIds.from_tokenizer(StubTokenizer()).unk
    assert tuple(pieces.char_spans[pieces.word_start[w]]) == (4, 5)


def _pieces(text: str) -> WordPieces:
    doc = make_document(text)
    return align_words(StubTokenizer(), doc.tokens, read_words(text, doc.tokens))


def test_windows_1252_punctuation_read_as_latin_1_is_encoded_as_that_punctuation() -> None:
    a, b = _pieces("They’re “here”"), _pieces("They\x92re \x93here\x94")
    assert a.ids.tolist() == b.ids.tolist()
    assert a.char_spans.tolist() == b.char_spans.tolist()


@pytest.mark.parametrize("decoded_as", ["latin-1", "cp1252"])
def test_utf8_read_as_a_single_byte_encoding_keeps_words_whole_and_offsets_exact(
    decoded_as: str,
) -> None:
    clean = "Hillary’s ‘plan’ – for café"  # no ”: its last byte is not in Windows-1252
    garbled = clean.encode("utf-8").decode(decoded_as)
    assert garbled.startswith("Hillaryâ")  # the mojibake, as scraped corpora hold it
    doc = make_document(garbled)
    assert [t.text for t in doc.tokens][:1] + [t.text for t in doc.tokens][-1:] == [
        "Hillary",
        "cafÃ©",
    ]
    assert len(doc.tokens) == len(make_document(clean).tokens)
    pieces = align_words(StubTokenizer(), doc.tokens, read_words(garbled, doc.tokens))
    for s, (a, b) in enumerate(pieces.char_spans):
        t = doc.tokens[pieces.word_of_subword()[s]]
        assert t.start <= a < b <= t.end


def test_a_word_list_of_another_length_is_refused() -> None:
    doc = make_document("a b")
    with pytest.raises(ValueError, match="1 words for 2 tokens"):
        align_words(StubTokenizer(), doc.tokens, ["a"])


def test_no_tokens_no_pieces() -> None:
    pieces = align_words(StubTokenizer(), [], [])
    assert pieces.n_words == 0 and pieces.n_subwords == 0
    assert make_windows(pieces, 10, 5) == []


@pytest.mark.parametrize(
    ("word", "shape"),
    [
        ("obama", SHAPE_LOWER),
        ("Obama", SHAPE_TITLE),
        ("I", SHAPE_TITLE),
        ("NATO", SHAPE_UPPER),
        ("U.S.", SHAPE_UPPER),
        ("McCain", SHAPE_TITLE),
        ("2016", SHAPE_DIGIT),
        ("“", SHAPE_OTHER),
        ("Éric", SHAPE_TITLE),
    ],
)
def test_word_shapes(word: str, shape: int) -> None:
    assert word_shape(word) == shape


# -- windows -------------------------------------------------------------------------

lengths_st = st.lists(st.integers(1, 12), min_size=1, max_size=80)


@settings(max_examples=200, deadline=None)
@given(lengths=lengths_st, content=st.integers(4, 40), frac=st.floats(0.2, 1.0))
def test_windows_cover_every_subword_in_order(
    lengths: list[int], content: int, frac: float
) -> None:
    stride = max(1, int(content * frac))
    pieces = pieces_of(lengths)
    windows = make_windows(pieces, content, stride)
    assert windows[0][0] == 0
    assert windows[-1][1] == pieces.n_subwords
    for (s0, e0), (s1, e1) in itertools.pairwise(windows):
        assert s0 < s1 <= e0 < e1  # strictly advancing, no gap
    for s, e in windows:
        assert 0 < e - s <= content


@settings(max_examples=200, deadline=None)
@given(lengths=lengths_st, content=st.integers(4, 40), frac=st.floats(0.2, 0.9))
def test_short_words_lie_whole_in_their_chosen_window(
    lengths: list[int], content: int, frac: float
) -> None:
    stride = max(1, int(content * frac))
    pieces = pieces_of(lengths)
    windows = make_windows(pieces, content, stride)
    chosen = assign_words(pieces, windows)
    for w in range(pieces.n_words):
        a, b = int(pieces.word_start[w]), int(pieces.word_end[w])
        if b - a > content - stride:
            continue
        s, e = windows[chosen[w]]
        assert s <= a and b <= e
        # most central: no other window holding the word whole gives it more context
        margin = min(a - s, e - b)
        for s2, e2 in windows:
            if s2 <= a and b <= e2:
                assert min(a - s2, e2 - b) <= margin


def test_windows_start_and_end_on_word_boundaries() -> None:
    pieces = pieces_of([3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 2, 3, 4] * 5)
    starts, ends = set(pieces.word_start.tolist()), set(pieces.word_end.tolist())
    for s, e in make_windows(pieces, 20, 12):
        assert s in starts and e in ends


def test_a_word_longer_than_a_window_is_cut_but_covered() -> None:
    pieces = pieces_of([2, 30, 2])
    windows = make_windows(pieces, 10, 8)
    assert windows[-1][1] == 34
    batch = pack_windows(pieces, windows, SpecialIds(2, 3, 0, 1))
    assert batch.word_mask[1].sum() >= 1  # the long word still has a representation


def test_bad_stride_is_rejected() -> None:
    with pytest.raises(ValueError):
        make_windows(pieces_of([1, 2]), 10, 11)


# -- packing -------------------------------------------------------------------------


def test_packed_windows_point_back_at_each_words_subwords() -> None:
    pieces = pieces_of([2, 1, 3, 1, 1, 4, 2, 2, 1, 3] * 6)
    special = SpecialIds(cls=2, sep=3, pad=0, unk=1)
    windows = make_windows(pieces, 16, 10)
    batch = pack_windows(pieces, windows, special)
    n_win, length = batch.input_ids.shape
    assert n_win == len(windows) and length == max(e - s for s, e in windows) + 2
    flat = batch.input_ids.reshape(-1)
    for k, (s, e) in enumerate(windows):
        row = batch.input_ids[k]
        assert row[0] == special.cls and row[e - s + 1] == special.sep
        assert batch.attention_mask[k].sum() == e - s + 2
        assert np.all(row[e - s + 2 :] == special.pad)
    for w in range(pieces.n_words):
        m = batch.word_mask[w] > 0
        got = flat[batch.word_subwords[w][m]]
        want = pieces.ids[pieces.word_start[w] : pieces.word_end[w]]
        assert got.tolist() == want.tolist()


def test_encode_document_on_messy_text() -> None:
    config = ModelConfig(max_subwords=12, stride=6)
    doc = make_document(MESSY * 3)
    inputs = encode_document(doc, StubTokenizer(), config, genre="news")
    arrays = inputs.arrays()
    n = len(doc.tokens)
    assert arrays["shape_ids"].shape == (n,) and arrays["sentence_ids"].shape == (n,)
    assert arrays["word_subwords"].shape[0] == n
    assert arrays["input_ids"].shape[1] <= config.max_subwords
    assert np.all(np.diff(arrays["sentence_ids"]) >= 0)
    assert arrays["genre_id"].tolist() == [config.genre_id("news")]
    assert all(a.dtype in (np.int64, np.float32) for a in arrays.values())


# -- removed words ---------------------------------------------------------------------


def _gap_words(text: str) -> list[str]:
    doc = make_document(text)
    gaps = removed_word_gaps(text, doc.tokens)
    return [t.text for t, gap in zip(doc.tokens, gaps, strict=True) if gap]


def test_a_run_of_spaces_marks_a_removed_word_against_the_texts_usual_spacing() -> None:
    assert _gap_words("He was a   former    marriage opponent, he said.") == ["former", "marriage"]
    assert _gap_words("He was a  former marriage opponent.") == []  # two spaces: a typo
    # every space widened to three: only the runs 2 longer than that mark a removed word
    assert _gap_words("He   was   a       former   marriage   opponent .") == ["former"]
    # line breaks, indentation and tabs are layout, not removed words
    assert _gap_words("He said:\n     Yes.\tNo.\t\t\tMaybe.\n\n\nEnd.") == []
    assert _gap_words("") == [] and _gap_words("   one   ") == []


def test_gap_subwords_sit_between_words_and_belong_to_none() -> None:
    pieces = pieces_of([2, 1, 3, 1])
    before = np.array([True, False, True, True])  # the first word's mark is ignored
    out = with_gap_subwords(pieces, before, 99)
    assert out.ids.tolist() == [10, 11, 12, 99, 13, 14, 15, 99, 16]
    assert out.word_of_subword().tolist() == [0, 0, 1, -1, 2, 2, 2, -1, 3]
    for w in range(4):  # every word keeps its own subwords
        want = pieces.ids[pieces.word_start[w] : pieces.word_end[w]]
        assert out.ids[out.word_start[w] : out.word_end[w]].tolist() == want.tolist()
    assert with_gap_subwords(pieces, np.zeros(4, dtype=bool), 99) is pieces


def test_the_encoder_reads_a_mask_where_a_word_was_removed_and_nothing_else_moves() -> None:
    text = "Marinelli, a   former marriage opponent, said that he would leave. " * 4
    doc = make_document(text)
    config = ModelConfig(max_subwords=24, stride=12)
    marked = encode_document(doc, StubTokenizer(), config)
    plain = encode_document(doc, StubTokenizer(), replace(config, removed_word_token=None))
    mask = _SPECIAL["[MASK]"]
    assert (marked.batch.input_ids == mask).sum() >= 4
    assert not (plain.batch.input_ids == mask).any()
    stub = StubTokenizer()
    for inputs in (marked, plain):  # each word's subwords are the word's own, either way
        flat = inputs.batch.input_ids.reshape(-1)
        for w, token in enumerate(doc.tokens):
            m = inputs.batch.word_mask[w] > 0
            own = stub.encode([token.text], is_pretokenized=True, add_special_tokens=False)
            assert flat[inputs.batch.word_subwords[w][m]].tolist() == own.ids
    with pytest.raises(ValueError, match="no '<gap>' token"):
        encode_document(doc, StubTokenizer(), replace(config, removed_word_token="<gap>"))
