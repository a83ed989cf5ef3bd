"""The model package without a trained model: config files, lazy imports, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from corefine.errors import CorefineError
from corefine.model.config import ModelConfig


def test_config_round_trips_and_keeps_unknown_keys(tmp_path: Path) -> None:
    config = ModelConfig(stride=256, top_k=30)
    path = tmp_path / "config.json"
    config.to_json(path)
    assert ModelConfig.from_json(path) == config
    data = json.loads(path.read_text())
    data["future_setting"] = 1
    path.write_text(json.dumps(data))
    loaded = ModelConfig.from_json(path)
    assert loaded.stride == 256 and loaded.extra == {"future_setting": 1}


def test_genre_ids() -> None:
    config = ModelConfig()
    assert config.genre_id("news") == config.genres.index("news")
    assert config.genre_id(None) == config.genre_id(config.default_genre)
    assert config.genre_id("reddit") == 0


def test_importing_the_package_needs_neither_torch_nor_onnxruntime() -> None:
    code = (
        "import sys, corefine.model, corefine.model.predictor, corefine.model.decode;"
        "bad = [m for m in ('torch', 'onnxruntime', 'tokenizers') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_missing_model_directory_is_a_corefine_error(tmp_path: Path) -> None:
    from corefine.model.predictor import OnnxCorefResolver

    with pytest.raises(CorefineError, match=r"lacks model\.onnx"):
        OnnxCorefResolver(tmp_path)


def test_real_tokenizer_alignment_on_messy_text() -> None:
    """With the real MiniLM tokenizer shipped in the package: offsets survive lowercasing."""
    import corefine.model
    from corefine.model.alignment import align_words
    from corefine.model.predictor import load_tokenizer
    from corefine.tokenizer import make_document

    tok = load_tokenizer(Path(corefine.model.__file__).parent / "assets" / "tokenizer.json")
    text = "Former    marriage opponent “Rob Portman”\u00a0said he’d vote,\u200b ÉCOLE 🙂 https://t.co/x"
    doc = make_document(text)
    pieces = align_words(tok, doc.tokens)
    assert np.all(pieces.word_end > pieces.word_start)
    owner = pieces.word_of_subword()
    for s, (a, b) in enumerate(pieces.char_spans):
        t = doc.tokens[owner[s]]
        assert t.start <= a <= b <= t.end
