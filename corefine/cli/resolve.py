"""``corefine resolve``: print the resolved text (JSON, or an HTML page) of files or stdin.

Why progress here, and only on standard error: resolving a few thousand files
takes minutes on a CPU, and a silent command looks stuck (and a CI job with no
output for long is killed). A short run stays silent, so scripts see nothing
on stderr but errors and warnings. :class:`ResolveProgress` says which display.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TextIO

import typer

from corefine.batch.progress import format_seconds
from corefine.cli.app import app
from corefine.cli.options import (
    DEFAULT_TEXT_RESOLVER,
    MinConfidence,
    ModelDir,
    Replace,
    ReplaceWhat,
    TextResolverOption,
    Threads,
)
from corefine.document import Document
from corefine.outputs import resolution_to_json
from corefine.pipeline import Pipeline
from corefine.resolvers import ResolverSettings, rewrite_policy
from corefine.rewriter import RewriteResult
from corefine.textio import read_text

if TYPE_CHECKING:
    from rich.progress import Progress

ProgressDisplay = Literal["bar", "log", "off"]
# auto: runs shorter than this show nothing; the bar appears after it.
BAR_DELAY_S = 3.0
# A plain progress line at most this often (the first after as long).
LOG_INTERVAL_S = 10.0


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def resolve(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Text files to resolve; standard input when none (or '-')."),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="Resolved text, the document JSON (one line per file), or one HTML page.",
        ),
    ] = OutputFormat.text,
    replace: Replace = ReplaceWhat.pronouns,
    min_confidence: MinConfidence = None,
    resolver: TextResolverOption = DEFAULT_TEXT_RESOLVER,
    model: ModelDir = None,
    threads: Threads = None,
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress on stderr from the first file, whatever the input and terminal, or "
            "never (default: as described above).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Replace pronouns by the entities they refer to.

    Prints the resolved text of each file (--format json: the document JSON; html: a page
    that highlights the clusters). --replace nominals also replaces descriptions
    ("the company") by a name; all, short names by their longer form. A text that does not
    look like English is resolved too, with a warning (once).

    Progress goes to stderr, never stdout, when there is more than one file and the run takes
    a while: on a terminal, a bar (files, share of the input's bytes, words/s, time left)
    from 3 seconds on, if the output goes to a file or pipe (none while it scrolls by on the
    same terminal); elsewhere (a log, CI), a line every 10 seconds. A short run prints
    nothing but its output."""
    settings = ResolverSettings(
        resolver.value,
        None if model is None else str(model),
        threads,
        replace.value,
        min_confidence,
    )
    system = Pipeline(settings.build())
    sources = [str(f) for f in files] if files else ["-"]
    pages: list[tuple[Document, RewriteResult]] = []
    shown = ResolveProgress.for_run(sources, progress)
    try:
        for source in sources:
            text = read_text(source, encoding)
            doc = system(text)
            doc.name = "" if source == "-" else Path(source).name
            result = doc.resolve(rewrite_policy(settings, doc))
            if output_format is OutputFormat.html:
                pages.append((doc, result))
            else:
                _write(doc, result, output_format)
            shown.advance(_size(source), len(text.split()))
    finally:
        shown.close()
    if pages:
        from corefine.html import documents_to_html

        sys.stdout.write(documents_to_html(pages))


def _write(doc: Document, result: RewriteResult, output_format: OutputFormat) -> None:
    """One document's output line(s), text or JSON, as soon as it is resolved."""
    if output_format is OutputFormat.json:
        sys.stdout.write(resolution_to_json(doc, result) + "\n")
    else:
        sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")


def _size(source: str) -> int:
    """The bytes of a file, the unit of progress (0 for stdin or what cannot be read)."""
    if source == "-":
        return 0
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def progress_display(forced: bool | None, n_sources: int) -> ProgressDisplay:
    """Which progress ``resolve`` shows (``forced``: ``--progress`` / ``--no-progress``).

    A bar only where it cannot garble the output: stderr is a terminal and stdout
    is not. By default one text shows none (it is one model call, with nothing
    to count), nor does a run whose output scrolls on the same terminal.
    """
    if forced is False:
        return "off"
    stderr_tty, stdout_tty = sys.stderr.isatty(), sys.stdout.isatty()
    if forced is None and (n_sources < 2 or (stderr_tty and stdout_tty)):
        return "off"
    return "bar" if stderr_tty and not stdout_tty else "log"


class ResolveProgress:
    """Files resolved so far, on stderr: a bar, a line every :data:`LOG_INTERVAL_S`, or nothing.

    The fraction done and the time left are in bytes of input, so a run of
    uneven files is estimated honestly. ``delay``: seconds before anything is
    shown, so that short runs stay silent.
    """

    def __init__(
        self,
        display: ProgressDisplay,
        sizes: list[int],
        delay: float = 0.0,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.display = display
        self.total_files, self.total_bytes = len(sizes), sum(sizes)
        self.files = self.bytes = self.words = 0
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = self._last_line = clock()
        self.lines = 0
        self._bar: Progress | None = None

    @classmethod
    def for_run(cls, sources: list[str], forced: bool | None) -> ResolveProgress:
        display = progress_display(forced, len(sources))
        delay = 0.0 if forced else (BAR_DELAY_S if display == "bar" else LOG_INTERVAL_S)
        return cls(display, [_size(s) for s in sources], delay)

    def advance(self, size: int, words: int) -> None:
        """One more file done, of ``size`` bytes and ``words`` words."""
        self.files += 1
        self.bytes += size
        self.words += words
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.display == "bar":
            self._update_bar()
        elif self.display == "log" and (not self.lines or now - self._last_line >= LOG_INTERVAL_S):
            self._last_line = now
            self._line(self.status())

    def status(self) -> str:
        """``12/1,000 files (3%), 1,234 words/s, about 4 min 05 s left``."""
        parts = [self._done(), f"{self._words_per_second():,.0f} words/s"]
        left = self._seconds_left()
        if left is not None:
            parts.append(f"about {format_seconds(left)} left")
        return ", ".join(parts)

    def close(self) -> None:
        """Stop the bar; in a log, a last line if any was written, so the end is visible."""
        if self._bar is not None:
            self._bar.stop()
        if self.lines:
            self._line(f"{self._done()} done in {format_seconds(self._elapsed())}")

    def _done(self) -> str:
        done = f"{self.files:,}/{self.total_files:,} files"
        if self.total_bytes:
            done += f" ({min(self.bytes / self.total_bytes, 1.0):.0%})"
        return done

    def _elapsed(self) -> float:
        return self.clock() - self.started

    def _words_per_second(self) -> float:
        elapsed = self._elapsed()
        return self.words / elapsed if elapsed > 0 else 0.0

    def _seconds_left(self) -> float | None:
        elapsed = self._elapsed()
        if self.total_bytes:
            done, total = self.bytes, self.total_bytes
        else:
            done, total = self.files, self.total_files
        if done <= 0 or elapsed <= 0:
            return None
        return max(total - done, 0) * elapsed / done

    def _line(self, text: str) -> None:
        self.lines += 1
        print(f"corefine: resolve: {text}", file=self.stream, flush=True)

    def _update_bar(self) -> None:
        if self._bar is None:
            self._bar = _start_bar(self.total_bytes or self.total_files)
        self._bar.update(
            self._bar.task_ids[0],
            completed=self.bytes if self.total_bytes else self.files,
            files=f"{self.files:,}/{self.total_files:,}",
            wps=self._words_per_second(),
        )


def _start_bar(total: int) -> Progress:
    """A rich bar on stderr; stdout is left alone (rich would reroute it onto stderr)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("corefine resolve"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[files]} files · {task.fields[wps]:,.0f} words/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        redirect_stdout=False,
    )
    bar.add_task("resolve", total=total, files="", wps=0.0)
    bar.start()
    return bar
