"""``corefine models [--json]``: the model names this installation knows, and where each is.

Why a command: ``--model NAME`` and ``corefine.load(NAME)`` take names that
installed model packages add (:mod:`corefine.resolvers.model_names`); a user
needs to see which names there are, which files each resolves to and whether
they are all there, without loading a model. A name whose package is broken or
whose folder lacks files is listed with the reason instead of failing the
listing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from corefine.cli.app import app
from corefine.errors import CorefineError
from corefine.model.config import ModelConfig
from corefine.resolvers.model import locate_model
from corefine.resolvers.model_names import default_model_name, installed_models


def describe_models() -> list[dict[str, Any]]:
    """One record per installed model name: its source, directory, graph, size and encoder,
    or the error that locating it gives."""
    records = []
    default = default_model_name()
    for name, source in sorted(installed_models().items()):
        record: dict[str, Any] = {
            "name": name,
            "default": name == default,
            "source": source,
        }
        try:
            directory, graph = locate_model(name)
            config = ModelConfig.from_json(directory / "config.json")
        except (CorefineError, ValueError, TypeError) as err:
            record["error"] = str(err)
        else:
            record.update(
                directory=str(directory),
                graph=graph,
                megabytes=round(_megabytes(directory / graph), 1),
                encoder=config.encoder,
            )
        records.append(record)
    return records


def _megabytes(path: Path) -> float:
    return path.stat().st_size / 1e6


@app.command()
def models(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """List the installed model names (for --model NAME and corefine.load(NAME))."""
    records = describe_models()
    if as_json:
        print(json.dumps(records, indent=1))
        return
    table = Table(title="corefine models")
    for column in ("name", "graph", "MB", "encoder", "directory or error"):
        table.add_column(column)
    for r in records:
        name = r["name"] + (" (default)" if r["default"] else "")
        if "error" in r:
            table.add_row(name, "-", "-", "-", f"[red]{r['error']}[/red]")
        else:
            table.add_row(name, r["graph"], f"{r['megabytes']:.1f}", r["encoder"], r["directory"])
    Console(width=200).print(table)
