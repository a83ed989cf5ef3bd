"""One precision/recall/F1 type for every score in :mod:`corefine.eval`.

Every score here is precision = a numerator over a denominator and recall = another
numerator over another denominator; only what is counted differs:

============================  =========================  ==============================
score                         precision                  recall
============================  =========================  ==============================
MUC, B³, CEAF-e, LEA          reference scorer's counts  reference scorer's counts
GAP (``GapCounts``)           TP / (TP + FP)             TP / (TP + FN)
pronouns (``PronounCounts``)  correct / replaced         correct resolvable / resolvable
news gold set                 right / replaced           right entity pronouns /
(``ReplacementScore``)                                   entity pronouns
============================  =========================  ==============================

So the shared type is :class:`PRCounts`, the two numerators and two denominators: it adds up
with ``+`` (documents into a corpus, as the reference scorers do) and is the one place where
counts become precision, recall and F1. The CoNLL metrics' ``MetricCounts`` *is*
:class:`PRCounts` (an alias; their numerators are sums of fractions for B³, CEAF-e and LEA,
hence floats). The other scores keep their own counts, because they hold more than
the four numbers or count them differently, and *use* :class:`PRCounts` through
:class:`ScoredByCounts` (their ``counts``):

* GAP's confusion counts are TP/FP/FN/TN over A/B decisions, tallied one decision at a time
  (a missing prediction is a false negative whatever the gold label); TP is both numerators,
  TN is reported but enters neither ratio;
* the pronoun score has two numerators (correct replacements, and correct replacements of
  *resolvable* pronouns), kept under their own names because its JSON reports them;
* the news replacement score keeps the judged replacements themselves, since its confidence
  bands, expected calibration error and ``at(threshold)`` need each one's confidence.

Scale and arithmetic: everything is on a 0-100 scale, 0 when a denominator is 0 (as the
reference scorers do), and F1 is the harmonic mean of precision and recall (0 when both are
0). The two reference scorers differ in one detail, the order of operations, and each score
keeps the one its published numbers were made with, because the last digit of a float (and,
on an exact tie such as 23/80 = 28.75, a rounded table cell) depends on it:

* ``percent_first=False``, the CoNLL-2012 scorer's (``CorScorer.pm``): precision and recall
  as fractions, F1 of the fractions, each then times 100. The CoNLL metrics use it.
* ``percent_first=True``, GAP's ``gap_scorer.py``: ``100 * num / den`` (exactly rounded for
  integer counts), F1 of those percentages. GAP needs it to reproduce the reference; the
  pronoun and news replacement scores, all integer counts, have always used it.

Both live in :meth:`PRCounts.prf`, the only place where counts become P, R and F1.
:class:`PRF` is the resulting triple.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PRF", "PRCounts", "ScoredByCounts", "f1_score"]


def f1_score(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (any scale); 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 on a 0-100 scale."""

    p: float
    r: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"p": self.p, "r": self.r, "f1": self.f1}


@dataclass
class PRCounts:
    """Recall and precision numerators and denominators; P, R and F1 on a 0-100 scale.

    Adding counts is how documents aggregate into a corpus score (micro-average).
    ``percent_first`` picks the order of operations (module docstring); counts added
    together must agree on it.

    >>> c = PRCounts(r_num=1, r_den=4, p_num=1, p_den=2) + PRCounts(1, 1, 1, 1)
    >>> c.prf()
    PRF(p=66.66666666666666, r=40.0, f1=50.0)
    >>> PRCounts(1, 4, 1, 2, percent_first=True).prf()
    PRF(p=50.0, r=25.0, f1=33.333333333333336)
    """

    r_num: float = 0.0
    r_den: float = 0.0
    p_num: float = 0.0
    p_den: float = 0.0
    percent_first: bool = field(default=False, kw_only=True)

    def __add__(self, other: PRCounts) -> PRCounts:
        if other.percent_first != self.percent_first:
            raise ValueError("cannot add counts scored in different orders of operations")
        return PRCounts(
            self.r_num + other.r_num,
            self.r_den + other.r_den,
            self.p_num + other.p_num,
            self.p_den + other.p_den,
            percent_first=self.percent_first,
        )

    def prf(self) -> PRF:
        """Precision, recall and F1 in percent; 0 where undefined."""
        if self.percent_first:
            p = 100.0 * self.p_num / self.p_den if self.p_den else 0.0
            r = 100.0 * self.r_num / self.r_den if self.r_den else 0.0
            return PRF(p, r, f1_score(p, r))
        p = self.p_num / self.p_den if self.p_den else 0.0
        r = self.r_num / self.r_den if self.r_den else 0.0
        return PRF(100.0 * p, 100.0 * r, 100.0 * f1_score(p, r))

    @property
    def precision(self) -> float:
        """Percent; 0 when nothing was predicted."""
        return self.prf().p

    @property
    def recall(self) -> float:
        """Percent; 0 when there is nothing to recall."""
        return self.prf().r

    @property
    def f1(self) -> float:
        """Percent; 0 when precision and recall are both 0."""
        return self.prf().f1

    def to_dict(self) -> dict[str, float]:
        """``{"p", "r", "f1"}``."""
        return self.prf().to_dict()


class ScoredByCounts:
    """Precision, recall and F1 of a score that keeps its own counts (see the module
    docstring): a subclass says what its :class:`PRCounts` are."""

    @property
    def counts(self) -> PRCounts:
        raise NotImplementedError

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1

    def prf(self) -> PRF:
        return self.counts.prf()
