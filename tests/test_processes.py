"""Workers die with their parent: ``kill -9`` of ``corefine batch`` or ``corefine serve``
leaves no process behind (and a restart of the service gets its port back)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from corefine.cli.serve import METRICS_PREFIX, remove_orphaned_metrics
from corefine.processes import pid_alive
from tools.service_harness import ServiceProcess, get_json

NEWS = Path(__file__).resolve().parents[2] / "shared/data/news/fake_or_real_news_256.csv"


def children(pid: int) -> list[int]:
    """The pids whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def wait_until(condition, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout:g} s for {what}")


def gone(pids: list[int]) -> bool:
    # A killed orphan is reaped by init; a zombie child of this test would still "exist".
    return not any(pid_alive(p) and "Z" not in _state(p) for p in pids)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_exit_with_parent_ends_a_child_whose_parent_was_killed(tmp_path: Path) -> None:
    # parent: starts a grandchild that watches it, prints the grandchild's pid, sleeps.
    script = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import os, sys, time; from corefine.processes import exit_with_parent; "
        "exit_with_parent(int(sys.argv[1]), 0.1); time.sleep(60)', str(os.getpid())])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(0.5)
    assert pid_alive(child)  # the watch does not end a child whose parent lives
    parent.kill()
    parent.wait()
    wait_until(lambda: gone([child]), 10, "the orphaned child to exit")


def test_exit_with_parent_exits_at_once_when_the_parent_is_already_gone() -> None:
    code = (
        "import os\n"
        "from corefine.processes import exit_with_parent\n"
        "exit_with_parent(os.getppid() + 1)  # not its parent\n"
        "print('still here')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "still here" not in done.stdout


def kill_9_batch(out: Path, engine_args: list[str], minimum: int, settle: float) -> None:
    """Start ``corefine batch`` on the news in its own process group, wait for ``minimum``
    processes under it, let it work ``settle`` seconds, kill -9 the parent alone, and
    check that every process under it exits."""
    command = [
        sys.executable, "-m", "corefine", "batch", str(NEWS), str(out),
        "--text-column", "text", "--chunk-size", "4", *engine_args,
    ]  # fmt: skip
    batch = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until(lambda: len(descendants(batch.pid)) >= minimum, 180, f"{minimum} processes")
        time.sleep(settle)  # workers load their models and start on chunks
        started = descendants(batch.pid)
        batch.send_signal(signal.SIGKILL)
        batch.wait()
        wait_until(lambda: gone(started), 60, f"processes {started} to exit")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(batch.pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        kids = [k for p in frontier for k in children(p)]
        found += kids
        frontier = kids
    return found


def test_kill_9_of_batch_leaves_no_worker(tmp_path: Path) -> None:
    # the pool's two spawned workers (and multiprocessing's resource tracker)
    kill_9_batch(tmp_path / "out.jsonl", ["--workers", "2"], minimum=2, settle=3)


def test_kill_9_of_a_spark_batch_leaves_no_jvm_or_worker(tmp_path: Path) -> None:
    # the JVM (pyspark's gateway) and, once tasks run, its Python workers; pyspark's
    # gateway watches the driver, so this holds without corefine's own watch
    kill_9_batch(tmp_path / "out.jsonl", ["--engine", "spark"], minimum=1, settle=10)


def test_kill_9_of_serve_leaves_no_worker_and_frees_the_port() -> None:
    service = ServiceProcess(["--resolver", "baseline", "--workers", "2", "--no-access-log"])
    with service:
        assert service.process is not None
        supervisor = service.process.pid
        workers = wait_until(
            lambda: len(children(supervisor)) >= 2 and children(supervisor), 60, "two workers"
        )
        metrics = list(Path("/tmp").glob(f"{METRICS_PREFIX}{supervisor}-*"))
        assert metrics  # named after the supervisor, so a later start can tell it is orphaned
        service.process.send_signal(signal.SIGKILL)
        service.process.wait()
        wait_until(lambda: gone(workers), 15, f"workers {workers} to exit")
        # The port is free again: a new server starts on it.
        port = service.port
        again = ServiceProcess(["--resolver", "baseline", "--no-access-log"])
        again.port = port
        assert again._start(), again.log_tail()
        try:
            assert get_json(again.url + "/healthz")["status"] == "ok"
        finally:
            again.close()
        remove_orphaned_metrics()
        assert not any(p.exists() for p in metrics)
