"""``corefine batch`` from the command line: bad input, refusals, workers, the real model."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import corefine
from corefine import CorefineError, batch
from corefine.batch import runner
from corefine.batch.checkpoint import work_dir_of
from tests.cli_errors import one_line_error

BASE = ("--resolver", "baseline", "--workers", "1")


def corefine_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", *args], capture_output=True, text=True, timeout=600
    )


def batch_cli(src: Path, dest: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return corefine_cli("batch", str(src), str(dest), "--text-column", "text", *BASE, *args)


def write_rows(path: Path, n: int) -> list[str]:
    texts = [f"Anna {i} met Ben. She thanked him, and he smiled." for i in range(n)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([[f"r{i}", t] for i, t in enumerate(texts)])
    return texts


def test_missing_text_column_lists_the_columns_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "new" / "out.csv"
    proc = corefine_cli("batch", str(src), str(dest), "--text-column", "body", *BASE)
    assert one_line_error(proc) == (
        f"corefine: error: {src}: no text column 'body'; the columns in the header are: "
        "'id', 'text'"
    )
    assert not (tmp_path / "new").exists()


FRENCH = (
    "Le président a dit qu'il viendra demain avec sa femme. Elle est très contente de le voir, "
    "et ils iront ensemble au marché pour acheter des légumes et du pain frais."
)


def test_summary_counts_rows_that_do_not_look_like_english(tmp_path: Path) -> None:
    """They are resolved (the model runs on any text) and counted once, not warned per row."""
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [["text"], ["Anna met Ben. She thanked him."], [FRENCH], [FRENCH], [""]]
        )
    for chunk_size in ("1", "3"):  # one count, however the rows fall into chunks
        proc = batch_cli(src, tmp_path / f"out{chunk_size}.csv", "--chunk-size", chunk_size)
        assert proc.returncode == 0, proc.stderr
        assert (
            "4 rows: 3 resolved (2 of them do not look like English: the model is English-only), "
            "1 skipped (empty text), 0 failed"
        ) in proc.stderr
    write_rows(src, 2)
    assert "English" not in batch_cli(src, tmp_path / "none.csv").stderr


def test_output_directory_is_created_and_summary_printed(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 5)
    dest = tmp_path / "a" / "b" / "out.jsonl"
    proc = batch_cli(src, dest, "--id-column", "id")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in dest.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(5)]
    assert "5 rows: 5 resolved, 0 skipped (empty text), 0 failed" in proc.stderr
    assert not work_dir_of(dest).exists()
    quiet = batch_cli(src, tmp_path / "q.csv", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_existing_output_is_refused_unless_overwrite(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "out.csv"
    dest.write_text("precious", "utf-8")
    message = one_line_error(batch_cli(src, dest))
    assert message == f"corefine: error: {dest}: the output exists; use --overwrite to replace it"
    assert dest.read_text("utf-8") == "precious"
    assert one_line_error(batch_cli(src, dest, "--resume")).endswith(
        "use --overwrite to replace it"
    )
    assert batch_cli(src, dest, "--overwrite").returncode == 0
    assert dest.read_text("utf-8").startswith("id,text,resolved_text")


def test_leftover_work_directory_is_refused_without_resume(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "out.csv"
    work_dir_of(dest).mkdir()
    message = one_line_error(batch_cli(src, dest))
    assert "unfinished run" in message and "--resume" in message and "--overwrite" in message
    assert batch_cli(src, dest, "--overwrite").returncode == 0
    assert not work_dir_of(dest).exists()


def test_truncated_parquet_is_aone_line_error(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": ["Anna left."] * 50}), src)
    src.write_bytes(src.read_bytes()[:-20])
    message = one_line_error(batch_cli(src, tmp_path / "out.parquet"))
    assert message.startswith(f"corefine: error: {src}: not a readable Parquet file")
    assert "truncated" in message
    assert not (tmp_path / "out.parquet").exists()


def test_bad_jsonl_line_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Anna left."}\n\n{"text": "Ben"}\n{"text": "cut', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.jsonl"))
    assert message.startswith(f"corefine: error: {src}:4: not valid JSON")
    src.write_text('{"text": "Anna left."}\n[1, 2]\n', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.jsonl", "--overwrite"))
    assert message == f"corefine: error: {src}:2: expected a JSON object, got list"


def test_unterminated_csv_quote_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"Anna left."\n2,"Ben came\nand went\n', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.csv"))
    assert message.startswith(f"corefine: error: {src}:3: malformed CSV record")
    src.write_text("id,text\n1,Anna,extra\n", "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.csv", "--overwrite"))
    assert message == f"corefine: error: {src}:2: record has 3 fields but the header has 2"


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"id,text\n" + b"1,Anna left.\n" * 5000 + b"2,caf\xe9\n")
    with pytest.raises(CorefineError) as err:
        batch.run(src, tmp_path / "out.csv", text_column="text", resolver="baseline", workers=1)
    assert str(err.value) == f"{src}:5002: not valid UTF-8 text; convert the file to UTF-8"


def test_resume_with_another_text_column_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 30)
    dest = tmp_path / "out.csv"
    interrupt_after_first_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        batch.run(src, dest, text_column="id", resolver="baseline", workers=1, chunk_size=10)
    message = one_line_error(batch_cli(src, dest, "--resume"))
    assert message == (
        f"corefine: error: {work_dir_of(dest)}: cannot resume: --text-column is 'text' but "
        "the interrupted run used 'id'; rerun with the same input and options, or use "
        "--overwrite to start over"
    )
    assert work_dir_of(dest).exists() and not dest.exists()
    assert batch_cli(src, dest, "--overwrite").returncode == 0


def interrupt_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the in-process engine stop (as on Ctrl-C) once chunk 0 is written."""
    real = runner.write_part

    def write_part(fmt, path, chunk, results, source):  # type: ignore[no-untyped-def]
        if chunk.index > 0:
            raise KeyboardInterrupt
        real(fmt, path, chunk, results, source)

    monkeypatch.setattr(runner, "write_part", write_part)


def test_two_workers_keep_input_order(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    texts = write_rows(src, 60)
    dest = tmp_path / "out.csv"
    proc = corefine_cli(
        "batch", str(src), str(dest), "--text-column", "text", "--resolver", "baseline",
        "--workers", "2", "--chunk-size", "7", "--quiet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    with open(dest, encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["text"] for r in out] == texts
    assert [r["id"] for r in out] == [f"r{i}" for i in range(60)]
    assert all(r["error"] == "" for r in out)


def test_batch_with_the_real_model(model_dir: Path, tmp_path: Path) -> None:
    texts = [
        "Louis Marinelli said he would leave. His wife teaches English.",
        "",
        "The company said it had lost money, and its shares fell.",
    ]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": texts}), src)
    dest = tmp_path / "out.parquet"
    proc = corefine_cli(
        "batch", str(src), str(dest), "--text-column", "text", "--model", str(model_dir),
        "--workers", "1", "--threads", "1", "--replace", "all",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = pq.read_table(dest).to_pylist()
    nlp = corefine.load(model_dir, threads=1)
    for row, text in zip(rows, texts, strict=True):
        doc = nlp(text)
        assert row["error"] == ""
        assert row["resolved_text"] == doc.resolve(replace="all").text
        assert json.loads(row["clusters"]) == json.loads(doc.to_json())["clusters"]
        for cluster in json.loads(row["clusters"]):
            for m in cluster["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the job gets as far as starting its engine (loading the model)."""

    def make_engine(*args: object) -> None:
        raise AssertionError("the engine was started before the output was checked")

    monkeypatch.setattr(runner, "_make_engine", make_engine)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("afile/out.csv", "cannot create the output: {tmp}/afile is not a directory"),
        ("afile/sub/out.csv", "cannot create the output: {tmp}/afile is not a directory"),
        ("adir", "is a directory; the output must be a file path"),
        ("adir.csv", "is a directory; the output must be a file path"),
    ],
)
def test_output_that_cannot_be_written_is_one_line_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, message: str
) -> None:
    """Under a file (FileExistsError, NotADirectoryError) or a directory (not "cannot tell
    the format"): refused before the model loads, in one line."""
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    (tmp_path / "afile").write_text("a file", "utf-8")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir.csv").mkdir()
    dest = tmp_path / output
    expected = f"corefine: error: {dest}: {message.format(tmp=tmp_path)}"
    assert one_line_error(batch_cli(src, dest)) == expected
    with monkeypatch.context() as m:
        no_engine(m)
        with pytest.raises(CorefineError, match="directory"):
            batch.run(src, dest, text_column="text", resolver="model", workers=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "adir.csv", "afile", "in.csv"]


def without_root_powers() -> list[str]:
    """A command prefix under which permissions apply (root's are dropped)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:  # util-linux: on every Debian and Ubuntu system
        pytest.fail("running as root, which ignores permissions: install setpriv (util-linux)")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_output_directory_without_write_permission_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for dest in (locked / "out.csv", locked / "new" / "out.csv"):
            command = [sys.executable, "-m", "corefine", "batch", str(src), str(dest)]
            command += ["--text-column", "text", "--model", str(tmp_path / "no-model")]
            proc = subprocess.run(
                without_root_powers() + command, capture_output=True, text=True, timeout=600
            )
            # Refused before the model is even looked for (there is none at --model).
            assert one_line_error(proc) == (
                f"corefine: error: {dest}: cannot write the output: no permission to write "
                f"in {locked}"
            )
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_integer_wider_than_64_bits_to_parquet_names_row_and_column(tmp_path: Path) -> None:
    """Parquet has no such integer: a one-line error naming file, row and column (no
    OverflowError traceback); CSV and JSON Lines keep the value; fixed, the job resumes."""
    big = 2**70
    src = tmp_path / "in.jsonl"
    rows = [{"id": i, "text": f"Anna {i} left. She smiled.", "big": i} for i in range(4)]
    rows[2]["big"] = big
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    dest = tmp_path / "out.parquet"
    message = one_line_error(batch_cli(src, dest, "--chunk-size", "1"))
    assert message == (
        f"corefine: error: {src}: row 3, column 'big': the integer {big} does not fit in 64 "
        "bits, the widest Parquet integer: write CSV or JSON Lines, which keep it exactly, or "
        "make it a string in the input and rerun with --resume (finished chunks are kept)"
    )
    assert not dest.exists() and work_dir_of(dest).is_dir()
    assert batch_cli(src, tmp_path / "out.jsonl").returncode == 0
    assert json.loads((tmp_path / "out.jsonl").read_text("utf-8").splitlines()[2])["big"] == big
    assert batch_cli(src, tmp_path / "out.csv").returncode == 0
    assert f",{big}," in (tmp_path / "out.csv").read_text("utf-8")

    # Within a chunk, too.
    message = one_line_error(batch_cli(src, tmp_path / "whole.parquet", "--chunk-size", "10"))
    assert message.startswith(f"corefine: error: {src}: row 3, column 'big': the integer")

    rows[2]["big"] = str(big)  # no longer an integer column, so the others must be strings too
    for r in rows:
        r["big"] = str(r["big"])
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    resumed = batch_cli(src, dest, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert pq.read_table(dest).column("big").to_pylist() == ["0", "1", str(big), "3"]


def jsonl_rows(path: Path, values: list[object]) -> None:
    rows = [{"id": i, "text": f"Anna {i} left. She smiled.", "n": v} for i, v in enumerate(values)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")


def test_a_column_changing_type_is_found_when_its_chunk_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "n": 1 then "n": "one", to Parquet, one row per chunk: the job stops at row 2 (not
    after resolving every row, at the join), naming both rows; fixed, it resumes."""
    src = tmp_path / "in.jsonl"
    jsonl_rows(src, [1, "one", 3, 4, 5])
    dest = tmp_path / "out.parquet"
    message = one_line_error(batch_cli(src, dest, "--chunk-size", "1"))
    assert message == (
        f"corefine: error: {src}: row 2, column 'n': a string ('one') where row 1 has an "
        "integer (1); a Parquet column holds one type: make the column's values one type in "
        "the input and rerun with --resume (finished chunks are kept), or write CSV or JSON Lines"
    )
    assert not dest.exists() and len(list(work_dir_of(dest).glob("part-*.json"))) == 1
    again = one_line_error(batch_cli(src, dest, "--chunk-size", "1", "--resume", "--quiet"))
    assert again == message  # nothing is written that would make the error permanent

    resolved: list[object] = []
    real = batch.RowResolver.__call__

    def call(self: batch.RowResolver, text: object) -> object:
        resolved.append(text)
        return real(self, text)

    monkeypatch.setattr(batch.RowResolver, "__call__", call)
    jsonl_rows(src, [1, 2, 3, 4.5, None])  # fixed; ints and floats make floats
    summary = batch.run(src, dest, text_column="text", resolver="baseline", workers=1, resume=True)
    assert summary.resumed_rows == 1 and len(resolved) == 4
    table = pq.read_table(dest)
    assert table.schema.field("n").type == pa.float64()
    assert table.column("n").to_pylist() == [1.0, 2.0, 3.0, 4.5, None]


@pytest.mark.parametrize("chunk_size", [1, 5])
def test_type_changes_that_parquet_cannot_hold_name_their_rows(
    tmp_path: Path, chunk_size: int
) -> None:
    src = tmp_path / "in.jsonl"
    run = {"text_column": "text", "resolver": "baseline", "workers": 1, "chunk_size": chunk_size}
    jsonl_rows(src, [None, [1, 2], True])
    with pytest.raises(CorefineError) as err:
        batch.run(src, tmp_path / "a.parquet", **run)
    assert str(err.value).startswith(
        f"{src}: row 3, column 'n': true or false (true) where row 2 has a list "
        "of integers ([1, 2]); a Parquet column holds one type"
    )
    # An integer a float column cannot hold exactly (floats then ints, or ints then floats).
    jsonl_rows(src, [0.5, None, 2**53 + 1])
    with pytest.raises(CorefineError) as err:
        batch.run(src, tmp_path / "b.parquet", **run)
    assert str(err.value).startswith(f"{src}: row 3, column 'n': 9007199254740993 cannot be")
    jsonl_rows(src, [2**53 + 1, None, 0.5])
    with pytest.raises(CorefineError) as err:
        batch.run(src, tmp_path / "c.parquet", **run)
    assert str(err.value).startswith(f"{src}: row 1, column 'n': 9007199254740993 cannot be")
