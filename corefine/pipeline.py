"""The Python entry point: ``nlp = corefine.load(); doc = nlp(text)``.

Why a thin wrapper around a :class:`~corefine.resolvers.Resolver`: resolvers
only map text to clusters; a user-facing object must also reject input that
is not text with a message saying what to do, stream large collections
(:meth:`Pipeline.pipe`), and tell once that a text does not look like English.
Importing this module is cheap: onnxruntime and tokenizers load in :func:`load`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from corefine.document import Document
from corefine.errors import CorefineError
from corefine.language import LanguageWarning, language_evidence
from corefine.resolvers import Resolver, get_resolver
from corefine.tokenizer import make_document


def load(
    path: str | Path | None = None, *, threads: int | None = None, genre: str | None = None
) -> Pipeline:
    """The neural model as a :class:`Pipeline`.

    ``path``: a model name (``"accurate"``, the default when its package is
    installed, as ``setup.sh`` does; ``"fast"``, the model inside corefine and
    the default without it; other names come from installed model packages, see
    :func:`corefine.resolvers.model_names.installed_models`), a model directory
    (``model.int8.onnx`` or ``model.onnx``, ``tokenizer.json``, ``config.json``)
    or an ``.onnx`` file in one. ``threads``: onnxruntime's
    intra-op threads (``None``: onnxruntime's default, all cores). ``genre``:
    the document genre the model is told (``None``: news). Raises
    :class:`CorefineError` naming the path and the missing files when there is
    no model there.
    """
    return Pipeline(get_resolver("model", model_path=path, threads=threads, genre=genre))


class Pipeline:
    """Raw text in, :class:`~corefine.document.Document` with clusters out.

    Wraps any resolver (``Pipeline(get_resolver("baseline"))`` works too).
    Calling it on a text that looks non-English warns once per pipeline with
    :class:`~corefine.language.LanguageWarning` and resolves it anyway.
    """

    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self._warned_language = False

    def __repr__(self) -> str:
        return f"Pipeline(resolver={self.resolver.name!r})"

    def __call__(self, text: str) -> Document:
        """Resolve one text; offsets of the result index ``text`` exactly."""
        _check_text(text)
        if not text.strip():
            return make_document(text)
        self._check_language(text)
        return self.resolver(text)

    def pipe(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Document]:
        """Resolve ``texts`` lazily, in input order.

        The iterable is consumed ``batch_size`` texts at a time, only as
        results are asked for, so a generator over a large corpus is never
        held in memory. ``batch_size`` is checked now, not at the first item.
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise CorefineError(f"batch_size must be an int >= 1, got {batch_size!r}")
        if isinstance(texts, (str, bytes)):
            raise CorefineError(
                f"pipe() takes an iterable of texts, got one {type(texts).__name__}; "
                "call the pipeline on a single text instead"
            )
        return self._pipe(iter(texts), batch_size)

    def _pipe(self, texts: Iterator[str], batch_size: int) -> Iterator[Document]:
        while batch := list(islice(texts, batch_size)):
            for text in batch:
                yield self(text)

    def _check_language(self, text: str) -> None:
        if self._warned_language:
            return
        evidence = language_evidence(text)
        if evidence.looks_english():
            return
        self._warned_language = True
        warnings.warn(
            "this text does not look like English (the corefine model is English-only; "
            f"{evidence.words} Latin-script words, {evidence.function_share:.0%} English "
            f"function words, {evidence.non_latin_share:.0%} non-Latin letters): "
            "it is resolved anyway, but expect poor links. This warning is shown once "
            "per pipeline.",
            LanguageWarning,
            stacklevel=3,
        )


# UTF-16 halves: a Python ``str`` may hold them, but they are no characters.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: object) -> None:
    """Reject non-text input with a message that says how to fix it."""
    if isinstance(text, str):
        _check_unicode(text)
        return
    if isinstance(text, (bytes, bytearray)):
        raise CorefineError(
            f"expected str, got {type(text).__name__}: decode it first, e.g. data.decode('utf-8')"
        )
    raise CorefineError(f"expected str, got {type(text).__name__}")


def _check_unicode(text: str) -> None:
    """Reject a lone surrogate, naming the first one and its index.

    Why here and not in the resolvers: such a ``str`` is not Unicode text, so it
    cannot be encoded as UTF-8 for output, and the model's tokenizer fails on it
    with a bare ``TypeError``. It comes from text decoded with
    ``errors="surrogateescape"`` (undecodable bytes become U+DC80..U+DCFF) or
    from JSON such as ``"\\ud800"``; checking once here covers the API, batch
    rows, the CLI and the service alike.
    """
    if text.isascii():
        return
    first = _SURROGATE.search(text)
    if first is None:
        return
    index = first.start()
    count = len(_SURROGATE.findall(text))
    more = f" ({count} in all)" if count > 1 else ""
    raise CorefineError(
        f"text is not valid Unicode: lone surrogate U+{ord(text[index]):04X} at index "
        f"{index}{more}, as left by decoding with errors='surrogateescape' or by JSON "
        'escapes like "\\ud800"; remove or replace it, e.g. '
        "text.encode('utf-8', 'replace').decode('utf-8')"
    )
