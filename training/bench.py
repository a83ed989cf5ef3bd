"""Time budget measurements for docs/MODEL_LOG.md: ``python -m training.bench``.

Seconds per training document (forward + backward + optimizer step) with 1
and 2 torch threads on OntoGUM train documents of typical length, and torch
inference words per second, so the epochs that fit the 2.5 h budget can be
extrapolated from the corpus size (175,958 words, 526 windows in 177 docs).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence

import numpy as np
import torch

from corefine.model.alignment import load_tokenizer
from corefine.model.config import ModelConfig
from training.data import load_conllu_examples
from training.encoder import minilm_dir
from training.train import DATA, build_model, example_loss, optimizer_for, predict


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=4)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    config = ModelConfig()
    tokenizer = load_tokenizer(minilm_dir() / "tokenizer.json")
    files = sorted((DATA / "gum/ontogum/train").glob("*.conllu"))
    examples = load_conllu_examples(files, tokenizer, config)
    examples.sort(key=lambda e: e.inputs.n_words)
    mid = len(examples) // 2  # docs around the median length
    chosen = examples[mid - args.docs // 2 : mid - args.docs // 2 + args.docs]
    words = sum(e.inputs.n_words for e in chosen)
    report: dict[str, object] = {
        "docs": len(chosen),
        "mean_words": words / len(chosen),
        "mean_windows": float(np.mean([e.inputs.batch.input_ids.shape[0] for e in chosen])),
    }
    model = build_model(config, 13)
    opt, _ = optimizer_for(model, 5e-5, 3e-4, 100, 0.1)
    for threads in args.threads:
        torch.set_num_threads(threads)
        model.train()
        example_loss(model, chosen[0]).backward()  # warm-up
        opt.zero_grad()
        t = time.perf_counter()
        for ex in chosen:
            loss = example_loss(model, ex)
            opt.zero_grad()
            loss.backward()
            opt.step()
        report[f"train_s_per_doc_{threads}t"] = round((time.perf_counter() - t) / len(chosen), 2)
        t = time.perf_counter()
        for ex in chosen:
            predict(model, ex)
        report[f"torch_infer_words_per_s_{threads}t"] = round(words / (time.perf_counter() - t))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
