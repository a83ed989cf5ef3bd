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
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from corefine.batch.formats import OUTPUT_COLUMNS, Format, csv_cell, to_json
from corefine.batch.readers import Chunk
from corefine.batch.rows import RowResult
from corefine.errors import CorefineError

# The Arrow types of the added columns in Parquet output.
OUTPUT_FIELDS = [
    pa.field("resolved_text", pa.string()),
    pa.field("clusters", pa.string()),
    pa.field("n_replacements", pa.int64()),
    pa.field("error", pa.string()),
]

EXTENSIONS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}


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
        table = _as_table(chunk, source)
        rows = [r.values() for r in results]
        for i, field in enumerate(OUTPUT_FIELDS):
            table = table.append_column(field, pa.array([row[i] for row in rows], field.type))
        pq.write_table(table, path)
        _sync(path)
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


def _as_table(chunk: Chunk, source: Path) -> pa.Table:
    """The chunk's input columns as an Arrow table (types inferred for JSON values)."""
    if isinstance(chunk.data, pa.Table):
        return chunk.data
    arrays = []
    for column in chunk.columns:
        values = [row.get(column) for row in chunk.data]
        try:
            arrays.append(pa.array(values))
        except (pa.ArrowException, ValueError, TypeError) as err:
            last = chunk.first_row + chunk.n_rows
            raise CorefineError(
                f"column {column!r} of rows {chunk.first_row + 1}-{last} cannot be written "
                f"to Parquet ({err}); Parquet needs one type per column: write CSV or JSON "
                "Lines instead",
                source,
            ) from None
    return pa.table(arrays, names=chunk.columns)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
        _assemble_parquet(dest, parts, columns, base_schema)
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


def _assemble_parquet(
    dest: Path, parts: Sequence[Part], columns: list[str], base_schema: pa.Schema | None
) -> None:
    schema = _output_schema(parts, columns, base_schema)
    with pq.ParquetWriter(dest, schema) as writer:
        for part in parts:
            table = pq.read_table(part.path)
            writer.write_table(_conform(table, schema, part.path))
    _sync(dest)


def _output_schema(
    parts: Sequence[Part], columns: list[str], base_schema: pa.Schema | None
) -> pa.Schema:
    """One schema for all parts: input columns in order, each with one type, then the outputs.

    A column that is null in some parts takes the type of the others; ints and
    floats in different parts become floats; a column that holds, say, numbers
    in one part and strings in another cannot be one Parquet column: an error.
    """
    schemas = [pq.read_schema(p.path) for p in parts]
    if base_schema is not None:
        schemas.insert(0, pa.schema(list(base_schema) + OUTPUT_FIELDS, base_schema.metadata))
    if not schemas:
        return pa.schema(OUTPUT_FIELDS)
    try:
        unified = pa.unify_schemas(schemas, promote_options="permissive")
    except (pa.ArrowException, TypeError, ValueError) as err:
        raise CorefineError(
            f"the rows cannot be written as one Parquet table ({err}); Parquet needs one "
            "type per column: write CSV or JSON Lines instead"
        ) from None
    fields = [unified.field(c) for c in columns] + OUTPUT_FIELDS
    return pa.schema(fields, schemas[0].metadata)


def _conform(table: pa.Table, schema: pa.Schema, path: Path) -> pa.Table:
    """``table`` with ``schema``'s columns, order and types (missing columns null)."""
    if table.schema.equals(schema):
        return table
    arrays = []
    for field in schema:
        if field.name not in table.column_names:
            arrays.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(field.name)
        try:
            arrays.append(column if column.type == field.type else column.cast(field.type))
        except (pa.ArrowException, TypeError, ValueError) as err:
            raise CorefineError(
                f"column {field.name!r} cannot be written to Parquet as {field.type} ({err}); "
                "write CSV or JSON Lines instead",
                path,
            ) from None
    return pa.Table.from_arrays(arrays, schema=schema)
