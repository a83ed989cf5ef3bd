"""Prometheus metrics of the service (``GET /metrics``, text exposition format).

Why a registry per app rather than prometheus_client's global one: tests and
embedding code build several apps in one process, and each must count only its
own requests. With several uvicorn workers, each worker is its own process
with its own counters, and a scrape reaches one of them at random; so when
``PROMETHEUS_MULTIPROC_DIR`` is set (``corefine serve --workers N`` sets it to
a fresh directory), values live in prometheus_client's per-process files and
every scrape sums all workers.

Paths are labelled by route template (``/v1/resolve``), never by the raw URL,
so a client probing random URLs cannot grow the label set (those count as
``other``).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Seconds; from a short text on the rule baseline to a long one on the model.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class ServiceMetrics:
    """The counters and the latency histogram of one app."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROC_ENV))
        # In multiprocess mode the values go to files and are collected from
        # there, so the metrics are not registered anywhere.
        self._registry = CollectorRegistry()
        register = None if self.multiprocess else self._registry
        self.requests = Counter(
            "corefine_http_requests",
            "HTTP requests answered, by method, route and status.",
            ["method", "path", "status"],
            registry=register,
        )
        self.errors = Counter(
            "corefine_http_request_errors",
            "HTTP requests answered with a status of 400 or more.",
            ["method", "path", "status"],
            registry=register,
        )
        self.latency = Histogram(
            "corefine_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response.",
            ["method", "path"],
            buckets=LATENCY_BUCKETS,
            registry=register,
        )
        self.texts = Counter("corefine_texts_processed", "Texts resolved.", registry=register)
        self.words = Counter(
            "corefine_words_processed",
            "Whitespace-separated words of the texts resolved.",
            registry=register,
        )

    def observe(self, method: str, path: str, status: int, seconds: float) -> None:
        self.requests.labels(method, path, str(status)).inc()
        if status >= 400:
            self.errors.labels(method, path, str(status)).inc()
        self.latency.labels(method, path).observe(seconds)

    def count_texts(self, texts: list[str]) -> None:
        self.texts.inc(len(texts))
        self.words.inc(sum(len(t.split()) for t in texts))

    def exposition(self) -> bytes:
        """The current values in the Prometheus text format."""
        if not self.multiprocess:
            return generate_latest(self._registry)
        registry = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)


def route_label(scope: Scope) -> str:
    """The route template of a request, ``/static`` or ``other``.

    A request refused before routing (a 413 or 415 from the body limit) has no
    route in its scope; it is labelled by the route whose path it names.
    """
    route = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str):
        return template
    path = str(scope.get("path", ""))
    if path.startswith("/static/"):
        return "/static"
    app = scope.get("app")
    for candidate in getattr(app, "routes", ()):
        if getattr(candidate, "path", None) == path and "{" not in path:
            return path
    return "other"


CLIENT_CLOSED = 499  # nginx's status for a request whose client left before the answer


class MetricsMiddleware:
    """Times and counts every HTTP request, whatever answers it (even a 413 sent early).

    A request that ends unanswered because its client left (say, while its body
    was being read) is counted as a 499, not as the 500 a server sends for an
    app that fails before answering: the operator should see abandoned requests,
    not server errors.
    """

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app fails before it answers, the server answers 500
        answered = False

        async def receive_and_note() -> Message:
            nonlocal status
            message = await receive()
            if message["type"] == "http.disconnect" and not answered:
                status = CLIENT_CLOSED
            return message

        async def send_and_record(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = int(message["status"]), True
            await send(message)

        try:
            await self.app(scope, receive_and_note, send_and_record)
        finally:
            self.metrics.observe(
                str(scope.get("method", "")),
                route_label(scope),
                status,
                time.perf_counter() - started,
            )
