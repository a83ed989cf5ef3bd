"""Pronoun replacement precision and recall over confidence thresholds (OntoGUM dev).

Usage: python benchmarks/pronoun_curve.py [--model DIR] [--threads 2] [--data ../shared/data]

Why a curve: the rewriter replaces a pronoun only when its link is at least
``min_confidence`` sure, and users choose between more replacements and fewer
wrong ones. The model is run once per document; every threshold then rewrites
the same predictions, so the rows differ only by the threshold. Each threshold is
applied as ``doc.resolve(min_confidence=t)`` applies it: to the model's replacement
decision when it ships one. The default threshold the model recommends is marked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corefine.eval.evaluate import corpus_files, read_corpus
from corefine.eval.pronouns import PronounCounts, judged_replacements, pronoun_counts
from corefine.model.calibration import expected_calibration_error
from corefine.resolvers.model import OnnxCorefResolver

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
    gold = read_corpus(corpus_files([args.data / "gum/ontogum/dev"], "conllu"), "conllu")
    systems = [resolver(g.text) for g in gold]
    # the threshold the model recommends: its decision's, or config's min_confidence
    default = systems[0].default_min_confidence if systems else None
    thresholds = sorted({*THRESHOLDS, *([round(default, 4)] if default else [])})
    lines = [
        "| min_confidence | pronouns replaced | correct | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    resolvable = 0
    for t in thresholds:
        counts = PronounCounts()
        for g, s in zip(gold, systems, strict=True):
            result = s.resolve(min_confidence=t)  # with the model's decision, if it has one
            counts += pronoun_counts(g, result.replacements)
        resolvable = counts.resolvable
        mark = " (default)" if default and t == round(default, 4) else ""
        lines.append(
            f"| {t:.3g}{mark} | {counts.replaced} | {counts.correct} | {counts.precision:.1f} | "
            f"{counts.recall:.1f} | {counts.f1:.1f} |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "Calibration: replacements at threshold 0 grouped by their confidence.",
        "",
        "| confidence | replacements | correct | precision | mean confidence |",
        "|---|---|---|---|---|",
    ]
    bins: dict[int, list[tuple[float, bool]]] = {}
    for g, s in zip(gold, systems, strict=True):
        result = s.resolve(min_confidence=0.0)
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
        "only (the rewriter's default policy). Confidence: the model's replacement "
        "decision when its config.json has one (`extra.decision`, fitted across corpora "
        "by `training/decision.py`: this dev set is one of them, so the curve is in sample "
        "for it); else the link confidence, calibrated when the config has a `calibration` "
        "(`python -m training.calibrate`)."
    )
    if not args.no_write:
        body = "\n".join(lines) + "\n\n" + notes
        write_section(
            model_title("Pronoun replacement over confidence thresholds", args.model), body
        )


if __name__ == "__main__":
    main()
