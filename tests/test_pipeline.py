"""The Python API: ``corefine.load``, ``Pipeline`` and ``pipe``, ``Document.resolve``/``to_json``.

Model outputs are checked for structure and invariants only (offsets, confidences,
order), never for particular links: the tests must hold for any trained model.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import corefine
from corefine import Cluster, CorefineError, Document, LanguageWarning, Pipeline, RewritePolicy
from corefine.batch import RowResolver, RowSettings
from corefine.document import as_clusters
from corefine.outputs import resolution_to_dict
from corefine.rewriter import RewriteError

PARAGRAPH = (
    "Louis Marinelli, the leader of the Yes California campaign, said on Monday that he "
    "would leave the United States. His wife teaches English in Yekaterinburg, where she "
    "has lived for years. Marinelli told reporters that the campaign would continue "
    "without him, and that its members supported his decision."
)

GERMAN = (
    "Der Bürgermeister der Stadt hat am Dienstag angekündigt, dass die neue Brücke über den "
    "Fluss im nächsten Frühjahr eröffnet werden soll. Er sagte, die Bauarbeiten seien trotz "
    "des langen Winters gut vorangekommen."
)


@pytest.fixture(scope="module")
def nlp(model_dir: Path) -> Pipeline:
    return corefine.load(model_dir, threads=1)


def assert_valid(doc: Document, text: str) -> None:
    assert doc.text == text
    doc.validate()
    for cluster in doc.clusters:
        assert cluster.mentions
        assert cluster.confidence is not None and 0.0 <= cluster.confidence <= 1.0
        for m in cluster.mentions:
            assert text[m.start : m.end] == m.text
            assert m.confidence is not None and 0.0 <= m.confidence <= 1.0


def test_load_and_resolve_a_paragraph(nlp: Pipeline) -> None:
    doc = nlp(PARAGRAPH)
    assert_valid(doc, PARAGRAPH)
    assert [c.id for c in doc.clusters] == list(range(len(doc.clusters)))
    assert doc.tokens and doc.sentences


def test_resolving_twice_gives_the_same_document(nlp: Pipeline) -> None:
    assert nlp(PARAGRAPH).to_json() == nlp(PARAGRAPH).to_json()


@pytest.mark.parametrize("text", ["", " ", "\n\t \u00a0\n"])
def test_empty_and_whitespace_text(nlp: Pipeline, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text and doc.clusters == []
    assert doc.resolved_text == text


def test_bytes_are_rejected_with_a_fix(nlp: Pipeline) -> None:
    with pytest.raises(CorefineError, match=r"expected str, got bytes: decode it first"):
        nlp(PARAGRAPH.encode())
    with pytest.raises(CorefineError, match=r"expected str, got int"):
        nlp(3)  # type: ignore[arg-type]
    with pytest.raises(CorefineError, match=r"got bytes"):
        list(nlp.pipe(["fine", b"not fine"]))


LONE_SURROGATE = "\ud800He said she left."


def test_a_lone_surrogate_is_a_corefine_error_naming_its_index(nlp: Pipeline) -> None:
    """Not Unicode text: the model's tokenizer used to fail with a bare TypeError."""
    with pytest.raises(CorefineError, match=r"lone surrogate U\+D800 at index 0, ") as err:
        nlp(LONE_SURROGATE)
    str(err.value).encode("utf-8")  # the message itself can be printed
    docs = nlp.pipe(["Anna left.", "Ben said \udc80 he left. \udcff"])
    assert next(docs).text == "Anna left."
    with pytest.raises(CorefineError, match=r"U\+DC80 at index 9 \(2 in all\)"):
        next(docs)
    baseline = Pipeline(corefine.resolvers.get_resolver("baseline"))
    with pytest.raises(CorefineError, match="at index 0"):
        baseline(LONE_SURROGATE)  # every resolver, not only the model
    assert nlp("Anna 😀 said she left.").text == "Anna 😀 said she left."  # pairs are fine


def test_a_lone_surrogate_fails_its_batch_row_with_that_message(model_dir: Path) -> None:
    rows = RowResolver(RowSettings(resolver="model", model=str(model_dir), threads=1))
    result = rows(LONE_SURROGATE)
    assert result.failed
    assert result.error.startswith("text is not valid Unicode: lone surrogate U+D800 at index 0")
    assert not rows("Anna said she left.").failed


def test_pipe_yields_in_input_order(nlp: Pipeline) -> None:
    texts = [f"Text number {i}: Anna met Ben and she thanked him." for i in range(7)]
    docs = list(nlp.pipe(texts, batch_size=3))
    assert [d.text for d in docs] == texts
    for doc, text in zip(docs, texts, strict=True):
        assert_valid(doc, text)
        assert doc.to_json() == nlp(text).to_json()


def test_pipe_is_lazy(nlp: Pipeline) -> None:
    consumed: list[int] = []

    def texts() -> Iterator[str]:
        for i in range(4):
            consumed.append(i)
            yield f"Anna called Ben {i} times and he answered her."
        raise AssertionError("pipe read past what was asked for")

    docs = nlp.pipe(texts(), batch_size=2)
    assert consumed == []  # nothing is read before the first result is asked for
    first = next(docs)
    assert first.text.endswith("0 times and he answered her.")
    assert consumed == [0, 1]  # one batch
    assert [next(docs).text[16] for _ in range(3)] == ["1", "2", "3"]
    assert consumed == [0, 1, 2, 3]
    with pytest.raises(AssertionError, match="read past"):
        next(docs)


def test_pipe_rejects_bad_arguments_at_once(nlp: Pipeline) -> None:
    for size in (0, -1, 1.5, True):
        with pytest.raises(CorefineError, match="batch_size"):
            nlp.pipe([PARAGRAPH], batch_size=size)  # type: ignore[arg-type]
    with pytest.raises(CorefineError, match="iterable of texts"):
        nlp.pipe(PARAGRAPH)


def test_document_resolve_resolved_text_and_json(nlp: Pipeline) -> None:
    doc = nlp(PARAGRAPH)
    default = doc.resolve()
    assert doc.resolved_text == default.text
    strict = doc.resolve(replace="all", min_confidence=0.8)
    assert strict.text == doc.resolve(RewritePolicy(replace="all", min_confidence=0.8)).text
    for r in strict.replacements:
        assert r.confidence is None or r.confidence >= 0.8
    data = json.loads(doc.to_json())
    assert data == resolution_to_dict(doc, default)
    assert data["text"] == PARAGRAPH and data["resolved_text"] == doc.resolved_text
    for cluster in data["clusters"]:
        for m in cluster["mentions"]:
            assert PARAGRAPH[m["start"] : m["end"]] == m["text"]
    assert (
        json.loads(doc.to_json(replace="all"))["resolved_text"] == doc.resolve(replace="all").text
    )


def test_document_resolve_on_hand_made_clusters() -> None:
    text = "Louis Marinelli said his wife teaches English. He lives in Yekaterinburg."
    doc = corefine.make_document(text)
    doc.clusters = as_clusters(text, [[(0, 15), (21, 24), (47, 49)]])
    assert doc.resolved_text == (
        "Louis Marinelli said Louis Marinelli's wife teaches English. "
        "Louis Marinelli lives in Yekaterinburg."
    )
    # fields override the policy passed in
    keep = doc.resolve(RewritePolicy(replace="all"), replace="pronouns")
    assert keep.text == doc.resolved_text
    with pytest.raises(RewriteError, match="policy fields are: replace"):
        doc.resolve(replce="all")
    with pytest.raises(RewriteError, match="replace must be one of"):
        doc.resolve(replace="everything")
    data = json.loads(doc.to_json())
    assert [r["original"] for r in data["replacements"]] == ["his", "He"]


def test_resolved_sentences_stand_alone() -> None:
    text = "Louis Marinelli said his wife teaches English.  He lives in Yekaterinburg. It is cold."
    doc = corefine.make_document(text)
    doc.clusters = as_clusters(text, [[(0, 15), (21, 24), (48, 50)]])
    sentences = doc.resolved_sentences()
    assert [s.text for s in sentences] == [
        "Louis Marinelli said Louis Marinelli's wife teaches English.",
        "Louis Marinelli lives in Yekaterinburg.",
        "It is cold.",
    ]
    assert [(s.start, s.end) for s in sentences] == [(0, 46), (48, 74), (75, 86)]
    resolved = doc.resolved_text
    assert [(s.resolved_start, s.resolved_end) for s in sentences] == [
        (0, 60),
        (62, 101),
        (102, 113),
    ]
    assert resolved[60:62] == "  "  # the text between sentences is kept as it was
    unsure = [doc.mention(0, 15, 0.9), doc.mention(21, 24, 0.9), doc.mention(48, 50, 0.4)]
    doc.clusters = [Cluster(0, unsure)]
    assert [s.text for s in doc.resolved_sentences(min_confidence=0.5)][:2] == [
        "Louis Marinelli said Louis Marinelli's wife teaches English.",
        "He lives in Yekaterinburg.",
    ]  # the policy is the one of resolve()
    doc.clusters = as_clusters(text, [[(0, 15), (21, 24), (48, 50)]])
    data = json.loads(doc.to_json())
    assert data["sentences"] == [
        {
            "start": s.start,
            "end": s.end,
            "resolved_start": s.resolved_start,
            "resolved_end": s.resolved_end,
        }
        for s in sentences
    ]
    assert [
        data["resolved_text"][d["resolved_start"] : d["resolved_end"]] for d in data["sentences"]
    ] == [s.text for s in sentences]


def test_load_a_missing_or_empty_model_path(tmp_path: Path) -> None:
    with pytest.raises(CorefineError, match="does not exist") as err:
        corefine.load(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(err.value)
    with pytest.raises(CorefineError) as err:
        corefine.load(tmp_path)
    message = str(err.value)
    assert str(tmp_path) in message
    for missing in ("model.onnx", "model.int8.onnx", "tokenizer.json", "config.json"):
        assert missing in message
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    with pytest.raises(CorefineError, match="not a directory"):
        corefine.load(notes)


def test_load_an_onnx_file_directly(model_dir: Path) -> None:
    graph = sorted(model_dir.glob("*.onnx"))[0]
    doc = corefine.load(graph, threads=1)(PARAGRAPH)
    assert_valid(doc, PARAGRAPH)


def test_language_warning_once_per_pipeline(nlp: Pipeline) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fresh = Pipeline(nlp.resolver)
        fresh(PARAGRAPH)
        assert caught == []
        doc = fresh(GERMAN)
        assert_valid(doc, GERMAN)  # resolved anyway
        fresh(GERMAN)
        list(fresh.pipe([GERMAN, GERMAN]))
        assert len(caught) == 1
        assert issubclass(caught[0].category, LanguageWarning)
        assert "English" in str(caught[0].message)
        Pipeline(nlp.resolver)(GERMAN)  # another pipeline warns again
        assert len(caught) == 2


def test_importing_corefine_stays_light() -> None:
    code = (
        "import sys, corefine; corefine.load; corefine.Pipeline;"
        "print(','.join(m for m in ('onnxruntime', 'tokenizers', 'spacy', 'torch')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_resolve_defaults_to_the_resolvers_recommended_threshold() -> None:
    from corefine.document import Cluster, Document, Mention
    from corefine.rewriter import RewritePolicy

    text = "Anna said she would come."
    cluster = Cluster(0, [Mention(0, 4, "Anna", None), Mention(10, 13, "she", 0.6)])
    doc = Document(text, clusters=[cluster], metadata={"min_confidence": 0.7})
    assert doc.default_min_confidence == 0.7
    assert doc.resolved_text == text  # the 0.6 link is below the recommendation
    assert doc.resolve(min_confidence=0.5).text == "Anna said Anna would come."
    assert doc.resolve(RewritePolicy()).text == "Anna said Anna would come."
    doc.metadata.clear()
    assert doc.resolved_text == "Anna said Anna would come."
