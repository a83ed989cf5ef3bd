"""``corefine serve`` as users run it: a real uvicorn process on a loopback port.

The rule baseline is served (the point is the process: options, workers,
limits over real HTTP, shutdown), so these tests need no model.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from corefine import Pipeline
from corefine.outputs import resolution_to_dict
from corefine.resolvers import get_resolver
from tools.service_harness import ServiceProcess, get_json, post_json

TEXT = "Anna met Ben in Paris. She thanked him, and he smiled at her."


def serve_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", "serve", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resolver", "baseline", "--model", "."], "--model applies to the 'model' resolver"),
        (["--model", "/no/such/model"], "/no/such/model: model path does not exist"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    proc = serve_cli(*args, "--port", "1")  # never reached: refused before listening
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("corefine: error: ") and message in lines[0]


def test_an_unknown_resolver_is_a_usage_error_naming_the_choices() -> None:
    """serve offers the same resolvers as resolve and batch (the CLI's TextResolver)."""
    proc = serve_cli("--resolver", "gold", "--port", "1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'gold' is not one of 'model', 'baseline'" in proc.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_port_in_use_is_one_line_and_exit_2_before_the_model_loads(workers: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve_cli("--port", str(port), "--workers", workers)  # the model resolver
    assert proc.returncode == 2, proc.stderr
    # Nothing from uvicorn: no worker started, no model loaded.
    assert proc.stderr.splitlines() == [
        f"corefine: error: cannot listen on 127.0.0.1:{port}: address already in use; "
        "stop the program that has it or choose another --port"
    ]


def test_an_unknown_host_is_one_line_and_exit_2() -> None:
    proc = serve_cli("--resolver", "baseline", "--host", "no-such-host.invalid")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "cannot listen on no-such-host.invalid:8000" in lines[0]


def test_a_model_directory_without_a_model_is_refused(tmp_path: Path) -> None:
    proc = serve_cli("--model", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "lacks" in proc.stderr


def test_out_of_range_numbers_are_usage_errors() -> None:
    for args in (["--max-text-chars", "0"], ["--port", "70000"], ["--workers", "0"]):
        proc = serve_cli("--resolver", "baseline", *args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr


def test_serve_answers_over_http_with_limits_and_stops_on_ctrl_c() -> None:
    args = ["--resolver", "baseline", "--replace", "all", "--max-body-bytes", "2000"]
    with ServiceProcess(args) as service:
        status, body = post_json(service.url + "/v1/resolve", {"text": TEXT})
        assert status == 200
        doc = Pipeline(get_resolver("baseline"))(TEXT)
        assert body == resolution_to_dict(doc, doc.resolve(None, replace="all"))
        too_big = httpx.post(
            service.url + "/v1/resolve",
            content=json.dumps({"text": "word " * 1000}),
            headers={"content-type": "application/json"},
            timeout=30,
        )
        assert too_big.status_code == 413
        assert too_big.json()["error"] == "too_large"
        assert get_json(service.url + "/healthz")["replace"] == "all"
        assert "text/html" in httpx.get(service.url + "/").headers["content-type"]
        assert service.stop() == 0, service.log_tail()
        assert "Application shutdown complete" in service.log_bytes().decode()


def _resolve_requests(metrics_text: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(metrics_text):
        for s in family.samples:
            if s.name == "corefine_http_requests_total" and s.labels["path"] == "/v1/resolve":
                total += s.value
    return total


def test_workers_each_load_once_and_metrics_sum_over_them() -> None:
    with ServiceProcess(["--resolver", "baseline", "--workers", "2", "--no-access-log"]) as s:
        pids: set[int] = set()
        sent = 0

        def one() -> int:
            status, _ = post_json(s.url + "/v1/resolve", {"text": TEXT})
            assert status == 200
            return int(get_json(s.url + "/healthz")["worker_pid"])

        # New connections, several at once: a worker busy with one is not the one that
        # accepts the next, even on a loaded machine where one process may win every
        # accept() of a sequential client.
        with ThreadPoolExecutor(8) as pool:
            while len(pids) < 2 and sent < 400:
                pids.update(pool.map(lambda _: one(), range(8)))
                sent += 8
        assert len(pids) == 2, "all requests went to one worker"
        # Whichever worker answers the scrape, it reports every worker's requests.
        for _ in range(10):
            with httpx.Client() as client:
                scraped = client.get(s.url + "/metrics").text
            assert _resolve_requests(scraped) == sent
        assert s.stop() == 0, s.log_tail()


def _samples(metrics_text: str, name: str, path: str = "") -> dict[str, float]:
    """``name``'s values (of route ``path``, if given) by status (``""``: no status label)."""
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(metrics_text):
        for s in family.samples:
            if s.name == name and s.labels.get("path", "") == path:
                status = s.labels.get("status", "")
                values[status] = values.get(status, 0.0) + s.value
    return values


def test_requests_whose_clients_gave_up_do_not_delay_the_next_one() -> None:
    long_text = " ".join([TEXT] * 1600)[:100_000]  # ~18,000 words: a long report
    with ServiceProcess(["--resolver", "baseline", "--no-access-log"]) as s:
        started = time.perf_counter()
        assert post_json(s.url + "/v1/resolve", {"text": long_text})[0] == 200
        one_long = time.perf_counter() - started

        def give_up() -> bool:
            try:
                httpx.post(s.url + "/v1/resolve", json={"text": long_text}, timeout=0.3)
            except httpx.TimeoutException:
                return True
            return False

        with ThreadPoolExecutor(20) as pool:
            assert all(pool.map(lambda _: give_up(), range(20)))
        started = time.perf_counter()
        assert post_json(s.url + "/v1/resolve", {"text": TEXT})[0] == 200
        waited = time.perf_counter() - started
        metrics = httpx.get(s.url + "/metrics").text
        # At most the text already in the model when its client left was resolved
        # for nobody; the other 19 never reached it (before: all 20 ran, ~20 × one_long).
        assert waited < 5 * one_long + 1, (waited, one_long)
        assert _samples(metrics, "corefine_texts_processed_total") == {"": 2}
        requests = _samples(metrics, "corefine_http_requests_total", "/v1/resolve")
        assert requests == {"200": 2, "499": 20}
