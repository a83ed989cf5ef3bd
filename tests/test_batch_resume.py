"""Exactly-once: a job killed at any point and resumed writes the bytes of one that was not."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from corefine import CorefineError
from corefine.batch import run, runner
from corefine.batch.checkpoint import work_dir_of

TEXTS = [
    "Anna met Ben at the station. She gave him a book, and he thanked her.",
    "The company said it would close, and its workers were told on Monday.",
    "",
    'Zoë said "they\'re late",\nthen she left; 東京 was far.',
]


def make_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            row = {"id": i, "text": TEXTS[i % len(TEXTS)] + f" #{i}", "n": i * 0.5}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def batch(src: Path, dest: Path, **options: Any) -> Any:
    defaults: dict[str, Any] = {
        "text_column": "text",
        "id_column": "id",
        "resolver": "baseline",
        "workers": 1,
        "chunk_size": 7,
        "progress": "off",
    }
    return run(src, dest, **{**defaults, **options})


def stop_at_chunk(monkeypatch: pytest.MonkeyPatch, stop: int) -> None:
    """Interrupt (as Ctrl-C would) when chunk ``stop`` is about to be written."""
    real = runner.write_part

    def write_part(fmt, path, chunk, results, source):  # type: ignore[no-untyped-def]
        if chunk.index == stop:
            raise KeyboardInterrupt
        real(fmt, path, chunk, results, source)

    monkeypatch.setattr(runner, "write_part", write_part)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_interrupted_and_resumed_output_is_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 50)
    straight = tmp_path / f"straight.{fmt}"
    batch(src, straight)
    dest = tmp_path / f"resumed.{fmt}"
    with monkeypatch.context() as m:
        stop_at_chunk(m, 3)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest)
    assert not dest.exists() and work_dir_of(dest).is_dir()
    summary = batch(src, dest, resume=True)
    assert dest.read_bytes() == straight.read_bytes()
    assert (summary.rows, summary.resumed_rows) == (50, 21)
    assert not work_dir_of(dest).exists()


def test_crash_while_joining_parts_is_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 20)
    straight = tmp_path / "straight.csv"
    batch(src, straight)
    dest = tmp_path / "out.csv"

    def crash(*args: object) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(runner, "assemble", crash)
        with pytest.raises(OSError):
            batch(src, dest)
    # Leftovers of writes that never finished must not count as done.
    work = work_dir_of(dest)
    (work / ".part-000099.csv.tmp").write_text("garbage", "utf-8")
    (work / "part-000001.json").unlink()  # its part file stays: not done, redone
    summary = batch(src, dest, resume=True)
    assert dest.read_bytes() == straight.read_bytes()
    assert summary.resumed_rows == 20 - 7


def test_resume_refuses_a_changed_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 20)
    dest = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        stop_at_chunk(m, 1)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest)
    make_jsonl(src, 21)
    with pytest.raises(CorefineError, match="cannot resume: the input is not the file"):
        batch(src, dest, resume=True)
    with pytest.raises(CorefineError, match="cannot resume: --replace is 'all'"):
        make_jsonl(src, 20)
        batch(src, dest, resume=True, replace="all")


def test_resume_keeps_the_chunk_size_of_the_interrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 30)
    dest = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        stop_at_chunk(m, 2)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest, chunk_size=4)
    assert batch(src, dest, resume=True, chunk_size=None).resumed_rows == 8
    with monkeypatch.context() as m:
        stop_at_chunk(m, 1)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest, chunk_size=4, overwrite=True)
    with pytest.raises(CorefineError, match="--chunk-size is 5 but the interrupted run used 4"):
        batch(src, dest, resume=True, chunk_size=5)


def test_resume_after_sigkill_is_identical_to_an_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 3000)
    args = ["--text-column", "text", "--resolver", "baseline", "--workers", "1"]
    args += ["--chunk-size", "25", "--quiet"]
    straight = tmp_path / "straight.jsonl"
    cli = [sys.executable, "-m", "corefine", "batch"]
    subprocess.run([*cli, str(src), str(straight), *args], check=True, timeout=600)

    dest = tmp_path / "out" / "killed.jsonl"
    work = work_dir_of(dest)
    proc = subprocess.Popen([*cli, str(src), str(dest), *args])
    deadline = time.monotonic() + 300
    while not list(work.glob("part-*.json")) and proc.poll() is None:
        assert time.monotonic() < deadline, "no chunk finished in time"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    assert not dest.exists()
    done = len(list(work.glob("part-*.json")))
    assert 0 < done < 3000 // 25

    resumed = subprocess.run(
        [*cli, str(src), str(dest), *args[:-1], "--resume"], capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done * 25:,} by an earlier run" in resumed.stderr
    assert dest.read_bytes() == straight.read_bytes()
    rows = [json.loads(line) for line in dest.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == list(range(3000))
    assert not work.exists()
