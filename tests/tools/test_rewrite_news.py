"""tools/rewrite_news.py: the rewriter's replacements on saved model output."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tools.rewrite_news import NEWS, main


def test_saved_clusters_list_what_resolve_replaces(
    model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "news.json"
    assert main(["cache", str(saved), "--articles", "0:2", "--model", str(model_dir)]) == 0
    assert main(["list", str(saved)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines, "two news articles resolve to no replacement at all"
    with NEWS.open(encoding="utf-8", newline="") as f:
        texts = {row["id"]: row["text"] for row in list(csv.DictReader(f))[:2]}
    for line in lines:
        article, offset, shown = line.split("\t")
        original = shown.split("[[", 1)[1].split(" => ", 1)[0]
        assert texts[article][int(offset) :].startswith(original)
    # the same clusters through the pipeline's own rewriting: the same replacements
    import corefine

    nlp = corefine.load(model_dir)
    expected = [
        (article, r.start, r.replacement)
        for article, text in texts.items()
        for r in nlp(text).resolve().replacements
    ]
    listed = [
        (line.split("\t")[0], int(line.split("\t")[1]), line.split(" => ", 1)[1].split("]]")[0])
        for line in lines
    ]
    assert listed == expected


def test_a_stricter_policy_lists_fewer(
    model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "news.json"
    main(["cache", str(saved), "--articles", "0:2", "--model", str(model_dir)])
    capsys.readouterr()
    main(["list", str(saved), "--min-confidence", "0"])
    loose = capsys.readouterr().out.splitlines()
    main(["list", str(saved)])  # the model's own threshold
    strict = capsys.readouterr().out.splitlines()
    assert 0 < len(strict) < len(loose)
