"""Reading corpus files into text: the one place corpus readers get their input from."""

from __future__ import annotations

from pathlib import Path

from corefine.errors import CorefineError, FormatError
from corefine.textio import read_text

__all__ = ["read_corpus_text"]


def read_corpus_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The text of a corpus file; unreadable files and bad bytes become :class:`FormatError`.

    Why a wrapper: :func:`corefine.textio.read_text` already decides how files
    become text (and how an error names the file and line); corpus readers
    promise ``FormatError`` so callers can catch one type for any bad corpus.
    """
    try:
        return read_text(path, encoding)
    except FormatError:
        raise
    except CorefineError as err:
        raise FormatError(err.message, err.path, err.line) from None
