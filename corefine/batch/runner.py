"""``corefine batch``: a file of texts in, the same rows plus their resolution out.

The order of things is what makes a job safe to kill at any moment:

1. everything that can be checked without writing is checked first (an
   output that cannot be written, formats, the text and id columns, an
   existing output or work directory, a model that is not there), so bad
   input leaves no trace and costs no model load;
2. the work directory records the job (:mod:`corefine.batch.checkpoint`); a
   resumed job must be the same job (its input may have been fixed: the
   finished chunks whose rows changed are redone);
3. chunks go to the engine, and each finished chunk becomes a part file; the
   first Ctrl-C stops the engine after the rows in progress, which are saved
   too (:class:`Interrupted`);
4. when the input is exhausted the parts are joined into the output, which
   appears in one rename, and the work directory is removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from corefine.batch.checkpoint import Manifest, PartRecord, SavedRows, WorkDir, work_dir_of
from corefine.batch.engine import Engine, InlineEngine, PoolEngine
from corefine.batch.formats import Format, format_of, require_column
from corefine.batch.progress import Progress, ProgressMode, make_progress
from corefine.batch.readers import Chunk, Reader, open_reader
from corefine.batch.rows import RowResult, RowSettings, checked_settings
from corefine.batch.writers import EXTENSIONS, Part, assemble, write_part
from corefine.errors import CorefineError
from corefine.extras import PARQUET_FEATURE, require_extra
from corefine.language import looks_english
from corefine.resolvers import DEFAULT_RESOLVER, locate_model

if TYPE_CHECKING:
    from corefine.batch.parquet import ColumnTypes

DEFAULT_CHUNK_SIZE = 100
ENGINES = ("local", "spark")
# Failed rows named in the summary (the rest are in the output's error column).
LISTED_ERRORS = 5


@dataclass
class BatchSummary:
    """What a job did: rows resolved, empty (nothing to resolve) and failed, and where to."""

    output: Path
    rows: int = 0
    resolved: int = 0
    empty: int = 0
    failed: int = 0
    not_english: int = 0
    resumed_rows: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    # (chunk, position, error) of the first failures: chunks finish in any order.
    _first: list[tuple[int, int, str]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def add(self, record: PartRecord) -> None:
        self.rows += record.rows
        self.resolved += record.resolved
        self.empty += record.empty
        self.failed += record.failed
        self.not_english += record.not_english
        self.words += record.words
        self._first.extend((record.index, k, e) for k, e in enumerate(record.errors))
        self._first.sort()
        del self._first[LISTED_ERRORS:]
        self.errors = [error for _, _, error in self._first]

    def line(self) -> str:
        """One line for people: counts, time and output."""
        earlier = f"; {self.resumed_rows:,} by an earlier run" if self.resumed_rows else ""
        foreign = (
            f" ({self.not_english:,} of them do not look like English: the model is English-only)"
            if self.not_english
            else ""
        )
        return (
            f"{self.rows:,} rows: {self.resolved:,} resolved{foreign}, {self.empty:,} skipped "
            f"(empty text), {self.failed:,} failed{earlier}; {self.seconds:.1f} s; wrote "
            f"{self.output}"
        )


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped the job after the rows in progress: ``rows`` done are kept in ``work``
    for ``--resume`` (``work`` is ``None`` when no row was done and nothing is left)."""

    def __init__(self, rows: int, work: Path | None):
        super().__init__(rows, work)
        self.rows = rows
        self.work = work


@dataclass(frozen=True)
class _Job:
    source: Path
    dest: Path
    input_format: Format
    output_format: Format
    text_column: str
    id_column: str | None
    row: RowSettings
    workers: int
    model_fingerprint: str | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.output_format]

    def manifest(self, chunk_size: int) -> Manifest:
        settings: dict[str, Any] = {
            "input_format": self.input_format,
            "output_format": self.output_format,
            "text_column": self.text_column,
            "id_column": self.id_column,
            "chunk_size": chunk_size,
            "resolver": self.row.resolver,
            "model": self.row.model,
            "model_fingerprint": self.model_fingerprint,
            "replace": self.row.replace,
            "min_confidence": self.row.min_confidence,
            "corefine_version": _version(),
        }
        return Manifest.for_input(self.source, settings)


def run(
    input: str | Path,
    output: str | Path,
    *,
    text_column: str,
    id_column: str | None = None,
    input_format: str | None = None,
    output_format: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    chunk_size: int | None = None,
    resolver: str = DEFAULT_RESOLVER,
    model: str | Path | None = None,
    replace: str = "pronouns",
    min_confidence: float | None = None,
    resume: bool = False,
    overwrite: bool = False,
    progress: ProgressMode = "auto",
    engine: str = "local",
    spark_master: str | None = None,
) -> BatchSummary:
    """Resolve the ``text_column`` of every row of ``input`` into ``output``.

    The output has every input column unchanged, then ``resolved_text``,
    ``clusters`` (JSON: character offsets into the original text),
    ``n_replacements`` and ``error`` (``""`` unless the row failed), rows in
    input order. Formats (``csv``, ``jsonl``, ``parquet``) follow the file
    extensions unless given. ``workers`` processes (default: one per CPU) each
    load the model once, with ``threads`` onnxruntime threads (default: 1
    when there are several workers). ``replace`` and ``min_confidence`` are
    the rewrite policy (``None``: the model's recommended threshold).

    Progress is kept in ``OUTPUT.corefine-parts/`` every ``chunk_size`` rows:
    after a crash or kill, ``resume=True`` continues the job, and the output
    is the same bytes an uninterrupted run writes (if the input was changed
    meanwhile, the finished chunks whose rows changed are redone). Ctrl-C
    (SIGINT) stops after the rows in progress, saves them and raises
    :class:`Interrupted`; a second Ctrl-C stops at once. An existing output or
    work directory is refused unless ``resume`` or ``overwrite``. Bad input raises
    :class:`CorefineError`; a row that cannot be resolved only sets its
    ``error``. ``progress``: ``"auto"`` (a bar on a terminal, else a line
    on stderr every 10 s), ``"bar"``, ``"log"`` or ``"off"``. With
    ``workers > 1`` a calling script needs an ``if __name__ == "__main__":``
    guard (workers are spawned).

    ``engine="spark"`` resolves the chunks as Spark tasks instead (same
    output, same resume; see :mod:`corefine.batch.spark_engine`): on the
    active Spark session if there is one, else on a session started for
    ``spark_master`` (default ``local[workers]``) and stopped at the end;
    ``threads`` defaults to 1 per task.
    """
    started = time.monotonic()
    if resume and overwrite:
        raise CorefineError("--resume and --overwrite exclude each other; choose one")
    for name, value in (("chunk_size", chunk_size), ("workers", workers), ("threads", threads)):
        if value is not None and (isinstance(value, bool) or value < 1):
            raise CorefineError(f"{name} must be at least 1, got {value!r}")
    _check_engine(engine, spark_master, workers)
    _check_output(Path(output))
    if engine == "spark" and threads is None:
        threads = 1  # Spark runs one task per core: one onnxruntime thread each
    row = _row_settings(resolver, model, threads, workers, replace, min_confidence)
    job = _Job(
        source=Path(input),
        dest=Path(output),
        input_format=format_of(Path(input), input_format, "--input-format"),
        output_format=format_of(Path(output), output_format, "--format"),
        text_column=text_column,
        id_column=id_column,
        row=row,
        workers=workers if workers is not None else default_workers(),
        model_fingerprint=_model_fingerprint(row),  # also checks that the model is there
    )
    if "parquet" in (job.input_format, job.output_format):
        require_extra("parquet", PARQUET_FEATURE)  # before any row is resolved
    _check_paths(job)
    work = WorkDir(job.dest)
    with open_reader(job.source, job.input_format) as reader:
        _check_columns(job, reader)
        _check_destination(job, work, resume, overwrite)
        if resume and work.exists():
            _check_resumable(job, work, chunk_size)
        chosen = _make_engine(job, engine, spark_master)
        try:
            _make_parent(job.dest)
            with work.locked():
                summary = _run_locked(job, work, reader, chosen, chunk_size, resume, progress)
        finally:
            chosen.close()
    summary.seconds = time.monotonic() - started
    return summary


def _row_settings(
    resolver: str,
    model: str | Path | None,
    threads: int | None,
    workers: int | None,
    replace: str,
    min_confidence: float | None,
) -> RowSettings:
    """The row settings, checked now rather than in every worker."""
    n_workers = workers if workers is not None else default_workers()
    if threads is None and n_workers > 1:
        threads = 1  # one onnxruntime thread per worker: processes, not threads, share the CPU
    return checked_settings(resolver, model, threads, replace, min_confidence)


def _check_engine(engine: str, spark_master: str | None, workers: int | None) -> None:
    if engine not in ENGINES:
        raise CorefineError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if spark_master is not None and engine != "spark":
        raise CorefineError("--spark-master applies to --engine spark")
    if spark_master is not None and workers is not None:
        raise CorefineError(
            "--workers N only sets the default --spark-master local[N]; give one or the other"
        )


def _make_engine(job: _Job, engine: str, spark_master: str | None) -> Engine:
    """The engine, started only once the input and destination have been checked."""
    if engine == "spark":
        from corefine.batch.spark_engine import SparkEngine

        return SparkEngine(job.row, spark_master, default_master=f"local[{job.workers}]")
    if job.workers == 1:
        return InlineEngine(job.row)
    return PoolEngine(job.row, job.workers)


def _check_paths(job: _Job) -> None:
    if job.dest.exists() and job.dest.resolve() == job.source.resolve():
        raise CorefineError("the output would overwrite the input; choose another path", job.dest)


def _check_output(dest: Path) -> None:
    """Refuse an output that cannot be written: a directory, a path under a file, a directory
    this user may not write in.

    Why before anything else: found when the work directory was made, these came
    after the model had loaded, and as tracebacks. Missing directories are fine:
    they are created (:func:`_make_parent`), in the nearest one that exists.
    """
    if dest.is_dir():
        raise CorefineError("is a directory; the output must be a file path", dest)
    existing = next(p for p in [dest.parent, *dest.parent.parents] if os.path.lexists(p))
    if not existing.is_dir():
        raise CorefineError(f"cannot create the output: {existing} is not a directory", dest)
    work = work_dir_of(dest)
    for folder in (existing, work) if work.is_dir() else (existing,):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise CorefineError(
                f"cannot write the output: no permission to write in {folder}", dest
            )


def _make_parent(dest: Path) -> None:
    """Create the output's directory (checked by :func:`_check_output`, but things change)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CorefineError(
            f"cannot create the output's directory: {err.strerror or err}", err.filename or dest
        ) from None


def default_workers() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_columns(job: _Job, reader: Reader) -> None:
    if job.input_format == "jsonl" and not reader.columns:
        return  # no rows at all: nothing is missing
    where = {"csv": "the header", "jsonl": "the first line", "parquet": "the schema"}
    found = where[job.input_format]
    require_column(job.text_column, reader.columns, job.source, "text", found)
    if job.id_column is not None:
        require_column(job.id_column, reader.columns, job.source, "id", found)


def _check_destination(job: _Job, work: WorkDir, resume: bool, overwrite: bool) -> None:
    if overwrite:
        return
    if work.exists() and not resume:
        raise CorefineError(
            f"an unfinished run left {work.path}; use --resume to continue it "
            "or --overwrite to start over",
            job.dest,
        )
    if job.dest.exists() and not (resume and work.exists()):
        raise CorefineError("the output exists; use --overwrite to replace it", job.dest)


def _check_resumable(job: _Job, work: WorkDir, chunk_size: int | None) -> int:
    """The chunk size to use; refuses to continue a different job."""
    earlier = work.read_manifest()
    if earlier is None:
        return chunk_size or DEFAULT_CHUNK_SIZE
    size = chunk_size or int(earlier.settings.get("chunk_size") or DEFAULT_CHUNK_SIZE)
    why = job.manifest(size).refusal(earlier)
    if why is not None:
        raise CorefineError(
            f"cannot resume: {why}; rerun with the same input and options, "
            "or use --overwrite to start over",
            work.path,
        )
    return size


@dataclass
class _Done:
    """What is done: finished chunks, and the first rows of chunks Ctrl-C stopped.

    ``records``: chunks finished now, or by an earlier run on the same rows;
    ``unchecked``: chunks an earlier run finished on an input that has changed
    since, kept only once their rows are found unchanged (:func:`_to_do`).
    """

    size: int
    records: dict[int, PartRecord]
    unchecked: dict[int, PartRecord]
    saved: dict[int, SavedRows]
    resumed_rows: int = 0

    def saved_prefix(self, chunk: Chunk) -> list[RowResult]:
        """The results kept of ``chunk``'s first rows, if its rows are still those."""
        saved = self.saved.get(chunk.index)
        if saved is None or saved.input_sha256 != chunk.fingerprint:
            return []
        return saved.results

    def anything(self) -> bool:
        """Is there work to keep (the work directory must then stay)?"""
        return bool(self.records or self.unchecked or self.saved)

    def rows_kept(self) -> int:
        finished = {**self.unchecked, **self.records}
        rows = sum(r.rows for r in finished.values())
        return rows + sum(len(s.results) for i, s in self.saved.items() if i not in finished)


def _run_locked(
    job: _Job,
    work: WorkDir,
    reader: Reader,
    engine: Engine,
    chunk_size: int | None,
    resume: bool,
    mode: ProgressMode,
) -> BatchSummary:
    done = _done_so_far(job, work, chunk_size, resume)
    types = None
    if job.output_format == "parquet" and reader.schema is None:  # JSON values: types vary
        from corefine.batch.parquet import ColumnTypes

        types = ColumnTypes(job.source)
        for index in sorted(done.records):
            types.add(work.part_path(index, job.extension), index * done.size)
    progress = make_progress(mode)
    units = sum(r.units for r in done.records.values())
    progress.start(reader.total_units, units, done.resumed_rows)

    def texts_of(chunk: Chunk) -> list[object]:
        return chunk.column(job.text_column)[len(done.saved_prefix(chunk)) :]

    with _ctrl_c_stops(engine) as interrupted:
        try:
            chunks = _to_do(job, work, reader, done, progress, types)
            for chunk, results in engine.run(chunks, texts_of):
                _chunk_done(job, work, chunk, results, done, types, progress, interrupted())
        except BaseException:
            progress.close()
            if not done.anything():
                work.remove()  # nothing done: leave no work directory behind
            raise
    progress.close()
    if interrupted():
        if not done.anything():
            work.remove()
            raise Interrupted(0, None)
        raise Interrupted(done.rows_kept(), work.path)
    _assemble(job, work, reader, done.records)
    summary = BatchSummary(job.dest)
    for index in sorted(done.records):
        summary.add(done.records[index])
    summary.resumed_rows = done.resumed_rows
    return summary


def _done_so_far(job: _Job, work: WorkDir, chunk_size: int | None, resume: bool) -> _Done:
    """The chunk size and the work of an earlier run to continue (none unless ``resume``)."""
    earlier = work.read_manifest() if resume else None
    if earlier is None:
        size = chunk_size or DEFAULT_CHUNK_SIZE
        work.start(job.manifest(size))
        return _Done(size, {}, {}, {})
    size = _check_resumable(job, work, chunk_size)  # again, now that we hold the lock
    records = work.records(job.extension)
    saved = work.saved_rows()
    if job.manifest(size).same_input(earlier):
        return _Done(size, records, {}, saved, sum(r.rows for r in records.values()))
    return _Done(size, {}, records, saved)


def _to_do(
    job: _Job,
    work: WorkDir,
    reader: Reader,
    done: _Done,
    progress: Progress,
    types: ColumnTypes | None,
) -> Iterator[Chunk]:
    """The chunks still to resolve, in order.

    A chunk an earlier run finished on a since changed input is kept if its rows
    are the same (its fingerprint), and resolved again if not.
    """
    start = next(i for i in range(len(done.records) + 1) if i not in done.records)
    for chunk in reader.chunks(done.size, start):
        if chunk.index in done.records:
            continue
        earlier = done.unchecked.pop(chunk.index, None)
        if earlier is not None and earlier.input_sha256 == chunk.fingerprint:
            done.records[chunk.index] = earlier
            done.resumed_rows += earlier.rows
            if types is not None:
                types.add(work.part_path(chunk.index, job.extension), chunk.first_row)
            progress.advance(earlier.units, earlier.rows, 0)
            continue
        yield chunk


def _chunk_done(
    job: _Job,
    work: WorkDir,
    chunk: Chunk,
    results: list[RowResult],
    done: _Done,
    types: ColumnTypes | None,
    progress: Progress,
    interrupted: bool,
) -> None:
    """Write a chunk the engine has resolved, or keep the rows done of one it was stopped in."""
    prefix = done.saved_prefix(chunk)
    rows = prefix + results
    if len(rows) < chunk.n_rows:
        if not interrupted:
            raise AssertionError(f"chunk {chunk.index}: {len(rows)} of {chunk.n_rows} results")
        if results:
            saved = SavedRows(chunk.index, chunk.fingerprint, rows)
            work.save_rows(saved)
            done.saved[chunk.index] = saved
        return
    record = _finish_chunk(job, work, chunk, rows, types)
    done.records[chunk.index] = record
    done.resumed_rows += len(prefix)
    progress.advance(record.units, len(results), sum(r.words for r in results))


@contextlib.contextmanager
def _ctrl_c_stops(engine: Engine) -> Iterator[Callable[[], bool]]:
    """While open, the first Ctrl-C (SIGINT) stops ``engine`` after the rows in progress
    (the caller then saves them) and a second one raises ``KeyboardInterrupt`` at once.

    Why not ``KeyboardInterrupt`` at the first: raised wherever the parent happened
    to be, it dropped every chunk in flight, and a pool still resolved them to the
    end before it exited. Yields "has Ctrl-C been pressed?". Signal handlers belong
    to the main thread; elsewhere (and where SIGINT is ignored) nothing changes.
    """
    presses = [0]

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        presses[0] += 1
        if presses[0] > 1:
            raise KeyboardInterrupt
        engine.stop()

    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield lambda: False
        return
    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield lambda: presses[0] > 0
    finally:
        signal.signal(signal.SIGINT, previous)


def _finish_chunk(
    job: _Job,
    work: WorkDir,
    chunk: Chunk,
    results: Sequence[RowResult],
    types: ColumnTypes | None = None,
) -> PartRecord:
    temp = work.temp_path(work.part_path(chunk.index, job.extension).name)
    write_part(job.output_format, temp, chunk, results, job.source)
    if types is not None:
        types.check(temp, chunk.first_row)  # before the part counts as done
    ids = chunk.column(job.id_column) if job.id_column is not None else None
    texts = chunk.column(job.text_column)
    errors: list[str] = []
    for i, result in enumerate(results):
        if result.failed and len(errors) < LISTED_ERRORS:
            name = f" ({job.id_column}={ids[i]!r})" if ids is not None else ""
            errors.append(f"row {chunk.first_row + i + 1}{name}: {result.error}")
    record = PartRecord(
        index=chunk.index,
        rows=len(results),
        resolved=sum(1 for r in results if not r.failed and not r.empty),
        empty=sum(1 for r in results if r.empty),
        failed=sum(1 for r in results if r.failed),
        words=sum(r.words for r in results),
        units=chunk.units,
        columns=chunk.columns,
        errors=errors,
        not_english=sum(
            1
            for text, r in zip(texts, results, strict=True)
            if not r.failed and not r.empty and not looks_english(text)
        ),
        input_sha256=chunk.fingerprint,
    )
    work.commit(record, temp, job.extension)
    if types is not None:
        types.add(work.part_path(chunk.index, job.extension), chunk.first_row)
    return record


def _assemble(job: _Job, work: WorkDir, reader: Reader, records: dict[int, PartRecord]) -> None:
    """Join the parts into the output in one rename, then drop the work directory."""
    if sorted(records) != list(range(len(records))):
        missing = sorted(set(range(max(records) + 1)) - set(records))
        raise CorefineError(
            f"the checkpoint lacks chunk(s) {missing[:5]}; use --overwrite to start over",
            work.path,
        )
    parts = [Part(work.part_path(i, job.extension), records[i].columns) for i in sorted(records)]
    temp = work.temp_path(job.dest.name)
    schema = reader.schema if job.output_format == "parquet" else None  # (imports pyarrow)
    assemble(job.output_format, temp, parts, reader.columns, schema)
    os.replace(temp, job.dest)
    work.remove()


def _model_fingerprint(row: RowSettings) -> str | None:
    """Size and sample hash of the model's graph and config: a retrained model is another job."""
    if row.resolver != "model":
        return None
    from corefine.batch.checkpoint import file_fingerprint

    where, graph = locate_model(row.model)
    graph_size, graph_hash = file_fingerprint(where / graph)
    config_size, config_hash = file_fingerprint(where / "config.json")
    return f"{graph}:{graph_size}:{graph_hash[:16]}:{config_size}:{config_hash[:16]}"


def _version() -> str:
    from corefine import __version__

    return __version__


__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "BatchSummary",
    "Interrupted",
    "default_workers",
    "run",
    "work_dir_of",
]
