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

The Spark engine (:mod:`corefine.batch.spark_engine`) follows the same
:class:`Engine` protocol and the same :func:`windowed` flow, with Spark tasks
in place of worker processes.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from corefine.batch.readers import Chunk
from corefine.batch.rows import RowResolver, RowResult, RowSettings
from corefine.errors import CorefineError
from corefine.processes import exit_with_parent

TextsOf = Callable[[Chunk], list[object]]
Results = Iterator[tuple[Chunk, list[RowResult]]]


class Engine(Protocol):
    """What the runner needs of an engine: chunks in, each with its results out.

    Results may come back in any order (the runner writes each chunk as its
    own part); ``close`` stops the work still in flight.
    """

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results: ...

    def close(self) -> None: ...


class InlineEngine:
    """One resolver in this process: no start-up cost, the simplest failure modes."""

    def __init__(self, settings: RowSettings):
        self._resolver = RowResolver(settings)

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results:
        for chunk in chunks:
            yield chunk, self._resolver.resolve_many(texts_of(chunk))

    def close(self) -> None:
        pass


class PoolEngine:
    """``workers`` processes, each with its own resolver; results come back as chunks finish."""

    def __init__(self, settings: RowSettings, workers: int):
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(settings, os.getpid()),
        )
        self._window = 2 * workers

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results:
        """Yield each chunk with its results, in the order chunks finish."""
        return windowed(
            chunks,
            lambda chunk: self._pool.submit(_resolve_texts, texts_of(chunk)),
            self._window,
            _outcome,
        )

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def windowed(
    chunks: Iterable[Chunk],
    submit: Callable[[Chunk], Future[list[RowResult]]],
    window: int,
    outcome: Callable[[Future[list[RowResult]]], list[RowResult]],
) -> Results:
    """Keep ``window`` chunks in flight; yield each with its results as they finish.

    Why a window: reading stays just ahead of the workers, so memory holds a
    few chunks whatever the input's length. Chunks finished together come
    back in input order; ``outcome`` turns a future into results (or an error).
    """
    source = iter(chunks)
    pending: dict[Future[list[RowResult]], Chunk] = {}
    more = True
    while True:
        while more and len(pending) < window:
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


def _outcome(future: Future[list[RowResult]]) -> list[RowResult]:
    try:
        return future.result()
    except BrokenProcessPool:
        raise CorefineError(
            "a worker process died (out of memory?); finished chunks are kept: "
            "rerun with --resume, perhaps with fewer --workers"
        ) from None


# The resolver of a worker process, built once by its initializer.
_worker_resolver: RowResolver | None = None
_worker_error: str | None = None


def _init_worker(settings: RowSettings, parent_pid: int) -> None:
    global _worker_resolver, _worker_error
    # Ctrl-C reaches the whole process group; the parent alone decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed with SIGKILL cannot stop its workers: they stop themselves.
    exit_with_parent(parent_pid)
    try:
        _worker_resolver = RowResolver(settings)
    except Exception as err:  # reported by the first task, as a one-line error
        _worker_error = str(err) or type(err).__name__


def _resolve_texts(texts: list[object]) -> list[RowResult]:
    if _worker_resolver is None:
        raise CorefineError(_worker_error or "the worker process has no resolver")
    return _worker_resolver.resolve_many(texts)
