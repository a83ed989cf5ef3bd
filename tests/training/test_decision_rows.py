"""The replacement decision's rows (training/decision.py): predictions kept by ``collect``
give the same rows when the features are recomputed from them, without the model."""

from __future__ import annotations

import json
from pathlib import Path

from corefine.corpora.jsonio import document_to_json
from corefine.document import Cluster, Mention
from corefine.rewriter.decision import FEATURES
from corefine.tokenizer import make_document
from training.decision import candidates, load_rows, write_rows

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
