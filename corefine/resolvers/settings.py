"""What every entry point runs a resolver with: :class:`ResolverSettings`, and the threshold rule.

Why one type: ``corefine resolve``, ``corefine batch`` (local and Spark), the
service and the spaCy component all choose a resolver, a model directory,
threads and a rewrite policy. :class:`~corefine.batch.rows.RowSettings` and
:class:`~corefine.service.settings.ServiceSettings` extend this type; the CLI
and the spaCy component build it. Values are plain (they pickle to worker
processes and Spark executors, and go through JSON to service workers).

The threshold rule lives in :func:`effective_min_confidence` only:
``min_confidence=None`` means the threshold the model recommends
(:attr:`~corefine.document.Document.default_min_confidence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from corefine.document import Document
from corefine.errors import CorefineError
from corefine.resolvers.registry import (
    DEFAULT_RESOLVER,
    RESOLVERS,
    Resolver,
    get_resolver,
    locate_model,
)
from corefine.rewriter.policy import ReplaceMode, RewritePolicy


@dataclass(frozen=True, slots=True)
class ResolverSettings:
    """The resolver and the rewrite policy of a run.

    ``resolver`` names one of :data:`~corefine.resolvers.RESOLVERS`; ``model``
    is a model directory for the ``model`` resolver (``None``: the default
    model); ``threads`` is onnxruntime's intra-op threads (``None``: all
    cores). ``replace`` is which mentions to replace and ``min_confidence``
    the replacement threshold (``None``: the model's own, see
    :func:`effective_min_confidence`).
    """

    resolver: str = DEFAULT_RESOLVER
    model: str | None = None
    threads: int | None = None
    replace: str = "pronouns"
    min_confidence: float | None = None

    @property
    def model_in_use(self) -> str | None:
        """The model name or directory this run resolves with: ``model``, else the default
        model's name (it depends on the installed packages); ``None`` for a resolver
        without a model."""
        if self.resolver != "model":
            return None
        from corefine.resolvers.model_names import default_model_name

        return self.model if self.model is not None else default_model_name()

    def validate(self, allowed: Sequence[str] = RESOLVERS, command: str = "") -> None:
        """Refuse unusable values with a :class:`CorefineError` saying which.

        ``allowed`` is the resolvers the caller can run and ``command`` names
        the caller in the message (``"batch"``, ``"serve"``). Whether the model
        directory holds a model is :meth:`locate`'s question. Validated once, by
        whoever takes the options (not by every worker).
        """
        if self.resolver not in allowed:
            where = f" for {command}" if command else ""
            raise CorefineError(
                f"unknown resolver {self.resolver!r}{where}; choose one of: {', '.join(allowed)}"
            )
        if self.model is not None and self.resolver != "model":
            raise CorefineError(f"--model applies to the 'model' resolver, not {self.resolver!r}")
        threads = self.threads
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or threads < 1
        ):
            raise CorefineError(f"--threads must be an integer >= 1, got {threads!r}")
        self.check_policy()

    def check_policy(self) -> None:
        """Refuse a bad ``replace`` or ``min_confidence``.

        Raises :class:`~corefine.rewriter.RewriteError` (a :class:`CorefineError`).
        """
        threshold = 0.0 if self.min_confidence is None else self.min_confidence
        RewritePolicy(replace=cast(ReplaceMode, self.replace), min_confidence=threshold)

    def locate(self) -> None:
        """For the ``model`` resolver, check (without loading it) that its directory has a model."""
        if self.resolver == "model":
            locate_model(self.model)

    def build(self) -> Resolver:
        """The resolver these settings name (loading the model is the expensive part)."""
        return get_resolver(self.resolver, model_path=self.model, threads=self.threads)


def effective_min_confidence(min_confidence: float | None, doc: Document) -> float:
    """The replacement threshold: ``min_confidence``, or where it is ``None`` the model's own.

    The model's own is the one it recorded on ``doc``
    (:attr:`~corefine.document.Document.default_min_confidence`; 0 for the
    rule resolver). The one place this rule is written.
    """
    return doc.default_min_confidence if min_confidence is None else min_confidence


def rewrite_policy(settings: ResolverSettings, doc: Document) -> RewritePolicy:
    """The policy to rewrite ``doc`` with under ``settings``.

    ``min_confidence=None`` is the model's own (:func:`effective_min_confidence`).
    """
    return RewritePolicy(
        replace=cast(ReplaceMode, settings.replace),
        min_confidence=effective_min_confidence(settings.min_confidence, doc),
    )
