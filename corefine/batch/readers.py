"""Chunked readers of CSV, JSON Lines and Parquet: a large input is never held in memory.

Why chunks of a fixed number of rows: a chunk is the unit of work sent to a
worker and of checkpointing, so chunk ``i`` must be the same rows every time
the same file is read with the same chunk size; that is what makes a resumed
job write exactly the output of an uninterrupted one.

Values are kept as they were read: CSV cells stay strings (an empty cell is
``""``), JSON values keep their JSON types, and Parquet rows stay an Arrow
table, so every input column reaches the output unchanged. Malformed input
(an unclosed CSV quote, a line that is not JSON, a truncated Parquet file)
raises :class:`~corefine.errors.CorefineError` naming the file and line.
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from corefine.batch.formats import OUTPUT_COLUMNS, Format, check_columns, to_json
from corefine.errors import CorefineError

Rows = list[dict[str, Any]]

# Python's csv module refuses fields over 128 KiB by default; articles can be longer.
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass
class Chunk:
    """Rows ``first_row`` … ``first_row + n_rows - 1`` (0-based) of the input.

    ``data`` is a list of row dicts (CSV, JSON Lines) or an Arrow table
    (Parquet); ``columns`` the input columns of these rows, in order; ``units``
    how far the chunk moves the progress (bytes of a CSV or JSON Lines file,
    rows of a Parquet file).
    """

    index: int
    first_row: int
    data: Rows | pa.Table
    columns: list[str]
    units: int

    @property
    def n_rows(self) -> int:
        return self.data.num_rows if isinstance(self.data, pa.Table) else len(self.data)

    def column(self, name: str) -> list[Any]:
        """The values of one column; ``None`` for a row without it."""
        if isinstance(self.data, pa.Table):
            return self.data.column(name).to_pylist()
        return [row.get(name) for row in self.data]

    def rows(self) -> Rows:
        """The rows as dicts (a Parquet table converted to Python values)."""
        return self.data.to_pylist() if isinstance(self.data, pa.Table) else self.data

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the chunk's values: what its output rows depend on.

        Why values and not bytes: a resumed run whose input has changed (a bad
        row fixed) compares each finished chunk with this, and keeps the chunks
        whose rows would be written the same; values are what the part holds
        (with a Parquet chunk's schema, since its types reach the output too).
        """
        digest = hashlib.sha256()
        if isinstance(self.data, pa.Table):
            digest.update(self.data.schema.serialize().to_pybytes())
        for row in self.rows():
            digest.update(to_json(row).encode("utf-8") + b"\n")
        return digest.hexdigest()


class Reader:
    """An open input file: its columns now, its chunks on demand.

    ``columns``: the columns known before reading rows (the CSV header, the
    Parquet schema, the keys of the first JSON object). ``schema``: the Arrow
    schema of the input columns where the format fixes one (CSV: all strings;
    JSON Lines: ``None``). ``total_rows`` is known for Parquet only; progress
    is measured in ``unit`` up to ``total_units``.
    """

    format: Format
    columns: list[str]
    schema: pa.Schema | None = None
    total_rows: int | None = None
    total_units: int = 0
    unit = "bytes"

    def __init__(self, path: Path):
        self.path = path

    def chunks(self, chunk_size: int, start: int = 0) -> Iterator[Chunk]:
        """Chunks ``start``, ``start + 1``, … to the end of the file, in order."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_reader(path: Path, fmt: Format) -> Reader:
    """The reader of ``path`` in format ``fmt``; checks the file can be read and its header."""
    if not path.exists():
        raise CorefineError("no such file", path)
    if path.is_dir():
        raise CorefineError("is a directory, expected a file", path)
    readers: dict[str, type[Reader]] = {
        "csv": CsvReader,
        "jsonl": JsonlReader,
        "parquet": ParquetReader,
    }
    return readers[fmt](path)


def _open_binary(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as err:
        raise CorefineError(f"cannot read file: {err.strerror}", path) from None


def _duplicates(columns: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for column in columns:
        if column in seen:
            dupes.append(column)
        seen.add(column)
    return dupes


class CsvReader(Reader):
    """RFC 4180 CSV in UTF-8 (a BOM is dropped): a header row, then one record per row.

    Quoted fields may hold commas, quotes and newlines; quoting is checked
    strictly, so an unclosed quote is an error rather than one giant field.
    """

    format: Format = "csv"

    def __init__(self, path: Path):
        super().__init__(path)
        csv.field_size_limit(_CSV_FIELD_LIMIT)
        self._raw = _open_binary(path)
        self.total_units = path.stat().st_size
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        self._reader = csv.reader(self._text, strict=True)
        try:
            header = self._next_record()
            if header is None:
                raise CorefineError("empty file: expected a header row naming the columns", path)
            self.columns = header[1]
            dupes = _duplicates(self.columns)
            if dupes:
                raise CorefineError(f"duplicate column name(s) in the header: {dupes}", path, 1)
            check_columns(self.columns, path, 1)
        except BaseException:
            self.close()
            raise
        self.schema = pa.schema([(c, pa.string()) for c in self.columns])

    def _next_record(self) -> tuple[int, list[str]] | None:
        """The next non-blank record and the line it starts on, or ``None`` at the end."""
        while True:
            line = self._reader.line_num + 1
            try:
                record = next(self._reader, None)
            except csv.Error as err:
                raise CorefineError(f"malformed CSV record: {err}", self.path, line) from None
            except UnicodeDecodeError:
                raise CorefineError(
                    "not valid UTF-8 text; convert the file to UTF-8",
                    self.path,
                    _first_bad_utf8_line(self.path),
                ) from None
            if record is None:
                return None
            if record:
                return line, record

    def chunks(self, chunk_size: int, start: int = 0) -> Iterator[Chunk]:
        width = len(self.columns)
        index, row_number, position = 0, 0, 0
        rows: Rows = []
        while (item := self._next_record()) is not None:
            line, record = item
            if len(record) != width:
                raise CorefineError(
                    f"record has {len(record)} fields but the header has {width}", self.path, line
                )
            if index >= start:
                rows.append(dict(zip(self.columns, record, strict=True)))
            row_number += 1
            if row_number % chunk_size == 0:
                end = self._raw.tell()
                if index >= start:
                    yield Chunk(index, row_number - chunk_size, rows, self.columns, end - position)
                index, position, rows = index + 1, end, []
        if row_number % chunk_size and index >= start:
            first = row_number - row_number % chunk_size
            yield Chunk(index, first, rows, self.columns, self.total_units - position)

    def close(self) -> None:
        self._text.close()


class JsonlReader(Reader):
    """JSON Lines in UTF-8: one JSON object per line; blank lines are skipped.

    Each row keeps all of its own keys, in its own order; rows need not have
    the same keys. A line that is not a JSON object stops the job with its
    line number: a truncated or corrupt file must not pass for a shorter one.
    """

    format: Format = "jsonl"

    def __init__(self, path: Path):
        super().__init__(path)
        self._file = _open_binary(path)
        self.total_units = path.stat().st_size
        self._line = 0
        self._pending: dict[str, Any] | None = None
        try:
            self._pending = self._next_object()
        except BaseException:
            self.close()
            raise
        self.columns = list(self._pending or {})

    def _next_object(self) -> dict[str, Any] | None:
        while raw := self._file.readline():
            self._line += 1
            if self._line == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if not raw.strip():
                continue
            try:
                value = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                raise CorefineError(
                    "not valid UTF-8 text; convert the file to UTF-8", self.path, self._line
                ) from None
            except json.JSONDecodeError as err:
                raise CorefineError(
                    f"not valid JSON ({err.msg}, column {err.colno}); "
                    "every line must be one JSON object",
                    self.path,
                    self._line,
                ) from None
            if not isinstance(value, dict):
                raise CorefineError(
                    f"expected a JSON object, got {type(value).__name__}", self.path, self._line
                )
            if any(key in value for key in OUTPUT_COLUMNS):
                check_columns(list(value), self.path, self._line)
            return value
        return None

    def chunks(self, chunk_size: int, start: int = 0) -> Iterator[Chunk]:
        index, row_number, position = 0, 0, 0
        rows: Rows = []
        obj = self._pending
        self._pending = None
        while obj is not None:
            if index >= start:
                rows.append(obj)
            row_number += 1
            if row_number % chunk_size == 0:
                end = self._file.tell()
                if index >= start:
                    yield Chunk(index, row_number - chunk_size, rows, _keys(rows), end - position)
                index, position, rows = index + 1, end, []
            obj = self._next_object()
        if row_number % chunk_size and index >= start:
            first = row_number - row_number % chunk_size
            yield Chunk(index, first, rows, _keys(rows), self.total_units - position)

    def close(self) -> None:
        self._file.close()


def _first_bad_utf8_line(path: Path) -> int | None:
    """The line of the first byte that is not UTF-8 (text is decoded in blocks, ahead of the
    parser, so the parser's line is not where the bad byte is)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as f:
        while block := f.read(1 << 16):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as err:
                return line + block.count(b"\n", 0, err.start)
            line += block.count(b"\n")
    return None


def _keys(rows: Rows) -> list[str]:
    """The keys of ``rows`` in order of first appearance."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return list(keys)


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
        self.schema = self._file.schema_arrow
        self.columns = list(self.schema.names)
        try:
            dupes = _duplicates(self.columns)
            if dupes:
                raise CorefineError(f"duplicate column name(s): {dupes}", path)
            check_columns(self.columns, path)
        except BaseException:
            self.close()
            raise
        self.total_rows = self._file.metadata.num_rows
        self.total_units = self.total_rows

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
                table = pa.Table.from_batches(buffered, schema=self.schema)
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


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
