"""Train the word-level coreference model: ``python -m training.train --help``.

Recipe (docs/MODEL.md): one document per step, AdamW with a small
learning rate for the pretrained encoder and a larger one for the new layers,
linear warm-up and decay, gradient clipping; loss = marginal log-likelihood
of the gold antecedents among the top-k (+ 0.5 × pairwise BCE, as in
Dobrovolskii 2021) + cross-entropy of span start/end for gold head words.
GAP rows (``--extra-train-gap``) add a loss on their two annotated pronoun-name
pairs only (:func:`gap_loss`); ECB+ documents (``--extra-train-ecb``) a loss on the
mentions of their completely annotated sentences only, against candidates in those
sentences (:func:`masked_cluster_loss`). ``--gender-swap P`` trains, with probability P
per step, on a copy of the OntoGUM/LitBank document with its gendered words swapped
(``training.gender_swap``). Dev CoNLL F1 after every epoch, the best
checkpoint kept, early stopping.
Everything is seeded; with the same data, seed and thread count a run repeats.
``last.pt`` (model, optimizer, schedule, epoch) is written after every epoch,
and ``--resume`` continues from it: a 2.5 h training run can span sessions
that are stopped after a fixed time.

Encoders: ``--encoder NAME_OR_DIR`` (``training.encoder.load_encoder``: MiniLM by
default, or all-mpnet-base-v2) and ``--layers N`` (its first N layers); the run's
``config.json`` names both (``encoder``, ``extra.encoder_layers``), so export and
recovery rebuild the same encoder, and the tokenizer is the encoder's own.
``--cached DIR`` (``training.cache_layers``) trains on cached encoder outputs: with
``--cached-layer`` equal to the model's depth, the head alone on a frozen encoder;
with a lower one, the layers above it too. The checkpoint holds the whole encoder,
so it exports like any other.

Distillation (stage 4, docs/MODEL.md): ``--teacher DIR --kd-weight W`` adds W × the
KL divergence from the teacher's antecedent distribution (``training.teacher``) to the
student's, over the teacher's stored choices (:func:`kd_loss`); ``--silver DIR`` trains on
the teacher's clusters of unlabeled texts as on gold ones.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from corefine.corpora.gap import GapExample
from corefine.document import Cluster
from corefine.eval.evaluate import gap_decisions, read_gap_files
from corefine.eval.gap import score_gap
from corefine.model.alignment import SpecialIds, SubwordTokenizer, special_names
from corefine.model.config import ModelConfig
from corefine.model.decode import decode_clusters
from corefine.model.features import every_word
from training.cache_layers import LayerCache
from training.data import (
    Example,
    GapTarget,
    conllu_heads,
    conllu_xpos,
    epoch_draw,
    epochs_left,
    gender_swap_example,
    load_conll_examples,
    load_conllu_examples,
    load_ecbplus_examples,
    load_gap_examples,
    make_gap_example,
    masked_targets,
    strip_hyphenated_example,
)
from training.distill import (
    TeacherTargets,
    doc_words,
    match_candidates,
    silver_example,
    soft_targets,
)
from training.encoder import (
    encoder_dir,
    encoder_record,
    encoder_tokenizer,
    load_encoder,
    run_layers,
    simulate_int8,
)
from training.export_onnx import INT8_PARTS
from training.model import NEG, WordCorefModel, distance_bucket
from training.scoring import conll_scores

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def tensors(
    ex: Example, genre_id: int | None = None, device: torch.device | None = None
) -> list[torch.Tensor]:
    """The network inputs of an example as torch tensors on ``device`` (order of
    INPUT_NAMES); ``genre_id`` replaces the example's own genre."""
    arrays = ex.inputs.arrays()
    if genre_id is not None:
        arrays["genre_id"] = np.asarray([genre_id], dtype=np.int64)
    return [torch.from_numpy(np.ascontiguousarray(a)).to(device) for a in arrays.values()]


def model_device(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def encoder_output(
    model: WordCorefModel,
    ex: Example,
    ids: torch.Tensor,
    mask: torch.Tensor,
    cache: LayerCache | None = None,
) -> torch.Tensor:
    """``[W, L, H]``: the encoder's output for ``ex``'s windows; with ``cache``, the
    cached output of layer ``cache.layer`` run through the model's layers above it."""
    if cache is None:
        return model.encoder(ids, mask)
    x = torch.from_numpy(cache.features(ex.inputs.batch.input_ids)).to(ids.device).float()
    if cache.layer < len(model.encoder.encoder.layer):
        x = run_layers(model.encoder, x, mask, cache.layer)
    return x


def freeze_cached(model: WordCorefModel, layer: int) -> None:
    """Freeze what a cache of layer ``layer``'s output stands for: the embeddings, the
    layers up to it and, in MPNet, the relative position bias all layers share."""
    encoder = model.encoder
    encoder.embeddings.requires_grad_(False)
    for block in encoder.encoder.layer[:layer]:
        block.requires_grad_(False)
    shared = getattr(encoder.encoder, "relative_attention_bias", None)
    if shared is not None:
        shared.requires_grad_(False)


def example_loss(
    model: WordCorefModel,
    ex: Example,
    bce_weight: float = 0.5,
    gap_nlml_weight: float = 1.0,
    genre_id: int | None = None,
    cache: LayerCache | None = None,
    teacher: tuple[np.ndarray, np.ndarray] | None = None,
    kd_weight: float = 0.0,
    kd_temperature: float = 1.0,
    kd_values: list[float] | None = None,
) -> torch.Tensor:
    """Coreference (NLML + BCE) and span (CE) loss of one document (or GAP row).

    ``teacher``: the teacher's ``(cand, prob)`` for this document
    (:meth:`training.distill.TeacherTargets.targets`); its :func:`kd_loss` is appended to
    ``kd_values`` and added × ``kd_weight`` (with ``kd_weight`` 0 it is only measured:
    the loss and the random numbers drawn are those of a run without a teacher)."""
    device = model_device(model)
    ids, mask, word_subwords, word_mask, shapes, sentences, genre, _ = tensors(ex, genre_id, device)
    x = model.pool(encoder_output(model, ex, ids, mask, cache), word_subwords, word_mask, shapes)
    top, scores = model.antecedent_scores(x, genre)
    if ex.gap is not None:
        loss = gap_loss(ex.gap, top, scores, bce_weight, gap_nlml_weight)
    elif ex.rows is not None and ex.candidates is not None:
        loss = masked_cluster_loss(ex, top, scores, bce_weight)
    else:
        cluster = torch.from_numpy(ex.word_cluster).to(device)
        loss = cluster_loss(cluster, top, scores, bce_weight)
    if teacher is not None and ex.gap is None:
        with torch.set_grad_enabled(torch.is_grad_enabled() and kd_weight != 0):
            kd = kd_loss(model, x, genre, top, scores, *teacher, kd_temperature)
        if kd_values is not None:
            kd_values.append(kd.item())
        if kd_weight:
            loss = loss + kd_weight * kd
    heads = torch.from_numpy(np.flatnonzero(ex.span[:, 0] >= 0)).to(device)
    if len(heads):
        start, end = model.span_logits(x, heads, sentences)
        r = model.config.span_radius
        span = torch.from_numpy(ex.span).to(device)[heads]
        loss = loss + nn.functional.cross_entropy(start, span[:, 0] - heads + r)
        loss = loss + nn.functional.cross_entropy(end, span[:, 1] - heads + r)
    return loss


def cluster_loss(
    cluster: torch.Tensor, top: torch.Tensor, scores: torch.Tensor, bce_weight: float
) -> torch.Tensor:
    """−log P(gold antecedents among the top-k, or the dummy) + BCE, over every word."""
    n = cluster.shape[0]
    rows = torch.arange(n, device=scores.device).unsqueeze(1)
    valid = top < rows
    same = cluster[top.clamp(max=n - 1)] == cluster.unsqueeze(1)
    gold = valid & same & (cluster.unsqueeze(1) >= 0)
    gold = torch.cat([~gold.any(dim=1, keepdim=True), gold], dim=1)
    all_scores = torch.cat([scores.new_zeros(n, 1), scores], dim=1)
    log_norm = torch.logsumexp(all_scores, dim=1)
    log_gold = torch.logsumexp(all_scores.masked_fill(~gold, NEG), dim=1)
    loss = (log_norm - log_gold).mean()
    bce = nn.functional.binary_cross_entropy_with_logits(all_scores, gold.to(torch.float32))
    return loss + bce_weight * bce


def masked_cluster_loss(
    ex: Example, top: torch.Tensor, scores: torch.Tensor, bce_weight: float
) -> torch.Tensor:
    """:func:`cluster_loss` of a partly annotated document (ECB+): over ``ex.rows`` only,
    each in a softmax over the dummy and its top-k words that are ``ex.candidates``
    (:func:`training.data.masked_targets`); the BCE over those same entries. Words
    outside the candidates are neither gold nor negatives."""
    assert ex.rows is not None and ex.candidates is not None
    words, gold_np, allowed_np = masked_targets(
        ex.word_cluster, top.detach().cpu().numpy(), ex.rows, ex.candidates
    )
    if not len(words):
        return scores.sum() * 0.0
    device = scores.device
    rows = torch.from_numpy(words).to(device)
    gold = torch.from_numpy(gold_np).to(device)
    allowed = torch.from_numpy(allowed_np).to(device)
    all_scores = torch.cat([scores.new_zeros(len(words), 1), scores[rows]], dim=1)
    masked = all_scores.masked_fill(~allowed, NEG)
    log_norm = torch.logsumexp(masked, dim=1)
    log_gold = torch.logsumexp(masked.masked_fill(~gold, NEG), dim=1)
    loss = (log_norm - log_gold).mean()
    bce = nn.functional.binary_cross_entropy_with_logits(
        all_scores[allowed], gold[allowed].to(torch.float32)
    )
    return loss + bce_weight * bce


def candidate_scores(
    model: WordCorefModel,
    x: torch.Tensor,
    genre_id: torch.Tensor,
    anaphor: torch.Tensor,
    antecedent: torch.Tensor,
) -> torch.Tensor:
    """``[P]``: the coarse + fine score of each pair (``anaphor[p]``, ``antecedent[p]``),
    the function :meth:`WordCorefModel.antecedent_scores` computes for its top-k, for
    pairs outside it. Without dropout, so it draws no random numbers (in eval mode the
    two agree)."""
    pair = model.pair
    coarse = (model.coarse(x)[anaphor] * x[antecedent]).sum(-1)
    feats = model.dist_emb(
        distance_bucket(anaphor - antecedent, model.config.distance_buckets)
    ) + model.genre_emb(genre_id).reshape(1, -1)
    px = pair.p(x)
    h = pair.a(x)[anaphor] + pair.b(x)[antecedent] + pair.c(px[anaphor] * px[antecedent])
    return coarse + model.pair_out(pair.act(h + feats)).squeeze(-1)


def kd_loss(
    model: WordCorefModel,
    x: torch.Tensor,
    genre_id: torch.Tensor,
    top: torch.Tensor,
    scores: torch.Tensor,
    cand: np.ndarray,
    prob: np.ndarray,
    temperature: float = 1.0,
) -> torch.Tensor:
    """KL(teacher ‖ student) over the teacher's choices, mean over the document's words,
    × T² (Hinton et al. 2015, so that its gradient keeps its scale at any temperature).

    The teacher's side: its stored probabilities of ``cand`` (the dummy and up to k
    earlier words) renormalised at ``temperature`` (:func:`training.distill.soft_targets`).
    The student's side: its log-softmax at ``temperature`` over the dummy, its own
    coarse top-k and the teacher's choices outside that top-k, scored on purpose
    (:func:`candidate_scores`): the student's top-k takes the teacher's candidates in,
    so each has a score, and the mass the student puts on words the teacher did not
    choose counts against it.
    """
    n, k = scores.shape
    device = scores.device
    col = torch.from_numpy(match_candidates(top.detach().cpu().numpy(), cand)).to(device)
    outside = torch.nonzero(col > k)
    extra = scores.new_full(cand.shape, NEG)
    if len(outside):
        rows, slots = outside[:, 0], outside[:, 1]
        antecedent = torch.from_numpy(cand).to(device)[rows, slots]
        pairs = candidate_scores(model, x, genre_id, rows, antecedent)
        extra = extra.index_put((rows, slots), pairs)
    union = torch.cat([scores.new_zeros(n, 1), scores, extra], dim=1) / temperature
    log_q = torch.log_softmax(union, dim=1).gather(1, col.clamp(min=0))
    target = torch.from_numpy(soft_targets(prob, temperature)).to(device, scores.dtype)
    used = (col >= 0) & (target > 0)
    log_p = torch.log(target.clamp_min(1e-30))
    kl = torch.where(used, target * (log_p - log_q), torch.zeros_like(log_q)).sum(dim=1)
    return kl.mean() * temperature**2


def gap_loss(
    target: GapTarget,
    top: torch.Tensor,
    scores: torch.Tensor,
    bce_weight: float,
    nlml_weight: float = 1.0,
) -> torch.Tensor:
    """Loss on the two pronoun-name pairs a GAP row annotates, nothing else.

    Each pair is scored from its later word (the anaphor) if the earlier one is
    among that word's top-k: BCE towards the GAP label (weighted like the
    cluster loss's BCE), and, when the pronoun is the anaphor of a coreferent
    name, ``nlml_weight`` × −log P(that name) over the pronoun's antecedents
    (measured: GAP validation +1.5 over BCE alone, OntoGUM dev −0.6; model
    card). Why no more: GAP
    says nothing about the other words, and a pronoun that refers to neither
    name may still refer to someone else, so "no antecedent" is never a target.
    """
    loss = scores.new_zeros(())
    gold_cols = []
    for name, coref in zip(target.names, target.coref, strict=True):
        later, earlier = max(name, target.pronoun), min(name, target.pronoun)
        hit = torch.nonzero(top[later] == earlier)
        if not len(hit):
            continue
        col = int(hit[0, 0])
        label = scores.new_tensor(float(coref))
        bce = nn.functional.binary_cross_entropy_with_logits(scores[later, col], label)
        loss = loss + bce_weight * bce
        if coref and later == target.pronoun:
            gold_cols.append(col + 1)
    if gold_cols and nlml_weight:
        row = torch.cat([scores.new_zeros(1), scores[target.pronoun]])
        nlml = torch.logsumexp(row, 0) - torch.logsumexp(row[gold_cols], 0)
        loss = loss + nlml_weight * nlml
    return loss


@torch.no_grad()
def predict(
    model: WordCorefModel,
    ex: Example,
    min_prob: float = 0.0,
    genre: str | None = None,
    cache: LayerCache | None = None,
) -> list[Cluster]:
    """Clusters from the torch model, decoded exactly like the ONNX predictor does
    (told ``genre``, default: the example's own; ``cache``: on cached encoder outputs)."""
    model.eval()
    genre_id = None if genre is None else model.config.genre_id(genre)
    ids, mask, *rest = tensors(ex, genre_id, model_device(model))
    outputs = model.outputs(encoder_output(model, ex, ids, mask, cache), *rest)
    top, probs, heads, start, end = (t.cpu().numpy() for t in outputs)
    top, probs = every_word(ex.inputs.anaphors, top, probs, ex.inputs.n_words)
    return decode_clusters(
        ex.doc.text,
        ex.doc.tokens,
        ex.inputs.sentence_ids,
        top,
        probs,
        heads,
        start,
        end,
        model.config.span_radius,
        min_prob,
    )


def evaluate(
    model: WordCorefModel,
    examples: Sequence[Example],
    genre: str | None = None,
    cache: LayerCache | None = None,
) -> dict[str, float]:
    """CoNLL scores on ``examples`` (told ``genre``, default: each one's own) and
    decoding speed (words per second)."""
    t = time.perf_counter()
    pairs = [(ex.gold, predict(model, ex, genre=genre, cache=cache)) for ex in examples]
    seconds = time.perf_counter() - t
    out = conll_scores(pairs)
    out["words_per_s"] = sum(ex.inputs.n_words for ex in examples) / max(seconds, 1e-9)
    return out


def evaluate_gap(
    model: WordCorefModel,
    rows: Sequence[GapExample],
    config: ModelConfig,
    tokenizer: SubwordTokenizer,
) -> float:
    """GAP F1 of the torch model, decided like ``corefine evaluate --format gap``."""
    predictions: dict[str, tuple[bool, bool]] = {}
    special = SpecialIds.from_tokenizer(tokenizer)
    for row in rows:
        ex = make_gap_example(row, tokenizer, config, special)
        if ex is not None:
            system = dataclasses.replace(ex.doc, clusters=predict(model, ex))
            predictions[row.id] = gap_decisions(row, system)
    return score_gap(rows, predictions).overall.f1


def select_layers(state: dict[str, torch.Tensor], layers: Sequence[int]) -> dict[str, torch.Tensor]:
    """``state`` with only encoder ``layers`` of it, renumbered 0, 1, …: a shallower
    student initialised from a trained model (every other layer, as DistilBERT does)."""
    pattern = re.compile(r"^(encoder\.encoder\.layer\.)(\d+)\.(.*)$")
    out: dict[str, torch.Tensor] = {}
    for name, tensor in state.items():
        m = pattern.match(name)
        if m is None:
            out[name] = tensor
        elif int(m.group(2)) in layers:
            out[f"{m.group(1)}{layers.index(int(m.group(2)))}.{m.group(3)}"] = tensor
    return out


def build_model(config: ModelConfig, seed: int) -> WordCorefModel:
    """The model on the pretrained encoder ``config`` names (``encoder``, and its first
    ``extra.encoder_layers`` layers)."""
    torch.manual_seed(seed)
    layers = config.extra.get("encoder_layers")
    return WordCorefModel(load_encoder(config.encoder, layers), config)


def optimizer_for(
    model: WordCorefModel, encoder_lr: float, head_lr: float, steps: int, warmup: float
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW over the trainable parameters (a frozen part of a cached encoder is left
    out), warm-up then linear decay."""
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    enc = [p for n, p in params if n.startswith("encoder.")]
    rest = [p for n, p in params if not n.startswith("encoder.")]
    opt = torch.optim.AdamW(
        [{"params": enc, "lr": encoder_lr}, {"params": rest, "lr": head_lr}], weight_decay=0.01
    )
    warm = max(1, int(steps * warmup))

    def schedule(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (steps - step) / max(1, steps - warm))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, schedule)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", nargs="+", default=[str(DATA / "gum/ontogum/train")])
    ap.add_argument(
        "--extra-train-conll",
        nargs="*",
        default=[],
        help="CoNLL-2012 dirs (LitBank) added to the training documents, singletons dropped",
    )
    ap.add_argument(
        "--extra-conll-fraction",
        type=float,
        default=1.0,
        help="train each epoch on this fraction of the --extra-train-conll documents, drawn "
        "anew every epoch (seeded): LitBank at a CPU cost that fits the 2.5 h budget",
    )
    ap.add_argument(
        "--extra-train-gap",
        nargs="*",
        default=[],
        help="GAP .tsv files added as pronoun-only supervision (see gap_loss)",
    )
    ap.add_argument(
        "--extra-train-ecb",
        default=None,
        help="the ECB+ corpus folder (xml/ and ECBplus_coreference_sentences.csv): its "
        "documents as extra training documents, with a loss only on the mentions of their "
        "completely annotated sentences (masked_cluster_loss)",
    )
    ap.add_argument(
        "--extra-ecb-fraction",
        type=float,
        default=1.0,
        help="train each epoch on this fraction of the --extra-train-ecb documents, drawn "
        "anew every epoch (seeded)",
    )
    ap.add_argument(
        "--gender-swap",
        type=float,
        default=0.0,
        help="probability that a training document (OntoGUM, --extra-train-conll) is read "
        "as a copy with its gendered pronouns, nouns, titles and first names swapped "
        "(training.gender_swap), drawn anew every epoch",
    )
    ap.add_argument("--gap-batch", type=int, default=8, help="GAP rows per update step")
    ap.add_argument("--gap-weight", type=float, default=1.0, help="weight of a GAP step's loss")
    ap.add_argument(
        "--gap-nlml-weight",
        type=float,
        default=1.0,
        help="weight of −log P(coreferent name) in a GAP row's loss (0: pair BCE only)",
    )
    ap.add_argument(
        "--dev-gap", nargs="*", default=[], help="GAP .tsv files scored after every epoch"
    )
    ap.add_argument("--dev", nargs="+", default=[str(DATA / "gum/ontogum/dev")])
    ap.add_argument(
        "--dev-conll",
        nargs="*",
        default=[],
        help="CoNLL-2012 dirs (LitBank dev) also scored after every epoch, singletons "
        "dropped; logged as dev_conll_*, not used to pick the checkpoint",
    )
    ap.add_argument(
        "--genre-dropout",
        type=float,
        default=0.0,
        help="probability that a training document is given genre 'unknown' instead of its own",
    )
    ap.add_argument(
        "--strip-hyphenated",
        type=float,
        default=0.0,
        help="probability that a training document is read with its hyphenated words "
        "stripped to spaces (the messy news form, training.data.strip_hyphenated_example)",
    )
    ap.add_argument(
        "--dev-genre",
        default=None,
        help="genre every dev document is given (default: its own); also the model's "
        "default genre at inference",
    )
    ap.add_argument("--max-train-docs", type=int, default=0, help="0: all")
    ap.add_argument("--max-dev-docs", type=int, default=0, help="0: all")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--max-minutes", type=float, default=150.0, help="stop training after this")
    ap.add_argument(
        "--stop-after-epoch",
        type=int,
        default=0,
        help="end after this epoch of the --epochs schedule (0: run it all); the learning rate "
        "still decays over --epochs, so the weights equal that epoch of the full run",
    )
    ap.add_argument("--patience", type=int, default=3, help="epochs without dev gain")
    ap.add_argument("--encoder-lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--encoder",
        default=ModelConfig.encoder,
        help="pretrained encoder: a name under training.encoder.ENCODERS (all-MiniLM-L6-v2, "
        "all-mpnet-base-v2) or a model folder; recorded in the run's config.json",
    )
    ap.add_argument(
        "--encoder-layers",
        "--layers",
        type=int,
        default=0,
        help="keep the first N encoder layers (0: all)",
    )
    ap.add_argument(
        "--cached",
        default=None,
        help="a training.cache_layers folder of this encoder's outputs: train on them "
        "(OntoGUM/LitBank documents only; no GAP, stripping or int8 simulation)",
    )
    ap.add_argument(
        "--cached-layer",
        type=int,
        default=None,
        help="with --cached: the cached layer to read (default: the cache's only one); "
        "equal to the model's depth: head only, encoder frozen; lower: the layers above "
        "it are trained too, those below frozen",
    )
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument(
        "--device",
        default="cpu",
        help="torch device to train on ('cuda' where there is one); the shipped recipe is "
        "the CPU's, a GPU explores faster",
    )
    ap.add_argument("--out", default="runs/model")
    ap.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    ap.add_argument(
        "--init-from", default=None, help="start from these weights (a model.pt), new schedule"
    )
    ap.add_argument(
        "--unknown-genre-from-mean",
        action="store_true",
        help="with --init-from: start the 'unknown' genre row at the mean of the other rows "
        "(a model trained on gold genres never updated it)",
    )
    ap.add_argument(
        "--init-layers",
        default=None,
        help="with --init-from and --encoder-layers: the checkpoint's encoder layers to keep, "
        "comma-separated, in order (default: the first ones)",
    )
    ap.add_argument("--top-k", type=int, default=ModelConfig.top_k, help="antecedent candidates")
    ap.add_argument(
        "--window", type=int, default=ModelConfig.max_subwords, help="subwords per encoder window"
    )
    ap.add_argument(
        "--stride", type=int, default=ModelConfig.stride, help="subwords between window starts"
    )
    ap.add_argument(
        "--simulate-int8",
        action="store_true",
        help="train through the rounding of int8 encoder MatMuls (quantization-aware); "
        "the export then quantizes them all",
    )
    ap.add_argument(
        "--teacher",
        nargs="*",
        default=[],
        help="training.teacher folders: add --kd-weight × KL(teacher ‖ student) over the "
        "teacher's antecedent choices (a document's from the first folder that has it); "
        "documents they lack (and stripped variants, GAP rows) get no KL term",
    )
    ap.add_argument("--kd-weight", type=float, default=1.0, help="with --teacher")
    ap.add_argument(
        "--kd-temperature", type=float, default=1.0, help="with --teacher: softmax temperature"
    )
    ap.add_argument(
        "--silver",
        nargs="*",
        default=[],
        help="training.teacher folders: train on the teacher's clusters of their unlabeled "
        "texts (silver targets) like on gold documents",
    )
    ap.add_argument(
        "--silver-fraction",
        type=float,
        default=1.0,
        help="train each epoch on this fraction of the --silver documents, drawn anew",
    )
    ap.add_argument("--silver-weight", type=float, default=1.0, help="weight of a silver step")
    args = ap.parse_args(argv)
    if args.cached and (
        args.extra_train_gap or args.dev_gap or args.strip_hyphenated or args.simulate_int8
    ):
        ap.error("--cached trains on cached documents only: no GAP, stripping or int8 simulation")
    if args.cached and (args.extra_train_ecb or args.gender_swap):
        ap.error("--cached trains on cached documents only: no ECB+ or gender-swapped texts")

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    extra: dict[str, object] = {}
    if args.encoder_layers:
        extra["encoder_layers"] = args.encoder_layers
    if args.simulate_int8:
        extra["int8_parts"] = list(INT8_PARTS)
    tokenizer = encoder_tokenizer(args.encoder)
    encoder_config = json.loads((encoder_dir(args.encoder) / "config.json").read_text("utf-8"))
    config = ModelConfig(
        max_subwords=args.window,
        stride=args.stride,
        top_k=args.top_k,
        hidden_size=int(encoder_config["hidden_size"]),
        default_genre=args.dev_genre or ModelConfig.default_genre,
        encoder=encoder_record(args.encoder),
        removed_word_token=special_names(tokenizer)["mask"],
        extra=extra,
    )

    def files(dirs: Sequence[str], suffix: str = ".conllu") -> list[Path]:
        return sorted(p for d in dirs for p in Path(d).glob("*" + suffix))

    train = load_conllu_examples(files(args.train), tokenizer, config)
    dev = load_conllu_examples(files(args.dev), tokenizer, config)
    dev_conll = load_conll_examples(files(args.dev_conll, ".conll"), tokenizer, config)
    if args.max_train_docs:
        train = random.Random(args.seed).sample(train, min(args.max_train_docs, len(train)))
    extra_docs = load_conll_examples(files(args.extra_train_conll, ".conll"), tokenizer, config)
    extra_per_epoch = len(epoch_draw(extra_docs, args.extra_conll_fraction, args.seed, 1))
    silver_special = SpecialIds.from_tokenizer(tokenizer)
    silver = [
        silver_example(record, tokenizer, config, silver_special)
        for folder in args.silver
        for record in TeacherTargets.open(folder).silver_records()
    ]
    silver_seed = args.seed * 31 + 7  # not the extra CoNLL draw's
    silver_per_epoch = len(epoch_draw(silver, args.silver_fraction, silver_seed, 1))
    silver_ids = {id(ex) for ex in silver}
    ecb = (
        load_ecbplus_examples(args.extra_train_ecb, tokenizer, config)
        if args.extra_train_ecb
        else []
    )
    ecb_seed = args.seed * 53 + 3  # not the other draws'
    ecb_per_epoch = len(epoch_draw(ecb, args.extra_ecb_fraction, ecb_seed, 1)) if ecb else 0
    gap = load_gap_examples(args.extra_train_gap, tokenizer, config)
    # a GAP row carries two labelled pairs, a document hundreds: GAP rows are batched so
    # that 2,000 of them do not outweigh 177 documents in update steps
    gap_steps = [gap[i : i + args.gap_batch] for i in range(0, len(gap), args.gap_batch)]

    def epoch_steps(epoch: int) -> list[list[Example]]:
        """The update steps of ``epoch``, unshuffled: every training document, the
        epoch's draw of extra CoNLL documents, the GAP batches."""
        extra = epoch_draw(extra_docs, args.extra_conll_fraction, args.seed, epoch)
        if silver:
            extra = extra + epoch_draw(silver, args.silver_fraction, silver_seed, epoch)
        if ecb:
            extra = extra + epoch_draw(ecb, args.extra_ecb_fraction, ecb_seed, epoch)
        return [[ex] for ex in train + extra] + gap_steps

    steps_per_epoch = len(train) + extra_per_epoch + silver_per_epoch + len(gap_steps)
    steps_per_epoch += ecb_per_epoch
    # gender swaps: the documents that have a swapped form, with their gold heads and tags
    swappable: dict[int, tuple[list[int] | None, list[str] | None]] = {}
    if args.gender_swap:
        syntax: dict[str, tuple[list[int], list[str]]] = {}
        for path in files(args.train):
            tags = conllu_xpos(path)
            for name, heads in conllu_heads(path).items():
                syntax[name] = (heads, tags.get(name, []))
        for ex in train:
            swappable[id(ex)] = syntax.get(ex.gold.name, (None, None))
        for ex in extra_docs:
            swappable[id(ex)] = (None, None)
    swap_special = SpecialIds.from_tokenizer(tokenizer)
    stripped: dict[int, Example] = {}
    if args.strip_hyphenated:
        special = SpecialIds.from_tokenizer(tokenizer)
        for ex in train + extra_docs:
            variant = strip_hyphenated_example(ex, tokenizer, config, special)
            if variant is not None:
                stripped[id(ex)] = variant
    dev_gap = read_gap_files(map(Path, args.dev_gap))
    if args.max_dev_docs:
        dev = dev[: args.max_dev_docs]
    log = (out / "log.jsonl").open("a", encoding="utf-8")
    print(
        f"{len(train)} train docs, {len(extra_docs)} extra CoNLL docs "
        f"({extra_per_epoch} per epoch), {len(gap)} GAP rows, {len(dev)} dev docs, "
        f"{len(dev_gap)} dev GAP rows",
        flush=True,
    )
    if silver:
        print(f"{len(silver)} silver docs ({silver_per_epoch} per epoch)", flush=True)
    if ecb:
        rows = sum(int(ex.rows.sum()) for ex in ecb if ex.rows is not None)
        print(
            f"{len(ecb)} ECB+ docs ({ecb_per_epoch} per epoch), {rows} mentions with a loss",
            flush=True,
        )
    if args.gender_swap:
        print(
            f"gender swaps: p {args.gender_swap} for each of {len(swappable)} documents",
            flush=True,
        )
    kd_targets: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    if args.teacher:
        teachers = [TeacherTargets.open(folder) for folder in args.teacher]
        for ex in train + extra_docs + silver:
            for teacher in teachers:
                found = teacher.targets(doc_words(ex.doc))
                if found is not None:
                    kd_targets[id(ex)] = found
                    break
        absent = len(train) + len(extra_docs) + len(silver) - len(kd_targets)
        print(
            f"teacher {' '.join(args.teacher)}: targets for {len(kd_targets)} training docs, "
            f"{absent} without (no KL term); kd weight {args.kd_weight}, "
            f"temperature {args.kd_temperature}",
            flush=True,
        )

    model = build_model(config, args.seed)
    cache = None
    if args.cached:
        cache = LayerCache.open(args.cached, args.cached_layer)
        depth = len(model.encoder.encoder.layer)
        try:
            cache.check_model(args.encoder, depth)
        except ValueError as err:
            ap.error(str(err))
        freeze_cached(model, cache.layer)
        # every document is in the cache, or stop now rather than in epoch 3
        cached_docs = train + dev + dev_conll + extra_docs + silver
        missing = [ex.name for ex in cached_docs if not cache.has(ex)]
        if missing:
            ap.error(f"{len(missing)} documents are not in {args.cached}: {missing[:5]} …")
        above = (
            f"layer {depth}" if cache.layer + 1 == depth else f"layers {cache.layer + 1}-{depth}"
        )
        trained = "the head only" if cache.layer == depth else f"{above} and the head"
        print(f"cached layer {cache.layer} of {args.cached}: training {trained}", flush=True)
    if args.init_from:
        state = torch.load(args.init_from, map_location="cpu", weights_only=True)
        if args.encoder_layers:
            keep = args.init_layers or ",".join(map(str, range(args.encoder_layers)))
            state = select_layers(state, [int(n) for n in keep.split(",")])
        if args.unknown_genre_from_mean:
            rows = state["genre_emb.weight"]
            rows[0] = rows[1:].mean(0)
        model.load_state_dict(state)
    if args.simulate_int8:
        simulate_int8(model.encoder)
    model.to(args.device)
    opt, sched = optimizer_for(
        model, args.encoder_lr, args.head_lr, args.epochs * steps_per_epoch, args.warmup
    )
    config.to_json(out / "config.json")
    # the model card must list the training documents (GUM licenses differ by genre)
    names = sorted(ex.name for ex in train + extra_docs) + [
        f"GAP:{path}" for path in args.extra_train_gap
    ]
    names += [f"silver:{ex.name}" for ex in silver]
    names += [f"ECB+:{ex.name}" for ex in ecb]
    (out / "train_docs.json").write_text(json.dumps(names, indent=1) + "\n", encoding="utf-8")
    if args.teacher or silver:
        distill = {
            "teacher": [str(Path(d).resolve()) for d in args.teacher],
            "kd_weight": args.kd_weight if args.teacher else None,
            "kd_temperature": args.kd_temperature if args.teacher else None,
            "kd_docs": len(kd_targets),
            "silver": [str(Path(d).resolve()) for d in args.silver],
            "silver_docs": len(silver),
            "silver_fraction": args.silver_fraction,
            "silver_weight": args.silver_weight,
        }
        text = json.dumps(distill, indent=1) + "\n"
        (out / "distill.json").write_text(text, encoding="utf-8")
    best, stale, first_epoch, started = -1.0, 0, 1, time.perf_counter()
    if args.resume and (out / "last.pt").is_file():
        state = torch.load(out / "last.pt", map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        best, stale, first_epoch = state["best"], state["stale"], state["epoch"] + 1
        torch.set_rng_state(state["torch_rng"])
        print(f"resumed after epoch {state['epoch']} (best dev CoNLL F1 {best:.2f})", flush=True)
    schedule = epochs_left(first_epoch, args.epochs, args.stop_after_epoch, stale, args.patience)
    if not schedule:
        print("nothing left to train: the run had ended", flush=True)
    for epoch in schedule:
        model.train()
        steps = epoch_steps(epoch)
        order = list(range(len(steps)))
        random.Random(args.seed + epoch).shuffle(order)
        drop = random.Random(args.seed * 1000 + epoch)
        strip = random.Random(args.seed * 2000 + epoch)
        gender = random.Random(args.seed * 3000 + epoch)
        t0, total, done = time.perf_counter(), 0.0, 0
        kd_values: list[float] = []
        swaps = 0
        for i in order:
            batch = steps[i]
            if stripped and strip.random() < args.strip_hyphenated:
                batch = [stripped.get(id(ex), ex) for ex in batch]
            source = steps[i][0]
            if id(source) in swappable and gender.random() < args.gender_swap:
                heads, tags = swappable[id(source)]
                swapped = gender_swap_example(
                    source, gender, tokenizer, config, heads, tags, swap_special
                )
                batch = [swapped]  # the clean text swapped, not its stripped form
                swaps += 1
            genre_id = 0 if drop.random() < args.genre_dropout else None
            losses = [
                example_loss(
                    model,
                    ex,
                    gap_nlml_weight=args.gap_nlml_weight,
                    genre_id=genre_id,
                    cache=cache,
                    teacher=kd_targets.get(id(ex)),
                    kd_weight=args.kd_weight,
                    kd_temperature=args.kd_temperature,
                    kd_values=kd_values,
                )
                for ex in batch
            ]
            loss = sum(losses) / len(batch)
            if batch[0].gap is not None:
                loss = loss * args.gap_weight
            elif id(batch[0]) in silver_ids and args.silver_weight != 1.0:
                loss = loss * args.silver_weight
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            done += 1
            if (time.perf_counter() - started) / 60 > args.max_minutes:
                break
        train_s = time.perf_counter() - t0
        scores = evaluate(model, dev, args.dev_genre, cache)
        record = {
            "epoch": epoch,
            "loss": total / max(1, done),
            "train_s_per_step": train_s / max(1, done),
            **{f"dev_{k}": round(v, 3) for k, v in scores.items()},
        }
        if args.gender_swap:
            record["gender_swapped_docs"] = swaps
        if args.teacher:  # unweighted mean KL over the steps that had teacher targets
            record["kd"] = sum(kd_values) / max(1, len(kd_values))
            record["kd_docs"] = len(kd_values)
        if dev_conll:
            extra_scores = evaluate(model, dev_conll, cache=cache)
            record.update({f"dev_conll_{k}": round(v, 3) for k, v in extra_scores.items()})
        if dev_gap:
            record["dev_gap_f1"] = round(evaluate_gap(model, dev_gap, config, tokenizer), 3)
        print(json.dumps(record), flush=True)
        log.write(json.dumps(record) + "\n")
        log.flush()
        if scores["conll"] > best:
            best, stale = scores["conll"], 0
            torch.save(model.state_dict(), out / "model.pt")
        else:
            stale += 1
        last = {
            "model": model.state_dict(),
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
            "epoch": epoch,
            "best": best,
            "stale": stale,
            "torch_rng": torch.get_rng_state(),
        }
        torch.save(last, out / "last.pt")
        out_of_time = (time.perf_counter() - started) / 60 > args.max_minutes
        if stale >= args.patience or out_of_time:
            break
    print(f"best dev CoNLL F1 {best:.2f}; checkpoint {out / 'model.pt'}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
