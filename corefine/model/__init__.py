"""The embedded neural coreference model (word-level coreference, Dobrovolskii 2021).

Layout, following the data flow at inference time::

    alignment.py  corefine words → subwords (and back to characters); load_tokenizer()
    windows.py    overlapping 512-subword windows, merged into one word sequence
    features.py   the numpy inputs of the network (shared by training and inference)
    decode.py     antecedent probabilities + span scores → clusters with offsets

This package is the model runtime, shared by inference and training; the
resolver that runs it (``name = "model"``: the ONNX session, locating a model
directory) is the adapter :mod:`corefine.resolvers.model`, which imports from
here and never the other way round.

Nothing here imports torch: the training side lives in ``training/`` at the
repository root. Importing this package imports neither onnxruntime nor
tokenizers; only constructing the resolver does.
"""

from __future__ import annotations

from corefine.model.config import ModelConfig

__all__ = ["ModelConfig"]
