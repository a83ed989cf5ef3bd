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
value cannot join the rows before it, and :class:`ColumnTypes` checks each part
against the parts written before it, so the job stops at the first such row,
naming it, with the parts before it kept for ``--resume`` once the input is
fixed.
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

# What to do about a value Parquet cannot take (the end of each such error).
_ONE_TYPE = (
    "a Parquet column holds one type: make the column's values one type in the input and "
    "rerun with --resume (finished chunks are kept), or write CSV or JSON Lines"
)
_WIDE_INT = (
    "does not fit in 64 bits, the widest Parquet integer: write CSV or JSON Lines, which "
    "keep it exactly, or make it a string in the input and rerun with --resume (finished "
    "chunks are kept)"
)
_SHOWN = 40  # characters of a value shown in an error
_ARROW_ERRORS = (pa.ArrowException, ValueError, TypeError, OverflowError)


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
        except _ARROW_ERRORS as err:
            raise _bad_value(values, column, chunk.first_row, source) or CorefineError(
                f"column {column!r} of rows {chunk.first_row + 1}-{chunk.first_row + len(values)}"
                f" cannot be written to Parquet ({_one_line(err)}); {_ONE_TYPE}",
                source,
            ) from None
    return pa.table(arrays, names=chunk.columns)


def _bad_value(
    values: list[Any], column: str, first_row: int, source: Path
) -> CorefineError | None:
    """The error naming the first value Parquet cannot take along with the values before it.

    Why value by value: pyarrow's own error names neither the row nor, for an
    integer wider than 64 bits (``OverflowError``), even the column.
    """
    first: tuple[int, pa.DataType, Any] | None = None  # the first non-null value: row, type
    unified: pa.DataType | None = None
    for i, value in enumerate(values):
        row = first_row + i + 1
        where = f"row {row}, column {column!r}"
        try:
            kind = pa.array([value]).type
        except OverflowError:
            what = "the integer" if isinstance(value, int) else "an integer in"
            return CorefineError(f"{where}: {what} {_show(value)} {_WIDE_INT}", source)
        except _ARROW_ERRORS as err:
            return CorefineError(
                f"{where}: {_show(value)} cannot be written to Parquet ({_one_line(err)}); "
                "write CSV or JSON Lines",
                source,
            )
        if pa.types.is_null(kind):
            continue
        if first is None or unified is None:
            first, unified = (row, kind, value), kind
            continue
        try:
            widened = _unify(unified, kind)
        except _ARROW_ERRORS:
            return CorefineError(f"{where}: {_conflict(kind, value, *first)}", source)
        # The values this one widens the column for (ints, for a float) must still fit.
        for j in range(i + 1) if widened != unified else (i,):
            try:
                pa.array([values[j]], widened)
            except _ARROW_ERRORS as err:
                return CorefineError(
                    f"row {first_row + j + 1}, column {column!r}: "
                    f"{_not_stored(values[j], widened, err)}",
                    source,
                )
        unified = widened
    return None


def _not_stored(value: Any, kind: pa.DataType, err: BaseException) -> str:
    return (
        f"{_show(value)} cannot be stored as {_describe(kind)}, the type other rows give the "
        f"column ({_one_line(err)}); {_ONE_TYPE}"
    )


def _conflict(kind: pa.DataType, value: Any, row: int, other: pa.DataType, seen: Any) -> str:
    return (
        f"{_describe(kind)} ({_show(value)}) where row {row} has {_describe(other)} "
        f"({_show(seen)}); {_ONE_TYPE}"
    )


def _unify(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    """The type of a column holding ``a`` and ``b`` values, as the join makes it (ints and
    floats: floats; a null type: the other), or an Arrow error."""
    if a == b:
        return a
    schema = pa.unify_schemas(
        [pa.schema([("c", a)]), pa.schema([("c", b)])], promote_options="permissive"
    )
    return schema.field("c").type


# A JSON user's names of Arrow types: (one, several).
_NAMES = {
    "integer": ("an integer", "integers"),
    "floating": ("a number", "numbers"),
    "boolean": ("true or false", "true/false values"),
    "string": ("a string", "strings"),
    "large_string": ("a string", "strings"),
    "list": ("a list", "lists"),
    "large_list": ("a list", "lists"),
    "struct": ("an object", "objects"),
}


def _describe(kind: pa.DataType, plural: bool = False) -> str:
    """What a JSON user calls a value of Arrow type ``kind`` ("a list of integers")."""
    for name, words in _NAMES.items():
        if getattr(pa.types, f"is_{name}")(kind):
            text = words[plural]
            if name.endswith("list") and not pa.types.is_null(kind.value_type):
                text += f" of {_describe(kind.value_type, plural=True)}"
            return text
    return str(kind)


def _show(value: Any) -> str:
    text = to_json(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


class ColumnTypes:
    """The type each input column takes in Parquet output, settled part by part.

    Why as each part is written: found only when the parts were joined, a
    column with an integer in one chunk and a string in another stopped the
    job after every row had been resolved, named no row, and stopped every
    ``--resume`` again. :meth:`check` refuses a part that cannot join the parts
    :meth:`add`-ed before it (in whatever order chunks finish), naming the
    rows of both; ints that meet floats become floats, as in the join, and the
    values that cannot (an integer beyond 2**53) are named too.
    """

    def __init__(self, source: Path):
        self.source = source
        self._types: dict[str, pa.DataType] = {}
        self._origin: dict[str, tuple[Path, int]] = {}  # the part (first row) that set the type
        self._parts: list[tuple[Path, int]] = []

    def add(self, part: Path, first_row: int) -> None:
        """Count a written part, whose rows start at ``first_row`` (0-based)."""
        for field in _input_fields(part):
            if pa.types.is_null(field.type):
                continue
            known = self._types.get(field.name)
            self._types[field.name] = field.type if known is None else _unify(known, field.type)
            self._origin.setdefault(field.name, (part, first_row))
        self._parts.append((part, first_row))

    def check(self, part: Path, first_row: int) -> None:
        """Raise :class:`CorefineError` if ``part``'s columns cannot join those added so far."""
        for field in _input_fields(part):
            known = self._types.get(field.name)
            if known is None or known == field.type or pa.types.is_null(field.type):
                continue
            try:
                unified = _unify(known, field.type)
            except _ARROW_ERRORS:
                raise self._type_conflict(field.name, part, first_row) from None
            self._check_cast(field.name, part, first_row, unified)
            if unified != known:  # the parts before take the new type too
                for earlier, earlier_first in self._parts:
                    self._check_cast(field.name, earlier, earlier_first, unified)

    def _type_conflict(self, column: str, part: Path, first_row: int) -> CorefineError:
        row, kind, value = _first_value(part, column, first_row)
        origin, origin_first = self._origin[column]
        seen_row, seen_kind, seen = _first_value(origin, column, origin_first)
        message = _conflict(kind, value, seen_row, seen_kind, seen)
        return CorefineError(f"row {row}, column {column!r}: {message}", self.source)

    def _check_cast(self, column: str, part: Path, first_row: int, kind: pa.DataType) -> None:
        table = pq.read_table(part, columns=[column])
        if column not in table.column_names:
            return
        values = table.column(0)
        if values.type == kind:
            return
        try:
            values.cast(kind)
            return
        except _ARROW_ERRORS as err:
            error = _one_line(err)
        for i in range(len(values)):
            try:
                values.slice(i, 1).cast(kind)
            except _ARROW_ERRORS:
                where = f"row {first_row + i + 1}, column {column!r}"
                message = _not_stored(values[i].as_py(), kind, ValueError(error))
                raise CorefineError(f"{where}: {message}", self.source) from None


def _input_fields(part: Path) -> list[pa.Field]:
    schema = pq.read_schema(part)
    return [f for f in schema if f.name not in OUTPUT_COLUMNS]


def _first_value(part: Path, column: str, first_row: int) -> tuple[int, pa.DataType, Any]:
    """The row (1-based), type and value of the first non-null ``column`` value of ``part``."""
    values = pq.read_table(part, columns=[column]).column(0)
    for i in range(len(values)):
        if values[i].is_valid:
            return first_row + i + 1, values.type, values[i].as_py()
    return first_row + 1, values.type, None


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
