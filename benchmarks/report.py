"""Write a benchmark's results into BENCHMARKS.md, with command, machine and date.

Every number in BENCHMARKS.md must come from a command anyone can rerun, so
each section is rewritten as a whole by the script that measures it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parents[1] / "BENCHMARKS.md"
SIMD = (
    ("avx512_vnni", "AVX-512 VNNI"),
    ("avx512f", "AVX-512, no VNNI"),
    ("avx2", "AVX2, no AVX-512"),
)
HEADER = "# Benchmarks\n\nEach section is written by the script named in it; rerun it to update.\n"


def machine() -> str:
    """The CPU with its widest vector extension: int8 matrix products gain far more from
    AVX-512 VNNI than from AVX2 (the all-int8 model: 1.69x over the float-encoder one on a
    VNNI machine, 1.17x on an AVX2 one), so a speed number needs it beside it."""
    cpu, flags = "", set[str]()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and not cpu:
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    cpu = cpu or platform.processor() or platform.machine()
    simd = next((name for flag, name in SIMD if flag in flags), "")
    cpu = f"{cpu} ({simd})" if simd else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def command() -> str:
    return "python " + " ".join([os.path.relpath(sys.argv[0]), *sys.argv[1:]])


def model_title(title: str, model: str | None) -> str:
    """``title`` for the ``fast`` model, else with the model named (``None``: the default
    model, ``accurate`` when installed): each model's numbers keep their own section
    instead of overwriting another's, whichever model is the default."""
    from corefine.resolvers.model_names import BUILTIN_MODEL_NAME, default_model_name

    name = default_model_name() if model is None else model
    return title if name == BUILTIN_MODEL_NAME else f"{title} (model {name})"


def resolver_label(resolver: str, model: str | None) -> str:
    """What a benchmark ran, for its text: ``model `NAME``` (the default model's name when
    none was given) or ``rule baseline``."""
    from corefine.resolvers import ResolverSettings

    name = ResolverSettings(resolver, model).model_in_use
    return "rule baseline" if name is None else f"model `{name}`"


def resolver_title(title: str, resolver: str, model: str | None) -> str:
    """``title`` for a benchmark of ``resolver``: :func:`model_title` of the model it ran,
    or its own section for the rule baseline."""
    from corefine.resolvers import ResolverSettings

    name = ResolverSettings(resolver, model).model_in_use
    return f"{title} (rule baseline)" if name is None else model_title(title, name)


def write_section(title: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) the ``## title`` section of BENCHMARKS.md."""
    stamp = (
        f"Command: `{command()}`  \nMachine: {machine()}  \nDate: {dt.date.today().isoformat()}\n\n"
    )
    section = f"## {title}\n\n{stamp}{body.strip()}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
