"""corefine's modules import each other without a loop.

Why: a loop hides which layer a module belongs to (the span types under the
tokenizer and the rewriter, the Document on top of them, the CLI's ``app``
under its commands), and a function-level import that closes one works only
as long as nobody calls it at import time. So every import counts here:
module-level, inside functions and under ``if TYPE_CHECKING:``, relative ones
resolved.

An edge goes to the module an import names: ``from corefine.rewriter import
rewrite`` to ``corefine.rewriter`` (its ``__init__``), ``from corefine.cli import
batch`` to ``corefine.cli.batch``. The parent packages Python imports on the
way (``corefine/__init__`` for every ``corefine.x``) are no edge: every module
would otherwise sit in a loop with the package that re-exports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "corefine"


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _known(name: str, modules: set[str]) -> str | None:
    """``name`` or its longest prefix that is a module of the package."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of ``package`` and the package's modules it imports, anywhere in it."""
    files = {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    modules = set(files)
    root = package.name
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == root and (t := _known(alias.name, modules)):
                        targets.add(t)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = here.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                if base.split(".")[0] != root:
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    t = sub if sub in modules else _known(base, modules)
                    if t:
                        targets.add(t)
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One loop of ``graph`` as ``[a, b, ..., a]``, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    pkg = tmp_path / "corefine"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from corefine.a import x\n")
    (pkg / "a.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from corefine.sub import b\n"
        "def f():\n    import corefine.sub.c\n"
    )
    (pkg / "sub" / "__init__.py").write_text("from . import b\n")
    (pkg / "sub" / "b.py").write_text("from ..a import f\n")
    (pkg / "sub" / "c.py").write_text("from .b import g\n")
    graph = import_graph(pkg)
    assert graph == {
        "corefine": {"corefine.a"},
        "corefine.a": {"corefine.sub.b", "corefine.sub.c"},
        "corefine.sub": {"corefine.sub.b"},
        "corefine.sub.b": {"corefine.a"},
        "corefine.sub.c": {"corefine.sub.b"},
    }
    assert find_cycle(graph) == ["corefine.a", "corefine.sub.b", "corefine.a"]


def test_no_import_cycle() -> None:
    graph = import_graph()
    assert "corefine.document" in graph and "corefine.cli.main" in graph
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
