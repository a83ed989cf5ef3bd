"""What a larger encoder costs on this CPU: ``python -m training.bench_encoders``.

For docs/MODEL_LOG.md ("stronger model"): seconds per 512-subword window, with
each thread count of ``--threads``, of

* the forward pass (eval, no gradient) of all-mpnet-base-v2 with 12, 8 and 6
  layers and of all-MiniLM-L6-v2 (6 layers, 384 wide);
* forward + backward of the **top** ``--top`` MPNet layers alone, their input
  being the (cached, frozen) output of the layers below, dropout on;
* forward + backward of each whole encoder (full fine-tuning, for comparison);

and seconds per OntoGUM train document (the ``--docs`` around the median length)
of one whole training step, forward + backward + AdamW:

* *staged*: cached lower-layer outputs → top MPNet layers → coreference head
  (768 wide) → loss; only the top layers and the head are trained;
* *head only*: the whole encoder frozen and cached (MPNet's 12 layers, 768 wide,
  or MiniLM's, 384 wide), only the head trained: a cheap probe of an encoder;
* *MiniLM*: the current recipe (whole 6-layer encoder + head), the baseline that
  the 3.7 s/doc of the plan was measured with: run beside the others, it tells
  how loaded the shared machine was.

Plus the windows and subwords of OntoGUM train and dev and the disk size of one
layer's outputs for all of their windows in float16. The documents are read with
MiniLM's tokenizer (corefine's windows need its ``[CLS]``-style specials); MPNet's
tokenizer splits the same words into the same subwords, so window counts and
shapes are MPNet's too, and times do not depend on the ids.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence

import torch
from torch import nn

from corefine.model.alignment import load_tokenizer
from corefine.model.config import ModelConfig
from training.data import Example, load_conllu_examples
from training.encoder import ENCODERS, BertEncoder, encoder_dir, load_encoder
from training.model import WordCorefModel
from training.mpnet import MPNetEncoder
from training.train import DATA, example_loss


def timed(fn: Callable[[], object], reps: int) -> dict[str, float]:
    """Seconds of ``fn()`` after one warm-up call: the minimum and the median of ``reps``
    (on a shared machine the minimum is the machine's speed, the median what a run gets)."""
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"min": round(min(times), 3), "median": round(statistics.median(times), 3)}


def mpnet_forward(
    enc: MPNetEncoder, x: torch.Tensor, mask: torch.Tensor, layers: range
) -> torch.Tensor:
    """Hidden states after ``layers`` of ``enc``, from ``x`` (the embeddings' output when
    the range starts at 0, else the cached output of the layer below)."""
    pad = (1.0 - mask[:, None, None, :].to(torch.float32)) * -10000.0
    bias = enc.encoder.position_bias(x.shape[1], x.device) + pad
    for i in layers:
        x = enc.encoder.layer[i](x, bias)
    return x


class Cached(nn.Module):
    """The staged encoder: ``forward`` ignores the ids and runs the layers ``first..`` of a
    copy of ``enc`` (trainable; none when ``enc`` is ``None``: a frozen encoder) on
    ``self.cache``, the output of the layers below for the current document's windows."""

    def __init__(self, config: object, enc: MPNetEncoder | None = None, first: int = 0):
        super().__init__()
        self.config = config
        self.encoder = copy.deepcopy(enc.encoder) if enc is not None else None
        self.first = first
        self.cache: torch.Tensor | None = None
        if self.encoder is not None:
            for i, layer in enumerate(self.encoder.layer):
                layer.requires_grad_(i >= first)
            self.encoder.relative_attention_bias.requires_grad_(False)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        assert self.cache is not None
        if self.encoder is None:
            return self.cache
        layers = range(self.first, len(self.encoder.layer))
        return mpnet_forward(self, self.cache, attention_mask, layers)  # type: ignore[arg-type]


def corpus_counts(examples: Sequence[Example], hidden: int) -> dict[str, float]:
    windows = sum(ex.inputs.batch.input_ids.shape[0] for ex in examples)
    length = examples[0].inputs.batch.input_ids.shape[1]
    real = sum(int(ex.inputs.batch.attention_mask.sum()) for ex in examples)
    return {
        "docs": len(examples),
        "words": sum(ex.inputs.n_words for ex in examples),
        "subwords": sum(ex.inputs.pieces.n_subwords for ex in examples),
        "windows": windows,
        "window_positions_real": real,
        "fp16_cache_MB_padded_windows": round(windows * length * hidden * 2 / 1e6, 1),
        "fp16_cache_MB_real_positions": round(real * hidden * 2 / 1e6, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mpnet", default=str(ENCODERS / "all-mpnet-base-v2"))
    ap.add_argument("--minilm", default="all-minilm-l6-v2")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--top", type=int, default=4, help="MPNet layers trained on the cache")
    ap.add_argument("--docs", type=int, default=4, help="median-length docs per step timing")
    ap.add_argument("--skip-full", action="store_true", help="no whole-encoder backward")
    ap.add_argument("--skip-steps", action="store_true", help="window timings only")
    ap.add_argument("--skip-windows", action="store_true", help="document step timings only")
    args = ap.parse_args(argv)
    report: dict[str, object] = {"load_average_start": os.getloadavg()}

    minilm_path = encoder_dir(args.minilm)
    tokenizer = load_tokenizer(minilm_path / "tokenizer.json")
    config = ModelConfig()
    train = load_conllu_examples(
        sorted((DATA / "gum/ontogum/train").glob("*.conllu")), tokenizer, config
    )
    dev_files = sorted((DATA / "gum/ontogum/dev").glob("*.conllu"))
    dev = load_conllu_examples(dev_files, tokenizer, config)
    report["ontogum_train"] = corpus_counts(train, 768)
    report["ontogum_dev"] = corpus_counts(dev, 768)
    by_length = sorted(train, key=lambda e: e.inputs.n_words)
    mid = len(by_length) // 2
    chosen = by_length[mid - args.docs // 2 : mid - args.docs // 2 + args.docs]
    report["step_docs"] = {
        "docs": len(chosen),
        "mean_words": sum(e.inputs.n_words for e in chosen) / len(chosen),
        "windows": [int(e.inputs.batch.input_ids.shape[0]) for e in chosen],
    }

    # one full window of real text (the longest document's first)
    longest = by_length[-1].inputs.batch
    ids = torch.from_numpy(longest.input_ids[:1].copy())
    mask = torch.from_numpy(longest.attention_mask[:1].copy())
    assert int(mask.sum()) == ids.shape[1] == 512, "expected a full 512-subword window"

    mpnet = MPNetEncoder.from_pretrained(args.mpnet).eval()
    minilm = load_encoder(minilm_path).eval()
    assert isinstance(minilm, BertEncoder)
    n = mpnet.config.num_hidden_layers
    first = n - args.top
    g = torch.randn(1, 512, mpnet.config.hidden_size, generator=torch.Generator().manual_seed(0))
    g_small = g[..., : minilm.config.hidden_size]

    for threads in [] if args.skip_windows else args.threads:
        torch.set_num_threads(threads)
        key = f"{threads}t"
        out: dict[str, object] = {}
        with torch.no_grad():
            for layers in (12, 8, 6):

                def fwd(layers: int = layers) -> object:
                    return mpnet_forward(mpnet, mpnet.embeddings(ids, mask), mask, range(layers))

                out[f"mpnet_{layers}L_forward"] = timed(fwd, args.reps)
            out["minilm_6L_forward"] = timed(lambda: minilm(ids, mask), args.reps)
            cached = mpnet_forward(mpnet, mpnet.embeddings(ids, mask), mask, range(first))

        mpnet.train()

        def top_step(cached: torch.Tensor = cached) -> None:
            y = mpnet_forward(mpnet, cached, mask, range(first, n))
            (y * g).sum().backward()

        out[f"mpnet_top{args.top}_forward_backward"] = timed(top_step, args.reps)
        if not args.skip_full:

            def full_step() -> None:
                y = mpnet_forward(mpnet, mpnet.embeddings(ids, mask), mask, range(n))
                (y * g).sum().backward()

            out["mpnet_12L_forward_backward"] = timed(full_step, args.reps)
            minilm.train()
            out["minilm_6L_forward_backward"] = timed(
                lambda: (minilm(ids, mask) * g_small).sum().backward(), args.reps
            )
            minilm.eval()
        mpnet.eval()
        mpnet.zero_grad(set_to_none=True)
        minilm.zero_grad(set_to_none=True)
        report[f"window_s_{key}"] = out
        print(json.dumps({key: out}), flush=True)

    # whole training steps per document (forward + backward + AdamW)
    if args.skip_steps:
        print(json.dumps(report, indent=1))
        return 0
    below, top_out, small = [], [], []
    with torch.no_grad():
        for ex in chosen:
            w_ids = torch.from_numpy(ex.inputs.batch.input_ids)
            w_mask = torch.from_numpy(ex.inputs.batch.attention_mask)
            x = mpnet_forward(mpnet, mpnet.embeddings(w_ids, w_mask), w_mask, range(first))
            below.append(x.to(torch.float16))  # as it would come off the disk cache
            top_out.append(mpnet_forward(mpnet, x, w_mask, range(first, n)).to(torch.float16))
            small.append(minilm(w_ids, w_mask).to(torch.float16))
    variants = {
        f"staged_mpnet_top{args.top}_plus_head": (Cached(mpnet.config, mpnet, first), below),
        "head_only_on_mpnet_12L_cache": (Cached(mpnet.config), top_out),
        "head_only_on_minilm_cache": (Cached(minilm.config), small),
        "minilm_full_plus_head": (minilm, None),
    }
    models = {}
    for name, (encoder, _) in variants.items():
        torch.manual_seed(13)
        models[name] = WordCorefModel(encoder, config)  # type: ignore[arg-type]
    report["trained_parameters_M"] = {
        name: round(sum(p.numel() for p in m.parameters() if p.requires_grad) / 1e6, 1)
        for name, m in models.items()
    }

    def epoch(
        model: WordCorefModel, cache: list[torch.Tensor] | None, opt: torch.optim.Optimizer
    ) -> None:
        for i, ex in enumerate(chosen):
            if cache is not None:
                model.encoder.cache = cache[i].to(torch.float32)
            loss = example_loss(model, ex)
            opt.zero_grad()
            loss.backward()
            opt.step()

    for threads in args.threads:
        torch.set_num_threads(threads)
        out: dict[str, float] = {}
        for name, model in models.items():
            cache = variants[name][1]
            model.train()
            opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
            t = timed(lambda m=model, c=cache, o=opt: epoch(m, c, o), 1)
            out[name] = round(t["min"] / len(chosen), 2)
        report[f"step_s_per_doc_{threads}t"] = out
        print(json.dumps({f"step_s_per_doc_{threads}t": out}), flush=True)
    report["load_average_end"] = os.getloadavg()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
