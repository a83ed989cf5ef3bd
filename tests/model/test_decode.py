"""Decoding network outputs into clusters (no torch, no model files)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corefine.document import Cluster, Document, Mention
from corefine.model.calibration import Calibration
from corefine.model.decode import (
    best_links,
    cluster_link_probs,
    decode_clusters,
    head_clusters,
    head_span,
    merge_appositions,
)
from corefine.model.features import sentence_ids
from corefine.tokenizer import make_document

RADIUS = 4
TEXT = "  “Rob   Portman”\u00a0said  he’d   vote.\n\nThe    senator’s aide   agreed with him 🙂 ."


def outputs(
    n: int, k: int = 3
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Outputs that link nothing: dummy probability 1, spans of one word (for every word)."""
    antecedents = np.full((n, k), n + 5, dtype=np.int64)  # padding candidates: invalid
    probs = np.zeros((n, k + 1), dtype=np.float32)
    probs[:, 0] = 1.0
    start = np.full((n, 2 * RADIUS + 1), -5.0, dtype=np.float32)
    end = np.full((n, 2 * RADIUS + 1), -5.0, dtype=np.float32)
    start[:, RADIUS] = end[:, RADIUS] = 0.0
    return antecedents, probs, np.arange(n), start, end


def link(ants: np.ndarray, probs: np.ndarray, i: int, j: int, p: float) -> None:
    ants[i, 0] = j
    probs[i] = 0.0
    probs[i, 1] = p
    probs[i, 0] = 1.0 - p


def word(doc: Document, text: str) -> int:
    return next(i for i, t in enumerate(doc.tokens) if t.text == text)


def test_links_become_clusters_with_exact_offsets_and_confidence() -> None:
    doc = make_document(TEXT)
    n = len(doc.tokens)
    ants, probs, heads, start, end = outputs(n)
    portman, he, senator, him = (word(doc, w) for w in ("Portman", "he", "senator", "him"))
    link(ants, probs, he, portman, 0.9)
    link(ants, probs, senator, he, 0.7)
    link(ants, probs, him, senator, 0.4)  # loses to "no antecedent" (0.6)
    start[portman, RADIUS - 1] = 3.0  # "Rob Portman": one word to the left
    start[senator, RADIUS - 1] = 3.0  # "The senator"
    sids = sentence_ids(doc)
    clusters = decode_clusters(TEXT, doc.tokens, sids, ants, probs, heads, start, end, RADIUS)
    assert len(clusters) == 1
    texts = [m.text for m in clusters[0].mentions]
    assert texts == ["Rob   Portman", "he", "The    senator"]
    for m in clusters[0].mentions:
        assert TEXT[m.start : m.end] == m.text
    confs = [m.confidence for m in clusters[0].mentions]
    assert confs == [0.9, 0.9, 0.7]  # the first mention: its most confident anaphor's
    assert clusters[0].confidence == 0.9  # the strongest mention's
    Document(TEXT, clusters=clusters).validate()


def test_span_scores_are_read_by_row_for_the_heads_the_network_scored() -> None:
    """The graph scores spans only for the words decoding can cluster, in its own row order."""
    doc = make_document(TEXT)
    n = len(doc.tokens)
    ants, probs, _, start, end = outputs(n)
    portman, he = word(doc, "Portman"), word(doc, "he")
    link(ants, probs, he, portman, 0.9)
    start[portman, RADIUS - 1] = 3.0
    rows = np.asarray([he, portman])  # not in word order: decoding must follow the rows
    sids = sentence_ids(doc)
    args = (TEXT, doc.tokens, sids, ants, probs)
    clusters = decode_clusters(*args, rows, start[rows], end[rows], RADIUS)
    assert [m.text for m in clusters[0].mentions] == ["Rob   Portman", "he"]
    with pytest.raises(ValueError, match="no span scores"):
        decode_clusters(*args, rows[:1], start[rows[:1]], end[rows[:1]], RADIUS)


def test_confidence_sums_the_links_to_every_earlier_mention_of_the_cluster() -> None:
    """A pronoun split between two coreferent antecedents is sure of the entity."""
    ants = np.asarray([[0, 0], [0, 0], [0, 1]])
    probs = np.asarray([[1.0, 0.0, 0.0], [0.1, 0.9, 0.0], [0.2, 0.3, 0.5]])
    links = best_links(ants, probs)
    groups = head_clusters(3, links)
    assert groups == [[0, 1, 2]]
    conf = cluster_link_probs(groups, links, ants, probs)
    assert conf[2] == pytest.approx(0.8)  # 0.3 to word 0 + 0.5 to word 1, not the best 0.5
    assert conf[1] == pytest.approx(0.9)
    assert conf[0] == pytest.approx(0.9)  # first mention: its most confident anaphor


def test_min_prob_drops_weak_links() -> None:
    doc = make_document(TEXT)
    ants, probs, heads, start, end = outputs(len(doc.tokens))
    link(ants, probs, word(doc, "he"), word(doc, "Portman"), 0.55)
    sids = sentence_ids(doc)
    args = (TEXT, doc.tokens, sids, ants, probs, heads, start, end, RADIUS)
    assert len(decode_clusters(*args)) == 1
    assert decode_clusters(*args, min_prob=0.6) == []


def test_pronoun_margin_links_a_pronoun_below_no_antecedent_but_not_a_noun() -> None:
    doc = make_document(TEXT)
    ants, probs, heads, start, end = outputs(len(doc.tokens))
    portman, he, senator = word(doc, "Portman"), word(doc, "he"), word(doc, "senator")
    link(ants, probs, he, portman, 0.4)  # under "no antecedent" (0.6), over half of it
    link(ants, probs, senator, portman, 0.4)
    sids = sentence_ids(doc)
    args = (TEXT, doc.tokens, sids, ants, probs, heads, start, end, RADIUS)
    assert decode_clusters(*args) == []
    (cluster,) = decode_clusters(*args, pronoun_margin=0.5)
    assert [m.text for m in cluster.mentions] == ["Portman", "he"]
    assert decode_clusters(*args, pronoun_margin=0.7) == []  # 0.4 is not over 0.7 * 0.6


def test_a_pronoun_without_span_scores_is_its_own_span_under_the_margin() -> None:
    """The graph scores spans only for words whose best choice beats the dummy; a pronoun
    linked under the margin is one word, and a noun antecedent needs the graph's spans."""
    doc = make_document(TEXT)
    ants, probs, _, start, end = outputs(len(doc.tokens))
    portman, he, senator, him = (word(doc, w) for w in ("Portman", "he", "senator", "him"))
    link(ants, probs, he, portman, 0.4)
    link(ants, probs, him, senator, 0.4)
    rows = np.asarray([portman])  # "senator" was scored by nobody
    sids = sentence_ids(doc)
    args = (TEXT, doc.tokens, sids, ants, probs, rows, start[rows], end[rows], RADIUS)
    (cluster,) = decode_clusters(*args, pronoun_margin=0.5)
    assert [m.text for m in cluster.mentions] == ["Portman", "he"]


def test_a_weak_link_caps_the_chain_it_brings_in_and_lifts_nobody_else() -> None:
    """ "he ... him" sure of each other (0.9) but joined to "Portman" by a 0.4 link: both
    are at most 0.4 sure of being Portman, and "senator", whose link to "Portman" is
    strong, keeps its own confidence although "he" now sits in its cluster."""
    doc = make_document(TEXT)
    ants, probs, heads, start, end = outputs(len(doc.tokens))
    portman, he, senator, him = (word(doc, w) for w in ("Portman", "he", "senator", "him"))
    link(ants, probs, he, portman, 0.4)
    ants[senator, :2] = [portman, he]
    probs[senator] = [0.1, 0.7, 0.2, 0.0]  # 0.2 on "he": would count once "he" is clustered
    link(ants, probs, him, he, 0.9)
    sids = sentence_ids(doc)
    args = (TEXT, doc.tokens, sids, ants, probs, heads, start, end, RADIUS)
    (cluster,) = decode_clusters(*args, pronoun_margin=0.5)
    conf = {m.text: m.confidence for m in cluster.mentions}
    assert conf == {"Portman": 0.7, "he": 0.4, "senator": 0.7, "him": 0.4}


def test_decoding_maps_each_mention_confidence_and_nothing_else() -> None:
    doc = make_document(TEXT)
    ants, probs, heads, start, end = outputs(len(doc.tokens))
    portman, he, senator = word(doc, "Portman"), word(doc, "he"), word(doc, "senator")
    link(ants, probs, he, portman, 0.9)
    link(ants, probs, senator, he, 0.7)
    args = (TEXT, doc.tokens, sentence_ids(doc), ants, probs, heads, start, end, RADIUS)
    cal = Calibration(0.5, 0.1)
    (raw,) = decode_clusters(*args)
    (mapped,) = decode_clusters(*args, calibration=cal)
    assert [m.span for m in mapped.mentions] == [m.span for m in raw.mentions]
    for r, m in zip(raw.mentions, mapped.mentions, strict=True):
        assert m.confidence == pytest.approx(cal(r.confidence or 0.0), abs=1e-6)
    assert mapped.confidence == max(m.confidence or 0.0 for m in mapped.mentions)
    assert not math.isclose(mapped.confidence or 0.0, raw.confidence or 0.0)


def test_a_link_to_a_later_word_is_ignored() -> None:
    ants = np.asarray([[1], [0]])
    probs = np.asarray([[0.1, 0.9], [0.2, 0.8]])
    links = best_links(ants, probs)
    assert [(x.anaphor, x.antecedent) for x in links] == [(1, 0)]


def test_head_clusters_are_transitive_and_drop_singletons() -> None:
    from corefine.model.decode import HeadLink

    links = [HeadLink(3, 1, 0.9), HeadLink(5, 3, 0.8), HeadLink(7, 6, 0.6)]
    assert head_clusters(9, links) == [[1, 3, 5], [6, 7]]


def test_spans_never_cross_a_sentence_or_the_document_edge() -> None:
    sids = np.asarray([0, 0, 1, 1, 1])
    offsets = np.arange(-RADIUS, RADIUS + 1, dtype=np.float64)
    start, end = -offsets, offsets  # both want the widest span possible
    assert head_span(2, start, end, sids, RADIUS) == (2, 4)
    assert head_span(0, start, end, sids, RADIUS) == (0, 1)


messy_text = st.lists(
    st.sampled_from(
        ["Obama", "he", "She", "“", "”", "’s", "   ", "\n\n", "\u00a0", "U.S.", "🙂", ".", "the"]
    ),
    min_size=1,
    max_size=40,
).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(text=messy_text, seed=st.integers(0, 2**16))
def test_any_outputs_decode_to_valid_mentions(text: str, seed: int) -> None:
    doc = make_document(text)
    n = len(doc.tokens)
    if n == 0:
        return
    rng = np.random.default_rng(seed)
    k = 4
    ants = rng.integers(0, n + 3, size=(n, k))
    logits = rng.normal(size=(n, k + 1))
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    start = rng.normal(size=(n, 2 * RADIUS + 1))
    end = rng.normal(size=(n, 2 * RADIUS + 1))
    sids = sentence_ids(doc)
    heads = np.arange(n)
    clusters = decode_clusters(text, doc.tokens, sids, ants, probs, heads, start, end, RADIUS)
    Document(text, clusters=clusters).validate()
    for c in clusters:
        assert len(c.mentions) >= 2
        assert len({m.span for m in c.mentions}) == len(c.mentions)
        for m in c.mentions:
            assert text[m.start : m.end] == m.text
            assert m.confidence is not None and 0.0 < m.confidence <= 1.0
            assert doc.sentence_index(m.start) == doc.sentence_index(m.end - 1)


def mention_at(text: str, phrase: str, nth: int = 0) -> Mention:
    """The ``nth`` occurrence of ``phrase`` in ``text`` as a mention of confidence 0.9."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(start, start + len(phrase), phrase, 0.9)


def test_a_trailing_apposition_in_another_cluster_joins_the_name_cluster() -> None:
    text = "Louis Marinelli, the leader of the campaign, said he would stay. Marinelli left."

    def m(phrase: str, nth: int = 0) -> Mention:
        return mention_at(text, phrase, nth)

    name = Cluster(0, [m("Louis Marinelli, the leader of the campaign"), m("Marinelli", 1)], 0.9)
    leader = Cluster(1, [m("the leader of the campaign"), m("he")], 0.6)
    merged = merge_appositions(text, [name, leader])
    assert len(merged) == 1
    assert [x.text for x in merged[0].mentions] == [
        "Louis Marinelli, the leader of the campaign",
        "the leader of the campaign",
        "he",
        "Marinelli",
    ]
    assert merged[0].confidence == 0.9


def test_a_list_is_not_an_apposition() -> None:
    text = "Smith, Jones, Lee met. Lee and Smith left."
    listed = Mention(0, 17, "Smith, Jones, Lee")
    lee = [Mention(i, i + 3, "Lee") for i in (14, 23)]
    smith = Mention(31, 36, "Smith")
    assert all(text[x.start : x.end] == x.text for x in (listed, *lee, smith))
    clusters = [Cluster(0, [listed, smith]), Cluster(1, lee)]
    assert len(merge_appositions(text, clusters)) == 2


def test_a_description_introduced_right_after_a_name_and_a_comma_joins_the_name() -> None:
    # the model's span for the description stopped before "to serve ...", so no mention
    # spans "Lynch, the ... woman" and the first rule cannot see the apposition
    text = (
        "Lynch, the country's first black woman to serve, had her nomination held up. "
        "Lynch won. The country's laws, the rules and more changed; it did, they did."
    )

    def m(phrase: str, nth: int = 0) -> Mention:
        return mention_at(text, phrase, nth)

    name = Cluster(0, [m("Lynch"), m("Lynch", 1)], 0.9)
    woman = Cluster(1, [m("the country's first black woman"), m("her")], 0.8)
    country = Cluster(2, [m("the country's"), m("The country's")], 0.8)
    laws = Cluster(3, [m("The country's laws"), m("it")], 0.5)
    rules = Cluster(4, [m("the rules"), m("they")], 0.5)
    merged = merge_appositions(text, [name, woman, country, laws, rules])
    texts = sorted(sorted(x.text for x in c.mentions) for c in merged)
    assert ["Lynch", "Lynch", "her", "the country's first black woman"] in texts
    # a possessor inside the description is not an apposition of the name
    assert ["The country's", "the country's"] in texts
    # "laws, the rules and": a list goes on after the second phrase
    assert len(merged) == 4


def test_a_description_not_closed_by_a_comma_is_not_an_apposition() -> None:
    text = "Trade grows with Russia, the Chamber of Commerce chairman told us. He smiled."
    russia = Cluster(0, [Mention(17, 23, "Russia")])
    chamber = Cluster(1, [Mention(25, 48, "the Chamber of Commerce"), Mention(67, 69, "He")])
    assert all(text[m.start : m.end] == m.text for c in (russia, chamber) for m in c.mentions)
    assert len(merge_appositions(text, [russia, chamber])) == 2
