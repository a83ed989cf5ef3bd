"""Teacher targets for distillation (stage 4 of the MPNet plan, docs/MODEL.md): the
file format, its keys, the resumable writer and the reader, without torch.

``python -m training.teacher`` runs a trained model (the teacher) over the training
documents and writes, per document and word, the teacher's ``top_k`` most probable
antecedent choices, "no antecedent" included; ``train.py --teacher DIR --kd-weight W``
adds a KL term towards them to the student's loss. Unlabeled texts get the teacher's
clusters too (*silver* targets), which ``train.py --silver DIR`` trains on like gold.

Layout of a teacher folder::

    teacher.json        the teacher (run folder, config, SHA-256 of model.pt), top_k, cache
    manifest.jsonl      one line per finished document (set, name, key, words, files)
    targets/train/GUM_academic_art-1a2b3c4d5e6f.npz   cand int32 [N, k], prob float32 [N, k]
    silver/texts/fake_or_real_news_256-8476-….json  text, genre, head-word clusters

``cand[i, s]`` is word ``i``'s ``s``-th choice: an earlier word's index, :data:`DUMMY`
(no antecedent) or :data:`EMPTY` (no more choices: a word with fewer than ``k`` earlier
words, or a choice of probability 0); ``prob[i, s]`` its probability under the teacher
(rows sum to at most 1: what lies beyond the top ``k`` is left out).

Keys. A document's key is the SHA-256 of its word list (corefine's own words, the ones
the model links): the teacher (MPNet) and the student (MiniLM) split the same text into
the same words before either splits words into subwords, so a student with another
tokenizer or window size still finds its document, and a document whose text changed
(another reader, a stripped variant) finds nothing rather than targets for other words.

Resumable like ``training.cache_layers``: files are written through a temporary name,
a document enters the manifest once its files are on disk, ``--resume`` skips what the
manifest lists and drops a line a kill cut short.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from training.cache_layers import open_resumable, read_manifest, safe_name

FORMAT = 1
DUMMY = -1  # "no antecedent"
EMPTY = -2  # no choice in this slot


def words_key(words: Sequence[str]) -> str:
    """The key of a document: SHA-256 of its words (JSON list of their texts)."""
    data = json.dumps(list(words), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def doc_words(doc: Any) -> list[str]:
    """The words of a corefine :class:`~corefine.document.Document`, as keyed."""
    return [t.text for t in doc.tokens]


def top_choices(
    antecedents: np.ndarray, probs: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each word's ``k`` most probable choices from the model's outputs.

    ``antecedents`` ``[N, K]`` (word indices) and ``probs`` ``[N, K + 1]`` (the dummy in
    column 0), one row per word, as :func:`corefine.model.features.every_word` gives
    them. Candidates that are not earlier words are never chosen (the graph gives them
    probability ~0), nor is a choice of probability 0; a candidate listed twice counts
    once. Returns ``cand`` int32 ``[N, k]`` (:data:`DUMMY`, :data:`EMPTY` or a word) and
    ``prob`` float32 ``[N, k]``, most probable first, ties in column order.
    """
    n, width = antecedents.shape
    rows = np.arange(n)[:, None]
    options = np.concatenate([np.full((n, 1), DUMMY, np.int64), antecedents.astype(np.int64)], 1)
    p = np.asarray(probs, dtype=np.float64).copy()
    valid = np.ones_like(p, dtype=bool)
    valid[:, 1:] = (antecedents >= 0) & (antecedents < rows)
    # a word repeated in a row (the padding of a short document clamps to one index):
    # keep its first column
    for s in range(1, width + 1):
        dup = (options[:, 1:s] == options[:, s : s + 1]).any(axis=1) if s > 1 else None
        if dup is not None:
            valid[:, s] &= ~dup
    valid &= p > 0
    p = np.where(valid, p, -1.0)
    order = np.argsort(-p, axis=1, kind="stable")[:, :k]
    chosen_p = np.take_along_axis(p, order, axis=1)
    chosen = np.take_along_axis(options, order, axis=1)
    keep = chosen_p > 0
    cand = np.where(keep, chosen, EMPTY).astype(np.int32)
    prob = np.where(keep, chosen_p, 0.0).astype(np.float32)
    if cand.shape[1] < k:  # fewer columns than k: pad
        pad = k - cand.shape[1]
        cand = np.concatenate([cand, np.full((n, pad), EMPTY, np.int32)], 1)
        prob = np.concatenate([prob, np.zeros((n, pad), np.float32)], 1)
    return cand, prob


def match_candidates(student_top: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """Where each teacher choice sits among the student's scores.

    The student scores, for word ``i``, the columns ``[dummy | student_top[i] (k) |
    the teacher's choices (k_t)]``: its own coarse top-k, extended by the teacher's
    choices that are not in it (their scores computed on purpose, so that every
    teacher choice has a student score). Returns ``col`` ``[N, k_t]``: ``0`` for the
    dummy, ``1 + p`` for a choice at position ``p`` of the student's top-k (its first
    position there), ``1 + k + s`` for teacher slot ``s`` outside it, ``-1`` for an
    :data:`EMPTY` slot. Only earlier words of the student's top-k match (its later
    and padding columns have score ~−∞ and are no candidates).
    """
    n, k = student_top.shape
    rows = np.arange(n)[:, None]
    own = np.where(student_top < rows, student_top, -3)  # -3 matches no teacher slot
    hit = own[:, :, None] == cand[:, None, :]  # [N, k, k_t]
    found = hit.any(axis=1)
    first = hit.argmax(axis=1)
    slots = np.arange(cand.shape[1])[None, :]
    col = np.where(found, 1 + first, 1 + k + slots)
    col = np.where(cand == DUMMY, 0, col)
    col = np.where(cand == EMPTY, -1, col)
    return col.astype(np.int64)


def soft_targets(prob: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """The teacher's distribution over its stored choices at ``temperature``:
    ``prob ** (1/T)`` renormalised per row (0 on empty slots; a row without choices
    stays 0). Over its choices this is the softmax of the teacher's scores divided by
    ``T``, because the probabilities of one row share one normaliser."""
    p = np.asarray(prob, dtype=np.float64)
    powered = np.where(p > 0, p, 0.0) ** (1.0 / temperature)
    total = powered.sum(axis=1, keepdims=True)
    return np.divide(powered, total, out=np.zeros_like(powered), where=total > 0)


# -- silver targets: the teacher's clusters on unlabeled text ---------------------------


def silver_mentions(
    antecedents: np.ndarray,
    probs: np.ndarray,
    span_heads: np.ndarray,
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    sentence_ids: np.ndarray,
    words: Sequence[str],
    radius: int,
) -> list[list[int]]:
    """The teacher's clusters as training targets: ``[cluster, head, first, last]`` per
    mention (word indices, the span inclusive), clusters numbered from 0.

    Decoded like :func:`corefine.model.decode.decode_clusters` at its defaults (each
    word's best antecedent where it beats "no antecedent", connected components, the
    span around each head from the span scores; a pronoun without them is its own
    span), but kept on head words, which is what the training loss reads; decoding's
    character-level merge of appositions is left out.
    """
    from corefine.model.decode import _personal, best_links, head_clusters, head_span

    row_of = {int(h): r for r, h in enumerate(span_heads)}
    out: list[list[int]] = []
    groups = head_clusters(len(words), best_links(antecedents, probs))
    for cid, heads in enumerate(groups):
        for h in heads:
            if h in row_of:
                r = row_of[h]
                first, last = head_span(h, start_logits[r], end_logits[r], sentence_ids, radius)
            elif _personal(words[h]):
                first = last = h
            else:
                continue
            out.append([cid, int(h), int(first), int(last)])
    return out


def silver_arrays(mentions: Sequence[Sequence[int]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """``word_cluster`` ``[N]`` and ``span`` ``[N, 2]`` (the training example's targets,
    -1 where none) from :func:`silver_mentions`' rows."""
    word_cluster = np.full(n, -1, dtype=np.int64)
    span = np.full((n, 2), -1, dtype=np.int64)
    for cid, head, first, last in mentions:
        word_cluster[head] = cid
        span[head] = (first, last)
    return word_cluster, span


def silver_example(record: dict[str, Any], tokenizer: Any, config: Any, special: Any = None) -> Any:
    """A training example (:class:`training.data.Example`) from a silver record: the
    text read by corefine (so the words are the teacher's), the teacher's head words
    and spans as targets. Its ``gold`` document carries the mentions as clusters, for
    reading; silver examples train, never score."""
    from corefine.document import Cluster
    from corefine.model.features import encode_document
    from corefine.tokenizer import make_document
    from training.data import Example

    doc = make_document(record["text"], name=record["name"])
    words = doc_words(doc)
    if words_key(words) != record["key"]:
        raise ValueError(f"silver document {record['name']!r}: its text reads as other words")
    genre = record.get("genre") or config.default_genre
    inputs = encode_document(doc, tokenizer, config, special, genre)
    word_cluster, span = silver_arrays(record["mentions"], len(words))
    clusters: dict[int, list[Any]] = {}
    for cid, _, first, last in record["mentions"]:
        clusters.setdefault(cid, []).append(doc.token_mention(first, last))
    gold = replace(
        doc,
        clusters=[Cluster(c, m) for c, m in sorted(clusters.items())],
        metadata={"genre": genre},
    )
    stats = {"mentions": len(record["mentions"])}
    return Example(doc.name, genre, gold, doc, inputs, word_cluster, span, stats)


# -- the folder: writer and reader ---------------------------------------------------------


@dataclass(frozen=True)
class TeacherDoc:
    """One document for the teacher to run on: its set, name and words; ``text`` and
    ``genre`` are kept (silver record) for unlabeled texts only."""

    set: str
    name: str
    words: list[str]
    payload: Any = None  # what ``compute`` needs (the training example)
    text: str | None = None
    genre: str | None = None


@dataclass(frozen=True)
class TeacherOutput:
    """What the teacher gives for one document: its top choices, and for an unlabeled
    text the silver mentions (:func:`silver_mentions`)."""

    cand: np.ndarray
    prob: np.ndarray
    mentions: list[list[int]] | None = None


def _write_atomic(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or what it held before, never a part (a kill meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def open_folder(out: Path, header: dict[str, Any], resume: bool) -> list[dict[str, Any]]:
    """The teacher folder ``out`` (:func:`~training.cache_layers.open_resumable`); the
    teacher's and the cache's paths may differ (the same files reached another way)."""
    return open_resumable(
        out,
        "teacher.json",
        header,
        resume,
        holds="teacher targets",
        ignore=frozenset({"teacher", "cached"}),
        unshown=frozenset({"config"}),
    )


def write_targets(
    out: Path,
    header: dict[str, Any],
    docs: Iterable[TeacherDoc],
    compute: Callable[[TeacherDoc], TeacherOutput],
    resume: bool = False,
    max_minutes: float = 0.0,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run ``compute`` on every document of ``docs`` not yet in the folder ``out`` and
    write its targets; the run's counts. Torch stays in ``compute``."""
    done = open_folder(out, header, resume)
    finished = {(e["set"], e["name"], e["key"]) for e in done}
    manifest_path = out / "manifest.jsonl"
    k = int(header["top_k"])
    started = time.perf_counter()
    stats: dict[str, Any] = {"docs": 0, "skipped": 0, "silver": 0, "words": 0}
    stopped = False
    with manifest_path.open("a", encoding="utf-8") as manifest:
        for doc in docs:
            if max_minutes and (time.perf_counter() - started) / 60 > max_minutes:
                stopped = True
                break
            key = words_key(doc.words)
            if (doc.set, doc.name, key) in finished:
                stats["skipped"] += 1
                continue
            t = time.perf_counter()
            result = compute(doc)
            n = len(doc.words)
            if result.cand.shape != (n, k) or result.prob.shape != (n, k):
                raise ValueError(f"{doc.name}: targets {result.cand.shape}, expected {(n, k)}")
            stem = f"{doc.set}/{safe_name(doc.name)}-{key[:12]}"
            files = {"targets": f"targets/{stem}.npz"}
            arrays = io.BytesIO()
            cand, prob = result.cand.astype(np.int32), result.prob.astype(np.float32)
            np.savez_compressed(arrays, cand=cand, prob=prob)
            _write_atomic(out / files["targets"], arrays.getvalue())
            if result.mentions is not None:
                record = {
                    "name": doc.name,
                    "key": key,
                    "genre": doc.genre,
                    "text": doc.text,
                    "mentions": result.mentions,
                }
                files["silver"] = f"silver/{stem}.json"
                _write_atomic(out / files["silver"], (json.dumps(record) + "\n").encode("utf-8"))
                stats["silver"] += 1
            entry = {"set": doc.set, "name": doc.name, "key": key, "words": n, "files": files}
            manifest.write(json.dumps(entry) + "\n")
            manifest.flush()
            stats["docs"] += 1
            stats["words"] += n
            extra = "" if result.mentions is None else f", {len(result.mentions)} silver mentions"
            log(f"{doc.set}/{doc.name}: {n} words, {time.perf_counter() - t:.1f} s{extra}")
    stats["minutes"] = round((time.perf_counter() - started) / 60, 2)
    stats["complete"] = not stopped
    stats["in_manifest"] = len(read_manifest(manifest_path))
    return stats


@dataclass(frozen=True)
class TeacherTargets:
    """Reader of a teacher folder, for ``train.py --teacher`` and ``--silver``."""

    root: Path
    header: dict[str, Any]
    entries: dict[str, dict[str, Any]]  # key → manifest entry

    @classmethod
    def open(cls, root: str | Path) -> TeacherTargets:
        root = Path(root)
        header_path = root / "teacher.json"
        if not header_path.is_file():
            raise FileNotFoundError(f"{root} is not a teacher folder (no teacher.json)")
        header = json.loads(header_path.read_text(encoding="utf-8"))
        if header.get("format") != FORMAT:
            raise ValueError(f"{root}: format {header.get('format')}, this code reads {FORMAT}")
        entries = {e["key"]: e for e in read_manifest(root / "manifest.jsonl")}
        return cls(root, header, entries)

    @property
    def top_k(self) -> int:
        return int(self.header["top_k"])

    def has(self, words: Sequence[str]) -> bool:
        return words_key(words) in self.entries

    def targets(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """``(cand, prob)`` of the document with these words, ``None`` if it is absent."""
        entry = self.entries.get(words_key(words))
        if entry is None:
            return None
        with np.load(self.root / entry["files"]["targets"]) as data:
            cand, prob = data["cand"], data["prob"]
        if cand.shape[0] != len(words) or prob.shape != cand.shape:
            raise ValueError(f"{entry['files']['targets']}: shape {cand.shape}, {len(words)} words")
        return cand.astype(np.int64), prob.astype(np.float32)

    def silver_records(self) -> list[dict[str, Any]]:
        """Every silver document's record, in manifest order."""
        out = []
        for entry in self.entries.values():
            rel = entry["files"].get("silver")
            if rel:
                out.append(json.loads((self.root / rel).read_text(encoding="utf-8")))
        return out


def read_ids(path: str | Path) -> set[str]:
    """Text ids listed in a file: a JSON object with ``articles`` (``[{"id": …}]``, as
    ``data/news_pronouns/articles.json``), a JSON list of ids or of such objects, or
    plain text, one id a line."""
    raw = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return {line.strip() for line in raw.splitlines() if line.strip()}
    items = data.get("articles", []) if isinstance(data, dict) else data
    return {str(item["id"] if isinstance(item, dict) else item) for item in items}


def read_texts(
    path: str | Path, max_texts: int = 0, exclude: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, str, str | None]]:
    """``(name, text, genre)`` of the unlabeled texts of a ``.csv`` (column ``text``;
    ``id`` names a row when there is one) or ``.jsonl`` (``text``, and ``name``/``id``,
    ``genre`` where given) file; ``max_texts``: the first ones (0: all); a row whose
    ``id`` (or ``name``) is in ``exclude`` is left out (gold-annotated test articles must
    not be trained on, not even through the teacher's clusters)."""
    import csv

    path = Path(path)
    rows: list[dict[str, Any]]
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    else:
        csv.field_size_limit(1 << 28)
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    out: list[tuple[str, str, str | None]] = []
    for i, row in enumerate(rows):
        if max_texts and len(out) >= max_texts:
            break
        text = str(row.get("text") or "")
        if not text.strip() or str(row.get("id") or row.get("name")) in exclude:
            continue
        ident = row.get("name") or row.get("id") or i
        out.append((f"{path.stem}-{ident}", text, row.get("genre")))
    return out
