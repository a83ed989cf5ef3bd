"""The layer cache's bookkeeping (training/cache_layers.py) without torch: keys, the
manifest, resuming after a kill, and the reader refusing what it was not built for.
The encoder is replaced by a numpy stand-in."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from training.cache_layers import LayerCache, Window, build_cache, read_manifest, window_key

HEADER: dict[str, Any] = {
    "format": 1,
    "encoder": "stand-in",
    "fingerprint": {"model.safetensors": "0" * 64},
    "layers": [2, 4],
    "dtype": "float16",
    "max_subwords": 8,
    "stride": 6,
    "removed_word_token": "<mask>",
}


def docs(n: int) -> list[Window]:
    rng = np.random.default_rng(0)
    out = []
    for k in range(n):
        w = 1 + k % 3
        ids = rng.integers(5, 100, size=(w, 8)).astype(np.int64)
        mask = np.ones_like(ids)
        mask[-1, 6:] = 0
        out.append(Window("train" if k < n - 1 else "dev", f"doc {k}/x", ids, mask))
    return out


class StandIn:
    """Layer ``l``'s output: a function of the ids, so a wrong file would show."""

    def __init__(self, fail_at: int | None = None):
        self.calls = 0
        self.fail_at = fail_at

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> dict[int, np.ndarray]:
        if self.calls == self.fail_at:
            raise KeyboardInterrupt  # a kill in the middle of a run
        self.calls += 1
        return {layer: expected(ids, layer) for layer in HEADER["layers"]}


def expected(ids: np.ndarray, layer: int) -> np.ndarray:
    return (ids[..., None] * layer / 7.0 + np.arange(3)).astype(np.float32)


def quiet(_: str) -> None:
    pass


def test_the_key_is_the_windows_ids_and_their_shape() -> None:
    ids = np.arange(16, dtype=np.int64).reshape(2, 8)
    assert window_key(ids) == window_key(ids.copy())
    assert window_key(ids) != window_key(ids.reshape(4, 4))
    other = ids.copy()
    other[1, 7] = 0
    assert window_key(ids) != window_key(other)


def test_a_built_cache_gives_back_each_documents_layers_in_float16(tmp_path: Path) -> None:
    stats = build_cache(tmp_path, HEADER, docs(5), StandIn(), log=quiet)
    assert stats["docs"] == 5 and stats["complete"] and stats["in_manifest"] == 5
    for layer in (2, 4):
        cache = LayerCache.open(tmp_path, layer)
        for doc in docs(5):
            got = cache.features(doc.input_ids)
            assert got.dtype == np.float16
            assert np.array_equal(got, expected(doc.input_ids, layer).astype(np.float16))
            assert cache.has(SimpleNamespace(inputs=SimpleNamespace(batch=doc)))
    names = {e["name"] for e in read_manifest(tmp_path / "manifest.jsonl")}
    assert names == {f"doc {k}/x" for k in range(5)}
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_killed_build_resumes_where_it_stopped(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        build_cache(tmp_path, HEADER, docs(6), StandIn(fail_at=3), log=quiet)
    assert len(read_manifest(tmp_path / "manifest.jsonl")) == 3
    with (tmp_path / "manifest.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"set": "train", "name": "doc 3/x", "ke')  # a line cut by the kill
    with pytest.raises(SystemExit, match="--resume"):
        build_cache(tmp_path, HEADER, docs(6), StandIn(), log=quiet)
    rest = StandIn()
    stats = build_cache(tmp_path, HEADER, docs(6), rest, resume=True, log=quiet)
    assert rest.calls == 3 and stats["skipped"] == 3 and stats["in_manifest"] == 6
    lines = (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["name"] for line in lines] == [f"doc {k}/x" for k in range(6)]
    again = StandIn()
    assert build_cache(tmp_path, HEADER, docs(6), again, resume=True, log=quiet)["docs"] == 0
    assert again.calls == 0


def test_resuming_with_other_settings_is_refused(tmp_path: Path) -> None:
    build_cache(tmp_path, HEADER, docs(2), StandIn(), log=quiet)
    with pytest.raises(SystemExit, match="layers"):
        build_cache(tmp_path, {**HEADER, "layers": [4]}, docs(2), StandIn(), resume=True)
    other_weights = {**HEADER, "fingerprint": {"model.safetensors": "1" * 64}}
    with pytest.raises(SystemExit, match="fingerprint"):
        build_cache(tmp_path, other_weights, docs(2), StandIn(), resume=True)


def test_the_reader_refuses_what_the_cache_does_not_hold(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"cache\.json"):
        LayerCache.open(tmp_path)
    build_cache(tmp_path, HEADER, docs(2), StandIn(), log=quiet)
    with pytest.raises(ValueError, match="name one"):
        LayerCache.open(tmp_path)  # two layers cached: which?
    with pytest.raises(ValueError, match="not 3"):
        LayerCache.open(tmp_path, 3)
    cache = LayerCache.open(tmp_path, 4)
    stale = docs(2)[0].input_ids.copy()
    stale[0, 1] += 1  # another text or tokenizer: other ids
    with pytest.raises(KeyError, match="not in"):
        cache.features(stale)
