"""Coreference metrics: MUC, B³, CEAF-e, LEA and the CoNLL F1, per document and corpus.

Why this module exists when ``scorch`` computes MUC, B³ and CEAF-e: published
numbers are *corpus* scores aggregated the way the CoNLL-2012 reference scorer
(v8.01, ``CorScorer.pm``) aggregates them, by summing recall and precision
numerators and denominators over documents (micro-average); ``scorch`` only
scores one document, has no LEA, and does not reproduce the reference scorer's
handling of malformed input. Here:

* **Per-document MUC, B³, CEAF-e come from scorch**; we recover the numerators
  from its recall/precision times denominators we count ourselves (the
  reference scorer's denominators: key/response links for MUC, mentions for
  B³, entities for CEAF-e). MUC numerators are integers, so ``round`` makes
  them exact; B³ and CEAF-e numerators are sums of fractions that both scorch
  and the Perl scorer hold as doubles, and ``R × denominator`` reproduces them
  to within a few ulps (1e-13 relative at worst), far below the two decimals
  anyone reports. Calling scorch's internals would not be more exact and would
  tie us to private code.
* **LEA** (Moosavi & Strube 2016) is implemented here as in the reference
  scorer's ``LEA``/``LEASUB``: importance is entity size; resolution is the
  fraction of an entity's ``n(n-1)/2`` links found in one entity of the other
  side; a singleton has one *self-link*, correct iff its mention is a
  singleton entity on the other side.
* **Duplicates and other edge cases follow ``IdentifMentions``** of the
  reference scorer:

  - a *response* mention that also occurs in the key and appears in more than
    one response cluster is kept in the first cluster only (the scorer prints
    "Repeated mention in the response" and removes it); clusters left empty
    are dropped. A twinless response mention (not in the key) listed in
    several clusters is *not* removed, as in the scorer. (The scorer refuses
    to score a run with more than 10 removals; we score it and warn.)
  - a *key* mention listed in several key clusters stays in all of them for
    sizes and denominators, but links and look-ups use the *last* cluster
    containing it (the scorer's ``Indexa`` keeps the last). OntoGUM has seven
    such spans. scorch assumes disjoint clusters, so for such documents MUC is
    taken from scorch on the key with each mention kept only in its last
    cluster, and B³ from scorch minus the terms that the scorer does not count
    (the mention's contribution through its non-last clusters); CEAF-e
    already agrees. We warn.
  - twinless response mentions count in precision denominators only; key
    mentions missing from the response are missed; an empty response scores 0;
    a key document without a response document is scored against an empty
    response, and response documents without a key document are ignored
    (the scorer iterates over key documents only).
  - within one cluster a mention is a set element, so a repeat inside one
    cluster is simply the same mention (the scorer removes such repeats from
    the response too).

Scores are on a 0-100 scale; F1 is computed from the aggregated recall and
precision (not averaged over documents), and the CoNLL F1 is the mean of the
MUC, B³ and CEAF-e F1. Counts are :class:`~corefine.eval.prf.PRCounts` (the
shared precision/recall type, here under the name ``MetricCounts``), in the
reference scorer's order of operations.
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

from corefine.corpora.conll2012 import clusters_as_token_spans
from corefine.document import Document
from corefine.eval.prf import PRF, PRCounts
from corefine.extras import SCORING_FEATURE, import_extra

__all__ = [
    "METRICS",
    "PRF",
    "CorefScorer",
    "CorefScores",
    "MetricCounts",
    "document_counts",
    "score_document",
    "score_documents",
]

METRICS = ("muc", "b3", "ceafe", "lea")

ClusterInput = Iterable[Hashable]
ClustersInput = Iterable[ClusterInput]


@dataclass(frozen=True)
class CorefScores:
    """The four metrics and the CoNLL F1 (mean of MUC, B³ and CEAF-e F1)."""

    muc: PRF
    b3: PRF
    ceafe: PRF
    lea: PRF
    conll_f1: float

    def to_dict(self) -> dict[str, Any]:
        """``{"muc": {"p", "r", "f1"}, "b3": ..., "ceafe": ..., "lea": ..., "conll_f1": x}``."""
        return {
            "muc": self.muc.to_dict(),
            "b3": self.b3.to_dict(),
            "ceafe": self.ceafe.to_dict(),
            "lea": self.lea.to_dict(),
            "conll_f1": self.conll_f1,
        }


# The CoNLL metrics' counts are the shared precision/recall type (see corefine.eval.prf);
# the name stays for the callers that count with it.
MetricCounts = PRCounts


def _scores_from_counts(counts: Mapping[str, MetricCounts]) -> CorefScores:
    prf = {m: counts[m].prf() for m in METRICS}
    conll = (prf["muc"].f1 + prf["b3"].f1 + prf["ceafe"].f1) / 3
    return CorefScores(prf["muc"], prf["b3"], prf["ceafe"], prf["lea"], conll)


# -----------------------------------------------------------------------------
# one document
# -----------------------------------------------------------------------------


@dataclass
class _Prepared:
    """Clusters as sets of integer ids after the reference scorer's clean-up."""

    key: list[frozenset[int]]
    response: list[frozenset[int]]
    # key mentions listed in more than one key cluster -> index of the last one
    key_last: dict[int, int] = field(default_factory=dict)
    key_multi: set[int] = field(default_factory=set)


def _prepare(key: ClustersInput, response: ClustersInput, doc: str | None) -> _Prepared:
    ids: dict[Hashable, int] = {}

    def to_ids(cluster: ClusterInput) -> frozenset[int]:
        return frozenset(ids.setdefault(m, len(ids)) for m in cluster)

    key_sets = [c for c in (to_ids(c) for c in key) if c]
    key_mentions: set[int] = set()
    key_last: dict[int, int] = {}
    seen_count: Counter[int] = Counter()
    for i, c in enumerate(key_sets):
        for m in c:
            seen_count[m] += 1
            key_last[m] = i
        key_mentions |= c
    multi = {m for m, n in seen_count.items() if n > 1}
    where = f"document {doc!r}: " if doc else ""
    if multi:
        warnings.warn(
            f"{where}{len(multi)} key mention(s) belong to more than one key cluster; "
            f"scored as the reference scorer does (every cluster keeps the mention, "
            f"links use the last one)",
            stacklevel=3,
        )

    response_sets: list[frozenset[int]] = []
    assigned: set[int] = set()
    repeated = 0
    for cluster in response:
        kept = set()
        for m in to_ids(cluster):
            if m in key_mentions:
                if m in assigned:
                    repeated += 1
                    continue
                assigned.add(m)
            kept.add(m)
        if kept:
            response_sets.append(frozenset(kept))
    if repeated:
        warnings.warn(
            f"{where}{repeated} response mention(s) appear in more than one response "
            f"cluster; kept in the first only, as the reference scorer does",
            stacklevel=3,
        )
    return _Prepared(
        key_sets,
        response_sets,
        {m: key_last[m] for m in multi},
        multi,
    )


@functools.cache
def _scorch() -> ModuleType:
    """``scorch.scores``, imported on first use: scorch and scipy are the optional ``eval``
    extra, which resolving text does without (a missing one is a one-line error)."""
    return import_extra("scorch.scores", "eval", SCORING_FEATURE)


def _muc(prep: _Prepared, scorch_scores: ModuleType) -> MetricCounts:
    key, response = prep.key, prep.response
    r_den = sum(len(k) - 1 for k in key)
    p_den = sum(len(r) - 1 for r in response)
    # Correct links: response mentions grouped by the (last) key cluster of each.
    key_for_links = key
    if prep.key_multi:
        key_for_links = [
            frozenset(m for m in k if prep.key_last.get(m, i) == i) for i, k in enumerate(key)
        ]
        key_for_links = [k for k in key_for_links if k]
    links_k = sum(len(k) - 1 for k in key_for_links)
    correct = 0
    if links_k and p_den:  # otherwise no link can be correct
        r, _, _ = scorch_scores.muc(key_for_links, response)
        # scorch's recall numerator sum_k(|k| - |partition of k by response|) is
        # the scorer's count of correct links: an integer, so rounding is exact.
        correct = round(r * links_k)
    return MetricCounts(correct, r_den, correct, p_den)


def _b3(prep: _Prepared, scorch_scores: ModuleType) -> MetricCounts:
    key, response = prep.key, prep.response
    r_den = sum(len(k) for k in key)
    p_den = sum(len(r) for r in response)
    if not key or not response:
        return MetricCounts(0.0, r_den, 0.0, p_den)
    r, p, _ = scorch_scores.b_cubed(key, response)
    r_num, p_num = r * r_den, p * p_den
    if prep.key_multi:
        # The scorer counts each response mention once, through the last key
        # cluster holding it; scorch counts it through every such cluster.
        for resp in response:
            for m in resp & prep.key_multi:
                for i, k in enumerate(key):
                    if m in k and i != prep.key_last[m]:
                        common = len(resp & k)
                        r_num -= common / len(k)
                        p_num -= common / len(resp)
    return MetricCounts(r_num, r_den, p_num, p_den)


def _ceafe(prep: _Prepared, scorch_scores: ModuleType) -> MetricCounts:
    key, response = prep.key, prep.response
    key_mentions = frozenset().union(*key)
    if not any(key_mentions & r for r in response):
        # no entity can be aligned; scorch would divide 0 by 0 in numpy
        # (harmonic_mean of two numpy zeros raises) instead of returning 0
        return MetricCounts(0.0, len(key), 0.0, len(response))
    r, _, _ = scorch_scores.ceaf_e(key, response)
    total = r * len(key)  # phi4(k, k) = 1, so scorch's recall denominator is len(key)
    return MetricCounts(total, len(key), total, len(response))


def _lea_side(
    entities: Sequence[frozenset[int]], others: Sequence[frozenset[int]]
) -> tuple[float, int]:
    """LEASUB of the reference scorer: sum of size × resolution, and sum of sizes."""
    index: dict[int, int] = {}
    for j, other in enumerate(others):
        for m in other:
            index[m] = j  # last cluster wins, as Indexa
    num = 0.0
    den = 0
    for entity in entities:
        n = len(entity)
        if n == 1:
            (m,) = entity
            where = index.get(m)
            correct = 1 if where is not None and len(others[where]) == 1 else 0
            links = 1
        else:
            groups = Counter(index[m] for m in entity if m in index)
            correct = sum(c * (c - 1) // 2 for c in groups.values())
            links = n * (n - 1) // 2
        num += correct / links * n
        den += n
    return num, den


def _lea(prep: _Prepared) -> MetricCounts:
    r_num, r_den = _lea_side(prep.key, prep.response)
    p_num, p_den = _lea_side(prep.response, prep.key)
    return MetricCounts(r_num, r_den, p_num, p_den)


def document_counts(
    key: ClustersInput, response: ClustersInput, doc: str | None = None
) -> dict[str, MetricCounts]:
    """Numerators and denominators of every metric for one document.

    ``key`` and ``response`` are sequences of clusters, each an iterable of
    hashable mentions (token spans, character spans, :class:`Mention`...);
    key and response must use the same kind. ``doc`` only names the document in
    warnings.
    """
    scorch = _scorch()  # first: without the extra, every document fails alike
    prep = _prepare(key, response, doc)
    return {
        "muc": _muc(prep, scorch),
        "b3": _b3(prep, scorch),
        "ceafe": _ceafe(prep, scorch),
        "lea": _lea(prep),
    }


def score_document(key: ClustersInput, response: ClustersInput) -> CorefScores:
    """All metrics for a single document."""
    return _scores_from_counts(document_counts(key, response))


# -----------------------------------------------------------------------------
# corpus
# -----------------------------------------------------------------------------


class CorefScorer:
    """Accumulates documents into corpus (micro-averaged) scores.

    >>> s = CorefScorer()
    >>> _ = s.add([{(0, 0), (3, 4)}], [{(0, 0), (3, 4)}])
    >>> s.scores().conll_f1
    100.0
    """

    def __init__(self) -> None:
        self.counts: dict[str, MetricCounts] = {m: MetricCounts() for m in METRICS}
        self.documents = 0

    def add(
        self, key: ClustersInput, response: ClustersInput, doc: str | None = None
    ) -> CorefScores:
        """Add one document (pass ``response=[]`` for a key without response).

        Returns the document's own scores.
        """
        counts = document_counts(key, response, doc)
        for m in METRICS:
            self.counts[m] = self.counts[m] + counts[m]
        self.documents += 1
        return _scores_from_counts(counts)

    def scores(self) -> CorefScores:
        """Corpus scores: numerators and denominators summed over documents."""
        return _scores_from_counts(self.counts)


def score_documents(
    key_docs: Sequence[Document],
    response_docs: Sequence[Document],
    spans: Literal["token", "char"] = "token",
) -> CorefScores:
    """Score response documents against key documents, paired by ``doc.name``.

    As the reference scorer: every key document is scored, against an empty
    response when no response document has its name; response documents
    without a key document are ignored (with a warning). ``spans="token"``
    compares mentions as token spans (both sides read from CoNLL files share
    the tokenization); ``"char"`` compares character spans.
    """

    def clusters(doc: Document) -> list[set[Any]]:
        if spans == "token":
            return [set(c) for c in clusters_as_token_spans(doc)]
        return [{m.span for m in c.mentions} for c in doc.clusters]

    by_name: dict[str, Document] = {}
    for d in response_docs:
        by_name.setdefault(d.name, d)
    key_names = {d.name for d in key_docs}
    extra = [n for n in by_name if n not in key_names]
    if extra:
        warnings.warn(
            f"{len(extra)} response document(s) have no key document and are ignored: "
            + ", ".join(repr(n) for n in extra[:5])
            + (" ..." if len(extra) > 5 else ""),
            stacklevel=2,
        )
    scorer = CorefScorer()
    missing = []
    for kd in key_docs:
        rd = by_name.get(kd.name)
        if rd is None:
            missing.append(kd.name)
        elif spans == "token" and len(rd.tokens) != len(kd.tokens):
            warnings.warn(
                f"document {kd.name!r}: key has {len(kd.tokens)} tokens, response "
                f"{len(rd.tokens)}; token spans may not line up",
                stacklevel=2,
            )
        scorer.add(clusters(kd), clusters(rd) if rd is not None else [], kd.name)
    if missing:
        warnings.warn(
            f"{len(missing)} key document(s) have no response document and are scored "
            f"against an empty response: "
            + ", ".join(repr(n) for n in missing[:5])
            + (" ..." if len(missing) > 5 else ""),
            stacklevel=2,
        )
    return scorer.scores()
