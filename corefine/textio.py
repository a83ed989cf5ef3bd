"""Reading user files into text, with errors a user can act on.

One place decides how a file becomes a ``str``: missing files, directories and
bytes that are not valid in the declared encoding all become a
:class:`~corefine.errors.CorefineError` naming the file and line, and the
message says how to declare another encoding.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from corefine.errors import CorefineError


def decode(data: bytes, encoding: str = "utf-8", source: str | Path = "<stdin>") -> str:
    """``data`` decoded strictly; a leading UTF-8 BOM is dropped."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorefineError(f"unknown encoding {encoding!r}", source) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise CorefineError(
            f"not valid {encoding} text (byte {err.start}); "
            "declare its encoding (--encoding on the command line, encoding= in Python)",
            source,
            line,
        ) from None
    return text.removeprefix("\ufeff")


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The text of ``path`` (``-`` reads standard input)."""
    if str(path) == "-":
        return decode(sys.stdin.buffer.read(), encoding)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise CorefineError("no such file", p) from None
    except IsADirectoryError:
        raise CorefineError("is a directory, expected a file", p) from None
    except OSError as err:
        raise CorefineError(f"cannot read file: {err.strerror}", p) from None
    return decode(data, encoding, p)
