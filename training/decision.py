"""Fit the replacement decision (:mod:`corefine.rewriter.decision`) across corpora.

    python -m training.decision collect --out runs/decision      # features + labels, per corpus
    python -m training.decision features runs/decision           # again, from kept predictions
    python -m training.decision fit runs/decision [--target 0.9] [--write-model DIR]

Why this recipe: a threshold tuned on one set says little about another (issue 27). The
shipped model resolves each corpus's raw text (none of these was in its training data);
every pronoun replacement it would make at threshold 0 becomes a row of features and a
label (right or wrong against that corpus's gold). ``fit`` then measures the decision by
**leaving one corpus out**: the logistic weights are fitted on the other corpora, the
threshold is the lowest at which the other corpora's pooled predictions reach the target
precision, and precision, recall and calibration are reported on the corpus left out.
Lower-cased forms teach the weights (what lower-casing does to a confidence: no capitals
to tell names) but not the threshold, which is chosen on text as written, so that "0.9
sure" means the same on any text and lower-cased text simply scores lower.
The shipped weights are fitted on all corpora and the shipped threshold is the median of
the held-out folds' thresholds, so no reported number comes from a set that chose it.
news-test is never collected.

Corpora: OntoGUM dev, LitBank dev, GAP development, GAP validation, news-dev (clean, and its
hyphen-stripped and lower-cased variants, one group with the clean text), and lower-cased
OntoGUM dev, LitBank dev and GAP validation (each in its clean corpus's group).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

import corefine
from corefine.corpora.jsonio import document_from_json, document_to_json
from corefine.corpora.news_pronouns import load_articles, read_labels
from corefine.document import Cluster, Document
from corefine.eval.evaluate import corpus_files, read_corpus, read_gap_files
from corefine.eval.messy import Aligned, lowercase_unquoted, strip_hyphenated
from corefine.eval.pronouns import judged_replacements
from corefine.eval.replacements import score_article
from corefine.rewriter import RewritePolicy, RewriteResult, rewrite
from corefine.rewriter.decision import FEATURES, DocumentContext, as_vector, replacement_features
from corefine.rewriter.replacement import Replacement

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "data" / "news_pronouns"


def candidates(doc: Document) -> RewriteResult:
    """Every pronoun replacement the rules allow at any confidence, without a decision."""
    return rewrite(doc.text, doc.clusters, RewritePolicy(min_confidence=0.0))


Judged = list[tuple[Replacement, bool | None]]


def _rows(doc: Document, judged: Judged) -> Iterator[dict[str, Any]]:
    by_id: dict[int, Cluster] = {c.id: c for c in doc.clusters}
    context = DocumentContext.of(doc.text, doc.clusters)
    for r, right in judged:
        if right is None:
            continue
        f = replacement_features(
            context,
            by_id[r.cluster_id],
            (r.start, r.end),
            (r.source_start, r.source_end),
            r.replacement,
        )
        yield {"x": as_vector(f), "y": int(right), "confidence": r.confidence}


# The forms a corpus is read in: as written, hyphenated words stripped, lower-cased with
# quotation marks removed (``corefine.eval.messy``), each with a map back to the clean text.
READINGS = {
    "clean": Aligned.clean,
    "hyphens": lambda t: strip_hyphenated(Aligned.clean(t)),
    "lower": lambda t: lowercase_unquoted(Aligned.clean(t)),
}


def _read_as(text: str, reading: str) -> Aligned:
    """The text the model reads, in one of :data:`READINGS`."""
    return READINGS[reading](text)


def _to_clean(r: Replacement, aligned: Aligned, clean_text: str) -> Replacement | None:
    """``r``, made on ``aligned.text``, in the clean text's offsets (to judge it against
    gold); ``None`` when one of its spans starts or ends on a character that was inserted."""
    try:
        start, end = aligned.span_to_clean(r.start, r.end)
        source = aligned.span_to_clean(r.source_start, r.source_end)
    except ValueError:
        return None
    return dataclasses.replace(
        r,
        start=start,
        end=end,
        original=clean_text[start:end],
        source_start=source[0],
        source_end=source[1],
    )


def collect_conll(nlp: Any, rel: str, fmt: str, reading: str) -> Iterator[tuple[Document, Judged]]:
    for gold in read_corpus(corpus_files([DATA / rel], fmt), fmt):  # type: ignore[arg-type]
        aligned = _read_as(gold.text, reading)
        doc = nlp(aligned.text)
        made = candidates(doc).replacements
        mapped = [_to_clean(r, aligned, gold.text) for r in made]
        verdict = {
            (m.start, m.end): ok
            for m, ok in judged_replacements(gold, [m for m in mapped if m is not None])
        }
        yield (
            doc,
            [
                (r, verdict.get((m.start, m.end)) if m else None)
                for r, m in zip(made, mapped, strict=True)
            ],
        )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def collect_gap(nlp: Any, rel: str, reading: str) -> Iterator[tuple[Document, Judged]]:
    """A GAP replacement is right when it copies the referent (A or B) and wrong when it
    copies the other candidate; a copy of neither, or a row whose referent is neither, is
    not judged."""
    for ex in read_gap_files(corpus_files([DATA / rel], "gap")):
        aligned = _read_as(ex.text, reading)
        doc = nlp(aligned.text)
        judged: Judged = []
        for r in candidates(doc).replacements:
            m = _to_clean(r, aligned, ex.text)
            if m is None or (m.start, m.end) != ex.pronoun_span or not (ex.a_coref or ex.b_coref):
                continue
            source = (m.source_start, m.source_end)
            right = ex.a_span if ex.a_coref else ex.b_span
            other = ex.b_span if ex.a_coref else ex.a_span
            verdict = (
                True if _overlaps(source, right) else False if _overlaps(source, other) else None
            )
            judged.append((r, verdict))
        yield doc, judged


def collect_news(nlp: Any, reading: str) -> Iterator[tuple[Document, Judged]]:
    labels = read_labels(GOLD / "gold.jsonl")
    for a in load_articles(GOLD / "articles.json", DATA / "news" / "fake_or_real_news_256.csv"):
        if a.split != "dev":  # news-test is never used here
            continue
        mine = [x for x in labels if x.article == a.id]
        aligned = _read_as(a.text, reading)
        doc = nlp(aligned.text)
        judged: Judged = []
        for r in candidates(doc).replacements:
            one = score_article(a.text, mine, [r], aligned).judged
            judged.append((r, one[0].right if one else None))
        yield doc, judged


CORPORA = {
    "ontogum-dev": lambda nlp: collect_conll(nlp, "gum/ontogum/dev", "conllu", "clean"),
    "litbank-dev": lambda nlp: collect_conll(nlp, "litbank/dev", "conll", "clean"),
    "gap-development": lambda nlp: collect_gap(nlp, "gap/gap-development.tsv", "clean"),
    "gap-validation": lambda nlp: collect_gap(nlp, "gap/gap-validation.tsv", "clean"),
    "news-dev": lambda nlp: collect_news(nlp, "clean"),
    "news-dev-hyphens": lambda nlp: collect_news(nlp, "hyphens"),
    "news-dev-lower": lambda nlp: collect_news(nlp, "lower"),
    # Lower-cased forms of the other corpora, so that the decision learns what lower-cased
    # text does to confidences from more than one corpus (news-dev-lower alone was the only
    # one: held out, nothing taught the fit that regime).
    "ontogum-dev-lower": lambda nlp: collect_conll(nlp, "gum/ontogum/dev", "conllu", "lower"),
    "litbank-dev-lower": lambda nlp: collect_conll(nlp, "litbank/dev", "conll", "lower"),
    "gap-validation-lower": lambda nlp: collect_gap(nlp, "gap/gap-validation.tsv", "lower"),
}
# Folds of the leave-one-corpus-out measurement: a variant goes with its clean text.
GROUPS = {name: name.removesuffix("-lower").removesuffix("-hyphens") for name in CORPORA}


def collect(out: Path, names: Sequence[str], model: str | None) -> None:
    """Resolve each corpus with the model and keep what the features need (text, clusters,
    judged candidates) in ``NAME.predictions.jsonl``, then write the feature rows. Keeping
    the predictions lets :func:`write_rows` recompute the rows when the features change,
    without running the model again."""
    out.mkdir(parents=True, exist_ok=True)
    nlp = corefine.load(model, threads=2)
    for name in names:
        with (out / f"{name}.predictions.jsonl").open("w") as f:
            for doc, judged in CORPORA[name](nlp):
                judged_json = [[r.to_dict(), right] for r, right in judged]
                f.write(json.dumps({"doc": document_to_json(doc), "judged": judged_json}) + "\n")
        write_rows(out, name)


def _read_predictions(path: Path) -> Iterator[tuple[Document, Judged]]:
    for line in path.read_text().splitlines():
        d = json.loads(line)
        yield document_from_json(d["doc"]), [(Replacement(**r), y) for r, y in d["judged"]]


def write_rows(folder: Path, name: str) -> None:
    """``NAME.jsonl``: one row of features, label and raw confidence per judged candidate,
    from the kept predictions."""
    rows = [
        row
        for doc, judged in _read_predictions(folder / f"{name}.predictions.jsonl")
        for row in _rows(doc, judged)
    ]
    with (folder / f"{name}.jsonl").open("w") as f:
        f.write(json.dumps({"features": list(FEATURES)}) + "\n")
        for row in rows:
            f.write(json.dumps(row) + "\n")
    right = sum(r["y"] for r in rows)
    print(f"{name}: {len(rows)} replacements, {right} right", flush=True)


def load_rows(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    if header["features"] != list(FEATURES):
        raise SystemExit(f"{path}: collected with other features; collect again")
    rows = [json.loads(line) for line in lines[1:]]
    x = np.array([r["x"] for r in rows], dtype=float).reshape(-1, len(FEATURES))
    y = np.array([r["y"] for r in rows], dtype=float)
    c = np.array([r["confidence"] if r["confidence"] is not None else 1.0 for r in rows])
    return x, y, c


def fit_logistic(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float) -> np.ndarray:
    """Weighted L2-regularised logistic regression (the bias, column 0, unpenalised)."""
    penal = np.ones(x.shape[1])
    penal[0] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        ll = weight * (y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))
        grad = x.T @ (weight * (p - y)) + l2 * penal * w
        return float(ll.sum() + 0.5 * l2 * float((penal * w * w).sum())), grad

    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x  # type: ignore[no-any-return]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def lowest_threshold(p: np.ndarray, y: np.ndarray, target: float, min_kept: int = 20) -> float:
    """The lowest threshold at which the replacements kept (at least ``min_kept``) reach
    ``target`` precision: the most recall that precision allows on these rows."""
    order = np.argsort(-p)
    precision = np.cumsum(y[order]) / np.arange(1, len(p) + 1)
    ok = np.flatnonzero(precision >= target)
    ok = ok[ok >= min_kept - 1]
    return float(p[order][ok[-1]]) if len(ok) else 1.0


def written_threshold(
    data: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
    names: Sequence[str],
    coef: np.ndarray,
    target: float,
) -> float:
    """:func:`lowest_threshold` of ``coef`` over the corpora ``names`` as written: their
    lower-cased forms taught the weights but do not choose the threshold (module docstring)."""
    written = [n for n in names if not n.endswith("-lower")]
    x = np.vstack([data[n][0] for n in written])
    y = np.concatenate([data[n][1] for n in written])
    return lowest_threshold(_sigmoid(x @ coef), y, target)


def _percent(y: np.ndarray) -> str:
    return f"{100 * y.mean():.1f}" if len(y) else "-"


def ece(p: np.ndarray, y: np.ndarray) -> float:
    if not len(p):
        return 0.0
    bins = np.minimum((p * 10).astype(int), 9)
    return (
        float(
            sum(
                abs(y[bins == b].mean() - p[bins == b].mean()) * (bins == b).sum()
                for b in set(bins)
            )
            / len(p)
        )
        * 100
    )


FEATURE_SETS = {
    "all": FEATURES,
    # a recalibration of the three link confidences across corpora
    "confidences": ("bias", "logit_mention", "logit_source", "logit_cluster"),
}


def _corpus_weights(names: Sequence[str], data: dict[str, Any]) -> np.ndarray:
    """Each corpus weighs the same in a fit, whatever its size."""
    return np.concatenate(
        [np.full(len(data[n][1]), 1000.0 / max(len(data[n][1]), 1)) for n in names]
    )


def fit(
    folder: Path,
    target: float,
    l2: float,
    features: str,
    exclude: Sequence[str],
    write_model: Path | None,
    report: bool = False,
    model: str | None = None,
    raw_threshold: float = 0.68,
) -> None:
    """Leave-one-corpus-out measurement, then the fit on all corpora (module docstring)."""
    data = {
        name: load_rows(folder / f"{name}.jsonl")
        for name in CORPORA
        if (folder / f"{name}.jsonl").exists() and name not in exclude
    }
    used = np.array([f in FEATURE_SETS[features] for f in FEATURES])
    for name, (x, y, c) in data.items():
        data[name] = (x * used, y, c)  # unused features weigh 0
    thresholds = []
    lines: list[str] = []
    print = _Tee(lines)
    print(f"features {features}, target precision {target:.2f}, L2 {l2}, without {list(exclude)}\n")
    print(
        "| held out | threshold | replaced | precision | right kept | P≥0.9 (n) | ECE | "
        f"raw ECE | raw P at {raw_threshold:g} (n) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for held in sorted({GROUPS[n] for n in data}):
        train = [n for n in data if GROUPS[n] != held]
        x = np.vstack([data[n][0] for n in train])
        y = np.concatenate([data[n][1] for n in train])
        coef = fit_logistic(x, y, _corpus_weights(train, data), l2)
        threshold = written_threshold(data, train, coef, target)
        thresholds.append(threshold)
        for name in [n for n in data if GROUPS[n] == held]:
            xh, yh, ch = data[name]
            ph = _sigmoid(xh @ coef)
            kept, high, base = ph >= threshold, ph >= 0.9, ch >= raw_threshold
            print("| " + " | ".join([
                name,
                f"{threshold:.3f}",
                str(int(kept.sum())),
                _percent(yh[kept]),
                f"{100 * yh[kept].sum() / max(yh.sum(), 1):.1f} %",
                f"{_percent(yh[high])} ({high.sum()})",
                f"{ece(ph, yh):.1f}",
                f"{ece(ch, yh):.1f}",
                f"{_percent(yh[base])} ({base.sum()})",
            ]) + " |")  # fmt: skip
    x = np.vstack([d[0] for d in data.values()])
    y = np.concatenate([d[1] for d in data.values()])
    coef = fit_logistic(x, y, _corpus_weights(list(data), data), l2)
    threshold = float(np.median(thresholds))
    print(f"\nthreshold to ship (median of the held-out folds' thresholds): {threshold:.3f}")
    for k, v in zip(FEATURES, coef, strict=True):
        print(f"  {k:24s} {v:+.3f}")
    if write_model:
        config_path = write_model / "config.json"
        config = json.loads(config_path.read_text())
        config.setdefault("extra", {})["decision"] = {
            "features": list(FEATURES),
            "weights": {k: round(float(v), 6) for k, v in zip(FEATURES, coef, strict=True)},
            "threshold": round(threshold, 4),
        }
        config_path.write_text(json.dumps(config, indent=1) + "\n")
        print(f"written to {config_path}")
    if report:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from report import model_title, write_section

        write_section(
            model_title(f"Replacement decision across corpora ({features} features)", model),
            REPORT_NOTE + "\n".join(lines),
        )


REPORT_NOTE = (
    "Leave one corpus out: logistic weights and threshold come from the other corpora "
    "(weights: each corpus weighing the same, lower-cased forms included; threshold: the "
    "lowest reaching the target precision on the other corpora as written, pooled); the row "
    "is the corpus left out, its lower-cased form held out with it. *right kept*: the share "
    "of its right candidate replacements that pass. *raw*: the same candidates scored by the "
    "shipped model's own confidence (calibrated where its config has a calibration), for "
    "comparison, at `--raw-threshold` (the rewriter's output at that threshold differs, "
    "since it picks representatives among the mentions above the threshold). Rows: every "
    "pronoun replacement the rules allow at any confidence, judged against gold "
    "(`python -m training.decision collect`).\n\n"
)


class _Tee:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def __call__(self, *parts: object) -> None:
        text = " ".join(str(p) for p in parts)
        self.lines.append(text)
        sys.stdout.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--out", type=Path, default=Path("runs/decision"))
    c.add_argument("--corpora", nargs="*", default=list(CORPORA))
    c.add_argument("--model", default=None, help="model name or directory (default: the default)")
    r = sub.add_parser("features", help="recompute the rows from the kept predictions")
    r.add_argument("folder", type=Path)
    f = sub.add_parser("fit")
    f.add_argument("folder", type=Path)
    f.add_argument("--target", type=float, default=0.9)
    f.add_argument("--l2", type=float, default=1.0)
    f.add_argument("--features", choices=sorted(FEATURE_SETS), default="all")
    f.add_argument("--exclude", nargs="*", default=[], help="corpora left out of every fit")
    f.add_argument("--report", action="store_true", help="write the table to BENCHMARKS.md")
    f.add_argument("--write-model", type=Path, default=None)
    f.add_argument(
        "--model", default=None, help="name of the model the rows are of, for the report's title"
    )
    f.add_argument(
        "--raw-threshold", type=float, default=0.68, help="threshold of the raw comparison"
    )
    args = ap.parse_args(argv)
    if args.command == "collect":
        collect(args.out, args.corpora, args.model)
    elif args.command == "features":
        for path in sorted(args.folder.glob("*.predictions.jsonl")):
            write_rows(args.folder, path.name.removesuffix(".predictions.jsonl"))
    else:
        fit(
            args.folder,
            args.target,
            args.l2,
            args.features,
            args.exclude,
            args.write_model,
            args.report,
            args.model,
            args.raw_threshold,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
