"""JSON / JSON Lines: exact round trips (confidences, metadata, odd unicode) and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corefine.corpora.conllu import read_conllu
from corefine.corpora.jsonio import document_from_json, document_to_json, read_jsonl, write_jsonl
from corefine.document import Cluster, Document
from corefine.errors import FormatError
from corefine.tokenizer import make_document


def sample() -> Document:
    # U+2028, U+0085 and \r are line ends for str.splitlines but not for JSON Lines
    doc = make_document("Ms.\u00a0Bell said\u2028she’d call\x85her 😀\r\nboss.", name="s/1")
    bell, she, her = doc.mention(0, 8), doc.mention(14, 17, 0.75), doc.mention(25, 28, 1.0)
    doc.clusters = [Cluster(3, [bell, she, her], confidence=0.123456789012345)]
    doc.metadata = {
        "genre": "news",
        "entity_labels": {0: "e1", 7: "e2"},
        "nested": {"a": [1, 2.5, None, True], "__items__": "not a tag"},
        "only_tag_key": {"__items__": [1]},
        "mixed_keys": {1: "one", "1": "string one", None: 0, 2.5: "x", False: "f"},
    }
    return doc


def assert_same(a: Document, b: Document) -> None:
    """Equal, including what ``Document.__eq__`` skips (mention confidences, dict key types)."""
    assert a == b
    assert [(m.span, m.confidence) for m in a.mentions] == [
        (m.span, m.confidence) for m in b.mentions
    ]
    assert [c.confidence for c in a.clusters] == [c.confidence for c in b.clusters]
    assert repr(a.metadata) == repr(b.metadata)


def test_round_trip_through_json_text() -> None:
    doc = sample()
    obj = json.loads(json.dumps(document_to_json(doc)))
    assert_same(document_from_json(obj), doc)


def test_round_trip_through_jsonl(tmp_path: Path, shared_data: Path) -> None:
    [gum] = read_conllu(shared_data / "gum" / "ontogum" / "dev" / "GUM_bio_byron.conllu")
    docs = [sample(), gum, Document("")]
    path = tmp_path / "docs.jsonl"
    write_jsonl(docs, path)
    assert path.read_text(encoding="utf-8").count("\n") == len(docs)
    for read, written in zip(read_jsonl(path), docs, strict=True):
        assert_same(read, written)
    assert read_jsonl(path)[1].metadata["entity_labels"][0] == gum.metadata["entity_labels"][0]


def test_plain_to_dict_is_accepted() -> None:
    doc = sample()
    doc.metadata = {"genre": "news"}
    assert_same(document_from_json(json.loads(json.dumps(doc.to_dict()))), doc)


def test_metadata_json_cannot_hold_is_refused() -> None:
    doc = sample()
    doc.metadata = {"path": Path("x")}
    with pytest.raises(TypeError, match=r"metadata\['path'\] is a (Posix|Windows)Path"):
        document_to_json(doc)


def broken(**changes: Any) -> dict[str, Any]:
    obj = document_to_json(sample())
    obj.update(changes)
    return obj


def mention(start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text, "confidence": None}


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "expected a JSON object"),
        ({"name": "x"}, "missing 'text'"),
        (broken(text=3), "'text' must be str"),
        (broken(tokens=[[0, 1, 2]]), "tokens must be a list of 2 integers"),
        (broken(tokens=[[5, 1]], sentences=[]), "token 0"),
        (broken(sentences=[[0, 3, 0, 99]]), "outside the tokens"),
        (broken(clusters=[{"id": True, "mentions": []}]), "'id' must be int"),
        (broken(clusters=[{"id": 0, "mentions": [mention(0, 3, "Bel")]}]), "does not match"),
        (broken(clusters=[{"id": 0, "mentions": [mention(0, 99, "x")]}]), "does not match"),
        (broken(clusters=[{"id": 0, "mentions": "x"}]), "cluster mentions must be a list"),
        (broken(clusters=[{"id": 0, "confidence": "high", "mentions": []}]), "confidence"),
        (broken(metadata={"m": {"__items__": [[[1], 2]]}}), "__items__"),
    ],
)
def test_invalid_objects(obj: Any, message: str) -> None:
    with pytest.raises(FormatError) as err:
        document_from_json(obj, path="d.json", line=4)
    assert (err.value.path, err.value.line) == ("d.json", 4)
    assert message in err.value.message


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    good = json.dumps(document_to_json(sample()), ensure_ascii=False)
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n\n{{not json\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_jsonl(path)
    assert (err.value.line, err.value.message) == (
        3,
        "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
    )

    path.write_text(f"{good}\n" + json.dumps({"text": "ab", "tokens": [[0, 3]]}), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_jsonl(path)
    assert err.value.line == 2

    with pytest.raises(FormatError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl")
    path.write_bytes(good.encode("utf-8") + b"\n\xff\n")
    with pytest.raises(FormatError) as err:
        read_jsonl(path)
    assert err.value.line == 2 and "encoding" in err.value.message
    path.write_text("")
    assert read_jsonl(path) == []
