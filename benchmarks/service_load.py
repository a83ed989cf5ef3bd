"""Load test of ``corefine serve``: throughput, latency percentiles and errors, many clients.

Starts ``corefine serve`` on a free loopback port (a real uvicorn process, as
users run it, model loaded once per worker before the clock starts), then runs
``--clients`` concurrent clients (default 20) for ``--seconds`` (default 30):
each client sends ``POST /v1/resolve`` requests one after another, each with
the next article of the shared news sample
(``../shared/data/news/fake_or_real_news_256.csv``) cut to its first
``--max-words`` words (default 300). A request still running when the time is
up is waited for and counted. Reported: requests, errors (any status but 200,
or a failed connection), requests/s and words/s (of answered requests, over
the time to the last answer), latency p50/p95/p99/max, and whether the
service's own ``/metrics`` counted the same number of requests.

Traffic goes to 127.0.0.1 only, and the run stops by itself.

Usage: ``python benchmarks/service_load.py [--clients 20] [--seconds 30] [--workers 1]
[--resolver model|baseline] [--model DIR] [--threads N] [--concurrency N]
[--max-words 300] [--no-write]``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

# tools/ (the service harness) is beside the package, not in it
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.service_harness import ServiceProcess

ROOT = Path(__file__).resolve().parents[1]
NEWS_CSV = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"
SECTION = "HTTP service load"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    p.add_argument("--seconds", type=float, default=30.0, help="duration (default 30)")
    p.add_argument("--workers", type=int, default=1, help="corefine serve --workers (default 1)")
    p.add_argument("--resolver", choices=("model", "baseline"), default="model")
    p.add_argument("--model", help="model name or directory (default: the default model)")
    p.add_argument("--threads", type=int, help="corefine serve --threads (default: all cores)")
    p.add_argument("--concurrency", type=int, help="corefine serve --concurrency (default 1)")
    p.add_argument("--max-words", type=int, default=300, help="words per request (default 300)")
    p.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = p.parse_args(argv)
    for name in ("clients", "workers", "max_words"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1")
    if not args.seconds > 0:
        p.error("--seconds must be > 0")
    if args.model and args.resolver != "model":
        p.error("--model applies to --resolver model")
    return args


def load_texts(max_words: int) -> list[str]:
    """The news sample's texts, each cut to its first ``max_words`` whitespace words."""
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        texts = [" ".join(row["text"].split()[:max_words]) for row in csv.DictReader(f)]
    return [t for t in texts if t]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    words: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    last_answer: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


async def client_loop(
    client: httpx.AsyncClient,
    texts: itertools.cycle[str],
    stop_at: float,
    tally: Tally,
) -> None:
    while time.monotonic() < stop_at:
        text = next(texts)
        started = time.monotonic()
        try:
            response = await client.post("/v1/resolve", json={"text": text})
        except httpx.HTTPError as err:
            tally.error(type(err).__name__)
            continue
        finished = time.monotonic()
        tally.last_answer = max(tally.last_answer, finished)
        if response.status_code == 200:
            tally.latencies.append(finished - started)
            tally.words += len(text.split())
        else:
            tally.error(f"HTTP {response.status_code}")


async def run_load(url: str, texts: list[str], args: argparse.Namespace) -> tuple[Tally, float]:
    tally = Tally()
    cycle = itertools.cycle(texts)
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    # Longer than the server's own timeout, so that its 504 (not ours) says when it is slow.
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120.0) as client:
        started = time.monotonic()
        stop_at = started + args.seconds
        await asyncio.gather(
            *(client_loop(client, cycle, stop_at, tally) for _ in range(args.clients))
        )
    elapsed = max(tally.last_answer, stop_at) - started
    return tally, elapsed


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (``nan`` for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def served_requests(metrics_text: str) -> int:
    """``POST /v1/resolve`` requests the service itself counted (all statuses)."""
    total = 0.0
    for family in text_string_to_metric_families(metrics_text):
        for s in family.samples:
            if (
                s.name == "corefine_http_requests_total"
                and s.labels.get("path") == "/v1/resolve"
                and s.labels.get("method") == "POST"
            ):
                total += s.value
    return int(total)


def report(
    tally: Tally, elapsed: float, served: int, texts: list[str], args: argparse.Namespace
) -> str:
    ok = len(tally.latencies)
    sent = ok + tally.errors
    from report import resolver_label

    model = resolver_label(args.resolver, args.model)
    flags = [f"--workers {args.workers}"]
    if args.threads:
        flags.append(f"--threads {args.threads}")
    if args.concurrency:
        flags.append(f"--concurrency {args.concurrency}")
    mean_words = sum(len(t.split()) for t in texts) / len(texts)

    def ms(q: float) -> str:
        return f"{percentile(tally.latencies, q) * 1000:,.0f}"

    kinds = ", ".join(f"{k}: {n}" for k, n in sorted(tally.error_kinds.items())) or "none"
    lines = [
        f"`corefine serve {' '.join(flags)}` with the {model}, on loopback. "
        f"{args.clients} concurrent clients for {args.seconds:g} s, each sending `POST "
        f"/v1/resolve` requests one after another: the news sample's articles cut to "
        f"{args.max_words} words ({mean_words:.0f} on average). Rates count answered "
        "requests over the time to the last answer.",
        "",
        "| clients | requests | errors | requests/s | words/s | p50 ms | p95 ms | p99 ms "
        "| max ms |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {args.clients} | {sent:,} | {tally.errors:,} | {ok / elapsed:,.1f} | "
        f"{tally.words / elapsed:,.0f} | {ms(50)} | {ms(95)} | {ms(99)} | {ms(100)} |",
        "",
        f"Errors by kind: {kinds}. The service's `/metrics` counted {served:,} requests "
        f"({'the same' if served == sent else 'NOT the same'} as the clients sent).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    texts = load_texts(args.max_words)
    serve_args = ["--resolver", args.resolver, "--workers", str(args.workers), "--no-access-log"]
    if args.model:
        serve_args += ["--model", args.model]
    if args.threads:
        serve_args += ["--threads", str(args.threads)]
    if args.concurrency:
        serve_args += ["--concurrency", str(args.concurrency)]
    with ServiceProcess(serve_args) as service:
        print(f"serving at {service.url}; {args.clients} clients for {args.seconds:g} s",
              file=sys.stderr)  # fmt: skip
        tally, elapsed = asyncio.run(run_load(service.url, texts, args))
        served = served_requests(httpx.get(service.url + "/metrics", timeout=30).text)
        if service.stop() != 0:
            print(service.log_tail(), file=sys.stderr)
    body = report(tally, elapsed, served, texts, args)
    print(body)
    if not args.no_write:
        from report import resolver_title, write_section

        write_section(resolver_title(SECTION, args.resolver, args.model), body)


if __name__ == "__main__":
    main()
