"""Network outputs → corefine clusters with character offsets and confidences.

The network works on head words: for every word it gives a probability
distribution over its top-k candidate antecedents plus a dummy "no
antecedent" (column 0), and start/end scores of the span around it (relative
offsets ``-radius..radius``). Decoding links each word to its most probable
antecedent, takes connected components as clusters of head words, and then
expands each head word into its span. Offsets come from corefine's tokens, so
``text[m.start:m.end] == m.text`` holds by construction.

Confidence: a mention's confidence is the probability that its antecedent is
*some* earlier mention of its cluster, the sum of its link probabilities to
the cluster's earlier head words. Why the sum and not the best link: a pronoun
in a long chain spreads its probability over several coreferent antecedents
("he" → the previous "he", "his", "Byron"), so its best single link is often
below 0.3 while the model is sure of the entity; the training loss (the
log of that same sum) is what makes the sum a probability. On held-out text
it is over-confident, so a model's ``config.json`` may carry a map applied to
every mention confidence last (:mod:`corefine.model.calibration`). The
first mention of a cluster has no antecedent, so it gets the highest
confidence of a mention that links to it. A cluster's confidence is its
strongest mention's: how sure the model is that the entity is mentioned at
least twice. The rewriter gates each replacement on the mention's own
confidence (and its representative's), so one doubtful mention in a long
chain does not block the confident ones.

Pronouns under "no antecedent": a pronoun whose best antecedent scores at least
``pronoun_margin`` (the model's ``config.json``; 0.5 for the shipped model) times "no
antecedent" links too. Such a link is weak, so it only brings the pronoun (and the
words strongly linked to it) into the cluster, at a confidence of at most its own
probability: cluster scores rise (OntoGUM dev CoNLL F1 +0.7, LitBank +0.5 for the
shipped model, margin chosen on those dev sets) while replacements at thresholds of 0.5
and above stay as they were. A pronoun is its own span, so it needs no span scores,
which the graph computes only for words whose best choice beats "no antecedent".

Appositions: a mention that ends a larger mention after a comma ("Louis
Marinelli, *the leader of the campaign*") names the same entity as the larger
one. The span predictor of the apposition's head word sometimes returns only
the apposition, and the pronouns linked to it then form a second cluster
beside the name's; :func:`merge_appositions` joins the two, since no reading
of an apposition makes them different entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corefine.document import Cluster, Mention, Token
from corefine.lexicon import pronoun
from corefine.model.calibration import Calibration
from corefine.model.segments import merge_clusters


@dataclass(frozen=True)
class HeadLink:
    """Word ``anaphor`` refers back to word ``antecedent`` with probability ``prob``."""

    anaphor: int
    antecedent: int
    prob: float


def best_links(
    antecedents: np.ndarray,
    probs: np.ndarray,
    min_prob: float = 0.0,
    margin: np.ndarray | None = None,
) -> list[HeadLink]:
    """Each word's most probable antecedent, where it beats "no antecedent" and ``min_prob``.

    ``antecedents`` is ``[N, k]`` word indices, ``probs`` is ``[N, k + 1]`` with
    the dummy in column 0. Candidates that are not earlier words are ignored
    whatever their score (the graph already gives them probability ~0).
    ``margin`` (``[N]``, default 1): word ``i`` links when its best antecedent's
    probability exceeds ``margin[i]`` times the dummy's.
    """
    n, k = antecedents.shape
    if n == 0 or k == 0:
        return []
    valid = (antecedents < np.arange(n)[:, None]) & (antecedents >= 0)
    cand = np.where(valid, probs[:, 1:], -1.0).astype(np.float64)
    best = cand.argmax(axis=1)  # the first maximum, as a per-row argmax takes
    p = cand[np.arange(n), best]
    factor = 1.0 if margin is None else margin
    keep = np.flatnonzero((p > factor * probs[:, 0]) & (p >= min_prob))
    return [HeadLink(int(i), int(antecedents[i, best[i]]), float(p[i])) for i in keep]


def head_clusters(n_words: int, links: Sequence[HeadLink]) -> list[list[int]]:
    """Connected components of the links, as sorted lists of head words (singletons dropped)."""
    parent = list(range(n_words))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        a, b = find(link.anaphor), find(link.antecedent)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for link in links:
        for w in (link.anaphor, link.antecedent):
            groups.setdefault(find(w), [])
    for w in range(n_words):
        r = find(w)
        if r in groups:
            groups[r].append(w)
    return sorted((sorted(set(g)) for g in groups.values() if len(set(g)) > 1), key=lambda g: g[0])


def cluster_link_probs(
    groups: Sequence[Sequence[int]],
    links: Sequence[HeadLink],
    antecedents: np.ndarray,
    probs: np.ndarray,
) -> dict[int, float]:
    """Each clustered head word's confidence (see the module docstring)."""
    cluster_of = {w: c for c, heads in enumerate(groups) for w in heads}
    confidence: dict[int, float] = {}
    for link in links:
        i = link.anaphor
        c = cluster_of.get(i)
        if c is None:
            continue
        cand = antecedents[i]
        same = np.array([int(j) < i and cluster_of.get(int(j)) == c for j in cand], dtype=bool)
        confidence[i] = min(1.0, float(probs[i, 1:][same].sum()))
    anaphors = {link.anaphor for link in links}
    for link in links:  # first mentions: the most confident mention linking to them
        if link.antecedent not in anaphors:
            prev = confidence.get(link.antecedent, 0.0)
            confidence[link.antecedent] = max(prev, confidence.get(link.anaphor, link.prob))
    return confidence


def add_weak_links(
    confidence: dict[int, float], chains: Sequence[Sequence[int]], weak: Sequence[HeadLink]
) -> None:
    """Confidences of the words that weak links bring into clusters.

    A weak link (a pronoun's best antecedent under "no antecedent", kept by
    ``pronoun_margin``) joins the anaphor's chain (the words strong links join to it) to
    the antecedent's cluster. The confidences computed on strong links alone stay as they
    are: a mention's confidence does not rise because a doubtful word joined its cluster.
    The chain's words are in the cluster only if the weak link holds, so none is surer
    than it; otherwise "he ... his" joined to the wrong name by a 0.3 link would be
    replaced with that name at the chain's own 0.9. An antecedent that only weak links
    reach gets, like any first mention, the confidence of its surest anaphor.
    """
    chain_of = {w: chain for chain in chains for w in chain}
    for link in weak:
        for w in chain_of.get(link.anaphor, [link.anaphor]):
            confidence[w] = min(confidence.get(w, link.prob), link.prob)
        if link.antecedent not in chain_of:
            confidence[link.antecedent] = max(confidence.get(link.antecedent, 0.0), link.prob)


def head_span(
    head: int,
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    sentence_ids: np.ndarray,
    radius: int,
) -> tuple[int, int]:
    """Inclusive word span ``(first, last)`` around ``head``, kept inside its sentence."""
    n = len(sentence_ids)
    offsets = np.arange(-radius, radius + 1)
    words = head + offsets
    inside = (words >= 0) & (words < n)
    same = np.zeros_like(inside)
    same[inside] = sentence_ids[words[inside]] == sentence_ids[head]
    start_ok = same & (offsets <= 0)
    end_ok = same & (offsets >= 0)
    first = head + int(offsets[np.argmax(np.where(start_ok, start_logits, -np.inf))])
    last = head + int(offsets[np.argmax(np.where(end_ok, end_logits, -np.inf))])
    return first, last


def decode_clusters(
    text: str,
    tokens: Sequence[Token],
    sentence_ids: np.ndarray,
    antecedents: np.ndarray,
    probs: np.ndarray,
    span_heads: np.ndarray,
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    radius: int,
    min_prob: float = 0.0,
    pronoun_margin: float = 1.0,
    calibration: Calibration | None = None,
) -> list[Cluster]:
    """Clusters of mentions with character offsets into ``text`` and a confidence each.

    Row ``r`` of ``start_logits``/``end_logits`` scores the span of word ``span_heads[r]``.
    ``pronoun_margin``: a pronoun links when its best antecedent beats this share of
    "no antecedent" (1: as every word). The graph scores spans only for words whose best
    choice beats "no antecedent" and their antecedents; a pronoun is its own span, so a
    link under "no antecedent" is kept when both its words have span scores or are
    pronouns. ``calibration`` maps each mention's confidence (see
    :mod:`corefine.model.calibration`); ``None`` leaves it raw.
    """
    row_of = {int(h): r for r, h in enumerate(span_heads)}
    is_pronoun = np.array([_personal(t.text) for t in tokens], dtype=bool)
    margin = np.where(is_pronoun, pronoun_margin, 1.0) if pronoun_margin != 1.0 else None
    spanned = is_pronoun.copy()
    spanned[span_heads.astype(np.int64)] = True
    strong: list[HeadLink] = []
    weak: list[HeadLink] = []
    for link in best_links(antecedents, probs, min_prob, margin):
        if link.prob > probs[link.anaphor, 0]:
            strong.append(link)
        elif spanned[link.anaphor] and spanned[link.antecedent]:
            weak.append(link)
    links = strong + weak
    groups = head_clusters(len(tokens), links)
    if not weak:
        confidence = cluster_link_probs(groups, links, antecedents, probs)
    else:  # confidences from the strong links; the weak ones only bring words in
        chains = head_clusters(len(tokens), strong)
        confidence = cluster_link_probs(chains, strong, antecedents, probs)
        add_weak_links(confidence, chains, weak)
    clusters: list[Cluster] = []
    for heads in groups:
        by_span: dict[tuple[int, int], Mention] = {}
        for h in heads:
            if h in row_of:
                r = row_of[h]
                first, last = head_span(h, start_logits[r], end_logits[r], sentence_ids, radius)
            elif is_pronoun[h]:
                first = last = h
            else:
                raise ValueError(f"the network gave no span scores for head word {h}")
            start, end = tokens[first].start, tokens[last].end
            conf = float(confidence.get(h, 0.0))
            conf = round(calibration(conf) if calibration else conf, 6)
            old = by_span.get((start, end))
            if old is None or (old.confidence or 0.0) < conf:
                by_span[(start, end)] = Mention(start, end, text[start:end], conf)
        if len(by_span) < 2:
            continue
        mentions = list(by_span.values())
        cluster_conf = max(m.confidence or 0.0 for m in mentions)
        clusters.append(Cluster(len(clusters), mentions, cluster_conf))
    return merge_appositions(text, clusters)


def _personal(word: str) -> bool:
    """A personal, possessive or reflexive pronoun (not a relative one)."""
    p = pronoun(word)
    return p is not None and not p.relative


def merge_appositions(text: str, clusters: Sequence[Cluster]) -> list[Cluster]:
    """Join clusters where a mention of one is the trailing apposition of a mention of another.

    ``b`` is the apposition of ``a`` when both end at the same character, ``a``
    starts earlier, and the text of ``a`` before ``b`` ends with its only comma
    ("Louis Marinelli, " + "the leader of ..."; not "Smith, Jones, " + "and Lee").
    Each such pair becomes a two-mention bridge, and clusters sharing a mention
    merge as the segments' clusters do (:func:`~corefine.model.segments.merge_clusters`).
    """
    by_end: dict[int, list[tuple[Mention, int]]] = {}
    for ci, c in enumerate(clusters):
        for m in c.mentions:
            by_end.setdefault(m.end, []).append((m, ci))
    bridges = [
        Cluster(-1, [a, b])
        for group in by_end.values()
        for a, ca in group
        for b, cb in group
        if ca != cb and a.start < b.start and _apposition_head(text[a.start : b.start])
    ]
    bridges += _adjacent_appositions(text, clusters, by_end)
    return merge_clusters([clusters, bridges]) if bridges else list(clusters)


def _adjacent_appositions(
    text: str, clusters: Sequence[Cluster], by_end: dict[int, list[tuple[Mention, int]]]
) -> list[Cluster]:
    """Bridges for a cluster *introduced* by a description right after a name and a comma
    ("Lynch, *the country's first African-American woman* to serve ..., had her"), when the
    model found no mention spanning both: the description's span predictor stopped before
    the relative clause, so nothing ends where the name's larger mention would.

    An apposition is closed by a comma: the next punctuation after the description must be
    one ("Lynch, the ... woman to serve in the role, had"; not "trade with Russia, the
    Chamber of Commerce chairman told Sputnik."). Not a list: the description must be the
    first mention of its cluster, start with an article, and not be followed by "and"/"or"
    ("Obama, the Clintons and Sanders"); nor a part of it: no longer mention starts where
    it does ("the country's" in "the country's first African-American woman").
    """
    longest: dict[int, int] = {}
    for c in clusters:
        for m in c.mentions:
            longest[m.start] = max(longest.get(m.start, 0), m.end)
    out = []
    for cb, c in enumerate(clusters):
        b = min(c.mentions, key=lambda m: m.start)
        if longest[b.start] > b.end:
            continue  # "the country's" inside "the country's first ... woman"
        comma = _skip_blanks_back(text, b.start) - 1
        if comma < 0 or text[comma] != "," or not _ARTICLE_FIRST.match(b.text):
            continue
        closer = _CLAUSE_PUNCTUATION.search(text, b.end)
        if _LIST_GOES_ON.match(text, b.end) or closer is None or closer.group() != ",":
            continue
        for a, ca in by_end.get(_skip_blanks_back(text, comma), []):
            if ca != cb and a.text[:1].isupper() and pronoun(a.text) is None:
                out.append(Cluster(-1, [a, b]))
                break
    return out


def _skip_blanks_back(text: str, i: int) -> int:
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return i


_ARTICLE_FIRST = re.compile(r"(?:the|a|an)\s", re.IGNORECASE)
_CLAUSE_PUNCTUATION = re.compile(r"[,.;:!?\n]")
_LIST_GOES_ON = re.compile(r"\s*,?\s*(?:and|or|&)\b")


def _apposition_head(head: str) -> bool:
    head = head.rstrip()
    return head.endswith(",") and head.count(",") == 1
