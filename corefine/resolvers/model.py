"""The ``model`` resolver: the neural model's adapter, as the resolvers see it.

What is here and why: :class:`OnnxCorefResolver` turns raw text into a
:class:`~corefine.document.Document` with clusters (the Resolver protocol), and
:func:`locate_model` finds a model directory and its graph, checking what it
must hold. Both are the contract between corefine's entry points
(``corefine.load``, ``get_resolver("model")``, the CLI's ``--model``, batch,
the service, the spaCy component) and a model directory, so they live with the
other resolvers; the registry (:mod:`corefine.resolvers.registry`) imports this
module only when the ``model`` resolver is built or a directory located.

What stays in :mod:`corefine.model`: the model runtime, which training uses too
and which knows nothing of resolvers (``config.json``'s
:class:`~corefine.model.config.ModelConfig`, loading the subword tokenizer and
aligning words to subwords, windows and features, decoding, calibration).

Why ONNX: inference must run on a plain CPU install, load in well under two
seconds and stay small, so the network ships as one ``model.onnx`` (int8 when
quantization costs < 0.5 F1), next to its ``tokenizer.json`` and a
``config.json``. Everything around the graph, tokenization, windows and
decoding, is the same numpy code the training side uses, so exported and
trained models agree. Importing this module loads numpy and that code, not
onnxruntime or tokenizers: constructing the resolver does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from corefine.document import Cluster, Document
from corefine.errors import CorefineError
from corefine.model.alignment import SpecialIds, load_tokenizer
from corefine.model.calibration import Calibration
from corefine.model.config import ModelConfig
from corefine.model.decode import decode_clusters
from corefine.model.features import OUTPUT_NAMES, encode_document, every_word, removed_word_id
from corefine.model.segments import merge_clusters, segments
from corefine.resolvers.model_names import (
    BUILTIN_MODEL_NAME,
    default_model_name,
    is_model_name,
    named_model_dir,
)
from corefine.tokenizer import make_document

__all__ = [
    "BUILTIN_MODEL_DIR",
    "GRAPH_FILES",
    "MODEL_FILES",
    "OnnxCorefResolver",
    "locate_model",
]

MODEL_FILES = ("model.onnx", "tokenizer.json", "config.json")
# Preference when config.json does not name the graph: the int8 graph is the one we ship.
GRAPH_FILES = ("model.int8.onnx", "model.onnx")
# The model inside the package (``fast``; package data of corefine.model).
BUILTIN_MODEL_DIR = Path(__file__).resolve().parent.parent / "model" / "assets"


def locate_model(path: str | Path | None, model_file: str | None = None) -> tuple[Path, str]:
    """The model directory and the ONNX graph file in it, or a :class:`CorefineError`.

    ``path`` is a model name (``"fast"``, the model inside the package, or one
    an installed model package provides: :func:`installed_models`), a model
    directory or an ``.onnx`` file inside one, or ``None``: the default model
    (:func:`default_model_name`, ``accurate`` when installed); a
    plain string without a path separator may be a name (:func:`is_model_name`).
    The graph is ``model_file`` if given, else ``config.json``'s
    ``"model_file"``, else the first of :data:`GRAPH_FILES` present. Why here:
    ``corefine.load``, ``get_resolver("model")``, the CLI's ``--model`` and the
    spaCy component all find models the same way, and the lead can ship fp32 or
    int8 without code changes.
    """
    if path is None:
        path = default_model_name()
    shipped = path == BUILTIN_MODEL_NAME
    where = named_model_dir(str(path), BUILTIN_MODEL_DIR) if is_model_name(path) else Path(path)
    if where.is_file() and where.suffix == ".onnx" and model_file is None:
        where, model_file = where.parent, where.name
    if not where.is_dir():
        what = "is not a directory" if where.exists() else "does not exist"
        raise CorefineError(f"model path {what}; expected a model directory", where)
    missing = [f for f in MODEL_FILES[1:] if not (where / f).is_file()]
    if model_file is None and not missing:
        model_file = _configured_graph(where / "config.json")
    if model_file is None:
        model_file = next((f for f in GRAPH_FILES if (where / f).is_file()), None)
        if model_file is None:
            missing.insert(0, " or ".join(reversed(GRAPH_FILES)))
    elif not (where / model_file).is_file():
        missing.insert(0, model_file)
    if missing:
        hint = "; the shipped model is not installed" if shipped else ""
        raise CorefineError(f"model directory {where} lacks {', '.join(missing)}{hint}")
    assert model_file is not None
    return where, model_file


def _configured_graph(config_path: Path) -> str | None:
    """The graph file ``config.json`` names (key ``"model_file"``), if any."""
    try:
        name = ModelConfig.from_json(config_path).extra.get("model_file")
    except (ValueError, TypeError) as err:  # json.JSONDecodeError is a ValueError
        raise CorefineError(f"not a valid model config: {err}", config_path) from None
    return None if name is None else str(name)


def _positive_setting(config: ModelConfig, key: str, directory: Path) -> float:
    """A decoding setting of ``config.json``'s ``extra`` (1 when absent), checked at load:
    a bad value is a broken model directory, not an error on the first document."""
    value = config.extra.get(key, 1.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise CorefineError(f"{key} must be a positive number, got {value!r}", directory)
    return float(value)


def _calibration(config: ModelConfig, directory: Path) -> Calibration | None:
    """The confidence map of ``config.json``'s ``extra`` (``"calibration"``), if any."""
    data = config.extra.get("calibration")
    if data is None:
        return None
    try:
        return Calibration.from_json(data)
    except (ValueError, TypeError) as err:
        raise CorefineError(f"bad calibration: {err}", directory) from None


class OnnxCorefResolver:
    """Resolver protocol (``name = "model"``): raw text in, clusters with confidences out.

    Confidences are calibrated by the model's ``calibration`` when it has one;
    ``calibrated=False`` gives the raw ones (what ``training/calibrate.py`` fits to).
    """

    name = "model"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int | None = None,
        genre: str | None = None,
        min_prob: float = 0.0,
        model_file: str | None = None,
        max_words: int = 2500,
        calibrated: bool = True,
    ):
        directory, model_file = locate_model(model_dir, model_file)
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise CorefineError("the model resolver needs the 'onnxruntime' package") from exc
        self.config = ModelConfig.from_json(directory / "config.json")
        self.pronoun_margin = _positive_setting(self.config, "pronoun_margin", directory)
        calibration = _calibration(self.config, directory)  # checked even when not used
        self.calibration = calibration if calibrated else None
        self.tokenizer = load_tokenizer(directory / "tokenizer.json")
        self.special = SpecialIds.from_tokenizer(self.tokenizer)
        try:  # checked at load, not on the first text with a removed word
            removed_word_id(self.tokenizer, self.config)
        except ValueError:
            gap = self.config.removed_word_token
            raise CorefineError(
                f"removed_word_token {gap!r} is not in tokenizer.json", directory
            ) from None
        options = ort.SessionOptions()
        if threads is not None:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(directory / model_file), options, providers=["CPUExecutionProvider"]
        )
        self.genre = genre
        self.min_prob = min_prob
        self.max_words = max_words

    def __call__(self, text: str) -> Document:
        doc = make_document(text)
        doc.clusters = self.predict(doc)
        if "min_confidence" in self.config.extra:
            doc.metadata["min_confidence"] = float(self.config.extra["min_confidence"])
        decision = self.config.extra.get("decision")
        if decision:  # the model's replacement decision and the threshold fitted with it
            doc.metadata["decision"] = decision
            doc.metadata["min_confidence"] = float(decision["threshold"])
        return doc

    def predict(self, doc: Document, genre: str | None = None) -> list[Cluster]:
        """Clusters for a tokenized document of any length.

        Documents over ``max_words`` words are resolved in overlapping pieces
        whose clusters are merged (:mod:`corefine.model.segments`), which
        keeps memory flat. ``genre`` (one of ``config.genres``) overrides the
        resolver's genre.
        """
        pieces = segments(doc, self.max_words, self.max_words // 4)
        return merge_clusters([self._predict_one(p, genre or self.genre) for p in pieces])

    def raw_outputs(self, doc: Document, genre: str | None = None) -> tuple[Any, list[np.ndarray]]:
        """Inputs built for ``doc`` and the graph's outputs, for debugging and parity tests
        (antecedents and their probabilities with a row for every word)."""
        genre = genre or self.genre
        inputs = encode_document(doc, self.tokenizer, self.config, self.special, genre)
        arrays = inputs.arrays()
        if "anaphors" not in {i.name for i in self.session.get_inputs()}:
            del arrays["anaphors"]  # a graph exported before it took them scores every word
        outputs = self.session.run(list(OUTPUT_NAMES), arrays)
        if "anaphors" in arrays:
            outputs[:2] = every_word(inputs.anaphors, outputs[0], outputs[1], inputs.n_words)
        return inputs, outputs

    def _predict_one(self, doc: Document, genre: str | None) -> list[Cluster]:
        if len(doc.tokens) < 2:
            return []
        inputs, (antecedents, probs, heads, start, end) = self.raw_outputs(doc, genre)
        return decode_clusters(
            doc.text,
            doc.tokens,
            inputs.sentence_ids,
            antecedents,
            probs,
            heads,
            start,
            end,
            self.config.span_radius,
            self.min_prob,
            self.pronoun_margin,
            self.calibration,
        )
