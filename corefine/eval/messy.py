"""News text in the "messy" form corpora are often distributed in, and how far resolution
survives it.

Some releases of news corpora (the fake-or-real-news corpus, for one) were made with two
edits that broke other pipelines' substitutions (the project's motivating example):

- **spacing**: spaces put around punctuation (``said, “He`` → ``said , “ He``) and runs of
  spaces (here: every run of ASCII spaces gets two more);
- **hyphen stripping**: every hyphenated word replaced by three spaces (``former anti-gay
  marriage opponent`` → ``former`` + 5 spaces + ``marriage opponent``).

Each edit is applied to the clean text while recording, for every character of the messy
text, the clean character it came from (-1 for inserted whitespace), so that what is
found in the messy text can be compared with what is found in the clean one, in clean
offsets. Used by ``tests/eval/test_messy.py`` (what must hold) and
``benchmarks/messy_news.py`` (how much agrees, on more articles).

What may legitimately differ: the spacing edit only inserts whitespace between characters
that are already separate corefine tokens, so the model reads the same words and the
replacements must be identical. Hyphen stripping removes words, so the encoder reads a
different text and a link can flip anywhere; replacements whose span or source held a
removed word cannot match at all. That step is compared as an agreement rate over the
replacements away from removed text (:func:`agreement`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from corefine.rewriter import RewriteResult
from corefine.tokenizer import tokenize

_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")
_CLITIC = regex.compile(r"(?i)n['’]t|['’]\p{L}+")
HYPHENATED = regex.compile(r"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+")


@dataclass(frozen=True)
class Aligned:
    """A text derived from a clean one; ``origin[i]`` is the clean index of ``text[i]``
    (-1 for inserted characters)."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def clean(cls, text: str) -> Aligned:
        return cls(text, tuple(range(len(text))))

    def span_to_clean(self, start: int, end: int) -> tuple[int, int]:
        """The clean span of ``text[start:end]``, whose first and last characters are kept ones."""
        first, last = self.origin[start], self.origin[end - 1]
        if first < 0 or last < 0:
            raise ValueError(f"span ({start}, {end}) starts or ends on inserted text")
        return first, last + 1

    def removed(self, clean_length: int) -> list[int]:
        """Clean character indices that this text no longer holds, sorted."""
        kept = set(self.origin)
        return [i for i in range(clean_length) if i not in kept]


class _Builder:
    def __init__(self, source: Aligned):
        self.source = source
        self.chars: list[str] = []
        self.origin: list[int] = []

    def keep(self, start: int, end: int) -> None:
        self.chars.append(self.source.text[start:end])
        self.origin.extend(self.source.origin[start:end])

    def insert(self, text: str) -> None:
        self.chars.append(text)
        self.origin.extend([-1] * len(text))

    def build(self) -> Aligned:
        return Aligned("".join(self.chars), tuple(self.origin))


def _is_punctuation(token: str) -> bool:
    return not _LETTER_OR_DIGIT.search(token)


def space_punctuation(a: Aligned) -> Aligned:
    """A space between two touching tokens when either of them is punctuation."""
    out = _Builder(a)
    prev_end, prev_text = 0, ""
    for t in tokenize(a.text):
        out.keep(prev_end, t.start)
        touching = prev_text and t.start == prev_end
        if touching and (_is_punctuation(prev_text) or _is_punctuation(t.text)):
            out.insert(" ")
        out.keep(t.start, t.end)
        prev_end, prev_text = t.end, t.text
    out.keep(prev_end, len(a.text))
    return out.build()


def widen_spaces(a: Aligned) -> Aligned:
    """Two more spaces after every run of ASCII spaces."""
    out = _Builder(a)
    done = 0
    for m in regex.finditer(" +", a.text):
        out.keep(done, m.end())
        out.insert("  ")
        done = m.end()
    out.keep(done, len(a.text))
    return out.build()


def strip_hyphenated(a: Aligned) -> Aligned:
    """Every hyphenated word (``anti-gay``, ``re-re-reversed``, ``9-11``), with a clitic
    glued to it (``al-Fatah’s``), → three spaces."""
    out = _Builder(a)
    done = 0
    tokens = tokenize(a.text)
    for i, t in enumerate(tokens):
        if HYPHENATED.fullmatch(t.text):
            out.keep(done, t.start)
            out.insert("   ")
            done = t.end
        elif (
            t.start == done
            and i
            and _CLITIC.fullmatch(t.text)
            and HYPHENATED.fullmatch(tokens[i - 1].text)
        ):
            done = t.end  # the clitic ('s, n't) split off the hyphenated word
    out.keep(done, len(a.text))
    return out.build()


_LOWER_GAP = regex.compile(r"[\"“”„«»‘’'`,]")


def lowercase_unquoted(a: Aligned) -> Aligned:
    """Lower-cased, with quotation marks, apostrophes and commas each replaced by a space:
    the form of the BBC corpus as a popular classification dataset distributes it
    (``i m sure he could make the step   said wells``). A character whose lower case is
    longer (``İ``) is kept as it is, so the text keeps its length."""
    out = _Builder(a)
    for i, ch in enumerate(a.text):
        if _LOWER_GAP.match(ch):
            out.insert(" ")
            continue
        low = ch.lower()
        out.chars.append(low if len(low) == 1 else ch)
        out.origin.append(a.origin[i])
    return out.build()


def hyphenated_articles(texts: Iterable[str], count: int, max_words: int) -> list[str]:
    """The first ``count`` texts of 200+ words with a hyphenated word (so that stripping
    changes them), each cut to its first ``max_words`` corefine tokens."""
    chosen = []
    for text in texts:
        tokens = tokenize(text)
        if len(tokens) >= 200 and any(HYPHENATED.fullmatch(t.text) for t in tokens):
            chosen.append(text if len(tokens) <= max_words else text[: tokens[max_words - 1].end])
        if len(chosen) == count:
            break
    return chosen


def messy_spacing(text: str) -> Aligned:
    """The spacing edit alone."""
    return widen_spaces(space_punctuation(Aligned.clean(text)))


def messy(text: str) -> Aligned:
    """Both edits: hyphenated words stripped, then the spacing edit."""
    return widen_spaces(space_punctuation(strip_hyphenated(Aligned.clean(text))))


Key = tuple[int, int, int, int, tuple[str, ...]]
Placed = tuple[int, int, tuple[str, ...]]


def replacement_keys(result: RewriteResult, aligned: Aligned) -> set[Key]:
    """(replaced span, source mention span) in clean offsets, replacement as tokens: for
    these edits, comparing token sequences is exactly "equal up to whitespace"."""
    keys = set()
    for r in result.replacements:
        start, end = aligned.span_to_clean(r.start, r.end)
        source_start, source_end = aligned.span_to_clean(r.source_start, r.source_end)
        words = tuple(t.text for t in tokenize(r.replacement))
        keys.add((start, end, source_start, source_end, words))
    return keys


def away_from(removed: list[int], keys: set[Key]) -> set[Placed]:
    """(span, replacement) of the replacements whose span and source hold no removed text
    (``removed``: sorted clean indices)."""
    return {
        (start, end, words)
        for start, end, source_start, source_end, words in keys
        if not (_touches(removed, start, end) or _touches(removed, source_start, source_end))
    }


def _touches(removed: list[int], start: int, end: int) -> bool:
    """Does ``[start, end)`` hold one of the sorted positions ``removed``?"""
    i = bisect.bisect_left(removed, start)
    return i < len(removed) and removed[i] < end


@dataclass(frozen=True)
class Agreement:
    """Replacements found on both texts (``same``) and on either (``union``), away from
    removed text. The rate is their Jaccard agreement; counts add up over articles."""

    same: int = 0
    union: int = 0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.same + other.same, self.union + other.union)

    @property
    def rate(self) -> float:
        return self.same / self.union if self.union else 1.0


def agreement(
    clean_text: str, clean: RewriteResult, aligned: Aligned, dirty: RewriteResult
) -> Agreement:
    """How far the replacements found on ``aligned.text`` (``dirty``) agree with those
    found on ``clean_text`` (``clean``), compared in clean offsets away from removed text."""
    removed = aligned.removed(len(clean_text))
    ours = away_from(removed, replacement_keys(clean, Aligned.clean(clean_text)))
    theirs = away_from(removed, replacement_keys(dirty, aligned))
    return Agreement(len(ours & theirs), len(ours | theirs))
