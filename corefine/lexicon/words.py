"""How the lexicon writes its word lists."""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string, for readable tables."""
    return frozenset(words.split())
