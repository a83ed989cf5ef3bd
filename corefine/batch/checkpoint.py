"""The work directory that makes a batch job resumable and its output exactly-once.

``OUTPUT.corefine-parts/`` beside the output holds

- ``manifest.json``: the input's identity (size and a hash of its first and
  last MiB) and every setting the output depends on; a resumed run must have
  the same settings, or it would mix the rows of two different jobs;
- ``part-NNNNNN.<ext>``: the output rows of chunk ``NNNNNN``, and
  ``part-NNNNNN.json``: that chunk's counts, columns and a hash of its input
  rows. Both are written to a temporary name, flushed and renamed
  (``os.replace``), the record last, so a chunk is either done (record
  present) or not done at all, whatever moment the job is killed at;
- ``rows-NNNNNN.json``: the results of the first rows of a chunk that Ctrl-C
  stopped, so that ``--resume`` resolves only the rest of it.

If the input has changed since (a bad row was fixed), a resumed run compares
each finished chunk's hash with the chunk as it reads now and redoes the
chunks that differ: the output is still the one an uninterrupted run on the
input as it is writes, and the unchanged chunks are not resolved again.

When every chunk is done the parts are joined, in order, into the output
(again via a temporary file and a rename) and the directory is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corefine.batch.rows import RowResult
from corefine.errors import CorefineError

WORK_DIR_SUFFIX = ".corefine-parts"
MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
LOCK = "lock"
_SAMPLE_BYTES = 1 << 20
# How settings are spelled on the command line, for "cannot resume" messages.
OPTION_NAMES = {
    "text_column": "--text-column",
    "id_column": "--id-column",
    "input_format": "--input-format",
    "output_format": "--format",
    "chunk_size": "--chunk-size",
    "resolver": "--resolver",
    "model": "--model",
    "model_fingerprint": "the model's files",
    "replace": "--replace",
    "min_confidence": "--min-confidence",
    "corefine_version": "the corefine version",
}


def work_dir_of(output: Path) -> Path:
    """``OUTPUT.corefine-parts`` beside ``output``."""
    return output.with_name(output.name + WORK_DIR_SUFFIX)


def file_fingerprint(path: Path) -> tuple[int, str]:
    """Size and SHA-256 of the first and last MiB of ``path``.

    Why not the modification time: copying or touching a file changes it
    without changing the rows; why not a hash of everything: inputs can be
    many gigabytes. Size catches appended or truncated files, the samples
    catch rewritten ones.
    """
    size = path.stat().st_size
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        digest.update(f.read(_SAMPLE_BYTES))
        if size > _SAMPLE_BYTES:
            f.seek(max(_SAMPLE_BYTES, size - _SAMPLE_BYTES))
            digest.update(f.read(_SAMPLE_BYTES))
    return size, digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What a job is: its input (path, size, sample hash) and its settings."""

    input_path: str
    input_size: int
    input_sha256: str
    settings: dict[str, Any]
    version: int = MANIFEST_VERSION

    @classmethod
    def for_input(cls, path: Path, settings: dict[str, Any]) -> Manifest:
        size, digest = file_fingerprint(path)
        return cls(str(path.resolve()), size, digest, dict(settings))

    def refusal(self, earlier: Manifest) -> str | None:
        """Why a run with this manifest cannot continue ``earlier``'s work, or ``None``.

        A changed input is no reason: the runner then checks every finished chunk
        against it (:meth:`same_input`).
        """
        if earlier.version != self.version:
            return f"the work directory has manifest version {earlier.version}"
        for key in dict.fromkeys([*OPTION_NAMES, *self.settings, *earlier.settings]):
            now, then = self.settings.get(key), earlier.settings.get(key)
            if now != then:
                name = OPTION_NAMES.get(key, key)
                return f"{name} is {now!r} but the interrupted run used {then!r}"
        return None

    def same_input(self, earlier: Manifest) -> bool:
        """Is the input (size and sampled hash) the file ``earlier`` read?"""
        return (earlier.input_size, earlier.input_sha256) == (self.input_size, self.input_sha256)


@dataclass
class PartRecord:
    """A finished chunk: its row counts, progress units and input columns.

    ``errors``: the first few failed rows, as ``row N (id=X): message``.
    ``not_english``: resolved rows whose text does not look like English (records
    of older runs lack it: 0). ``input_sha256``: the chunk's
    :attr:`~corefine.batch.readers.Chunk.fingerprint` (older records lack it: such a
    chunk is redone if the input has changed).
    """

    index: int
    rows: int
    resolved: int
    empty: int
    failed: int
    words: int
    units: int
    columns: list[str]
    errors: list[str] = field(default_factory=list)
    not_english: int = 0
    input_sha256: str = ""


@dataclass
class SavedRows:
    """The results of the first rows of chunk ``index``, whose input had ``input_sha256``."""

    index: int
    input_sha256: str
    results: list[RowResult]

    def to_json(self) -> str:
        rows = [[*r.values(), r.words, r.empty] for r in self.results]
        return json.dumps({"index": self.index, "input_sha256": self.input_sha256, "rows": rows})

    @classmethod
    def from_json(cls, text: str) -> SavedRows:
        data = json.loads(text)
        results = [RowResult(*row) for row in data["rows"]]
        return cls(int(data["index"]), str(data["input_sha256"]), results)


class WorkDir:
    """``OUTPUT.corefine-parts``: the manifest, finished parts and their records."""

    def __init__(self, output: Path):
        self.output = output
        self.path = work_dir_of(output)
        self._lock_fd: int | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def part_path(self, index: int, extension: str) -> Path:
        return self.path / f"part-{index:06d}{extension}"

    def temp_path(self, name: str) -> Path:
        """A path to write ``name`` to before renaming it into place."""
        return self.path / f".{name}.tmp"

    def rows_path(self, index: int) -> Path:
        return self.path / f"rows-{index:06d}.json"

    @contextlib.contextmanager
    def locked(self) -> Iterator[WorkDir]:
        """Create the directory and hold its lock, so two jobs never write one output."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise CorefineError(
                f"cannot create the work directory: {err.strerror or err}", self.path
            ) from None
        try:
            _try_lock(fd, self.path)
            self._lock_fd = fd
            yield self
        finally:
            self._lock_fd = None
            os.close(fd)

    def read_manifest(self) -> Manifest | None:
        """The manifest, or ``None`` if the job was stopped before writing it."""
        path = self.path / MANIFEST
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Manifest(**data)
        except (OSError, ValueError, TypeError) as err:
            raise CorefineError(
                f"cannot read the checkpoint manifest ({err}); use --overwrite to start over", path
            ) from None

    def start(self, manifest: Manifest) -> None:
        """Forget any earlier work and record ``manifest``."""
        for entry in self.path.iterdir():
            if entry.name == LOCK:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        self._write_atomic(MANIFEST, json.dumps(asdict(manifest), indent=1))

    def records(self, extension: str) -> dict[int, PartRecord]:
        """The finished chunks by index; leftovers of an unfinished write are deleted.

        ``extension``: the part files' (a record whose part is gone is not done).
        """
        done: dict[int, PartRecord] = {}
        for entry in self.path.iterdir():
            if entry.name.endswith(".tmp"):
                entry.unlink()
            elif entry.name.startswith("part-") and entry.suffix == ".json":
                try:
                    record = PartRecord(**json.loads(entry.read_text(encoding="utf-8")))
                except (OSError, ValueError, TypeError) as err:
                    raise CorefineError(
                        f"damaged checkpoint record ({err}); use --overwrite to start over", entry
                    ) from None
                if self.part_path(record.index, extension).is_file():
                    done[record.index] = record
        return done

    def commit(self, record: PartRecord, part_temp: Path, extension: str) -> None:
        """Move a written part into place, then its record: the chunk is done."""
        os.replace(part_temp, self.part_path(record.index, extension))
        self._write_atomic(f"part-{record.index:06d}.json", json.dumps(asdict(record)))
        self.rows_path(record.index).unlink(missing_ok=True)

    def save_rows(self, saved: SavedRows) -> None:
        """Keep the results of an unfinished chunk's first rows (Ctrl-C)."""
        self._write_atomic(self.rows_path(saved.index).name, saved.to_json())

    def saved_rows(self) -> dict[int, SavedRows]:
        """The rows kept of unfinished chunks, by chunk index."""
        saved: dict[int, SavedRows] = {}
        for entry in self.path.glob("rows-*.json"):
            try:
                rows = SavedRows.from_json(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError, KeyError) as err:
                raise CorefineError(
                    f"damaged checkpoint rows ({err}); use --overwrite to start over", entry
                ) from None
            saved[rows.index] = rows
        return saved

    def remove(self) -> None:
        shutil.rmtree(self.path)

    def _write_atomic(self, name: str, text: str) -> None:
        temp = self.temp_path(name)
        with open(temp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, self.path / name)


def _try_lock(fd: int, path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, run one job per output
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise CorefineError(
            "another corefine batch is writing this output (its work directory is locked)", path
        ) from None
