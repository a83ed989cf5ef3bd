"""The news pronoun gold set (``data/news_pronouns/``): read and write it, find its pronouns.

Why offsets and a checksum rather than text: the articles are not ours to copy into the
repository, so a record names an article by id and points into its text by character
offsets; the manifest keeps each text's SHA-256, so a record is never read against a text
that changed. The annotation scheme is ``data/news_pronouns/GUIDELINES.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from corefine.document import Token
from corefine.errors import CorefineError
from corefine.lexicon import pronoun
from corefine.tokenizer import tokenize

Category = Literal["entity", "pleonastic", "generic", "unnamed", "event", "split", "other"]
CATEGORIES: tuple[Category, ...] = (
    "entity",
    "pleonastic",
    "generic",
    "unnamed",
    "event",
    "split",
    "other",
)
Split = Literal["dev", "test"]


@dataclass(frozen=True)
class Article:
    """One article of the set: its id in the news CSV, label, split and text."""

    id: str
    label: str
    split: Split
    sha256: str
    text: str = ""


@dataclass(frozen=True)
class PronounLabel:
    """What one pronoun refers to, in the article's character offsets.

    ``antecedent`` is the nearest explicit (non-pronominal) mention of the referent, before
    the pronoun unless ``cataphoric``; ``name`` is the referent's best name in the text.
    Both are set exactly when ``category == "entity"``; two labels of an article share a
    referent when their names are the same string (the guidelines ask for that).
    """

    article: str
    start: int
    end: int
    category: Category
    antecedent: tuple[int, int] | None = None
    name: tuple[int, int] | None = None
    cataphoric: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.article, self.start, self.end)

    def to_json(self) -> dict[str, object]:
        d = asdict(self)
        for k in ("antecedent", "name"):
            d[k] = list(d[k]) if d[k] is not None else None
        if not self.note:
            del d["note"]
        if not self.cataphoric:
            del d["cataphoric"]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PronounLabel:
        def span(v: list[int] | None) -> tuple[int, int] | None:
            return None if v is None else (int(v[0]), int(v[1]))

        category = str(d["category"])
        if category not in CATEGORIES:
            raise CorefineError(f"unknown category {category!r} in {d}")
        return cls(
            article=str(d["article"]),
            start=int(d["start"]),
            end=int(d["end"]),
            category=category,
            antecedent=span(d.get("antecedent")),
            name=span(d.get("name")),
            cataphoric=bool(d.get("cataphoric", False)),
            note=str(d.get("note", "")),
        )


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def target_pronouns(text: str) -> list[Token]:
    """Every third-person personal, possessive or reflexive pronoun token of ``text``.

    corefine's tokenizer splits contractions (*they’re* → *they* + *’re*), so the pronoun
    inside one is found too; relatives are not third-person pronouns here.
    """
    out = []
    for t in tokenize(text):
        p = pronoun(t.text)
        if p is not None and p.third_person:
            out.append(t)
    return out


def read_manifest(path: Path) -> list[Article]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Article(a["id"], a["label"], a["split"], a["sha256"]) for a in data["articles"]]


def write_manifest(path: Path, articles: Sequence[Article], about: str) -> None:
    data = {
        "about": about,
        "articles": [
            {"id": a.id, "label": a.label, "split": a.split, "sha256": a.sha256} for a in articles
        ],
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load_articles(manifest: Path, news_csv: Path) -> list[Article]:
    """The manifest's articles with their texts from ``news_csv``, checksums verified."""
    by_id: dict[str, dict[str, str]] = {}
    with news_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_id[row["id"]] = row
    out = []
    for a in read_manifest(manifest):
        if a.id not in by_id:
            raise CorefineError(f"{news_csv}: no article with id {a.id}")
        row = by_id[a.id]
        if text_sha256(row["text"]) != a.sha256:
            raise CorefineError(
                f"{news_csv}: article {a.id} is not the text the gold set annotates"
            )
        out.append(Article(a.id, a.label, a.split, a.sha256, row["text"]))
    return out


def read_labels(path: Path) -> list[PronounLabel]:
    with path.open(encoding="utf-8") as f:
        return [PronounLabel.from_json(json.loads(line)) for line in f if line.strip()]


def write_labels(path: Path, labels: Iterable[PronounLabel]) -> None:
    ordered = sorted(labels, key=lambda x: (int(x.article) if x.article.isdigit() else 0, x.key))
    with path.open("w", encoding="utf-8") as f:
        for x in ordered:
            f.write(json.dumps(x.to_json(), ensure_ascii=False) + "\n")
