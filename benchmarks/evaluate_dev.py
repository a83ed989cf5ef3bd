"""Score a resolver on every shared dev set and record the numbers in BENCHMARKS.md.

Usage: python benchmarks/evaluate_dev.py [--resolver model] [--model DIR] [--threads 2]
       [--data ../shared/data]

Each row is what ``corefine evaluate`` prints for the same corpus and options,
so any number here can be re-checked with the command shown beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corefine.eval.evaluate import (
    Evaluation,
    corpus_files,
    evaluate_documents,
    evaluate_gap,
    read_corpus,
    read_gap_files,
)
from corefine.resolvers import get_resolver

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import model_title, write_section

# (label, path under the data folder, format, drop singletons)
COREF_SETS = [
    ("OntoGUM dev", "gum/ontogum/dev", "conllu", False),
    ("LitBank dev (no singletons)", "litbank/dev", "conll", True),
    ("LitBank dev (with singletons)", "litbank/dev", "conll", False),
]
GAP_SETS = [
    ("GAP validation", "gap/gap-validation.tsv"),
    ("GAP development", "gap/gap-development.tsv"),
]


def coref_row(label: str, cmd: str, ev: Evaluation) -> str:
    d = ev.to_dict()
    cells = [f"{d[m]['f1']:.2f}" for m in ("muc", "b3", "ceafe", "lea")]
    pron = d["pronouns"]
    return (
        f"| {label} | {' | '.join(cells)} | **{d['conll_f1']:.2f}** | "
        f"{pron['p']:.1f} / {pron['r']:.1f} | {d['docs']} | {d['words']:,} | "
        f"{d['words'] / max(ev.seconds, 1e-9):,.0f} | `{cmd}` |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resolver", default="model")
    parser.add_argument(
        "--model", default=None, help="model name or directory (default: the default)"
    )
    parser.add_argument("--threads", type=int, default=2, help="model threads")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    args = parser.parse_args()
    options: dict[str, object] = {}
    if args.resolver == "model":
        options = {"model_path": args.model, "threads": args.threads}
    flags = f" --resolver {args.resolver}" + (f" --model {args.model}" if args.model else "")

    lines = [
        "| corpus | MUC F1 | B³ F1 | CEAF-e F1 | LEA F1 | CoNLL F1 | pronouns P / R | docs "
        "| words | words/s | equivalent command |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, rel, fmt, drop in COREF_SETS:
        files = corpus_files([args.data / rel], fmt)  # type: ignore[arg-type]
        docs = read_corpus(files, fmt)  # type: ignore[arg-type]
        resolver = get_resolver(args.resolver, docs, **options)  # type: ignore[arg-type]
        ev = evaluate_documents(docs, resolver, drop_singletons=drop)
        cmd = f"corefine evaluate ../shared/data/{rel} --format {fmt}{flags}"
        lines.append(coref_row(label, cmd + (" --drop-singletons" if drop else ""), ev))
        print(lines[-1], flush=True)

    lines += [
        "",
        "| GAP | F1 overall | masculine | feminine | bias F/M | examples | equivalent command |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, rel in GAP_SETS:
        examples = read_gap_files(corpus_files([args.data / rel], "gap"))
        ev = evaluate_gap(examples, get_resolver(args.resolver, **options))  # type: ignore[arg-type]
        g = ev.to_dict()["gap"]
        cmd = f"corefine evaluate ../shared/data/{rel} --format gap{flags}"
        lines.append(
            f"| {label} | **{g['overall']['f1']:.1f}** | {g['masculine']['f1']:.1f} | "
            f"{g['feminine']['f1']:.1f} | {g['bias']:.2f} | {ev.docs} | `{cmd}` |"
        )
        print(lines[-1], flush=True)

    notes = (
        "Pronouns P / R: the pronoun-resolution score of the resolved text at the default "
        "policy (third-person pronouns replaced; precision = correct / replaced, recall = "
        "correct / resolvable). LitBank annotates singletons; the model bar scores it without "
        "them (`--drop-singletons` removes one-mention clusters from key and response). "
        "words/s counts resolver and rewriter time only, one process"
        + (
            f", {args.threads} thread{'s' if args.threads > 1 else ''}."
            if args.resolver == "model"
            else "."
        )
    )
    if not args.no_write:
        title = model_title(f"Dev-set accuracy: {args.resolver} resolver", args.model)
        write_section(title, "\n".join(lines) + "\n\n" + notes)


if __name__ == "__main__":
    main()
