"""GAP reader: typed examples, checked offsets, gender, errors with line numbers.

Expected numbers come from the raw files (``cut -f7``/``cut -f10 | sort | uniq -c``)
and from GAP's design (gender-balanced), not from the reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corefine.corpora.gap import HEADER, GapExample, gap_example_to_document, parse_gap, read_gap
from corefine.errors import FormatError

HEADER_LINE = "\t".join(HEADER)


def row(
    text: str = 'He said "yes" to Anna Bell and Bo.',
    pronoun: str = "He",
    pronoun_offset: int = 0,
    a: str = "Anna Bell",
    a_offset: int | str = 17,
    a_coref: str = "FALSE",
    b: str = "Bo",
    b_offset: int = 31,
    b_coref: str = "TRUE",
    ident: str = "test-1",
) -> str:
    fields = [ident, text, pronoun, pronoun_offset, a, a_offset, a_coref, b, b_offset, b_coref]
    return "\t".join(map(str, [*fields, "http://example.org/x"]))


@pytest.mark.parametrize(
    ("split", "count", "a_true", "b_true"),
    [("validation", 454, 187, 205), ("development", 2000, 874, 925)],
)
def test_shared_files(shared_data: Path, split: str, count: int, a_true: int, b_true: int) -> None:
    path = shared_data / "gap" / f"gap-{split}.tsv"
    examples = read_gap(path)
    raw_ids = re.findall(rf"^({split}-\d+)\t", path.read_text(encoding="utf-8"), re.M)
    assert len(raw_ids) == count
    assert [e.id for e in examples] == raw_ids
    assert sum(e.a_coref for e in examples) == a_true
    assert sum(e.b_coref for e in examples) == b_true
    # GAP is gender-balanced by design
    assert sum(e.gender == "masculine" for e in examples) == count // 2
    assert sum(e.gender == "feminine" for e in examples) == count // 2
    for e in examples:
        for span, string in ((e.pronoun_span, e.pronoun), (e.a_span, e.a), (e.b_span, e.b)):
            assert e.text[span[0] : span[1]] == string


def test_row_is_split_on_tabs_only() -> None:
    [ex] = parse_gap(HEADER_LINE + "\n" + row() + "\n")
    assert ex == GapExample(
        "test-1",
        'He said "yes" to Anna Bell and Bo.',
        "He",
        0,
        "Anna Bell",
        17,
        False,
        "Bo",
        31,
        True,
        "http://example.org/x",
    )
    assert ex.gender == "masculine"
    assert (ex.pronoun_span, ex.a_span, ex.b_span) == ((0, 2), (17, 26), (31, 33))
    assert ex.coreferent_spans == [(31, 33)]


@pytest.mark.parametrize(
    ("pronoun", "gender"),
    [(p, "masculine") for p in ("he", "Him", "his", "himself")]
    + [(p, "feminine") for p in ("She", "her", "hers", "herself")],
)
def test_gender(pronoun: str, gender: str) -> None:
    text = f"{pronoun} met Anna Bell and Bo."
    shift = len(pronoun) - 2
    [ex] = parse_gap(
        row(text=text, pronoun=pronoun, a_offset=7 + shift, b_offset=21 + shift) + "\r\n"
    )
    assert ex.gender == gender


def test_header_is_optional_and_blank_lines_are_skipped() -> None:
    assert len(parse_gap(row() + "\n\n" + row(ident="test-2"))) == 2
    assert parse_gap(HEADER_LINE + "\n") == []
    assert parse_gap("") == []


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (row(a_offset=16), "A 'Anna Bell' is not at offset 16"),
        (row(pronoun_offset=99), "pronoun 'He' is not at offset 99"),
        (row(b_coref="yes"), "B-coref must be TRUE or FALSE"),
        (row(a_offset="x"), "A-offset must be a non-negative integer"),
        (row(text="It said 'yes' to Anna Bell and Bo.", pronoun="It"), "not a gendered"),
        (row() + "\textra", "expected 11 tab-separated columns, found 12"),
        (row(ident="test-1"), "duplicate ID 'test-1'"),
    ],
)
def test_malformed_rows_name_the_line(bad: str, message: str) -> None:
    text = "\n".join([HEADER_LINE, row(), bad])
    with pytest.raises(FormatError) as err:
        parse_gap(text, path="gap.tsv")
    assert (err.value.path, err.value.line) == ("gap.tsv", 3)
    assert message in err.value.message


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        read_gap(tmp_path / "missing.tsv")
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(
        (HEADER_LINE + "\n" + row(text="He said é to Anna Bell and Bo.")).encode("latin-1")
    )
    with pytest.raises(FormatError) as err:
        read_gap(latin)
    assert err.value.line == 2
    assert "encoding" in err.value.message
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    assert read_gap(empty) == []


def test_example_to_document(shared_data: Path) -> None:
    for ex in read_gap(shared_data / "gap" / "gap-validation.tsv"):
        doc = gap_example_to_document(ex)
        doc.validate()
        assert doc.text == ex.text and doc.name == ex.id and doc.tokens
        [cluster] = doc.clusters
        assert cluster.spans == sorted([ex.pronoun_span, *ex.coreferent_spans])
        assert doc.metadata["gender"] == ex.gender
