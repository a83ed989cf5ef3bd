"""Pronoun-resolution score: are the rewriter's pronoun replacements right?

Why a separate score: corefine's output is text in which third-person pronouns
are replaced by their antecedents. Cluster metrics (MUC, B³...) do not say how
many of those replacements are correct, nor how many resolvable pronouns were
left alone; this score does, against gold clusters.

Definitions (one pronoun table for everyone: :mod:`corefine.lexicon`):

* A **target pronoun form** is a third-person personal or possessive pronoun:
  ``pronoun(text).third_person`` (which excludes relatives) and not reflexive.
* A **resolvable pronoun** is a gold mention whose text is a target form and
  whose gold cluster also holds a *non-pronominal* mention (its text is not in
  the lexicon at all) that does not contain the pronoun (``his`` is not
  resolved by ``his mother``). Only such pronouns can be replaced by a name or
  description.
* A **replacement** counts when its original text is a target form. It is
  **correct** when the source mention (``source_start``/``source_end``, the
  mention whose text was copied) belongs to a gold cluster of the replaced
  pronoun, meaning: the pronoun's span is a gold mention of cluster C (or the
  core of one, as the rewriter trims it: *him* of "him, a patriotic islander"),
  and

  1. the source span equals a mention of C or the core of one (exact: the
     rewriter copies cores, so a model mention "Norton I" is the gold
     "Norton I, Emperor of the United States" trimmed of its apposition), or
  2. (lenient, for boundary differences such as ``Byron`` vs ``Lord Byron``)
     the best IoU of the source with a mention of C is at least 0.5 and
     strictly greater than its best IoU with any mention of a cluster the
     pronoun is not in. IoU is measured on the gold tokens each span overlaps
     (|shared tokens| / |tokens of either|).

  The source is credited when either the mention the model linked or its core (the text
  the rewriter copies: "Byron" of a model mention "Byron, who was then nineteen") passes
  one of these rules, since the reader sees the core: a gold mention "Byron" of C is the
  entity the reader is shown, even when the model's span was longer.

  IoU rather than containment or raw overlap, so that a long source (``the
  mother of John``) is not credited to a short gold mention inside it
  (``John``) or the other way round; the 0.5 floor keeps a wider phrase that
  merely contains the antecedent (``Byron 's friend`` for *he* = Byron) from
  counting, while one extra or missing word in a two-word name still counts;
  tokens rather than characters so that word length does not matter (``Ann``
  for ``Ann Smith`` is 1/2); a tie is not credited, since the source could
  then be either entity. A pronoun that is not a gold mention (pleonastic
  *it*) is never correctly replaced.

Precision = correct / replaced; recall = correct replacements of resolvable
pronouns / resolvable pronouns. Counts add up over documents with ``+``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corefine.document import Cluster, Document
from corefine.eval.prf import PRCounts, ScoredByCounts
from corefine.lexicon import pronoun
from corefine.rewriter.mentions import core_span
from corefine.rewriter.replacement import Replacement
from corefine.tokenizer import make_document

__all__ = [
    "MIN_IOU",
    "PronounCounts",
    "is_target_pronoun",
    "judged_replacements",
    "pronoun_counts",
    "resolvable_pronouns",
]

MIN_IOU = 0.5

Span = tuple[int, int]


@dataclass
class PronounCounts(ScoredByCounts):
    """Replacement counts; precision/recall/F1 on a 0-100 scale (0 when undefined).

    Two numerators: ``correct`` over ``replaced`` is precision, ``correct_resolvable`` over
    ``resolvable`` is recall (:attr:`counts`).
    """

    replaced: int = 0
    correct: int = 0
    resolvable: int = 0
    correct_resolvable: int = 0

    def __add__(self, other: PronounCounts) -> PronounCounts:
        return PronounCounts(
            self.replaced + other.replaced,
            self.correct + other.correct,
            self.resolvable + other.resolvable,
            self.correct_resolvable + other.correct_resolvable,
        )

    @property
    def counts(self) -> PRCounts:
        return PRCounts(
            self.correct_resolvable,
            self.resolvable,
            self.correct,
            self.replaced,
            percent_first=True,
        )

    def to_dict(self) -> dict[str, float]:
        return {
            **self.counts.to_dict(),
            "replaced": self.replaced,
            "correct": self.correct,
            "resolvable": self.resolvable,
            "correct_resolvable": self.correct_resolvable,
        }


def is_target_pronoun(text: str) -> bool:
    """Third-person personal or possessive pronoun, not reflexive, not relative."""
    p = pronoun(text)
    return p is not None and p.third_person and not p.reflexive


def _is_resolvable_in(span: Span, cluster: Cluster) -> bool:
    a, b = span
    return any(
        pronoun(m.text) is None and not (m.start <= a and b <= m.end) for m in cluster.mentions
    )


def resolvable_pronouns(doc: Document) -> list[Span]:
    """Spans of the document's resolvable pronouns (see the module docstring), in text order."""
    found: set[Span] = set()
    for c in doc.clusters:
        for m in c.mentions:
            if is_target_pronoun(m.text) and _is_resolvable_in(m.span, c):
                found.add(m.span)
    return sorted(found)


class _TokenGrid:
    """Maps character spans to the set of gold tokens they overlap."""

    def __init__(self, doc: Document) -> None:
        tokens = doc.tokens or make_document(doc.text).tokens
        self._starts = [t.start for t in tokens]
        self._ends = [t.end for t in tokens]

    def tokens(self, span: Span) -> range:
        i = bisect.bisect_right(self._ends, span[0])
        j = bisect.bisect_left(self._starts, span[1])
        return range(i, max(i, j))

    def iou(self, a: Span, b: Span) -> float:
        ta, tb = self.tokens(a), self.tokens(b)
        if not ta or not tb:
            return 0.0
        inter = min(ta.stop, tb.stop) - max(ta.start, tb.start)
        if inter <= 0:
            return 0.0
        return inter / (max(ta.stop, tb.stop) - min(ta.start, tb.start))


def _source_matches(
    source: Span,
    own: Sequence[Cluster],
    others: Sequence[Cluster],
    grid: _TokenGrid,
    cores: dict[Span, Span],
) -> bool:
    """Does ``source`` belong to one of the ``own`` clusters rather than to ``others``?

    Exact span match with a mention of an own cluster or its core (``cores``: mention
    span → core span), or the lenient IoU rule of the module docstring.
    """
    own_spans = [m.span for c in own for m in c.mentions]
    if source in own_spans or source in {cores[s] for s in own_spans}:
        return True
    best_own = max((grid.iou(source, s) for s in own_spans), default=0.0)
    best_other = max((grid.iou(source, m.span) for c in others for m in c.mentions), default=0.0)
    return best_own >= MIN_IOU and best_own > best_other


def _cores(doc: Document) -> dict[Span, Span]:
    """Each gold mention's core (the part the rewriter replaces or copies)."""
    return {m.span: core_span(doc.text, m.start, m.end) for c in doc.clusters for m in c.mentions}


def _clusters_by_span(doc: Document, cores: dict[Span, Span]) -> dict[Span, list[Cluster]]:
    """The gold clusters of each mention span and of each mention's core, built once per
    document."""
    found: dict[Span, list[Cluster]] = {}
    for c in doc.clusters:
        for m in c.mentions:
            for span in {m.span, cores[m.span]}:
                if all(c is not o for o in found.setdefault(span, [])):
                    found[span].append(c)
    return found


def pronoun_counts(gold: Document, replacements: Iterable[Replacement]) -> PronounCounts:
    """Score one document's replacements against its gold clusters.

    ``replacements`` index ``gold.text`` (the rewriter ran on the same text);
    a replacement whose ``original`` is not the gold text at its offsets is a
    caller error and raises ``ValueError``.
    """
    resolvable = set(resolvable_pronouns(gold))
    counts = PronounCounts(resolvable=len(resolvable))
    for r, correct in judged_replacements(gold, replacements):
        counts.replaced += 1
        if correct:
            counts.correct += 1
            if (r.start, r.end) in resolvable:
                counts.correct_resolvable += 1
    return counts


def judged_replacements(
    gold: Document, replacements: Iterable[Replacement]
) -> list[tuple[Replacement, bool]]:
    """The replacements :func:`pronoun_counts` scores (third-person pronouns, each span
    once), each with whether gold agrees with it: what calibration is measured on."""
    grid = _TokenGrid(gold)
    cores = _cores(gold)
    clusters_at = _clusters_by_span(gold, cores)
    seen: set[Span] = set()
    judged: list[tuple[Replacement, bool]] = []
    for r in replacements:
        span = (r.start, r.end)
        if span in seen or not is_target_pronoun(r.original):
            continue
        if gold.text[r.start : r.end] != r.original:
            raise ValueError(
                f"replacement of {r.original!r} at [{r.start}, {r.end}) does not match the "
                f"gold text ({gold.text[r.start : r.end]!r}); was it made on another text?"
            )
        seen.add(span)
        own = clusters_at.get(span, [])
        others = [c for c in gold.clusters if all(c is not o for o in own)]
        source = (r.source_start, r.source_end)
        copied = core_span(gold.text, *source)
        correct = bool(own) and any(
            _source_matches(span, own, others, grid, cores) for span in {source, copied}
        )
        judged.append((r, correct))
    return judged
