"""The replacement decision: its features, and how the rewriter and documents use it."""

from __future__ import annotations

import math
import re

import pytest

from corefine.document import Cluster, Mention
from corefine.rewriter import RewritePolicy, rewrite
from corefine.rewriter.decision import (
    FEATURES,
    DocumentContext,
    ReplacementDecision,
    WordIndex,
    replacement_features,
)
from corefine.tokenizer import make_document

TEXT = "Ann Lee met Bob Stone. She said he would call her."


def mention(sub: str, nth: int = 0, confidence: float | None = 0.8) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return Mention(start, start + len(sub), sub, confidence)


def only(feature: str, weight: float, bias: float = 0.0) -> ReplacementDecision:
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("bias")] = bias
    weights[FEATURES.index(feature)] += weight
    return ReplacementDecision(tuple(weights), threshold=0.5)


ANN = Cluster(0, [mention("Ann Lee"), mention("She"), mention("her")], 0.8)
BOB = Cluster(1, [mention("Bob Stone"), mention("he", nth=1)], 0.8)


def test_features_see_a_merged_cluster() -> None:
    he = mention("he", 1)  # the first "he" is inside "She"
    merged = Cluster(0, [mention("Ann Lee"), mention("Bob Stone"), mention("She"), he])
    f = replacement_features(DocumentContext.of(TEXT, [merged]), merged, he.span, (0, 7), "Ann Lee")
    assert f["distinct_names"] == 2.0 and f["mixed_gender"] == 1.0 and f["masculine"] == 1.0
    context = DocumentContext.of(TEXT, [ANN, BOB])
    clean = replacement_features(context, ANN, mention("She").span, (0, 7), "Ann Lee")
    assert clean["distinct_names"] == 1.0 and clean["mixed_gender"] == 0.0
    assert clean["feminine"] == 1.0 and clean["cataphoric"] == 0.0
    assert clean["logit_mention"] == pytest.approx(math.log(0.8 / 0.2))
    assert set(f) == set(FEATURES)


def test_quotation_sides_are_a_feature() -> None:
    text = "“Ann will win,” she said."
    cluster = Cluster(0, [Mention(1, 4, "Ann", 0.9), Mention(16, 19, "she", 0.9)], 0.9)
    f = replacement_features(DocumentContext.of(text, [cluster]), cluster, (16, 19), (1, 4), "Ann")
    assert f["quote_mismatch"] == 1.0 and f["source_in_quote"] == 1.0


def test_the_decision_scores_pronouns_and_its_score_is_the_confidence() -> None:
    sure = RewritePolicy(min_confidence=0.7, decision=only("bias", 2.0))  # p = 0.88 for all
    result = rewrite(TEXT, [ANN, BOB], sure)
    assert [r.original for r in result.replacements] == ["She", "he", "her"]
    assert all(r.confidence == pytest.approx(1 / (1 + math.exp(-2))) for r in result.replacements)
    # Masculine pronouns scored low: only *he* stays, whatever the link confidence says.
    picky = RewritePolicy(min_confidence=0.5, decision=only("masculine", -4.0, bias=1.0))
    kept = [r.original for r in rewrite(TEXT, [ANN, BOB], picky).replacements]
    assert kept == ["She", "her"]


def test_the_decision_replaces_what_link_confidence_alone_would_not() -> None:
    weak = Cluster(0, [mention("Ann Lee", confidence=0.3), mention("She", confidence=0.3)], 0.3)
    assert not rewrite(TEXT, [weak], RewritePolicy(min_confidence=0.5)).replacements
    decided = rewrite(TEXT, [weak], RewritePolicy(min_confidence=0.5, decision=only("bias", 3.0)))
    assert [r.replacement for r in decided.replacements] == ["Ann Lee"]


def test_a_document_applies_its_resolver_decision_unless_the_policy_brings_one() -> None:
    doc = make_document(TEXT)
    doc.clusters = [ANN, BOB]
    decision = only("feminine", -5.0, bias=2.0)
    doc.metadata["decision"] = {
        "weights": dict(zip(FEATURES, decision.weights, strict=True)),
        "threshold": 0.5,
    }
    assert doc.decision == decision
    assert [r.original for r in doc.resolve(min_confidence=0.5).replacements] == ["he"]
    mine = RewritePolicy(min_confidence=0.5, decision=only("bias", 2.0))
    assert len(doc.resolve(mine).replacements) == 3


def test_a_decision_needs_one_weight_per_feature() -> None:
    with pytest.raises(ValueError):
        ReplacementDecision((1.0, 2.0))
    with pytest.raises(ValueError):
        ReplacementDecision.from_json({"weights": {"bias": 1.0}})


def test_words_are_runs_of_letters_and_digits() -> None:
    words = WordIndex("A well-known  firm , in 2020.")
    assert words.between(0, 29) == 6  # A, well, known, firm, in, 2020
    assert words.between(2, 13) == 2 and words.between(13, 2) == 0
    assert words.back(29, 2) == 21 and words.back(29, 6) == 0 and words.back(29, 10) == 0
    assert words.back(29, 5) == 2  # the fifth word back is "well"


def test_spacing_does_not_move_the_features() -> None:
    """Distances count words, so the same text with hyphens stripped to spaces and
    punctuation spaced out scores each replacement the same (it did not when they counted
    characters)."""
    clean = 'Ann Lee, a well-known judge, met Bob. "It is late." Later she said he was late.'
    spaced = (
        'Ann Lee , a well known judge , met Bob . " It is late . " Later she said he was late .'
    )

    def features(text: str) -> dict[str, float]:
        def at(sub: str) -> Mention:
            found = re.search(rf"\b{sub}\b", text)
            assert found is not None
            return Mention(found.start(), found.end(), sub, 0.8)

        ann = Cluster(0, [at("Ann Lee"), at("she")], 0.8)
        bob = Cluster(1, [at("Bob"), at("he")], 0.8)
        context = DocumentContext.of(text, [ann, bob])
        return replacement_features(context, ann, at("she").span, at("Ann Lee").span, "Ann Lee")

    a, b = features(clean), features(spaced)
    assert a["log_words_to_source"] > 0 and a["log_words_to_previous"] > 0
    assert a["sentences_to_source"] == 0.2  # two sentence ends, one before a closing quote
    assert a == b


def test_a_possessive_name_is_the_same_name_whatever_its_spacing() -> None:
    """Names are told apart by their last word without the possessive clitic, so "Sanders'"
    and its spaced form "Sanders '" are one name, not two (the spaced form used to count an
    empty name)."""

    def names(text: str, forms: list[str]) -> float:
        mentions = [Mention(text.index(f), text.index(f) + len(f), f, 0.8) for f in forms]
        cluster = Cluster(0, mentions, 0.8)
        he = mentions[-1]
        context = DocumentContext.of(text, [cluster])
        f = replacement_features(context, cluster, he.span, mentions[0].span, "Bernie Sanders")
        return f["distinct_names"]

    clean = "Bernie Sanders spoke. Sanders' aides left, and Sanders's wife said he stayed."
    spaced = "Bernie Sanders spoke . Sanders ' aides left , and Sanders 's wife said he stayed ."
    assert names(clean, ["Bernie Sanders", "Sanders'", "Sanders's", "he"]) == 1.0
    assert names(spaced, ["Bernie Sanders", "Sanders '", "Sanders 's", "he"]) == 1.0
    merged = "Bernie Sanders met Jane O'Neill. O'Neill's aide said he stayed."
    assert names(merged, ["Bernie Sanders", "Jane O'Neill", "O'Neill's", "he"]) == 2.0
