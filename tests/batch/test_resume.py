"""Exactly-once: a job killed at any point and resumed writes the bytes of one that was not."""

from __future__ import annotations

import json
import os
import re
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
from corefine.batch.rows import RowResolver

NEWS = Path(__file__).resolve().parents[3] / "shared/data/news/fake_or_real_news_256.csv"

TEXTS = [
    "Anna met Ben at the station. She gave him a book, and he thanked her.",
    "The company said it would close, and its workers were told on Monday.",
    "",
    'Zoë said "they\'re late",\nthen she left; 東京 was far.',
]


def make_jsonl(path: Path, n: int, changed: dict[int, str] | None = None) -> None:
    """``n`` rows; ``changed``: other texts for some rows."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            text = (changed or {}).get(i, TEXTS[i % len(TEXTS)] + f" #{i}")
            row = {"id": i, "text": text, "n": i * 0.5}
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


def count_rows(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The texts the in-process resolver is called on, from now on."""
    texts: list[object] = []
    real = RowResolver.__call__

    def call(self: RowResolver, text: object) -> Any:
        texts.append(text)
        return real(self, text)

    monkeypatch.setattr(RowResolver, "__call__", call)
    return texts


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_resume_after_the_input_changed_redoes_only_the_chunks_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """A bad row fixed in the input must not cost the work done: chunks whose rows are
    the same are kept, the others redone, and the output is the fixed input's."""
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 30)
    dest = tmp_path / f"out.{fmt}"
    with monkeypatch.context() as m:
        stop_at_chunk(m, 3)  # chunks 0-2 (rows 0-20) done
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest)
    make_jsonl(src, 30, changed={9: "Ben left. He was tired."})  # row 9 is in chunk 1
    straight = tmp_path / f"straight.{fmt}"
    batch(src, straight)
    with monkeypatch.context() as m:
        resolved = count_rows(m)
        summary = batch(src, dest, resume=True)
    assert dest.read_bytes() == straight.read_bytes()
    assert summary.resumed_rows == 14  # chunks 0 and 2
    assert len(resolved) == 30 - 14 and "Ben left. He was tired." in resolved

    # A shorter input: the finished chunks past its end are not part of the output.
    dest.unlink()
    with monkeypatch.context() as m:
        stop_at_chunk(m, 3)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest)
    make_jsonl(src, 10)
    batch(src, straight, overwrite=True)
    assert batch(src, dest, resume=True).resumed_rows == 7
    assert dest.read_bytes() == straight.read_bytes()


def test_resume_refuses_other_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 20)
    dest = tmp_path / "out.jsonl"
    with monkeypatch.context() as m:
        stop_at_chunk(m, 1)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest)
    with pytest.raises(CorefineError, match="cannot resume: --replace is 'all'"):
        batch(src, dest, resume=True, replace="all")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_ctrl_c_keeps_the_rows_done_of_the_chunk_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Ctrl-C (a real SIGINT) in the middle of chunk 1: its first rows are kept, the row
    in progress is abandoned, and --resume resolves only the rest."""
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 30)
    straight = tmp_path / f"straight.{fmt}"
    batch(src, straight)
    dest = tmp_path / f"out.{fmt}"
    real = RowResolver.__call__

    def call(self: RowResolver, text: object) -> Any:
        if str(text).endswith("#10"):  # the fourth row of chunk 1
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)  # a long row: Ctrl-C must not wait for it
        return real(self, text)

    with monkeypatch.context() as m:
        m.setattr(RowResolver, "__call__", call)
        started = time.monotonic()
        with pytest.raises(runner.Interrupted) as stopped:
            batch(src, dest)
        assert time.monotonic() - started < 10
    assert (stopped.value.rows, stopped.value.work) == (10, work_dir_of(dest))
    assert not dest.exists() and (work_dir_of(dest) / "rows-000001.json").is_file()
    with monkeypatch.context() as m:
        resolved = count_rows(m)
        summary = batch(src, dest, resume=True)
    assert dest.read_bytes() == straight.read_bytes()
    assert summary.resumed_rows == 10 and len(resolved) == 20
    assert not work_dir_of(dest).exists()


def test_ctrl_c_before_any_row_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    make_jsonl(src, 5)
    real = RowResolver.__call__

    def call(self: RowResolver, text: object) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real(self, text)

    monkeypatch.setattr(RowResolver, "__call__", call)
    with pytest.raises(runner.Interrupted) as stopped:
        batch(src, tmp_path / "out.csv")
    assert (stopped.value.rows, stopped.value.work) == (0, None)
    assert not work_dir_of(tmp_path / "out.csv").exists()


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


def test_ctrl_c_of_a_pool_keeps_the_rows_in_progress_and_exits_130(tmp_path: Path) -> None:
    """SIGINT to the process group, as Ctrl-C sends it, while two workers are inside chunks:
    the rows they have done are kept, promptly, with one line and exit status 130."""
    args = ["--text-column", "text", "--resolver", "baseline", "--workers", "2"]
    args += ["--chunk-size", "40", "--quiet"]
    cli = [sys.executable, "-m", "corefine", "batch"]
    dest = tmp_path / "out.jsonl"
    work = work_dir_of(dest)
    proc = subprocess.Popen(
        [*cli, str(NEWS), str(dest), *args],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while not list(work.glob("part-*.json")) and proc.poll() is None:
            assert time.monotonic() < deadline, "no chunk finished in time"
            time.sleep(0.01)
        time.sleep(0.3)  # both workers are inside their next chunks (40 rows: seconds each)
        parts = len(list(work.glob("part-*.json")))
        os.killpg(proc.pid, signal.SIGINT)
        sent = time.monotonic()
        _, stderr = proc.communicate(timeout=60)
        waited = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    line = re.fullmatch(
        rf"corefine: batch: interrupted; (\d+) rows done are kept in {re.escape(str(work))}; "
        r"rerun with --resume\n",
        stderr,
    )
    assert line, stderr
    kept = int(line.group(1))
    assert kept > parts * 40  # more than the chunks finished before the signal
    assert list(work.glob("rows-*.json"))  # rows of chunks in progress
    assert waited < 10, f"{waited:.1f} s from Ctrl-C to exit"

    resumed = subprocess.run(
        [*cli, str(NEWS), str(dest), *args[:-1], "--resume"], capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept:,} by an earlier run" in resumed.stderr
    straight = tmp_path / "straight.jsonl"
    run(NEWS, straight, text_column="text", resolver="baseline", workers=1, progress="off")
    assert dest.read_bytes() == straight.read_bytes()
