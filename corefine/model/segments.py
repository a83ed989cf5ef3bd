"""Long documents: overlapping segments, resolved one by one, merged into one set of clusters.

Why segments: the antecedent scorer compares every word with every earlier
word (the coarse matrix is quadratic) and the fine scorer holds ``words x
top_k`` pair vectors, so memory grows with the square of a piece's length: a
6,000-word piece peaks near 2.6 GB. Cutting a long document into pieces of at
most ``max_words`` words keeps memory flat (about 1.2 GB at 2,500 words per
piece, however long the document).

Why overlap: pieces resolved independently cannot link an entity across a
cut. Consecutive pieces share up to ``overlap`` words (whole sentences where
possible); a mention predicted in both pieces ties the two pieces' clusters
together (union-find), so an entity that is mentioned at least once in every
overlap is one cluster across the whole document. Entities that go unmentioned
through an overlap stay split, the price of bounded memory.

Pieces are cut at sentence boundaries; a sentence longer than the overlap
(text without punctuation, a table) is cut into word chunks first, so no input
can make a piece longer than ``max_words`` and overlaps exist wherever cuts are.
"""

from __future__ import annotations

from collections.abc import Sequence

from corefine.document import Cluster, Document, Mention, Sentence

__all__ = ["merge_clusters", "segments"]


def _units(doc: Document, max_unit: int) -> list[tuple[int, int]]:
    """Token ranges of sentences, long sentences cut into chunks of at most ``max_unit``."""
    ranges = [(s.token_start, s.token_end) for s in doc.sentences] or [(0, len(doc.tokens))]
    units: list[tuple[int, int]] = []
    for a, b in ranges:
        for start in range(a, b, max_unit):
            units.append((start, min(b, start + max_unit)))
    return units


def segments(doc: Document, max_words: int, overlap: int) -> list[Document]:
    """``doc`` itself if short enough, else overlapping pieces of at most ``max_words`` tokens.

    Each piece shares the document's text (offsets stay global) and holds a
    slice of its tokens, with sentences rebased onto that slice.
    """
    if max_words < 2 or not 0 <= overlap < max_words:
        raise ValueError(
            f"need max_words >= 2 and 0 <= overlap < max_words, got {max_words}, {overlap}"
        )
    if len(doc.tokens) <= max_words:
        return [doc]
    units = _units(doc, max(1, min(max_words // 2, overlap or max_words)))
    size = [b - a for a, b in units]
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, count = i, 0
        while j < len(units) and count + size[j] <= max_words:
            count += size[j]
            j += 1
        pieces.append((i, j))
        if j >= len(units):
            break
        k, back = j, 0
        while k - 1 > i and back + size[k - 1] <= overlap:
            back += size[k - 1]
            k -= 1
        i = k
    return [_piece(doc, units[i:j]) for i, j in pieces]


def _piece(doc: Document, units: Sequence[tuple[int, int]]) -> Document:
    first, last = units[0][0], units[-1][1]
    tokens = doc.tokens[first:last]
    sentences = [
        Sentence(doc.tokens[a].start, doc.tokens[b - 1].end, a - first, b - first) for a, b in units
    ]
    return Document(text=doc.text, tokens=tokens, sentences=sentences, name=doc.name)


def merge_clusters(per_piece: Sequence[Sequence[Cluster]]) -> list[Cluster]:
    """One set of clusters from the pieces' clusters; clusters sharing a mention span merge.

    A mention predicted by several pieces keeps its highest confidence; a
    merged cluster's confidence is its strongest mention's (as in decoding).
    Clusters are numbered in order of their first mention.
    """
    nodes = [c for piece in per_piece for c in piece]
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[tuple[int, int], int] = {}
    for n, cluster in enumerate(nodes):
        for m in cluster.mentions:
            seen = owner.setdefault(m.span, n)
            if seen != n:
                parent[find(n)] = find(seen)
    groups: dict[int, dict[tuple[int, int], Mention]] = {}
    for n, cluster in enumerate(nodes):
        mentions = groups.setdefault(find(n), {})
        for m in cluster.mentions:
            old = mentions.get(m.span)
            if old is None or (m.confidence or 0.0) > (old.confidence or 0.0):
                mentions[m.span] = m
    merged = sorted(
        (sorted(ms.values(), key=lambda m: (m.start, -m.end)) for ms in groups.values()),
        key=lambda ms: (ms[0].start, -ms[0].end),
    )
    out = []
    for i, members in enumerate(merged):
        scores = [m.confidence for m in members if m.confidence is not None]
        out.append(Cluster(i, members, max(scores) if scores else None))
    return out
