"""Corpus documents → training examples over corefine's own tokens.

Why re-tokenize the gold text: at inference the model only sees raw text,
tokenized by :mod:`corefine.tokenizer`, and predicts head words and spans on
*those* tokens. Training on the same tokens (gold mentions mapped onto them by
character offsets) keeps train and test inputs identical; where the gold
tokenization differs (``Eye - Tracking`` vs ``Eye-Tracking``), a mention snaps
to the corefine tokens it overlaps.

Head words. Word-level coreference links *head words* and recovers spans
afterwards, so every gold mention needs a head. OntoGUM's ``.conllu`` has gold
dependency syntax: the head is the first word of the mention whose syntactic
head lies outside the mention (Dobrovolskii 2021 does the same). The reader
does not keep the ``HEAD`` column, so :func:`conllu_heads` parses it; when no
syntax is available, :func:`rule_head` picks one from the words alone. Gold
syntax is used at training time only.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np

from corefine.corpora.gap import GapExample, gap_example_to_document
from corefine.document import Document, Token
from corefine.model.alignment import SpecialIds, SubwordTokenizer
from corefine.model.config import ModelConfig
from corefine.model.features import ModelInputs, encode_document
from corefine.tokenizer import make_document

_STOP_AFTER_HEAD = frozenset(
    {
        *("of", "in", "on", "at", "for", "with", "from", "by", "about", "to", "into", "over"),
        *("under", "after", "before", "during", "than", "as", "who", "whom", "whose", "which"),
        *("that", "where", "when", ",", "(", "--", "–", "—"),
    }
)


def conllu_heads(path: str | Path) -> dict[str, list[int]]:
    """Per ``# newdoc id``: the document-level index of each word's syntactic head (-1: root).

    Words are the CoNLL-U word lines (no multiword ranges, no empty nodes), the
    same grid as the reader's tokens for English GUM.
    """
    heads: dict[str, list[int]] = {}
    current: list[int] | None = None
    sentence: list[int] = []
    offset = 0

    def flush() -> None:
        nonlocal sentence, offset
        if current is not None:
            current.extend(offset + h - 1 if h > 0 else -1 for h in sentence)
            offset += len(sentence)
        sentence = []

    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            flush()
            current = heads.setdefault(line.split("=", 1)[1].strip(), [])
            offset = 0
        elif not line.strip():
            flush()
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                sentence.append(int(cols[6]) if cols[6].isdigit() else 0)
    flush()
    return heads


def conllu_xpos(path: str | Path) -> dict[str, list[str]]:
    """Per ``# newdoc id``: each word's XPOS (Penn tag), on the grid of :func:`conllu_heads`.

    The reader keeps no part of speech; :mod:`training.gender_swap` asks it whether a
    *her* is a determiner (``PRP$``) or an object (``PRP``) and whether a name is a
    proper noun.
    """
    tags: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id"):
            current = tags.setdefault(line.split("=", 1)[1].strip(), [])
        elif line.strip() and not line.startswith("#") and current is not None:
            cols = line.split("\t")
            if cols[0].isdigit():
                current.append(cols[4])
    return tags


def syntactic_head(first: int, last: int, heads: Sequence[int]) -> int:
    """The first word in ``first..last`` whose head is outside the span (else ``last``)."""
    for w in range(first, last + 1):
        if not first <= heads[w] <= last:
            return w
    return last


def rule_head(tokens: Sequence[Token], first: int, last: int) -> int:
    """Head without syntax: the word before the first preposition/relative/comma, else the last."""
    for w in range(first + 1, last + 1):
        if tokens[w].text.lower() in _STOP_AFTER_HEAD:
            return w - 1
    return last


@dataclass
class Example:
    """One training/evaluation document on corefine's tokens."""

    name: str
    genre: str
    gold: Document  # the corpus document (gold tokens and clusters): scoring happens on it
    doc: Document  # the same text, tokenized by corefine: what the model reads
    inputs: ModelInputs
    word_cluster: np.ndarray  # int64 [N]: cluster of the mention headed here, -1 if none
    span: np.ndarray  # int64 [N, 2]: inclusive (first, last) word of that mention, -1 if none
    stats: dict[str, int] = field(default_factory=dict)
    gap: GapTarget | None = None  # partial supervision: only set for GAP rows
    # partial supervision (ECB+, :func:`make_ecbplus_example`): the words that get an
    # antecedent loss (``rows``) and the words that may be their antecedents
    # (``candidates``), bool [N]; ``None``: every word (complete annotation)
    rows: np.ndarray | None = None
    candidates: np.ndarray | None = None


@dataclass(frozen=True)
class GapTarget:
    """What a GAP row says, on corefine's words: is the pronoun coreferent with A, with B?

    GAP annotates one pronoun and two names, not whole clusters, so its loss
    (``training.train.gap_loss``) touches only the scores between those words.
    Name heads are the name's first word, UD's head of a ``flat`` name (the
    head OntoGUM training gives names).
    """

    pronoun: int
    names: tuple[int, int]  # head words of A and B
    coref: tuple[bool, bool]


def make_example(
    gold: Document,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    heads: Sequence[int] | None = None,
    special: SpecialIds | None = None,
) -> Example:
    """Map ``gold``'s mentions onto corefine tokens with head-word and span targets."""
    doc = make_document(gold.text, name=gold.name)
    genre = str(gold.metadata.get("genre", config.default_genre))
    inputs = encode_document(doc, tokenizer, config, special, genre)
    n = len(doc.tokens)
    word_cluster = np.full(n, -1, dtype=np.int64)
    span = np.full((n, 2), -1, dtype=np.int64)
    stats = {"mentions": 0, "head_collisions": 0, "span_outside_radius": 0, "syntax_heads": 0}
    use_syntax = heads is not None and len(heads) == len(gold.tokens)
    mentions = sorted(
        ((m.start, m.end, c.id) for c in gold.clusters for m in c.mentions),
        key=lambda t: (t[0], -t[1]),
    )
    for start, end, cid in mentions:
        stats["mentions"] += 1
        g0, g1 = gold.token_range(start, end)
        if g1 <= g0:
            continue
        if use_syntax:
            assert heads is not None
            gh = syntactic_head(g0, g1 - 1, heads)
            stats["syntax_heads"] += 1
        else:
            gh = rule_head(gold.tokens, g0, g1 - 1)
        first, stop = doc.token_range(start, end)
        if stop <= first:
            continue
        last = stop - 1
        h = min(max(doc.token_index(gold.tokens[gh].start), first), last)
        if word_cluster[h] >= 0:
            stats["head_collisions"] += 1
            continue
        word_cluster[h] = cid
        sid = inputs.sentence_ids
        r = config.span_radius
        if h - first > r or last - h > r or sid[first] != sid[h] or sid[last] != sid[h]:
            stats["span_outside_radius"] += 1
        else:
            span[h] = (first, last)
    return Example(gold.name, genre, gold, doc, inputs, word_cluster, span, stats)


def strip_hyphenated_example(
    ex: Example,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    special: SpecialIds | None = None,
) -> Example | None:
    """``ex`` as its text reads with every hyphenated word stripped to three spaces, the
    form some news corpora are distributed in (:func:`corefine.eval.messy.strip_hyphenated`);
    ``None`` when the text has no hyphenated word.

    Why: the model is expected to give the same replacements on such text as on the
    clean one (``benchmarks/messy_news.py``), and it never sees a sentence with a word
    torn out in training. Targets follow the kept words: a mention whose head word was
    stripped is dropped (its cluster keeps its other mentions), a span shrinks to the
    words it keeps. ``gold`` stays the clean document: stripped examples train, never
    score.
    """
    from corefine.eval.messy import Aligned, strip_hyphenated

    stripped = strip_hyphenated(Aligned.clean(ex.doc.text))
    if stripped.text == ex.doc.text:
        return None
    doc = make_document(stripped.text, name=ex.name)
    by_start = {t.start: i for i, t in enumerate(ex.doc.tokens)}
    old = np.full(len(doc.tokens), -1, dtype=np.int64)
    for j, t in enumerate(doc.tokens):
        i = by_start.get(stripped.origin[t.start], -1)
        if i >= 0 and stripped.origin[t.end - 1] + 1 == ex.doc.tokens[i].end:
            old[j] = i  # the same word; a token cut differently keeps no target
    inputs = encode_document(doc, tokenizer, config, special, ex.genre)
    word_cluster = np.where(old >= 0, ex.word_cluster[old.clip(min=0)], -1)
    span = np.full((len(doc.tokens), 2), -1, dtype=np.int64)
    sid, r = inputs.sentence_ids, config.span_radius
    stats = {"mentions": int((word_cluster >= 0).sum()), "span_outside_radius": 0}
    for h in np.flatnonzero(word_cluster >= 0):
        first_old, last_old = ex.span[old[h]]
        if first_old < 0:
            continue
        kept = np.flatnonzero((old >= first_old) & (old <= last_old))
        first, last = int(kept[0]), int(kept[-1])
        if h - first > r or last - h > r or sid[first] != sid[h] or sid[last] != sid[h]:
            stats["span_outside_radius"] += 1
        else:
            span[h] = (first, last)
    return Example(ex.name, ex.genre, ex.gold, doc, inputs, word_cluster, span, stats)


def load_conll_examples(
    paths: Sequence[str | Path],
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    genre: str = "fiction",
) -> list[Example]:
    """Examples from CoNLL-2012 files (LitBank), singletons dropped, heads by :func:`rule_head`.

    Why drop singletons: the model's target is the OntoNotes scheme (a word
    links to an antecedent or to nothing); a LitBank singleton would teach
    it nothing about links, only that the word is a mention. ``genre``: LitBank
    files carry none; its documents are novels.
    """
    from corefine.corpora.conll2012 import read_conll

    special = SpecialIds.from_tokenizer(tokenizer)
    out: list[Example] = []
    for path in paths:
        for gold in read_conll(path, drop_singletons=True):
            gold.metadata.setdefault("genre", genre)
            out.append(make_example(gold, tokenizer, config, None, special))
    return out


def make_gap_example(
    row: GapExample,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    special: SpecialIds | None = None,
) -> Example | None:
    """A GAP row as a training example; ``None`` if a name and the pronoun share a word."""
    gold = gap_example_to_document(row)  # corefine's tokens already: the model reads them too
    doc = replace(gold, clusters=[])
    genre = config.default_genre
    inputs = encode_document(doc, tokenizer, config, special, genre)
    sid = inputs.sentence_ids
    n = len(doc.tokens)
    word_cluster = np.full(n, -1, dtype=np.int64)
    span = np.full((n, 2), -1, dtype=np.int64)
    heads = []
    for start, end in (row.pronoun_span, row.a_span, row.b_span):
        first, stop = doc.token_range(start, end)
        if stop <= first:
            return None
        heads.append(first)
        if stop - 1 - first <= config.span_radius and sid[first] == sid[stop - 1]:
            span[first] = (first, stop - 1)
    if len(set(heads)) < 3:
        return None
    target = GapTarget(heads[0], (heads[1], heads[2]), (row.a_coref, row.b_coref))
    return Example(row.id, genre, gold, doc, inputs, word_cluster, span, {}, target)


def load_gap_examples(
    paths: Sequence[str | Path], tokenizer: SubwordTokenizer, config: ModelConfig
) -> list[Example]:
    """Examples from GAP ``.tsv`` files (rows whose words collide are left out).

    Genre: the inference default, because GAP is scored with the resolver's
    default genre and its Wikipedia prose reads like news.
    """
    from corefine.eval.evaluate import read_gap_files

    special = SpecialIds.from_tokenizer(tokenizer)
    examples = (
        make_gap_example(row, tokenizer, config, special)
        for row in read_gap_files(map(Path, paths))
    )
    return [ex for ex in examples if ex is not None]


def load_conllu_examples(
    paths: Sequence[str | Path],
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
) -> list[Example]:
    """Examples from CoNLL-U files via corefine's reader, heads from their gold syntax."""
    from corefine.corpora.conllu import read_conllu

    special = SpecialIds.from_tokenizer(tokenizer)
    out: list[Example] = []
    for path in paths:
        heads = conllu_heads(path)
        for gold in read_conllu(path):
            out.append(make_example(gold, tokenizer, config, heads.get(gold.name), special))
    return out


T = TypeVar("T")


def epoch_draw(docs: Sequence[T], fraction: float, seed: int, epoch: int) -> list[T]:
    """The documents of ``docs`` an epoch trains on: all of them (in order) at
    ``fraction`` 1, else a seeded sample of ``round(fraction × len)`` drawn anew
    each epoch.

    Why a new, independent draw each epoch rather than a fixed subset: over a
    run the model sees nearly every LitBank novel (six draws of half: all but
    one or two, on average) while each epoch costs only the fraction, which is
    how LitBank fits the 2.5 h CPU budget (model card, "Extra supervision").
    """
    n = round(fraction * len(docs))
    if n >= len(docs):
        return list(docs)
    return random.Random(seed * 7919 + epoch).sample(list(docs), n)


def epochs_left(first: int, epochs: int, stop_after: int, stale: int, patience: int) -> range:
    """The epochs a (possibly resumed) run still trains: ``first`` up to ``stop_after``
    (0: ``epochs``), none once ``stale`` epochs without dev gain reached ``patience``.

    Why: resuming a run that had already ended (at ``--stop-after-epoch``, or by
    patience) must end at once, not train past the epoch the command asked for;
    scripts rerun every stage with ``--resume`` after a cut-off session.
    """
    if stale >= patience:
        return range(0)
    return range(first, min(epochs, stop_after or epochs) + 1)


# relative pronouns: ECB+ marks "who" as a mention of its person; OntoNotes (the scheme
# corefine learns) does not, so such a word is no mention in an ECB+ example
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose", "which", "that"})


def words_in_spans(doc: Document, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """bool [N]: whether each of ``doc``'s words starts inside one of the character
    ``spans``."""
    starts = np.asarray([t.start for t in doc.tokens], dtype=np.int64)
    inside = np.zeros(len(starts), dtype=bool)
    for start, end in spans:
        inside |= (starts >= start) & (starts < end)
    return inside


def make_ecbplus_example(
    gold: Document,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    special: SpecialIds | None = None,
) -> Example | None:
    """An ECB+ document (:func:`corefine.corpora.ecbplus.read_ecbplus`) as a partly
    supervised example; ``None`` when no mention lies in a complete sentence.

    ECB+ annotates within-document coreference completely only in some sentences
    (``metadata["coref_sentences"]``). So:

    * ``rows``: the head words of the entity mentions inside those sentences (heads by
      :func:`rule_head`: the corpus has no syntax). Only they get an antecedent loss:
      the corpus marks event participants, not every noun phrase, so an unmarked word
      in a complete sentence is not known to have no antecedent;
    * ``candidates``: every word of those sentences. A row's antecedents are scored
      against these only (:func:`masked_targets`): a word elsewhere may be an
      unmarked mention of the same entity, so it is not a negative. A row whose
      cluster has no earlier mention among the candidates is trained towards "none
      of these" (the dummy, in a softmax over the candidates), which says only that
      none of the candidates is its antecedent; true whatever the unmarked text
      before says;
    * no span targets: ECB+ extents are not OntoGUM's ("rep" for "her rep", "on
      Tuesday"), so the span scorer learns nothing from them;
    * a relative pronoun ("who") is no mention (OntoNotes marks none), so it is a
      candidate like any other word, never a row;
    * the text ends with the last complete sentence: what follows could only be read as
      right context (no row, no candidate there), and cutting it makes the corpus five
      times cheaper to train on (72,376 of 362,543 words are kept).

    Genre ``news``.
    """
    from corefine.corpora.ecbplus import complete_spans

    spans = complete_spans(gold)
    if not spans:
        return None
    gold = truncate_document(gold, spans[-1][1])
    gold.metadata.setdefault("genre", "news")
    ex = make_example(gold, tokenizer, config, None, special)
    complete = words_in_spans(ex.doc, spans)
    relative = np.asarray([t.text.lower() in RELATIVE_PRONOUNS for t in ex.doc.tokens], bool)
    word_cluster = np.where(relative, -1, ex.word_cluster)
    rows = (word_cluster >= 0) & complete
    if not rows.any():
        return None
    span = np.full_like(ex.span, -1)
    stats = {**ex.stats, "rows": int(rows.sum()), "candidates": int(complete.sum())}
    return replace(
        ex, word_cluster=word_cluster, span=span, rows=rows, candidates=complete, stats=stats
    )


def truncate_document(doc: Document, end: int) -> Document:
    """``doc`` up to character ``end``: the tokens, sentences and mentions that end by
    then (clusters left without a mention are dropped, ids kept)."""
    clusters = []
    for c in doc.clusters:
        kept = [m for m in c.mentions if m.end <= end]
        if kept:
            clusters.append(replace(c, mentions=kept))
    return Document(
        doc.text[:end],
        [t for t in doc.tokens if t.end <= end],
        [s for s in doc.sentences if s.end <= end],
        clusters,
        doc.name,
        dict(doc.metadata),
    )


def load_ecbplus_examples(
    root: str | Path,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
) -> list[Example]:
    """Examples from the ECB+ corpus folder ``root`` (:func:`make_ecbplus_example`;
    documents without a mention in a complete sentence are left out)."""
    from corefine.corpora.ecbplus import read_ecbplus_corpus

    special = SpecialIds.from_tokenizer(tokenizer)
    examples = (
        make_ecbplus_example(gold, tokenizer, config, special) for gold in read_ecbplus_corpus(root)
    )
    return [ex for ex in examples if ex is not None]


def masked_targets(
    word_cluster: np.ndarray,
    top: np.ndarray,
    rows: np.ndarray,
    candidates: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The antecedent targets of a partly annotated document, over the model's top-k.

    ``top`` [N, k]: each word's candidate antecedents (a column ``>= its row`` is
    padding). Returns ``(words, gold, allowed)``: the word indices with a loss
    (``rows``), and for each of them, over ``[dummy, top...]`` ([R, k + 1]), which
    columns are in its softmax (``allowed``: the dummy and the earlier words that are
    ``candidates``) and which are gold (earlier candidates of its cluster, else the
    dummy). ``training.train.masked_cluster_loss`` computes the loss from these.
    """
    n = len(word_cluster)
    words = np.flatnonzero(rows)
    ante = top[words]
    safe = ante.clip(0, max(n - 1, 0))
    valid = (ante < words[:, None]) & candidates[safe]
    cluster = word_cluster[words][:, None]
    same = valid & (cluster >= 0) & (word_cluster[safe] == cluster)
    gold = np.concatenate([~same.any(axis=1, keepdims=True), same], axis=1)
    allowed = np.concatenate([np.ones((len(words), 1), dtype=bool), valid], axis=1)
    return words, gold, allowed


def gender_swap_example(
    ex: Example,
    rng: random.Random,
    tokenizer: SubwordTokenizer,
    config: ModelConfig,
    heads: Sequence[int] | None = None,
    xpos: Sequence[str] | None = None,
    special: SpecialIds | None = None,
) -> Example:
    """``ex`` with its gendered words swapped (:func:`training.gender_swap.swap_genders`
    on the gold document, whose token grid it keeps, so ``heads`` still apply), made
    into an example again. ``xpos``: the gold words' Penn tags, where the corpus has them."""
    from training.gender_swap import swap_genders

    return make_example(swap_genders(ex.gold, rng, xpos), tokenizer, config, heads, special)
