"""Check ``training.mpnet.MPNetEncoder`` against ``transformers``' ``MPNetModel``:
``python -m training.check_mpnet [--encoder DIR]``.

Both load the same ``model.safetensors`` (``python -m training.fetch_encoder
all-mpnet-base-v2 --out DIR``); the last hidden states are compared, in eval
mode, on

* a padded batch of short sentences of different lengths (padding id 1, the
  MPNet tokenizer's ``<pad>``; compared on the real tokens and on all positions),
* one full 512-subword window of an OntoGUM train document (relative distances
  past the 128 of the last bucket),
* the same window through the first 6 layers only (``from_pretrained(dir, 6)``
  against an ``MPNetModel`` whose config keeps 6 layers),

then the first 2 layers exported to ONNX as ``training.export_onnx`` exports
(legacy tracer, opset 17) against torch; a sentence-similarity sanity check (both
sides could agree on wrong weights); and the coreference model built on the
MPNet encoder through ``training.encoder.load_encoder`` and run once
(``select_layers`` on its state dict too). With ``--minilm DIR`` the BERT
encoder is checked the same way against ``BertModel``. Passes when every max abs
difference is under 1e-4. ``transformers`` is needed for this check only (not in
the ``train`` extra).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from training.encoder import ENCODERS, load_encoder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TOLERANCE = 1e-4
SENTENCES = [
    "Aesthetic appreciation and Spanish art: insights from eye-tracking.",
    "She said that he would come back, but he never did.",
    "The committee approved the plan on Tuesday after Maria Lopez, its chair, argued for it.",
    "It rained.",
]


def document_text(limit_chars: int = 20_000) -> str:
    """The ``# text =`` lines of the first OntoGUM train document, joined."""
    path = sorted((DATA / "gum/ontogum/train").glob("*.conllu"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    text = " ".join(line[len("# text = ") :] for line in lines if line.startswith("# text = "))
    return text[:limit_chars]


def batch(
    tokenizer: Any, texts: Sequence[str], length: int | None, pad_id: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """``input_ids``, ``attention_mask`` ``[B, L]``: each text encoded with its
    special tokens, cut to ``length`` (keeping the closing token), padded with ``pad_id``."""
    rows = [tokenizer.encode(t).ids for t in texts]
    if length:
        rows = [r[: length - 1] + r[-1:] if len(r) > length else r for r in rows]
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def reference(directory: Path, layers: int | None) -> Any:
    """The ``transformers`` model of ``directory`` (its first ``layers``), eval mode."""
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    config = transformers.AutoConfig.from_pretrained(directory)
    if layers:
        config.num_hidden_layers = layers
    model = transformers.AutoModel.from_pretrained(
        directory, config=config, attn_implementation="eager"
    )
    return model.eval()


def compare(
    name: str, ours: torch.nn.Module, theirs: torch.nn.Module, ids: torch.Tensor, mask: torch.Tensor
) -> dict[str, object]:
    with torch.no_grad():
        a = ours(ids, mask)
        b = theirs(input_ids=ids, attention_mask=mask).last_hidden_state
    real = mask.bool()
    return {
        "case": name,
        "reference": type(theirs).__name__,
        "shape": list(a.shape),
        "max_abs_diff_real_tokens": float((a - b).abs()[real].max()),
        "max_abs_diff_all": float((a - b).abs().max()),
        "max_abs_value": float(b[real].abs().max()),
    }


def check_encoder(directory: Path, pad_id: int) -> list[dict[str, object]]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    results = []
    ids, mask = batch(tokenizer, SENTENCES, None, pad_id)
    full_ours, full_ref = load_encoder(directory).eval(), reference(directory, None)
    results.append(compare("4 sentences, padded", full_ours, full_ref, ids, mask))
    ids, mask = batch(tokenizer, [document_text()], 512, pad_id)
    results.append(compare("one 512-subword window", full_ours, full_ref, ids, mask))
    del full_ours, full_ref
    results.append(
        compare(
            "same window, first 6 layers",
            load_encoder(directory, 6).eval(),
            reference(directory, 6),
            ids,
            mask,
        )
    )
    return results


def check_similarity(directory: Path) -> dict[str, object]:
    """Proof that real sentence-embedding weights were loaded (both sides could agree on
    wrong ones): mean-pooled, normalised vectors of our encoder rank a paraphrase above
    an unrelated sentence, as all-mpnet-base-v2 is trained to."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    texts = [
        "A man is playing a guitar.",
        "Someone plays the guitar.",
        "Stocks fell sharply today.",
    ]
    ids, mask = batch(tokenizer, texts, None, 1)
    with torch.no_grad():
        x = load_encoder(directory).eval()(ids, mask)
    pooled = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
    v = torch.nn.functional.normalize(pooled, dim=-1)
    paraphrase, unrelated = float(v[0] @ v[1]), float(v[0] @ v[2])
    return {
        "case": "sentence similarity (mean pooling)",
        "cos_paraphrase": round(paraphrase, 4),
        "cos_unrelated": round(unrelated, 4),
        "paraphrase_ranks_first": paraphrase > unrelated + 0.3,
    }


def check_onnx(directory: Path) -> list[dict[str, object]]:
    """The encoder (first 2 layers) through the exporter ``training.export_onnx`` uses
    (legacy tracer, opset 17, windows and length dynamic) and onnxruntime, against torch
    on the padded batch and on the 512-subword window."""
    import tempfile
    import warnings

    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    model = load_encoder(directory, 2).eval()
    cases = {
        "ONNX 2 layers: 4 sentences, padded": batch(tokenizer, SENTENCES, None, 1),
        "ONNX 2 layers: one 512-subword window": batch(tokenizer, [document_text()], 512, 1),
    }
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "mpnet.onnx")
        ids, mask = cases["ONNX 2 layers: 4 sentences, padded"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                (ids, mask),
                path,
                input_names=["input_ids", "attention_mask"],
                output_names=["hidden"],
                dynamic_axes={
                    "input_ids": {0: "windows", 1: "length"},
                    "attention_mask": {0: "windows", 1: "length"},
                },
                opset_version=17,
                dynamo=False,
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        for name, (ids, mask) in cases.items():
            with torch.no_grad():
                a = model(ids, mask)
            feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy()}
            b = torch.from_numpy(session.run(None, feeds)[0])
            real = mask.bool()
            results.append(
                {
                    "case": name,
                    "reference": "torch MPNetEncoder",
                    "shape": list(b.shape),
                    "max_abs_diff_real_tokens": float((a - b).abs()[real].max()),
                    "max_abs_diff_all": float((a - b).abs().max()),
                }
            )
    return results


def check_coref_model(directory: Path) -> dict[str, object]:
    """Build ``WordCorefModel`` on the MPNet encoder (4 layers) and run its forward on a
    toy document; then ``select_layers`` keeps layers 0 and 3 of its state dict."""
    from corefine.model.config import ModelConfig
    from training.model import WordCorefModel
    from training.train import select_layers

    torch.manual_seed(0)
    model = WordCorefModel(load_encoder(directory, 4), ModelConfig()).eval()
    n_words = 12
    ids = torch.randint(1000, 2000, (1, 16))
    ids[0, 0], ids[0, -1] = 0, 2
    mask = torch.ones_like(ids)
    word_subwords = torch.arange(1, n_words + 1).unsqueeze(1)
    word_mask = torch.ones(n_words, 1)
    shapes = torch.zeros(n_words, dtype=torch.long)
    sentences = torch.zeros(n_words, dtype=torch.long)
    genre = torch.tensor([0])
    anaphors = torch.arange(n_words)
    with torch.no_grad():
        _, probs, _, _, _ = model(
            ids, mask, word_subwords, word_mask, shapes, sentences, genre, anaphors
        )
    state = select_layers(model.state_dict(), [0, 3])
    shallow = WordCorefModel(load_encoder(directory, 2), ModelConfig())
    shallow.load_state_dict(state)
    pattern = re.compile(r"encoder\.encoder\.layer\.(\d+)\.")
    layer_names = sorted({m.group(1) for k in state if (m := pattern.match(k))})
    return {
        "case": "WordCorefModel on MPNet (4 layers), forward",
        "hidden_size": model.encoder.config.hidden_size,
        "probs_shape": list(probs.shape),
        "probs_row_sums_to_1": bool(torch.allclose(probs.sum(1), torch.ones(n_words))),
        "select_layers_loads": layer_names == ["0", "1"],
    }


def check_tokenizer(directory: Path) -> dict[str, object]:
    """MPNet's tokenizer against the shipped MiniLM one: the specials corefine picks, and the
    same subwords (ids shifted by four, ``[UNK]`` kept) and character spans for the same
    words, on a text with curly quotes, a contraction, an emoji and a lone combining mark.
    (A check here rather than a test: the weights' folder exists only where
    ``training.fetch_encoder`` was run.)"""
    from corefine.model.alignment import SpecialIds, align_words, load_tokenizer, special_names
    from corefine.resolvers.model import BUILTIN_MODEL_DIR
    from corefine.tokenizer import make_document, read_words

    mpnet = load_tokenizer(directory / "tokenizer.json")
    shipped = load_tokenizer(BUILTIN_MODEL_DIR / "tokenizer.json")
    text = (
        SENTENCES[2] + " They\u2019re “here” (Ms. O’Neil) didn't comment 🙂 on U.S. plans \u0301."
    )
    doc = make_document(text)
    words = read_words(text, doc.tokens)
    a, b = align_words(shipped, doc.tokens, words), align_words(mpnet, doc.tokens, words)
    return {
        "case": "tokenizer: specials and word-by-word subwords against MiniLM's",
        "specials_hold": SpecialIds.from_tokenizer(mpnet) == SpecialIds(0, 2, 1, 104)
        and special_names(mpnet)["mask"] == "<mask>",
        "same_char_spans": a.char_spans.tolist() == b.char_spans.tolist(),
        "ids_shifted_by_4": b.ids.tolist() == [104 if i == 100 else i + 4 for i in a.ids.tolist()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default=str(ENCODERS / "all-mpnet-base-v2"))
    ap.add_argument("--minilm", default=None, help="also check this BERT (MiniLM) folder")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    results = check_encoder(Path(args.encoder), pad_id=1)
    if args.minilm:
        results += [
            {**r, "case": "MiniLM (BERT): " + str(r["case"])}
            for r in check_encoder(Path(args.minilm), pad_id=0)
        ]
    results += check_onnx(Path(args.encoder))
    results.append(check_similarity(Path(args.encoder)))
    results.append(check_coref_model(Path(args.encoder)))
    results.append(check_tokenizer(Path(args.encoder)))
    ok = True
    for r in results:
        print(json.dumps(r))
        diff = r.get("max_abs_diff_real_tokens")
        if diff is not None and float(str(diff)) >= TOLERANCE:
            ok = False
        flags = (
            "paraphrase_ranks_first",
            "probs_row_sums_to_1",
            "select_layers_loads",
            "specials_hold",
            "same_char_spans",
            "ids_shifted_by_4",
        )
        if any(r.get(flag) is False for flag in flags):
            ok = False
    print(f"{'PASS' if ok else 'FAIL'}: every max abs difference < {TOLERANCE}, checks hold")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
