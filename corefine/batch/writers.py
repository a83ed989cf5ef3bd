"""Write one chunk's output as a part file, and join the parts into the final file.

Why parts in the output format: a finished chunk is final the moment its part
is on disk, and joining parts is a byte copy for CSV and JSON Lines and a
row-group copy for Parquet, so the output of a job that was stopped and
resumed is byte for byte the output of one that ran straight through.

Where rows of one job may differ in their columns (JSON Lines rows with
different keys, or a JSON value whose Parquet type is only known once all rows
are seen), each part records its own columns and the join settles them:
the union of the columns in order of first appearance, then the
:data:`~corefine.batch.formats.OUTPUT_COLUMNS`.

A Parquet column has one type, and JSON values need not (``"n": 1`` in one
row, ``"n": "one"`` in another). That is found when a part is written, not
when the parts are joined: :func:`write_part` names the row of a chunk whose
value cannot join the rows before it, and
:class:`~corefine.batch.parquet.ColumnTypes` checks each part against the parts
written before it, so the job stops at the first such row, naming it, with the
parts before it kept for ``--resume`` once the input is fixed.

The Parquet side lives in :mod:`~corefine.batch.parquet`, imported only when
a job writes Parquet: pyarrow is the optional ``parquet`` extra.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corefine.batch.chunks import Chunk
from corefine.batch.formats import OUTPUT_COLUMNS, Format, csv_cell, to_json
from corefine.batch.rows import RowResult

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "EXTENSIONS",
    "Part",
    "assemble",
    "input_columns",
    "write_part",
]

EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}


def __getattr__(name: str) -> Any:
    """``OUTPUT_FIELDS`` (the Arrow types of the added columns), from
    :mod:`~corefine.batch.parquet` on first use: it needs pyarrow, which CSV and
    JSON Lines jobs do without."""
    if name == "OUTPUT_FIELDS":
        from corefine.batch import parquet

        return parquet.OUTPUT_FIELDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Part:
    """A finished part file and the input columns its rows have, in order."""

    path: Path
    columns: list[str]


def write_part(
    fmt: Format, path: Path, chunk: Chunk, results: Sequence[RowResult], source: Path
) -> None:
    """Write ``chunk``'s rows followed by their results to ``path`` and flush it to disk.

    ``source`` (the input file) names the file in an error, e.g. a JSON column
    whose values Parquet cannot hold in one type.
    """
    if len(results) != chunk.n_rows:
        raise AssertionError(f"chunk {chunk.index}: {chunk.n_rows} rows, {len(results)} results")
    if fmt == "parquet":
        from corefine.batch import parquet

        parquet.write_part(path, chunk, results, source)
        return
    with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
        if fmt == "csv":
            writer = csv.writer(f, lineterminator="\n")
            for row, result in zip(chunk.rows(), results, strict=True):
                writer.writerow([csv_cell(row.get(c)) for c in chunk.columns] + result.csv_cells())
        else:
            for row, result in zip(chunk.rows(), results, strict=True):
                f.write(to_json({**row, **result.output_fields()}) + "\n")
        f.flush()
        os.fsync(f.fileno())


def input_columns(base: Sequence[str], parts: Sequence[Part]) -> list[str]:
    """The input columns of the output: ``base`` then each part's new ones, in order."""
    columns = dict.fromkeys(base)
    for part in parts:
        columns.update(dict.fromkeys(part.columns))
    return list(columns)


def assemble(
    fmt: Format,
    dest: Path,
    parts: Sequence[Part],
    base_columns: Sequence[str],
    base_schema: pa.Schema | None,
) -> None:
    """Join ``parts`` (in chunk order) into ``dest``, flushed to disk.

    ``base_columns``/``base_schema``: the input's own columns (its header or
    schema), so that an input without rows still gives a file with its columns.
    """
    columns = input_columns(base_columns, parts)
    if fmt == "parquet":
        from corefine.batch import parquet

        parquet.assemble(dest, [part.path for part in parts], columns, base_schema)
        return
    with open(dest, "wb") as out:
        if fmt == "csv":
            _assemble_csv(out, parts, columns)
        else:
            for part in parts:
                with open(part.path, "rb") as f:
                    shutil.copyfileobj(f, out)
        out.flush()
        os.fsync(out.fileno())


def _assemble_csv(out: Any, parts: Sequence[Part], columns: list[str]) -> None:
    header = columns + list(OUTPUT_COLUMNS)
    text = _TextSink(out)
    csv.writer(text, lineterminator="\n").writerow(header)
    for part in parts:
        if part.columns == columns:
            with open(part.path, "rb") as f:
                shutil.copyfileobj(f, out)
            continue
        # Rows of JSON Lines input that lack some columns: rewrite them under the full header.
        width = len(part.columns)
        writer = csv.writer(text, lineterminator="\n")
        with open(part.path, encoding="utf-8", newline="") as f:
            for record in csv.reader(f, strict=True):
                row = dict(zip(part.columns, record[:width], strict=True))
                writer.writerow([row.get(c, "") for c in columns] + record[width:])


class _TextSink:
    """Lets ``csv.writer`` write UTF-8 straight into a binary file."""

    def __init__(self, out: Any):
        self._out = out

    def write(self, text: str) -> int:
        return int(self._out.write(text.encode("utf-8", "backslashreplace")))
