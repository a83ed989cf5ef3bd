"""What a ``corefine serve`` process runs with: :class:`ServiceSettings`.

Why a plain, frozen dataclass that round-trips through one environment
variable: uvicorn starts each extra worker as a fresh process that builds the
app from an import string (:func:`corefine.service.app.app_from_env`), so the
options given on the command line must reach it as text. Everything is checked
in :meth:`ServiceSettings.check`, before any worker starts, so that a bad
option is one line and exit status 2 rather than a traceback per worker.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass
from typing import Any

from corefine.errors import CorefineError
from corefine.resolvers import TEXT_RESOLVERS, ResolverSettings
from corefine.rewriter.policy import RewriteError

SETTINGS_ENV = "COREFINE_SERVICE_SETTINGS"
# The pid of `corefine serve --workers N`, whose workers exit when it dies.
SUPERVISOR_ENV = "COREFINE_SUPERVISOR_PID"
# The resolvers a service may run (``gold`` needs annotated documents).
SERVICE_RESOLVERS = TEXT_RESOLVERS

DEFAULT_MAX_BODY_BYTES = 1_048_576  # 1 MiB: a long news article is ~50 KB of JSON
DEFAULT_MAX_TEXT_CHARS = 100_000  # ~17,000 words, the length of a long report
DEFAULT_MAX_BATCH_TEXTS = 32
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_CONCURRENCY = 1  # onnxruntime already spreads one call over all cores


@dataclass(frozen=True, slots=True)
class ServiceSettings(ResolverSettings):
    """The resolver, the request defaults and the limits of one service.

    ``resolver``/``model``/``threads`` choose the resolver as ``corefine
    resolve`` does (the shared :class:`~corefine.resolvers.ResolverSettings`:
    ``model=None``: the default model; ``threads``: onnxruntime's intra-op
    threads, ``None``: all cores). ``replace`` and ``min_confidence`` are the
    defaults of requests that do not set them (``min_confidence=None``: the
    threshold the model recommends).
    ``concurrency`` is how many texts one worker resolves at once (its model
    thread pool); requests beyond it wait, within ``timeout_s``, which bounds
    the whole handling of a request. ``max_body_bytes``, ``max_text_chars``
    and ``max_batch_texts`` bound a request (413 beyond them).
    """

    concurrency: int = DEFAULT_CONCURRENCY
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    max_batch_texts: int = DEFAULT_MAX_BATCH_TEXTS
    timeout_s: float = DEFAULT_TIMEOUT_S

    def check(self, *, locate_model: bool = True) -> ServiceSettings:
        """``self`` if every value is usable, else a :class:`CorefineError` saying which is not.

        With ``locate_model``, also checks the model directory's files
        (cheaply, without loading it) so that ``corefine serve --model DIR``
        fails before uvicorn starts.
        """
        try:
            self.validate(SERVICE_RESOLVERS, "serve")
        except RewriteError as err:
            raise CorefineError(err.message) from None
        for name in ("concurrency", "max_body_bytes", "max_text_chars"):
            _check_positive_int(name, getattr(self, name))
        _check_positive_int("max_batch_texts", self.max_batch_texts)
        timeout = self.timeout_s
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, (int, float))
            or not math.isfinite(timeout)
            or timeout <= 0
        ):
            raise CorefineError(f"timeout must be a number of seconds > 0, got {timeout!r}")
        if locate_model:
            self.locate()
        return self

    def to_env(self) -> str:
        """These settings as the value of :data:`SETTINGS_ENV`."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServiceSettings:
        """The settings in :data:`SETTINGS_ENV` (defaults when it is unset), checked."""
        env = os.environ if environ is None else environ
        raw = env.get(SETTINGS_ENV)
        if not raw:
            return cls().check()
        try:
            values: Any = json.loads(raw)
        except json.JSONDecodeError as err:
            raise CorefineError(f"{SETTINGS_ENV} is not valid JSON: {err.msg}") from None
        if not isinstance(values, dict):
            raise CorefineError(f"{SETTINGS_ENV} must hold a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise CorefineError(f"{SETTINGS_ENV} has unknown settings: {', '.join(unknown)}")
        return cls(**values).check()


def _check_positive_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        option = "--" + name.replace("_", "-")
        raise CorefineError(f"{option} must be an integer >= 1, got {value!r}")
