"""Resolve chunks of texts in this process or in a pool of worker processes.

Why processes: the model holds the GIL between onnxruntime calls, so threads do
not scale; each worker builds its :class:`~corefine.batch.rows.RowResolver`
(loads the model) once, in its initializer, and then resolves chunk after
chunk. Only the texts travel to a worker and only the results come back; the
rows stay with the parent, which writes them. At most two chunks per worker
are in flight, so memory stays flat however long the input is.

Workers are started with ``spawn``: forking a parent that runs threads (the
progress display, pyarrow's pools) can deadlock, and spawn behaves the same on
every platform. A script that calls :func:`corefine.batch.run` with more than
one worker therefore needs the usual ``if __name__ == "__main__":`` guard.

Ctrl-C is the parent's to handle: the runner calls :meth:`Engine.stop`, and
every engine then abandons the row in progress (a row of the model can take
seconds), starts no other, and hands back each chunk in flight with the rows
it has done, so that they are kept for ``--resume``. Workers learn of it from a
shared flag, which the parent sets before it sends them SIGINT itself: the
terminal's SIGINT reaches them too, maybe first, and ``kill -INT`` of the
parent alone must work as well; a worker acts on SIGINT only once the flag is
set, and only inside its rows (:class:`Stopped`). Workers start with SIGINT
blocked (:func:`_sigint_blocked`), or a Ctrl-C while they import would kill them.

The Spark engine (:mod:`corefine.batch.spark_engine`) follows the same
:class:`Engine` protocol and the same :func:`windowed` flow, with Spark tasks
in place of worker processes.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import FrameType
from typing import Any, Protocol

from corefine.batch.readers import Chunk
from corefine.batch.rows import RowResolver, RowResult, RowSettings
from corefine.errors import CorefineError
from corefine.processes import exit_with_parent

TextsOf = Callable[[Chunk], list[object]]
Results = Iterator[tuple[Chunk, list[RowResult]]]


class Engine(Protocol):
    """What the runner needs of an engine: chunks in, each with its results out.

    Results may come back in any order (the runner writes each chunk as its
    own part); ``close`` stops the work still in flight. After ``stop`` (called
    from a signal handler: it must neither block nor take a lock) ``run`` takes
    no more chunks, and a chunk in flight may come back with the results of its
    first rows only.
    """

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class Stopped(KeyboardInterrupt):
    """Raised by a SIGINT handler inside a row, to abandon it: the job is stopping.

    A ``KeyboardInterrupt``, so that a row's ``except Exception`` does not take it
    for a failure of that row, and so that, should it escape, it is an interrupt.
    """


def resolve_until_stopped(
    resolver: RowResolver, texts: Iterable[object], stopping: Callable[[], bool]
) -> list[RowResult]:
    """The results of ``texts``, or of their first rows once stopped: ``stopping()`` is
    asked before each row, and :class:`Stopped` abandons the row in progress."""
    results: list[RowResult] = []
    try:
        for text in texts:
            if stopping():
                break
            results.append(resolver(text))
    except Stopped:
        pass
    return results


class InlineEngine:
    """One resolver in this process: no start-up cost, the simplest failure modes."""

    def __init__(self, settings: RowSettings):
        self._resolver = RowResolver(settings)
        self._stopping = False
        self._busy = False  # resolving rows: where stop() may abandon one

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results:
        for chunk in chunks:
            if self._stopping:
                return
            texts = texts_of(chunk)
            self._busy = True
            try:
                results = resolve_until_stopped(self._resolver, texts, self.stopping)
            except Stopped:  # stopped just outside the rows: none kept of this chunk
                results = []
            finally:
                self._busy = False
            yield chunk, results

    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        """Called by the SIGINT handler, in this thread: abandons the row in progress."""
        if self._stopping:
            return
        self._stopping = True
        if self._busy:
            raise Stopped

    def close(self) -> None:
        pass


class PoolEngine:
    """``workers`` processes, each with its own resolver; results come back as chunks finish."""

    def __init__(self, settings: RowSettings, workers: int):
        context = multiprocessing.get_context("spawn")
        # Shared memory without a lock: setting it from a signal handler cannot deadlock.
        self._stop_flag: Any = context.RawValue(ctypes.c_bool, False)
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(settings, os.getpid(), self._stop_flag),
        )
        self._window = 2 * workers

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results:
        """Yield each chunk with its results, in the order chunks finish."""
        return windowed(chunks, self._submit(texts_of), self._window, self._outcome, self.stopping)

    def _submit(self, texts_of: TextsOf) -> Callable[[Chunk], Future[list[RowResult]]]:
        def submit(chunk: Chunk) -> Future[list[RowResult]]:
            texts = texts_of(chunk)
            with _sigint_blocked():  # a worker started here inherits the mask
                return self._pool.submit(_resolve_texts, texts)

        return submit

    def _outcome(self, future: Future[list[RowResult]]) -> list[RowResult]:
        try:
            return future.result()
        except Stopped:  # stopped just outside the rows: none kept of this chunk
            return []
        except BrokenProcessPool:
            if self.stopping():
                return []  # SIGINT reached a worker before it could take it
            raise CorefineError(
                "a worker process died (out of memory?); finished chunks are kept: "
                "rerun with --resume, perhaps with fewer --workers"
            ) from None

    def stopping(self) -> bool:
        return bool(self._stop_flag.value)

    def stop(self) -> None:
        """Set the flag, then tell the workers (signal-safe: no locks, no waiting)."""
        if self._stop_flag.value:
            return
        self._stop_flag.value = True
        # The executor's own pid → process map (no public one); at worst, nobody is told
        # and the workers stop at their next row.
        processes = getattr(self._pool, "_processes", None) or {}
        for pid in list(processes):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGINT)

    def close(self) -> None:
        """Stop the workers after their current row (results still in flight are dropped)."""
        self._stop_flag.value = True  # no signal: a worker may be idle, or still starting
        self._pool.shutdown(wait=True, cancel_futures=True)


def windowed(
    chunks: Iterable[Chunk],
    submit: Callable[[Chunk], Future[list[RowResult]]],
    window: int,
    outcome: Callable[[Future[list[RowResult]]], list[RowResult]],
    stopping: Callable[[], bool] = lambda: False,
) -> Results:
    """Keep ``window`` chunks in flight; yield each with its results as they finish.

    Why a window: reading stays just ahead of the workers, so memory holds a
    few chunks whatever the input's length. Chunks finished together come
    back in input order; ``outcome`` turns a future into results (or an error).
    Once ``stopping()``, no chunk is submitted and those in flight are drained.
    """
    source = iter(chunks)
    pending: dict[Future[list[RowResult]], Chunk] = {}
    more = True
    while True:
        while more and len(pending) < window and not stopping():
            chunk = next(source, None)
            if chunk is None:
                more = False
                break
            pending[submit(chunk)] = chunk
        if not pending:
            return
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=lambda f: pending[f].index):
            chunk = pending.pop(future)
            yield chunk, outcome(future)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread, and in the processes and threads it starts meanwhile.

    Why: a spawned worker runs Python's default SIGINT handler (KeyboardInterrupt, a
    traceback, a broken pool) until :func:`_init_worker` installs its own; blocked,
    a Ctrl-C waits until then. Blocked here only for a moment, it is then delivered.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# The resolver of a worker process, built once by its initializer.
_worker_resolver: RowResolver | None = None
_worker_error: str | None = None
_worker_stop: Any = None
_worker_busy = False


def _init_worker(settings: RowSettings, parent_pid: int, stop_flag: Any) -> None:
    global _worker_resolver, _worker_error, _worker_stop
    _worker_stop = stop_flag
    # Ctrl-C reaches the whole process group; the parent alone decides what happens.
    signal.signal(signal.SIGINT, _on_sigint)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # see _sigint_blocked
    # A parent killed with SIGKILL cannot stop its workers: they stop themselves.
    exit_with_parent(parent_pid)
    try:
        _worker_resolver = RowResolver(settings)
    except Exception as err:  # reported by the first task, as a one-line error
        _worker_error = str(err) or type(err).__name__


def _resolve_texts(texts: list[object]) -> list[RowResult]:
    if _worker_resolver is None:
        raise CorefineError(_worker_error or "the worker process has no resolver")
    global _worker_busy
    _worker_busy = True
    try:
        return resolve_until_stopped(_worker_resolver, texts, _worker_stopping)
    except Stopped:  # stopped just outside the rows: none kept of this chunk
        return []
    finally:
        _worker_busy = False


def _worker_stopping() -> bool:
    return _worker_stop is not None and bool(_worker_stop.value)


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    """Abandon the row in progress once the parent has decided to stop; else ignore SIGINT."""
    if _worker_busy and _worker_stopping():
        raise Stopped
