"""The HTTP service: ``create_app(settings)`` builds the FastAPI application.

Why it is shaped this way:

- **One model per worker, loaded when the app is built.** uvicorn calls
  :func:`app_from_env` once in each worker process, so the model is loaded
  once per worker and warmed up on a short text before the first request.
- **Model calls off the event loop.** Resolving is CPU work (onnxruntime
  releases the GIL); it runs in a thread pool of ``settings.concurrency``
  threads, so health checks, metrics and the viewer keep answering while texts
  are resolved, and CPU use stays bounded however many clients wait.
- **A deadline per request, and no work for clients that left.**
  ``settings.timeout_s`` bounds the wait for a thread and the work: past it the
  client gets a 504. A client that closes its connection while its request
  waits is noticed at once (the ASGI ``http.disconnect`` message), and so is a
  request task cancelled by the server. Either way a request still queued is
  dropped without reaching the model and a batch stops before its next text,
  so abandoned requests do not delay the ones behind them. (A text already
  inside the model cannot be interrupted; its thread finishes it and moves on.)
- **One JSON shape.** Responses are the bytes of
  :func:`corefine.outputs.resolution_to_json`, exactly what ``corefine
  resolve --format json`` prints, and every failure is ``{"error", "detail"}``
  with a 4xx status for bad input: never a 500 for what a client sent.

This module deliberately has no ``from __future__ import annotations``: FastAPI
reads the endpoints' annotations at run time, and the request models are built
per app (their limits are settings).
"""

import asyncio
import concurrent.futures
import json
import logging
import math
import os
import threading
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive

from corefine import __version__
from corefine.outputs import resolution_to_dict, resolution_to_json
from corefine.pipeline import Pipeline
from corefine.processes import exit_with_parent
from corefine.resolvers import (
    Resolver,
    ResolverSettings,
    effective_min_confidence,
    rewrite_policy,
)
from corefine.service.limits import BodyLimitMiddleware
from corefine.service.memory import LARGE_REQUEST_CHARS, MemoryReleaser
from corefine.service.metrics import CONTENT_TYPE, MetricsMiddleware, ServiceMetrics
from corefine.service.schemas import (
    BatchResponse,
    ErrorResponse,
    HealthResponse,
    Limits,
    ResolveOptions,
    ResolveResponse,
    request_models,
)
from corefine.service.settings import SUPERVISOR_ENV, ServiceSettings

log = logging.getLogger("corefine.service")

STATIC_DIR = Path(__file__).resolve().with_name("static")
WARM_UP_TEXT = "Anna said she would come."

_STATUS_CODES = {
    400: "invalid_json",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    499: "client_closed",  # nginx's code: nobody reads it, the metrics count it
    500: "internal",
    504: "timeout",
}
_ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON.",
    413: "The body, a text or the batch is over its limit.",
    415: "The body is not sent as application/json.",
    422: "A field is missing, of the wrong type or out of range, or a text is empty.",
    504: "Not resolved within the server's per-request timeout.",
}
API_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in _ERROR_DESCRIPTIONS.items()
}


class ServiceError(Exception):
    """A failure with its HTTP status, stable code and one-line reason."""

    def __init__(self, status: int, detail: str, error: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error or _STATUS_CODES.get(status, f"http_{status}")
        self.detail = detail


class _Cancelled(Exception):
    """The request's deadline passed or its client left; stop before the next text."""


# How long the disconnect watch waits before asking again, should a server
# answer ``receive()`` with something other than a disconnect.
_RECEIVE_RETRY_S = 0.1


async def client_gone(receive: Receive) -> None:
    """Return once the client has closed its connection.

    Why ``receive()`` and not polling ``Request.is_disconnected()``: the ASGI
    server answers a pending ``receive()`` with ``http.disconnect`` the moment
    the connection closes, so a queued job is dropped before a thread can pick
    it up, with no polling interval in which it could start. (The body has
    been read by then; uvicorn resumes reading the socket while this waits.)
    """
    while (await receive())["type"] != "http.disconnect":
        await asyncio.sleep(_RECEIVE_RETRY_S)


def error_response(
    status: int, detail: str, error: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error body every failure shares."""
    code = error or _STATUS_CODES.get(status, f"http_{status}")
    return JSONResponse(
        {"error": code, "detail": " ".join(detail.split())}, status_code=status, headers=headers
    )


class ResolveEngine:
    """One resolver behind a bounded thread pool, with the request deadline."""

    def __init__(
        self, settings: ServiceSettings, metrics: ServiceMetrics, resolver: Resolver | None
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        if resolver is None:
            resolver = settings.build()
        self.pipeline = Pipeline(resolver)
        self.memory = MemoryReleaser(resolver)
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()
        self._jobs = 0  # submitted and not yet done (queued or running)
        self._grown = False  # a large request ran since memory was last released
        self._jobs_lock = threading.Lock()
        # Loads lazily-built parts and tells the threshold the model recommends.
        self._warm = self.pipeline(WARM_UP_TEXT)
        self.default_min_confidence = self._warm.default_min_confidence

    def request_settings(self, options: ResolveOptions) -> ResolverSettings:
        """The rewrite settings of a request: its options, else the server's defaults.

        Without any ``min_confidence`` the model's recommended threshold
        applies (:func:`~corefine.resolvers.rewrite_policy`), as in ``corefine resolve``.
        """
        threshold = options.min_confidence
        if threshold is None:
            threshold = self.settings.min_confidence
        return ResolverSettings(
            self.settings.resolver,
            self.settings.model,
            self.settings.threads,
            options.replace or self.settings.replace,
            threshold,
        )

    @property
    def effective_min_confidence(self) -> float:
        return effective_min_confidence(self.settings.min_confidence, self._warm)

    async def run(
        self,
        texts: Sequence[str],
        options: ResolveOptions,
        batch: bool,
        receive: Receive | None = None,
    ) -> bytes:
        """The response body for ``texts``, computed in the pool within the deadline.

        ``receive``: the request's ASGI channel, watched for the client leaving;
        then the job is dropped (499, which nobody reads but the metrics count).
        """
        request = self.request_settings(options)
        cancelled = threading.Event()
        job = asyncio.wrap_future(self._submit(list(texts), request, cancelled, batch))
        try:
            body = await self._outcome(job, receive)
        except BaseException:  # the deadline, the client gone, this task cancelled
            cancelled.set()  # a batch stops at its next text
            job.cancel()  # a queued job never starts (and its outcome is not awaited)
            raise
        self.metrics.count_texts(list(texts))
        return body

    async def _outcome(self, job: asyncio.Future[bytes], receive: Receive | None) -> bytes:
        """The job's result, or the :class:`ServiceError` that ends the wait first."""
        waits: set[asyncio.Future[Any]] = {job}
        watch = asyncio.ensure_future(client_gone(receive)) if receive is not None else None
        if watch is not None:
            waits.add(watch)
        try:
            done, _ = await asyncio.wait(
                waits, timeout=self.settings.timeout_s, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            if watch is not None:
                watch.cancel()
        if job in done:
            try:
                return job.result()
            except Exception as err:  # a failure inside the resolver: the server's fault
                log.exception("resolving failed")
                raise ServiceError(500, f"resolving failed: {type(err).__name__}: {err}") from None
        if watch is not None and watch in done:
            raise ServiceError(499, "the client closed the connection before the answer")
        raise ServiceError(
            504,
            f"not resolved within the server's timeout of {self.settings.timeout_s:g} s; "
            "send shorter or fewer texts, or retry later",
        )

    def _submit(
        self,
        texts: list[str],
        request: ResolverSettings,
        cancelled: threading.Event,
        batch: bool,
    ) -> concurrent.futures.Future[bytes]:
        """Queue the job, counting it until it is done (or dropped unstarted)."""
        with self._jobs_lock:
            self._jobs += 1
        future = self._pool().submit(self._job, texts, request, cancelled, batch)
        future.add_done_callback(self._job_done)
        return future

    def _job_done(self, _: concurrent.futures.Future[bytes]) -> None:
        with self._jobs_lock:
            self._jobs -= 1

    def _job(
        self,
        texts: list[str],
        request: ResolverSettings,
        cancelled: threading.Event,
        batch: bool,
    ) -> bytes:
        """Resolve ``texts``; then, if a large request left the model's memory grown and no
        other job is queued or running, release that memory (see :mod:`.memory`)."""
        try:
            return self._resolve(texts, request, cancelled, batch)
        finally:
            with self._jobs_lock:
                self._grown |= sum(map(len, texts)) >= LARGE_REQUEST_CHARS
                release = self._grown and self._jobs == 1  # only this job, about to end
                if release:
                    self._grown = False
            if release:
                self.memory.release(lambda: self.pipeline(WARM_UP_TEXT))

    def _resolve(
        self,
        texts: list[str],
        request: ResolverSettings,
        cancelled: threading.Event,
        batch: bool,
    ) -> bytes:
        """Resolve ``texts``, checking before each one that the request still wants it."""
        documents = []
        for text in texts:
            if cancelled.is_set():
                raise _Cancelled
            doc = self.pipeline(text)
            result = doc.resolve(rewrite_policy(request, doc))
            if not batch:
                return resolution_to_json(doc, result).encode("utf-8")
            documents.append(resolution_to_dict(doc, result))
        return json.dumps({"documents": documents}, ensure_ascii=False).encode("utf-8")

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        """The model threads, started on first use (again after :meth:`close`).

        Why lazily: an app may be served, shut down and served again (test
        clients run its lifespan once per client), and some ASGI clients never
        run the lifespan at all.
        """
        with self._executor_lock:
            if self._executor is None:
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=self.settings.concurrency, thread_name_prefix="corefine-model"
                )
            return self._executor

    def close(self) -> None:
        """Stop the model threads: queued texts are dropped, running ones finish."""
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


def create_app(
    settings: ServiceSettings | None = None, *, resolver: Resolver | None = None
) -> FastAPI:
    """The service for ``settings`` (default: :class:`ServiceSettings`'s defaults).

    ``resolver``: a ready resolver to serve instead of the one the settings
    name (for tests and for embedding corefine in another program).
    Raises :class:`~corefine.errors.CorefineError` on bad settings.
    """
    settings = (settings or ServiceSettings()).check(locate_model=resolver is None)
    metrics = ServiceMetrics()
    engine = ResolveEngine(settings, metrics, resolver)
    models = request_models(settings.max_text_chars, settings.max_batch_texts)
    index_html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.close()

    app = FastAPI(
        title="corefine",
        version=__version__,
        summary="Coreference resolution: clusters with character offsets and resolved text.",
        description=(
            f"Limits: a body of at most {settings.max_body_bytes:,} bytes, texts of at most "
            f"{settings.max_text_chars:,} characters, at most {settings.max_batch_texts} "
            f"texts per batch (413 beyond), {settings.timeout_s:g} s per request (504 "
            "beyond). Errors are JSON objects with `error` and `detail`."
        ),
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; the service is offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.metrics = metrics
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware, metrics=metrics)  # outermost: counts the 413s too
    _add_error_handlers(app, settings)

    resolve_request = models.resolve
    batch_request = models.batch

    @app.post(
        "/v1/resolve",
        response_model=ResolveResponse,
        responses=API_ERRORS,
        summary="Resolve one text",
        description="Clusters (character offsets into `text`), replacements and the "
        "resolved text: what `corefine resolve --format json` prints.",
    )
    async def resolve(body: resolve_request, request: Request) -> Response:  # type: ignore[valid-type]
        content = await engine.run([body.text], body.options, False, request.receive)  # type: ignore[attr-defined]
        return Response(content, media_type="application/json")

    @app.post(
        "/v1/resolve/batch",
        response_model=BatchResponse,
        responses=API_ERRORS,
        summary="Resolve several texts",
        description=f"Up to {settings.max_batch_texts} texts, answered in order, one "
        "document each (the schema of `/v1/resolve`).",
    )
    async def resolve_batch(body: batch_request, request: Request) -> Response:  # type: ignore[valid-type]
        content = await engine.run(body.texts, body.options, True, request.receive)  # type: ignore[attr-defined]
        return Response(content, media_type="application/json")

    @app.get("/healthz", response_model=HealthResponse, summary="Liveness and settings")
    async def healthz() -> HealthResponse:
        return HealthResponse(
            status="ok",
            version=__version__,
            resolver=engine.pipeline.resolver.name,
            model=settings.model_in_use,
            replace=settings.replace,  # type: ignore[arg-type]
            min_confidence=engine.effective_min_confidence,
            worker_pid=os.getpid(),
            limits=Limits(
                max_body_bytes=settings.max_body_bytes,
                max_text_chars=settings.max_text_chars,
                max_batch_texts=settings.max_batch_texts,
                timeout_s=settings.timeout_s,
            ),
        )

    @app.head("/healthz", include_in_schema=False)
    async def healthz_head() -> Response:
        """Load balancers and uptime checks often probe with HEAD: 200, no body."""
        return Response(status_code=200, media_type="application/json")

    @app.get(
        "/metrics",
        response_class=PlainTextResponse,
        summary="Prometheus metrics",
        description="Requests, errors and latency by route and status; texts and words "
        "processed. Summed over all workers.",
    )
    async def prometheus_metrics() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def viewer() -> HTMLResponse:
        return HTMLResponse(index_html)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _add_error_handlers(app: FastAPI, settings: ServiceSettings) -> None:
    async def service_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        return error_response(exc.status, exc.detail, exc.error)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return validation_response(exc.errors(), settings)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = str(exc.detail)
        if exc.status_code == 400:  # FastAPI could not decode the body
            detail = unparsable_body_reason(exc.__cause__)
        return error_response(exc.status_code, detail, headers=exc.headers)

    async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=exc)
        return error_response(500, f"internal error: {type(exc).__name__}")

    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)


def unparsable_body_reason(cause: BaseException | None) -> str:
    """Why FastAPI could not parse a body that is valid UTF-8 (the middleware checked).

    FastAPI answers every parse failure other than a syntax error with one 400
    and chains the real exception, so the reason is read from that. Python's
    parser recurses once per nested array or object, and stops near 1,000.
    """
    if isinstance(cause, RecursionError):
        return (
            "the body's JSON is nested too deeply to parse (arrays or objects about 1,000 "
            "levels deep); a request needs three levels at most"
        )
    if cause is None:
        return "the body could not be parsed as JSON"
    return f"the body could not be parsed as JSON: {type(cause).__name__}: {cause}"


def validation_response(errors: Sequence[Any], settings: ServiceSettings) -> JSONResponse:
    """400 for JSON that does not parse, 413 for a limit, else 422; the reasons on one line.

    The input values are never echoed (a NaN or a huge text would not even
    serialise); only where the problem is and what was expected.
    """
    kinds = {e.get("type") for e in errors}
    if "json_invalid" in kinds:
        e = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (e.get("ctx") or {}).get("error", "not valid JSON")
        loc = e.get("loc", ())
        where = f" at character {loc[1]}" if len(loc) > 1 and isinstance(loc[1], int) else ""
        return error_response(400, f"the body is not valid JSON: {reason}{where}")
    shown = [_describe(e, settings) for e in errors[:5]]
    if len(errors) > 5:
        shown.append(f"and {len(errors) - 5} more")
    status = 413 if kinds & {"string_too_long", "too_long"} else 422
    return error_response(status, "; ".join(shown))


def _describe(error: Any, settings: ServiceSettings) -> str:
    loc = [part for part in error.get("loc", ()) if part != "body"]
    where = ""
    for part in loc:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    kind = error.get("type")
    value = error.get("input")
    if not where:
        if kind == "missing":
            return 'the body is empty; send a JSON object such as {"text": "..."}'
        return f"the body must be a JSON object ({error.get('msg', 'invalid')})"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return f"{where}: is empty or only whitespace"
    if kind == "string_too_long" and isinstance(value, str):
        return (
            f"{where}: is {len(value):,} characters, over the limit of {settings.max_text_chars:,}"
        )
    if kind == "too_long" and isinstance(value, list):
        return f"{where}: has {len(value)} texts, over the limit of {settings.max_batch_texts}"
    if kind == "too_short" and isinstance(value, list):
        return f"{where}: is empty; send at least one text"
    if loc[-1:] == ["min_confidence"]:
        return f"{where}: must be a number between 0 and 1; {_not_a_fraction(value)}"
    if kind == "missing":
        return f"{where}: is required"
    if kind == "extra_forbidden":
        return f"{where}: is not a known field"
    return f"{where}: {error.get('msg', 'invalid')}"


def _not_a_fraction(value: Any) -> str:
    """What a refused ``min_confidence`` was, in JSON's words.

    Why spelled out: NaN fails pydantic's ``le=1`` check, whose own message
    ("should be less than or equal to 1") is no help for a value that is not a
    number at all.
    """
    if isinstance(value, float) and math.isnan(value):
        return "NaN is not a number"
    if isinstance(value, float) and math.isinf(value):
        return f"got {'-' if value < 0 else ''}Infinity"
    if isinstance(value, bool) or value is None:
        return f"got {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return f"got {value:g}"
    kinds: dict[type, str] = {str: "a string", list: "an array", dict: "an object"}
    return f"got {kinds.get(type(value), type(value).__name__)}"


def app_from_env() -> FastAPI:
    """The app for uvicorn's ``--factory``: settings from ``$COREFINE_SERVICE_SETTINGS``.

    Each uvicorn worker is a new process that imports this, so this is where
    each worker loads its model, once. A worker of ``--workers N`` (``corefine serve``
    names its supervisor in ``$COREFINE_SUPERVISOR_PID``) exits when the supervisor dies,
    even by ``SIGKILL``, instead of serving on as an orphan that holds the port.
    """
    supervisor = os.environ.get(SUPERVISOR_ENV, "")
    if supervisor.isdigit() and int(supervisor) != os.getpid():
        exit_with_parent(int(supervisor))
    return create_app(ServiceSettings.from_env())
