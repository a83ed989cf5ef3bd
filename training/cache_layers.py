"""Cache an encoder's layer outputs for every training and dev window (stage 0 of the
MPNet plan, docs/MODEL.md): ``python -m training.cache_layers --help``.

One eval-mode pass of ``--encoder`` over the windows corefine builds for each document
(OntoGUM train and dev, LitBank train and dev by default) keeps the outputs of the
``--layer`` layers (1-based; 0: the embeddings) as float16 ``.npy`` files (``--dtype
float32``: exact, twice the disk), one per document and layer, ``[windows, length,
hidden]`` (padding positions included: the array lines up with the document's
``input_ids``). ``train.py --cached DIR`` then trains the head alone
(``--cached-layer`` = the model's depth) or the layers above the cached one (a lower
layer), without running the frozen part of the encoder again.

Layout of ``--out DIR``::

    cache.json              encoder (name, config and weight hashes), layers, windows
    manifest.jsonl          one line per finished document (set, name, key, shape, files)
    layer08/train/GUM_academic_art-1a2b3c4d5e6f.npy

A document's *key* is the SHA-256 of its windows' ``input_ids`` (and their shape): the
reader finds a document's features by the ids it is about to feed, so a cache built
with another tokenizer, window size or text is refused, never read. Resumable: files are
written through a temporary name and renamed, a document enters the manifest once all
its layers are on disk, and ``--resume`` skips every document the manifest lists (a
half-written last line from a kill is dropped). ``--max-minutes`` stops cleanly between
documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corefine.model.alignment import special_names
from corefine.model.config import ModelConfig
from corefine.model.features import encode_document
from corefine.tokenizer import make_document

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FORMAT = 1


def window_key(input_ids: np.ndarray) -> str:
    """The cache key of a document's windows: SHA-256 of their shape and ids."""
    ids = np.ascontiguousarray(input_ids, dtype=np.int64)
    h = hashlib.sha256(json.dumps(list(ids.shape)).encode())
    h.update(ids.tobytes())
    return h.hexdigest()


def encoder_fingerprint(name: str | Path) -> dict[str, Any]:
    """What identifies an encoder's weights: its folder's ``config.json``, and the
    SHA-256 of ``model.safetensors`` and ``tokenizer.json`` (from ``SOURCE.json``,
    which ``fetch_encoder`` wrote after checking them, else computed)."""
    from training.encoder import encoder_dir

    directory = encoder_dir(name)
    source = directory / "SOURCE.json"
    hashes = (
        json.loads(source.read_text(encoding="utf-8")).get("sha256", {}) if source.is_file() else {}
    )
    out: dict[str, Any] = {"config": json.loads((directory / "config.json").read_text("utf-8"))}
    for file in ("model.safetensors", "tokenizer.json"):
        if file not in hashes:
            digest = hashlib.sha256()
            with (directory / file).open("rb") as f:
                while block := f.read(1 << 22):
                    digest.update(block)
            hashes[file] = digest.hexdigest()
        out[file] = hashes[file]
    return out


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120] or "doc"


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """The manifest's complete entries (a line cut by a kill is left out)."""
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "key" in entry:
            entries.append(entry)
    return entries


@dataclass(frozen=True)
class LayerCache:
    """Reader of one layer of a cache directory, for ``train.py --cached``."""

    root: Path
    layer: int
    header: dict[str, Any]
    files: dict[str, str]  # document key → file of this layer, relative to root

    @classmethod
    def open(cls, root: str | Path, layer: int | None = None) -> LayerCache:
        """The cache at ``root``, layer ``layer`` (``None``: its only layer)."""
        root = Path(root)
        header_path = root / "cache.json"
        if not header_path.is_file():
            raise FileNotFoundError(f"{root} is not a layer cache (no cache.json)")
        header = json.loads(header_path.read_text(encoding="utf-8"))
        layers = [int(k) for k in header["layers"]]
        if layer is None:
            if len(layers) != 1:
                raise ValueError(f"{root} caches layers {layers}: name one (--cached-layer)")
            layer = layers[0]
        if layer not in layers:
            raise ValueError(f"{root} caches layers {layers}, not {layer}")
        files = {e["key"]: e["files"][str(layer)] for e in read_manifest(root / "manifest.jsonl")}
        return cls(root, layer, header, files)

    @property
    def encoder(self) -> str:
        return str(self.header["encoder"])

    def check_encoder(self, name: str | Path) -> None:
        """Refuse training encoder ``name`` on a cache made by other weights."""
        theirs = {k: v for k, v in self.header["fingerprint"].items() if k != "config"}
        ours = {k: v for k, v in encoder_fingerprint(name).items() if k != "config"}
        if theirs != ours:
            raise ValueError(f"{self.root} was built by encoder {self.encoder!r}, not {name!r}")

    def check_model(self, encoder: str | Path, depth: int) -> None:
        """Refuse a model whose encoder is other weights, or has fewer than this layer's
        depth of layers (``train.py`` and ``training.teacher`` read a cache for a model)."""
        self.check_encoder(encoder)
        if self.layer > depth:
            raise ValueError(f"cached layer {self.layer} is above the model's {depth} layers")

    def has(self, ex: Any) -> bool:
        """Whether training example ``ex``'s windows are cached."""
        return window_key(ex.inputs.batch.input_ids) in self.files

    def features(self, input_ids: np.ndarray) -> np.ndarray:
        """``[W, L, H]`` (float16, or the cache's dtype): this layer's output for these
        windows."""
        key = window_key(input_ids)
        if key not in self.files:
            raise KeyError(
                f"a document's windows are not in {self.root} (another text, tokenizer or "
                "window size, or a document the cache did not reach yet: --resume it)"
            )
        array = np.load(self.root / self.files[key])
        if array.shape[:2] != input_ids.shape:
            raise ValueError(f"{self.files[key]}: shape {array.shape}, windows {input_ids.shape}")
        return array


def documents(sets: Sequence[tuple[str, str, Path]], max_docs: int) -> Iterator[tuple[str, Any]]:
    """``(set, gold document)`` of every set, in file order (``max_docs``: the first
    ones of each set; 0: all). A set is (name, ``conllu``/``conll``, folder)."""
    from corefine.corpora.conll2012 import read_conll
    from corefine.corpora.conllu import read_conllu

    for name, kind, folder in sets:
        count = 0
        for path in sorted(folder.glob(f"*.{kind}")):
            docs = read_conllu(path) if kind == "conllu" else read_conll(path)
            for gold in docs:
                if max_docs and count >= max_docs:
                    break
                count += 1
                yield name, gold


def _save(path: Path, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        np.save(f, array)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Window:
    """One document's windows, as the builder reads them."""

    set: str
    name: str
    input_ids: np.ndarray  # int64 [W, L]
    attention_mask: np.ndarray  # int64 [W, L]


def open_resumable(
    out: Path,
    header_name: str,
    header: dict[str, Any],
    resume: bool,
    *,
    holds: str,
    ignore: frozenset[str] = frozenset(),
    unshown: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Create the folder ``out`` with ``header`` (as ``header_name``), or (``resume``)
    check that the one there was made with the same settings; its finished manifest entries.

    Why one function for the layer cache and the teacher targets: both are folders a
    kill may cut at any point and a later run completes. Keys in ``ignore`` may differ
    (paths: the same files reached another way); ``unshown`` ones are named but their
    values not printed (too long). A manifest line a kill cut short is dropped here, and
    the manifest rewritten without it before anything is appended. ``holds`` names what
    the folder holds, for the message that asks for ``--resume``."""
    header_path = out / header_name
    manifest_path = out / "manifest.jsonl"
    if header_path.is_file():
        if not resume:
            raise SystemExit(f"{out} holds {holds}: --resume to continue it, or another --out")
        old = json.loads(header_path.read_text(encoding="utf-8"))
        keys = (old.keys() | header.keys()) - ignore
        differ = sorted(k for k in keys if old.get(k) != header.get(k))
        if differ:
            was = {k: old.get(k) for k in differ if k not in unshown}
            raise SystemExit(f"{out} was made with other {', '.join(differ)}: {was}")
    else:
        out.mkdir(parents=True, exist_ok=True)
        header_path.write_text(json.dumps(header, indent=1) + "\n", encoding="utf-8")
    done = read_manifest(manifest_path)
    tmp = manifest_path.with_name("manifest.jsonl.tmp")
    tmp.write_text("".join(json.dumps(e) + "\n" for e in done), encoding="utf-8")
    os.replace(tmp, manifest_path)
    return done


def open_cache(out: Path, header: dict[str, Any], resume: bool) -> list[dict[str, Any]]:
    """The cache folder ``out`` (:func:`open_resumable`); the encoder's name may differ
    (a folder or a name for the same weights, which the fingerprint checks)."""
    return open_resumable(
        out,
        "cache.json",
        header,
        resume,
        holds="a cache",
        ignore=frozenset({"encoder"}),
        unshown=frozenset({"fingerprint"}),
    )


def build_cache(
    out: Path,
    header: dict[str, Any],
    windows: Iterable[Window],
    compute: Callable[[np.ndarray, np.ndarray], dict[int, np.ndarray]],
    resume: bool = False,
    max_minutes: float = 0.0,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Write ``compute(input_ids, attention_mask)`` (layer → ``[W, L, H]`` array) of every
    document of ``windows`` not yet in the cache at ``out``; the run's counts.

    Torch stays outside (``compute``), so this bookkeeping is tested without it."""
    done = open_cache(out, header, resume)
    finished = {(e["set"], e["name"], e["key"]) for e in done}
    manifest_path = out / "manifest.jsonl"
    dtype = np.dtype(header["dtype"])
    started = time.perf_counter()
    stats: dict[str, Any] = {"docs": 0, "skipped": 0, "windows": 0, "bytes": 0}
    stopped = False
    with manifest_path.open("a", encoding="utf-8") as manifest:
        for doc in windows:
            if max_minutes and (time.perf_counter() - started) / 60 > max_minutes:
                stopped = True
                break
            key = window_key(doc.input_ids)
            if (doc.set, doc.name, key) in finished:
                stats["skipped"] += 1
                continue
            t = time.perf_counter()
            files = {}
            for layer, state in sorted(compute(doc.input_ids, doc.attention_mask).items()):
                rel = f"layer{layer:02d}/{doc.set}/{safe_name(doc.name)}-{key[:12]}.npy"
                array = np.asarray(state).astype(dtype)
                _save(out / rel, array)
                files[str(layer)] = rel
                stats["bytes"] += array.nbytes
            entry = {
                "set": doc.set,
                "name": doc.name,
                "key": key,
                "windows": int(doc.input_ids.shape[0]),
                "length": int(doc.input_ids.shape[1]),
                "files": files,
            }
            manifest.write(json.dumps(entry) + "\n")
            manifest.flush()
            stats["docs"] += 1
            stats["windows"] += int(doc.input_ids.shape[0])
            seconds = time.perf_counter() - t
            log(f"{doc.set}/{doc.name}: {doc.input_ids.shape[0]} windows, {seconds:.1f} s")
    stats["mb"] = round(stats.pop("bytes") / 2**20, 1)
    stats["minutes"] = round((time.perf_counter() - started) / 60, 2)
    stats["complete"] = not stopped
    stats["in_manifest"] = len(read_manifest(manifest_path))
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", required=True, help="encoder name or folder (load_encoder)")
    ap.add_argument(
        "--layer",
        type=int,
        nargs="+",
        required=True,
        help="layers to keep (1-based; 0: embeddings)",
    )
    ap.add_argument("--out", required=True, help="cache folder (outside the repository)")
    ap.add_argument("--resume", action="store_true", help="continue a cache in --out")
    ap.add_argument("--train", nargs="*", default=[str(DATA / "gum/ontogum/train")])
    ap.add_argument("--dev", nargs="*", default=[str(DATA / "gum/ontogum/dev")])
    ap.add_argument("--litbank-train", nargs="*", default=[str(DATA / "litbank/train")])
    ap.add_argument("--litbank-dev", nargs="*", default=[str(DATA / "litbank/dev")])
    ap.add_argument("--max-docs", type=int, default=0, help="first N documents per set (0: all)")
    ap.add_argument("--window", type=int, default=ModelConfig.max_subwords)
    ap.add_argument("--stride", type=int, default=ModelConfig.stride)
    ap.add_argument(
        "--dtype",
        choices=("float16", "float32"),
        default="float16",
        help="stored precision. float16: half the disk, but its rounding moved a smoke "
        "model's link probabilities by up to 0.024 against the uncached model; float32: "
        "the cached model is the uncached one bit for bit (docs/MODEL_LOG.md)",
    )
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-minutes", type=float, default=0.0, help="stop after this (0: never)")
    args = ap.parse_args(argv)

    import torch

    from training.encoder import encoder_record, encoder_tokenizer, hidden_states, load_encoder

    torch.set_num_threads(args.threads)
    layers = sorted(set(args.layer))
    tokenizer = encoder_tokenizer(args.encoder)
    config = ModelConfig(
        max_subwords=args.window,
        stride=args.stride,
        removed_word_token=special_names(tokenizer)["mask"],
    )
    sets = [(f"train{i or ''}", "conllu", Path(d)) for i, d in enumerate(args.train)]
    sets += [(f"dev{i or ''}", "conllu", Path(d)) for i, d in enumerate(args.dev)]
    sets += [
        (f"litbank-train{i or ''}", "conll", Path(d)) for i, d in enumerate(args.litbank_train)
    ]
    sets += [(f"litbank-dev{i or ''}", "conll", Path(d)) for i, d in enumerate(args.litbank_dev)]
    header = {
        "format": FORMAT,
        "encoder": encoder_record(args.encoder),
        "fingerprint": encoder_fingerprint(args.encoder),
        "layers": layers,
        "dtype": args.dtype,
        "max_subwords": config.max_subwords,
        "stride": config.stride,
        "removed_word_token": config.removed_word_token,
    }
    encoder = load_encoder(args.encoder, max(layers) or 1).eval()

    def windows() -> Iterator[Window]:
        for set_name, gold in documents(sets, args.max_docs):
            doc = make_document(gold.text, name=gold.name)
            batch = encode_document(doc, tokenizer, config).batch
            yield Window(set_name, gold.name, batch.input_ids, batch.attention_mask)

    def compute(input_ids: np.ndarray, attention_mask: np.ndarray) -> dict[int, np.ndarray]:
        with torch.no_grad():
            ids, mask = torch.from_numpy(input_ids), torch.from_numpy(attention_mask)
            states = hidden_states(encoder, ids, mask, layers)
        return {layer: state.numpy() for layer, state in states.items()}

    stats = build_cache(
        Path(args.out),
        header,
        windows(),
        compute,
        args.resume,
        args.max_minutes,
        lambda line: print(line, flush=True),
    )
    print(json.dumps(stats), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
