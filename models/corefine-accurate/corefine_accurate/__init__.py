"""corefine's accurate model: ``corefine.load("accurate")`` finds it through the
``corefine.models`` entry point, which names :func:`model_dir`."""

from __future__ import annotations

from pathlib import Path

__all__ = ["model_dir"]


def model_dir() -> Path:
    """The folder holding the model's graph, tokenizer, config and card."""
    return Path(__file__).resolve().parent / "model"
