"""Run a resolver on a corpus' raw text and score it against the gold annotation.

Scoring is done on the gold token grid: every system mention (a character
span) is mapped to the gold tokens it overlaps, exactly as the CoNLL-2012
writer maps it when it writes a response file. This is what makes
``corefine evaluate`` and ``corefine score`` on the written files agree.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from corefine.corpora.conll2012 import read_conll, write_conll
from corefine.corpora.conllu import read_conllu
from corefine.corpora.gap import GapExample, read_gap
from corefine.document import Cluster, Document
from corefine.errors import CorefineError
from corefine.eval.gap import GapScores, score_gap
from corefine.eval.metrics import CorefScorer, CorefScores
from corefine.eval.pronouns import PronounCounts, pronoun_counts
from corefine.extras import SCORING_FEATURE, require_extra
from corefine.resolvers import Resolver
from corefine.rewriter import RewritePolicy

Format = Literal["conllu", "conll", "gap"]
FORMATS: tuple[Format, ...] = ("conllu", "conll", "gap")
_EXTENSIONS = {"conllu": ".conllu", "conll": ".conll", "gap": ".tsv"}

TokenSpan = tuple[int, int]


@dataclass
class Evaluation:
    """Scores of one run (or of one genre of it)."""

    docs: int = 0
    words: int = 0
    seconds: float = 0.0
    scores: CorefScores | None = None
    pronouns: PronounCounts | None = None
    gap: GapScores | None = None
    by_genre: dict[str, Evaluation] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.scores is not None:
            out.update(self.scores.to_dict())
        if self.pronouns is not None:
            out["pronouns"] = self.pronouns.to_dict()
        if self.gap is not None:
            out["gap"] = self.gap.to_dict()
        out.update(docs=self.docs, words=self.words, seconds=round(self.seconds, 3))
        if self.by_genre:
            out["by_genre"] = {g: e.to_dict() for g, e in sorted(self.by_genre.items())}
        return out


def corpus_files(paths: Sequence[str | Path], fmt: Format) -> list[Path]:
    """The files named, with directories expanded to their files of ``fmt``."""
    if fmt not in FORMATS:
        raise CorefineError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob(f"*{_EXTENSIONS[fmt]}"))
            if not found:
                raise CorefineError(f"no {_EXTENSIONS[fmt]} files in directory", p)
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            raise CorefineError("no such file or directory", p)
    return files


def read_corpus(files: Iterable[Path], fmt: Format, encoding: str = "utf-8") -> list[Document]:
    """Gold documents of coreference corpora (``conllu`` or ``conll``), as scoring keys.

    Clusters are made a partition (see :func:`partition_clusters`), because the
    CoNLL metrics assume one and the reference scorer otherwise scores a key
    against itself below 100.
    """
    reader = read_conllu if fmt == "conllu" else read_conll
    docs: list[Document] = []
    for f in files:
        for doc in reader(f, encoding=encoding):
            doc.clusters = partition_clusters(doc.clusters)
            docs.append(doc)
    return docs


def partition_clusters(clusters: Sequence[Cluster]) -> list[Cluster]:
    """Each span in one cluster only: the largest of those that list it (the first on ties).

    Corpora occasionally give one span two entities (OntoGUM dev has
    "NORTON I, Emperor of the United States" as both Norton and his title).
    The reference scorer keeps such a *key* mention in its last cluster but a
    *response* mention in its first, so even a perfect system cannot score 100
    on the raw key. Keeping the span in the bigger entity is the choice that
    loses the fewest links; clusters left empty are dropped, ids are kept.
    """
    owner: dict[tuple[int, int], int] = {}
    for index, cluster in enumerate(clusters):
        for span in cluster.spans:
            best = owner.get(span)
            if best is None or len(cluster.mentions) > len(clusters[best].mentions):
                owner[span] = index
    out: list[Cluster] = []
    for index, cluster in enumerate(clusters):
        kept = [m for m in cluster.mentions if owner[m.span] == index]
        if kept:
            out.append(Cluster(cluster.id, kept, cluster.confidence))
    return out


def token_clusters(
    doc: Document, clusters: Sequence[Cluster], drop_singletons: bool = False
) -> list[set[TokenSpan]]:
    """Clusters as sets of half-open gold-token spans; mentions covering no token are dropped."""
    out: list[set[TokenSpan]] = []
    for c in clusters:
        spans = {doc.token_range(m.start, m.end) for m in c.mentions}
        spans = {(i, j) for i, j in spans if i < j}
        if spans and not (drop_singletons and len(spans) < 2):
            out.append(spans)
    return out


def evaluate_documents(
    gold: Sequence[Document],
    resolver: Resolver,
    policy: RewritePolicy | None = None,
    drop_singletons: bool = False,
    by_genre: bool = False,
    write_resolved: Path | None = None,
    write_conll_dir: Path | None = None,
) -> Evaluation:
    """Resolve each gold document's raw text and score clusters and pronoun replacements.

    ``policy`` ``None``: each document's default (the resolver's recommended threshold).
    Without the ``eval`` extra (scorch) this raises before any document is resolved.
    """
    require_extra("eval", SCORING_FEATURE)
    groups: dict[str, list[tuple[Document, Document]]] = defaultdict(list)
    total = Evaluation()
    pairs: list[tuple[Document, Document]] = []
    for g in gold:
        start = time.perf_counter()
        system = resolver(g.text)
        result = system.resolve(policy)
        total.seconds += time.perf_counter() - start
        system.metadata["replacements"] = result.replacements
        pairs.append((g, system))
        groups[str(g.metadata.get("genre", "unknown"))].append((g, system))
        if write_resolved is not None:
            write_resolved.mkdir(parents=True, exist_ok=True)
            (write_resolved / f"{_safe_name(g.name)}.txt").write_text(result.text, "utf-8")
    _score_pairs(pairs, total, drop_singletons)
    if by_genre:
        for genre, members in groups.items():
            sub = Evaluation()
            _score_pairs(members, sub, drop_singletons)
            total.by_genre[genre] = sub
    if write_conll_dir is not None:
        _write_conll_pair(pairs, write_conll_dir, drop_singletons)
    return total


def _score_pairs(
    pairs: Sequence[tuple[Document, Document]], into: Evaluation, drop_singletons: bool
) -> None:
    scorer = CorefScorer()
    pronouns = PronounCounts()
    for g, system in pairs:
        scorer.add(
            token_clusters(g, g.clusters, drop_singletons),
            token_clusters(g, system.clusters, drop_singletons),
        )
        pronouns += pronoun_counts(g, system.metadata["replacements"])
        into.words += len(g.tokens)
    into.docs += len(pairs)
    into.scores = scorer.scores()
    into.pronouns = pronouns


def _write_conll_pair(
    pairs: Sequence[tuple[Document, Document]], directory: Path, drop_singletons: bool
) -> None:
    """Key and response files on the gold token grid, for the reference scorer."""
    directory.mkdir(parents=True, exist_ok=True)
    keys, responses = [], []
    for g, system in pairs:
        key = _keep(g.clusters, g, drop_singletons)
        response = _keep(system.clusters, g, drop_singletons)
        keys.append(Document(g.text, g.tokens, g.sentences, key, g.name))
        responses.append(Document(g.text, g.tokens, g.sentences, response, g.name))
    write_conll(keys, directory / "key.conll")
    write_conll(responses, directory / "response.conll")


def _keep(clusters: Sequence[Cluster], doc: Document, drop_singletons: bool) -> list[Cluster]:
    if not drop_singletons:
        return list(clusters)
    return [c for c in clusters if token_clusters(doc, [c], drop_singletons=True)]


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name) or "document"


# -- GAP ---------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gap_decisions(example: GapExample, system: Document) -> tuple[bool, bool]:
    """Is A, is B in the pronoun's system cluster?

    A name counts as linked when a mention of the cluster that contains the
    pronoun overlaps the name's characters: span-based systems often mark
    "Jose de Venecia Jr" as part of a longer mention, and GAP asks about the
    entity, not the boundaries.
    """
    pron = (example.pronoun_offset, example.pronoun_offset + len(example.pronoun))
    a = (example.a_offset, example.a_offset + len(example.a))
    b = (example.b_offset, example.b_offset + len(example.b))
    for cluster in system.clusters:
        spans = [m.span for m in cluster.mentions]
        if any(_overlaps(s, pron) for s in spans):
            others = [s for s in spans if not _overlaps(s, pron)]
            return any(_overlaps(s, a) for s in others), any(_overlaps(s, b) for s in others)
    return False, False


def evaluate_gap(examples: Sequence[GapExample], resolver: Resolver) -> Evaluation:
    """GAP F1 (overall, masculine, feminine, bias) of a resolver."""
    out = Evaluation()
    predictions: dict[str, tuple[bool, bool]] = {}
    for ex in examples:
        start = time.perf_counter()
        system = resolver(ex.text)
        out.seconds += time.perf_counter() - start
        predictions[ex.id] = gap_decisions(ex, system)
        out.words += len(system.tokens)
    out.docs = len(examples)
    out.gap = score_gap(examples, predictions)
    return out


def read_gap_files(files: Iterable[Path], encoding: str = "utf-8") -> list[GapExample]:
    examples: list[GapExample] = []
    for f in files:
        examples.extend(read_gap(f, encoding=encoding))
    return examples
