"""Documents as JSON objects and JSON Lines files, round-tripping exactly.

Why JSON: it is what the CLI, the batch tools and the service hand to other
programs, and it must come back as the very same document (offsets, mention
and cluster confidences, metadata), so that resolved output can be re-read,
scored or rewritten later.

The object is :meth:`Document.to_dict` with two additions that exactness
needs: each sentence is ``[start, end, token_start, token_end]`` (``to_dict``
keeps only the character span; two-element sentences are still accepted and
their token range is recomputed), and metadata dicts whose keys are not all
strings, such as ``entity_labels`` (``{cluster id: corpus label}``), are
written as ``{"__items__": [[key, value], ...]}`` because JSON object keys are
strings. Tuples come back as lists; other values that JSON cannot hold raise
``TypeError`` on writing instead of being silently changed.

JSON Lines files are split on ``"\\n"`` only: texts may contain U+2028 or
U+0085, which ``str.splitlines`` would treat as line ends (``json`` escapes
real newlines inside strings, so ``"\\n"`` always ends a record).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corefine.corpora.files import read_corpus_text
from corefine.document import Cluster, Document, Mention, Sentence, Token
from corefine.errors import CorefineError, FormatError

__all__ = ["document_from_json", "document_to_json", "read_jsonl", "write_jsonl"]

_ITEMS = "__items__"


def document_to_json(doc: Document) -> dict[str, Any]:
    """A JSON-ready dict of ``doc`` that :func:`document_from_json` turns back into it."""
    obj = doc.to_dict()
    obj["sentences"] = [[s.start, s.end, s.token_start, s.token_end] for s in doc.sentences]
    obj["metadata"] = _encode(doc.metadata, "metadata")
    return obj


def document_from_json(
    obj: Any, path: str | Path | None = None, line: int | None = None
) -> Document:
    """The document of a :func:`document_to_json` object; :class:`FormatError` if invalid.

    ``path`` and ``line`` only locate errors. Every mention's ``text`` must
    equal the slice of the document text it points at.
    """
    try:
        doc = _document(obj)
        doc.validate()
    except ValueError as err:
        raise FormatError(f"invalid document: {err}", path, line) from None
    return doc


def write_jsonl(docs: Iterable[Document], path: str | Path) -> None:
    """Write one JSON object per line (UTF-8)."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                f.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
    except OSError as err:
        raise CorefineError(f"cannot write file: {err.strerror}", path) from None


def read_jsonl(path: str | Path, encoding: str = "utf-8") -> list[Document]:
    """The documents of a JSON Lines file; blank lines are skipped, empty file → ``[]``."""
    docs: list[Document] = []
    for number, line in enumerate(read_corpus_text(path, encoding).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise FormatError(
                f"invalid JSON: {err.msg} (column {err.colno})", path, number
            ) from None
        docs.append(document_from_json(obj, path, number))
    return docs


# -- metadata ----------------------------------------------------------------------


def _encode(value: Any, where: str) -> Any:
    """``value`` with non-string-keyed dicts tagged; ``TypeError`` for non-JSON values."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and set(value) != {_ITEMS}:
            return {k: _encode(v, f"{where}[{k!r}]") for k, v in value.items()}
        return {_ITEMS: [[_key(k, where), _encode(v, f"{where}[{k!r}]")] for k, v in value.items()]}
    raise TypeError(f"{where} is a {type(value).__name__}, which JSON cannot hold")


def _key(key: Any, where: str) -> Any:
    if key is None or isinstance(key, (str, bool, int, float)):
        return key
    raise TypeError(f"{where} has a {type(key).__name__} key, which JSON cannot hold")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) != {_ITEMS}:
        return {k: _decode(v) for k, v in value.items()}
    items = value[_ITEMS]
    if not isinstance(items, list) or not all(_is_pair(i) for i in items):
        raise ValueError(f"{_ITEMS} must be a list of [key, value] pairs with scalar keys")
    return {k: _decode(v) for k, v in items}


def _is_pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and not isinstance(item[0], (list, dict))


# -- document ----------------------------------------------------------------------


def _document(obj: Any) -> Document:
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    text = _get(obj, "text", str)
    tokens = [Token(s, e, text[s:e]) for s, e in _int_lists(obj.get("tokens", []), "tokens", 2)]
    doc = Document(text, tokens, name=_get(obj, "name", str, ""))
    doc.sentences = [_sentence(doc, s) for s in _list(obj.get("sentences", []), "sentences")]
    doc.clusters = [_cluster(c) for c in _list(obj.get("clusters", []), "clusters")]
    doc.metadata = _decode(_get(obj, "metadata", dict, {}))
    return doc


def _sentence(doc: Document, value: Any) -> Sentence:
    if isinstance(value, list) and len(value) == 2:
        start, end = _ints(value, "sentence")
        return Sentence(start, end, *doc.token_range(start, end))
    start, end, first, last = _ints(value, "sentence", 4)
    if not 0 <= first <= last <= len(doc.tokens):
        raise ValueError(f"sentence token range [{first}, {last}) is outside the tokens")
    return Sentence(start, end, first, last)


def _cluster(value: Any) -> Cluster:
    if not isinstance(value, dict):
        raise ValueError("a cluster must be an object")
    mentions = [_mention(m) for m in _list(value.get("mentions"), "cluster mentions")]
    return Cluster(_get(value, "id", int), mentions, _confidence(value.get("confidence")))


def _mention(value: Any) -> Mention:
    if not isinstance(value, dict):
        raise ValueError("a mention must be an object")
    start, end = _ints([value.get("start"), value.get("end")], "mention start/end")
    text = _get(value, "text", str)
    return Mention(start, end, text, _confidence(value.get("confidence")))


# -- typed field access ------------------------------------------------------------

_MISSING = object()


def _get(obj: dict[str, Any], key: str, kind: type, default: Any = _MISSING) -> Any:
    """``obj[key]`` checked to be of ``kind`` (``bool`` is not an ``int`` here)."""
    value = obj.get(key, default)
    if value is _MISSING:
        raise ValueError(f"missing {key!r}")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{key!r} must be {kind.__name__}, got {value!r}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    return value


def _ints(value: Any, what: str, n: int = 2) -> list[int]:
    if not isinstance(value, list) or len(value) != n:
        raise ValueError(f"{what} must be a list of {n} integers, got {value!r}")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValueError(f"{what} must be integers, got {value!r}")
    return value


def _int_lists(value: Any, what: str, n: int) -> list[list[int]]:
    return [_ints(v, what, n) for v in _list(value, what)]


def _confidence(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"a confidence must be a number or null, got {value!r}")
    return float(value)
