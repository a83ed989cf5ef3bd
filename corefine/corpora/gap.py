"""GAP (Gendered Ambiguous Pronouns) ``.tsv`` files → :class:`GapExample`.

Each row holds a Wikipedia text, a pronoun and two candidate names A and B
with character offsets and whether each is the pronoun's referent. Rows are
split on tabs only, never with :mod:`csv`: GAP texts contain quotes that csv
quoting would swallow or merge across fields, and every offset would shift.

Offsets are checked when an example is made (``text[offset:offset+len(name)]``
must be the name), so a file whose offsets do not fit its text fails on read
with its line number instead of silently scoring wrong spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from corefine.corpora.files import read_corpus_text
from corefine.document import Cluster, Document
from corefine.errors import FormatError
from corefine.lexicon import pronoun as lookup_pronoun
from corefine.tokenizer import make_document

__all__ = ["HEADER", "GapExample", "gap_example_to_document", "parse_gap", "read_gap"]

HEADER = (
    "ID",
    "Text",
    "Pronoun",
    "Pronoun-offset",
    "A",
    "A-offset",
    "A-coref",
    "B",
    "B-offset",
    "B-coref",
    "URL",
)
_BOOLEANS = {"true": True, "false": False}
_GENDERS: dict[str, Literal["masculine", "feminine"]] = {"m": "masculine", "f": "feminine"}

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GapExample:
    """One GAP row; raises ``ValueError`` if an offset does not point at its string."""

    id: str
    text: str
    pronoun: str
    pronoun_offset: int
    a: str
    a_offset: int
    a_coref: bool
    b: str
    b_offset: int
    b_coref: bool
    url: str

    def __post_init__(self) -> None:
        for what, string, offset in (
            ("pronoun", self.pronoun, self.pronoun_offset),
            ("A", self.a, self.a_offset),
            ("B", self.b, self.b_offset),
        ):
            found = self.text[offset : offset + len(string)] if offset >= 0 else None
            if not string or found != string:
                raise ValueError(f"{what} {string!r} is not at offset {offset} (found {found!r})")
        self._gender()  # GAP pronouns are gendered; anything else is a broken row

    def _gender(self) -> Literal["masculine", "feminine"]:
        entry = lookup_pronoun(self.pronoun)
        gender = _GENDERS.get(entry.gender) if entry is not None and entry.third_person else None
        if gender is None:
            raise ValueError(f"pronoun {self.pronoun!r} is not a gendered third-person pronoun")
        return gender

    @property
    def gender(self) -> Literal["masculine", "feminine"]:
        """``"masculine"`` (he/him/his/himself) or ``"feminine"`` (she/her/hers/herself).

        GAP reports F1 per gender and the feminine/masculine bias ratio.
        """
        return self._gender()

    @property
    def pronoun_span(self) -> Span:
        """Character span ``[start, end)`` of the pronoun in :attr:`text`."""
        return (self.pronoun_offset, self.pronoun_offset + len(self.pronoun))

    @property
    def a_span(self) -> Span:
        """Character span of name A."""
        return (self.a_offset, self.a_offset + len(self.a))

    @property
    def b_span(self) -> Span:
        """Character span of name B."""
        return (self.b_offset, self.b_offset + len(self.b))

    @property
    def coreferent_spans(self) -> list[Span]:
        """Spans of the names that are the pronoun's referent (none, A, B)."""
        return [s for s, ok in ((self.a_span, self.a_coref), (self.b_span, self.b_coref)) if ok]


def read_gap(path: str | Path, encoding: str = "utf-8") -> list[GapExample]:
    """The examples of a GAP ``.tsv`` file (header optional; empty file → ``[]``)."""
    return parse_gap(read_corpus_text(path, encoding), path)


def parse_gap(text: str, path: str | Path | None = None) -> list[GapExample]:
    """The examples of GAP ``text``; ``path`` is only used in error messages."""
    examples: list[GapExample] = []
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or (number == 1 and tuple(line.split("\t")) == HEADER):
            continue
        example = _parse_row(line, number, path)
        if example.id in seen:
            raise FormatError(f"duplicate ID {example.id!r}", path, number)
        seen.add(example.id)
        examples.append(example)
    return examples


def _parse_row(line: str, number: int, path: str | Path | None) -> GapExample:
    cols = line.split("\t")
    if len(cols) != len(HEADER):
        raise FormatError(
            f"expected {len(HEADER)} tab-separated columns, found {len(cols)}", path, number
        )
    try:
        return GapExample(
            id=cols[0],
            text=cols[1],
            pronoun=cols[2],
            pronoun_offset=_offset(cols[3], "Pronoun-offset"),
            a=cols[4],
            a_offset=_offset(cols[5], "A-offset"),
            a_coref=_boolean(cols[6], "A-coref"),
            b=cols[7],
            b_offset=_offset(cols[8], "B-offset"),
            b_coref=_boolean(cols[9], "B-coref"),
            url=cols[10],
        )
    except ValueError as err:
        raise FormatError(str(err), path, number) from None


def _offset(value: str, column: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"{column} must be a non-negative integer, got {value!r}")
    return int(value)


def _boolean(value: str, column: str) -> bool:
    try:
        return _BOOLEANS[value.lower()]
    except KeyError:
        raise ValueError(f"{column} must be TRUE or FALSE, got {value!r}") from None


def gap_example_to_document(example: GapExample) -> Document:
    """A gold document for a GAP example: tokens from corefine's tokenizer, one cluster.

    The cluster holds the pronoun and every name marked coreferent with it (it
    is a singleton when neither is). Non-coreferent names get no cluster: GAP
    says they are not the pronoun's referent, not what else they corefer with.
    Mentions are the exact character spans of the file, whatever the
    tokenizer does. This lets the ``gold`` resolver and the span scorers run
    on GAP like on any corpus.
    """
    doc = make_document(example.text, name=example.id)
    spans = [example.pronoun_span, *example.coreferent_spans]
    doc.clusters = [Cluster(0, [doc.mention(s, e) for s, e in spans])]
    doc.metadata = {"gender": example.gender, "url": example.url}
    return doc
