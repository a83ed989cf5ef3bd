"""Recover a training checkpoint from an exported model directory.

``python -m training.recover MODEL_DIR RUN_DIR`` writes ``RUN_DIR/model.pt`` and
``RUN_DIR/config.json``, the two files :func:`training.export_onnx.load_trained`
reads, from the weights inside an exported ONNX graph (fp32 or int8).

Why: a session's machine and its ``runs/`` are gone when the session ends, but the
shipped graph is committed. Recovering its weights lets a later session change the
exported graph (new outputs, other quantization) or continue training from the
shipped model without retraining it first. Every weight of an fp32 graph comes back
exactly. In an int8 graph the quantized tables and MatMul weights come back
dequantized, which re-quantizes to the same integers with the same scales. Row 1 of
BERT's token-type table is not in any graph (inference reads row 0 only), so it
comes from the pretrained encoder.

The encoder is the one ``config.json`` names (``encoder``, ``extra.encoder_layers``):
MiniLM (BERT) or MPNet. The mapping from graph names to parameter names is written out
below for both (:class:`training.model.WordCorefModel` exported by the legacy
exporter), and :func:`recover` refuses a graph where a parameter is missing or left
over, so a change of architecture cannot recover silently wrong weights.
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from corefine.model.config import ModelConfig
from corefine.resolvers.model import locate_model
from training.encoder import BertEncoder, encoder_kind, load_encoder
from training.model import WordCorefModel

# MatMul node (legacy exporter scope name) → parameter whose weight it holds, transposed.
# The pair scorers share method names, so the exporter numbers the second one's nodes
# (``/b_1``): the antecedent scorer (``pair``) runs before the span scorer (``span``).
# Encoder layers, by encoder kind: the same scope name can hold another weight
# (``output/dense`` is BERT's attention output, MPNet's feed-forward output).
_MATMULS = {
    "self/query": "attention.self.query",
    "self/key": "attention.self.key",
    "self/value": "attention.self.value",
    "output/dense": "attention.output.dense",
    "dense": "intermediate.dense",
    "output/dense_1": "output.dense",
}
_LAYER_MATMULS = {
    "bert": _MATMULS,
    "mpnet": {
        "attention/attn/q": "attention.attn.q",
        "attention/attn/k": "attention.attn.k",
        "attention/attn/v": "attention.attn.v",
        "attention/attn/o": "attention.attn.o",
        "dense": "intermediate.dense",
        "output/dense": "output.dense",
    },
}
_HEAD_MATMULS = {
    "/sub_attn/MatMul": "sub_attn",
    "/b/MatMul": "pair.b",
    "/p/MatMul": "pair.p",
    "/c/MatMul": "pair.c",
    "/pair_out/MatMul": "pair_out",
    "/b_1/MatMul": "span.b",
    "/p_1/MatMul": "span.p",
    "/c_1/MatMul": "span.c",
    "/span_out/MatMul": "span_out",
}
_LAYER_MATMUL = re.compile(r"^/encoder/layer\.(\d+)/(.+)/MatMul$")
_TOKEN_TYPE_ADD = "/encoder/embeddings/Add_1"


def graph_weights(graph_path: str | Path, kind: str = "bert") -> dict[str, np.ndarray]:
    """Parameter name → value, read from a graph exported on a ``kind`` encoder."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(graph_path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    out: dict[str, np.ndarray] = {}
    matmul_weights = dict(inits)  # a MatMul's weight, or a MatMulInteger's dequantized
    for name, value in inits.items():
        if name.endswith("_Transposed"):
            out[name.removesuffix("_Transposed")] = value.T
        elif name.endswith("_quantized"):
            base = name.removesuffix("_quantized")
            scale = inits[base + "_scale"].astype(np.float32)
            zero = inits[base + "_zero_point"].astype(np.float32)
            # per channel, scale and zero point are per column of the [in, out] weight
            value = (value.astype(np.float32) - zero) * scale
            if base.startswith("onnx::"):
                matmul_weights[name] = value
            else:
                out[base] = value
        elif not name.startswith(("onnx::", "/")) and not name.endswith(("_scale", "_zero_point")):
            out[name] = value
    for node in graph.node:
        weights = [
            i
            for i in node.input
            if i.startswith("onnx::") and i in inits and not i.endswith(("_scale", "_zero_point"))
        ]
        if not weights:
            continue
        if node.op_type in ("MatMul", "MatMulInteger"):
            name = node.name.removesuffix("_quant")  # what quantize_dynamic names it
            match = _LAYER_MATMUL.match(name)
            if match:
                key = f"encoder.encoder.layer.{match[1]}.{_LAYER_MATMULS[kind][match[2]]}"
            elif name in _HEAD_MATMULS:
                key = _HEAD_MATMULS[name]
            else:
                raise ValueError(f"no parameter is known for graph node {node.name}")
            out[key + ".weight"] = matmul_weights[weights[0]].T
        elif kind == "bert" and node.name == _TOKEN_TYPE_ADD:
            out["encoder.embeddings.token_type_embeddings.weight.0"] = inits[weights[0]]
        else:
            raise ValueError(f"no parameter is known for graph node {node.name}")
    return out


def recover(model_dir: str | Path | None) -> WordCorefModel:
    """The torch model whose export is the graph in ``model_dir`` (``None``: the shipped one)."""
    directory, graph_file = locate_model(model_dir)
    config = ModelConfig.from_json(directory / "config.json")
    layers = config.extra.get("encoder_layers")
    model = WordCorefModel(load_encoder(config.encoder, layers, pretrained=False), config)
    kind = encoder_kind(model.encoder)
    weights = graph_weights(directory / graph_file, kind)
    state = model.state_dict()
    if kind == "bert":
        pretrained = load_encoder(config.encoder, layers)
        assert isinstance(pretrained, BertEncoder)
        token_type_value = pretrained.embeddings.token_type_embeddings.weight.detach().clone()
        token_type_value[0] = torch.tensor(
            weights.pop("encoder.embeddings.token_type_embeddings.weight.0")
        )
        weights["encoder.embeddings.token_type_embeddings.weight"] = token_type_value.numpy()
    missing = sorted(set(state) - set(weights))
    extra = sorted(set(weights) - set(state))
    if missing or extra:
        raise ValueError(f"graph does not fit the model: missing={missing}, left over={extra}")
    for key, value in weights.items():
        if tuple(value.shape) != tuple(state[key].shape):
            raise ValueError(f"{key}: graph shape {value.shape}, model shape {state[key].shape}")
    model.load_state_dict({k: torch.tensor(v) for k, v in weights.items()})
    return model.eval()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", help="exported model directory ('-': the shipped model)")
    ap.add_argument("run_dir", help="where to write model.pt and config.json")
    args = ap.parse_args(argv)
    model_dir = None if args.model_dir == "-" else args.model_dir
    model = recover(model_dir)
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), run_dir / "model.pt")
    directory, _ = locate_model(model_dir)
    shutil.copy(directory / "config.json", run_dir / "config.json")
    print(f"wrote {run_dir / 'model.pt'} and config.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
