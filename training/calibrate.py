"""Fit a model's confidence calibration on OntoGUM dev and check it on LitBank dev.

``python -m training.calibrate [MODEL_DIR] [--write]`` resolves OntoGUM dev with the
model's raw confidences, rewrites every document at threshold 0, and fits Platt scaling
(:class:`corefine.model.calibration.Calibration`) to whether each third-person pronoun
replacement is right (scored as ``benchmarks/pronoun_curve.py`` scores them). Why pronoun
replacements: they are what users act on through ``min_confidence``. It prints the
expected calibration error before and after: on the fitting data, in 5-fold
cross-validation over documents (an honest in-domain figure), and on LitBank dev, which
the fit never sees, for replacements and for every predicted link (a mention is right
when an earlier mention of its predicted cluster is in its gold entity, exact spans).

``--write`` stores the map in ``MODEL_DIR/config.json`` (``extra.calibration``) and sets
``extra.min_confidence`` to the calibrated value of ``--raw-min-confidence``, so the
default threshold keeps (up to rounding) the replacements it made before. Needs no
torch.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corefine.document import Document
from corefine.eval.evaluate import corpus_files, read_corpus
from corefine.eval.pronouns import judged_replacements
from corefine.model.calibration import Calibration, expected_calibration_error
from corefine.resolvers.model import OnnxCorefResolver, locate_model
from corefine.rewriter import RewritePolicy, rewrite

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@dataclass(frozen=True)
class Outcome:
    """One scored prediction: which document, its raw confidence, whether it is right."""

    doc: int
    confidence: float
    correct: bool


def replacements(gold: Sequence[Document], systems: Sequence[Document]) -> list[Outcome]:
    """Third-person pronoun replacements at threshold 0, right or wrong against gold."""
    out = []
    for d, (g, s) in enumerate(zip(gold, systems, strict=True)):
        result = rewrite(s.text, s.clusters, RewritePolicy(min_confidence=0.0))
        for r, correct in judged_replacements(g, result.replacements):
            if r.confidence is not None:
                out.append(Outcome(d, r.confidence, correct))
    return out


def links(gold: Sequence[Document], systems: Sequence[Document]) -> list[Outcome]:
    """Every predicted mention after its cluster's first, right when an earlier mention
    of its predicted cluster is in its gold entity (exact spans)."""
    out = []
    for d, (g, s) in enumerate(zip(gold, systems, strict=True)):
        entity = {m.span: c.id for c in g.clusters for m in c.mentions}
        for cluster in s.clusters:
            ordered = cluster.mentions  # text order
            for k, m in enumerate(ordered[1:], start=1):
                mine = entity.get(m.span)
                right = mine is not None and any(entity.get(e.span) == mine for e in ordered[:k])
                out.append(Outcome(d, m.confidence or 0.0, right))
    return out


def ece(outcomes: Sequence[Outcome], cal: Calibration | None = None) -> float:
    conf = [cal(o.confidence) if cal else o.confidence for o in outcomes]
    return 100 * expected_calibration_error(conf, [o.correct for o in outcomes])


def fit(outcomes: Sequence[Outcome]) -> Calibration:
    return Calibration.fit([o.confidence for o in outcomes], [o.correct for o in outcomes])


def cross_validated_ece(outcomes: Sequence[Outcome], folds: int = 5, seed: int = 13) -> float:
    """ECE of predictions each calibrated by a map fitted without their document."""
    docs = sorted({o.doc for o in outcomes})
    random.Random(seed).shuffle(docs)
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    mapped: list[float] = []
    right: list[bool] = []
    for f in range(folds):
        cal = fit([o for o in outcomes if fold_of[o.doc] != f])
        for o in outcomes:
            if fold_of[o.doc] == f:
                mapped.append(cal(o.confidence))
                right.append(o.correct)
    return 100 * expected_calibration_error(mapped, right)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", default=None, help="model directory (default: shipped)")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--raw-min-confidence", type=float, default=0.75)
    ap.add_argument("--write", action="store_true", help="store the map in the model's config")
    args = ap.parse_args(argv)

    resolver = OnnxCorefResolver(args.model, threads=args.threads, calibrated=False)
    corpora = {
        "OntoGUM dev": read_corpus(
            corpus_files([args.data / "gum/ontogum/dev"], "conllu"), "conllu"
        ),
        "LitBank dev": read_corpus(corpus_files([args.data / "litbank/dev"], "conll"), "conll"),
    }
    scored = {}
    for name, gold in corpora.items():
        systems = [resolver(g.text) for g in gold]
        scored[name] = (replacements(gold, systems), links(gold, systems))
    onto_reps = scored["OntoGUM dev"][0]
    cal = fit(onto_reps)
    print(f"fitted on {len(onto_reps)} OntoGUM dev replacements: a = {cal.a:.4f}, b = {cal.b:.4f}")
    print("| data | predictions | ECE raw | ECE calibrated |")
    print("|---|---|---|---|")
    for name, (reps, lks) in scored.items():
        print(f"| {name} replacements | {len(reps)} | {ece(reps):.1f} | {ece(reps, cal):.1f} |")
        print(f"| {name} links | {len(lks)} | {ece(lks):.1f} | {ece(lks, cal):.1f} |")
    print(
        f"| OntoGUM dev replacements, 5-fold by document | {len(onto_reps)} | "
        f"{ece(onto_reps):.1f} | {cross_validated_ece(onto_reps):.1f} |"
    )
    for p in (0.5, 0.75, 0.9, 0.95, 0.99, 1.0):
        print(f"raw {p:.2f} → {cal(p):.3f}")
    default = round(cal(args.raw_min_confidence), 2)
    print(f"default threshold: raw {args.raw_min_confidence} → {default}")
    if args.write:
        directory, _ = locate_model(args.model, None)
        path = directory / "config.json"
        config = json.loads(path.read_text("utf-8"))
        config.setdefault("extra", {})
        config["extra"]["calibration"] = cal.to_json()
        config["extra"]["min_confidence"] = default
        path.write_text(json.dumps(config, indent=2) + "\n", "utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
