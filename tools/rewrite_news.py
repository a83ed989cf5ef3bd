"""The rewriter's replacements on the news sample, from model output saved once.

Why: rewriter rules are judged by reading what they change on real news, and running the
model over the 256 articles takes minutes while rewriting them takes a second. Save the
model's clusters once, then list the replacements under each version of the rewriter and
``diff`` the lists::

    python tools/rewrite_news.py cache /tmp/news.json            # the model, once
    python tools/rewrite_news.py list /tmp/news.json > /tmp/after.txt
    git stash -q && python tools/rewrite_news.py list /tmp/news.json > /tmp/before.txt; \\
        git stash pop -q
    diff /tmp/before.txt /tmp/after.txt

``list`` prints one line per replacement, ``ARTICLE<TAB>OFFSET<TAB>…context [[original =>
replacement]] after…``, in text order, so that a diff shows each changed replacement with
what it reads in. ``--replace`` and ``--min-confidence`` choose the policy (default: the
pronouns mode at the model's own threshold, as ``corefine resolve`` does).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import corefine
from corefine.corpora.jsonio import document_from_json, document_to_json
from corefine.rewriter.policy import ReplaceMode

NEWS = Path(__file__).resolve().parents[2] / "shared/data/news/fake_or_real_news_256.csv"
CONTEXT = 70  # characters of text shown before a replacement


def cache(out: Path, news: Path, articles: str, model: str | None, threads: int) -> int:
    """Resolve the articles and save each one's document: text, clusters and the model's
    metadata (its default threshold and replacement decision, which ``list`` applies)."""
    start, end = (int(x) for x in articles.split(":"))
    with news.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[start:end]
    nlp = corefine.load(model, threads=threads)
    records = []
    for row in rows:
        doc = nlp(row["text"])
        records.append({"id": row["id"], "document": document_to_json(doc)})
    out.write_text(json.dumps(records), encoding="utf-8")
    print(f"{len(records)} articles saved to {out}", file=sys.stderr)
    return 0


def list_replacements(saved: Path, replace: str, min_confidence: float | None) -> int:
    """Print every replacement the rewriter on disk makes on the saved clusters."""
    for record in json.loads(saved.read_text(encoding="utf-8")):
        doc = document_from_json(record["document"], saved)
        text = doc.text
        threshold = doc.default_min_confidence if min_confidence is None else min_confidence
        result = doc.resolve(replace=cast(ReplaceMode, replace), min_confidence=threshold)
        for r in result.replacements:
            before = " ".join(text[max(0, r.start - CONTEXT) : r.start].split())
            after = " ".join(text[r.end : r.end + 25].split())
            print(
                f"{record['id']}\t{r.start}\t…{before} [[{r.original} => {r.replacement}]] {after}…"
            )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache", help="resolve the news sample and save the clusters")
    c.add_argument("out", type=Path)
    c.add_argument("--articles", default="0:256", help="START:END rows of the news sample")
    c.add_argument("--model", help="model directory (default: the shipped model)")
    c.add_argument("--news", type=Path, default=NEWS)
    c.add_argument("--threads", type=int, default=2)
    ls = sub.add_parser("list", help="print the replacements made on saved clusters")
    ls.add_argument("saved", type=Path)
    ls.add_argument("--replace", default="pronouns", choices=("pronouns", "nominals", "all"))
    ls.add_argument("--min-confidence", type=float, default=None, help="default: the model's")
    args = ap.parse_args(argv)
    if args.command == "cache":
        return cache(args.out, args.news, args.articles, args.model, args.threads)
    return list_replacements(args.saved, args.replace, args.min_confidence)


if __name__ == "__main__":
    raise SystemExit(main())
