"""One text in, the batch's output fields out: the function every batch engine shares.

Why a separate, pure piece: the local engine (worker processes) and a
distributed one (e.g. Spark's ``mapInPandas``) must give the same
``resolved_text``, ``clusters``, ``n_replacements`` and ``error`` for the same
text, so both call :class:`RowResolver`; it knows nothing of files, chunks or
checkpoints. A row that cannot be resolved (no text, not a string, a failure
inside the model) gets its ``error`` set instead of stopping the job.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corefine.batch.formats import OUTPUT_COLUMNS, csv_cell
from corefine.errors import CorefineError
from corefine.language import LanguageWarning
from corefine.outputs import clusters_to_json
from corefine.pipeline import Pipeline
from corefine.resolvers import DEFAULT_RESOLVER, TEXT_RESOLVERS, ResolverSettings, rewrite_policy
from corefine.resolvers.model_names import portable_model

# The resolvers a batch job may run (``gold`` needs annotated documents).
BATCH_RESOLVERS = TEXT_RESOLVERS


@dataclass(frozen=True, slots=True)
class RowSettings(ResolverSettings):
    """What decides a row's output: the resolver and the rewrite policy.

    The shared :class:`~corefine.resolvers.ResolverSettings`, as a batch job
    records it in its checkpoint and ships it (pickled) to worker processes
    and Spark executors. ``threads`` is onnxruntime's intra-op threads per
    process (``None``: all cores). ``min_confidence=None`` keeps the
    threshold the model recommends
    (:func:`~corefine.resolvers.effective_min_confidence`).
    """


@dataclass(frozen=True, slots=True)
class RowResult:
    """The output fields of one row, plus what the job counts.

    On failure the three result fields are ``None`` (an empty cell in CSV) and
    ``error`` says why; otherwise ``error`` is ``""``. ``words`` (whitespace
    words of the text) feeds the words/s figure and ``empty`` marks a text with
    nothing to resolve; neither is an output column.
    """

    resolved_text: str | None
    clusters: str | None
    n_replacements: int | None
    error: str = ""
    words: int = 0
    empty: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def output_fields(self) -> dict[str, Any]:
        """The added columns, named as in :data:`~corefine.batch.formats.OUTPUT_COLUMNS`."""
        return dict(zip(OUTPUT_COLUMNS, self.values(), strict=True))

    def values(self) -> tuple[str | None, str | None, int | None, str]:
        return (self.resolved_text, self.clusters, self.n_replacements, self.error)

    def csv_cells(self) -> list[str]:
        return [csv_cell(v) for v in self.values()]


def failure(error: str) -> RowResult:
    """A failed row: no results, and ``error`` on one line."""
    return RowResult(None, None, None, " ".join(error.split()) or "failed")


def text_problem(value: object) -> str | None:
    """Why ``value`` cannot be resolved as a text, or ``None`` if it can.

    An empty string is a valid (empty) text; a missing value (null, NaN, a
    JSON line without the key) and anything that is not a string are errors,
    because resolving ``str(value)`` would silently invent a text.
    """
    if isinstance(value, str):
        return None
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "text is missing"
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values (Spark)
        return "text is missing"
    if isinstance(value, (bytes, bytearray)):
        return "text is bytes, not a string; decode it first"
    return f"text is not a string but {type(value).__name__}"


def without_model(value: object) -> RowResult | None:
    """The result of a row that needs no resolver (no text, or no words), else ``None``.

    Why apart from :class:`RowResolver`: an engine that ships texts elsewhere
    (Spark executors) settles these rows where they are read, exactly as the
    resolver would, and sends only real texts.
    """
    problem = text_problem(value)
    if problem is not None:
        return failure(problem)
    assert isinstance(value, str)
    if not value.split():
        return RowResult(value, "[]", 0, words=0, empty=True)
    return None


def checked_settings(
    resolver: str = DEFAULT_RESOLVER,
    model: str | Path | None = None,
    threads: int | None = None,
    replace: str = "pronouns",
    min_confidence: float | None = None,
) -> RowSettings:
    """:class:`RowSettings` from user options, refused here rather than in every worker.

    A model directory is made absolute (a name stays one), since workers
    (processes, Spark executors) may run elsewhere; whether it holds a model is checked by
    whoever knows where the model must be.
    """
    settings = RowSettings(resolver, portable_model(model), threads, replace, min_confidence)
    settings.validate(BATCH_RESOLVERS, "batch")
    return settings


class RowResolver:
    """Resolves texts into :class:`RowResult` with one resolver, built once.

    Build one per process (loading the model is the expensive part) and call
    it on every text. Bad settings (an unknown resolver, a model directory
    without a model, a bad ``replace``) raise :class:`CorefineError` here,
    not once per row.
    """

    def __init__(self, settings: RowSettings):
        self.settings = settings
        settings.check_policy()  # a bad replace / min_confidence fails now, not per row
        self._nlp = Pipeline(settings.build())

    def __call__(self, text: object) -> RowResult:
        settled = without_model(text)
        if settled is not None:
            return settled
        assert isinstance(text, str)
        try:
            with warnings.catch_warnings():
                # Batch rows are often short or mixed; the once-per-pipeline
                # language warning would only interleave with the progress bar.
                # The job's summary counts such rows instead (runner._finish_chunk).
                warnings.simplefilter("ignore", LanguageWarning)
                doc = self._nlp(text)
            result = doc.resolve(rewrite_policy(self.settings, doc))
            clusters = clusters_to_json(doc)
        except CorefineError as err:
            return failure(str(err))
        except Exception as err:  # a failure inside the model: this row only
            return failure(f"{type(err).__name__}: {err}")
        return RowResult(result.text, clusters, len(result.replacements), words=len(text.split()))

    def resolve_many(self, texts: Iterable[object]) -> list[RowResult]:
        return [self(text) for text in texts]
