"""The record of one substitution made by the rewriter.

Kept in its own module because the scorers (pronoun-resolution score), the
CLI, batch and service outputs all consume it without needing the rewriter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Replacement:
    """``original[start:end]`` was replaced by ``replacement``.

    ``source_start``/``source_end`` is the span of the cluster mention the
    replacement text was taken from (before trimming determiners, appositions
    or relative clauses); scorers use it to check the link against gold.
    ``resolved_start``/``resolved_end`` locate ``replacement`` in the resolved text.
    """

    start: int
    end: int
    original: str
    replacement: str
    cluster_id: int
    source_start: int
    source_end: int
    resolved_start: int
    resolved_end: int
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
