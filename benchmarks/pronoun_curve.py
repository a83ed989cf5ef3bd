"""Pronoun replacement precision and recall over confidence thresholds (OntoGUM dev).

Usage: python benchmarks/pronoun_curve.py [--model DIR] [--threads 2] [--data ../shared/data]

Why a curve: the rewriter replaces a pronoun only when its link is at least
``min_confidence`` sure, and users choose between more replacements and fewer
wrong ones. The model is run once per document; every threshold then rewrites
the same predictions, so the rows differ only by the threshold. The default
threshold shipped in the model's ``config.json`` is marked; it is chosen on
this dev set (the bar: precision >= 90 % with recall >= 60 %).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corefine.eval.evaluate import corpus_files, read_corpus
from corefine.eval.pronouns import PronounCounts, judged_replacements, pronoun_counts
from corefine.model.calibration import expected_calibration_error
from corefine.resolvers.model import OnnxCorefResolver
from corefine.rewriter import RewritePolicy, rewrite

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import model_title, write_section

THRESHOLDS = (0.0, 0.3, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", default=None, help="model name or directory (default: the default)"
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()

    resolver = OnnxCorefResolver(args.model, threads=args.threads)
    default = resolver.config.extra.get("min_confidence")
    gold = read_corpus(corpus_files([args.data / "gum/ontogum/dev"], "conllu"), "conllu")
    systems = [resolver(g.text) for g in gold]
    thresholds = sorted({*THRESHOLDS, *([default] if default is not None else [])})
    lines = [
        "| min_confidence | pronouns replaced | correct | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    resolvable = 0
    for t in thresholds:
        counts = PronounCounts()
        for g, s in zip(gold, systems, strict=True):
            result = rewrite(s.text, s.clusters, RewritePolicy(min_confidence=t))
            counts += pronoun_counts(g, result.replacements)
        resolvable = counts.resolvable
        mark = " (default)" if t == default else ""
        lines.append(
            f"| {t:.2f}{mark} | {counts.replaced} | {counts.correct} | {counts.precision:.1f} | "
            f"{counts.recall:.1f} | {counts.f1:.1f} |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "Calibration: replacements at threshold 0 grouped by the confidence of their link.",
        "",
        "| confidence | replacements | correct | precision | mean confidence |",
        "|---|---|---|---|---|",
    ]
    bins: dict[int, list[tuple[float, bool]]] = {}
    for g, s in zip(gold, systems, strict=True):
        result = rewrite(s.text, s.clusters, RewritePolicy(min_confidence=0.0))
        for r, correct in judged_replacements(g, result.replacements):
            if r.confidence is not None:  # third-person pronouns only, as in the curve
                bins.setdefault(min(int(r.confidence * 10), 9), []).append((r.confidence, correct))
    for b in sorted(bins):
        items = bins[b]
        acc = sum(c for _, c in items) / len(items)
        mean = sum(p for p, _ in items) / len(items)
        lines.append(
            f"| {b / 10:.1f}-{(b + 1) / 10:.1f} | {len(items)} | {sum(c for _, c in items)} | "
            f"{100 * acc:.1f} | {100 * mean:.1f} |"
        )
    scored = [item for items in bins.values() for item in items]
    gap = expected_calibration_error([p for p, _ in scored], [c for _, c in scored])
    lines.append(
        "\nExpected calibration error (|precision - mean confidence| weighted by bin size): "
        f"{100 * gap:.1f} points."
    )
    print("\n".join(lines[-(len(bins) + 3) :]), flush=True)
    notes = (
        f"OntoGUM dev, {len(gold)} documents, "
        f"{resolvable} resolvable pronouns, scored "
        "as in `corefine/eval/pronouns.py`: precision = correct / replaced, recall = correct "
        "replacements of resolvable pronouns / resolvable pronouns. Third-person pronouns "
        "only (the rewriter's default policy). Confidences as the model reports them: "
        "calibrated when its config.json has a `calibration` (the shipped model's does; "
        "`python -m training.calibrate` fits it on this dev set)."
    )
    if not args.no_write:
        body = "\n".join(lines) + "\n\n" + notes
        write_section(
            model_title("Pronoun replacement over confidence thresholds", args.model), body
        )


if __name__ == "__main__":
    main()
