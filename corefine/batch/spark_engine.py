"""``corefine batch --engine spark``: each chunk of the input resolved as a Spark task.

Why the driver reads and writes the file, and Spark only resolves: the output
must be the bytes the local engine writes, and resumable the same way.
Spark's own readers do not keep values as corefine's do (an empty CSV cell
becomes null, JSON keys are sorted, typed once per key and filled with nulls
where a line lacks them) and its writers produce a directory of part files.
So the runner reads the input with the local engine's readers, chunk by chunk,
this engine sends each chunk's texts to Spark as a one-partition DataFrame
resolved by :func:`~corefine.integrations.spark.with_results` (the pandas UDF behind
:func:`corefine.integrations.spark.resolve_column`), and the runner writes the results as
the same checkpointed parts: same output, same ``--resume``, same errors.
Rows already settled without a model (no text, no words) never leave the
driver.

Each chunk is one Spark job; ``2 × slots`` of them are in flight (submitted
from driver threads, queued by Spark's FIFO scheduler), so the cores stay busy
while the driver writes finished chunks. Results come back in input order
within each chunk (rows carry their position), whatever order Spark runs in.

Ctrl-C (:meth:`SparkEngine.stop`) cancels the Spark jobs in flight: a task
cannot hand back part of a chunk, so those chunks are redone by ``--resume``.

Trade-off: every text passes through the driver. For one file that is cheap
next to the model (bytes move at hundreds of MB/s, the model resolves
thousands of words per second per core), and it works with any master, since
executors need no access to the input path. For data that already lives in
the cluster (HDFS, S3, tables), call
:func:`corefine.integrations.spark.resolve_column` on the DataFrame and write
it with Spark's writers instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import threading
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa

from corefine.batch.engine import Results, TextsOf, windowed
from corefine.batch.formats import OUTPUT_COLUMNS
from corefine.batch.readers import Chunk
from corefine.batch.rows import RowResolver, RowResult, RowSettings, without_model
from corefine.errors import CorefineError

_ROW = "row"
_TEXT = "text"
_LOG_CONFIG = "spark-log4j2.properties"


class SparkEngine:
    """Chunks resolved on Spark; the session is the active one, or one started for ``master``.

    A session this engine starts (``master``, e.g. ``local[4]`` or
    ``spark://host:7077``) is stopped by :meth:`close`; an active session (a
    notebook's, a test's) is used as it is and left running.
    """

    def __init__(self, settings: RowSettings, master: str | None, default_master: str):
        self._settings = settings
        self._spark, self._owned = _session(master, default_master)
        self._group = f"corefine-batch-{uuid.uuid4().hex[:12]}"
        slots = max(1, int(self._spark.sparkContext.defaultParallelism))
        self._window = 2 * slots
        self._threads = ThreadPoolExecutor(self._window, thread_name_prefix="corefine-spark")
        self._local: RowResolver | None = None
        self._local_lock = threading.Lock()
        self._in_flight: set[Future[list[RowResult]]] = set()
        self._stopping = False
        self._closing = False
        # stop() runs in a signal handler: it only wakes this thread, which talks to Spark.
        self._stop_requested = threading.Event()
        threading.Thread(target=self._cancel_when_stopped, daemon=True).start()

    def run(self, chunks: Iterable[Chunk], texts_of: TextsOf) -> Results:
        """Yield each chunk with its results, in the order chunks finish."""
        return windowed(
            chunks,
            lambda chunk: self._submit(texts_of(chunk)),
            self._window,
            self._outcome,
            self.stopping,
        )

    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        if not self._stopping:
            self._stopping = True
            self._stop_requested.set()

    def _cancel_when_stopped(self) -> None:
        self._stop_requested.wait()
        if self._closing:
            return  # close() cancels what is left itself
        with contextlib.suppress(Exception):  # the session may be gone (a dead JVM)
            self._spark.sparkContext.cancelJobGroup(self._group)

    def _outcome(self, future: Future[list[RowResult]]) -> list[RowResult]:
        """A chunk's results; none (not done, redone on --resume) for a job cancelled by stop."""
        if self._stopping and future.exception() is not None:
            return []
        return _outcome(future)

    def close(self) -> None:
        """Cancel the jobs still running, then stop the session if this engine started it."""
        self._closing = True
        self._stop_requested.set()  # ends the thread that waits for stop()
        if any(not future.done() for future in list(self._in_flight)):
            with contextlib.suppress(Exception):  # the session may be gone (a dead JVM)
                self._spark.sparkContext.cancelJobGroup(self._group)
        self._threads.shutdown(wait=True, cancel_futures=True)
        if self._owned:
            self._spark.stop()

    def _submit(self, texts: list[object]) -> Future[list[RowResult]]:
        future = self._threads.submit(self._resolve, texts)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)
        return future

    def _resolve(self, texts: list[object]) -> list[RowResult]:
        """One chunk: settle what needs no model here, send the rest to Spark, put back in order."""
        results: list[RowResult | None] = [without_model(t) for t in texts]
        todo = [i for i, r in enumerate(results) if r is None]
        sendable = [i for i in todo if _utf8(texts[i])]
        for i in sorted(set(todo) - set(sendable)):
            # A lone surrogate (JSON "\ud800") is no valid UTF-8, which Spark needs.
            results[i] = self._local_resolver()(texts[i])
        if sendable:
            for i, result in self._on_spark(sendable, texts):
                results[i] = result
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:
            raise CorefineError(f"Spark returned no result for {len(missing)} row(s) of a chunk")
        return [r for r in results if r is not None]

    def _on_spark(self, rows: list[int], texts: list[object]) -> list[tuple[int, RowResult]]:
        from corefine.integrations.spark import with_results

        table = pa.table(
            {
                _ROW: pa.array(rows, pa.int64()),
                _TEXT: pa.array([texts[i] for i in rows], pa.string()),
            }
        )
        sc = self._spark.sparkContext
        sc.setJobGroup(self._group, "corefine batch", interruptOnCancel=True)
        df = self._spark.createDataFrame(table).coalesce(1)
        out = with_results(df, _TEXT, self._settings).select(_ROW, *OUTPUT_COLUMNS).toArrow()
        resolved = []
        for row in out.to_pylist():
            text = texts[row[_ROW]]
            assert isinstance(text, str)
            error = row["error"] or ""
            fields = (row["resolved_text"], row["clusters"], row["n_replacements"], error)
            words = 0 if error else len(text.split())  # as RowResolver counts them
            resolved.append((row[_ROW], RowResult(*fields, words=words)))
        return resolved

    def _local_resolver(self) -> RowResolver:
        with self._local_lock:
            if self._local is None:
                self._local = RowResolver(self._settings)
            return self._local


def _utf8(text: object) -> bool:
    try:
        str(text).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _outcome(future: Future[list[RowResult]]) -> list[RowResult]:
    try:
        return future.result()
    except CorefineError:
        raise
    except Exception as err:
        raise CorefineError(f"the Spark job failed: {spark_error(err)}") from None


def spark_error(err: BaseException) -> str:
    """One line for a failed Spark job: the last line of the Python error inside it, if any.

    Why: a failure in a Python worker reaches the driver as the worker's whole
    traceback wrapped in the JVM's; its last ``Type: message`` line is the cause.
    """
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    causes = [line for line in lines if ": " in line and not line.startswith(("File ", "at "))]
    for line in reversed(causes):
        if "Error: " in line or "Exception: " in line:
            return line.removeprefix("corefine.errors.CorefineError: ")
    return (causes or lines or [type(err).__name__])[-1]


def _session(master: str | None, default_master: str) -> tuple[Any, bool]:
    """The active Spark session (not ours to stop), or a new one on ``master``."""
    try:
        from pyspark.sql import SparkSession

        import corefine.integrations.spark  # noqa: F401  (pandas and pyspark.sql must import too)
    except ImportError as err:
        raise CorefineError(
            f"--engine spark needs pyspark and pandas ({err}); "
            "install them with: pip install 'corefine[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        running = active.sparkContext.master
        if master is not None and master != running:
            raise CorefineError(
                f"a Spark session is already running on {running}; "
                f"it cannot also run on --spark-master {master}"
            )
        return active, False
    master = master or default_master
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise CorefineError(
            "--engine spark needs a Java runtime (17 or later): install one, or set JAVA_HOME"
        )
    if master.startswith("local"):
        # Python workers run the driver's interpreter (the one corefine is installed in),
        # not whatever `python3` is first on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("corefine batch")
        .config("spark.ui.showConsoleProgress", "false")  # corefine shows its own progress
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={_log_config()}")
    )
    if master.startswith("local"):
        builder = builder.config("spark.ui.enabled", "false")
    try:
        return builder.getOrCreate(), True
    except Exception as err:
        raise CorefineError(f"cannot start Spark on {master}: {spark_error(err)}") from None


def _log_config() -> str:
    """The packaged log4j2 configuration, as a ``file:`` URI (no spaces to split options on)."""
    return Path(str(resources.files("corefine.batch") / _LOG_CONFIG)).resolve().as_uri()
