"""Distillation targets (training/distill.py) without torch: the file format and its
keys, the manifest and resuming after a kill, the teacher's top choices, where they sit
among a student's candidates, the soft targets at a temperature, and silver examples.
The teacher is replaced by a numpy stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corefine.model.alignment import load_tokenizer
from corefine.model.config import ModelConfig
from corefine.tokenizer import make_document
from training.distill import (
    DUMMY,
    EMPTY,
    TeacherDoc,
    TeacherOutput,
    TeacherTargets,
    doc_words,
    match_candidates,
    read_ids,
    read_texts,
    silver_arrays,
    silver_example,
    silver_mentions,
    soft_targets,
    top_choices,
    words_key,
    write_targets,
)

ASSETS = Path(__file__).resolve().parents[2] / "corefine" / "model" / "assets"
HEADER: dict[str, Any] = {
    "format": 1,
    "teacher": "/runs/teacher",
    "model_sha256": "0" * 64,
    "config": {"top_k": 4},
    "top_k": 3,
    "cached": None,
    "cached_layer": None,
}
TEXTS = [
    "Mary met John. She liked him.",
    "The firm said it would grow. Its boss agreed.",
    "A cat sat. It purred loudly. The dog barked.",
]


def quiet(_: str) -> None:
    pass


def make_docs(silver: bool = False) -> list[TeacherDoc]:
    out = []
    for k, text in enumerate(TEXTS):
        words = doc_words(make_document(text))
        extra = {"text": text, "genre": "news"} if silver else {}
        out.append(TeacherDoc("texts" if silver else "train", f"doc {k}/x", words, k, **extra))
    return out


class StandIn:
    """A teacher whose choices are a function of the document, so a wrong file shows."""

    def __init__(self, fail_at: int | None = None, silver: bool = False):
        self.calls = 0
        self.fail_at = fail_at
        self.silver = silver

    def __call__(self, doc: TeacherDoc) -> TeacherOutput:
        if self.calls == self.fail_at:
            raise KeyboardInterrupt  # a kill in the middle of a run
        self.calls += 1
        return expected(doc, self.silver)


def expected(doc: TeacherDoc, silver: bool = False) -> TeacherOutput:
    n = len(doc.words)
    cand = np.full((n, 3), EMPTY, np.int32)
    prob = np.zeros((n, 3), np.float32)
    cand[:, 0] = DUMMY
    prob[:, 0] = 1.0
    cand[1:, 0], cand[1:, 1] = np.arange(n - 1), DUMMY  # word i: word i-1 first
    prob[1:, 0], prob[1:, 1] = 0.25 + doc.payload / 10, 0.75 - doc.payload / 10
    mentions = [[0, 0, 0, 0], [0, n - 1, n - 1, n - 1]] if silver else None
    return TeacherOutput(cand, prob, mentions)


def test_key_is_the_words_and_only_the_words() -> None:
    words = doc_words(make_document("Mary met John. She liked him."))
    assert words == ["Mary", "met", "John", ".", "She", "liked", "him", "."]
    assert words_key(words) == words_key(list(words))
    # the same words however the text is spaced: the student reads the teacher's words
    assert words_key(doc_words(make_document("Mary  met John.\nShe liked him."))) == words_key(
        words
    )
    assert words_key(words[:-1]) != words_key(words)
    assert words_key(["a b"]) != words_key(["a", "b"])
    assert len(words_key(words)) == 64


def test_write_read_resume(tmp_path: Path) -> None:
    out = tmp_path / "teacher"
    docs = make_docs()
    with pytest.raises(KeyboardInterrupt):
        write_targets(out, HEADER, docs, StandIn(fail_at=2), log=quiet)
    manifest = out / "manifest.jsonl"
    assert len(manifest.read_text().splitlines()) == 2
    with manifest.open("a") as f:
        f.write('{"set": "train", "name": "doc 2/x", "ke')  # a line cut by the kill
    with pytest.raises(SystemExit, match="--resume"):
        write_targets(out, HEADER, docs, StandIn(), log=quiet)
    with pytest.raises(SystemExit, match="top_k"):
        write_targets(out, {**HEADER, "top_k": 5}, docs, StandIn(), resume=True, log=quiet)
    with pytest.raises(SystemExit, match="model_sha256"):
        other = {**HEADER, "model_sha256": "1" * 64}
        write_targets(out, other, docs, StandIn(), resume=True, log=quiet)
    # the teacher reached by another path (and the cache by another path) is the same one
    moved = {**HEADER, "teacher": "/elsewhere/teacher"}
    teacher = StandIn()
    stats = write_targets(out, moved, docs, teacher, resume=True, log=quiet)
    assert (stats["docs"], stats["skipped"], stats["in_manifest"], teacher.calls) == (1, 2, 3, 1)
    assert all(json.loads(line) for line in manifest.read_text().splitlines())
    stats = write_targets(out, HEADER, docs, StandIn(), resume=True, log=quiet)
    assert (stats["docs"], stats["skipped"], stats["complete"]) == (0, 3, True)

    reader = TeacherTargets.open(out)
    assert reader.top_k == 3
    for doc in docs:
        found = reader.targets(doc.words)
        assert found is not None
        want = expected(doc)
        np.testing.assert_array_equal(found[0], want.cand)
        np.testing.assert_array_equal(found[1], want.prob)
        assert found[0].dtype == np.int64
    assert reader.targets(docs[0].words[:-1]) is None
    assert not reader.has(["no", "such", "document"])
    assert reader.silver_records() == []
    # files are named by the set, the document and its key
    entry = reader.entries[words_key(docs[0].words)]
    assert entry["files"]["targets"].startswith("targets/train/doc_0_x-")
    assert not list(out.rglob("*.tmp"))


def test_wrong_shape_and_no_folder(tmp_path: Path) -> None:
    def short(doc: TeacherDoc) -> TeacherOutput:
        out = expected(doc)
        return TeacherOutput(out.cand[1:], out.prob[1:])

    with pytest.raises(ValueError, match="targets"):
        write_targets(tmp_path / "t", HEADER, make_docs(), short, log=quiet)
    with pytest.raises(FileNotFoundError):
        TeacherTargets.open(tmp_path / "none")


def test_max_minutes_stops_between_documents(tmp_path: Path) -> None:
    stats = write_targets(
        tmp_path / "t", HEADER, make_docs(), StandIn(), max_minutes=1e-9, log=quiet
    )
    assert stats["complete"] is False and stats["in_manifest"] <= 1


def test_top_choices() -> None:
    # 4 words, the model's top-3 candidates per word (later words and repeats included,
    # as the graph gives them for a short document), dummy in column 0 of probs
    antecedents = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 2], [2, 0, 1]])
    probs = np.array(
        [
            [1.0, 0.0, 0.0, 0.0],
            [0.4, 0.6, 0.0, 0.0],
            [0.1, 0.5, 0.4, 0.0],
            [0.2, 0.1, 0.0, 0.7],
        ]
    )
    cand, prob = top_choices(antecedents, probs, 3)
    assert cand.dtype == np.int32 and prob.dtype == np.float32
    np.testing.assert_array_equal(
        cand, [[DUMMY, EMPTY, EMPTY], [0, DUMMY, EMPTY], [1, 0, DUMMY], [1, DUMMY, 2]]
    )
    np.testing.assert_allclose(
        prob, np.array([[1, 0, 0], [0.6, 0.4, 0], [0.5, 0.4, 0.1], [0.7, 0.2, 0.1]]), rtol=1e-6
    )
    # a repeated candidate counts once (its first column), and k beyond the columns pads
    cand, prob = top_choices(np.array([[0, 0], [0, 0]]), np.array([[1, 0, 0], [0.2, 0.5, 0.3]]), 4)
    np.testing.assert_array_equal(cand, [[DUMMY, EMPTY, EMPTY, EMPTY], [0, DUMMY, EMPTY, EMPTY]])
    np.testing.assert_allclose(prob[1], [0.5, 0.2, 0, 0])


def test_match_candidates() -> None:
    # student top-2 per word; word 0 and 1 have padding/later words in theirs
    student = np.array([[0, 0], [0, 1], [1, 0], [0, 2]])
    cand = np.array([[DUMMY, EMPTY], [0, DUMMY], [DUMMY, 0], [1, 2]])
    col = match_candidates(student, cand)
    # dummy → 0; in the student's top-k at p → 1 + p; outside → 1 + k + slot; empty → -1
    np.testing.assert_array_equal(col, [[0, -1], [1, 0], [0, 2], [3 + 0, 2]])
    # a later word in the student's top-k (score -inf there) never matches: word 1's
    # candidate 1 is itself
    col = match_candidates(np.array([[0, 0], [1, 0]]), np.array([[DUMMY], [0]]))
    np.testing.assert_array_equal(col, [[0], [2]])


def test_soft_targets() -> None:
    prob = np.array([[0.6, 0.2, 0.0], [0.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    want = np.array([[0.75, 0.25, 0], [0, 0, 0], [0.5, 0.5, 0]])
    np.testing.assert_allclose(soft_targets(prob), want)
    hot = soft_targets(prob, 2.0)
    ratio = np.sqrt(3.0)  # (0.6 / 0.2) ** (1 / 2)
    np.testing.assert_allclose(hot[0], [ratio / (ratio + 1), 1 / (ratio + 1), 0])
    # = the softmax of log-probabilities divided by T
    logits = np.log([0.6, 0.2]) / 2.0
    np.testing.assert_allclose(hot[0, :2], np.exp(logits) / np.exp(logits).sum())


def test_silver_mentions_and_arrays() -> None:
    words = ["Mary", "Smith", "met", "him", ".", "She", "smiled", "."]
    n = len(words)
    antecedents = np.zeros((n, 2), np.int64)
    probs = np.zeros((n, 3))
    probs[:, 0] = 1.0
    antecedents[5] = [0, 3]
    probs[5] = [0.1, 0.8, 0.1]  # She → Mary
    radius = 2
    sentence_ids = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    span_heads = np.array([0, 5])
    start = np.full((2, 5), -5.0)
    end = np.full((2, 5), -5.0)
    start[0, 2], end[0, 3] = 5.0, 5.0  # Mary: offsets 0..+1 → "Mary Smith"
    start[1, 2], end[1, 2] = 5.0, 5.0  # She
    mentions = silver_mentions(
        antecedents, probs, span_heads, start, end, sentence_ids, words, radius
    )
    assert mentions == [[0, 0, 0, 1], [0, 5, 5, 5]]
    cluster, span = silver_arrays(mentions, n)
    assert cluster.tolist() == [0, -1, -1, -1, -1, 0, -1, -1]
    assert (
        span[0].tolist() == [0, 1] and span[5].tolist() == [5, 5] and span[1].tolist() == [-1, -1]
    )


def test_silver_records_and_examples(tmp_path: Path) -> None:
    out = tmp_path / "teacher"
    docs = make_docs(silver=True)
    write_targets(out, HEADER, docs, StandIn(silver=True), log=quiet)
    reader = TeacherTargets.open(out)
    records = reader.silver_records()
    assert [r["name"] for r in records] == [d.name for d in docs]
    tokenizer = load_tokenizer(ASSETS / "tokenizer.json")
    config = ModelConfig()
    ex = silver_example(records[0], tokenizer, config)
    n = len(docs[0].words)
    assert ex.genre == "news" and ex.inputs.n_words == n
    assert ex.word_cluster.tolist() == [0] + [-1] * (n - 2) + [0]
    assert ex.span[0].tolist() == [0, 0] and ex.span[n - 1].tolist() == [n - 1, n - 1]
    assert [m.text for m in ex.gold.clusters[0].mentions] == ["Mary", "."]
    # the student finds the silver document's soft targets by its words
    assert reader.targets(doc_words(ex.doc)) is not None
    bad = {**records[0], "text": records[0]["text"] + " More."}
    with pytest.raises(ValueError, match="other words"):
        silver_example(bad, tokenizer, config)


def test_read_texts(tmp_path: Path) -> None:
    csv_path = tmp_path / "news.csv"
    csv_path.write_text('id,title,text\n7,T,"One, two.\nThree."\n8,U,\n9,V,Four.\n')
    assert read_texts(csv_path) == [
        ("news-7", "One, two.\nThree.", None),
        ("news-9", "Four.", None),
    ]
    assert read_texts(csv_path, max_texts=1) == [("news-7", "One, two.\nThree.", None)]
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(
        json.dumps({"name": "a", "text": "Hi.", "genre": "fiction"})
        + "\n\n"
        + json.dumps({"text": "Yo."})
        + "\n"
    )
    assert read_texts(jsonl) == [("more-a", "Hi.", "fiction"), ("more-1", "Yo.", None)]


def test_excluded_texts(tmp_path: Path) -> None:
    csv_path = tmp_path / "news.csv"
    csv_path.write_text("id,text\n7,One.\n8,Two.\n9,Three.\n")
    listed = tmp_path / "articles.json"
    listed.write_text(json.dumps({"articles": [{"id": "8", "split": "test"}]}))
    assert read_ids(listed) == {"8"}
    assert [name for name, _, _ in read_texts(csv_path, exclude=read_ids(listed))] == [
        "news-7",
        "news-9",
    ]
    plain = tmp_path / "ids.txt"
    plain.write_text("7\n\n9\n")
    assert read_ids(plain) == {"7", "9"}
    as_list = tmp_path / "ids.json"
    as_list.write_text(json.dumps([7, {"id": "9"}]))
    assert read_ids(as_list) == {"7", "9"}


def test_the_news_gold_set_is_excluded_by_default() -> None:
    """training.teacher leaves the news pronoun gold articles (dev and test) out of
    --texts unless told otherwise: the file it reads by default lists all 64."""
    gold = Path(__file__).resolve().parents[2] / "data" / "news_pronouns" / "articles.json"
    ids = read_ids(gold)
    assert len(ids) == 64 and "7443" in ids
