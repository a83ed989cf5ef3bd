"""Throughput of ``corefine batch`` with 1 and 2 worker processes and with Spark on local[2].

The shared news sample (``../shared/data/news/fake_or_real_news_256.csv``: id, title,
text, label) is repeated, row after row, until its texts hold at least ``--words``
whitespace words (default 200,000; ids get a copy suffix so they stay unique), and
written to a temporary CSV. The command line is then run on it three times, in one
run of this script, exactly as users run it (a fresh process each, model loading
and, for Spark, the JVM start included in the time):

1. ``corefine batch IN OUT --text-column text --workers 1``
2. ``... --workers 2``
3. ``... --engine spark --spark-master local[2]``

all with ``--threads 1`` (one onnxruntime thread per worker or Spark task, so the
runs differ only in how many processes resolve) and ``--chunk-size 10`` (the
default of 100 would cut ~270 rows into 3 chunks, which two workers cannot share
evenly). Reported: rows/s and words/s of each, the 2-vs-1 worker speedup against
the bar of 1.7×, and whether the three outputs are byte-identical (they must be).

Usage: ``python benchmarks/batch_throughput.py [--model DIR] [--words 200000]
[--resolver model|baseline] [--chunk-size 10] [--no-write]``.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS_CSV = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"
SECTION = "Batch throughput"
SPEEDUP_BAR = 1.7
SPARK_MASTER = "local[2]"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", help="model name or directory (default: the default model)")
    p.add_argument("--resolver", choices=("model", "baseline"), default="model")
    p.add_argument("--words", type=int, default=200_000, help="corpus size (default 200000)")
    p.add_argument("--chunk-size", type=int, default=10, help="rows per chunk (default 10)")
    p.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = p.parse_args(argv)
    if args.words < 1 or args.chunk_size < 1:
        p.error("--words and --chunk-size must be >= 1")
    if args.model and args.resolver != "model":
        p.error("--model applies to --resolver model")
    return args


def build_corpus(dest: Path, min_words: int) -> tuple[int, int]:
    """Write the news rows, repeated until ``min_words``; return (rows, words)."""
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        source = [row for row in reader if row["text"].split()]
    rows = words = 0
    with dest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        while words < min_words:
            row = source[rows % len(source)]
            copy = rows // len(source)
            writer.writerow({**row, "id": f"{row['id']}-{copy}" if copy else row["id"]})
            rows += 1
            words += len(row["text"].split())
    return rows, words


@dataclass
class Run:
    name: str
    flags: list[str]
    seconds: float = 0.0


def run_batch(src: Path, dest: Path, run: Run, args: argparse.Namespace) -> None:
    command = [
        sys.executable, "-m", "corefine", "batch", str(src), str(dest),
        "--text-column", "text", "--id-column", "id", "--threads", "1",
        "--chunk-size", str(args.chunk_size), "--resolver", args.resolver, "--quiet",
        *(["--model", args.model] if args.model else []), *run.flags,
    ]  # fmt: skip
    started = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True)
    run.seconds = time.monotonic() - started
    if proc.returncode != 0:
        sys.exit(f"{run.name} failed ({proc.returncode}):\n{proc.stderr}")


def report(
    runs: list[Run], rows: int, words: int, identical: bool, args: argparse.Namespace
) -> str:
    one, two, spark = runs
    speedup = one.seconds / two.seconds
    verdict = "meets" if speedup >= SPEEDUP_BAR else "misses"
    from report import resolver_label

    model = resolver_label(args.resolver, args.model)
    lines = [
        f"Input: the news sample repeated to {rows:,} rows, {words:,} words (CSV). "
        f"Resolver: {model}; `--threads 1 --chunk-size {args.chunk_size}`. Times are wall "
        "clock for the whole command, start-up, model loading and (Spark) the JVM included.",
        "",
        "| engine | command flags | seconds | rows/s | words/s |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.name} | `{' '.join(run.flags)}` | {run.seconds:.1f} | "
            f"{rows / run.seconds:,.1f} | {words / run.seconds:,.0f} |"
        )
    lines += [
        "",
        f"Speedup of 2 workers over 1: **{speedup:.2f}×** ({verdict} the bar of {SPEEDUP_BAR}×). "
        f"Spark on {SPARK_MASTER} against 2 local workers: {two.seconds / spark.seconds:.2f}×.",
        f"Outputs of the three runs byte-identical: **{'yes' if identical else 'NO'}**.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    runs = [
        Run("local, 1 worker", ["--workers", "1"]),
        Run("local, 2 workers", ["--workers", "2"]),
        Run(f"spark, {SPARK_MASTER}", ["--engine", "spark", "--spark-master", SPARK_MASTER]),
    ]
    with tempfile.TemporaryDirectory(prefix="corefine-batch-bench-") as tmp:
        src = Path(tmp) / "news.csv"
        rows, words = build_corpus(src, args.words)
        print(f"corpus: {rows:,} rows, {words:,} words", file=sys.stderr)
        outputs = []
        for i, run in enumerate(runs):
            dest = Path(tmp) / f"out-{i}.csv"
            run_batch(src, dest, run, args)
            outputs.append(dest.read_bytes())
            print(f"{run.name}: {run.seconds:.1f} s", file=sys.stderr)
        identical = all(out == outputs[0] for out in outputs)
    body = report(runs, rows, words, identical, args)
    print(body)
    if not identical:
        sys.exit("the outputs differ between engines")
    if not args.no_write:
        from report import resolver_title, write_section

        write_section(resolver_title(SECTION, args.resolver, args.model), body)


if __name__ == "__main__":
    main()
