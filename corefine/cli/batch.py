"""``corefine batch``: resolve a column of texts in a CSV, JSON Lines or Parquet file."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from corefine.cli.app import app
from corefine.cli.options import (
    DEFAULT_TEXT_RESOLVER,
    MinConfidence,
    ModelDir,
    Replace,
    ReplaceWhat,
    TextResolverOption,
)


class FileFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class BatchEngine(str, Enum):
    local = "local"
    spark = "spark"


@app.command()
def batch(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="A .csv, .jsonl/.ndjson or .parquet file.")
    ],
    output_path: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT", help="Where to write; its directory is created if missing."
        ),
    ],
    text_column: Annotated[str, typer.Option(help="The column holding the texts.")],
    id_column: Annotated[
        str | None, typer.Option(help="A column that names rows in error reports.")
    ] = None,
    output_format: Annotated[
        FileFormat | None,
        typer.Option("--format", "-f", help="Output format (default: from OUTPUT's extension)."),
    ] = None,
    input_format: Annotated[
        FileFormat | None, typer.Option(help="Input format (default: from INPUT's extension).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes, each loading the model once (default: CPUs)."),
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option(
            min=1, help="onnxruntime threads per worker (default: 1 with several workers)."
        ),
    ] = None,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Rows per chunk: the unit of work and of checkpointing (default: 100; on "
            "--resume: the interrupted run's).",
        ),
    ] = None,
    resolver: TextResolverOption = DEFAULT_TEXT_RESOLVER,
    model: ModelDir = None,
    replace: Replace = ReplaceWhat.pronouns,
    min_confidence: MinConfidence = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run from its checkpoint.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Replace an existing output or unfinished run."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary.")
    ] = False,
    engine: Annotated[
        BatchEngine,
        typer.Option(
            help="local (worker processes) or spark (Spark tasks; needs the spark extra "
            "and Java 17+). Same output, same --resume."
        ),
    ] = BatchEngine.local,
    spark_master: Annotated[
        str | None,
        typer.Option(
            help="Spark master for --engine spark, e.g. spark://host:7077 "
            "(default: local[N], N = --workers or the CPUs)."
        ),
    ] = None,
) -> None:
    """Resolve a column of texts in a CSV, JSON Lines or Parquet file.

    Writes every row with resolved_text, clusters, n_replacements and error columns
    added; a row that cannot be resolved gets its error, not a stopped job. Resumable:
    see --resume. Ctrl-C stops after the rows in progress and keeps them (exit status 130);
    a second Ctrl-C stops at once."""
    from corefine.batch.checkpoint import work_dir_of
    from corefine.batch.runner import Interrupted, run
    from corefine.errors import CorefineError

    try:
        summary = run(
            input_path,
            output_path,
            text_column=text_column,
            id_column=id_column,
            input_format=input_format.value if input_format else None,
            output_format=output_format.value if output_format else None,
            workers=workers,
            threads=threads,
            chunk_size=chunk_size,
            resolver=resolver.value,
            model=model,
            replace=replace.value,
            min_confidence=min_confidence,
            resume=resume,
            overwrite=overwrite,
            progress="off" if quiet else "auto",
            engine=engine.value,
            spark_master=spark_master,
        )
    except Interrupted as stopped:
        if stopped.work is None:
            hint = "no row had been resolved"
        else:
            hint = f"{stopped.rows:,} rows done are kept in {stopped.work}; rerun with --resume"
        print(f"corefine: batch: interrupted; {hint}", file=sys.stderr)
        raise typer.Exit(130) from None
    except KeyboardInterrupt:  # a second Ctrl-C, or one before the rows started
        work = work_dir_of(output_path)
        if work.exists():
            hint = f"finished chunks are kept in {work}; rerun with --resume to continue"
        else:
            hint = "no chunk had finished"
        print(f"corefine: batch: interrupted; {hint}", file=sys.stderr)
        raise typer.Exit(130) from None
    except OSError as err:  # the disk filled up, a directory vanished: one line, not a traceback
        raise CorefineError(err.strerror or str(err), err.filename) from None
    if quiet:
        return
    print(f"corefine: batch: {summary.line()}", file=sys.stderr)
    for error in summary.errors:
        print(f"corefine: batch: {error}", file=sys.stderr)
    if summary.failed > len(summary.errors):
        more = summary.failed - len(summary.errors)
        print(
            f"corefine: batch: … and {more:,} more failed rows (see the error column)",
            file=sys.stderr,
        )
