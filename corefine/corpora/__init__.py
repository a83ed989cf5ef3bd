"""Readers and writers of corpus formats; every reader returns corefine documents.

Each format lives in its own module (``conllu``: GUM/OntoGUM/CorefUD CoNLL-U;
``conll2012``: CoNLL-2012 reader and key/response writer;
``gap``: GAP ``.tsv``; ``ecbplus``: ECB+ XML, entities only;
``jsonio``: corefine's own JSON / JSON Lines). Readers
raise :class:`~corefine.errors.FormatError` naming the file and line, so the
CLI can report any bad corpus in one line.
"""

from corefine.corpora.conll2012 import conll_string, parse_conll, read_conll, write_conll
from corefine.corpora.conllu import parse_conllu, read_conllu
from corefine.corpora.ecbplus import read_ecbplus, read_ecbplus_corpus
from corefine.corpora.files import read_corpus_text
from corefine.corpora.gap import GapExample, gap_example_to_document, parse_gap, read_gap
from corefine.corpora.jsonio import document_from_json, document_to_json, read_jsonl, write_jsonl

__all__ = [
    "GapExample",
    "conll_string",
    "document_from_json",
    "document_to_json",
    "gap_example_to_document",
    "parse_conll",
    "parse_conllu",
    "parse_gap",
    "read_conll",
    "read_conllu",
    "read_corpus_text",
    "read_ecbplus",
    "read_ecbplus_corpus",
    "read_gap",
    "read_jsonl",
    "write_conll",
    "write_jsonl",
]
