"""The model inside the package (``fast``): present, within budget, documented, and working;
and loading with no name (the default model) resolves a paragraph."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import corefine
from corefine.errors import CorefineError
from corefine.resolvers.model import BUILTIN_MODEL_DIR, locate_model
from corefine.tokenizer import make_document

PARAGRAPH = (
    "Louis Marinelli, the leader of the Yes California campaign, says he will leave the "
    "United States for good. He is married to a Russian woman and has lived in "
    "Yekaterinburg, where his wife teaches English."
)


def test_the_shipped_model_is_complete_and_within_the_size_budget() -> None:
    directory, model_file = locate_model("fast")
    assert directory == BUILTIN_MODEL_DIR
    files = [directory / model_file, directory / "tokenizer.json", directory / "config.json"]
    total = sum(f.stat().st_size for f in files)
    assert total <= 60 * 2**20, f"model files take {total / 2**20:.1f} MB, over 60 MB"


def test_the_model_card_names_data_command_and_scores() -> None:
    card = (BUILTIN_MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in ("OntoGUM", "CC-BY", "python -m training.train", "CoNLL F1", "words/s"):
        assert needed in card, needed
    config = json.loads((BUILTIN_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    # its replacement decision, fitted across corpora, whose threshold is the default
    decision = config["extra"]["decision"]
    assert 0.5 <= decision["threshold"] < 1.0
    assert set(decision["weights"]) == set(decision["features"])


def test_load_without_a_path_resolves_a_paragraph() -> None:
    nlp = corefine.load(threads=1)
    doc = nlp(PARAGRAPH)
    doc.validate()
    marinelli = next(c for c in doc.clusters if any(m.text == "he" for m in c.mentions))
    assert {"he", "He", "his"} <= {m.text for m in marinelli.mentions}
    result = doc.resolve(min_confidence=0.0)
    (his,) = [r for r in result.replacements if r.original == "his"]
    # "his" is replaced by a possessive copied from the Marinelli noun phrase (the name or
    # its apposition: both are him), never by another pronoun
    subject = PARAGRAPH.index(", says")
    assert 0 <= his.source_start < his.source_end <= subject
    assert his.replacement.endswith("'s") and "his" not in his.replacement
    assert "where his wife" not in result.text


def test_the_shipped_model_reads_a_mask_where_a_word_was_stripped() -> None:
    """News corpora strip hyphenated words to runs of spaces; the encoder reads ``[MASK]``
    there (corefine.model.alignment), and the clusters keep the text's own offsets."""
    nlp = corefine.load("fast", threads=1)
    resolver = nlp.resolver
    mask = resolver.tokenizer.token_to_id("[MASK]")
    stripped = PARAGRAPH.replace("the leader", "the   leader")
    inputs, _ = resolver.raw_outputs(make_document(stripped))
    assert (inputs.batch.input_ids == mask).sum() == 1
    clean, _ = resolver.raw_outputs(make_document(PARAGRAPH))
    assert not (clean.batch.input_ids == mask).any()
    doc = nlp(stripped)
    doc.validate()
    assert {"he", "He", "his"} <= {m.text for c in doc.clusters for m in c.mentions}


def test_a_removed_word_token_the_tokenizer_lacks_is_a_corefine_error_at_load(
    tmp_path: Path,
) -> None:
    for f in ("model.int8.onnx", "tokenizer.json"):
        (tmp_path / f).symlink_to(BUILTIN_MODEL_DIR / f)
    config = json.loads((BUILTIN_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    config["removed_word_token"] = "<gap>"
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(CorefineError, match=r"'<gap>' is not in tokenizer\.json"):
        corefine.load(tmp_path)


def test_the_wheel_carries_the_model(tmp_path: Path) -> None:
    """``pip install .`` must give a working model offline: the files must be in the wheel."""
    repo = Path(__file__).resolve().parents[2]
    src = tmp_path / "src"  # build from a copy: building writes build/ and egg-info
    shutil.copytree(
        repo / "corefine", src / "corefine", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("corefine-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    _, model_file = locate_model("fast")
    for f in (model_file, "tokenizer.json", "config.json", "MODEL_CARD.md", "NOTICE.md"):
        assert f"corefine/model/assets/{f}" in names, f


class _WithoutAnaphorsInput:
    """The shipped session as a graph exported before ``anaphors`` existed: it has no
    such input and scores every word."""

    def __init__(self, session: object) -> None:
        self.session = session
        self.fed: list[set[str]] = []

    def get_inputs(self) -> list[object]:
        return [i for i in self.session.get_inputs() if i.name != "anaphors"]  # type: ignore[attr-defined]

    def run(self, names: list[str], feed: dict[str, object]) -> list[object]:
        import numpy as np

        self.fed.append(set(feed))
        n = len(feed["shape_ids"])  # type: ignore[arg-type]
        every = {**feed, "anaphors": np.arange(n, dtype=np.int64)}
        return self.session.run(names, every)  # type: ignore[attr-defined]


def test_the_shipped_graph_scores_antecedents_of_candidate_words_only() -> None:
    """The graph takes the words to score; its rows come back one per word, and a graph
    without that input (an older export) is fed without it and decodes the same."""
    from corefine.resolvers.model import OnnxCorefResolver

    resolver = OnnxCorefResolver("fast", threads=1)
    assert "anaphors" in {i.name for i in resolver.session.get_inputs()}
    doc = make_document(
        "Anna met Ben in Paris. She told him that the city was hers, and he laughed at it."
    )
    inputs, (top, probs, *_) = resolver.raw_outputs(doc)
    n = len(doc.tokens)
    assert len(inputs.anaphors) < n and top.shape[0] == n and probs.shape[0] == n
    skipped = sorted(set(range(n)) - set(inputs.anaphors.tolist()))
    assert probs[skipped, 0].tolist() == [1.0] * len(skipped)
    clusters = resolver.predict(doc)
    assert any(len(c.mentions) >= 2 for c in clusters)

    older = _WithoutAnaphorsInput(resolver.session)
    resolver.session = older  # type: ignore[assignment]
    same = resolver.predict(doc)
    assert older.fed and all("anaphors" not in fed for fed in older.fed)
    assert [[(m.start, m.end) for m in c.mentions] for c in same] == [
        [(m.start, m.end) for m in c.mentions] for c in clusters
    ]
