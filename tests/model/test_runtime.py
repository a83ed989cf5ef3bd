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
        "import sys, corefine.model, corefine.resolvers.model, corefine.model.decode;"
        "bad = [m for m in ('torch', 'onnxruntime', 'tokenizers') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_missing_model_directory_is_a_corefine_error(tmp_path: Path) -> None:
    from corefine.resolvers.model import OnnxCorefResolver

    with pytest.raises(CorefineError, match=r"lacks model\.onnx"):
        OnnxCorefResolver(tmp_path)


@pytest.mark.parametrize("margin", ["0.5", 0, -1, True, None])
def test_a_bad_pronoun_margin_is_a_corefine_error_at_load(tmp_path: Path, margin: object) -> None:
    from corefine.resolvers.model import OnnxCorefResolver

    model = _model_dir(tmp_path / "m", "model.onnx", config={"pronoun_margin": margin})
    with pytest.raises(CorefineError, match="pronoun_margin must be a positive number"):
        OnnxCorefResolver(model)


@pytest.mark.parametrize("data", [{"a": 0, "b": 1}, {"a": 1}, "0.4,0.2"])
def test_a_bad_calibration_in_a_model_config_is_a_corefine_error_at_load(
    tmp_path: Path, data: object
) -> None:
    from corefine.resolvers.model import OnnxCorefResolver

    model = _model_dir(tmp_path / "m", "model.onnx", config={"calibration": data})
    with pytest.raises(CorefineError, match="bad calibration"):
        OnnxCorefResolver(model)


def test_real_tokenizer_alignment_on_messy_text() -> None:
    """With the real MiniLM tokenizer shipped in the package: offsets survive lowercasing."""
    import corefine.model
    from corefine.model.alignment import align_words, load_tokenizer
    from corefine.tokenizer import make_document, read_words

    tok = load_tokenizer(Path(corefine.model.__file__).parent / "assets" / "tokenizer.json")
    text = "Former    marriage opponent “Rob Portman”\u00a0said he’d vote,\u200b ÉCOLE 🙂 https://t.co/x"
    doc = make_document(text)
    pieces = align_words(tok, doc.tokens, read_words(text, doc.tokens))
    assert np.all(pieces.word_end > pieces.word_start)
    owner = pieces.word_of_subword()
    for s, (a, b) in enumerate(pieces.char_spans):
        t = doc.tokens[owner[s]]
        assert t.start <= a <= b <= t.end


def _model_dir(path: Path, *graphs: str, config: dict | None = None) -> Path:
    path.mkdir(exist_ok=True)
    for name in (*graphs, "tokenizer.json"):
        (path / name).write_bytes(b"")
    ModelConfig(extra=config or {}).to_json(path / "config.json")
    return path


def test_locate_model_prefers_int8_then_fp32(tmp_path: Path) -> None:
    from corefine.resolvers.model import locate_model

    both = _model_dir(tmp_path / "both", "model.onnx", "model.int8.onnx")
    assert locate_model(both) == (both, "model.int8.onnx")
    fp32 = _model_dir(tmp_path / "fp32", "model.onnx")
    assert locate_model(fp32) == (fp32, "model.onnx")
    assert locate_model(both, "model.onnx") == (both, "model.onnx")
    assert locate_model(both / "model.onnx") == (both, "model.onnx")


def test_locate_model_follows_config_model_file(tmp_path: Path) -> None:
    from corefine.resolvers.model import locate_model

    chosen = _model_dir(
        tmp_path / "chosen", "model.onnx", "model.int8.onnx", config={"model_file": "model.onnx"}
    )
    assert locate_model(chosen) == (chosen, "model.onnx")
    absent = _model_dir(tmp_path / "absent", "model.onnx", config={"model_file": "other.onnx"})
    with pytest.raises(CorefineError, match=r"lacks other\.onnx"):
        locate_model(absent)
    (absent / "config.json").write_text("{not json")
    with pytest.raises(CorefineError, match="not a valid model config"):
        locate_model(absent)


def test_locate_model_names_what_is_missing(tmp_path: Path) -> None:
    from corefine.resolvers.model import locate_model

    (tmp_path / "model.int8.onnx").write_bytes(b"")
    with pytest.raises(CorefineError) as err:
        locate_model(tmp_path)
    message = str(err.value)
    assert str(tmp_path) in message and "tokenizer.json, config.json" in message
    assert "model.onnx" not in message.replace("model.int8.onnx", "")


@pytest.mark.parametrize("decoded_as", ["latin-1", "cp1252"])
def test_utf8_read_as_a_single_byte_encoding_reaches_the_encoder_as_the_clean_text(
    decoded_as: str,
) -> None:
    """ "Hillaryâ€™s" (UTF-8 decoded as Windows-1252) gives the subwords of "Hillary’s"."""
    import corefine.model
    from corefine.model.alignment import align_words, load_tokenizer
    from corefine.tokenizer import make_document, read_words

    tok = load_tokenizer(Path(corefine.model.__file__).parent / "assets" / "tokenizer.json")
    clean = "Hillary’s ‘plan’ – 5 € for a café in Zürich\u00a0😀"  # no ”: see the tokenizer test
    garbled = clean.encode("utf-8").decode(decoded_as)

    def subwords(text: str) -> list[int]:
        doc = make_document(text)
        return align_words(tok, doc.tokens, read_words(text, doc.tokens)).ids.tolist()

    assert subwords(garbled) == subwords(clean)


# -- the words antecedents are scored for ------------------------------------------------


def test_anaphor_words_skip_punctuation_and_function_words_only() -> None:
    from corefine.model.features import anaphor_words
    from corefine.tokenizer import tokenize

    text = (
        "In May, the will of the people was that Will and his aides would not go to it: "
        "they are, as this shows, 2 of those who can't stay."
    )
    tokens = tokenize(text)
    kept = {tokens[k].text for k in anaphor_words([t.text for t in tokens])}
    # heads of mentions: names, nouns, pronouns, demonstratives, numbers, "will" the noun
    for word in ("May", "will", "people", "that", "Will", "his", "aides", "it", "they"):
        assert word in kept, word
    for word in ("this", "2", "those", "who", "go", "stay"):
        assert word in kept, word
    # never heads: punctuation, articles, prepositions, conjunctions, auxiliaries
    for word in (",", ":", ".", "the", "of", "and", "was", "would", "not", "to", "are", "as"):
        assert word not in kept, word
    assert "n't" not in kept and "ca" not in kept
    assert "In" in kept  # capitalised forms are kept: "May" and "Will" are names too


def test_every_word_gives_unscored_words_no_antecedent() -> None:
    from corefine.model.features import every_word

    anaphors = np.array([1, 3])
    top = np.array([[0, 0], [2, 1]])
    probs = np.array([[0.2, 0.8, 0.0], [0.5, 0.3, 0.2]], dtype=np.float32)
    full_top, full_probs = every_word(anaphors, top, probs, 4)
    assert full_top.shape == (4, 2) and full_probs.shape == (4, 3)
    assert full_probs[[0, 2]].tolist() == [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    assert full_probs[1].tolist() == probs[0].tolist() and full_top[3].tolist() == [2, 1]
