"""Readers and writers of corpus formats; every reader returns corefine documents.

Each format lives in its own module (``conllu``: GUM/OntoGUM/CorefUD CoNLL-U;
``gap``: GAP ``.tsv``; ``jsonio``: corefine's own JSON / JSON Lines). Readers
raise :class:`~corefine.errors.FormatError` naming the file and line, so the
CLI can report any bad corpus in one line.
"""

from corefine.corpora.conllu import parse_conllu, read_conllu, read_corpus_text
from corefine.corpora.gap import GapExample, gap_example_to_document, parse_gap, read_gap
from corefine.corpora.jsonio import document_from_json, document_to_json, read_jsonl, write_jsonl

__all__ = [
    "GapExample",
    "document_from_json",
    "document_to_json",
    "gap_example_to_document",
    "parse_conllu",
    "parse_gap",
    "read_conllu",
    "read_corpus_text",
    "read_gap",
    "read_jsonl",
    "write_jsonl",
]
