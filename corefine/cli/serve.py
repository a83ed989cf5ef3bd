"""``corefine serve``: the HTTP service and viewer, under uvicorn.

Why the settings travel in an environment variable: with ``--workers N``
uvicorn starts N fresh processes that each build the app from an import
string (:func:`corefine.service.app.app_from_env`), one model per worker. The
same path is taken with one worker, so there is one way the app is built.
Settings are checked here first, and so is the address, so a bad option or a
port in use is one line and exit 2, before a model is loaded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from corefine.cli.app import app
from corefine.cli.options import (
    DEFAULT_TEXT_RESOLVER,
    ModelDir,
    ReplaceWhat,
    TextResolverOption,
)
from corefine.errors import CorefineError
from corefine.extras import SERVE_FEATURE, require_extra
from corefine.processes import pid_alive
from corefine.resolvers.model_names import portable_model
from corefine.service.settings import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_BATCH_TEXTS,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_TEXT_CHARS,
    DEFAULT_TIMEOUT_S,
    SETTINGS_ENV,
    SUPERVISOR_ENV,
    ServiceSettings,
)

APP_FACTORY = "corefine.service.app:app_from_env"
METRICS_PREFIX = "corefine-metrics-"


def remove_orphaned_metrics(root: Path | None = None) -> None:
    """Remove the metrics directories of ``corefine serve`` processes that are gone.

    A supervisor killed with ``SIGKILL`` cannot remove its own; its pid is in the name.
    """
    for path in Path(root or tempfile.gettempdir()).glob(f"{METRICS_PREFIX}*-*"):
        pid = path.name[len(METRICS_PREFIX) :].split("-", 1)[0]
        if path.is_dir() and pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def check_can_listen(host: str, port: int) -> None:
    """Raise :class:`CorefineError` unless ``host:port`` can be bound right now.

    Why before uvicorn: with one worker, uvicorn binds only after the app (and
    its model) has loaded, and then reports a port in use in four log lines and
    exit status 3. The sockets are bound as asyncio's server binds them (every
    address of ``host``, ``SO_REUSEADDR``, IPv6 sockets IPv6-only) and closed at
    once, so a port left in ``TIME_WAIT`` by a server just stopped still passes.
    """
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
        for family, kind, proto, _, address in addresses:
            with socket.socket(family, kind, proto) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    with contextlib.suppress(AttributeError, OSError):
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                sock.bind(address)
    except OSError as err:
        reason = err.strerror or str(err)
        reason = reason[:1].lower() + reason[1:]
        hint = ""
        if isinstance(err, socket.gaierror):
            hint = "; give --host an address or a name this machine resolves"
        elif "in use" in reason:
            hint = "; stop the program that has it or choose another --port"
        raise CorefineError(f"cannot listen on {where}: {reason}{hint}") from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes, each loading the model once.")
    ] = 1,
    resolver: TextResolverOption = DEFAULT_TEXT_RESOLVER,
    model: ModelDir = None,
    threads: Annotated[
        int | None,
        typer.Option(min=1, help="onnxruntime threads per worker (default: all cores)."),
    ] = None,
    replace: Annotated[
        ReplaceWhat,
        typer.Option(help="Default of requests that do not set options.replace."),
    ] = ReplaceWhat.pronouns,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Default of requests that do not set options.min_confidence "
            "(default: the model's own).",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Texts each worker resolves at once (its thread pool).")
    ] = DEFAULT_CONCURRENCY,
    max_body_bytes: Annotated[
        int, typer.Option(min=1, help="Largest request body, in bytes (413 beyond).")
    ] = DEFAULT_MAX_BODY_BYTES,
    max_text_chars: Annotated[
        int, typer.Option(min=1, help="Longest text, in characters (413 beyond).")
    ] = DEFAULT_MAX_TEXT_CHARS,
    max_batch_texts: Annotated[
        int, typer.Option(min=1, help="Most texts in one batch request (413 beyond).")
    ] = DEFAULT_MAX_BATCH_TEXTS,
    timeout: Annotated[
        float,
        typer.Option(min=0.001, help="Seconds a request may take, queueing included (504)."),
    ] = DEFAULT_TIMEOUT_S,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
) -> None:
    """Serve the HTTP API and the viewer page.

    POST /v1/resolve and /v1/resolve/batch, GET /healthz and /metrics, and the viewer
    at GET /."""
    require_extra("serve", SERVE_FEATURE)
    import uvicorn

    settings = ServiceSettings(
        resolver=resolver.value,
        model=portable_model(model),
        threads=threads,
        replace=replace.value,
        min_confidence=min_confidence,
        concurrency=concurrency,
        max_body_bytes=max_body_bytes,
        max_text_chars=max_text_chars,
        max_batch_texts=max_batch_texts,
        timeout_s=timeout,
    ).check()
    check_can_listen(host, port)
    os.environ[SETTINGS_ENV] = settings.to_env()
    metrics_dir = None
    if workers > 1:
        # Each worker counts in its own files here; a scrape of any worker sums them.
        remove_orphaned_metrics()
        metrics_dir = tempfile.mkdtemp(prefix=f"{METRICS_PREFIX}{os.getpid()}-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        os.environ[SUPERVISOR_ENV] = str(os.getpid())
    try:
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            timeout_graceful_shutdown=5,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
