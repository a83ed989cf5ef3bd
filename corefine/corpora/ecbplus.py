"""ECB+ (EventCorefBank+, Cybulska and Vossen 2014) XML → :class:`Document`, entities only.

The corpus: ``xml/TOPIC/TOPIC_NAME.xml``, 982 news articles on 43 topics (``…ecb.xml``:
the original ECB texts, ``…ecbplus.xml``: the texts ECB+ added), and
``ECBplus_coreference_sentences.csv`` (``Topic,File,Sentence Number``). Each XML file
holds tokens (``<token t_id= sentence= number=>``), markables (a tag such as
``HUMAN_PART_PER`` with ``token_anchor`` children; markables without anchors are
cross-document *instances*, descriptors that relations point at) and relations
(``INTRA_DOC_COREF``, ``CROSS_DOC_COREF``: ``source`` markables and one ``target``).

Within-document coreference. The corpus' README says that the release *removed* every
intra-document link that is also part of a cross-document chain, so a document's
within-document chains are the union of both relation kinds: the ``source`` markables of
one relation, as far as they are in this document, are one entity. Chains that share a
markable are merged (union-find); a markable annotated twice over the same tokens is one
mention.

Which markables are entities. ECB+ annotates the components of events: actions (``ACTION_*``,
``NEG_ACTION_*``), times (``TIME_*``), locations (``LOC_*``), human participants
(``HUMAN_PART_*``) and non-human participants (``NON_HUMAN_PART*``). corefine's target is
OntoNotes-style identity coreference of entities (OntoGUM), so by default
(:data:`ENTITY_TYPES`) a mention is a markable of

* ``HUMAN_PART``, ``HUMAN_PART_PER``, ``_ORG``, ``_GPE``, ``_FAC``, ``_VEH``, ``_MET``:
  people, organisations, places and things acting as participants, OntoGUM's
  person/organization/place/object entities;
* ``NON_HUMAN_PART``: objects and abstractions (a Porsche, the internet);
* ``LOC_GEO``, ``LOC_FAC``, ``LOC_OTHER``: places;
* ``TIME_DATE``, ``TIME_OF_THE_DAY``: points in time, which OntoNotes and GUM link too
  ("Tuesday" … "that day").

Left out: events (``ACTION_*``, ``NEG_ACTION_*``: mostly verbs, which OntoNotes links only
to a nominal mention of the same event, and whose chains here are verb-to-verb);
``HUMAN_PART_GENERIC`` and ``NON_HUMAN_PART_GENERIC`` (generic mentions, which OntoNotes
does not link); ``TIME_DURATION`` and ``TIME_REPETITION`` ("90 days", "every year":
measures and quantified times, not referents). A chain keeps its entity mentions when
it also holds an event or a left-out type (a few ``INTRA_DOC_COREF`` chains mix types).
``entity_types`` changes the choice.

Mention extents are the corpus' own: ECB+ often marks less than the noun phrase
("rep" in "her rep", "family") and puts a location's or time's preposition inside it
("on Tuesday", "at Betty Ford"), which OntoGUM does not; training uses the links, not
these spans (``training.data.load_ecbplus_examples``). A markable's tokens are taken
from its first to its last anchor (6 markables of the corpus skip a token).

Complete sentences. Within-document coreference was annotated in selected sentences
only (the CSV); elsewhere some mentions are annotated and most are not, so an unmarked
mention outside them is not a negative. ``metadata["coref_sentences"]`` lists a
document's selected sentence numbers (empty when the CSV has no row for it: 6 files)
and :func:`complete_spans` their character spans.

Text. The corpus gives tokens without their spacing: a sentence is its tokens joined by
single spaces except before closing punctuation and clitics (``,`` ``.`` ``'s`` ``n't``
``''`` …), after opening brackets and quotes, and around a ``-`` between two
alphanumeric tokens ("90 - day" is "90-day" in the source) and a ``:`` between digits
("1:30"), with ``"\\n"`` between sentences (as the CoNLL-2012 reader does). Straight
double quotes alternate between opening and closing. Every token keeps its exact text at
its offsets (whitespace inside a token becomes one space, an empty token is dropped); only
the spacing between tokens is decided here. Sentence 0 of a ``…ecbplus`` file is the
address of the page the text came from (the README), not text: it is kept in
``metadata["url"]`` and left out of the document. ``doc.sentences[i]`` is corpus sentence
``metadata["sentence_numbers"][i]``.

Documents are named ``TOPIC_NAME`` (``1_10ecbplus``), the file's stem.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from corefine.corpora.files import read_corpus_text
from corefine.document import Cluster, Document, Mention, Sentence, Token
from corefine.errors import FormatError

__all__ = [
    "ENTITY_TYPES",
    "SENTENCES_CSV",
    "complete_spans",
    "parse_ecbplus",
    "read_coref_sentences",
    "read_ecbplus",
    "read_ecbplus_corpus",
]

ENTITY_TYPES = frozenset(
    {
        *("HUMAN_PART", "HUMAN_PART_PER", "HUMAN_PART_ORG", "HUMAN_PART_GPE"),
        *("HUMAN_PART_FAC", "HUMAN_PART_VEH", "HUMAN_PART_MET", "NON_HUMAN_PART"),
        *("LOC_GEO", "LOC_FAC", "LOC_OTHER", "TIME_DATE", "TIME_OF_THE_DAY"),
    }
)
SENTENCES_CSV = "ECBplus_coreference_sentences.csv"
COREF_RELATIONS = ("INTRA_DOC_COREF", "CROSS_DOC_COREF")

_NO_SPACE_BEFORE = frozenset(
    {*",.;:!?)]}%…", "''", "'s", "'S", "’s", "n't", "N'T", "n’t", "'re", "'ve", "'ll", "'d"}
    | {"'m", "’re", "’ve", "’ll", "’d", "’m", "”", "’", "'", "...", "'RE", "'VE", "'LL"}
)
_NO_SPACE_AFTER = frozenset({*"([{$£€#", "``", "“", "‘"})
_WHITESPACE = re.compile(r"\s+")

CorefSentences = Mapping[str, frozenset[int]]


@dataclass(frozen=True, slots=True)
class _Token:
    sentence: int
    text: str


def read_coref_sentences(path: str | Path) -> dict[str, frozenset[int]]:
    """``ECBplus_coreference_sentences.csv`` → document name (``1_10ecbplus``) → the
    numbers of its sentences whose within-document coreference is complete."""
    text = read_corpus_text(path, "utf-8-sig")
    out: dict[str, set[int]] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and not cells[-1].isdigit()):
            continue
        if len(cells) != 3 or not cells[2].isdigit():
            raise FormatError(f"expected Topic,File,Sentence Number, found {row!r}", path, number)
        out.setdefault(f"{cells[0]}_{cells[1]}", set()).add(int(cells[2]))
    return {name: frozenset(numbers) for name, numbers in out.items()}


def read_ecbplus(
    path: str | Path,
    coref_sentences: CorefSentences | None = None,
    entity_types: Iterable[str] = ENTITY_TYPES,
    drop_singletons: bool = False,
) -> Document:
    """One ECB+ XML file. ``coref_sentences`` (:func:`read_coref_sentences`) gives
    ``metadata["coref_sentences"]``; without it the list is empty.

    ``drop_singletons``: leave out entities with one mention. Kept by default: inside
    the complete sentences a singleton is a mention known to have no antecedent there.
    """
    text = read_corpus_text(path)
    name = Path(path).stem
    selected = (coref_sentences or {}).get(name, frozenset())
    return parse_ecbplus(text, name, selected, entity_types, drop_singletons, path)


def read_ecbplus_corpus(
    root: str | Path,
    entity_types: Iterable[str] = ENTITY_TYPES,
    drop_singletons: bool = False,
) -> list[Document]:
    """Every ``xml/*/*.xml`` document under ``root`` (the corpus folder), with its
    complete sentences from ``root/ECBplus_coreference_sentences.csv``; ordered by topic
    number, then file name."""
    root = Path(root)
    csv_path = root / SENTENCES_CSV
    if not csv_path.is_file():
        raise FormatError(f"{SENTENCES_CSV} not found in {root}", root)
    selected = read_coref_sentences(csv_path)

    def key(p: Path) -> tuple[int, str, str]:
        topic = p.parent.name
        return (int(topic) if topic.isdigit() else 0, topic, p.name)

    paths = sorted((root / "xml").glob("*/*.xml"), key=key)
    return [read_ecbplus(p, selected, entity_types, drop_singletons) for p in paths]


def complete_spans(doc: Document) -> list[tuple[int, int]]:
    """Character spans of ``doc``'s sentences whose within-document coreference is
    complete (``metadata["coref_sentences"]``), in text order."""
    numbers = doc.metadata.get("sentence_numbers", [])
    selected = set(doc.metadata.get("coref_sentences", []))
    return [(s.start, s.end) for s, n in zip(doc.sentences, numbers, strict=True) if n in selected]


def parse_ecbplus(
    text: str,
    name: str,
    coref_sentences: Iterable[int] = (),
    entity_types: Iterable[str] = ENTITY_TYPES,
    drop_singletons: bool = False,
    path: str | Path | None = None,
) -> Document:
    """The document of ECB+ XML ``text`` (``path``: for error messages only)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise FormatError(f"not well-formed XML: {err}", path, err.position[0]) from None
    tokens = _read_tokens(root, path)
    url_sentence = name.endswith("ecbplus")
    url = ""
    if url_sentence:
        url = "".join(t.text for t in tokens.values() if t.sentence == 0)
    kept = {
        tid: t for tid, t in tokens.items() if t.text and not (url_sentence and t.sentence == 0)
    }
    doc_text, spans, sentences, numbers = _layout(kept)
    order = {tid: i for i, tid in enumerate(spans)}

    types = frozenset(entity_types)
    mentions: dict[str, tuple[int, int]] = {}  # m_id → (first, last) token index
    labels: dict[str, str] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else ():
        anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
        if m.tag not in types or not anchors:
            continue
        idx = [order[a] for a in anchors if a in order]
        if idx:
            mentions[m.get("m_id", "")] = (min(idx), max(idx))
            labels[m.get("m_id", "")] = m.tag

    # union-find over mentions: the relations' sources, and mentions over the same tokens
    parent = {mid: mid for mid in mentions}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=_mid_key)] = min(ra, rb, key=_mid_key)

    by_span: dict[tuple[int, int], str] = {}
    for mid, span in mentions.items():
        if span in by_span:
            union(by_span[span], mid)
        else:
            by_span[span] = mid
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        if rel.tag not in COREF_RELATIONS:
            continue
        members = [s.get("m_id", "") for s in rel.findall("source")]
        members = [mid for mid in members if mid in mentions]
        for other in members[1:]:
            union(members[0], other)

    groups: dict[str, set[tuple[int, int]]] = {}
    for mid, span in mentions.items():
        groups.setdefault(find(mid), set()).add(span)
    entities = sorted(
        (sorted(group, key=lambda s: (s[0], -s[1])) for group in groups.values()),
        key=lambda g: (g[0][0], -g[0][1]),
    )
    char_spans = list(spans.values())
    clusters: list[Cluster] = []
    for group in entities:
        if drop_singletons and len(group) < 2:
            continue
        ms = [_mention(doc_text, char_spans[first], char_spans[last]) for first, last in group]
        clusters.append(Cluster(len(clusters), ms))
    doc_tokens = [Token(s, e, doc_text[s:e]) for s, e in char_spans]
    metadata = {
        "topic": name.split("_", 1)[0],
        "sentence_numbers": numbers,
        "coref_sentences": sorted(set(coref_sentences)),
        "entity_types": sorted(types),
    }
    if url:
        metadata["url"] = url
    if path is not None:
        metadata["source"] = str(path)
    return Document(doc_text, doc_tokens, sentences, clusters, name, metadata)


def _mid_key(mid: str) -> tuple[int, str]:
    return (int(mid), mid) if mid.isdigit() else (1 << 62, mid)


def _mention(text: str, first: tuple[int, int], last: tuple[int, int]) -> Mention:
    return Mention(first[0], last[1], text[first[0] : last[1]])


def _read_tokens(root: ET.Element, path: str | Path | None) -> dict[str, _Token]:
    tokens: dict[str, _Token] = {}
    for t in root.iter("token"):
        tid, sentence = t.get("t_id"), t.get("sentence", "")
        if tid is None or not sentence.isdigit():
            raise FormatError(f"token without t_id or sentence number: {t.attrib}", path)
        if tid in tokens:
            raise FormatError(f"token id {tid!r} occurs twice", path)
        form = _WHITESPACE.sub(" ", (t.text or "").strip())
        tokens[tid] = _Token(int(sentence), form)
    return tokens


def _layout(
    tokens: dict[str, _Token],
) -> tuple[str, dict[str, tuple[int, int]], list[Sentence], list[int]]:
    """Text, each token's character span (in token order), sentences and their numbers."""
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sentences: list[Sentence] = []
    numbers: list[int] = []
    offset = 0
    items = list(tokens.items())
    i = 0
    while i < len(items):
        number = items[i][1].sentence
        j = i
        while j < len(items) and items[j][1].sentence == number:
            j += 1
        if sentences:
            parts.append("\n")
            offset += 1
        start, first_token = offset, len(spans)
        forms = [t.text for _, t in items[i:j]]
        open_quote = False
        for k, (tid, tok) in enumerate(items[i:j]):
            if k > 0 and _space_between(forms, k, open_quote):
                parts.append(" ")
                offset += 1
            if tok.text == '"':
                open_quote = not open_quote
            spans[tid] = (offset, offset + len(tok.text))
            parts.append(tok.text)
            offset += len(tok.text)
        sentences.append(Sentence(start, offset, first_token, len(spans)))
        numbers.append(number)
        i = j
    return "".join(parts), spans, sentences, numbers


def _space_between(forms: list[str], k: int, quote_open: bool) -> bool:
    """Whether a space goes before ``forms[k]`` (``quote_open``: a ``"`` is open)."""
    prev, word = forms[k - 1], forms[k]
    if word == ":" and k + 1 < len(forms) and prev.isdigit() and forms[k + 1].isdigit():
        return False  # a time: "1 : 30" is "1:30"
    if prev == ":" and k >= 2 and forms[k - 2].isdigit() and word.isdigit():
        return False
    if word in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER:
        return False
    if word == '"':
        return not quote_open  # a closing quote hugs the word before it
    if prev == '"':
        return not quote_open  # after an opening quote: none; after a closing one: a space
    if word == "-" and k + 1 < len(forms):
        return not (prev[-1:].isalnum() and forms[k + 1][:1].isalnum())
    if prev == "-" and k >= 2:
        return not (forms[k - 2][-1:].isalnum() and word[:1].isalnum())
    return True
