"""Errors that users can act on.

Every error that reaches a user through the CLI, the batch tools or the service
is a :class:`CorefineError`: it names the file and line when there is one, so
that the CLI can print one line and exit 2 instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


class CorefineError(Exception):
    """A user-facing error: bad input, unknown format, unreadable file."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + self.message


class FormatError(CorefineError):
    """A file does not follow the format it claims to be in."""
