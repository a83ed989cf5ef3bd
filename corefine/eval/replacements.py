"""Are pronoun replacements right, as a reader would judge them? Scored on the news
pronoun gold set (:mod:`corefine.corpora.news_pronouns`).

Why a score of its own: the gold set does not list every mention of every entity (that is
what made it affordable to annotate by careful reading); it says, per pronoun, what it refers
to: a category, the referent's nearest explicit mention and its best name. A replacement of
a pronoun is judged **right** when

1. the pronoun refers to an entity (category ``entity``); a pleonastic, generic, event or
   unnamed pronoun, or one with a split referent, is never rightly replaced; and
2. its text names that entity: the source mention the rewriter copied matches a known
   mention of the entity (the antecedents and names annotated for any pronoun of the same
   entity in the article) better than any known mention of another entity, or, when it
   matches none closely, the replacement's last word (its head: *Clinton*, *the company*)
   is the head of the entity's name and of no other's, or a word of the entity's known
   mentions and of no other entity's (:func:`names_entity`); and
3. it is grammatical where the scorer can tell: a possessive pronoun (*his, its, their,
   hers, theirs*) became a possessive and a subject or object pronoun did not, and no
   pronoun glued to a contraction other than *’s* was replaced (*they’re* → *the
   parties’re*).

Recall is over the pronouns that refer to an entity. Confidence bands and the expected
calibration error are measured over the replacements the rewriter made with a confidence.
Everything is in the clean article's offsets; a variant's result is mapped back through
its :class:`~corefine.eval.messy.Aligned` first.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from corefine.corpora.news_pronouns import PronounLabel
from corefine.eval.messy import Aligned
from corefine.eval.prf import PRCounts, ScoredByCounts
from corefine.lexicon import pronoun
from corefine.rewriter.replacement import Replacement

Span = tuple[int, int]

_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}.&-]*")
_POSSESSIVE_END = regex.compile(r"(?:['’]s|(?<=s)['’])$", regex.IGNORECASE)
_BAD_CLITIC = regex.compile(r"['’](?:re|ve|d|ll|m)\b", regex.IGNORECASE)
MIN_IOU = 0.5
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(text)]


def _head(text: str) -> str:
    words = _words(_POSSESSIVE_END.sub("", text.strip()))
    return words[-1] if words else ""


@dataclass(frozen=True)
class Entities:
    """An article's entities as the gold set knows them: each name string's known mentions."""

    text: str
    mentions: dict[str, list[Span]]

    @classmethod
    def of(cls, text: str, labels: Iterable[PronounLabel]) -> Entities:
        mentions: dict[str, list[Span]] = defaultdict(list)
        for x in labels:
            if x.category == "entity" and x.name and x.antecedent:
                key = cls.key(text, x)
                for span in (x.antecedent, x.name):
                    if span not in mentions[key]:
                        mentions[key].append(span)
        return cls(text, dict(mentions))

    @staticmethod
    def key(text: str, x: PronounLabel) -> str:
        assert x.name is not None
        return " ".join(text[x.name[0] : x.name[1]].lower().split())

    def words(self, key: str) -> set[str]:
        return {w for s, e in self.mentions[key] for w in _words(self.text[s:e])}


def _iou(a: Span, b: Span) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / (max(a[1], b[1]) - min(a[0], b[0])) if inter > 0 else 0.0


def names_entity(entities: Entities, key: str, source: Span, replacement: str) -> bool:
    """Does a replacement copied from ``source`` (clean offsets; (-1, -1) if unknown) and
    reading ``replacement`` name entity ``key``? (Rule 2 of the module docstring.)

    By the source first: when it matches a known mention closely (character IoU ≥ 0.5:
    *Hillary Clinton* is not the pair *Hillary Clinton and Bernie Sanders*), or a known
    mention starts it, right exactly when the best match is the entity's. Then by the
    replacement's text: right when it is, up to case, a known mention of the entity and of
    no other. Otherwise by the replacement's head word: right
    when it is the head of the entity's name and of no other entity's name, or a word of the
    entity's known mentions and of no other's.
    """
    if source[0] >= 0:
        best = {k: max(_iou(source, s) for s in spans) for k, spans in entities.mentions.items()}
        top = max(best.values(), default=0.0)
        if top >= MIN_IOU:
            return best.get(key, 0.0) == top and sum(v == top for v in best.values()) == 1
        # A known mention that starts the source: its head with a modifier after it
        # (*eight people* of *eight people from around the world*); the longest one decides.
        starts = {
            k: max((e - s for s, e in spans if s == source[0] and e <= source[1]), default=0)
            for k, spans in entities.mentions.items()
        }
        longest = max(starts.values(), default=0)
        if longest:
            return starts.get(key, 0) == longest and sum(v == longest for v in starts.values()) == 1
    said = " ".join(_words(_POSSESSIVE_END.sub("", replacement.strip())))
    same_text = {
        k for k, spans in entities.mentions.items()
        if any(" ".join(_words(entities.text[s:e])) == said for s, e in spans)
    }  # fmt: skip
    if same_text:
        return same_text == {key}
    head = _head(replacement)
    if not head:
        return False
    others = [k for k in entities.mentions if k != key]
    if head == _head(key) and all(_head(k) != head for k in others):
        return True
    return head in entities.words(key) and all(head not in entities.words(k) for k in others)


def grammatical(text: str, span: Span, replacement: str) -> bool:
    """Rule 3: possessive for possessive, contractions other than *’s* left alone."""
    p = pronoun(text[span[0] : span[1]])
    if p is None:
        return True
    if _BAD_CLITIC.match(text, span[1]):
        return False
    is_possessive = bool(_POSSESSIVE_END.search(replacement.strip()))
    if p.form == "her":  # object or determiner: the scorer cannot tell which without a parse
        return True
    if p.possessive:
        return is_possessive
    return True  # a name may end in 's (McDonald's): only a missing possessive is flagged


@dataclass(frozen=True)
class Judged:
    """One replacement of a gold pronoun, judged."""

    article: str
    span: Span
    category: str
    replacement: str
    confidence: float | None
    right_entity: bool
    grammatical: bool

    @property
    def right(self) -> bool:
        return self.right_entity and self.grammatical


@dataclass
class ReplacementScore(ScoredByCounts):
    """Precision of replacements, recall over entity pronouns (:attr:`counts`); confidence
    bands and calibration error, which need each judged replacement, are its own."""

    judged: list[Judged] = field(default_factory=list)
    entity_pronouns: int = 0
    pronouns: int = 0

    def __add__(self, other: ReplacementScore) -> ReplacementScore:
        return ReplacementScore(
            self.judged + other.judged,
            self.entity_pronouns + other.entity_pronouns,
            self.pronouns + other.pronouns,
        )

    def at(self, threshold: float) -> ReplacementScore:
        """Only the replacements at confidence ≥ ``threshold`` (those without one kept)."""
        kept = [j for j in self.judged if j.confidence is None or j.confidence >= threshold]
        return ReplacementScore(kept, self.entity_pronouns, self.pronouns)

    @property
    def replaced(self) -> int:
        return len(self.judged)

    @property
    def right(self) -> int:
        return sum(j.right for j in self.judged)

    @property
    def counts(self) -> PRCounts:
        """Precision right / replaced; recall right replacements of entity pronouns / entity
        pronouns."""
        right_entity = sum(j.right for j in self.judged if j.category == "entity")
        return PRCounts(
            right_entity, self.entity_pronouns, self.right, self.replaced, percent_first=True
        )

    def bands(self, edges: Sequence[float] = BANDS) -> list[tuple[float, float, int, int]]:
        """(low, high, replaced, right) for each confidence band [low, high)."""
        out = []
        for low, high in itertools.pairwise(edges):
            inside = [
                j for j in self.judged if j.confidence is not None and low <= j.confidence < high
            ]
            out.append((low, min(high, 1.0), len(inside), sum(j.right for j in inside)))
        return out

    @property
    def ece(self) -> float:
        """Expected calibration error (percentage points) over ten equal-width bins."""
        scored = [(j.confidence, j.right) for j in self.judged if j.confidence is not None]
        if not scored:
            return 0.0
        total = 0.0
        for i in range(10):
            inside = [(c, r) for c, r in scored if min(int(c * 10), 9) == i]
            if inside:
                accuracy = sum(r for _, r in inside) / len(inside)
                confidence = sum(c for c, _ in inside) / len(inside)
                total += len(inside) * abs(accuracy - confidence)
        return 100.0 * total / len(scored)

    def to_dict(self) -> dict[str, object]:
        return {
            "p": self.precision,
            "r": self.recall,
            "replaced": self.replaced,
            "right": self.right,
            "entity_pronouns": self.entity_pronouns,
            "pronouns": self.pronouns,
            "ungrammatical": sum(not j.grammatical for j in self.judged),
            "ece": self.ece,
            "bands": [
                {"low": lo, "high": hi, "replaced": n, "right": r} for lo, hi, n, r in self.bands()
            ],
        }


def score_article(
    clean_text: str,
    labels: Sequence[PronounLabel],
    replacements: Iterable[Replacement],
    aligned: Aligned | None = None,
) -> ReplacementScore:
    """Judge one article's replacements (made on ``aligned.text``, or on ``clean_text``)."""
    aligned = aligned or Aligned.clean(clean_text)
    entities = Entities.of(clean_text, labels)
    by_span = {(x.start, x.end): x for x in labels}
    score = ReplacementScore(
        entity_pronouns=sum(x.category == "entity" for x in labels), pronouns=len(labels)
    )
    for r in replacements:
        try:
            span = aligned.span_to_clean(r.start, r.end)
        except ValueError:
            continue
        label = by_span.get(span)
        if label is None:  # not a gold pronoun (a description, a relative, a 1st person)
            continue
        try:
            source = aligned.span_to_clean(r.source_start, r.source_end)
        except ValueError:
            source = (-1, -1)
        right_entity = label.category == "entity" and names_entity(
            entities, Entities.key(clean_text, label), source, r.replacement
        )
        score.judged.append(
            Judged(
                label.article,
                span,
                label.category,
                r.replacement,
                r.confidence,
                right_entity,
                grammatical(clean_text, span, r.replacement),
            )
        )
    return score
