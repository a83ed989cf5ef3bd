"""OffsetMap semantics: exact outside edits, snapping inside them, spans grow to cover.

Example used throughout: "He met her." with "He" → "Marinelli" (+7) and
"her" → "Butina" (+3) gives "Marinelli met Butina.".
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corefine.rewriter import OffsetMap, rewrite

ORIGINAL = "He met her."
RESOLVED = "Marinelli met Butina."
EDITS = [(0, 2, 0, 9), (7, 10, 14, 20)]


@pytest.fixture
def omap() -> OffsetMap:
    return OffsetMap(len(ORIGINAL), EDITS)


def test_lengths(omap: OffsetMap) -> None:
    assert omap.original_length == len(ORIGINAL)
    assert omap.resolved_length == len(RESOLVED)


@pytest.mark.parametrize(
    ("original", "resolved"),
    [(0, 0), (2, 9), (3, 10), (6, 13), (7, 14), (10, 20), (11, 21)],
)
def test_positions_outside_edits_map_exactly_both_ways(
    omap: OffsetMap, original: int, resolved: int
) -> None:
    assert omap.to_resolved(original) == resolved
    assert omap.to_original(resolved) == original
    assert omap.to_resolved(original, side="end") == resolved


@pytest.mark.parametrize(("inside", "start", "end"), [(1, 0, 9), (8, 14, 20), (9, 14, 20)])
def test_original_position_inside_edit_snaps_to_its_boundaries(
    omap: OffsetMap, inside: int, start: int, end: int
) -> None:
    assert omap.to_resolved(inside) == start
    assert omap.to_resolved(inside, side="end") == end


@pytest.mark.parametrize(("inside", "start", "end"), [(1, 0, 2), (8, 0, 2), (15, 7, 10)])
def test_resolved_position_inside_replacement_snaps_to_original_boundaries(
    omap: OffsetMap, inside: int, start: int, end: int
) -> None:
    assert omap.to_original(inside) == start
    assert omap.to_original(inside, side="end") == end


def test_span_touching_a_replacement_grows_to_cover_it(omap: OffsetMap) -> None:
    assert omap.span_to_resolved(1, 5) == (0, 12)  # "e met" → "Marinelli met"
    assert omap.span_to_resolved(3, 6) == (10, 13)  # "met" untouched
    assert omap.span_to_resolved(8, 8) == (14, 20)  # empty span inside "her"
    assert omap.span_to_original(4, 16) == (0, 10)  # "nelli met Bu" → "He met her"
    assert RESOLVED[slice(*omap.span_to_resolved(3, 6))] == ORIGINAL[3:6]


def test_identity_without_edits() -> None:
    omap = OffsetMap(5)
    assert [omap.to_resolved(i) for i in range(6)] == list(range(6))
    assert omap.resolved_length == 5
    assert "0 edits" in repr(omap)


def test_rewrite_result_map_is_built_from_its_replacements() -> None:
    text = "Marinelli met Butina. He met her."
    clusters = [[(0, 9), (22, 24)], [(14, 20), (29, 32)]]
    result = rewrite(text, clusters)
    assert result.text == "Marinelli met Butina. Marinelli met Butina."
    rebuilt = OffsetMap.from_replacements(len(text), result.replacements)
    for i in range(len(text) + 1):
        assert rebuilt.to_resolved(i) == result.offsets.to_resolved(i)
    assert result.offsets.span_to_resolved(22, 24) == (22, 31)
    assert result.offsets.to_original(len(result.text)) == len(text)


@pytest.mark.parametrize(
    "edits",
    [
        [(0, 0, 0, 3)],  # empty original span
        [(0, 2, 0, 0)],  # empty replacement
        [(7, 10, 14, 20), (0, 2, 0, 9)],  # out of order
        [(0, 2, 0, 9), (1, 3, 9, 12)],  # overlapping
        [(0, 2, 0, 9), (7, 10, 13, 20)],  # resolved start inconsistent with the shift
        [(9, 12, 9, 12)],  # past the end
    ],
)
def test_bad_edits_rejected(edits: list[tuple[int, int, int, int]]) -> None:
    with pytest.raises(ValueError):
        OffsetMap(len(ORIGINAL), edits)


def test_out_of_range_positions_rejected(omap: OffsetMap) -> None:
    for bad in (-1, len(ORIGINAL) + 1):
        with pytest.raises(ValueError):
            omap.to_resolved(bad)
    with pytest.raises(ValueError):
        omap.to_original(len(RESOLVED) + 1)
    with pytest.raises(ValueError):
        omap.span_to_resolved(5, 4)
    with pytest.raises(ValueError):
        omap.to_resolved(1, side="middle")  # type: ignore[arg-type]


# --- properties over random edit lists -----------------------------------------------------------


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, str, OffsetMap, list[tuple[int, int, int, int]]]:
    """A random text, random non-overlapping replacements, the resolved text and its map."""
    text = draw(st.text(alphabet="ab \t\u00a0é🙂", min_size=0, max_size=40))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    pieces, edits, copied, shift = [], [], 0, 0
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start == end:
            continue
        new = draw(st.text(alphabet="XYZ’", min_size=1, max_size=12))
        pieces += [text[copied:start], new]
        edits.append((start, end, start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        copied = end
    pieces.append(text[copied:])
    return text, "".join(pieces), OffsetMap(len(text), edits), edits


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < position < e for s, e in spans)


@given(edited_texts())
def test_round_trip_outside_edits(case: tuple[str, str, OffsetMap, list]) -> None:
    text, resolved, omap, edits = case
    assert omap.resolved_length == len(resolved)
    original_spans = [(s, e) for s, e, _, _ in edits]
    resolved_spans = [(rs, re_) for _, _, rs, re_ in edits]
    for i in range(len(text) + 1):
        if not _inside(i, original_spans):
            assert omap.to_original(omap.to_resolved(i)) == i
    for j in range(len(resolved) + 1):
        if not _inside(j, resolved_spans):
            assert omap.to_resolved(omap.to_original(j)) == j


@given(edited_texts())
def test_maps_are_monotonic(case: tuple[str, str, OffsetMap, list]) -> None:
    text, resolved, omap, _ = case
    forward = [omap.to_resolved(i) for i in range(len(text) + 1)]
    backward = [omap.to_original(j, side="end") for j in range(len(resolved) + 1)]
    assert forward == sorted(forward)
    assert backward == sorted(backward)
    assert (forward[0], forward[-1]) == (0, len(resolved))


@given(edited_texts(), st.data())
def test_unedited_spans_carry_identical_text(
    case: tuple[str, str, OffsetMap, list], data: st.DataObject
) -> None:
    text, resolved, omap, edits = case
    bounds = [0, *(p for s, e, _, _ in edits for p in (s, e)), len(text)]
    gaps = list(zip(bounds[::2], bounds[1::2], strict=True))
    start, end = data.draw(st.sampled_from(gaps))
    a = data.draw(st.integers(start, end))
    b = data.draw(st.integers(a, end))
    ra, rb = omap.span_to_resolved(a, b)
    assert resolved[ra:rb] == text[a:b]
    assert omap.span_to_original(ra, rb) == (a, b)


@given(edited_texts(), st.data())
def test_spans_grow_to_cover_touched_edits(
    case: tuple[str, str, OffsetMap, list], data: st.DataObject
) -> None:
    text, _, omap, edits = case
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    ra, rb = omap.span_to_resolved(a, b)
    for s, e, rs, re_ in edits:
        if (a < e and s < b) or s < a < e:
            assert ra <= rs and re_ <= rb
