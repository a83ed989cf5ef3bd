"""Is a span a proper name? Decided from capitalisation, without a tagger.

A span is a name when every word is capitalised ("Lord Byron"), an acronym
("FBI", "U. S."), a number ("Apollo 11") or a name-internal function word
("Bank of America"), the first word after an optional leading "the" is
capitalised, and the capitals are not explained by position alone: a single
capitalised word at the start of a sentence ("Police said") counts as a name
only if the text also capitalises that word mid-sentence, or it is an acronym.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from corefine.lexicon import (
    EDGE_PUNCTUATION,
    NAME_FUNCTION_WORDS,
    TITLES,
    Gender,
)
from corefine.rewriter.grammar import starts_sentence

_CHUNK = re.compile(r"\S+")


@cache
def _name_table() -> dict[str, str]:
    """``data/first_names.tsv`` (lower case → ``"m"``, ``"f"`` or ``"x"``: either), read once.

    Titles are left out although the baby-name counts list some of them ("Judge",
    "General", "Chancellor", "Bishop" as boys' names): before a surname they are a title,
    and "Chancellor Merkel" must not read as a man's name."""
    table: dict[str, str] = {}
    lines = resources.files("corefine.rewriter").joinpath("data/first_names.tsv").read_text("utf-8")
    for line in lines.splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            if name not in TITLES:
                table[name] = sex
    return table


@cache
def first_names() -> dict[str, Gender]:
    """First names that tell a gender (lower case → ``"m"``/``"f"``): the gender evidence."""
    return {n: ("m" if s == "m" else "f") for n, s in _name_table().items() if s in ("m", "f")}


@cache
def given_names() -> frozenset[str]:
    """Every listed first name, ambiguous ones too ("Bernie", "Chris", "Jordan"): the
    evidence that a person's name starts here ("Vermont Sen. *Bernie Sanders*"), which
    needs no gender."""
    return frozenset(_name_table())


@cache
def places() -> frozenset[str]:
    """Names of countries and world regions (``data/places.txt``, built by
    ``tools/build_places.py``), case-folded, without edge punctuation ("u.s"), read once."""
    lines = resources.files("corefine.rewriter").joinpath("data/places.txt").read_text("utf-8")
    return frozenset(
        " ".join(w.strip(EDGE_PUNCTUATION).casefold() for w in line.split())
        for line in lines.splitlines()
        if line and not line.startswith("#")
    )


class NameEvidence:
    """How the text capitalises its words away from sentence starts.

    Why an index: "is *Police* a name?" is answered by whether the writer
    capitalises it where position does not force a capital, and "may
    *Officials* be written *officials* mid-sentence?" by whether the writer
    does so elsewhere. Built once per text on first use, in one linear pass.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._mid_sentence_capitals: set[str] | None = None
        self._lowercase: set[str] = set()

    def capitalised_mid_sentence(self, word: str) -> bool:
        """Does the text capitalise ``word`` where no sentence starts?"""
        return word in self._index()

    def written_lowercase(self, word: str) -> bool:
        """Does the text also write ``word`` all in lower case ("officials")?"""
        self._index()
        return word.lower() in self._lowercase

    def _index(self) -> set[str]:
        if self._mid_sentence_capitals is None:
            self._mid_sentence_capitals = set()
            for pos, core in _words(self.text, 0, len(self.text)):
                if core.islower():
                    self._lowercase.add(core)
                elif core[0].isupper() and not starts_sentence(self.text, pos):
                    self._mid_sentence_capitals.add(core)
        return self._mid_sentence_capitals


def _words(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Whitespace-separated words of ``text[start:end]`` without edge punctuation, with
    the position of each word's first kept character."""
    for m in _CHUNK.finditer(text, start, end):
        chunk = m.group()
        core = chunk.strip(EDGE_PUNCTUATION)
        if core:
            yield m.start() + len(chunk) - len(chunk.lstrip(EDGE_PUNCTUATION)), core


def is_name(evidence: NameEvidence, start: int, end: int) -> bool:
    """Is ``evidence.text[start:end]`` a proper name (see the module docstring)?"""
    found = list(_words(evidence.text, start, end))
    if found and found[0][1].lower() == "the":
        found = found[1:]
    if not found or not _capitalised(found[0][1]):
        return False
    if any(
        not (_capitalised(w) or w[0].isdigit() or w.lower() in NAME_FUNCTION_WORDS)
        for _, w in found
    ):
        return False
    capitals = [(pos, w) for pos, w in found if _capitalised(w)]
    if len(capitals) > 1 or _acronym(capitals[0][1]):
        return True
    pos, word = capitals[0]
    return not starts_sentence(evidence.text, pos) or evidence.capitalised_mid_sentence(word)


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)
