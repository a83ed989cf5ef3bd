"""Side by side: where two models' resolved news text differs, for a person to judge.

Why: news has no gold coreference here, and OntoGUM dev, where every accuracy number is
measured, is a poor proxy for it. A model that scored +1.75 CoNLL F1 on OntoGUM dev lost
about twenty correct pronoun replacements on twelve news articles and made six new wrong
ones (docs/MODEL_LOG.md). Run this on the news sample before shipping a model: it prints
every pronoun replacement on which the two models (each at its own default threshold, or
both at ``--min-confidence``) differ, with the text before it, then the counts.

Usage::

    python tools/compare_replacements.py OLD_MODEL_DIR NEW_MODEL_DIR --articles 0:12

``-`` stands for the shipped model.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from pathlib import Path

import corefine
from corefine.rewriter import RewritePolicy

NEWS = Path(__file__).resolve().parents[2] / "shared/data/news/fake_or_real_news_256.csv"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", help="model directory, or - for the shipped model")
    ap.add_argument("new", help="model directory, or - for the shipped model")
    ap.add_argument("--articles", default="0:12", help="START:END rows of the news sample")
    ap.add_argument("--min-confidence", type=float, default=None, help="default: each model's")
    ap.add_argument("--news", type=Path, default=NEWS)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    start, end = (int(x) for x in args.articles.split(":"))
    with args.news.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[start:end]
    old, new = (
        corefine.load(None if m == "-" else m, threads=args.threads) for m in (args.old, args.new)
    )
    policy = None
    if args.min_confidence is not None:
        policy = RewritePolicy(min_confidence=args.min_confidence)
    totals = {"old": 0, "new": 0, "same": 0, "differ": 0}
    for row in rows:
        text = row["text"]
        a = {r.start: r for r in old(text).resolve(policy).replacements}
        b = {r.start: r for r in new(text).resolve(policy).replacements}
        totals["old"] += len(a)
        totals["new"] += len(b)
        for at in sorted(set(a) | set(b)):
            x, y = a.get(at), b.get(at)
            if x is not None and y is not None and x.replacement == y.replacement:
                totals["same"] += 1
                continue
            totals["differ"] += 1
            original = (x or y).original  # type: ignore[union-attr]
            before = " ".join(text[max(0, at - 90) : at].split())
            print(f"[{row['id']}] …{before} «{original}»")
            print(f"    old: {x.replacement if x else '(left alone)'}")
            print(f"    new: {y.replacement if y else '(left alone)'}")
    print(
        f"{len(rows)} articles: old {totals['old']} replacements, new {totals['new']}; "
        f"{totals['same']} the same, {totals['differ']} differ"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
