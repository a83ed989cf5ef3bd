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

The CSV and JSON Lines readers are here; the Parquet one is in
:mod:`~corefine.batch.parquet`, imported by :func:`open_reader` for Parquet
input only (pyarrow is the optional ``parquet`` extra). :class:`Chunk` and
:class:`Reader` live in :mod:`~corefine.batch.chunks` and are re-exported here.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from corefine.batch.chunks import Chunk, Reader, Rows, duplicates
from corefine.batch.formats import OUTPUT_COLUMNS, Format, check_columns
from corefine.errors import CorefineError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["Chunk", "CsvReader", "JsonlReader", "Reader", "Rows", "open_reader"]

# Python's csv module refuses fields over 128 KiB by default; articles can be longer.
_CSV_FIELD_LIMIT = 2**31 - 1


def open_reader(path: Path, fmt: Format) -> Reader:
    """The reader of ``path`` in format ``fmt``; checks the file can be read and its header."""
    if not path.exists():
        raise CorefineError("no such file", path)
    if path.is_dir():
        raise CorefineError("is a directory, expected a file", path)
    if fmt == "parquet":
        from corefine.batch.parquet import ParquetReader  # pyarrow: the parquet extra

        return ParquetReader(path)
    readers: dict[str, type[Reader]] = {"csv": CsvReader, "jsonl": JsonlReader}
    return readers[fmt](path)


def _open_binary(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as err:
        raise CorefineError(f"cannot read file: {err.strerror}", path) from None


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
            dupes = duplicates(self.columns)
            if dupes:
                raise CorefineError(f"duplicate column name(s) in the header: {dupes}", path, 1)
            check_columns(self.columns, path, 1)
        except BaseException:
            self.close()
            raise

    @property
    def schema(self) -> pa.Schema:
        """All columns strings: what a CSV cell is (read only for Parquet output)."""
        from corefine.batch.parquet import string_schema

        return string_schema(self.columns)

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
