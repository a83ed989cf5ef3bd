"""Word-level coreference (Dobrovolskii 2021) on a small BERT, in torch.

Pipeline inside the network, per document:

1. encoder over overlapping windows → subword vectors;
2. word vectors: attention-pooled over each word's subwords (in the window
   where the word is most central) + a word-shape embedding, because the
   encoder is uncased and capitalisation matters for names;
3. coarse bilinear antecedent scores over all earlier words → top-k;
4. fine pairwise scorer over the top-k (word pair + distance bucket + genre);
   the dummy "no antecedent" has score 0, a softmax gives link probabilities;
5. span predictor: start/end scores of the words within ``span_radius`` of
   each head word (same sentence only), decoded outside the graph. At
   inference only for the words decoding can put in a cluster
   (:func:`span_heads`): a quarter of the graph's time went to span scores of
   words that are in no cluster.

Pairwise layers are written in factorised form (``A x_i + B x_j + C (x_i ∘ x_j)``
rather than one linear layer over the concatenation; mathematically the same
function) so that the per-pair cost is one small elementwise product and one
hidden layer, which is what makes this affordable on two CPU cores.
"""

from __future__ import annotations

import torch
from torch import nn

from corefine.model.alignment import N_SHAPES
from corefine.model.config import ModelConfig

NEG = -1e9  # "impossible" score: finite, so no NaN ever comes out of a softmax


def distance_bucket(d: torch.Tensor, buckets: int) -> torch.Tensor:
    """1..4 → 0..3, then log2 buckets (5-7, 8-15, …), the last one open-ended.

    Computed by comparing with fixed thresholds, not with ``floor(log2(d))``:
    onnxruntime's log2 of 8 may come out as 2.9999998, which moved every
    power-of-two distance to the wrong bucket in the exported graph.
    """
    thresholds = [1, 2, 3, 4, 5] + [2**p for p in range(3, buckets - 2)]
    t = torch.tensor(thresholds[:buckets], dtype=torch.int64, device=d.device)
    return (d.clamp(min=1).unsqueeze(-1) >= t).sum(dim=-1) - 1


def span_heads(top: torch.Tensor, probs: torch.Tensor, rows: torch.Tensor, n: int) -> torch.Tensor:
    """``[M]`` the words decoding can put in a cluster, in order: every word whose most
    probable choice is an antecedent rather than the dummy, and that antecedent. Row ``r``
    of ``top``/``probs`` is word ``rows[r]``'s, of ``n`` words.

    The same choice as :func:`corefine.model.decode.best_links` with ``min_prob=0``
    (ties go to the dummy; candidates that are not earlier words have probability 0),
    so a higher ``min_prob`` only ever needs a subset of these words.
    """
    best = probs.argmax(dim=1)  # 0: the dummy
    linked = best.gt(0).float()
    antecedent = torch.gather(top, 1, (best - 1).clamp(min=0).unsqueeze(1)).squeeze(1)
    marks = torch.zeros(n, device=probs.device)
    marks = marks.scatter_add(0, rows, linked).scatter_add(0, antecedent, linked)
    return torch.nonzero(marks > 0).squeeze(1)


class PairScorer(nn.Module):
    """``score(i, j) = w · act(A x_i + B x_j + C (P x_i ∘ P x_j) + features) + b``."""

    def __init__(self, dim: int, hidden: int, proj: int, dropout: float):
        super().__init__()
        self.a = nn.Linear(dim, hidden)
        self.b = nn.Linear(dim, hidden, bias=False)
        self.p = nn.Linear(dim, proj, bias=False)
        self.c = nn.Linear(proj, hidden, bias=False)
        self.dropout = nn.Dropout(dropout)
        self.act = nn.LeakyReLU()

    def hidden_layer(
        self, x: torch.Tensor, i: torch.Tensor, j: torch.Tensor, feats: torch.Tensor
    ) -> torch.Tensor:
        """``[M, K, hidden]`` for the pairs (``i[m]``, ``j[m, k]``); ``i`` is [M], ``j`` [M, K].

        Why one word per row: ``i``'s vectors are broadcast over the row instead of
        gathered K times, which took a tenth of the exported graph's time.
        """
        ax, bx, px = self.a(x), self.b(x), self.p(x)
        h = ax[i].unsqueeze(1) + bx[j] + self.c(px[i].unsqueeze(1) * px[j]) + feats
        return self.dropout(self.act(h))


class WordCorefModel(nn.Module):
    """The whole network; :meth:`forward` is what gets exported to ONNX."""

    def __init__(self, encoder: nn.Module, config: ModelConfig, dropout: float = 0.3):
        super().__init__()
        h = encoder.config.hidden_size
        self.config = config
        self.encoder = encoder
        self.sub_attn = nn.Linear(h, 1)
        self.shape_emb = nn.Embedding(N_SHAPES, h)
        nn.init.zeros_(self.shape_emb.weight)  # start from the pretrained representation
        self.dropout = nn.Dropout(dropout)
        self.coarse = nn.Linear(h, h)
        hidden = 256
        self.pair = PairScorer(h, hidden, 128, dropout)
        self.dist_emb = nn.Embedding(config.distance_buckets, hidden)
        self.genre_emb = nn.Embedding(len(config.genres), hidden)
        self.pair_out = nn.Linear(hidden, 1)
        span_hidden = 128
        self.span = PairScorer(h, span_hidden, 64, dropout)
        self.rel_emb = nn.Embedding(2 * config.span_radius + 1, span_hidden)
        self.span_conv = nn.Conv1d(span_hidden, 64, kernel_size=3, padding=1)
        self.span_out = nn.Linear(64, 2)

    # -- pieces ------------------------------------------------------------------

    def word_vectors(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        word_subwords: torch.Tensor,
        word_mask: torch.Tensor,
        shape_ids: torch.Tensor,
    ) -> torch.Tensor:
        """``[N, H]``: each word's subwords attention-pooled, plus its shape embedding."""
        return self.pool(
            self.encoder(input_ids, attention_mask), word_subwords, word_mask, shape_ids
        )

    def pool(
        self,
        sub: torch.Tensor,
        word_subwords: torch.Tensor,
        word_mask: torch.Tensor,
        shape_ids: torch.Tensor,
    ) -> torch.Tensor:
        """:meth:`word_vectors` from the encoder's output ``sub`` (``[W, L, H]``): training
        on cached encoder outputs enters here."""
        flat = sub.reshape(-1, sub.shape[-1])
        gathered = flat[word_subwords]  # [N, K, H]
        logits = self.sub_attn(gathered).squeeze(-1) + (1.0 - word_mask) * NEG
        weights = torch.softmax(logits, dim=-1).unsqueeze(-1)
        words = (weights * gathered).sum(dim=1) + self.shape_emb(shape_ids)
        return self.dropout(words)

    def antecedent_scores(
        self, x: torch.Tensor, genre_id: torch.Tensor, anaphors: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Top-k candidates ``[A, k]`` and their coarse+fine scores ``[A, k]`` for the words
        ``anaphors`` (``[A]``; all ``N`` words when ``None``, as in training). Every word is
        a candidate antecedent either way, so a word's row does not depend on the others."""
        n = x.shape[0]
        k = self.config.top_k
        if anaphors is None:
            anaphors = torch.arange(n, device=x.device)
        coarse = torch.matmul(self.coarse(x)[anaphors], x.t())  # [A, N]
        rows = anaphors.unsqueeze(1)
        cols = torch.arange(n, device=x.device).unsqueeze(0)
        coarse = torch.where(cols < rows, coarse, torch.full_like(coarse, NEG))
        # k padding columns so top-k is defined however short the document is
        padding = torch.full((coarse.shape[0], k), 2 * NEG, device=x.device)
        top_scores, top = torch.topk(torch.cat([coarse, padding], dim=1), k, dim=1)
        cand = torch.clamp(top, max=n - 1)
        feats = self.dist_emb(
            distance_bucket(rows - cand, self.config.distance_buckets)
        ) + self.genre_emb(genre_id).reshape(1, 1, -1)
        hidden = self.pair.hidden_layer(x, anaphors, cand, feats)
        fine = self.pair_out(hidden).squeeze(-1)
        return top, top_scores + fine

    def span_logits(
        self, x: torch.Tensor, heads: torch.Tensor, sentence_ids: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Start and end scores ``[len(heads), 2R+1]`` of words at offsets ``-R..R``."""
        n = x.shape[0]
        r = self.config.span_radius
        offsets = torch.arange(-r, r + 1, device=x.device).unsqueeze(0)  # [1, 2R+1]
        words = heads.unsqueeze(1) + offsets  # [M, 2R+1]
        inside = (words >= 0) & (words < n)
        safe = words.clamp(min=0, max=n - 1)
        same = inside & (sentence_ids[safe] == sentence_ids[heads].unsqueeze(1))
        feats = self.rel_emb(offsets + r)  # [1, 2R+1, hidden]
        h = self.span.hidden_layer(x, heads, safe, feats)  # [M, 2R+1, hidden]
        h = torch.relu(self.span_conv(h.transpose(1, 2))).transpose(1, 2)
        logits = self.span_out(h)  # [M, 2R+1, 2]
        impossible = torch.full_like(logits[..., 0], NEG)
        start = torch.where(same & (offsets <= 0), logits[..., 0], impossible)
        end = torch.where(same & (offsets >= 0), logits[..., 1], impossible)
        return start, end

    # -- the exported graph ---------------------------------------------------------

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        word_subwords: torch.Tensor,
        word_mask: torch.Tensor,
        shape_ids: torch.Tensor,
        sentence_ids: torch.Tensor,
        genre_id: torch.Tensor,
        anaphors: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """Inference outputs (names in ``corefine.model.features.OUTPUT_NAMES``); the
        antecedents and their probabilities have one row per word of ``anaphors``."""
        sub = self.encoder(input_ids, attention_mask)
        return self.outputs(
            sub, word_subwords, word_mask, shape_ids, sentence_ids, genre_id, anaphors
        )

    def outputs(
        self,
        sub: torch.Tensor,
        word_subwords: torch.Tensor,
        word_mask: torch.Tensor,
        shape_ids: torch.Tensor,
        sentence_ids: torch.Tensor,
        genre_id: torch.Tensor,
        anaphors: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """:meth:`forward` from the encoder's output ``sub`` (``[W, L, H]``)."""
        x = self.pool(sub, word_subwords, word_mask, shape_ids)
        top, scores = self.antecedent_scores(x, genre_id, anaphors)
        with_dummy = torch.cat([torch.zeros_like(scores[:, :1]), scores], dim=1)
        probs = torch.softmax(with_dummy, dim=1)
        heads = span_heads(top, probs, anaphors, x.shape[0])
        start, end = self.span_logits(x, heads, sentence_ids)
        return top, probs, heads, start, end
