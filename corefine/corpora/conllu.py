"""CoNLL-U with CorefUD coreference (GUM, OntoGUM, CorefUD) → :class:`Document`.

Why our own reader: corefine works on character offsets into an exact text, so
the reader must rebuild that text from the tokens and point every token and
mention into it; generic CoNLL-U libraries give words, not offsets.

Text. A token is followed by one space unless its MISC says ``SpaceAfter=No``;
``SpacesAfter=`` / ``SpacesBefore=`` / ``SpacesInToken=`` (the UDPipe
convention, with ``\\s``, ``\\t``, ``\\n``, ``\\r``, ``\\p`` and ``\\\\``
escapes) give the exact whitespace or surface form when present. Between two
sentences of one paragraph the last token's spacing applies as everywhere
(one space by default); at a ``# newpar`` the separator is ``"\\n\\n"`` unless
``SpacesAfter`` spells the whitespace out. So GUM headings become paragraphs
of their own and the text stays readable for a resolver that only sees raw
text. The text never ends in whitespace.

Multiword tokens (``3-4  country’s`` over ``country`` + ``’s``). When the
words spell the surface form exactly, as in English GUM, each word becomes a
token of its own at its exact sub-span: the token grid then equals the word
grid of the matching ``.conll`` files, which the scorers compare against.
Otherwise (Spanish ``del`` = ``de`` + ``el``) the surface form is one token and
brackets on its words map to that token's span.

Empty nodes (``8.1``) carry no text and give no token. Brackets on them still
count: a mention opened on an empty node starts at the next token and one
closed on it ends at the previous token; a mention that covers only empty
nodes (a zero pronoun) has no characters and is dropped.

Coreference comes from ``Entity=`` in MISC, CorefUD bracket notation:
``(e1-person-1-…)`` opens and closes on one token, ``(e1-…`` opens, ``e1)``
closes, several brackets may be concatenated (``(1(2)``, ``3)(5``). The entity
label is the part before the first ``-`` (bare numbers in OntoGUM). A closing
bracket closes the most recent open mention of its entity, so nested and
crossing mentions both come out right.

Discontinuous mentions (``(e5[1/2]`` … ``e5[1/2])`` … ``(e5[2/2]`` …
``e5[2/2])``) become one mention from the first part's start to the last
part's end: CoNLL-2012 and the scorers cannot represent gaps either, and the
span keeps the mention's head. Each part is closed by the bracket naming the
same part.

Cluster ids are ``0..n-1`` in order of each entity's first mention in the
text (start, then longer first), so they do not depend on the corpus' labels;
``metadata["entity_labels"]`` maps each id back to the corpus label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from corefine.corpora.files import read_corpus_text
from corefine.document import Cluster, Document, Mention, Sentence, Token
from corefine.errors import FormatError

__all__ = ["parse_conllu", "read_conllu"]

_COLUMNS = 10
_ID = re.compile(r"([0-9]+)(?:-([0-9]+)|\.([0-9]+))?\Z")
# "(label…)" opens and closes, "(label…" opens, "label)" closes
_BRACKET = re.compile(r"\(([^()]+)(\))?|([^()]+)\)")
# an entity label, an optional discontinuous part "[i/n]", then "-attributes"
_LABEL = re.compile(r"([^()\[\]\-]+)(?:\[(\d+)/(\d+)\])?(?:-|\Z)")
_ESCAPES = {"s": " ", "t": "\t", "n": "\n", "r": "\r", "p": "|", "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")

RowKind = Literal["word", "range", "empty"]
Part = tuple[int, int]  # (i, n): part i of a discontinuous mention of n parts


def read_conllu(path: str | Path, encoding: str = "utf-8") -> list[Document]:
    """All documents of a CoNLL-U file (an empty file gives an empty list)."""
    return parse_conllu(read_corpus_text(path, encoding), name=Path(path).stem, path=path)


def parse_conllu(text: str, name: str = "", path: str | Path | None = None) -> list[Document]:
    """All documents of CoNLL-U ``text``.

    ``name`` names a document that has no ``# newdoc id``; ``path`` is only
    used in error messages and ``metadata["path"]``.
    """
    reader = _Reader(name, path)
    for number, line in enumerate(text.split("\n"), start=1):
        reader.feed(number, line.removesuffix("\r"))
    return reader.close()


# -- lines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """One token line: a word, a multiword-token range or an empty node."""

    line: int
    kind: RowKind
    first: int  # the word id; a range's first word; the word an empty node follows
    last: int  # a range's last word; ``first`` otherwise
    form: str
    misc: dict[str, str]

    @property
    def surface(self) -> str:
        """The characters this token has in the text."""
        spelled = self.misc.get("SpacesInToken")
        return _unescape(spelled) if spelled is not None else self.form


def _parse_row(number: int, line: str, path: str | Path | None) -> _Row:
    cols = line.split("\t")
    if len(cols) != _COLUMNS:
        raise FormatError(
            f"expected {_COLUMNS} tab-separated columns, found {len(cols)}", path, number
        )
    if "" in cols:
        raise FormatError(f"column {cols.index('') + 1} is empty", path, number)
    m = _ID.match(cols[0])
    if m is None:
        raise FormatError(f"bad token id {cols[0]!r}", path, number)
    first = int(m.group(1))
    if m.group(2) is not None:
        kind: RowKind = "range"
        last = int(m.group(2))
        if last <= first:
            raise FormatError(f"bad multiword token range {cols[0]!r}", path, number)
    else:
        kind = "empty" if m.group(3) is not None else "word"
        last = first
    return _Row(number, kind, first, last, cols[1], _parse_misc(cols[9]))


def _parse_misc(value: str) -> dict[str, str]:
    misc: dict[str, str] = {}
    if value != "_":
        for item in value.split("|"):
            key, _, val = item.partition("=")
            misc[key] = val
    return misc


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), value)


def _space_after(misc: dict[str, str]) -> tuple[str, bool]:
    """Whitespace after a token, and whether the file spelled it out."""
    if "SpacesAfter" in misc:
        return _unescape(misc["SpacesAfter"]), True
    return ("" if misc.get("SpaceAfter") == "No" else " "), False


# -- coreference brackets ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Bracket:
    opens: bool
    closes: bool
    label: str
    part: Part | None


def _brackets(value: str) -> Iterator[_Bracket]:
    """The brackets of an ``Entity=`` value, in order; ``ValueError`` if malformed."""
    pos = 0
    while pos < len(value):
        m = _BRACKET.match(value, pos)
        if m is None:
            raise ValueError(f"malformed Entity value {value!r}")
        opens = m.group(1) is not None
        body = m.group(1) if opens else m.group(3)
        label, part = _parse_label(body, value)
        yield _Bracket(opens, not opens or m.group(2) is not None, label, part)
        pos = m.end()


def _parse_label(body: str, value: str) -> tuple[str, Part | None]:
    m = _LABEL.match(body)
    if m is None:
        raise ValueError(f"malformed entity {body!r} in Entity value {value!r}")
    if m.group(2) is None:
        return m.group(1), None
    part = (int(m.group(2)), int(m.group(3)))
    if not 1 <= part[0] <= part[1]:
        raise ValueError(f"bad discontinuous part {body!r} in Entity value {value!r}")
    return m.group(1), part


@dataclass(slots=True)
class _Open:
    """A mention whose opening bracket has been read."""

    start: int  # token index
    part: Part | None
    line: int


@dataclass(slots=True)
class _Pieces:
    """The parts read so far of one discontinuous mention."""

    spans: list[tuple[int, int]]
    line: int


@dataclass
class _Mentions:
    """Matches brackets into mentions, as inclusive token-index spans per entity label."""

    path: str | Path | None
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    opened: dict[str, list[_Open]] = field(default_factory=dict)
    pieces: dict[tuple[str, int], _Pieces] = field(default_factory=dict)

    def read(self, value: str, first: int, last: int, line: int) -> None:
        """Apply one ``Entity=`` value of a row whose tokens are ``first..last``."""
        try:
            brackets = list(_brackets(value))
        except ValueError as err:
            raise FormatError(str(err), self.path, line) from None
        for b in brackets:
            if b.opens and b.closes:
                self._add(b.label, b.part, first, last, line)
            elif b.opens:
                self.opened.setdefault(b.label, []).append(_Open(first, b.part, line))
            else:
                start, opened_at = self._close(b, line)
                self._add(b.label, b.part, start, last, opened_at)

    def _close(self, b: _Bracket, line: int) -> tuple[int, int]:
        stack = self.opened.get(b.label, [])
        for i in range(len(stack) - 1, -1, -1):
            if b.part is None or stack[i].part == b.part:
                found = stack.pop(i)
                return found.start, found.line
        raise FormatError(
            f"closing bracket of entity {b.label} has no open mention", self.path, line
        )

    def _add(self, label: str, part: Part | None, start: int, end: int, line: int) -> None:
        if part is not None:
            key = (label, part[1])
            pieces = self.pieces.setdefault(key, _Pieces([], line))
            pieces.spans.append((start, end))
            if len(pieces.spans) < part[1]:
                return
            del self.pieces[key]
            present = [(s, e) for s, e in pieces.spans if e >= s]
            if not present:
                return
            start, end = min(s for s, _ in present), max(e for _, e in present)
        spans = self.spans.setdefault(label, [])
        if end >= start:  # a mention of empty nodes only has no characters
            spans.append((start, end))

    def check_closed(self) -> None:
        """Raise on a mention still open (or a discontinuous one missing parts) at document end."""
        for label, stack in self.opened.items():
            if stack:
                raise FormatError(
                    f"mention of entity {label} is never closed", self.path, stack[0].line
                )
        for (label, n), pieces in self.pieces.items():
            raise FormatError(
                f"discontinuous mention of entity {label} has {len(pieces.spans)} of {n} parts",
                self.path,
                pieces.line,
            )


# -- documents ---------------------------------------------------------------------


class _DocumentBuilder:
    """Rebuilds one document's text from its sentences and collects its mentions."""

    def __init__(self, name: str, path: str | Path | None):
        self.name = name
        self.path = path
        self.metadata: dict[str, Any] = {}
        self.tokens: list[Token] = []
        self.sentences: list[Sentence] = []
        self.mentions = _Mentions(path)
        self._parts: list[str] = []
        self._length = 0
        self._gap = ""  # whitespace owed before the next token
        self._gap_explicit = False
        self.sentences_read = 0

    def add_sentence(self, rows: list[_Row], new_paragraph: bool) -> None:
        if new_paragraph and self.tokens and not self._gap_explicit:
            self._gap = "\n\n"
        self.sentences_read += 1
        first_token = len(self.tokens)
        placed = self._place(rows)
        if len(self.tokens) > first_token:
            start, end = self.tokens[first_token].start, self.tokens[-1].end
            self.sentences.append(Sentence(start, end, first_token, len(self.tokens)))
        for row, first, last in placed:
            if "Entity" in row.misc:
                self.mentions.read(row.misc["Entity"], first, last, row.line)

    def _place(self, rows: list[_Row]) -> list[tuple[_Row, int, int]]:
        """Add the sentence's tokens; each row with its inclusive token range."""
        placed: list[tuple[_Row, int, int]] = []
        expected = 1  # the next word id
        i = 0
        while i < len(rows):
            row = rows[i]
            if row.kind == "empty":
                if row.first != expected - 1:
                    raise FormatError(
                        f"empty node after word {row.first} is out of order", self.path, row.line
                    )
                placed.append((row, len(self.tokens), len(self.tokens) - 1))
                i += 1
                continue
            if row.first != expected:
                raise FormatError(
                    f"expected word id {expected}, found {row.first}", self.path, row.line
                )
            words: list[_Row] = []
            if row.kind == "range":
                words = rows[i + 1 : i + 2 + row.last - row.first]
                self._check_words(row, words)
            placed.extend(self._add_token(row, words))
            expected = row.last + 1
            i += 1 + len(words)
        return placed

    def _check_words(self, row: _Row, words: list[_Row]) -> None:
        ids = [(w.kind, w.first) for w in words]
        if ids != [("word", n) for n in range(row.first, row.last + 1)]:
            raise FormatError(
                f"multiword token {row.first}-{row.last} is not followed by its words",
                self.path,
                row.line,
            )

    def _add_token(self, row: _Row, words: list[_Row]) -> list[tuple[_Row, int, int]]:
        """Add a word or a multiword token to the text; rows with their token ranges."""
        surface = row.surface
        split = bool(words) and "".join(w.form for w in words) == surface
        self._emit(self._gap + _unescape(row.misc.get("SpacesBefore", "")))
        pieces = [w.form for w in words] if split else [surface]
        first = len(self.tokens)
        for piece in pieces:
            start = self._length
            self._emit(piece)
            self.tokens.append(Token(start, self._length, piece))
        last = len(self.tokens) - 1
        self._gap, self._gap_explicit = _space_after(row.misc)
        placed = [(row, first, last)]
        for k, w in enumerate(words):
            placed.append((w, first + k, first + k) if split else (w, first, last))
        return placed

    def _emit(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def build(self) -> Document:
        self.mentions.check_closed()
        text = "".join(self._parts)
        doc = Document(text, self.tokens, self.sentences, name=self.name)
        doc.clusters, labels = self._clusters(doc)
        genre = self.metadata.get("genre") or _genre_from_name(self.name)
        doc.metadata = {**self.metadata, "entity_labels": labels}
        if genre:
            doc.metadata["genre"] = genre
        if self.path is not None:
            doc.metadata["path"] = str(self.path)
        try:
            doc.validate()
        except ValueError as err:
            raise FormatError(f"document {self.name}: {err}", self.path) from None
        return doc

    def _clusters(self, doc: Document) -> tuple[list[Cluster], dict[int, str]]:
        """Clusters numbered by first appearance, and the corpus label of each id."""
        by_label: dict[str, list[Mention]] = {}
        for label, spans in self.mentions.spans.items():
            unique = sorted(set(spans), key=lambda s: (s[0], -s[1]))
            if unique:
                by_label[label] = [doc.token_mention(i, j) for i, j in unique]
        order = sorted(by_label, key=lambda lab: (by_label[lab][0].start, -by_label[lab][0].end))
        clusters = [Cluster(i, by_label[lab]) for i, lab in enumerate(order)]
        return clusters, dict(enumerate(order))


def _genre_from_name(name: str) -> str | None:
    """GUM names documents ``GUM_<genre>_<name>``."""
    parts = name.split("_")
    return parts[1] if len(parts) >= 3 and parts[0] == "GUM" else None


class _Reader:
    """Line-by-line state machine: comments, token lines, blank lines, documents."""

    def __init__(self, name: str, path: str | Path | None):
        self.name = name
        self.path = path
        self.docs: list[Document] = []
        self.doc = _DocumentBuilder(name, path)
        self.rows: list[_Row] = []
        self.new_paragraph = False

    def feed(self, number: int, line: str) -> None:
        if not line.strip():
            self._end_sentence()
        elif line.startswith("#"):
            if self.rows:
                raise FormatError("comment line inside a sentence", self.path, number)
            self._comment(line[1:].strip())
        else:
            self.rows.append(_parse_row(number, line, self.path))

    def _comment(self, comment: str) -> None:
        key, has_value, value = (s.strip() for s in comment.partition("="))
        head = key.split()[0] if key else ""
        if head == "newdoc":
            self._end_document()
            default = self.name if not self.docs else f"{self.name}-{len(self.docs)}"
            self.doc.name = value if key == "newdoc id" and has_value else default
        elif head == "newpar":
            self.new_paragraph = True
        elif key in ("meta::genre", "meta::title") and has_value:
            self.doc.metadata[key.removeprefix("meta::")] = value

    def _end_sentence(self) -> None:
        if self.rows:
            self.doc.add_sentence(self.rows, self.new_paragraph)
            self.rows = []
            self.new_paragraph = False

    def _end_document(self) -> None:
        self._end_sentence()
        if self.doc.sentences_read:
            self.docs.append(self.doc.build())
        self.doc = _DocumentBuilder(self.name, self.path)

    def close(self) -> list[Document]:
        self._end_document()
        return self.docs
