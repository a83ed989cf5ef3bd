"""Mapping character positions between the original and the resolved text.

Why: users keep annotations (entities, quotes, sentence spans) on the original
text and need them on the resolved one, and the other way round for
predictions made on resolved text.

Semantics. Positions are *boundaries* between characters, ``0..len(text)``
inclusive, like Python slice indices. The map is made of edits
``original[start:end] → resolved[rstart:rend]``, all non-empty and in order.

- A position outside every edit's interior (``pos <= start`` or ``pos >= end``
  for each edit) maps exactly: it is shifted by the length differences of the
  edits before it. Edit boundaries map to edit boundaries (``start → rstart``,
  ``end → rend``). Mapping such a position there and back returns it.
- A position strictly inside an edit (``start < pos < end``) has no exact
  image; it maps to the edit's start on the other side with ``side="start"``
  (the default) and to its end with ``side="end"``.
- ``span_to_resolved``/``span_to_original`` map a span's start with
  ``side="start"`` and its end with ``side="end"``: the result is the smallest
  span covering everything the span touched, so a span that cuts into a
  replacement grows to cover all of it.

Lookups are binary searches: O(log number of edits).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Literal

from corefine.rewriter.replacement import Replacement

Side = Literal["start", "end"]


class OffsetMap:
    """Two-way position map between an original text and its resolved text."""

    __slots__ = ("_ends", "_original_length", "_rends", "_resolved_length", "_rstarts", "_starts")

    def __init__(
        self, original_length: int, edits: Iterable[tuple[int, int, int, int]] = ()
    ) -> None:
        """``edits``: ``(start, end, resolved_start, resolved_end)`` in text order."""
        self._original_length = original_length
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._rstarts: list[int] = []
        self._rends: list[int] = []
        for start, end, rstart, rend in edits:
            self._append(start, end, rstart, rend)
        self._resolved_length = self._shift() + original_length

    @classmethod
    def from_replacements(
        cls, original_length: int, replacements: Iterable[Replacement]
    ) -> OffsetMap:
        return cls(
            original_length,
            ((r.start, r.end, r.resolved_start, r.resolved_end) for r in replacements),
        )

    def _shift(self) -> int:
        """Resolved minus original length of all edits so far."""
        return self._rends[-1] - self._ends[-1] if self._ends else 0

    def _append(self, start: int, end: int, rstart: int, rend: int) -> None:
        previous_end = self._ends[-1] if self._ends else 0
        if not (previous_end <= start < end <= self._original_length and rstart < rend):
            raise ValueError(f"edit ({start}, {end}) is empty, out of order or out of range")
        if rstart != start + self._shift():
            raise ValueError(
                f"edit ({start}, {end}) → ({rstart}, {rend}) is not where it should be"
            )
        self._starts.append(start)
        self._ends.append(end)
        self._rstarts.append(rstart)
        self._rends.append(rend)

    @property
    def original_length(self) -> int:
        return self._original_length

    @property
    def resolved_length(self) -> int:
        return self._resolved_length

    def to_resolved(self, position: int, side: Side = "start") -> int:
        """The resolved-text position of original ``position`` (see the module docstring)."""
        _check(position, self._original_length, side)
        return _map(position, self._starts, self._ends, self._rstarts, self._rends, side)

    def to_original(self, position: int, side: Side = "start") -> int:
        """The original-text position of resolved ``position`` (see the module docstring)."""
        _check(position, self._resolved_length, side)
        return _map(position, self._rstarts, self._rends, self._starts, self._ends, side)

    def span_to_resolved(self, start: int, end: int) -> tuple[int, int]:
        """The smallest resolved span covering original ``[start, end)``."""
        _check_span(start, end)
        return self.to_resolved(start, "start"), self.to_resolved(end, "end")

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The smallest original span covering resolved ``[start, end)``."""
        _check_span(start, end)
        return self.to_original(start, "start"), self.to_original(end, "end")

    def __repr__(self) -> str:
        return (
            f"OffsetMap({self._original_length} → {self._resolved_length} chars, "
            f"{len(self._starts)} edits)"
        )


def _map(
    position: int,
    starts: Sequence[int],
    ends: Sequence[int],
    other_starts: Sequence[int],
    other_ends: Sequence[int],
    side: Side,
) -> int:
    k = bisect_left(starts, position) - 1  # the last edit starting strictly before position
    if k < 0:
        return position
    if position < ends[k]:
        return other_starts[k] if side == "start" else other_ends[k]
    return position - ends[k] + other_ends[k]


def _check(position: int, length: int, side: Side) -> None:
    if not 0 <= position <= length:
        raise ValueError(f"position {position} is outside a text of {length} chars")
    if side not in ("start", "end"):
        raise ValueError(f"side must be 'start' or 'end', got {side!r}")


def _check_span(start: int, end: int) -> None:
    if start > end:
        raise ValueError(f"span ({start}, {end}) ends before it starts")
