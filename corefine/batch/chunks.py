"""A chunk of input rows and the reader that yields them, whatever the format.

Why a module of its own: the CSV and JSON Lines readers
(:mod:`~corefine.batch.readers`) and the Parquet reader and writer
(:mod:`~corefine.batch.parquet`) all build on these, and only the Parquet
module imports pyarrow (the optional ``parquet`` extra); with the shared types
here, below both, a CSV or JSON Lines job never imports pyarrow, and neither
module imports the other back.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corefine.batch.formats import Format, to_json

if TYPE_CHECKING:
    import pyarrow as pa

Rows = list[dict[str, Any]]


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
        return len(self.data) if isinstance(self.data, list) else self.data.num_rows

    def column(self, name: str) -> list[Any]:
        """The values of one column; ``None`` for a row without it."""
        if isinstance(self.data, list):
            return [row.get(name) for row in self.data]
        return self.data.column(name).to_pylist()

    def rows(self) -> Rows:
        """The rows as dicts (a Parquet table converted to Python values)."""
        return self.data if isinstance(self.data, list) else self.data.to_pylist()

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the chunk's values: what its output rows depend on.

        Why values and not bytes: a resumed run whose input has changed (a bad
        row fixed) compares each finished chunk with this, and keeps the chunks
        whose rows would be written the same; values are what the part holds
        (with a Parquet chunk's schema, since its types reach the output too).
        """
        digest = hashlib.sha256()
        if not isinstance(self.data, list):
            digest.update(self.data.schema.serialize().to_pybytes())
        for row in self.rows():
            digest.update(to_json(row).encode("utf-8") + b"\n")
        return digest.hexdigest()


class Reader:
    """An open input file: its columns now, its chunks on demand.

    ``columns``: the columns known before reading rows (the CSV header, the
    Parquet schema, the keys of the first JSON object). ``schema``: the Arrow
    schema of the input columns where the format fixes one (CSV: all strings;
    JSON Lines: ``None``); read it only for Parquet output, as it imports
    pyarrow. ``total_rows`` is known for Parquet only; progress is measured in
    ``unit`` up to ``total_units``.
    """

    format: Format
    columns: list[str]
    total_rows: int | None = None
    total_units: int = 0
    unit = "bytes"

    def __init__(self, path: Path):
        self.path = path

    @property
    def schema(self) -> pa.Schema | None:
        return None

    def chunks(self, chunk_size: int, start: int = 0) -> Iterator[Chunk]:
        """Chunks ``start``, ``start + 1``, … to the end of the file, in order."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def duplicates(columns: list[str]) -> list[str]:
    """The columns named more than once (each repeat), in order."""
    seen: set[str] = set()
    dupes: list[str] = []
    for column in columns:
        if column in seen:
            dupes.append(column)
        seen.add(column)
    return dupes


def sync_file(path: Path) -> None:
    """Flush a written file to disk: a part counts as finished only once it is there."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
