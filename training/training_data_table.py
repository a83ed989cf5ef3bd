"""Print the model card's training-data table: every training document, by genre, with its license.

``python -m training.training_data_table RUN_DIR`` reads ``RUN_DIR/train_docs.json``
(written by ``training.train``) and the text licenses of GUM's ``LICENSE.txt``.
Why a script: the card must list exactly the documents a shipped model saw, and
a hand-copied list would drift from the run that produced the weights.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

# Text licenses by GUM genre, from ../shared/data/gum/LICENSE.txt; annotations are CC-BY 4.0.
# Genres that file does not list are marked so, rather than guessed.
GENRE_LICENSES = {
    "academic": "CC-BY 4.0",
    "bio": "CC-BY-SA 3.0 (Wikipedia)",
    "court": "CC-BY 4.0",
    "essay": "CC-BY-NC-SA 4.0 (non-commercial)",
    "fiction": "CC-BY-NC-SA 3.0 (non-commercial)",
    "letter": "CC-BY-NC-SA 4.0 (non-commercial)",
    "podcast": "CC-BY-NC-SA 4.0 (non-commercial)",
    "whow": "CC-BY-NC-SA 3.0 (wikiHow, non-commercial)",
    "voyage": "CC-BY-SA 3.0 (Wikivoyage)",
    "news": "CC-BY 2.5 (Wikinews)",
    "interview": "CC-BY 2.5 (Wikinews)",
    # train.py --extra-train-ecb writes these as "ECB+:TOPIC_NAME"
    "ECB+ news": "annotation CC-BY 3.0 (ECB+); texts: news articles (ECB+ README.txt)",
}
NOT_LISTED = "not listed in GUM's LICENSE.txt; see the GUM project"


def genre_of(name: str) -> str:
    if name.startswith("ECB+:"):
        return "ECB+ news"
    parts = name.split("_")
    return parts[1] if len(parts) > 2 else "unknown"


def table(names: list[str]) -> str:
    by_genre: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_genre[genre_of(name)].append(name)
    lines = ["| genre | documents | text license | names |", "|---|---|---|---|"]
    for genre in sorted(by_genre):
        docs = sorted(by_genre[genre])
        short = ", ".join(d.split("_", 2)[-1] for d in docs)
        lic = GENRE_LICENSES.get(genre, NOT_LISTED)
        lines.append(f"| {genre} | {len(docs)} | {lic} | {short} |")
    lines.append(f"| **all** | **{len(names)}** | annotations: CC-BY 4.0 | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run_dir", type=Path)
    args = ap.parse_args()
    names = json.loads((args.run_dir / "train_docs.json").read_text(encoding="utf-8"))
    print(table(names))


if __name__ == "__main__":
    main()
