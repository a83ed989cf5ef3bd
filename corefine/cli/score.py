"""``corefine score KEY RESPONSE [--json]``: CoNLL-2012 coreference scores.

Why a scorer in the CLI when the Perl reference scorer exists: it needs no Perl
toolchain, adds LEA and the CoNLL F1 to one report, and gives JSON for
scripts; its numbers agree with the reference scorer v8.01 (see
``benchmarks/reference_scorer_agreement.py``). Documents pair up by name and
part; every key document is scored (against nothing if the response lacks
it), response-only documents are ignored, as the reference scorer does.
Malformed input raises :class:`~corefine.errors.FormatError`, which
:func:`corefine.cli.main.main` turns into one line on stderr and exit status 2;
so does a missing ``eval`` extra (scorch), checked before the files are read.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from corefine.cli.app import app
from corefine.corpora.conll2012 import read_conll
from corefine.eval.metrics import CorefScores, score_documents
from corefine.extras import require_extra


def score_files(key: Path, response: Path) -> tuple[CorefScores, list[str]]:
    """Corpus scores of a CoNLL-2012 response file against a key file.

    Returns the scores and the warnings raised while scoring (unmatched
    documents, repeated mentions), so that callers decide where to show them.
    """
    key_docs = read_conll(key)
    response_docs = read_conll(response)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores = score_documents(key_docs, response_docs)
    return scores, [str(w.message) for w in caught]


def render_table(scores: CorefScores) -> Table:
    """The scores as a table: one row per metric, then the CoNLL F1."""
    table = Table(title="Coreference scores (CoNLL-2012)", title_justify="left")
    table.add_column("Metric")
    table.add_column("P", justify="right")
    table.add_column("R", justify="right")
    table.add_column("F1", justify="right")
    for label, prf in (
        ("MUC", scores.muc),
        ("B³", scores.b3),
        ("CEAF-e", scores.ceafe),
        ("LEA", scores.lea),
    ):
        table.add_row(label, f"{prf.p:.2f}", f"{prf.r:.2f}", f"{prf.f1:.2f}")
    table.add_section()
    table.add_row("CoNLL F1", "", "", f"{scores.conll_f1:.2f}")
    return table


@app.command()
def score(
    key: Annotated[Path, typer.Argument(help="Key (gold) CoNLL-2012 file.")],
    response: Annotated[Path, typer.Argument(help="Response (system) CoNLL-2012 file.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON (0-100 scale).")
    ] = False,
) -> None:
    """Score a CoNLL-2012 response file against its key.

    MUC, B³, CEAF-e, LEA and the CoNLL F1 (the mean of MUC, B³ and CEAF-e)."""
    require_extra("eval", "corefine score")
    scores, notes = score_files(key, response)
    for note in notes:
        print(f"corefine: warning: {note}", file=sys.stderr)
    if as_json:
        print(json.dumps(scores.to_dict()))
    else:
        Console().print(render_table(scores))
