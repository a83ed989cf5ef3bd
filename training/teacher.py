"""Write a trained model's antecedent distributions as distillation targets (stage 4 of
the MPNet plan, docs/MODEL.md): ``python -m training.teacher RUN --out DIR``.

``RUN`` is a ``train.py`` run folder (``config.json``, ``model.pt``): the teacher. For
every training document (OntoGUM train as ``train.py`` reads it, and the
``--extra-train-conll`` corpora) it keeps each word's ``--top-k`` most probable choices
among its antecedent candidates and "no antecedent", with their probabilities
(eval mode, the document's own genre; every word, as the student's loss scores every
word). ``--cached CACHE --cached-layer K`` reads layer K's cached output and runs the
layers above it, exactly as ``train.py --cached`` does (a document the cache lacks, an
unlabeled text for instance, runs through the whole encoder). ``--texts FILE``
(``.csv`` with a ``text`` column, or ``.jsonl``) adds unlabeled texts: for those the
teacher's clusters are kept as well (silver targets), decoded as its predictions are,
for ``train.py --silver DIR``. The folder's format and keys: :mod:`training.distill`.
Resumable per document (``--resume``), ``--max-minutes`` stops between documents.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch

from corefine.model.alignment import SpecialIds
from corefine.model.config import ModelConfig
from corefine.model.features import ModelInputs, encode_document, every_word
from corefine.tokenizer import make_document
from training.cache_layers import LayerCache, window_key
from training.data import load_conll_examples, load_conllu_examples
from training.distill import (
    FORMAT,
    TeacherDoc,
    TeacherOutput,
    doc_words,
    read_ids,
    read_texts,
    silver_mentions,
    top_choices,
    write_targets,
)
from training.encoder import encoder_tokenizer, load_encoder, run_layers
from training.model import WordCorefModel

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# the news pronoun gold set (64 articles of fake_or_real_news_256.csv, half of them a test
# split that is never tuned on): left out of --texts unless --exclude-texts says otherwise
NEWS_GOLD = Path(__file__).resolve().parents[1] / "data" / "news_pronouns" / "articles.json"


def load_run(run: str | Path, device: str = "cpu") -> tuple[WordCorefModel, ModelConfig]:
    """The model of a ``train.py`` run folder (its ``model.pt``, the best checkpoint), in
    eval mode: the encoder its ``config.json`` names, built without reading pretrained
    weights, then the checkpoint loaded into it."""
    run = Path(run)
    config = ModelConfig.from_json(run / "config.json")
    encoder = load_encoder(config.encoder, config.extra.get("encoder_layers"), pretrained=False)
    model = WordCorefModel(encoder, config)
    state = torch.load(run / "model.pt", map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return model.to(device).eval(), config


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


@torch.no_grad()
def teacher_outputs(
    model: WordCorefModel,
    inputs: ModelInputs,
    genre_id: int,
    k: int,
    cache: LayerCache | None = None,
    silver: bool = False,
    words: Sequence[str] = (),
) -> tuple[TeacherOutput, bool]:
    """The teacher's top ``k`` choices for every word of a document (and, ``silver``,
    its clusters as :func:`training.distill.silver_mentions`); whether the cache served
    the encoder's part."""
    device = next(model.parameters()).device
    arrays = inputs.arrays()
    arrays["genre_id"] = np.asarray([genre_id], dtype=np.int64)
    ids, mask, subwords, word_mask, shapes, sentences, genre, anaphors = (
        torch.from_numpy(np.ascontiguousarray(a)).to(device) for a in arrays.values()
    )
    cached = cache is not None and window_key(inputs.batch.input_ids) in cache.files
    if cached:
        assert cache is not None
        sub = torch.from_numpy(cache.features(inputs.batch.input_ids)).to(device).float()
        if cache.layer < len(model.encoder.encoder.layer):
            sub = run_layers(model.encoder, sub, mask, cache.layer)
    else:
        sub = model.encoder(ids, mask)
    n = inputs.n_words
    every = torch.arange(n, device=device)
    top, probs, *_ = model.outputs(sub, subwords, word_mask, shapes, sentences, genre, every)
    cand, prob = top_choices(top.cpu().numpy(), probs.cpu().numpy(), k)
    mentions = None
    if silver:  # decoded as predict() does: antecedents for the graph's anaphor words only
        outs = model.outputs(sub, subwords, word_mask, shapes, sentences, genre, anaphors)
        a_top, a_probs, heads, start, end = (t.cpu().numpy() for t in outs)
        a_top, a_probs = every_word(inputs.anaphors, a_top, a_probs, n)
        mentions = silver_mentions(
            a_top,
            a_probs,
            heads,
            start,
            end,
            inputs.sentence_ids,
            words,
            model.config.span_radius,
        )
    return TeacherOutput(cand, prob, mentions), cached


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", help="the teacher: a train.py run folder (config.json, model.pt)")
    ap.add_argument("--out", required=True, help="the teacher folder to write")
    ap.add_argument("--top-k", type=int, default=8, help="choices kept per word, dummy included")
    ap.add_argument("--train", nargs="*", default=[str(DATA / "gum/ontogum/train")])
    ap.add_argument(
        "--extra-train-conll",
        nargs="*",
        default=[],
        help="CoNLL-2012 dirs (LitBank train), read as train.py reads them",
    )
    ap.add_argument(
        "--texts",
        nargs="*",
        default=[],
        help="unlabeled texts (.csv with a 'text' column, or .jsonl): targets and silver clusters",
    )
    ap.add_argument("--max-texts", type=int, default=0, help="first N texts of each file (0: all)")
    ap.add_argument("--texts-genre", default="news", help="genre of a text that names none")
    ap.add_argument(
        "--exclude-texts",
        nargs="*",
        default=[str(NEWS_GOLD)],
        help="files of text ids to leave out of --texts (training.distill.read_ids); "
        "default: the news pronoun gold set's articles",
    )
    ap.add_argument(
        "--max-docs", type=int, default=0, help="first N documents of each set (0: all)"
    )
    ap.add_argument("--cached", default=None, help="a training.cache_layers folder (as train.py)")
    ap.add_argument("--cached-layer", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--resume", action="store_true", help="continue the folder --out")
    ap.add_argument("--max-minutes", type=float, default=0.0, help="stop after this (0: never)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    run = Path(args.run)
    model, config = load_run(run, args.device)
    tokenizer = encoder_tokenizer(config.encoder)
    special = SpecialIds.from_tokenizer(tokenizer)
    cache = None
    if args.cached:
        cache = LayerCache.open(args.cached, args.cached_layer)
        try:
            cache.check_model(config.encoder, len(model.encoder.encoder.layer))
        except ValueError as err:
            ap.error(str(err))
    header = {
        "format": FORMAT,
        "teacher": str(run.resolve()),
        "model_sha256": sha256_file(run / "model.pt"),
        "config": json.loads((run / "config.json").read_text(encoding="utf-8")),
        "top_k": args.top_k,
        "cached": str(Path(args.cached).resolve()) if args.cached else None,
        "cached_layer": cache.layer if cache else None,
    }

    def files(dirs: Sequence[str], suffix: str) -> list[Path]:
        return sorted(p for d in dirs for p in Path(d).glob("*" + suffix))

    def first(items: list, limit: int) -> list:
        return items[:limit] if limit else items

    def docs() -> Iterator[TeacherDoc]:
        train = load_conllu_examples(files(args.train, ".conllu"), tokenizer, config)
        for ex in first(train, args.max_docs):
            yield TeacherDoc("train", ex.name, doc_words(ex.doc), (ex.inputs, ex.genre))
        extra = load_conll_examples(files(args.extra_train_conll, ".conll"), tokenizer, config)
        for ex in first(extra, args.max_docs):
            yield TeacherDoc("extra", ex.name, doc_words(ex.doc), (ex.inputs, ex.genre))
        for path in args.texts:
            for name, text, genre in read_texts(path, args.max_texts, excluded):
                doc = make_document(text, name=name)
                genre = genre or args.texts_genre
                inputs = encode_document(doc, tokenizer, config, special, genre)
                yield TeacherDoc("texts", name, doc_words(doc), (inputs, genre), text, genre)

    excluded = {i for path in args.exclude_texts for i in read_ids(path)}
    if args.texts:
        print(f"{len(excluded)} text ids excluded ({', '.join(args.exclude_texts)})", flush=True)
    counts = {"cached": 0, "uncached": 0}

    def compute(doc: TeacherDoc) -> TeacherOutput:
        inputs, genre = doc.payload
        output, cached = teacher_outputs(
            model,
            inputs,
            config.genre_id(genre),
            args.top_k,
            cache,
            silver=doc.text is not None,
            words=doc.words,
        )
        counts["cached" if cached else "uncached"] += 1
        return output

    stats = write_targets(
        Path(args.out),
        header,
        docs(),
        compute,
        args.resume,
        args.max_minutes,
        lambda line: print(line, flush=True),
    )
    if cache is not None:
        stats.update({f"encoder_{k}": v for k, v in counts.items()})
    print(json.dumps(stats), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
