"""Give a worker's memory back once a large request is done and nothing else waits.

Why: a worker grew from ~200 MB to ~1 GB after one large batch and stayed there.
Measured (shipped model, two 50,000-character texts, resolved three times in one
model thread; RSS after each):

- as served: 160 MB loaded, then 629, 967, 967 MB;
- ``malloc_trim(0)`` after each: 607, 945, 945 MB (glibc holds little of it);
- ``MALLOC_ARENA_MAX=2``: 616, 954, 954 MB (no better: not glibc's thread arenas);
- onnxruntime's CPU arena switched off: 230-440 MB, 180-210 MB after ``malloc_trim(0)``.

So the memory is onnxruntime's arena: it keeps every block it has grown to,
and with the memory patterns it plans for a repeated input shape it grows again
the second time it sees a long text (a 2,500-word text, twice: 639, then 991 MB).
Shrinking it after every run (the ``memory.enable_memory_arena_shrinkage`` run
option) costs about 10 % more CPU on long texts, since the arena grows back on
the next run; so it is shrunk only when the worker goes idle after a large
request: one tiny run with that option frees every block not in use, then
``malloc_trim(0)`` hands glibc's free pages back to the system. Under a steady
stream of requests nothing is released, and nothing is paid. Measured with this,
through the service (two 50,000-character texts per batch, three batches): 188 MB
loaded, 185-187 MB after each batch (the peak, 656 MB, is unchanged); a release
takes ~35 ms and delays only the large request's own answer.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger("corefine.service")

SHRINK_ARENA = "memory.enable_memory_arena_shrinkage"
# Requests whose texts hold this many characters (about 1,700 words) or more leave
# the arena hundreds of MB larger; shorter ones (a news article: ~2,000) do not.
LARGE_REQUEST_CHARS = 10_000


def malloc_trim() -> Callable[[], Any] | None:
    """glibc's ``malloc_trim(0)``, or ``None`` where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)


class MemoryReleaser:
    """Shrinks the resolver's onnxruntime arena and glibc's heap on request.

    ``release(resolve_tiny)`` runs ``resolve_tiny()`` (a short text through the
    pipeline) with arena shrinkage on, in the calling thread only, then trims
    the heap. A resolver without an onnxruntime session (the rule baseline)
    gets only the trim.
    """

    def __init__(self, resolver: object) -> None:
        self._trim = malloc_trim()
        self._shrinking = threading.local()
        self._shrink_options = _wrap_session(getattr(resolver, "session", None), self._shrinking)

    def release(self, resolve_tiny: Callable[[], object]) -> None:
        if self._shrink_options is not None:
            self._shrinking.on = True
            try:
                resolve_tiny()
            except Exception:  # releasing memory must never fail a request
                log.exception("shrinking the model's memory arena failed")
            finally:
                self._shrinking.on = False
        if self._trim is not None:
            self._trim()


def _wrap_session(session: Any, shrinking: threading.local) -> Any:
    """Make ``session.run`` shrink the arena in a thread whose ``shrinking.on`` is set.

    Why wrap the session here rather than pass options where it is run
    (:mod:`corefine.resolvers.model`): when to release memory is the server's
    decision (it knows when it goes idle); ``corefine resolve`` and ``batch``
    runs end with their process. Returns the run options, or ``None`` when
    ``session`` is not an onnxruntime session.
    """
    run = getattr(session, "run", None)
    if run is None:
        return None
    try:
        import onnxruntime as ort
    except ImportError:  # pragma: no cover - a session implies onnxruntime
        return None
    if not isinstance(session, ort.InferenceSession):
        return None
    options = ort.RunOptions()
    options.add_run_config_entry(SHRINK_ARENA, "cpu:0")

    def run_and_maybe_shrink(output_names: Any, input_feed: Any, run_options: Any = None) -> Any:
        if run_options is None and getattr(shrinking, "on", False):
            run_options = options
        return run(output_names, input_feed, run_options)

    session.run = run_and_maybe_shrink
    return options
