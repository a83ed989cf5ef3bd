"""GAP scoring: F1 over the A/B decisions, by pronoun gender, and the F/M bias.

Reproduces ``gap_scorer.py`` of google-research-datasets/gap-coreference
(``calculate_scores`` and ``make_scorecard``) so that our GAP numbers are the
published metric:

* every gold example contributes two decisions (is A the referent? is B?);
  gold true & predicted true is a true positive, gold false & predicted true
  a false positive, gold true & predicted false a false negative, both false a
  true negative;
* an example without a prediction (or with ``None`` for a name) counts as a
  **false negative for that name whatever the gold label**, as the reference
  scorer does ("Missing output for ..."); predictions for unknown ids are
  ignored, and a repeated gold id is scored once (its first row);
* decisions are tallied overall and for the gender of the gold pronoun
  (she/her/hers feminine, he/his/him masculine; any other pronoun is an error,
  as in the reference, which asserts);
* precision and recall are percentages (``100 * tp / den``, 0 when
  undefined) and F1 is taken of the percentages, the reference's order of
  operations (:class:`~corefine.eval.prf.PRCounts` with ``percent_first``), and
  bias = F1(feminine) / F1(masculine), undefined (``None``) when either is 0.

The gold examples may come from any reader: anything with ``id``, ``pronoun``,
``a_coref`` and ``b_coref`` attributes will do (:class:`GapLike`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from corefine.errors import CorefineError
from corefine.eval.prf import PRCounts, ScoredByCounts

__all__ = ["GapCounts", "GapLike", "GapScores", "gap_gender", "score_gap"]

Gender = Literal["masculine", "feminine"]

# gap-coreference constants.PRONOUNS: reflexives are not part of GAP.
GAP_PRONOUNS: dict[str, Gender] = {
    "she": "feminine",
    "her": "feminine",
    "hers": "feminine",
    "he": "masculine",
    "his": "masculine",
    "him": "masculine",
}


class GapLike(Protocol):
    """What scoring needs of a gold GAP example."""

    @property
    def id(self) -> str: ...
    @property
    def pronoun(self) -> str: ...
    @property
    def a_coref(self) -> bool: ...
    @property
    def b_coref(self) -> bool: ...


Prediction = tuple[bool | None, bool | None]


@dataclass
class GapCounts(ScoredByCounts):
    """Confusion counts of A/B decisions; the reference scorer's P/R/F1 through ``counts``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, system: bool | None) -> None:
        if system is None:
            self.fn += 1  # missing output: a false negative even when gold is False
        elif gold and system:
            self.tp += 1
        elif system:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def counts(self) -> PRCounts:
        """Recall TP / (TP + FN), precision TP / (TP + FP); TN enters neither."""
        return PRCounts(self.tp, self.tp + self.fn, self.tp, self.tp + self.fp, percent_first=True)

    def to_dict(self) -> dict[str, float]:
        return {
            **self.counts.to_dict(),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


@dataclass
class GapScores:
    """Overall, masculine and feminine counts, and the F/M bias."""

    overall: GapCounts = field(default_factory=GapCounts)
    masculine: GapCounts = field(default_factory=GapCounts)
    feminine: GapCounts = field(default_factory=GapCounts)
    missing: int = 0  # gold examples without a (complete) prediction

    @property
    def bias(self) -> float | None:
        """F1(feminine) / F1(masculine); ``None`` when either F1 is 0 (the scorer's '-')."""
        m, f = self.masculine.f1, self.feminine.f1
        return f / m if m and f else None

    def to_dict(self) -> dict[str, Any]:
        """Per-part ``{"p", "r", "f1", "tp", "fp", "fn", "tn"}``; ``bias`` only when defined."""
        out: dict[str, Any] = {
            "overall": self.overall.to_dict(),
            "masculine": self.masculine.to_dict(),
            "feminine": self.feminine.to_dict(),
        }
        if self.bias is not None:
            out["bias"] = self.bias
        return out


def gap_gender(pronoun: str) -> Gender:
    """The gender GAP assigns to a pronoun; raises for a pronoun GAP does not use."""
    gender = GAP_PRONOUNS.get(pronoun.strip().lower())
    if gender is None:
        raise CorefineError(f"GAP pronoun {pronoun!r} is not one of {', '.join(GAP_PRONOUNS)}")
    return gender


def score_gap(gold: Iterable[GapLike], predictions: Mapping[str, Prediction]) -> GapScores:
    """Score ``predictions`` (id → (A is referent, B is referent)) against ``gold``."""
    scores = GapScores()
    seen: set[str] = set()
    for ex in gold:
        if ex.id in seen:
            continue  # the reference keeps the first annotation of an id
        seen.add(ex.id)
        gender = gap_gender(ex.pronoun)
        pa, pb = predictions.get(ex.id, (None, None))
        if pa is None or pb is None:
            scores.missing += 1
        part = scores.masculine if gender == "masculine" else scores.feminine
        for gold_label, system in ((ex.a_coref, pa), (ex.b_coref, pb)):
            scores.overall.add(bool(gold_label), system)
            part.add(bool(gold_label), system)
    return scores
