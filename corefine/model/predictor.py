"""The embedded neural resolver: onnxruntime + tokenizers + numpy, no torch.

Why ONNX: inference must run on a plain CPU install, load in well under two
seconds and stay small, so the network ships as one ``model.onnx`` (int8 when
quantization costs < 0.5 F1), next to its ``tokenizer.json`` and a
``config.json`` (:class:`~corefine.model.config.ModelConfig`). Everything
around the graph, tokenization, windows and decoding, is the same numpy code
the training side uses, so exported and trained models agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from corefine.document import Cluster, Document, Sentence
from corefine.errors import CorefineError
from corefine.model.alignment import SpecialIds
from corefine.model.config import ModelConfig
from corefine.model.decode import decode_clusters
from corefine.model.features import OUTPUT_NAMES, encode_document
from corefine.tokenizer import make_document

MODEL_FILES = ("model.onnx", "tokenizer.json", "config.json")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "assets"


def load_tokenizer(path: str | Path) -> Any:
    """A ``tokenizers.Tokenizer`` with truncation and padding off (windows are ours)."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise CorefineError("the model resolver needs the 'tokenizers' package") from exc
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


class OnnxCorefResolver:
    """Resolver protocol (``name = "model"``): raw text in, clusters with confidences out."""

    name = "model"

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        threads: int | None = None,
        genre: str | None = None,
        min_prob: float = 0.0,
        model_file: str = "model.onnx",
        max_words: int = 6000,
    ):
        directory = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        missing = [f for f in (model_file, *MODEL_FILES[1:]) if not (directory / f).is_file()]
        if missing:
            raise CorefineError(f"model directory {directory} lacks {', '.join(missing)}")
        try:
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise CorefineError("the model resolver needs the 'onnxruntime' package") from exc
        self.config = ModelConfig.from_json(directory / "config.json")
        self.tokenizer = load_tokenizer(directory / "tokenizer.json")
        self.special = SpecialIds.from_tokenizer(self.tokenizer)
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
        return doc

    def predict(self, doc: Document, genre: str | None = None) -> list[Cluster]:
        """Clusters for a tokenized document; very long ones are cut at sentence boundaries.

        Why cut: the coarse scorer is quadratic in words. Segments of at most
        ``max_words`` words are resolved independently (no links across them).
        ``genre`` (one of ``config.genres``) overrides the resolver's genre.
        """
        clusters: list[Cluster] = []
        for segment in _segments(doc, self.max_words):
            for c in self._predict_one(segment, genre or self.genre):
                clusters.append(Cluster(len(clusters), c.mentions, c.confidence))
        return clusters

    def raw_outputs(self, doc: Document, genre: str | None = None) -> tuple[Any, list[np.ndarray]]:
        """Inputs built for ``doc`` and the graph's outputs, for debugging and parity tests."""
        genre = genre or self.genre
        inputs = encode_document(doc, self.tokenizer, self.config, self.special, genre)
        outputs = self.session.run(list(OUTPUT_NAMES), inputs.arrays())
        return inputs, outputs

    def _predict_one(self, doc: Document, genre: str | None) -> list[Cluster]:
        if len(doc.tokens) < 2:
            return []
        inputs, (antecedents, probs, start, end) = self.raw_outputs(doc, genre)
        return decode_clusters(
            doc.text,
            doc.tokens,
            inputs.sentence_ids,
            antecedents,
            probs,
            start,
            end,
            self.config.span_radius,
            self.min_prob,
        )


def _segments(doc: Document, max_words: int) -> list[Document]:
    """``doc`` itself, or consecutive-sentence pieces of at most ``max_words`` tokens."""
    if len(doc.tokens) <= max_words or not doc.sentences:
        return [doc]
    pieces: list[list[Sentence]] = [[]]
    count = 0
    for s in doc.sentences:
        size = s.token_end - s.token_start
        if pieces[-1] and count + size > max_words:
            pieces.append([])
            count = 0
        pieces[-1].append(s)
        count += size
    out = []
    for sents in pieces:
        first = sents[0].token_start
        tokens = doc.tokens[first : sents[-1].token_end]
        rebased = [
            Sentence(s.start, s.end, s.token_start - first, s.token_end - first) for s in sents
        ]
        out.append(Document(text=doc.text, tokens=tokens, sentences=rebased, name=doc.name))
    return out
