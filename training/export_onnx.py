"""Export a trained checkpoint to the runtime's model directory (ONNX, fp32 and int8).

``python -m training.export_onnx RUN_DIR OUT_DIR [--int8]`` writes ``model.onnx``
(+ ``model.int8.onnx``), ``tokenizer.json`` (truncation and padding off: the
windows are ours) and ``config.json``: exactly what
:class:`corefine.resolvers.model.OnnxCorefResolver` loads.

Why the legacy (TorchScript) exporter: the graph is plain tensor code, and the
legacy exporter needs no onnxscript; every axis is declared dynamic and the
export is checked on a document of a different length than the one traced.
"""

from __future__ import annotations

import argparse
import json
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path

import torch

from corefine.model.config import ModelConfig
from corefine.model.features import INPUT_NAMES, OUTPUT_NAMES, encode_document
from corefine.tokenizer import make_document
from training.encoder import encoder_kind, encoder_tokenizer, load_encoder
from training.model import WordCorefModel

_TRACE_TEXT = (
    "Ms. Rivera said the council would vote on Tuesday. She told reporters that it "
    "had waited long enough, and her deputy agreed with her. The vote, he said, was "
    "overdue. "
) * 3

DYNAMIC_AXES = {
    "input_ids": {0: "windows", 1: "length"},
    "attention_mask": {0: "windows", 1: "length"},
    "word_subwords": {0: "words", 1: "pieces"},
    "word_mask": {0: "words", 1: "pieces"},
    "shape_ids": {0: "words"},
    "sentence_ids": {0: "words"},
    "anaphors": {0: "anaphors"},
    "antecedents": {0: "anaphors"},
    "antecedent_probs": {0: "anaphors"},
    "span_heads": {0: "heads"},
    "span_start_logits": {0: "heads"},
    "span_end_logits": {0: "heads"},
}


def load_trained(run_dir: str | Path) -> WordCorefModel:
    """The model of a training run directory (``config.json`` + ``model.pt``), on the
    encoder its config names (``encoder``, ``extra.encoder_layers``)."""
    run_dir = Path(run_dir)
    config = ModelConfig.from_json(run_dir / "config.json")
    layers = config.extra.get("encoder_layers")
    model = WordCorefModel(load_encoder(config.encoder, layers, pretrained=False), config)
    model.load_state_dict(torch.load(run_dir / "model.pt", map_location="cpu"))
    return model.eval()


def export(model: WordCorefModel, out_dir: str | Path, opset: int = 17) -> Path:
    """Write ``model.onnx``, ``tokenizer.json`` (the encoder's) and ``config.json`` into
    ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = encoder_tokenizer(model.config.encoder)
    tokenizer.save(str(out_dir / "tokenizer.json"))
    model.config.to_json(out_dir / "config.json")
    inputs = encode_document(make_document(_TRACE_TEXT), tokenizer, model.config)
    args = tuple(torch.from_numpy(a) for a in inputs.arrays().values())
    path = out_dir / "model.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
        torch.onnx.export(
            model.eval(),
            args,
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=list(OUTPUT_NAMES),
            dynamic_axes=DYNAMIC_AXES,
            opset_version=opset,
            dynamo=False,
        )
    return path


# which encoder nodes each ``--int8-parts`` name quantizes: a node's name in the torch
# export after its "/encoder/layer.N" prefix (``output/dense`` is the attention output,
# ``dense`` and ``output/dense_1`` the feed-forward layers, as shapes 384², 384×1536 and
# 1536×384 confirm), or Gather for the embedding tables
INT8_PARTS = {
    "embeddings": ("Gather",),
    "attention": (
        "self/query/MatMul",
        "self/key/MatMul",
        "self/value/MatMul",
        "output/dense/MatMul",
    ),
    "ffn": ("dense/MatMul", "output/dense_1/MatMul"),
}
# the same parts of an MPNet encoder's graph (``output/dense`` is its feed-forward output)
INT8_PARTS_BY_KIND = {
    "bert": INT8_PARTS,
    "mpnet": {
        "embeddings": ("Gather",),
        "attention": tuple(f"attention/attn/{p}/MatMul" for p in "qkvo"),
        "ffn": ("dense/MatMul", "output/dense/MatMul"),
    },
}


def quantize_int8(
    path: str | Path,
    parts: Sequence[str] = ("embeddings",),
    reduce_range: bool = False,
    kind: str = "bert",
    weight_only: bool = False,
    block_size: int = 128,
    accuracy_level: int = 4,
) -> Path:
    """Dynamic int8 quantization of parts of the encoder (weights int8 per channel).

    Why embeddings only (OntoGUM dev CoNLL F1 of the epoch-6 model, 2026-12-02;
    ``check_onnx``: 30 documents, gold genre / ``corefine evaluate``: raw text,
    genre ``news``): fp32 56.47 / 55.52; embeddings 56.44 / 55.25; embeddings +
    attention projections (7-bit) 55.81 / 55.24, 10 % faster on one thread but
    over the 0.5-point budget by the first measure; every weight MatMul
    54.47 (8-bit) or 54.85 (7-bit) by the second. The loss is in the
    feed-forward layers (embeddings + attention + their first layer: 54.71).
    ``reduce_range`` (7-bit weights) helps on AVX2 without VNNI, where u8 × s8
    pairs are summed in saturating int16. The coreference heads stay fp32:
    quantizing them only made the graph slower (their activations are large).
    Earlier, per-tensor weights (onnxruntime's default) lost 2 points.
    ``kind``: the encoder's layout (``training.encoder.encoder_kind``), whose node
    names the parts stand for. A model trained with ``--simulate-int8``
    (quantization-aware) names all three parts in its config (raw 55.34-55.93 with
    every MatMul int8, ~1.7x faster on AVX-512 VNNI, 1.17x on AVX2; not shipped:
    less stable on hyphen-stripped news, see docs/MODEL_LOG.md item 7).

    ``weight_only``: the chosen MatMuls become ``MatMulNBits`` with 8-bit weights, one
    scale per ``block_size`` inputs, activations quantized per block too
    (``accuracy_level`` 4); Gather stays dynamic int8. Why: dynamic int8 of an 8-layer
    MPNet's feed-forward layers costs ~9 CoNLL F1 (OntoGUM dev, stage-2 epoch 3,
    ``corefine evaluate``, one thread: fp32 59.70 in 66 s; embeddings 59.73; +
    attention 59.69; + feed-forward 50.57, 7-bit 50.95; all three 50.37), which
    MatMulNBits does not (all three parts: block 128 at level 4, the default, 59.80 in
    44 s, 83 MB; block 32 59.92 in 53 s, 89 MB; level 0, fp32 compute, 59.73-59.82 in
    74-78 s; fp32 313 MB).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    src = Path(path)
    dst = src.with_name("model.int8.onnx")
    known = INT8_PARTS_BY_KIND[kind]
    unknown = sorted(set(parts) - set(known))
    if unknown:
        raise ValueError(f"unknown int8 parts {unknown}; choose from {sorted(known)}")
    graph = onnx.load(str(src), load_external_data=False).graph
    weights = {i.name for i in graph.initializer}
    patterns = [p for part in parts for p in known[part]]

    def selected(node: onnx.NodeProto) -> bool:
        if "encoder" not in node.name:
            return False
        if node.op_type == "Gather":
            return "Gather" in patterns
        is_weight_matmul = node.op_type == "MatMul" and any(i in weights for i in node.input)
        in_layer = node.name.split("/", 3)[-1]  # "", "encoder", "layer.N", the rest
        return is_weight_matmul and in_layer in patterns

    chosen = [n.name for n in graph.node if selected(n)]
    if weight_only:
        matmuls = [n.name for n in graph.node if n.name in chosen and n.op_type == "MatMul"]
        chosen = [name for name in chosen if name not in matmuls]
        src = _weight_only_int8(
            src, dst.with_name("model.weights8.onnx"), matmuls, block_size, accuracy_level
        )
    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=reduce_range,
        nodes_to_quantize=chosen,
    )
    if weight_only:
        src.unlink()
    return dst


def _weight_only_int8(
    src: Path, dst: Path, matmuls: Sequence[str], block_size: int, accuracy_level: int
) -> Path:
    """``matmuls`` as onnxruntime's ``MatMulNBits`` with 8-bit weights (symmetric, one
    scale per ``block_size`` inputs). ``accuracy_level`` 4 computes in int8 with the
    activations quantized per block of inputs, not per tensor as dynamic int8 does: the
    MPNet encoder's feed-forward activations have outliers that a per-tensor scale
    loses (see quantize_int8); 0 computes in fp32 (exact activations, slower)."""
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    quantizer = MatMulNBitsQuantizer(
        onnx.load(str(src)),
        bits=8,
        block_size=block_size,
        is_symmetric=True,
        accuracy_level=accuracy_level,
        nodes_to_include=list(matmuls),
    )
    quantizer.process()
    quantizer.model.save_model_to_file(str(dst), use_external_data_format=False)
    return dst


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--int8", action="store_true", help="also write model.int8.onnx")
    ap.add_argument(
        "--int8-parts",
        default=None,
        help=f"encoder parts to quantize, comma-separated, of {','.join(INT8_PARTS)} "
        "(default: the run's config 'int8_parts', which --simulate-int8 training sets, "
        "else embeddings)",
    )
    ap.add_argument("--int8-reduce-range", action="store_true", help="7-bit int8 weights")
    ap.add_argument(
        "--int8-weight-only",
        action="store_true",
        help="the chosen MatMuls as MatMulNBits: 8-bit weights, activations quantized per "
        "block of 128 inputs instead of per tensor (dynamic int8): what an MPNet encoder needs",
    )
    args = ap.parse_args(argv)
    model = load_trained(args.run_dir)
    path = export(model, args.out_dir)
    sizes = {path.name: path.stat().st_size}
    if args.int8:
        parts = (
            args.int8_parts.split(",")
            if args.int8_parts
            else model.config.extra.get("int8_parts", ["embeddings"])
        )
        q = quantize_int8(
            path,
            parts,
            args.int8_reduce_range,
            encoder_kind(model.encoder),
            weight_only=args.int8_weight_only,
        )
        sizes[q.name] = q.stat().st_size
    shutil.copy(Path(args.run_dir) / "config.json", Path(args.out_dir) / "config.json")
    print(json.dumps({k: round(v / 2**20, 1) for k, v in sizes.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
