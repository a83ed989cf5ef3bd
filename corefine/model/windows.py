"""Overlapping encoder windows over a document of any length, and their merging.

Why overlap: the encoder sees at most 512 subwords at once. Cutting a long
document into disjoint chunks would leave the words near a cut with almost no
context on one side. Windows overlap (``stride`` < window length), and each
word takes its representation from the window in which it sits most centrally,
so every word is encoded with context on both sides wherever the text allows.

Windows start and end on word boundaries, so that every word lies whole inside
at least one window (only a single word longer than a window is ever cut, and
then it is represented by the subwords the window holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corefine.model.alignment import SpecialIds, WordPieces


def make_windows(pieces: WordPieces, content: int, stride: int) -> list[tuple[int, int]]:
    """Half-open subword ranges ``[start, end)`` of at most ``content`` subwords covering all.

    Consecutive windows overlap, start at a word's first subword and end after a
    word's last subword (unless one word alone is longer than ``content``).
    """
    if content <= 0 or not 0 < stride <= content:
        raise ValueError(f"need 0 < stride <= content, got stride={stride}, content={content}")
    total = pieces.n_subwords
    if total == 0:
        return []
    starts = pieces.word_start
    ends = pieces.word_end

    def window_end(start: int) -> int:
        """``start + content``, backed off to the end of the last word that fits whole."""
        end = min(start + content, total)
        if end < total:
            w = int(np.searchsorted(ends, end, side="right")) - 1
            if w >= 0 and ends[w] > start:
                end = int(ends[w])
        return end

    windows: list[tuple[int, int]] = []
    start = 0
    while True:
        end = window_end(start)
        if windows and end <= windows[-1][1]:
            # nothing new fits whole from here: move to the next word start, if it
            # is still inside the previous window; else cut inside a long word
            w = int(np.searchsorted(starts, start, side="right"))
            if w < len(starts) and starts[w] <= windows[-1][1]:
                start = int(starts[w])
                continue
            end = min(start + content, total)
        windows.append((start, end))
        if end >= total:
            return windows
        # next window: the start of the word holding subword start+stride, but never past `end`
        target = min(start + stride, end)
        w = int(np.searchsorted(starts, target, side="right")) - 1
        nxt = int(starts[w])
        if nxt <= start:  # a single word longer than the stride
            nxt = int(starts[w + 1]) if w + 1 < len(starts) and starts[w + 1] <= end else end
        start = nxt


def assign_words(pieces: WordPieces, windows: list[tuple[int, int]]) -> np.ndarray:
    """``[N]`` index of the window each word is read from: the one where it is most central.

    Among the windows holding the word whole, pick the one maximising the
    smaller of its left and right context; a word no window holds whole (longer
    than a window) goes to the window with the largest overlap.
    """
    n = pieces.n_words
    if not windows:
        return np.zeros(n, dtype=np.int64)
    ws = np.asarray([w[0] for w in windows], dtype=np.int64)[None, :]
    we = np.asarray([w[1] for w in windows], dtype=np.int64)[None, :]
    a = pieces.word_start[:, None].astype(np.int64)
    b = pieces.word_end[:, None].astype(np.int64)
    whole = (ws <= a) & (b <= we)  # [N, W]
    margin = np.where(whole, np.minimum(a - ws, we - b), -1)
    overlap = np.minimum(we, b) - np.maximum(ws, a)
    # argmax takes the first maximum: ties go to the earlier window
    return np.where(whole.any(axis=1), margin.argmax(axis=1), overlap.argmax(axis=1))


@dataclass(frozen=True)
class EncoderBatch:
    """Arrays the network reads: padded windows and, per word, where its subwords are.

    ``word_subwords[w]`` holds flat indices into the ``[W * L]`` grid of window
    positions (``window * L + position``) of word ``w``'s subwords, padded with
    0 and masked by ``word_mask``; this is what merges the windows into one
    sequence of word representations.
    """

    input_ids: np.ndarray  # int64 [W, L]
    attention_mask: np.ndarray  # int64 [W, L]
    word_subwords: np.ndarray  # int64 [N, K]
    word_mask: np.ndarray  # float32 [N, K]
    windows: tuple[tuple[int, int], ...]
    word_window: np.ndarray  # int64 [N]


def pack_windows(
    pieces: WordPieces, windows: list[tuple[int, int]], special: SpecialIds
) -> EncoderBatch:
    """Pad the windows into one batch with [CLS]/[SEP] and locate every word's subwords."""
    n = pieces.n_words
    if not windows or n == 0:
        return EncoderBatch(
            input_ids=np.zeros((0, 2), dtype=np.int64),
            attention_mask=np.zeros((0, 2), dtype=np.int64),
            word_subwords=np.zeros((0, 1), dtype=np.int64),
            word_mask=np.zeros((0, 1), dtype=np.float32),
            windows=tuple(windows),
            word_window=np.zeros(0, dtype=np.int64),
        )
    length = max(e - s for s, e in windows) + 2
    ids = np.full((len(windows), length), special.pad, dtype=np.int64)
    mask = np.zeros((len(windows), length), dtype=np.int64)
    for k, (s, e) in enumerate(windows):
        ids[k, 0] = special.cls
        ids[k, 1 : 1 + e - s] = pieces.ids[s:e]
        ids[k, 1 + e - s] = special.sep
        mask[k, : e - s + 2] = 1
    word_window = assign_words(pieces, windows)
    width = int(max(1, (pieces.word_end - pieces.word_start).max()))
    bounds = np.asarray(windows, dtype=np.int64)[word_window]  # [N, 2]: the word's window
    first = np.maximum(pieces.word_start, bounds[:, 0])
    last = np.minimum(pieces.word_end, bounds[:, 1])
    steps = np.arange(width)[None, :]
    inside = steps < (last - first)[:, None]
    positions = (word_window * length + 1 + first - bounds[:, 0])[:, None] + steps
    word_subwords = np.where(inside, positions, 0)
    word_mask = inside.astype(np.float32)
    return EncoderBatch(ids, mask, word_subwords, word_mask, tuple(windows), word_window)
