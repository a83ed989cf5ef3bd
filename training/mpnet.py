"""A minimal MPNet encoder in plain torch that loads ``all-mpnet-base-v2`` weights.

The counterpart of :class:`training.encoder.BertEncoder` (same call, same output,
same ``from_pretrained(directory, num_layers)``), so the coreference model can be
built on either. Parameter names are Hugging Face's MPNet names, so the
``model.safetensors`` that ``python -m training.fetch_encoder all-mpnet-base-v2``
unpacks loads as it is. What differs from BERT (all as in HF's ``MPNetModel``):

* no token-type embeddings;
* absolute position ids start at ``padding_idx + 1`` (= 2) and count only the
  real tokens; padding gets ``padding_idx``. HF derives them from
  ``input_ids != padding_idx``; here they come from ``attention_mask``, which is
  the same wherever padding is exactly the masked positions (corefine's windows)
  and does not depend on which id the caller pads with;
* a T5-style relative position bias (32 buckets, max distance 128) per head,
  one table shared by every layer, added to the attention scores of all layers;
* attention projections named ``attention.attn.{q,k,v,o}`` and the attention
  ``LayerNorm`` under ``attention``; layer norm eps 1e-5.

The relative-position bucket of every distance is computed once, with HF's own
float formula, into a lookup table (a buffer outside the state dict): the
exported graph then gathers from a constant instead of taking a logarithm, which
onnxruntime may round differently at a bucket boundary (see
``training.model.distance_bucket``).

``training/check_mpnet.py`` checks this module against ``transformers``'
``MPNetModel`` on the same weights.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn


@dataclass(frozen=True)
class MPNetConfig:
    vocab_size: int = 30527
    hidden_size: int = 768
    num_hidden_layers: int = 12
    num_attention_heads: int = 12
    intermediate_size: int = 3072
    max_position_embeddings: int = 514
    relative_attention_num_buckets: int = 32
    pad_token_id: int = 1
    layer_norm_eps: float = 1e-5
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1

    @classmethod
    def from_json(cls, path: str | Path) -> MPNetConfig:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("model_type", "mpnet") != "mpnet":
            raise ValueError(f"{path} is a {data['model_type']!r} config, not an MPNet one")
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


def relative_position_bucket(
    relative_position: torch.Tensor, num_buckets: int = 32, max_distance: int = 128
) -> torch.Tensor:
    """HF MPNet's (T5's bidirectional) bucket of ``key - query`` positions: half the
    buckets per direction, exact up to 7 (with 32 buckets), then logarithmic up to
    ``max_distance``, the last bucket open-ended. Same float operations as HF's, so
    the same buckets; the logarithm's argument is clamped to 1 only where the exact
    branch is taken anyway (HF takes ``log(0)`` there and discards it)."""
    n = -relative_position
    half = num_buckets // 2
    ret = (n < 0).to(torch.long) * half
    n = torch.abs(n)
    max_exact = half // 2
    is_small = n < max_exact
    scaled = torch.log(n.clamp(min=1).float() / max_exact) / math.log(max_distance / max_exact)
    large = max_exact + (scaled * (half - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, half - 1))
    return ret + torch.where(is_small, n, large)


class _Embeddings(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.padding_idx = c.pad_token_id
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        real = attention_mask.to(torch.long).clamp(max=1)
        positions = torch.cumsum(real, dim=1) * real + self.padding_idx
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        return self.dropout(self.LayerNorm(x))


class _SelfAttention(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.size = c.hidden_size // c.num_attention_heads
        self.q = nn.Linear(c.hidden_size, c.hidden_size)
        self.k = nn.Linear(c.hidden_size, c.hidden_size)
        self.v = nn.Linear(c.hidden_size, c.hidden_size)
        self.o = nn.Linear(c.hidden_size, c.hidden_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        return x.view(b, n, self.heads, self.size).transpose(1, 2)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.q(x)), self._split(self.k(x)), self._split(self.v(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.size) + bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        out = torch.matmul(probs, v).transpose(1, 2)
        return self.o(out.reshape(x.shape[0], x.shape[1], self.heads * self.size))


class _Attention(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.attn = _SelfAttention(c)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.attn(x, bias)) + x)


class _Intermediate(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)


class _Output(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class _Layer(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _Output(c)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        a = self.attention(x, bias)
        return self.output(nn.functional.gelu(self.intermediate.dense(a)), a)


class _Stack(nn.Module):
    def __init__(self, c: MPNetConfig):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c.num_hidden_layers))
        self.relative_attention_bias = nn.Embedding(
            c.relative_attention_num_buckets, c.num_attention_heads
        )
        # bucket of every key - query distance a window can have, offset by the longest
        longest = c.max_position_embeddings
        distances = torch.arange(-longest, longest + 1)
        buckets = relative_position_bucket(distances, c.relative_attention_num_buckets)
        self.register_buffer("buckets", buckets, persistent=False)

    def position_bias(self, length: int, device: torch.device) -> torch.Tensor:
        """``[1, heads, L, L]``: the shared relative position bias of a window."""
        pos = torch.arange(length, device=device)
        offset = self.buckets.shape[0] // 2
        rel = self.buckets[pos.unsqueeze(0) - pos.unsqueeze(1) + offset]  # [L(query), L(key)]
        return self.relative_attention_bias(rel).permute(2, 0, 1).unsqueeze(0)


class MPNetEncoder(nn.Module):
    """Token ids + attention mask → contextual subword vectors ``[B, L, H]``."""

    def __init__(self, config: MPNetConfig):
        super().__init__()
        self.config = config
        self.embeddings = _Embeddings(config)
        self.encoder = _Stack(config)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = self.embeddings(input_ids, attention_mask)
        pad = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -10000.0
        bias = self.encoder.position_bias(input_ids.shape[1], input_ids.device) + pad
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x

    @classmethod
    def from_pretrained(cls, directory: str | Path, num_layers: int | None = None) -> MPNetEncoder:
        """Load ``config.json`` + ``model.safetensors`` (Hugging Face MPNet names);
        ``num_layers`` keeps only the first layers (the relative position bias table
        is shared, so it is kept whatever the depth)."""
        from safetensors.torch import load_file

        directory = Path(directory)
        config = MPNetConfig.from_json(directory / "config.json")
        if num_layers:
            config = dataclasses.replace(config, num_hidden_layers=num_layers)
        model = cls(config)
        state = load_file(str(directory / "model.safetensors"))
        state = {k.removeprefix("mpnet."): v for k, v in state.items()}
        state = {k: v for k, v in state.items() if _layer_index(k) < config.num_hidden_layers}
        state.pop("embeddings.position_ids", None)
        missing, unexpected = model.load_state_dict(state, strict=False)
        unexpected = [k for k in unexpected if not k.startswith(("pooler.", "lm_head."))]
        if missing or unexpected:
            raise ValueError(f"weights do not fit: missing={missing}, unexpected={unexpected}")
        return model


def _layer_index(name: str) -> int:
    """``encoder.layer.3.attention...`` → 3; other weights → -1."""
    parts = name.split(".")
    if len(parts) > 2 and parts[0] == "encoder" and parts[1] == "layer":
        return int(parts[2])
    return -1
