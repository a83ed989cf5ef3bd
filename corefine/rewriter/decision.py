"""When to replace a pronoun: a learned decision over what the pipeline already knows.

Why: the model's link confidence alone does not transfer. Tuned on OntoGUM dev, its
threshold gave 81 % right replacements there and 74 % on unseen news; most wrong
replacements come from clusters that merged two entities, which the confidence of one link
does not see. A replacement is therefore scored by a logistic model over features of the
pronoun, its cluster and the text it would copy: the link confidences, signals that the
cluster merged two entities (two different names, pronouns of both genders or numbers),
distances, the pronoun's type, whether the pronoun and the copied mention sit on the same
side of a quotation, the representative's form, and whether the text is lower-cased. The
weights are fitted on held-out predictions of several corpora (``training/decision.py``)
and the output is the probability that a reader would judge the replacement right, which is
the confidence the threshold reads.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from corefine.lexicon import Pronoun, pronoun
from corefine.spans import Cluster, Mention

FEATURES: tuple[str, ...] = (
    "bias",
    "logit_mention",
    "logit_source",
    "logit_cluster",
    "masculine",
    "feminine",
    "neuter",
    "plural",
    "possessive",
    "log_words_to_previous",
    "log_words_to_source",
    "cataphoric",
    "sentences_to_source",
    "distinct_names",
    "mixed_gender",
    "mixed_number",
    "person_and_it",
    "log_cluster_size",
    "pronoun_share",
    "quote_mismatch",
    "source_in_quote",
    "representative_words",
    "representative_is_name",
    "lowercased_text",
    "rival_names",
    "rival_same_pronoun",
)

_QUOTES = regex.compile(r"[\"“”]")
# A run of sentence-final marks, closing quotes or brackets allowed before the space, so that
# `late." He` and its spaced form `late . " He` each count one end.
_SENTENCE_END = regex.compile(r"[.!?]+(?=[\"'”’)\]]*(?:\s|$))")
_CAPITALISED = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_POSSESSIVE_END = regex.compile(r"\s*['’][sS]?\s*$")


def _name_key(text: str) -> str:
    """The last word of a name mention, its possessive clitic dropped and case folded: what
    tells two names of one cluster apart ("Sanders", "Bernie Sanders'", "Sanders 's" are one).
    Words, not whitespace-separated tokens, so that spaced punctuation ("Sanders '") reads
    as the clean text does; empty when the mention holds no word."""
    words = _WORD.findall(_POSSESSIVE_END.sub("", text))
    return words[-1].casefold() if words else ""


def _logit(p: float | None) -> float:
    """Log-odds of a confidence; ``None`` (gold or rules: certain) as nearly 1."""
    p = min(max(1.0 if p is None else p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _in_quote(text: str, at: int) -> bool:
    """Is ``at`` inside a quotation? Counted from the start of its paragraph (a line)."""
    start = text.rfind("\n", 0, at) + 1
    return len(_QUOTES.findall(text, start, at)) % 2 == 1


def _mention_at(cluster: Cluster, start: int, end: int) -> Mention | None:
    """The cluster's mention that holds ``[start, end)``, the shortest one."""
    holding = [m for m in cluster.mentions if m.start <= start and end <= m.end]
    return min(holding, key=lambda m: m.end - m.start, default=None)


def is_lowercased(text: str) -> bool:
    """Almost no capitals among many letters: text lower-cased on its way to us."""
    letters = len(_LETTER.findall(text[:20000]))
    return letters > 200 and len(_CAPITALISED.findall(text[:20000])) < 0.005 * letters


class WordIndex:
    """Where a text's words start, to measure distances in words.

    Why words and not characters: spacing depends on where a text came from (runs of spaces
    where hyphens were stripped, punctuation spaced out), and distances in characters moved
    the decision's confidence with it (4.7 % of the accurate model's replacements flipped
    when only the spacing changed). A word is a run of letters and digits, so neither added
    spaces, spaced-out punctuation nor a stripped hyphen ("well-known" is two runs either
    way) changes a distance.
    """

    def __init__(self, text: str) -> None:
        self._starts = [m.start() for m in _WORD.finditer(text)]

    def between(self, lo: int, hi: int) -> int:
        """How many words start in ``[lo, hi)``."""
        if hi <= lo:
            return 0
        return bisect.bisect_left(self._starts, hi) - bisect.bisect_left(self._starts, lo)

    def back(self, at: int, n: int) -> int:
        """The offset where the ``n``-th word before ``at`` starts (0 when there are fewer)."""
        i = bisect.bisect_left(self._starts, at) - n
        return self._starts[i] if i >= 0 else 0


class Rivals:
    """Other entities a reader could take a pronoun for, looked up by position.

    Built once per document (mentions sorted by start), so each pronoun's query reads only
    the mentions in its window: the decision stays linear in practice on long texts.
    """

    WINDOW_WORDS = 50

    def __init__(self, clusters: Sequence[Cluster], words: WordIndex) -> None:
        rows = []
        for c in clusters:
            for m in c.mentions:
                form = pronoun(m.text)
                name = m.text.casefold() if form is None and m.text[:1].isupper() else None
                key = (form.gender, form.number) if form is not None else None
                rows.append((m.start, m.end, c.id, name, key))
        rows.sort()
        self._rows = rows
        self._starts = [r[0] for r in rows]
        self._words = words

    def around(
        self, cluster_id: int, form: Pronoun | None, start: int, since: int
    ) -> tuple[int, bool]:
        """Names of other clusters between ``since`` and ``start`` (at most 4), and whether
        another cluster has a pronoun of ``form``'s gender and number in the
        :attr:`WINDOW_WORDS` words before ``start``."""
        window = self._words.back(start, self.WINDOW_WORDS)
        lo = bisect.bisect_left(self._starts, min(since, window))
        hi = bisect.bisect_left(self._starts, start)
        names: set[str] = set()
        same = False
        own = (form.gender, form.number) if form is not None else None
        for m_start, m_end, cid, name, key in self._rows[lo:hi]:
            if cid == cluster_id or m_end > start:
                continue
            if name is not None and m_start >= since:
                names.add(name)
            if key is not None and key == own and m_start >= window:
                same = True
        return min(len(names), 4), same


@dataclass
class DocumentContext:
    """What the decision reads of the whole document, computed once per document: the
    text as read, whether it is lower-cased, its word positions and its rival mentions."""

    text: str
    lowercased: bool
    words: WordIndex
    rivals: Rivals

    @classmethod
    def of(cls, text: str, clusters: Sequence[Cluster]) -> DocumentContext:
        words = WordIndex(text)
        return cls(text, is_lowercased(text), words, Rivals(clusters, words))


def replacement_features(
    context: DocumentContext,
    cluster: Cluster,
    span: tuple[int, int],
    source: tuple[int, int],
    representative: str,
) -> dict[str, float]:
    """The features of replacing the pronoun at ``span`` by ``representative``, copied
    from the cluster's mention at ``source``, in the document of ``context``."""
    text, words = context.text, context.words
    start, end = span
    p = pronoun(text[start:end])
    mention = _mention_at(cluster, start, end)
    source_mention = _mention_at(cluster, *source)
    previous = [m.end for m in cluster.mentions if m.end <= start]
    forms = [pronoun(m.text) for m in cluster.mentions]
    third = [f for f in forms if f is not None and f.third_person]
    genders = {f.gender for f in third if f.gender in ("m", "f")}
    numbers = {f.number for f in third if f.gender != "n"}  # not it, its, itself
    names = {
        key
        for m, f in zip(cluster.mentions, forms, strict=True)
        if f is None and m.text[:1].isupper() and (key := _name_key(m.text))
    }
    rep_words = representative.split()
    lo, hi = sorted((source[1], start))
    since = max(previous) if previous else min(source[0], start)
    rival_names, rival_same = context.rivals.around(cluster.id, p, start, since)
    to_source = words.between(min(start, source[0]), max(start, source[0]))
    return {
        "bias": 1.0,
        "logit_mention": _logit(mention.confidence if mention else None),
        "logit_source": _logit(source_mention.confidence if source_mention else None),
        "logit_cluster": _logit(cluster.confidence),
        "masculine": float(p is not None and p.gender == "m"),
        "feminine": float(p is not None and p.gender == "f"),
        "neuter": float(p is not None and p.gender == "n"),
        "plural": float(p is not None and p.number == "pl"),
        "possessive": float(p is not None and p.possessive),
        "log_words_to_previous": (
            math.log1p(words.between(max(previous), start) / 15) if previous else 0.0
        ),
        "log_words_to_source": math.log1p(to_source / 15),
        "cataphoric": float(source[0] > start),
        "sentences_to_source": min(len(_SENTENCE_END.findall(text, lo, hi)), 10) / 10,
        "distinct_names": float(min(len(names), 4)),
        "mixed_gender": float(len(genders) > 1),
        "mixed_number": float(len(numbers) > 1),
        "person_and_it": float(bool(genders) and any(f.gender == "n" for f in third)),
        "log_cluster_size": math.log(len(cluster.mentions)),
        "pronoun_share": sum(f is not None for f in forms) / len(forms),
        "quote_mismatch": float(_in_quote(text, start) != _in_quote(text, source[0])),
        "source_in_quote": float(_in_quote(text, source[0])),
        "representative_words": float(min(len(rep_words), 8)),
        "representative_is_name": float(bool(rep_words) and rep_words[-1][:1].isupper()),
        "lowercased_text": float(context.lowercased),
        "rival_names": float(rival_names),
        "rival_same_pronoun": float(rival_same),
    }


@dataclass(frozen=True)
class ReplacementDecision:
    """A logistic model over :data:`FEATURES` (one weight each, in that order): the
    probability a replacement is right. ``threshold`` is the one fitted with it."""

    weights: tuple[float, ...]
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a replacement decision needs {len(FEATURES)} weights")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReplacementDecision:
        """From a model config's ``extra.decision``: ``{"weights": {feature: w}, "threshold"}``."""
        weights = data.get("weights")
        if not isinstance(weights, Mapping) or set(weights) != set(FEATURES):
            raise ValueError("a replacement decision needs one weight per feature")
        return cls(tuple(float(weights[k]) for k in FEATURES), float(data.get("threshold", 0.5)))

    def probability(self, features: Mapping[str, float]) -> float:
        z = sum(w * features[k] for k, w in zip(FEATURES, self.weights, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def as_vector(features: Mapping[str, float], names: Sequence[str] = FEATURES) -> list[float]:
    return [features[k] for k in names]
