"""``corefine resolve`` (text, json, html) and ``evaluate`` with ``--model``, end to end."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

import corefine
from corefine.cli.resolve import LOG_INTERVAL_S, ResolveProgress, progress_display

TEXT = (
    "Louis Marinelli, the leader of the Yes California campaign, said he would leave. "
    "His wife teaches English in Yekaterinburg, where she has lived for years."
)
NASTY = (
    'Ben wrote <script>alert("x")</script> & left. Then he said "R&D <b>rocks</b>" to Anna, '
    "and she laughed at him."
)


def corefine_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def resolve_ok(model_dir: Path, *args: str, stdin: str | None = None) -> str:
    proc = corefine_cli("resolve", "--model", str(model_dir), "--threads", "1", *args, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_resolve_text_and_json_agree_with_the_python_api(model_dir: Path) -> None:
    doc = corefine.load(model_dir, threads=1)(TEXT)
    assert resolve_ok(model_dir, stdin=TEXT) == doc.resolved_text + "\n"
    out = resolve_ok(model_dir, "--format", "json", "--replace", "all", stdin=TEXT)
    assert json.loads(out) == json.loads(doc.to_json(replace="all"))


def test_resolve_json_one_line_per_file(model_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(NASTY, encoding="utf-8")
    lines = resolve_ok(model_dir, str(a), str(b), "--format", "json").splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["name"] for d in docs] == ["a.txt", "b.txt"]
    assert [d["text"] for d in docs] == [TEXT, NASTY]
    for d in docs:
        for cluster in d["clusters"]:
            assert 0.0 <= cluster["confidence"] <= 1.0
            for m in cluster["mentions"]:
                assert d["text"][m["start"] : m["end"]] == m["text"]


class _Page(HTMLParser):
    """Collects a page's text content, element nesting errors and resource links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.div = 0
        self.divs: list[str] = []
        self.scripts = 0
        self.links: list[str] = []
        self.titles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta",):
            return
        self.stack.append(tag)
        values = dict(attrs)
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag == "script":
            self.scripts += 1
        if tag == "div":
            self.divs.append("")
        if tag == "span" and values.get("title"):
            self.titles.append(values["title"] or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)

    def handle_data(self, data: str) -> None:
        if "div" in self.stack:
            self.divs[-1] += data


def parse_page(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser


def test_resolve_html_escapes_the_text_and_is_standalone(model_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b&c.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(NASTY, encoding="utf-8")
    page = resolve_ok(model_dir, str(a), str(b), "--format", "html")
    assert page.count("<!DOCTYPE html>") == 1 and page.count("<section>") == 2
    assert "<script>alert" not in page and "<b>rocks" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; left" in page
    assert "<h2>b&amp;c.txt</h2>" in page
    parsed = parse_page(page)
    assert parsed.scripts == 1 and parsed.links == []  # no external resources
    docs = [
        json.loads(line)
        for line in resolve_ok(model_dir, str(a), str(b), "-f", "json").split("\n")
        if line
    ]
    # per file: the original text, then the resolved text, each intact once tags are removed
    assert parsed.divs == [
        docs[0]["text"],
        docs[0]["resolved_text"],
        NASTY,
        docs[1]["resolved_text"],
    ]
    n_mentions = sum(len(c["mentions"]) for d in docs for c in d["clusters"])
    assert sum(t.startswith("cluster ") and "confidence" in t for t in parsed.titles) >= n_mentions


def test_model_option_errors(tmp_path: Path) -> None:
    proc = corefine_cli("resolve", "--model", str(tmp_path), stdin=TEXT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert str(tmp_path) in proc.stderr and "lacks" in proc.stderr
    proc = corefine_cli("resolve", "--resolver", "baseline", "--model", str(tmp_path), stdin=TEXT)
    assert proc.returncode == 2 and "model" in proc.stderr
    proc = corefine_cli("resolve", "--threads", "0", stdin=TEXT)
    assert proc.returncode == 2


def test_evaluate_with_model(model_dir: Path) -> None:
    corpus = Path(__file__).parents[1] / "data" / "conll2012" / "two_docs.conll"
    proc = corefine_cli(
        "evaluate",
        str(corpus),
        "--format",
        "conll",
        "--model",
        str(model_dir),
        "--threads",
        "1",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["docs"] == 2
    for metric in ("muc", "b3", "ceafe", "lea"):
        assert 0.0 <= scores[metric]["f1"] <= 100.0


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_resolve_baseline_formats(fmt: str) -> None:
    """The other resolvers still run with every format (no model needed)."""
    proc = corefine_cli("resolve", "--resolver", "baseline", "--format", fmt, stdin=NASTY)
    assert proc.returncode == 0, proc.stderr
    assert "<script>alert" not in proc.stdout if fmt == "html" else NASTY[:20] in proc.stdout


FRENCH = (
    "Le président a dit qu'il viendra demain avec sa femme. Elle est très contente de le voir, "
    "et ils iront ensemble au marché pour acheter des légumes et du pain frais."
)


def test_resolve_warns_once_on_text_that_is_not_english(tmp_path: Path) -> None:
    """The model is English-only: another language is resolved, with one warning line."""
    french, english = tmp_path / "fr.txt", tmp_path / "en.txt"
    french.write_text(FRENCH, encoding="utf-8")
    english.write_text(TEXT, encoding="utf-8")
    proc = corefine_cli("resolve", "--resolver", "baseline", str(french), str(french))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (FRENCH + "\n") * 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("corefine: warning: this text does not look")
    assert "English-only" in lines[0]
    quiet = corefine_cli("resolve", "--resolver", "baseline", str(english))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_help_lists_each_command_on_one_line_and_rewraps_paragraphs() -> None:
    """Each command's summary is one sentence on its own line of ``corefine --help``,
    and a command's longer help is rewrapped to the terminal, not broken where the
    docstring's source lines break ("viewer" alone on a line)."""
    proc = corefine_cli("--help")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for command in ("batch", "evaluate", "resolve", "score", "serve"):
        row = next(line for line in lines if line.split()[:1] == [command])
        assert row.rstrip().endswith(".") and not row.rstrip().endswith("..."), row
    proc = corefine_cli("serve", "--help")
    assert proc.returncode == 0, proc.stderr
    help_text = " ".join(proc.stdout.split())
    assert "GET /healthz and /metrics, and the viewer at GET /." in help_text
    assert all(line.strip() != "at GET /." for line in proc.stdout.splitlines())


def test_version() -> None:
    proc = corefine_cli("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"corefine {corefine.__version__}\n"


def test_resolve_offers_only_the_resolvers_it_runs() -> None:
    """``gold`` needs annotated documents (``evaluate``): ``resolve`` neither lists it
    in its help nor in the message for an unknown resolver."""
    proc = corefine_cli("resolve", "--help")
    assert proc.returncode == 0, proc.stderr
    assert "<model|baseline>" in proc.stdout and "gold" not in proc.stdout
    for name in ("gold", "x"):
        proc = corefine_cli("resolve", "--resolver", name, stdin=TEXT)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert "'model', 'baseline'" in proc.stderr
        assert proc.stderr.count("gold") == (name == "gold")  # the value given, not a choice


def two_files(tmp_path: Path) -> list[str]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(TEXT + " " + TEXT, encoding="utf-8")
    return [str(a), str(b)]


def test_resolve_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    """A short run prints nothing on stderr; --progress gives plain lines there, never on
    stdout; --no-progress nothing."""
    files = two_files(tmp_path)
    quiet = corefine_cli("resolve", "--resolver", "baseline", *files)
    assert quiet.returncode == 0 and quiet.stderr == ""
    shown = corefine_cli("resolve", "--resolver", "baseline", "--progress", *files)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == quiet.stdout
    lines = shown.stderr.splitlines()
    assert lines[0].startswith("corefine: resolve: 1/2 files (33%), ") and "words/s" in lines[0]
    assert re.fullmatch(r"corefine: resolve: 2/2 files \(100%\) done in \d+ s", lines[-1])
    off = corefine_cli("resolve", "--resolver", "baseline", "--no-progress", *files)
    assert off.returncode == 0 and off.stderr == "" and off.stdout == quiet.stdout


def test_resolve_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """stderr on a terminal, stdout redirected: a bar on stderr, the output intact."""
    master, slave = pty.openpty()
    seen = bytearray()

    def read_terminal() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    files = two_files(tmp_path)
    command = ["resolve", "--resolver", "baseline", "--progress", *files]
    with subprocess.Popen(
        [sys.executable, "-m", "corefine", *command],
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
    ) as proc:
        os.close(slave)
        out, _ = proc.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    assert proc.returncode == 0
    assert out == corefine_cli("resolve", "--resolver", "baseline", *files).stdout
    shown = seen.decode("utf-8", "replace")
    assert "corefine resolve" in shown and "2/2 files" in shown and "100%" in shown


@pytest.mark.parametrize(
    ("forced", "n_sources", "stderr_tty", "stdout_tty", "display"),
    [
        (None, 1, False, False, "off"),  # one text: nothing to count
        (None, 5, False, False, "log"),
        (None, 5, True, False, "bar"),
        (None, 5, True, True, "off"),  # the output scrolls on the same terminal
        (True, 1, True, True, "log"),
        (True, 5, True, False, "bar"),
        (False, 5, True, False, "off"),
    ],
)
def test_which_progress(
    monkeypatch: pytest.MonkeyPatch,
    forced: bool | None,
    n_sources: int,
    stderr_tty: bool,
    stdout_tty: bool,
    display: str,
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: stderr_tty)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: stdout_tty)
    assert progress_display(forced, n_sources) == display


def test_progress_lines_wait_for_a_long_run_and_estimate_by_bytes() -> None:
    now = [0.0]
    stream = io.StringIO()
    shown = ResolveProgress(
        "log", [100, 300, 600], delay=LOG_INTERVAL_S, stream=stream, clock=lambda: now[0]
    )
    now[0] = 5.0
    shown.advance(100, 1_000)
    assert stream.getvalue() == ""  # a run shorter than the interval says nothing
    now[0] = 20.0
    shown.advance(300, 3_000)
    assert stream.getvalue() == (
        "corefine: resolve: 2/3 files (40%), 200 words/s, about 30 s left\n"
    )
    now[0] = 25.0
    shown.advance(600, 6_000)
    assert stream.getvalue().count("\n") == 1  # at most one line per interval
    shown.close()
    assert stream.getvalue().splitlines()[-1] == "corefine: resolve: 3/3 files (100%) done in 25 s"
