"""``corefine evaluate``: resolve a gold corpus' raw text and score it."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corefine.cli.app import app
from corefine.cli.options import ModelDir, Threads
from corefine.eval.evaluate import (
    Evaluation,
    Format,
    corpus_files,
    evaluate_documents,
    evaluate_gap,
    read_corpus,
    read_gap_files,
)
from corefine.extras import require_extra
from corefine.resolvers import DEFAULT_RESOLVER, get_resolver
from corefine.rewriter import RewritePolicy


class CorpusFormat(str, Enum):
    conllu = "conllu"
    conll = "conll"
    gap = "gap"

    value: Format


@app.command()
def evaluate(
    paths: Annotated[list[Path], typer.Argument(help="Corpus files or directories.")],
    corpus_format: Annotated[
        CorpusFormat, typer.Option("--format", help="Format of the gold corpus.")
    ],
    resolver: Annotated[
        str,
        typer.Option(help="model (neural), baseline (rules) or gold (oracle: must score 100)."),
    ] = DEFAULT_RESOLVER,
    model: ModelDir = None,
    threads: Threads = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    by_genre: Annotated[bool, typer.Option("--by-genre", help="Also score each genre.")] = False,
    drop_singletons: Annotated[
        bool,
        typer.Option(
            "--drop-singletons", help="Remove one-mention clusters from key and response."
        ),
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Rewriter threshold for the pronoun score (default: the model's own).",
        ),
    ] = None,
    write_resolved: Annotated[
        Path | None, typer.Option(help="Write each document's resolved text into this directory.")
    ] = None,
    write_conll: Annotated[
        Path | None,
        typer.Option(help="Write key.conll and response.conll (for the reference scorer) here."),
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of the corpus files.")] = "utf-8",
) -> None:
    """Score a resolver against a gold corpus.

    The resolver reads each document's raw text, as a user's text would reach it; its
    clusters are scored against the gold ones."""
    fmt: Format = corpus_format.value
    if fmt != "gap":  # the CoNLL metrics need scorch; the GAP score does not
        require_extra("eval", f"corefine evaluate --format {fmt}")
    files = corpus_files([str(p) for p in paths], fmt)
    if fmt == "gap":
        examples = read_gap_files(files, encoding)
        gold_docs = None
        if resolver == "gold":
            from corefine.corpora.gap import gap_example_to_document

            gold_docs = [gap_example_to_document(ex) for ex in examples]
        system = get_resolver(resolver, gold_docs, model_path=model, threads=threads)
        result = evaluate_gap(examples, system)
    else:
        docs = read_corpus(files, fmt, encoding)
        result = evaluate_documents(
            docs,
            get_resolver(resolver, docs, model_path=model, threads=threads),
            policy=None if min_confidence is None else RewritePolicy(min_confidence=min_confidence),
            drop_singletons=drop_singletons,
            by_genre=by_genre,
            write_resolved=write_resolved,
            write_conll_dir=write_conll,
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
    else:
        _print_table(result, resolver)


def _print_table(result: Evaluation, resolver: str) -> None:
    console = Console()
    data = result.to_dict()
    table = Table(title=f"corefine evaluate ({resolver})")
    table.add_column("")
    for col in ("P", "R", "F1"):
        table.add_column(col, justify="right")
    rows: list[tuple[str, dict[str, Any]]] = [
        (name, data[key])
        for name, key in (("MUC", "muc"), ("B³", "b3"), ("CEAF-e", "ceafe"), ("LEA", "lea"))
        if key in data
    ]
    if "pronouns" in data:
        rows.append(("pronouns", data["pronouns"]))
    if "gap" in data:
        rows += [(f"GAP {k}", v) for k, v in data["gap"].items() if isinstance(v, dict)]
    for name, prf in rows:
        table.add_row(name, *(f"{prf[k]:.2f}" for k in ("p", "r", "f1")))
    console.print(table)
    if "conll_f1" in data:
        console.print(f"CoNLL F1: {data['conll_f1']:.2f}")
    if "gap" in data and "bias" in data["gap"]:
        console.print(f"GAP bias (F/M): {data['gap']['bias']:.3f}")
    console.print(f"{data['docs']} documents, {data['words']} words, {data['seconds']:.1f} s")
