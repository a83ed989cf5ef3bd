"""Agreement of corefine's metrics with the CoNLL-2012 reference scorer.

Why: corefine reports MUC, B³, CEAF-e, LEA and the CoNLL F1 with its own code
(scorch for the per-document metrics, our aggregation, our LEA, our CoNLL
reader). Numbers are only comparable with published ones if they are the
reference scorer's numbers, so this script scores the same key/response files
with both and reports the differences.

Keys are the gold dev sets: OntoGUM (``gum/ontogum/dev/*.conll``, 30 documents,
their empty ``# begin document`` headers replaced by the file stem so that the
documents can share one file) and LitBank (``litbank/dev``, 10 documents, the
original files concatenated). Both scorers read these original rows, so the
reader is compared too. Responses are the gold clusters perturbed with a
seeded RNG (merges, splits, dropped mentions, spurious mentions, boundary
shifts, a repeated mention, missing and extra documents), written with
:func:`corefine.corpora.conll2012.write_conll`.

The reference scorer is not part of corefine (GPL, Perl; get it from
https://github.com/conll/reference-coreference-scorers); pass its
``scorer.pl`` (v8.01 with LEA; Algorithm::Munkres and Math::Combinatorics must
be installed). Usage::

    python benchmarks/reference_scorer_agreement.py --scorer /tmp/refscorer/scorer.pl

It prints a table of our and the reference numbers and the maximum absolute
difference per metric, and writes the section "## Agreement with the CoNLL-2012
reference scorer" of ``BENCHMARKS.md`` (replacing an older one).
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import write_section

from corefine.corpora.conll2012 import clusters_as_token_spans, read_conll, write_conll
from corefine.document import Cluster, Document, Mention
from corefine.eval.metrics import METRICS, MetricCounts, score_documents

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SECTION = "Agreement with the CoNLL-2012 reference scorer"
REF_METRIC = {"muc": "muc", "b3": "bcub", "ceafe": "ceafe", "lea": "lea"}
LABEL = {"muc": "MUC", "b3": "B³", "ceafe": "CEAF-e", "lea": "LEA"}

Spans = list[set[tuple[int, int]]]


# -----------------------------------------------------------------------------
# keys
# -----------------------------------------------------------------------------


def build_keys(workdir: Path) -> dict[str, Path]:
    """One key file per corpus, made of the original rows."""
    keys: dict[str, Path] = {}
    onto = workdir / "ontogum_dev.key.conll"
    with onto.open("w", encoding="utf-8") as out:
        for f in sorted((DATA / "gum" / "ontogum" / "dev").glob("*.conll")):
            for line in f.read_text(encoding="utf-8").splitlines():
                if re.match(r"^#\s*begin document", line):
                    line = f"#begin document ({f.stem}); part 000"
                out.write(line + "\n")
    keys["OntoGUM dev"] = onto
    lit = workdir / "litbank_dev.key.conll"
    with lit.open("w", encoding="utf-8") as out:
        for f in sorted((DATA / "litbank" / "dev").glob("*.conll")):
            text = f.read_text(encoding="utf-8")
            out.write(text if text.endswith("\n") else text + "\n")
    keys["LitBank dev"] = lit
    return keys


# -----------------------------------------------------------------------------
# perturbations (on token spans)
# -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str
    merge: float = 0.0
    split: float = 0.0
    drop: float = 0.0
    spurious: float = 0.0
    shift: float = 0.0
    repeat: bool = False
    drop_docs: float = 0.0
    seed: int = 0


SETTINGS = [
    Setting("gold"),
    Setting("merge 20%", merge=0.2, seed=1),
    Setting("split 20%", split=0.2, seed=2),
    Setting("drop 20% mentions", drop=0.2, seed=3),
    Setting("spurious +20%", spurious=0.2, seed=4),
    Setting("boundary shift 20%", shift=0.2, seed=5),
    Setting("mixed, seed 6", 0.1, 0.1, 0.1, 0.1, 0.1, seed=6),
    Setting("mixed, seed 7", 0.15, 0.15, 0.15, 0.15, 0.15, seed=7),
    Setting("mixed + repeated mention + missing/extra docs", 0.1, 0.1, 0.1, 0.1, 0.1,
            repeat=True, drop_docs=0.2, seed=8),
]  # fmt: skip


def perturb(
    clusters: Spans, n_tokens: int, s: Setting, rng: random.Random, repeat: bool = False
) -> list[list[tuple[int, int]]]:
    out = [sorted(c) for c in clusters if c]
    rng.shuffle(out)
    # merges
    merged: list[list[tuple[int, int]]] = []
    i = 0
    while i < len(out):
        if i + 1 < len(out) and rng.random() < s.merge:
            merged.append(out[i] + out[i + 1])
            i += 2
        else:
            merged.append(out[i])
            i += 1
    # splits
    split: list[list[tuple[int, int]]] = []
    for c in merged:
        if len(c) >= 2 and rng.random() < s.split:
            c = c[:]
            rng.shuffle(c)
            cut = rng.randint(1, len(c) - 1)
            split += [c[:cut], c[cut:]]
        else:
            split.append(c)
    # dropped mentions and boundary shifts. A shifted or spurious span never
    # equals a span already used: that would be a repeated mention, which the
    # reference scorer refuses beyond 10 (the "repeat" setting adds one on purpose).
    used = {span for c in split for span in c}
    result: list[list[tuple[int, int]]] = []
    for c in split:
        kept = []
        for a, b in c:
            if rng.random() < s.drop:
                continue
            if rng.random() < s.shift:
                na, nb = a, b
                if rng.random() < 0.5:
                    na = min(max(0, a + rng.choice((-1, 1))), b)
                else:
                    nb = max(min(n_tokens - 1, b + rng.choice((-1, 1))), a)
                if (na, nb) not in used:
                    used.add((na, nb))
                    a, b = na, nb
            kept.append((a, b))
        if kept:
            result.append(kept)
    # spurious mentions: random new spans, into an existing cluster or a new one
    n_mentions = sum(len(c) for c in clusters)
    for _ in range(round(s.spurious * n_mentions)):
        a = rng.randrange(n_tokens)
        span = (a, min(n_tokens - 1, a + rng.choice((0, 0, 1, 2))))
        if span in used:
            continue
        used.add(span)
        if result and rng.random() < 0.6:
            rng.choice(result).append(span)
        else:
            result.append([span])
    if repeat and len(result) >= 2:
        # one gold mention listed in a second cluster (the reference scorer
        # refuses runs with more than 10 such repeats over all metrics)
        src, dst = rng.sample(range(len(result)), 2)
        result[dst].append(rng.choice(result[src]))
        # and twinless mentions listed in two clusters (not removed by the scorer)
        for _ in range(3):
            a = rng.randrange(n_tokens)
            span = (a, a)
            if span in used:
                continue
            used.add(span)
            for c in rng.sample(result, 2):
                c.append(span)
    return result


def response_documents(keys: list[Document], s: Setting) -> list[Document]:
    rng = random.Random(s.seed)
    docs: list[Document] = []
    for kd in keys:
        if s.drop_docs and rng.random() < s.drop_docs:
            continue
        spans = clusters_as_token_spans(kd)
        # the repeated mention goes into the first document only: the scorer
        # counts repeats over the whole file and refuses more than 10
        clusters = perturb(spans, len(kd.tokens), s, rng, repeat=s.repeat and not docs)
        docs.append(_with_clusters(kd, clusters))
    if s.drop_docs and keys:
        extra = _with_clusters(keys[0], [[(0, 0), (1, 1)]])
        extra.metadata = {**extra.metadata, "conll_document": "not_in_the_key"}
        docs.append(extra)
    return docs


def _with_clusters(kd: Document, clusters: list[list[tuple[int, int]]]) -> Document:
    out = []
    for i, c in enumerate(clusters):
        ms = [
            Mention(
                kd.tokens[a].start, kd.tokens[b].end, kd.text[kd.tokens[a].start : kd.tokens[b].end]
            )
            for a, b in c
        ]
        out.append(Cluster(i, ms))
    meta = {k: v for k, v in kd.metadata.items() if k in ("conll_document", "conll_part")}
    return Document(kd.text, kd.tokens, kd.sentences, out, kd.name, meta)


# -----------------------------------------------------------------------------
# scoring
# -----------------------------------------------------------------------------

_COREF_LINE = re.compile(
    r"^Coreference: Recall: \((?P<rn>[^ ]+) / (?P<rd>[^)]+)\).*?"
    r"Precision: \((?P<pn>[^ ]+) / (?P<pd>[^)]+)\)"
)


def reference_counts(scorer: Path, key: Path, response: Path) -> dict[str, MetricCounts]:
    out: dict[str, MetricCounts] = {}
    for metric in METRICS:
        proc = subprocess.run(
            ["perl", str(scorer), REF_METRIC[metric], str(key), str(response), "none"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"reference scorer failed ({metric}): {proc.stderr.strip()}")
        lines = [m for m in map(_COREF_LINE.match, proc.stdout.splitlines()) if m]
        if not lines:
            raise RuntimeError(f"no 'Coreference:' line in the scorer's output:\n{proc.stdout}")
        m = lines[-1]
        out[metric] = MetricCounts(float(m["rn"]), float(m["rd"]), float(m["pn"]), float(m["pd"]))
    return out


@dataclass
class Row:
    corpus: str
    setting: str
    ours: dict[str, tuple[float, float, float]]
    ref: dict[str, tuple[float, float, float]]

    def diff(self, metric: str) -> float:
        return max(abs(a - b) for a, b in zip(self.ours[metric], self.ref[metric], strict=True))


def _prf(c: MetricCounts) -> tuple[float, float, float]:
    s = c.prf()
    return (s.p, s.r, s.f1)


def run(scorer: Path, workdir: Path) -> list[Row]:
    rows: list[Row] = []
    for corpus, key_path in build_keys(workdir).items():
        keys = read_conll(key_path)
        for s in SETTINGS:
            resp_path = workdir / f"{key_path.stem}.{s.seed}.response.conll"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # crossing spans, repeats: expected here
                write_conll(response_documents(keys, s), resp_path)
                ours = score_documents(read_conll(key_path), read_conll(resp_path))
            ref = reference_counts(scorer, key_path, resp_path)
            ours_prf = {
                "muc": (ours.muc.p, ours.muc.r, ours.muc.f1),
                "b3": (ours.b3.p, ours.b3.r, ours.b3.f1),
                "ceafe": (ours.ceafe.p, ours.ceafe.r, ours.ceafe.f1),
                "lea": (ours.lea.p, ours.lea.r, ours.lea.f1),
            }
            rows.append(Row(corpus, s.name, ours_prf, {m: _prf(ref[m]) for m in METRICS}))
            print(f"  {corpus:12} {s.name:48} " + "  ".join(
                f"{LABEL[m]} {rows[-1].ours[m][2]:6.2f}/{rows[-1].ref[m][2]:6.2f}" for m in METRICS
            ), file=sys.stderr)  # fmt: skip
    return rows


def conll_f1(prfs: dict[str, tuple[float, float, float]]) -> float:
    return (prfs["muc"][2] + prfs["b3"][2] + prfs["ceafe"][2]) / 3


def render(rows: list[Row]) -> str:
    lines = [
        "Reference: CoNLL-2012 scorer v8.01 with LEA (`CorScorer.pm`), run as "
        "`perl scorer.pl <metric> KEY RESPONSE none`.",
        "",
        "Keys: gold dev sets (original rows); responses: seeded perturbations of the gold "
        "clusters written by `write_conll`. F1 on a 0-100 scale, ours / reference; the last "
        "column is the largest absolute difference in P, R or F1 over the four metrics.",
        "",
        "| corpus | response | MUC F1 | B³ F1 | CEAF-e F1 | LEA F1 | CoNLL F1 | max abs diff |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [f"{r.ours[m][2]:.2f} / {r.ref[m][2]:.2f}" for m in METRICS]
        cells.append(f"{conll_f1(r.ours):.2f} / {conll_f1(r.ref):.2f}")
        worst = max(r.diff(m) for m in METRICS)
        lines.append(f"| {r.corpus} | {r.setting} | " + " | ".join(cells) + f" | {worst:.1e} |")
    lines += ["", "Maximum absolute difference over all rows (P, R and F1, 0-100 scale):", ""]
    lines.append("| metric | max abs diff |")
    lines.append("|---|---|")
    for m in METRICS:
        lines.append(f"| {LABEL[m]} | {max(r.diff(m) for r in rows):.1e} |")
    conll_diff = max(abs(conll_f1(r.ours) - conll_f1(r.ref)) for r in rows)
    lines.append(f"| CoNLL F1 | {conll_diff:.1e} |")
    lines += [
        "",
        "Notes. The reference numbers are computed from the numerators and denominators the "
        "Perl scorer prints (15 significant digits), so differences of order 1e-13 are its "
        "printing, not disagreement. The raw OntoGUM key does not score 100 against itself: "
        "one span of `GUM_bio_emperor` belongs to two key entities, and corefine reproduces "
        "how the reference scorer counts it (see `corefine/eval/metrics.py`); `corefine "
        "evaluate` first keeps such a span in one entity (`partition_clusters`), so its gold "
        "oracle scores 100. The last setting puts "
        "one key mention in two response clusters (the scorer removes the repeat), three "
        "twinless mentions in two clusters each (kept), drops 20% of the response documents "
        "(scored against nothing) and adds one with no key document (ignored).",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scorer", type=Path, required=True, help="path to the reference scorer.pl")
    ap.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    ap.add_argument("--tolerance", type=float, default=0.005, help="allowed abs difference")
    args = ap.parse_args()
    if not args.scorer.is_file():
        ap.error(f"{args.scorer} is not a file")
    with tempfile.TemporaryDirectory(prefix="corefine-agreement-") as tmp:
        rows = run(args.scorer, Path(tmp))
    section = render(rows)
    print(section)
    if not args.no_write:
        write_section(SECTION, section)
    worst = max(r.diff(m) for r in rows for m in METRICS)
    if worst > args.tolerance:
        print(f"DISAGREEMENT: max abs difference {worst:.4f} > {args.tolerance}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
