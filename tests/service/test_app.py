"""The HTTP API in process: the resolve schema, options, limits and errors, metrics, threads.

The rule baseline is served here (cheap and deterministic); what is checked is
the service around the resolver, which is the same for the model.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import tomllib
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from corefine import CorefineError, Document, Pipeline
from corefine.model.config import ModelConfig
from corefine.outputs import resolution_to_dict
from corefine.resolvers import get_resolver
from corefine.resolvers.model import locate_model
from corefine.service import ServiceSettings, create_app
from corefine.service.schemas import ResolveResponse
from corefine.service.settings import SETTINGS_ENV

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Louis Marinelli, the leader of the Yes California campaign, said he would leave. "
    "His wife teaches English in Yekaterinburg, where she has lived for years."
)
OTHER = "Anna met Ben in Paris. She thanked him, and he smiled at her."
BASELINE = ServiceSettings(resolver="baseline")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(BASELINE)) as c:
        yield c


def expected(text: str, **fields: Any) -> dict[str, Any]:
    """What corefine's Python API gives for ``text``: the reference for the service."""
    doc = Pipeline(get_resolver("baseline"))(text)
    return resolution_to_dict(doc, doc.resolve(None, **fields))


def metric_samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    samples = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


# -- results ---------------------------------------------------------------------


def test_resolve_is_the_python_api_result_and_resolves_something(client: TestClient) -> None:
    response = client.post("/v1/resolve", json={"text": TEXT})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == expected(TEXT, replace="pronouns")
    assert body["clusters"] and body["replacements"]
    assert body["resolved_text"] != TEXT
    for cluster in body["clusters"]:
        for m in cluster["mentions"]:
            assert TEXT[m["start"] : m["end"]] == m["text"]


def test_resolve_body_is_byte_identical_to_the_cli_json_line(client: TestClient) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "corefine", "resolve", "--format", "json", "--resolver", "baseline"],
        input=TEXT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    served = client.post("/v1/resolve", json={"text": TEXT}).content.decode("utf-8")
    assert served + "\n" == proc.stdout


def test_response_fields_are_the_documented_schema(client: TestClient) -> None:
    body = client.post("/v1/resolve", json={"text": TEXT}).json()
    assert list(body) == list(ResolveResponse.model_fields)
    ResolveResponse.model_validate(body)  # extra="forbid": a new field must be documented too


@pytest.mark.parametrize(
    "options",
    [
        {"replace": "all"},
        {"replace": "nominals", "min_confidence": 0.9},
        {"min_confidence": 1.0},
        {"min_confidence": 0},
    ],
)
def test_options_are_the_rewrite_policy(client: TestClient, options: dict[str, Any]) -> None:
    body = client.post("/v1/resolve", json={"text": OTHER, "options": options}).json()
    assert body == expected(OTHER, **{"replace": "pronouns", **options})


def test_min_confidence_changes_what_is_replaced(client: TestClient) -> None:
    low = client.post("/v1/resolve", json={"text": OTHER, "options": {"min_confidence": 0}})
    high = client.post("/v1/resolve", json={"text": OTHER, "options": {"min_confidence": 1}})
    assert len(low.json()["replacements"]) > len(high.json()["replacements"])


def test_server_defaults_apply_when_a_request_sets_none() -> None:
    settings = ServiceSettings(resolver="baseline", replace="all", min_confidence=0.99)
    with TestClient(create_app(settings)) as c:
        body = c.post("/v1/resolve", json={"text": OTHER}).json()
        assert body == expected(OTHER, replace="all", min_confidence=0.99)
        overridden = c.post("/v1/resolve", json={"text": OTHER, "options": {"min_confidence": 0}})
        assert overridden.json() == expected(OTHER, replace="all", min_confidence=0.0)
        health = c.get("/healthz").json()
        assert (health["replace"], health["min_confidence"]) == ("all", 0.99)


def test_batch_answers_in_order_as_single_requests_do(client: TestClient) -> None:
    texts = [OTHER, TEXT, "It rained.", OTHER]
    response = client.post(
        "/v1/resolve/batch", json={"texts": texts, "options": {"replace": "all"}}
    )
    assert response.status_code == 200
    documents = response.json()["documents"]
    singles = [
        client.post("/v1/resolve", json={"text": t, "options": {"replace": "all"}}).json()
        for t in texts
    ]
    assert documents == singles
    assert [d["text"] for d in documents] == texts


def test_healthz_reports_resolver_limits_and_worker(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert health["resolver"] == "baseline"
    assert health["limits"] == {
        "max_body_bytes": BASELINE.max_body_bytes,
        "max_text_chars": BASELINE.max_text_chars,
        "max_batch_texts": BASELINE.max_batch_texts,
        "timeout_s": BASELINE.timeout_s,
    }
    assert health["min_confidence"] == 0.0  # the baseline recommends no threshold
    assert health["model"] is None


def test_healthz_names_the_default_model_when_none_was_given() -> None:
    with TestClient(create_app(ServiceSettings(resolver="model", threads=1))) as c:
        health = c.get("/healthz").json()
    assert (health["resolver"], health["model"]) == ("model", "accurate")
    # the threshold of the accurate model's decision, as its config says
    config = ModelConfig.from_json(locate_model("accurate")[0] / "config.json")
    assert health["min_confidence"] == pytest.approx(config.extra["decision"]["threshold"])


# -- bad input: 400 / 413 / 415 / 422, never a 500 --------------------------------

SMALL = ServiceSettings(resolver="baseline", max_text_chars=60, max_batch_texts=3)
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def small() -> Iterator[TestClient]:
    with TestClient(create_app(SMALL)) as c:
        yield c


@pytest.mark.parametrize(
    ("path", "body", "status", "error", "in_detail"),
    [
        ("/v1/resolve", "{", 400, "invalid_json", "not valid JSON"),
        ("/v1/resolve", '{"text": "a",}', 400, "invalid_json", "not valid JSON"),
        ("/v1/resolve", b"\xff\xfe{", 400, "invalid_json", "UTF-8"),
        pytest.param(
            "/v1/resolve",
            '{"text": "a"}'.encode("utf-16"),
            400,
            "invalid_json",
            "UTF-16",
            id="utf-16",
        ),
        pytest.param(
            "/v1/resolve",
            '{"text": "a"}'.encode("utf-16-le"),
            400,
            "invalid_json",
            "UTF-16",
            id="utf-16-le-no-bom",
        ),
        pytest.param(
            "/v1/resolve",
            '{"text": "a"}'.encode("utf-32"),
            400,
            "invalid_json",
            "UTF-32",
            id="utf-32",
        ),
        ("/v1/resolve", b'{"text": "caf\xe9"}', 400, "invalid_json", "not UTF-8: byte 0xe9"),
        pytest.param(
            "/v1/resolve",
            "[" * 100_000,
            400,
            "invalid_json",
            "nested too deeply",
            id="nested-arrays",
        ),
        pytest.param(
            "/v1/resolve",
            '{"text": "a", "options": ' + "[" * 5000 + "]" * 5000 + "}",
            400,
            "invalid_json",
            "nested too deeply",
            id="nested-option",
        ),
        ("/v1/resolve", "", 422, "invalid_request", "the body is empty"),
        ("/v1/resolve", "[]", 422, "invalid_request", "JSON object"),
        ("/v1/resolve", '"text"', 422, "invalid_request", "JSON object"),
        ("/v1/resolve", "{}", 422, "invalid_request", "text: is required"),
        ("/v1/resolve", '{"text": 3}', 422, "invalid_request", "text: Input should be a valid"),
        ("/v1/resolve", '{"text": null}', 422, "invalid_request", "text:"),
        ("/v1/resolve", '{"text": ["a"]}', 422, "invalid_request", "text:"),
        ("/v1/resolve", '{"text": ""}', 422, "invalid_request", "text: is empty"),
        ("/v1/resolve", '{"text": " \\n\\t "}', 422, "invalid_request", "only whitespace"),
        ("/v1/resolve", '{"text": "\\ud800"}', 422, "invalid_request", "text:"),
        ("/v1/resolve", '{"text": "a", "x": 1}', 422, "invalid_request", "x: is not a known"),
        ("/v1/resolve", '{"text": "a", "options": 1}', 422, "invalid_request", "options"),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"replace": "pronoun"}}',
            422,
            "invalid_request",
            "options.replace",
        ),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"min_confidence": 1.5}}',
            422,
            "invalid_request",
            "options.min_confidence: must be a number between 0 and 1; got 1.5",
        ),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"min_confidence": "0.5"}}',
            422,
            "invalid_request",
            "options.min_confidence: must be a number between 0 and 1; got a string",
        ),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"min_confidence": true}}',
            422,
            "invalid_request",
            "options.min_confidence",
        ),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"min_confidence": NaN}}',
            422,
            "invalid_request",
            "options.min_confidence: must be a number between 0 and 1; NaN is not a number",
        ),
        (
            "/v1/resolve",
            '{"text": "a", "options": {"min_confidence": -Infinity}}',
            422,
            "invalid_request",
            "options.min_confidence: must be a number between 0 and 1; got -Infinity",
        ),
        ("/v1/resolve", json.dumps({"text": "x" * 61}), 413, "too_large", "over the limit of 60"),
        ("/v1/resolve/batch", '{"texts": []}', 422, "invalid_request", "texts: is empty"),
        ("/v1/resolve/batch", '{"texts": "a"}', 422, "invalid_request", "texts:"),
        (
            "/v1/resolve/batch",
            '{"texts": ["a", " ", 3]}',
            422,
            "invalid_request",
            "texts[1]: is empty or only whitespace; texts[2]:",
        ),
        (
            "/v1/resolve/batch",
            json.dumps({"texts": ["a"] * 4}),
            413,
            "too_large",
            "has 4 texts, over the limit of 3",
        ),
        (
            "/v1/resolve/batch",
            json.dumps({"texts": ["a", "y" * 61]}),
            413,
            "too_large",
            "texts[1]: is 61 characters",
        ),
    ],
)
def test_bad_bodies_get_a_json_reason(
    small: TestClient, path: str, body: str | bytes, status: int, error: str, in_detail: str
) -> None:
    response = small.post(path, content=body, headers=JSON)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    reply = response.json()
    assert set(reply) == {"error", "detail"}
    assert reply["error"] == error
    assert in_detail in reply["detail"]
    assert "\n" not in reply["detail"]


def test_body_over_the_byte_limit_is_413_declared_or_streamed() -> None:
    settings = ServiceSettings(resolver="baseline", max_body_bytes=100)
    with TestClient(create_app(settings)) as c:
        body = json.dumps({"text": "word " * 30}).encode()
        declared = c.post("/v1/resolve", content=body, headers=JSON)
        assert declared.status_code == 413
        assert declared.json()["error"] == "too_large"
        assert "over the limit of 100 bytes" in declared.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer
            for i in range(0, len(body), 16):
                yield body[i : i + 16]

        streamed = c.post("/v1/resolve", content=chunks(), headers=JSON)
        assert streamed.status_code == 413
        assert streamed.json()["error"] == "too_large"
        small_enough = c.post("/v1/resolve", json={"text": "It rained."})
        assert small_enough.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"content-type": "text/plain"}, {"content-type": "application/x-www-form-urlencoded"}],
)
def test_non_json_content_type_is_415(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/v1/resolve", content=b'{"text": "a"}', headers=headers)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"
    assert "Content-Type: application/json" in response.json()["detail"]


def test_json_with_charset_or_a_json_suffix_is_accepted(client: TestClient) -> None:
    for content_type in ("application/json; charset=utf-8", "application/vnd.api+json"):
        response = client.post(
            "/v1/resolve", content=b'{"text": "It rained."}', headers={"content-type": content_type}
        )
        assert response.status_code == 200, content_type


def test_utf8_with_a_byte_order_mark_is_accepted(client: TestClient) -> None:
    body = '{"text": "It rained on Zoë."}'.encode("utf-8-sig")
    assert client.post("/v1/resolve", content=body, headers=JSON).status_code == 200


def test_head_healthz_is_200_without_a_body(client: TestClient) -> None:
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""
    assert "head" not in client.get("/openapi.json").json()["paths"]["/healthz"]


def test_unknown_paths_and_methods_are_json_errors(client: TestClient) -> None:
    missing = client.get("/v2/resolve")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong = client.get("/v1/resolve")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"
    assert wrong.headers["allow"] == "POST"


# -- timeout and threads ------------------------------------------------------------


class GatedResolver:
    """The baseline behind a gate the test opens and closes; counts calls and the most
    run at once. Why a gate and not a delay: the tests then order events, not time."""

    name = "gated-baseline"

    def __init__(self) -> None:
        self.inner = get_resolver("baseline")
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self.entered = threading.Event()
        self.gate = threading.Event()
        self.gate.set()  # open while the app warms up
        self._lock = threading.Lock()

    def __call__(self, text: str) -> Document:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.entered.set()
        try:
            if not self.gate.wait(timeout=60):
                raise RuntimeError("the test never opened the gate")
            return self.inner(text)
        finally:
            with self._lock:
                self.running -= 1

    def close_gate(self) -> None:
        with self._lock:
            self.calls, self.most_at_once = 0, 0
        self.entered.clear()
        self.gate.clear()


def test_a_request_over_the_timeout_is_504_and_a_batch_stops_early() -> None:
    gated = GatedResolver()
    app = create_app(ServiceSettings(resolver="baseline", timeout_s=0.5), resolver=gated)
    gated.close_gate()
    with TestClient(app) as c:
        response = c.post("/v1/resolve/batch", json={"texts": [OTHER] * 8})
        assert response.status_code == 504
        assert response.json()["error"] == "timeout"
        assert "0.5 s" in response.json()["detail"]
        gated.gate.set()
        # one model thread: this request runs only once the batch's job has ended
        assert c.post("/v1/resolve", json={"text": OTHER}).status_code == 200
        assert gated.calls == 2, "the batch went on past its deadline"
        metrics = metric_samples(c.get("/metrics").text)
        key = (
            "corefine_http_request_errors_total",
            (("method", "POST"), ("path", "/v1/resolve/batch"), ("status", "504")),
        )
        assert metrics[key] == 1


async def _until(condition: Callable[[], bool]) -> None:
    """Yield to the event loop until ``condition`` holds (fail after ~30 s, not hang)."""
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


def test_model_calls_leave_the_event_loop_free() -> None:
    gated = GatedResolver()
    app = create_app(BASELINE, resolver=gated)
    gated.close_gate()

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            task = asyncio.create_task(client.post("/v1/resolve", json={"text": OTHER}))
            await _until(gated.entered.is_set)
            health = await client.get("/healthz")
            metrics = await client.get("/metrics")
            assert health.status_code == 200 and metrics.status_code == 200
            assert not task.done()
            gated.gate.set()
            assert (await task).status_code == 200

    asyncio.run(scenario())


class LeavingClient:
    """One request sent straight to the ASGI app by a client that can leave.

    Why not httpx: its ASGI transport cannot close a connection mid-request, and
    leaving is what this client is for (``leave()`` makes its next ``receive()``
    an ``http.disconnect``, as uvicorn's is when the socket closes).
    """

    def __init__(self, app: Any, path: str, body: dict[str, Any]) -> None:
        self.body = json.dumps(body).encode()
        self.left = asyncio.Event()
        self.receives = 0
        self.status: int | None = None
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
            "root_path": "", "query_string": b"", "client": ("127.0.0.1", 1),
            "server": ("test", 80), "headers": [(b"content-type", b"application/json")],
        }  # fmt: skip
        self.task = asyncio.create_task(app(scope, self.receive, self.send))

    async def receive(self) -> dict[str, Any]:
        self.receives += 1
        if self.receives == 1:
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.left.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]

    def leave(self) -> None:
        self.left.set()

    async def answer(self) -> int | None:
        """The status sent; fails, rather than hangs, if the app never answers."""
        await asyncio.wait_for(self.task, 10)
        return self.status


def test_abandoned_requests_are_not_run_and_do_not_delay_the_next() -> None:
    gated = GatedResolver()
    app = create_app(BASELINE, resolver=gated)
    gated.close_gate()

    async def scenario() -> None:
        batch = LeavingClient(app, "/v1/resolve/batch", {"texts": [OTHER] * 8})
        await _until(gated.entered.is_set)  # its first text is inside the model
        queued = [LeavingClient(app, "/v1/resolve", {"text": OTHER}) for _ in range(3)]
        await _until(lambda: all(c.receives for c in queued))  # their bodies are read
        await asyncio.sleep(0.2)  # and they wait for the model thread
        for client in [batch, *queued[:2]]:
            client.leave()
        queued[2].task.cancel()  # what a server that cancels on disconnect does
        # Answered (to nobody) while the model thread is still busy: nobody waits on it.
        assert [await c.answer() for c in [batch, *queued[:2]]] == [499, 499, 499]
        with pytest.raises(asyncio.CancelledError):
            await queued[2].task
        gated.gate.set()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/v1/resolve", json={"text": OTHER})
            assert response.status_code == 200
            metrics = metric_samples((await client.get("/metrics")).text)
        # The batch stopped after the text it was in; the queued requests never ran.
        assert gated.calls == 2
        assert metrics[("corefine_texts_processed_total", ())] == 1
        key = (
            "corefine_http_requests_total",
            (("method", "POST"), ("path", "/v1/resolve"), ("status", "499")),
        )
        assert metrics[key] == 2

    try:
        asyncio.run(scenario())
    finally:
        gated.gate.set()
        app.state.engine.close()


@pytest.mark.parametrize("concurrency", [1, 2])
def test_concurrency_bounds_the_texts_resolved_at_once(concurrency: int) -> None:
    gated = GatedResolver()
    settings = ServiceSettings(resolver="baseline", concurrency=concurrency)
    app = create_app(settings, resolver=gated)
    gated.close_gate()

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            tasks = [
                asyncio.create_task(client.post("/v1/resolve", json={"text": OTHER}))
                for _ in range(4)
            ]
            await _until(lambda: gated.running >= concurrency)
            await asyncio.sleep(0.2)  # room for a pool that wrongly starts more
            gated.gate.set()
            return [r.status_code for r in await asyncio.gather(*tasks)]

    assert asyncio.run(scenario()) == [200] * 4
    assert gated.most_at_once == concurrency


def test_a_resolver_failure_is_a_500_with_a_json_reason() -> None:
    class Broken:
        name = "broken"
        armed = False

        def __call__(self, text: str) -> Document:
            if self.armed:
                raise RuntimeError("the model fell over")
            return get_resolver("baseline")(text)

    broken = Broken()
    app = create_app(BASELINE, resolver=broken)
    broken.armed = True
    with TestClient(app) as c:
        response = c.post("/v1/resolve", json={"text": OTHER})
        assert response.status_code == 500
        assert response.json() == {
            "error": "internal",
            "detail": "resolving failed: RuntimeError: the model fell over",
        }
        assert c.get("/healthz").status_code == 200  # the service carries on


# -- metrics ---------------------------------------------------------------------------


def test_metrics_count_requests_errors_latency_and_words() -> None:
    with TestClient(create_app(BASELINE)) as c:
        texts = [OTHER, TEXT, "It rained on Tuesday."]
        for t in texts:
            assert c.post("/v1/resolve", json={"text": t}).status_code == 200
        assert c.post("/v1/resolve/batch", json={"texts": texts}).status_code == 200
        assert c.post("/v1/resolve", json={"text": ""}).status_code == 422
        assert c.post("/v1/resolve", content="{", headers=JSON).status_code == 400
        assert c.post("/v1/resolve", content="{}").status_code == 415
        assert c.get("/nowhere/at/all").status_code == 404
        response = c.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    m = metric_samples(response.text)

    def labels(path: str, status: int, method: str = "POST") -> tuple[tuple[str, str], ...]:
        return (("method", method), ("path", path), ("status", str(status)))

    assert m[("corefine_http_requests_total", labels("/v1/resolve", 200))] == 3
    assert m[("corefine_http_requests_total", labels("/v1/resolve/batch", 200))] == 1
    for status in (422, 400, 415):
        assert m[("corefine_http_requests_total", labels("/v1/resolve", status))] == 1
        assert m[("corefine_http_request_errors_total", labels("/v1/resolve", status))] == 1
    assert ("corefine_http_request_errors_total", labels("/v1/resolve", 200)) not in m
    # A random URL is counted without becoming a label of its own.
    assert m[("corefine_http_requests_total", labels("other", 404, "GET"))] == 1
    latency = (
        "corefine_http_request_duration_seconds_count",
        (("method", "POST"), ("path", "/v1/resolve")),
    )
    assert m[latency] == 6
    assert m[("corefine_texts_processed_total", ())] == 6
    words = 2 * sum(len(t.split()) for t in texts)
    assert m[("corefine_words_processed_total", ())] == words


def test_each_app_counts_only_its_own_requests() -> None:
    with TestClient(create_app(BASELINE)) as a, TestClient(create_app(BASELINE)) as b:
        a.post("/v1/resolve", json={"text": OTHER})
        m = metric_samples(b.get("/metrics").text)
    assert m.get(("corefine_texts_processed_total", ()), 0) == 0


# -- schema, viewer, packaging ---------------------------------------------------------------


def test_openapi_documents_the_endpoints_limits_and_errors() -> None:
    settings = ServiceSettings(resolver="baseline", max_text_chars=1234, max_batch_texts=7)
    with TestClient(create_app(settings)) as c:
        schema = c.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/v1/resolve", "/v1/resolve/batch", "/healthz", "/metrics"}
    components = schema["components"]["schemas"]
    text = components["ResolveRequest"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"]) == (1, 1234)
    assert components["BatchRequest"]["properties"]["texts"]["maxItems"] == 7
    for path in ("/v1/resolve", "/v1/resolve/batch"):
        responses = schema["paths"][path]["post"]["responses"]
        assert {"200", "400", "413", "415", "422", "504"} <= set(responses)
        assert "HTTPValidationError" not in json.dumps(responses)
    response = components["ResolveResponse"]
    assert list(response["properties"]) == list(expected(OTHER))
    assert response["additionalProperties"] is False
    metrics = schema["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(metrics) == ["text/plain"]


def test_viewer_page_and_assets_are_served_without_external_resources(
    client: TestClient,
) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'src="static/viewer.js"' in page.text and 'href="static/viewer.css"' in page.text
    static = ROOT / "corefine" / "service" / "static"
    for asset in sorted(static.iterdir()):
        served = client.get(f"/static/{asset.name}")
        assert served.status_code == 200, asset.name
        assert served.content == asset.read_bytes()
        assert "http://" not in served.text and "https://" not in served.text, asset.name
        assert "//cdn" not in served.text
    assert client.get("/static/viewer.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_static_assets_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["corefine"]
    package = ROOT / "corefine"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    static = list((package / "service" / "static").iterdir())
    assert static and all(p in shipped for p in static)
    assert package / "rewriter" / "data" / "first_names.tsv" in shipped  # the rewriter's too


# -- settings ------------------------------------------------------------------------------


def test_settings_travel_through_the_environment() -> None:
    settings = ServiceSettings(
        resolver="baseline", replace="all", min_confidence=0.4, concurrency=3, timeout_s=2.5
    )
    assert ServiceSettings.from_env({SETTINGS_ENV: settings.to_env()}) == settings
    assert ServiceSettings.from_env({SETTINGS_ENV: ""}).resolver == "model"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"resolver": "gold"}, "unknown resolver 'gold' for serve"),
        ({"resolver": "baseline", "model": "/m"}, "--model applies to the 'model' resolver"),
        ({"resolver": "baseline", "concurrency": 0}, "--concurrency must be an integer >= 1"),
        ({"resolver": "baseline", "max_text_chars": 1.5}, "--max-text-chars must be an integer"),
        ({"resolver": "baseline", "timeout_s": 0}, "timeout must be a number of seconds > 0"),
        ({"resolver": "baseline", "replace": "pronoun"}, "replace"),
        ({"resolver": "baseline", "min_confidence": 2.0}, "min_confidence"),
        ({"resolver": "model", "model": "/no/such/dir"}, "does not exist"),
    ],
)
def test_bad_settings_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(CorefineError, match=None) as err:
        ServiceSettings(**values).check()
    assert message in str(err.value)
    with pytest.raises(CorefineError):
        ServiceSettings.from_env({SETTINGS_ENV: json.dumps(values)})


@pytest.mark.parametrize(
    ("raw", "message"),
    [("{", "not valid JSON"), ("[]", "JSON object"), ('{"port": 1}', "unknown settings: port")],
)
def test_bad_settings_environment_is_refused(raw: str, message: str) -> None:
    with pytest.raises(CorefineError) as err:
        ServiceSettings.from_env({SETTINGS_ENV: raw})
    assert message in str(err.value)
