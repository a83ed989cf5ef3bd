"""The model's hyper-parameters that preprocessing, training, export and inference share.

Why one JSON-serialisable dataclass: the ONNX predictor must build exactly the
inputs the network was trained on (window size, stride, genre ids, span
radius). The training script writes this file next to ``model.onnx`` and the
predictor reads it back, so the two sides can never drift apart silently.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

# OntoGUM's genres (``# meta::genre``); index 0 is the fallback for unknown ones.
GENRES: tuple[str, ...] = (
    "unknown",
    "news",
    "academic",
    "bio",
    "conversation",
    "court",
    "essay",
    "fiction",
    "interview",
    "letter",
    "podcast",
    "speech",
    "textbook",
    "vlog",
    "voyage",
    "whow",
)


@dataclass(frozen=True)
class ModelConfig:
    """Shape and preprocessing settings of one trained model."""

    max_subwords: int = 512  # per window, [CLS] and [SEP] included
    stride: int = 384  # subwords between the starts of consecutive windows
    top_k: int = 50  # antecedent candidates kept by the coarse scorer
    span_radius: int = 24  # a mention spans at most this many words either side of its head
    distance_buckets: int = 10  # log-scaled word-distance buckets of the fine scorer
    hidden_size: int = 384
    genres: tuple[str, ...] = GENRES
    default_genre: str = "news"
    lowercase: bool = True  # the encoder is uncased: casing reaches it via the shape feature
    encoder: str = "all-MiniLM-L6-v2"
    # subword read where a run of spaces marks a removed word (None: read nothing there)
    removed_word_token: str | None = "[MASK]"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_subwords(self) -> int:
        """Subwords of text a window holds besides [CLS] and [SEP]."""
        return self.max_subwords - 2

    def genre_id(self, genre: str | None) -> int:
        """Index of ``genre``; unknown genres share index 0 rather than failing."""
        if genre is None:
            genre = self.default_genre
        try:
            return self.genres.index(genre)
        except ValueError:
            return 0

    def to_json(self, path: str | Path) -> None:
        data = asdict(self)
        data["genres"] = list(self.genres)
        Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, path: str | Path) -> ModelConfig:
        """Read a config; unknown keys are kept in ``extra`` so newer files still load."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        extra = dict(data.pop("extra", {}) or {})
        extra.update({k: v for k, v in data.items() if k not in known})
        kwargs = {k: v for k, v in data.items() if k in known}
        if "genres" in kwargs:
            kwargs["genres"] = tuple(kwargs["genres"])
        return cls(**kwargs, extra=extra)
