"""Check an exported model against its torch checkpoint, and time it.

``python -m training.check_onnx RUN_DIR MODEL_DIR`` runs both on dev documents
and reports whether the decoded clusters are identical, the largest
difference in link probabilities, CoNLL F1 of the ONNX model (fp32 and, if
present, int8) and the ONNX predictor's words per second with 1 and 2
threads on news articles, end to end (tokenization, windows, graph, decoding).
The tokenizer is the one of the encoder the run's config names. ``--cached DIR``
also runs the torch model on cached encoder outputs (``training.cache_layers``,
``--cached-layer``) and compares it with the uncached one: the check that a model
trained on a cache is the model that exports.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from corefine.model.config import ModelConfig
from corefine.model.features import every_word
from corefine.resolvers.model import OnnxCorefResolver
from training.cache_layers import LayerCache
from training.data import Example, load_conllu_examples
from training.encoder import encoder_tokenizer
from training.export_onnx import load_trained
from training.scoring import conll_scores
from training.train import DATA, encoder_output, predict, tensors


def spans(clusters: Sequence[object]) -> list[list[tuple[int, int]]]:
    return sorted(sorted(m.span for m in c.mentions) for c in clusters)  # type: ignore[attr-defined]


def link_matrix(antecedents: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``[N, N + 1]`` probability of each (anaphor, earlier word) link; last column: none.

    Why not compare the raw outputs: candidates with equal scores (all the
    impossible ones, for a start) may come out of top-k in a different order.
    """
    n = antecedents.shape[0]
    dense = np.zeros((n, n + 1))
    rows = np.repeat(np.arange(n), antecedents.shape[1])
    cols = antecedents.reshape(-1)
    keep = cols < rows
    dense[rows[keep], cols[keep]] = probs[:, 1:].reshape(-1)[keep]
    dense[:, n] = probs[:, 0]
    return dense


def news_texts(limit: int) -> list[str]:
    """The first ``limit`` article bodies of the shared news benchmark file."""
    path = DATA / "news" / "fake_or_real_news_256.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return [row["text"] for _, row in zip(range(limit), csv.DictReader(f), strict=False)]


def words_per_second(resolver: OnnxCorefResolver, texts: Sequence[str]) -> float:
    resolver(texts[0])  # warm-up
    t = time.perf_counter()
    words = sum(len(resolver(text).tokens) for text in texts)
    return words / (time.perf_counter() - t)


def compare(
    run_dir: Path, model_dir: Path, dev: Sequence[Example], cache: LayerCache | None = None
) -> dict[str, object]:
    model = load_trained(run_dir)
    # the fp32 graph: without model_file the resolver prefers model.int8.onnx
    resolver = OnnxCorefResolver(model_dir, threads=1, model_file="model.onnx")
    same, max_diff, same_cached, max_diff_cached = 0, 0.0, 0, 0.0
    for ex in dev:
        with torch.no_grad():
            top, probs = (t.numpy() for t in model(*tensors(ex))[:2])
        top, probs = every_word(ex.inputs.anaphors, top, probs, ex.inputs.n_words)
        _, (onnx_top, onnx_probs, *_) = resolver.raw_outputs(ex.doc, ex.genre)
        diff = np.abs(link_matrix(top, probs) - link_matrix(onnx_top, onnx_probs)).max()
        max_diff = max(max_diff, float(diff))
        clusters = spans(predict(model, ex))
        same += clusters == spans(resolver.predict(ex.doc, ex.genre))
        if cache is not None:
            ids, mask, *rest = tensors(ex)
            with torch.no_grad():
                outputs = model.outputs(encoder_output(model, ex, ids, mask, cache), *rest)
            c_top, c_probs = (t.numpy() for t in outputs[:2])
            c_top, c_probs = every_word(ex.inputs.anaphors, c_top, c_probs, ex.inputs.n_words)
            diff = np.abs(link_matrix(top, probs) - link_matrix(c_top, c_probs)).max()
            max_diff_cached = max(max_diff_cached, float(diff))
            same_cached += clusters == spans(predict(model, ex, cache=cache))
    out: dict[str, object] = {
        "docs": len(dev),
        "identical_clusters": same,
        "max_prob_diff": max_diff,
    }
    if cache is not None:
        out["cached_identical_clusters"] = same_cached
        out["cached_max_prob_diff"] = max_diff_cached
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--dev-docs", type=int, default=5)
    ap.add_argument("--news", type=int, default=10, help="articles to time")
    ap.add_argument("--dev", default=str(DATA / "gum/ontogum/dev"), help="CoNLL-U dev folder")
    ap.add_argument("--cached", default=None, help="also compare with the model on this cache")
    ap.add_argument("--cached-layer", type=int, default=None)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    config = ModelConfig.from_json(args.run_dir / "config.json")
    tokenizer = encoder_tokenizer(config.encoder)
    files = sorted(Path(args.dev).glob("*.conllu"))
    dev = load_conllu_examples(files, tokenizer, config)[: args.dev_docs]
    cache = LayerCache.open(args.cached, args.cached_layer) if args.cached else None
    report: dict[str, object] = {"parity": compare(args.run_dir, args.model_dir, dev, cache)}
    texts = news_texts(args.news)
    for name in ("model.onnx", "model.int8.onnx"):
        if not (args.model_dir / name).is_file():
            continue
        entry: dict[str, object] = {"mb": round((args.model_dir / name).stat().st_size / 2**20, 1)}
        t = time.perf_counter()
        resolver = OnnxCorefResolver(args.model_dir, threads=1, model_file=name)
        entry["load_s"] = round(time.perf_counter() - t, 3)
        entry["dev"] = {
            k: round(v, 2)
            for k, v in conll_scores(
                [(ex.gold, resolver.predict(ex.doc, ex.genre)) for ex in dev]
            ).items()
        }
        for threads in (1, 2) if texts else ():  # --news 0: no timing
            r = OnnxCorefResolver(args.model_dir, threads=threads, model_file=name)
            entry[f"words_per_s_{threads}t"] = round(words_per_second(r, texts))
        report[name] = entry
        print(json.dumps({name: entry}), flush=True)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
