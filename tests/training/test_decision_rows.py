"""The replacement decision's rows (training/decision.py): predictions kept by ``collect``
give the same rows when the features are recomputed from them, without the model."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from corefine.corpora.jsonio import document_to_json
from corefine.document import Cluster, Mention
from corefine.rewriter.decision import FEATURES
from corefine.rewriter.replacement import Replacement
from corefine.tokenizer import make_document
from training.decision import (
    _read_as,
    _to_clean,
    candidates,
    load_rows,
    write_rows,
    written_threshold,
)

TEXT = "Ann Lee met Bob Stone. She said he would call her."


def at(sub: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return Mention(start, start + len(sub), sub, 0.7)


def test_rows_are_recomputed_from_kept_predictions(tmp_path: Path) -> None:
    doc = make_document(TEXT)
    doc.clusters = [
        Cluster(0, [at("Ann Lee"), at("She"), at("her")], 0.7),
        Cluster(1, [at("Bob Stone"), at("he", 1)], 0.7),
    ]
    replacements = candidates(doc).replacements
    assert [r.original for r in replacements] == ["She", "he", "her"]
    judged = [
        [r.to_dict(), verdict] for r, verdict in zip(replacements, [True, False, None], strict=True)
    ]
    line = {"doc": document_to_json(doc), "judged": judged}
    (tmp_path / "toy.predictions.jsonl").write_text(json.dumps(line) + "\n")

    write_rows(tmp_path, "toy")

    header = json.loads((tmp_path / "toy.jsonl").read_text().splitlines()[0])
    assert header == {"features": list(FEATURES)}
    x, y, confidence = load_rows(tmp_path / "toy.jsonl")
    assert x.shape == (2, len(FEATURES))  # the unjudged "her" is no row
    assert list(y) == [1.0, 0.0] and list(confidence) == [0.7, 0.7]
    masculine = FEATURES.index("masculine")
    assert list(x[:, masculine]) == [0.0, 1.0]


def test_a_replacement_on_lower_cased_text_is_judged_in_the_clean_offsets() -> None:
    """Lower-cased corpora are judged against their gold: a replacement made on the
    lower-cased text maps back to the clean text's spans and original words."""
    clean = 'Ann Lee said "she won." Bob cheered.'
    aligned = _read_as(clean, "lower")
    assert aligned.text == "ann lee said  she won.  bob cheered."
    start = aligned.text.index("she")
    r = Replacement(start, start + 3, "she", "ann lee", 0, 0, 7, start, start + 7)
    mapped = _to_clean(r, aligned, clean)
    assert mapped is not None
    assert (mapped.start, mapped.end, mapped.original) == (start, start + 3, "she")
    assert (mapped.source_start, mapped.source_end) == (0, 7)
    assert clean[mapped.source_start : mapped.source_end] == "Ann Lee"
    on_a_removed_quote = dataclasses.replace(r, start=13, end=17)  # starts where the quote was
    assert _to_clean(on_a_removed_quote, aligned, clean) is None


def test_the_threshold_is_chosen_on_text_as_written() -> None:
    """Lower-cased rows teach the weights, not the threshold: adding a lower-cased corpus
    of wrong replacements leaves the threshold where the written corpora put it."""
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(200), rng.uniform(-3, 3, 200)])
    y = (rng.uniform(size=200) < 1 / (1 + np.exp(-2 * x[:, 1]))).astype(float)
    written = {"news-dev": (x, y, np.ones(200))}
    lower = {"news-dev-lower": (x, np.zeros(200), np.ones(200))}
    coef = np.array([0.0, 2.0])
    alone = written_threshold(written, ["news-dev"], coef, 0.9)
    both = written_threshold({**written, **lower}, ["news-dev", "news-dev-lower"], coef, 0.9)
    assert 0.5 < alone < 1.0 and both == alone
