"""Which file formats ``corefine batch`` reads and writes, and how a cell becomes text.

Why one module: the reader, the part writers and the final assembly must
agree on format names, on the columns the batch adds, and on how a value
that is not a string (a Parquet int, a JSON object) is written into a CSV
cell, or the same job would give different files depending on where it
stopped and resumed.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import math
from pathlib import Path
from typing import Any, Literal, get_args

from corefine.errors import CorefineError

Format = Literal["csv", "jsonl", "parquet"]
FORMATS: tuple[str, ...] = get_args(Format)

# The columns the batch appends after every input column, in this order.
OUTPUT_COLUMNS = ("resolved_text", "clusters", "n_replacements", "error")

_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def format_of(path: Path, forced: str | None, option: str) -> Format:
    """``forced`` if given, else the format ``path``'s extension names.

    ``option`` is the command-line option that forces it, for the message.
    """
    name = forced if forced is not None else _EXTENSIONS.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(_EXTENSIONS))
        raise CorefineError(
            f"cannot tell the format from the extension (known: {known}); use {option}", path
        )
    if name not in FORMATS:
        raise CorefineError(f"unknown format {name!r}; choose one of: {', '.join(FORMATS)}")
    return name  # type: ignore[return-value]


def check_columns(columns: list[str], path: Path | None, line: int | None = None) -> None:
    """Refuse input that already has a column the batch would add (it would be overwritten)."""
    clash = [c for c in OUTPUT_COLUMNS if c in columns]
    if clash:
        raise CorefineError(
            f"the input already has column(s) {', '.join(clash)}, which corefine batch adds; "
            "rename or drop them first",
            path,
            line,
        )


def require_column(
    column: str, columns: list[str], path: Path | None, what: str, where: str
) -> None:
    """A clear error, listing the columns there are, when ``column`` is not one of them.

    ``what``: "text" or "id"; ``where``: where the columns were found ("the
    header", "the first line").
    """
    if column not in columns:
        found = ", ".join(repr(c) for c in columns) or "none"
        raise CorefineError(
            f"no {what} column {column!r}; the columns in {where} are: {found}", path
        )


def json_default(value: Any) -> Any:
    """JSON for the values Parquet has and JSON lacks: dates, decimals, bytes.

    Dates and times become ISO 8601, durations seconds, decimals their exact
    digits, bytes base64; anything else its ``str``, rather than failing a job.
    """
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def to_json(value: Any) -> str:
    """One line of JSON, non-ASCII kept; escaped only if it cannot be UTF-8 (lone surrogates)."""
    try:
        line = json.dumps(value, ensure_ascii=False, default=json_default)
        line.encode("utf-8")
        return line
    except UnicodeEncodeError:
        return json.dumps(value, ensure_ascii=True, default=json_default)


def csv_cell(value: Any) -> str:
    """The text of one CSV cell: strings as they are, null empty, the rest as JSON.

    CSV has no types, so a number is written as JSON writes it (``3``, ``0.5``,
    ``true``), a list or object as its JSON, and a date, decimal or bytes as
    the string :func:`json_default` makes of it; a CSV cell read back is always
    the string it was.
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # nan, inf: JSON has no spelling for them
    if isinstance(value, (bool, int, float, list, tuple, dict)):
        return to_json(value)
    plain = json_default(value)
    return plain if isinstance(plain, str) else to_json(plain)
