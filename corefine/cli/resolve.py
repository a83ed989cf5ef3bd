"""``corefine resolve``: print the resolved text (or JSON) of files or standard input."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from corefine.cli.main import app
from corefine.outputs import resolution_to_dict
from corefine.resolvers import DEFAULT_RESOLVER, get_resolver
from corefine.rewriter import RewritePolicy, rewrite
from corefine.textio import read_text


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class ReplaceWhat(str, Enum):
    pronouns = "pronouns"
    nominals = "nominals"
    all = "all"


@app.command()
def resolve(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Text files to resolve; standard input when none (or '-')."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Resolved text, or the document JSON.")
    ] = OutputFormat.text,
    replace: Annotated[
        ReplaceWhat, typer.Option(help="Which mentions to replace by their entity's name.")
    ] = ReplaceWhat.pronouns,
    min_confidence: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Replace only links at least this confident.")
    ] = 0.0,
    resolver: Annotated[str, typer.Option(help="Which resolver to run.")] = DEFAULT_RESOLVER,
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
) -> None:
    """Replace pronouns (and optionally other mentions) by the entity they refer to."""
    system = get_resolver(resolver)
    policy = RewritePolicy(replace=replace.value, min_confidence=min_confidence)
    sources = [str(f) for f in files] if files else ["-"]
    for source in sources:
        text = read_text(source, encoding)
        doc = system(text)
        doc.name = "" if source == "-" else Path(source).name
        result = rewrite(doc.text, doc.clusters, policy)
        if output_format is OutputFormat.json:
            sys.stdout.write(json.dumps(resolution_to_dict(doc, result), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
