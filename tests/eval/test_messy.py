"""Real news in the "messy" form news corpora are often distributed in, and very long input.

The two edits (spacing around punctuation and runs of spaces; hyphenated words stripped to
three spaces) and the comparison in clean offsets are :mod:`corefine.eval.messy`'s; this
module says what must hold:

- The spacing edit only inserts whitespace between characters that are already separate
  corefine tokens, so the model reads the same words. The property is **exact**: the
  messy text has the clean tokens (checked on all 256 articles), and the model gives the
  same clusters and the rewriter the same replacements (replaced span, source mention
  and replacement text) on ``ARTICLES`` articles. One thing does move: a spaced straight
  quote after a full stop (``said . " She``) cannot be told from an opening one, so the
  sentence splitter puts it in the next sentence (86 of the 256 articles). Sentences
  only bound mention spans, so this must not change any cluster either (2 of the 10
  articles have such a quote).
- Hyphen stripping removes words, so the encoder reads a different text: every word of a
  512-subword window attends to the removed ones and a link can flip anywhere, not only
  next to a removal (and with a link, which mention of the cluster the representative is
  taken from). Replacements whose span or representative held a removed word cannot
  match at all. So this step is compared as an **agreement rate**
  (:func:`corefine.eval.messy.agreement`, pooled over the articles), which must reach
  ``MIN_AGREEMENT``. With a broken offset map it is 0. Measured rates (these 10
  articles / the next 10): the provisional model 0.62 / 0.55 (next 15); the shipped epoch-6
  model 0.60 / 0.85; an all-int8 quantization-aware model 0.44 / 0.67, which this test kept
  out of the package (2026-12-04). Most disagreements were a cluster's representative
  flipping between two right names ("Donald Trump" / "Trump") as the full name's confidence
  crossed the threshold; since a name's longer forms represent on the confidence of the
  names they contain (:mod:`corefine.rewriter.representative`), the shipped model agrees at
  **0.77 / 0.85**, and the threshold rose from 0.5 to 0.6. Since the encoder reads
  ``[MASK]`` where a run of spaces marks a removed word (:mod:`corefine.model.alignment`;
  2026-12-06), the shipped model agrees at **0.84 / 0.72** (0.80 / 0.54 without the mask,
  with that day's rewriter) and the threshold is 0.7. What is left is mostly the model's:
  clusters merging two people on the messy text only (22 replacements in one article), so
  one such flip moves the rate by up to 0.14, which is why the threshold stays that far
  under the measured rate (a CPU with other float rounding may flip one).
  ``benchmarks/messy_news.py`` measures the rate on more articles.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import corefine
from corefine.eval.messy import (
    Agreement,
    Aligned,
    agreement,
    hyphenated_articles,
    messy,
    messy_spacing,
    replacement_keys,
)
from corefine.rewriter import RewriteResult
from corefine.tokenizer import tokenize

NEWS_CSV = Path("news") / "fake_or_real_news_256.csv"
ARTICLES = 10  # articles run through the model, per test
MAX_WORDS = 1500  # of each of them, in corefine tokens (keeps the test time bounded)
MIN_AGREEMENT = 0.7  # hyphen-stripped vs clean, see the module docstring
LONG_WORDS = 100_000


def cluster_spans(doc: corefine.Document, aligned: Aligned) -> set[frozenset[tuple[int, int]]]:
    return {frozenset(aligned.span_to_clean(*m.span) for m in c.mentions) for c in doc.clusters}


# --- data ----------------------------------------------------------------------------------------


def news_texts(shared_data: Path) -> list[str]:
    with (shared_data / NEWS_CSV).open(encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f) if row["text"].strip()]


@pytest.fixture(scope="module")
def nlp(model_dir: Path) -> corefine.Pipeline:
    return corefine.load(model_dir, threads=2)


@pytest.fixture(scope="module")
def clean_runs(
    nlp: corefine.Pipeline, shared_data: Path
) -> list[tuple[str, corefine.Document, RewriteResult]]:
    runs = []
    for text in hyphenated_articles(news_texts(shared_data), ARTICLES, MAX_WORDS):
        doc = nlp(text)
        runs.append((text, doc, doc.resolve()))
    return runs


# --- tests ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("transform", [messy_spacing, messy], ids=["spacing", "spacing+hyphens"])
def test_messy_news_tokenizes_into_the_clean_tokens(
    shared_data: Path, transform: Callable[[str], Aligned]
) -> None:
    """All 256 articles: the messy text's tokens are the clean tokens (minus removed words),
    at offsets that map back exactly. This is what makes the model see the same words."""
    for text in news_texts(shared_data):
        aligned = transform(text)
        removed = set(aligned.removed(len(text)))
        expected = [(t.start, t.end) for t in tokenize(text) if t.start not in removed]
        got = [aligned.span_to_clean(t.start, t.end) for t in tokenize(aligned.text)]
        assert got == expected
        assert all(aligned.text[i] == text[o] for i, o in enumerate(aligned.origin) if o >= 0)


def test_spacing_only_mess_gives_the_same_clusters_and_replacements(
    nlp: corefine.Pipeline, clean_runs: list[tuple[str, corefine.Document, RewriteResult]]
) -> None:
    total = moved_quotes = 0
    for text, doc, result in clean_runs:
        aligned = messy_spacing(text)
        assert aligned.text != text
        messy_doc = nlp(aligned.text)
        messy_result = messy_doc.resolve()
        assert cluster_spans(messy_doc, aligned) == cluster_spans(doc, Aligned.clean(text))
        expected = replacement_keys(result, Aligned.clean(text))
        assert replacement_keys(messy_result, aligned) == expected
        total += len(expected)
        moved_quotes += _sentence_ends(messy_doc) != _sentence_ends(doc)
    assert total > 0, "no replacements at all: the comparison would be empty"
    assert moved_quotes > 0, "no article exercises the moved-quote case of the docstring"


def _sentence_ends(doc: corefine.Document) -> list[int]:
    return [s.token_end for s in doc.sentences]


def test_hyphen_stripped_news_agrees_with_clean_news_away_from_removed_words(
    nlp: corefine.Pipeline, clean_runs: list[tuple[str, corefine.Document, RewriteResult]]
) -> None:
    total = Agreement()
    for text, _, result in clean_runs:
        aligned = messy(text)
        assert aligned.removed(len(text)), "each chosen article has a hyphenated word"
        total += agreement(text, result, aligned, nlp(aligned.text).resolve())
    assert total.union > 0, "no replacements at all: the comparison would be empty"
    assert total.rate >= MIN_AGREEMENT, f"agreement {total.same}/{total.union} = {total.rate:.3f}"


def _long_document(shared_data: Path) -> tuple[str, list[int], list[str]]:
    """News articles repeated until LONG_WORDS corefine tokens; article starts and texts."""
    texts = news_texts(shared_data)
    pieces: list[str] = []
    starts: list[int] = []
    length = words = 0
    for text in _cycle(texts):
        starts.append(length + 2 * bool(pieces))
        pieces.append(text)
        length = starts[-1] + len(text)
        words += len(tokenize(text))
        if words >= LONG_WORDS:
            break
    return "\n\n".join(pieces), starts, pieces


def _cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts


def test_a_100k_word_document_resolves_with_exact_offsets(
    nlp: corefine.Pipeline, shared_data: Path
) -> None:
    text, starts, pieces = _long_document(shared_data)
    doc = nlp(text)
    assert len(doc.tokens) >= LONG_WORDS
    doc.validate()
    mentions = doc.mentions
    assert len(mentions) > 1000
    # a sample of mentions: each lies inside one article copy, at the same offsets there
    for m in mentions[:: max(1, len(mentions) // 500)]:
        k = bisect.bisect_right(starts, m.start) - 1
        local_start, local_end = m.start - starts[k], m.end - starts[k]
        assert local_end <= len(pieces[k]), f"{m} crosses the end of article copy {k}"
        assert pieces[k][local_start:local_end] == m.text
    result = doc.resolve()
    assert result.replacements
    copied = resolved = 0  # everything between replacements is copied verbatim
    for r in result.replacements:
        assert text[r.start : r.end] == r.original
        assert result.text[r.resolved_start : r.resolved_end] == r.replacement
        assert result.text[resolved : r.resolved_start] == text[copied : r.start]
        copied, resolved = r.end, r.resolved_end
    assert result.text[resolved:] == text[copied:]
