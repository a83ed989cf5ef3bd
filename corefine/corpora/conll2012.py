"""CoNLL-2012 coreference files: reader and writer.

Why we read exactly as the official reference scorer (v8.01, CorScorer.pm)
does: our :class:`~corefine.eval.metrics.CorefScorer` is checked against it, and
two readers that disagree on which mentions a file contains can never agree on
a score. Concretely:

* Documents are delimited by ``#begin document ...`` / ``#end document``; a file
  may hold several. The header's rest of line is parsed as ``(NAME); part N``;
  the variants ``# begin document GUM_bio_byron`` (no parentheses, no part) and
  ``# begin document`` (no name: the file stem is used) also occur in our data.
* The coreference column is the **last** column, after dropping trailing empty
  fields (Perl's ``split`` drops them: LitBank rows end with a tab when they
  carry no coreference). Rows are split on tabs, or on runs of whitespace when a
  row has no tab (space-aligned OntoNotes files).
* A token with ``_`` or ``-`` carries no mention. Otherwise the column is a
  sequence of items ``(L)`` (one-token mention), ``(L`` (start) and ``L)``
  (end), optionally joined by ``|`` (OntoGUM and GUM omit the ``|``:
  ``(1(2)``). Items of one row are applied as the reference scorer applies them:
  one-token mentions first, then starts, then ends; an end closes the most
  recent open start of the same entity. (This only matters for a row that ends
  one mention of an entity and starts another of the same entity, which the
  reference scorer pairs into a one-token mention; we read it the same way.)
  ``(N+M)`` items (split antecedents) are discarded, as the scorer does.
* The word is column 4 of full CoNLL-2012 rows (5 columns or more: LitBank,
  OntoNotes) and column 2 of the 3-column files ``index word coref`` (OntoGUM,
  GUM). An empty word column (OntoGUM writes the token ``|`` that way) is read
  as ``_``.

Entity labels. Numeric labels (``12``) are the entity number. The full GUM
scheme writes ``type-N`` or ``type-N-Identity`` (``person-3-Lord_Byron``,
``abstract-2``). The entity is identified by the number ``N``: in all 207 GUM
train+dev files no number occurs with two types or two identities, and the
number alone is what pairs ``(abstract-2`` with ``abstract-2)``. A file in which
one number appears with two different types is rejected (``FormatError``)
rather than silently merging two entities. The first full label seen for each
entity is kept in ``doc.metadata["entity_labels"]`` (cluster id → label).

Document model. Text is the tokens joined by single spaces, with ``"\\n"``
between sentences (blank lines), so that sentence boundaries stay visible to
anything that re-reads the text; the reference scorer ignores text. Tokens
carry character offsets into that text; mentions are the character spans of
their first to last token. Cluster ids are ``0..n-1`` in order of first
appearance (in the scorer's item order). ``doc.name`` is ``f"{NAME}_{part}"``
with the part as an integer (``0`` when the header has none), the e2e-coref
``doc_key`` convention, so that key and response documents pair up by (name,
part) as they do in the reference scorer; ``metadata["conll_document"]``,
``metadata["conll_part"]`` (the part as written, ``"000"`` when absent) and
``metadata["conll_header"]`` keep the original pieces. A span listed twice for
one entity is kept once, with a warning; a span listed for two entities stays
in both (the scorer decides what that means, as the reference scorer does).
"""

from __future__ import annotations

import bisect
import io
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from corefine.corpora.files import read_corpus_text
from corefine.document import Cluster, ClustersLike, Document, Mention, Sentence, Token, as_clusters
from corefine.errors import FormatError

__all__ = [
    "clusters_as_token_spans",
    "conll_string",
    "doc_name",
    "parse_conll",
    "read_conll",
    "write_conll",
]

_BEGIN = re.compile(r"^#\s*begin document\b ?(.*?)\s*$")
_END = re.compile(r"#\s*end document")
_HEADER = re.compile(r"^\((?P<name>.*)\);?\s*(?:part\s+(?P<part>\S+))?$")
_HEADER_NO_PARENS = re.compile(r"^(?P<name>.*?);?\s*part\s+(?P<part>\S+)$")
# One coreference item: ``(L)``, ``(L`` or ``L)``; a label holds no bracket or bar.
_ITEM = re.compile(r"\((?P<single>[^()|]+)\)|\((?P<open>[^()|]+)|(?P<close>[^()|]+)\)|\|")
_SPLIT_ANTECEDENT = re.compile(r"^\d+\+\d+$")
_GUM_LABEL = re.compile(r"^(?P<type>[^\W\d_][\w]*)-(?P<num>\d+)(?:-.*)?$", re.DOTALL)
_NO_COREF = frozenset({"_", "-", ""})


# -----------------------------------------------------------------------------
# reading
# -----------------------------------------------------------------------------


def read_conll(
    path: str | Path, encoding: str = "utf-8", drop_singletons: bool = False
) -> list[Document]:
    """Read every document of a CoNLL-2012 file.

    Raises :class:`~corefine.errors.FormatError` (with path and line) for a
    missing or undecodable file, malformed rows and unbalanced brackets.
    ``drop_singletons`` removes one-mention clusters (LitBank and full GUM
    annotate singletons; OntoNotes-style evaluation does not) and renumbers the
    remaining clusters densely.
    """
    p = Path(path)
    text = read_corpus_text(p, encoding)
    return parse_conll(text, path=p, default_name=p.stem, drop_singletons=drop_singletons)


def parse_conll(
    text: str,
    path: str | Path | None = None,
    default_name: str = "document",
    drop_singletons: bool = False,
) -> list[Document]:
    """Parse CoNLL-2012 text (see the module docstring for the exact rules).

    ``path`` is only used in error messages; ``default_name`` names documents
    whose header carries no name.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    docs: list[Document] = []
    builder: _DocBuilder | None = None
    unnamed = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        begin = _BEGIN.match(stripped)
        if begin is not None:
            if builder is not None:
                raise FormatError(
                    f"'#begin document' inside document {builder.name!r} "
                    f"(opened on line {builder.begin_line}) without '#end document'",
                    path,
                    lineno,
                )
            header = begin.group(1)
            document, part = _parse_header(header)
            if not document:
                document = default_name if unnamed == 0 else f"{default_name}-{unnamed}"
                unnamed += 1
            builder = _DocBuilder(document, part, header, path, lineno)
            continue
        if builder is not None and _END.search(stripped):
            docs.append(builder.finish(lineno, drop_singletons))
            builder = None
            continue
        if not stripped:
            if builder is not None:
                builder.sentence_break()
            continue
        if stripped.startswith("#"):
            # Other comment lines are skipped. (Inside a document the reference
            # scorer would count such a line as a token row; no corpus we read
            # has one, and skipping keeps token indices aligned with the words.)
            continue
        if builder is None:
            raise FormatError(
                "token row outside a document (no preceding '#begin document' line)",
                path,
                lineno,
            )
        builder.add_row(line, lineno)
    if builder is not None:
        raise FormatError(
            f"document {builder.name!r} (line {builder.begin_line}) is not closed by "
            f"'#end document'",
            path,
            len(text.splitlines()),
        )
    return docs


def _parse_header(header: str) -> tuple[str, str | None]:
    """``(NAME); part N`` → (NAME, "N"); ``NAME`` → (NAME, None)."""
    header = header.strip()
    m = _HEADER.match(header)
    if m is not None:
        return m.group("name").strip(), m.group("part")
    m = _HEADER_NO_PARENS.match(header)
    if m is not None:
        return m.group("name").strip(), m.group("part")
    return header, None


def _entity_key(label: str) -> tuple[int | str, str | None]:
    """The entity a label denotes, and its type for the full GUM scheme.

    ``"12"`` → (12, None); ``"person-3-Lord_Byron"`` → (3, "person").
    Anything else is kept as an opaque string key.
    """
    if label.isdigit():
        return int(label), None
    m = _GUM_LABEL.match(label)
    if m is not None:
        return int(m.group("num")), m.group("type")
    return label, None


@dataclass
class _DocBuilder:
    """Accumulates one document's rows and bracket items."""

    document: str
    part: str | None
    header: str
    path: str | Path | None
    begin_line: int
    words: list[str] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=lambda: [0])
    # entity key -> cluster index (order of first appearance)
    entity_index: dict[int | str, int] = field(default_factory=dict)
    entity_labels: dict[int, str] = field(default_factory=dict)
    entity_types: dict[int | str, str | None] = field(default_factory=dict)
    open_starts: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    mentions: list[list[tuple[int, int]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return doc_name(self.document, self.part)

    def sentence_break(self) -> None:
        if self.sentence_starts[-1] != len(self.words):
            self.sentence_starts.append(len(self.words))

    def _cluster(self, label: str, lineno: int) -> int:
        key, etype = _entity_key(label)
        if key in self.entity_index:
            known = self.entity_types.get(key)
            if etype is not None and known is not None and etype != known:
                raise FormatError(
                    f"entity {key} appears with two types ({known!r} and {etype!r}); "
                    f"corefine identifies GUM entities by their number",
                    self.path,
                    lineno,
                )
            return self.entity_index[key]
        idx = len(self.entity_index)
        self.entity_index[key] = idx
        self.entity_types[key] = etype
        self.entity_labels[idx] = label
        self.mentions.append([])
        return idx

    def add_row(self, line: str, lineno: int) -> None:
        cols = line.split("\t") if "\t" in line else line.split()
        while cols and cols[-1] == "":
            cols.pop()
        if len(cols) < 3:
            raise FormatError(
                f"expected at least 3 columns (index, word, coreference), found {len(cols)}",
                self.path,
                lineno,
            )
        word = (cols[3] if len(cols) >= 5 else cols[1]).strip()
        if not word:
            # OntoGUM leaves the word empty for the token "|" (its column separator);
            # the scorer ignores words, and a token needs at least one character.
            word = "_"
        tok = len(self.words)
        self.words.append(word)
        coref = cols[-1].strip()
        if coref in _NO_COREF:
            return
        singles: list[str] = []
        opens: list[str] = []
        closes: list[str] = []
        pos = 0
        while pos < len(coref):
            m = _ITEM.match(coref, pos)
            if m is None:
                raise FormatError(
                    f"malformed coreference column {coref!r} (at character {pos + 1})",
                    self.path,
                    lineno,
                )
            pos = m.end()
            if m.group("single") is not None:
                label = m.group("single").strip()
                if not _SPLIT_ANTECEDENT.match(label):
                    singles.append(label)
            elif m.group("open") is not None:
                opens.append(m.group("open").strip())
            elif m.group("close") is not None:
                closes.append(m.group("close").strip())
        for label in singles:
            self.mentions[self._cluster(label, lineno)].append((tok, tok))
        for label in opens:
            cid = self._cluster(label, lineno)
            self.open_starts.setdefault(cid, []).append((tok, lineno))
        for label in closes:
            cid = self._cluster(label, lineno)
            stack = self.open_starts.get(cid)
            if not stack:
                raise FormatError(
                    f"mention of entity {label!r} ends here but never started",
                    self.path,
                    lineno,
                )
            start, _ = stack.pop()
            self.mentions[cid].append((start, tok))

    def finish(self, end_line: int, drop_singletons: bool) -> Document:
        for cid, stack in self.open_starts.items():
            if stack:
                _, start_line = stack[-1]
                raise FormatError(
                    f"mention of entity {self.entity_labels[cid]!r} started on line "
                    f"{start_line} is not closed before '#end document'",
                    self.path,
                    end_line,
                )
        text_parts: list[str] = []
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        starts = [s for s in self.sentence_starts if s < len(self.words)] or [0]
        bounds = [*starts, len(self.words)]
        offset = 0
        for si in range(len(starts)):
            if si > 0:
                text_parts.append("\n")
                offset += 1
            sent_start_char = offset
            for ti in range(bounds[si], bounds[si + 1]):
                if ti > bounds[si]:
                    text_parts.append(" ")
                    offset += 1
                w = self.words[ti]
                tokens.append(Token(offset, offset + len(w), w))
                text_parts.append(w)
                offset += len(w)
            if bounds[si + 1] > bounds[si]:
                sentences.append(Sentence(sent_start_char, offset, bounds[si], bounds[si + 1]))
        text = "".join(text_parts)

        clusters: list[Cluster] = []
        labels: dict[int, str] = {}
        for cid, spans in enumerate(self.mentions):
            unique: list[tuple[int, int]] = []
            seen: set[tuple[int, int]] = set()
            for span in spans:
                if span in seen:
                    warnings.warn(
                        f"{self.path or '<text>'}: document {self.name!r}: entity "
                        f"{self.entity_labels[cid]!r} lists tokens {span[0]}-{span[1]} twice; "
                        f"kept once",
                        stacklevel=4,
                    )
                    continue
                seen.add(span)
                unique.append(span)
            if drop_singletons and len(unique) < 2:
                continue
            mentions = [
                Mention(tokens[a].start, tokens[b].end, text[tokens[a].start : tokens[b].end])
                for a, b in unique
            ]
            new_id = len(clusters)
            clusters.append(Cluster(new_id, mentions))
            labels[new_id] = self.entity_labels[cid]
        metadata: dict[str, Any] = {
            "conll_document": self.document,
            "conll_part": self.part if self.part is not None else "000",
            "conll_header": self.header,
            "entity_labels": labels,
        }
        if self.path is not None:
            metadata["source"] = str(self.path)
        return Document(
            text=text,
            tokens=tokens,
            sentences=sentences,
            clusters=clusters,
            name=self.name,
            metadata=metadata,
        )


def doc_name(document: str, part: str | None) -> str:
    """``NAME_part`` with the part as an integer when it is one (e2e-coref's doc_key)."""
    if part is None:
        return f"{document}_0"
    return f"{document}_{int(part)}" if part.isdigit() else f"{document}_{part}"


# -----------------------------------------------------------------------------
# token spans
# -----------------------------------------------------------------------------


def clusters_as_token_spans(
    doc: Document, clusters: ClustersLike | None = None
) -> list[set[tuple[int, int]]]:
    """Clusters as sets of inclusive token spans ``(first, last)``.

    A mention covers every token it overlaps (so a character span that cuts a
    token in half still claims that token); a mention that overlaps no token
    (only whitespace) is dropped with a warning. This is how the reference
    scorer sees mentions, and what :func:`write_conll` writes.
    """
    tokens, _ = _tokens_and_sentences(doc)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    result: list[set[tuple[int, int]]] = []
    source = doc.clusters if clusters is None else as_clusters(doc.text, clusters)
    for c in source:
        spans: set[tuple[int, int]] = set()
        for m in c.mentions:
            # tokens overlapping [start, end): first token ending after start,
            # up to the last token starting before end (as Document.token_range)
            i = bisect.bisect_right(ends, m.start)
            j = bisect.bisect_left(starts, m.end)
            if j <= i:
                warnings.warn(
                    f"document {doc.name!r}: mention {m.text!r} at [{m.start}, {m.end}) "
                    f"overlaps no token; dropped",
                    stacklevel=2,
                )
                continue
            spans.add((i, j - 1))
        result.append(spans)
    return result


def _tokens_and_sentences(doc: Document) -> tuple[list[Token], list[Sentence]]:
    if doc.tokens:
        return doc.tokens, doc.sentences
    from corefine.tokenizer import make_document

    tokenized = make_document(doc.text, doc.name)
    return tokenized.tokens, tokenized.sentences


# -----------------------------------------------------------------------------
# writing
# -----------------------------------------------------------------------------


def write_conll(
    docs: Document | Iterable[Document],
    path_or_stream: str | Path | TextIO,
    clusters_for: Callable[[Document], ClustersLike] | None = None,
) -> None:
    """Write documents as a CoNLL-2012 key or response file.

    Each document becomes ``#begin document (NAME); part PPP``, one row per
    token ``NAME  PART  INDEX  WORD  COREF`` (tab-separated, index within the
    sentence, coreference column last), a blank line between sentences and
    ``#end document``: the subset of the format the reference scorer reads.

    ``clusters_for(doc)`` gives the clusters to write (a resolver's response);
    by default ``doc.clusters``. Mentions are character spans; each is written
    on the tokens it overlaps (see :func:`clusters_as_token_spans`). A document
    without tokens is tokenized with corefine's tokenizer. Entities are numbered
    ``0..n-1`` in list order. Two mentions of one cluster that cross (overlap
    without nesting) cannot be expressed in bracket notation: the reader pairs
    brackets last-in-first-out, so a warning is issued. Whitespace inside a word
    is written as ``_``, which only changes the word column (the scorer ignores it).
    """
    if isinstance(docs, Document):
        docs = [docs]
    if isinstance(path_or_stream, (str, Path)):
        with open(path_or_stream, "w", encoding="utf-8", newline="\n") as fh:
            _write_docs(docs, fh, clusters_for)
    else:
        _write_docs(docs, path_or_stream, clusters_for)


def conll_string(
    docs: Document | Iterable[Document],
    clusters_for: Callable[[Document], ClustersLike] | None = None,
) -> str:
    """:func:`write_conll` into a string."""
    buf = io.StringIO()
    write_conll(docs, buf, clusters_for)
    return buf.getvalue()


_WS = re.compile(r"\s")


def _write_docs(
    docs: Iterable[Document],
    out: TextIO,
    clusters_for: Callable[[Document], ClustersLike] | None,
) -> None:
    for n, doc in enumerate(docs):
        clusters = None if clusters_for is None else clusters_for(doc)
        for line in _doc_lines(doc, n, clusters):
            out.write(line)
            out.write("\n")


def _doc_lines(doc: Document, n: int, clusters: ClustersLike | None) -> Iterator[str]:
    tokens, sentences = _tokens_and_sentences(doc)
    spans = clusters_as_token_spans(doc, clusters)
    document = str(doc.metadata.get("conll_document") or doc.name or f"document{n}")
    document = _WS.sub("_", document)
    part = _WS.sub("_", str(doc.metadata.get("conll_part", "000"))) or "000"

    opens: dict[int, list[tuple[int, int]]] = {}
    singles: dict[int, list[int]] = {}
    closes: dict[int, list[tuple[int, int]]] = {}
    for cid, cluster_spans in enumerate(spans):
        _warn_crossing(doc, cid, cluster_spans)
        for a, b in cluster_spans:
            if a == b:
                singles.setdefault(a, []).append(cid)
            else:
                opens.setdefault(a, []).append((b, cid))
                closes.setdefault(b, []).append((a, cid))

    breaks = {s.token_start for s in sentences if s.token_start > 0}
    yield f"#begin document ({document}); part {part}"
    index_in_sentence = 0
    for t, tok in enumerate(tokens):
        if t in breaks:
            yield ""
            index_in_sentence = 0
        # Starts and one-token mentions in cluster order: readers that number
        # entities by first appearance (ours, the reference scorer) then give
        # back the same cluster ids. Ends innermost first, for human readers.
        items = [f"({cid}" for cid in sorted(cid for _, cid in opens.get(t, []))]
        items += [f"({cid})" for cid in sorted(singles.get(t, []))]
        items += [f"{cid})" for _, cid in sorted(closes.get(t, []), key=lambda x: (-x[0], x[1]))]
        coref = "|".join(items) if items else "-"
        word = _WS.sub("_", tok.text) or "_"
        yield f"{document}\t{part}\t{index_in_sentence}\t{word}\t{coref}"
        index_in_sentence += 1
    yield "#end document"


def _warn_crossing(doc: Document, cid: int, spans: Iterable[tuple[int, int]]) -> None:
    ordered = sorted(spans)
    for i, (a1, b1) in enumerate(ordered):
        for a2, b2 in ordered[i + 1 :]:
            if a2 > b1:
                break
            if a1 < a2 <= b1 < b2:
                warnings.warn(
                    f"document {doc.name!r}: cluster {cid} has crossing mentions "
                    f"(tokens {a1}-{b1} and {a2}-{b2}); bracket notation cannot express "
                    f"them and readers will pair the brackets differently",
                    stacklevel=4,
                )
                return
