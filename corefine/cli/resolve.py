"""``corefine resolve``: print the resolved text (JSON, or an HTML page) of files or stdin."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from corefine.cli.main import app
from corefine.cli.options import (
    MinConfidence,
    ModelDir,
    Replace,
    ReplaceWhat,
    ResolverName,
    Threads,
)
from corefine.document import Document
from corefine.outputs import resolution_to_json
from corefine.pipeline import Pipeline
from corefine.resolvers import DEFAULT_RESOLVER, get_resolver
from corefine.rewriter import RewritePolicy, RewriteResult
from corefine.textio import read_text


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def resolve(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Text files to resolve; standard input when none (or '-')."),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="Resolved text, the document JSON (one line per file), or one HTML page.",
        ),
    ] = OutputFormat.text,
    replace: Replace = ReplaceWhat.pronouns,
    min_confidence: MinConfidence = None,
    resolver: ResolverName = DEFAULT_RESOLVER,
    model: ModelDir = None,
    threads: Threads = None,
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
) -> None:
    """Replace pronouns by the entities they refer to.

    Prints the resolved text of each file (--format json: the document JSON; html: a page
    that highlights the clusters). --replace nominals also replaces descriptions
    ("the company") by a name; all, short names by their longer form. A text that does not
    look like English is resolved too, with a warning (once)."""
    system = Pipeline(get_resolver(resolver, model_path=model, threads=threads))
    sources = [str(f) for f in files] if files else ["-"]
    pages: list[tuple[Document, RewriteResult]] = []
    for source in sources:
        text = read_text(source, encoding)
        doc = system(text)
        doc.name = "" if source == "-" else Path(source).name
        threshold = doc.default_min_confidence if min_confidence is None else min_confidence
        result = doc.resolve(RewritePolicy(replace=replace.value, min_confidence=threshold))
        if output_format is OutputFormat.json:
            sys.stdout.write(resolution_to_json(doc, result) + "\n")
        elif output_format is OutputFormat.html:
            pages.append((doc, result))
        else:
            sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
    if pages:
        from corefine.html import documents_to_html

        sys.stdout.write(documents_to_html(pages))
