"""The ``model`` resolver: the neural model's adapter, as the resolvers see it.

The adapter itself (ONNX session, tokenizer, decoding) lives with the model in
:mod:`corefine.model.predictor`, which stays importable; this module is where
the resolvers (:mod:`corefine.resolvers.registry`) and the entry points take
it from. Importing it loads numpy and the model code, so the registry imports
it only when the ``model`` resolver is built.
"""

from __future__ import annotations

from corefine.model.predictor import DEFAULT_MODEL_DIR, OnnxCorefResolver, locate_model

__all__ = ["DEFAULT_MODEL_DIR", "OnnxCorefResolver", "locate_model"]
