"""The document model: original text plus character-offset annotations.

Everything in corefine points into the *original* string by character offsets
(Python ``str`` indices, i.e. Unicode code points). The text itself is never
normalised or altered; this is what lets the rewriter guarantee that nothing
outside the replaced spans changes, whatever whitespace or unicode the input
carries. Invariant, checked by :meth:`Document.validate`:
``text[m.start:m.end] == m.text`` for every token and mention.

The span types (:class:`Token`, :class:`Mention`, :class:`Cluster`, ...) are
:mod:`corefine.spans`', re-exported here; they sit below the tokenizer and the
rewriter. This module sits above the rewriter and :mod:`corefine.outputs`,
which :class:`Document` calls (docs/ARCHITECTURE.md, "Import layers").
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from corefine.outputs import resolution_to_json, resolved_sentences
from corefine.rewriter import RewriteError, RewritePolicy, RewriteResult, rewrite
from corefine.rewriter.decision import ReplacementDecision

# The span types live in corefine.spans, below the tokenizer and the rewriter (which
# this module imports); they stay importable from here.
from corefine.spans import (
    Cluster,
    ClustersLike,
    Mention,
    ResolvedSentence,
    Sentence,
    SpanLike,
    Token,
    as_clusters,
    cluster_to_dict,
)

__all__ = [
    "Cluster",
    "ClustersLike",
    "Document",
    "Mention",
    "ResolvedSentence",
    "Sentence",
    "SpanLike",
    "Token",
    "as_clusters",
    "cluster_to_dict",
    "resolved_sentences",
]


@dataclass
class Document:
    """Original text, its tokens and sentences, and coreference clusters.

    ``tokens`` may come from corefine's tokenizer or from a corpus (gold
    tokenization); either way each token's offsets index ``text``.
    """

    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    name: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    # -- construction helpers -------------------------------------------------

    def mention(self, start: int, end: int, confidence: float | None = None) -> Mention:
        """A mention of this document's text; raises on an out-of-range span."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) is outside a text of {len(self.text)} chars")
        return Mention(start, end, self.text[start:end], confidence)

    def token_mention(self, first: int, last: int) -> Mention:
        """The mention covering tokens ``first..last`` (both inclusive)."""
        return self.mention(self.tokens[first].start, self.tokens[last].end)

    # -- lookups ---------------------------------------------------------------

    @property
    def mentions(self) -> list[Mention]:
        """All mentions of all clusters, in text order."""
        return sorted((m for c in self.clusters for m in c.mentions), key=lambda m: m.span)

    def token_index(self, char: int) -> int:
        """Index of the token containing ``char``, or of the first token after it."""
        starts = [t.start for t in self.tokens]
        i = bisect.bisect_right(starts, char) - 1
        if i >= 0 and self.tokens[i].end > char:
            return i
        return i + 1

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Half-open token range ``[i, j)`` of the tokens overlapping ``[start, end)``."""
        starts = [t.start for t in self.tokens]
        ends = [t.end for t in self.tokens]
        i = bisect.bisect_right(ends, start)
        j = bisect.bisect_left(starts, end)
        return i, j

    def sentence_index(self, char: int) -> int:
        """Index of the sentence containing ``char`` (or the last one starting before it)."""
        starts = [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(starts, char) - 1)

    # -- checks ------------------------------------------------------------------

    def validate(self) -> None:
        """Raise ``ValueError`` if an annotation does not match the text it points into."""
        n = len(self.text)
        prev_end = 0
        for i, t in enumerate(self.tokens):
            if not (prev_end <= t.start < t.end <= n) or self.text[t.start : t.end] != t.text:
                raise ValueError(f"token {i} {t!r} does not match the text")
            prev_end = t.end
        for c in self.clusters:
            for m in c.mentions:
                if not (0 <= m.start < m.end <= n) or self.text[m.start : m.end] != m.text:
                    raise ValueError(f"mention {m!r} of cluster {c.id} does not match the text")
        for s in self.sentences:
            if not (0 <= s.start <= s.end <= n and 0 <= s.token_start <= s.token_end):
                raise ValueError(f"sentence {s!r} is out of range")

    # -- resolved text -------------------------------------------------------------

    def resolve(self, policy: RewritePolicy | None = None, **policy_fields: Any) -> RewriteResult:
        """Rewrite this document's text with its clusters.

        ``policy`` and/or :class:`~corefine.rewriter.RewritePolicy` fields, e.g.
        ``doc.resolve(replace="all", min_confidence=0.8)``; fields override the
        policy's. Without a policy, the threshold is the one the resolver
        recommends (:attr:`default_min_confidence`), because a useful
        threshold depends on how the model's confidences are spread.
        Raises :class:`~corefine.rewriter.RewriteError` on a bad field.
        """
        if policy is None:
            policy = RewritePolicy(min_confidence=self.default_min_confidence)
        base = policy
        if policy_fields:
            try:
                base = dataclasses.replace(base, **policy_fields)
            except TypeError as err:
                valid = ", ".join(f.name for f in dataclasses.fields(RewritePolicy))
                raise RewriteError(f"{err}; policy fields are: {valid}") from None
        if base.decision is None and "decision" in self.metadata:
            base = dataclasses.replace(base, decision=self.decision)
        return rewrite(self.text, self.clusters, base)

    @property
    def decision(self) -> ReplacementDecision | None:
        """The resolver's replacement decision (``metadata["decision"]``), if it ships one:
        see :class:`~corefine.rewriter.decision.ReplacementDecision`."""
        data = self.metadata.get("decision")
        return ReplacementDecision.from_json(data) if data else None

    @property
    def default_min_confidence(self) -> float:
        """The replacement threshold the resolver recommends (``metadata["min_confidence"]``).

        The neural model ships the threshold chosen on dev data for precise
        pronoun replacement (see its model card); other resolvers set none (0).
        """
        return float(self.metadata.get("min_confidence", 0.0))

    @property
    def resolved_text(self) -> str:
        """The text with pronouns replaced under the default policy."""
        return self.resolve().text

    def resolved_sentences(
        self, policy: RewritePolicy | None = None, **policy_fields: Any
    ) -> list[ResolvedSentence]:
        """Each sentence as it reads in the resolved text, policy as in :meth:`resolve`.

        What a chunker should index: "He left." alone names no one.
        """
        return resolved_sentences(self.sentences, self.resolve(policy, **policy_fields))

    def to_json(self, policy: RewritePolicy | None = None, **policy_fields: Any) -> str:
        """The JSON ``corefine resolve --format json`` prints for this document.

        Text, clusters (character offsets, confidences), replacements and
        resolved text, under the policy given as in :meth:`resolve`.
        """
        return resolution_to_json(self, self.resolve(policy, **policy_fields))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view: text, tokens, sentences and clusters with offsets."""
        return {
            "name": self.name,
            "text": self.text,
            "tokens": [[t.start, t.end] for t in self.tokens],
            "sentences": [[s.start, s.end] for s in self.sentences],
            "clusters": [cluster_to_dict(c) for c in self.clusters],
            "metadata": self.metadata,
        }
