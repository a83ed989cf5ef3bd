"""Parquet in and out of ``corefine batch``: everything that needs pyarrow, the parquet extra.

Why one module: resolving CSV or JSON Lines needs no pyarrow, so pyarrow is an
optional dependency (``pip install 'corefine[parquet]'``) imported here only;
:mod:`~corefine.batch.readers` and :mod:`~corefine.batch.writers` import this
module when a job reads or writes Parquet, and without pyarrow importing it
raises :class:`~corefine.extras.MissingExtraError`, one line naming the extra.

Reading: :class:`ParquetReader`, one record batch at a time. Writing: a part
file per chunk (:func:`write_part`), :class:`ColumnTypes` to check each part's
column types against the parts before it, and :func:`assemble`, the row-group
copy of the parts into the output (see :mod:`~corefine.batch.writers`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from corefine.batch.chunks import Chunk, Reader, duplicates, sync_file
from corefine.batch.formats import OUTPUT_COLUMNS, Format, check_columns, to_json
from corefine.batch.rows import RowResult
from corefine.errors import CorefineError
from corefine.extras import PARQUET_FEATURE, missing_extra

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as _err:
    raise missing_extra("parquet", PARQUET_FEATURE, _err) from None

__all__ = [
    "OUTPUT_FIELDS",
    "ColumnTypes",
    "ParquetReader",
    "assemble",
    "string_schema",
    "write_part",
]

# The Arrow types of the added columns in Parquet output.
OUTPUT_FIELDS = [
    pa.field("resolved_text", pa.string()),
    pa.field("clusters", pa.string()),
    pa.field("n_replacements", pa.int64()),
    pa.field("error", pa.string()),
]

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


def string_schema(columns: Sequence[str]) -> pa.Schema:
    """A schema of string columns: a CSV input's, whose cells are all strings."""
    return pa.schema([(c, pa.string()) for c in columns])


class ParquetReader(Reader):
    """Parquet through pyarrow, one record batch at a time; the total row count is known.

    Resuming starts at the row group holding the first chunk still to do, so
    finished row groups are not read again.
    """

    format: Format = "parquet"
    unit = "rows"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as err:
            raise CorefineError(
                f"not a readable Parquet file ({_one_line(err)}); is it truncated?", path
            ) from None
        self._schema: pa.Schema = self._file.schema_arrow
        self.columns = list(self._schema.names)
        try:
            dupes = duplicates(self.columns)
            if dupes:
                raise CorefineError(f"duplicate column name(s): {dupes}", path)
            check_columns(self.columns, path)
        except BaseException:
            self.close()
            raise
        self.total_rows = self._file.metadata.num_rows
        self.total_units = self.total_rows

    @property
    def schema(self) -> pa.Schema:
        return self._schema

    def chunks(self, chunk_size: int, start: int = 0) -> Iterator[Chunk]:
        first = start * chunk_size
        if first >= (self.total_rows or 0):
            return
        group, group_start = self._row_group_of(first)
        skip = first - group_start
        buffered: list[pa.RecordBatch] = []
        n_buffered = 0
        index = start
        groups = list(range(group, self._file.metadata.num_row_groups))
        batches = self._file.iter_batches(batch_size=chunk_size, row_groups=groups)
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as err:
                raise CorefineError(
                    f"cannot read rows after row {first + n_buffered} ({_one_line(err)}); "
                    "is the file truncated?",
                    self.path,
                ) from None
            if batch is not None:
                if skip:
                    cut = min(skip, batch.num_rows)
                    batch, skip = batch.slice(cut), skip - cut
                buffered.append(batch)
                n_buffered += batch.num_rows
            while n_buffered >= chunk_size or (batch is None and n_buffered):
                table = pa.Table.from_batches(buffered, schema=self._schema)
                take = min(chunk_size, n_buffered)
                part = table.slice(0, take)
                yield Chunk(index, first, part, self.columns, take)
                rest = table.slice(take)
                buffered, n_buffered = rest.to_batches(), rest.num_rows
                index, first = index + 1, first + take
            if batch is None:
                return

    def _row_group_of(self, row: int) -> tuple[int, int]:
        """The row group holding ``row`` (0-based) and the row its group starts at."""
        start = 0
        meta = self._file.metadata
        for group in range(meta.num_row_groups):
            size = meta.row_group(group).num_rows
            if row < start + size:
                return group, start
            start += size
        return meta.num_row_groups, start

    def close(self) -> None:
        self._file.close()


def write_part(path: Path, chunk: Chunk, results: Sequence[RowResult], source: Path) -> None:
    """Write ``chunk``'s rows followed by their results to the Parquet file ``path``, synced.

    ``source`` (the input file) names the file in an error, e.g. a JSON column
    whose values Parquet cannot hold in one type.
    """
    table = _as_table(chunk, source)
    rows = [r.values() for r in results]
    for i, field in enumerate(OUTPUT_FIELDS):
        table = table.append_column(field, pa.array([row[i] for row in rows], field.type))
    pq.write_table(table, path)
    sync_file(path)


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


def assemble(
    dest: Path, parts: Sequence[Path], columns: list[str], base_schema: pa.Schema | None
) -> None:
    """Join the Parquet files ``parts`` (in chunk order) into ``dest``, synced.

    ``columns``: the input columns of the output, in order; ``base_schema``: the
    input's own schema (``None`` for JSON Lines), so that an input without rows
    still gives a file with its columns and types.
    """
    schema = _output_schema(parts, columns, base_schema)
    with pq.ParquetWriter(dest, schema) as writer:
        for part in parts:
            table = pq.read_table(part)
            writer.write_table(_conform(table, schema, part))
    sync_file(dest)


def _output_schema(
    parts: Sequence[Path], columns: list[str], base_schema: pa.Schema | None
) -> pa.Schema:
    """One schema for all parts: input columns in order, each with one type, then the outputs.

    A column that is null in some parts takes the type of the others; ints and
    floats in different parts become floats; a column that holds, say, numbers
    in one part and strings in another cannot be one Parquet column: an error.
    """
    schemas = [pq.read_schema(p) for p in parts]
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
