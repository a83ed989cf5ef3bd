"""The embedded neural coreference model (word-level coreference, Dobrovolskii 2021).

Layout, following the data flow at inference time::

    alignment.py  corefine words → subwords (and back to characters)
    windows.py    overlapping 512-subword windows, merged into one word sequence
    features.py   the numpy inputs of the network (shared by training and inference)
    decode.py     antecedent probabilities + span scores → clusters with offsets
    predictor.py  the onnxruntime resolver (``name = "model"``)

Nothing here imports torch: the training side lives in ``training/`` at the
repository root. Importing this package does not import onnxruntime either;
only constructing :class:`OnnxCorefResolver` does.
"""

from __future__ import annotations

from corefine.model.config import ModelConfig

__all__ = ["ModelConfig", "OnnxCorefResolver"]


def __getattr__(name: str) -> object:
    # lazy: keep `import corefine.model` free of onnxruntime and tokenizers
    if name == "OnnxCorefResolver":
        from corefine.model.predictor import OnnxCorefResolver

        return OnnxCorefResolver
    raise AttributeError(name)
