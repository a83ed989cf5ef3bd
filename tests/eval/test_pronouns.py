"""Pronoun-resolution score: resolvable pronouns and the correctness rule, by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from corefine.corpora.conll2012 import read_conll
from corefine.document import Cluster, Document
from corefine.eval.pronouns import PronounCounts, pronoun_counts, resolvable_pronouns
from corefine.lexicon import pronoun
from corefine.rewriter.replacement import Replacement
from corefine.tokenizer import make_document

TEXT = (
    "Lord Byron met Ann Smith and John in London. He liked her. It rained. "
    "The mother of John said she knew him. They said their house was theirs. "
    "Ann saw herself. His brother and his dog came."
)


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def gold() -> Document:
    doc = make_document(TEXT, "t")

    def cluster(i: int, *phrases: tuple[str, int]) -> Cluster:
        return Cluster(i, [doc.mention(*at(TEXT, p, n)) for p, n in phrases])

    doc.clusters = [
        cluster(0, ("Lord Byron", 0), ("He", 0), ("His", 0)),
        cluster(1, ("Ann Smith", 0), ("her", 0), ("Ann", 1), ("herself", 0)),
        cluster(2, ("John", 0), ("John", 1), ("him", 0)),
        cluster(3, ("The mother of John", 0), ("she", 0)),
        cluster(4, ("They", 0), ("their", 0), ("theirs", 0)),  # pronouns only
        cluster(5, ("his", 0), ("his dog", 0)),  # the only nominal contains the pronoun
    ]
    doc.validate()
    return doc


def rep(pron: tuple[str, int], source: tuple[int, int]) -> Replacement:
    start, end = at(TEXT, *pron)
    return Replacement(
        start=start,
        end=end,
        original=TEXT[start:end],
        replacement=TEXT[source[0] : source[1]],
        cluster_id=0,
        source_start=source[0],
        source_end=source[1],
        resolved_start=start,
        resolved_end=start + source[1] - source[0],
    )


def test_resolvable_pronouns() -> None:
    doc = gold()
    found = [TEXT[a:b] for a, b in resolvable_pronouns(doc)]
    # not: herself (reflexive), They/their/theirs (no nominal), his (only "his dog")
    assert found == ["He", "her", "she", "him", "His"]


def test_exact_source_is_correct() -> None:
    c = pronoun_counts(gold(), [rep(("He", 0), at(TEXT, "Lord Byron"))])
    assert c == PronounCounts(replaced=1, correct=1, resolvable=5, correct_resolvable=1)
    assert c.precision == 100.0 and c.recall == 20.0


@pytest.mark.parametrize(
    ("pron", "source", "correct"),
    [
        (("He", 0), "Byron", True),  # 1 of 2 tokens of "Lord Byron": IoU 0.5
        (("her", 0), "Ann", True),  # IoU 1/2 with "Ann Smith" (not 3/9 characters)
        (("He", 0), "Lord Byron met", True),  # IoU 2/3
        (("He", 0), "Byron met Ann", False),  # IoU 1/4 with Lord Byron: below 0.5
        (("she", 0), "mother of John", True),  # IoU 3/4 with "The mother of John"
        (("she", 0), "John", False),  # exactly another entity's mention
        (("she", 0), "of John", False),  # IoU 1/2 own and 1/2 with "John": a tie
        (("her", 0), "Smith and John", False),  # IoU 1/4 own, 1/3 with "John"
    ],
)
def test_lenient_boundaries(pron: tuple[str, int], source: str, correct: bool) -> None:
    c = pronoun_counts(gold(), [rep(pron, at(TEXT, source))])
    assert (c.replaced, c.correct, c.correct_resolvable) == (1, int(correct), int(correct))


def test_tie_between_entities_is_not_credited() -> None:
    doc = make_document("Ann met Bob. She smiled.")
    doc.clusters = [
        Cluster(0, [doc.mention(0, 3), doc.mention(*at(doc.text, "She"))]),
        Cluster(1, [doc.mention(8, 11)]),
    ]
    start, end = at(doc.text, "She")
    r = Replacement(start, end, "She", "Ann met Bob", 0, 0, 11, start, start + 11)
    assert pronoun_counts(doc, [r]).correct == 0  # IoU 1/3 with Ann and with Bob


def test_wrong_entity_pleonastic_and_pronoun_only_clusters() -> None:
    reps = [
        rep(("him", 0), at(TEXT, "Lord Byron")),  # wrong entity
        rep(("It", 0), at(TEXT, "London")),  # pleonastic: not a gold mention
        rep(("their", 0), at(TEXT, "They")),  # right entity, but not resolvable
    ]
    c = pronoun_counts(gold(), reps)
    assert c == PronounCounts(replaced=3, correct=1, resolvable=5, correct_resolvable=0)
    assert c.precision == pytest.approx(100 / 3) and c.recall == 0.0


def test_only_target_pronouns_count_and_repeats_count_once() -> None:
    reps = [
        rep(("herself", 0), at(TEXT, "Ann Smith")),  # reflexive: not a target
        rep(("Ann", 1), at(TEXT, "Ann Smith")),  # a name, not a pronoun
        rep(("her", 0), at(TEXT, "Ann Smith")),
        rep(("her", 0), at(TEXT, "Ann Smith")),
    ]
    assert pronoun_counts(gold(), reps) == PronounCounts(1, 1, 5, 1)


def test_replacement_made_on_another_text_is_rejected() -> None:
    bad = Replacement(0, 4, "Lord", "x", 0, 0, 1, 0, 1)
    with pytest.raises(ValueError, match="does not match"):
        pronoun_counts(gold(), [Replacement(0, 2, "he", "x", 0, 0, 1, 0, 1)])
    assert pronoun_counts(gold(), [bad]).replaced == 0  # "Lord" is no pronoun at all


def test_counts_accumulate_and_serialise() -> None:
    total = PronounCounts()
    total += PronounCounts(2, 1, 4, 1)
    total += PronounCounts(3, 3, 2, 2)
    assert total == PronounCounts(5, 4, 6, 3)
    d = total.to_dict()
    assert d["p"] == pytest.approx(80.0) and d["r"] == pytest.approx(50.0)
    assert d["f1"] == pytest.approx(2 * 80 * 50 / 130)
    assert (d["replaced"], d["correct"], d["resolvable"], d["correct_resolvable"]) == (5, 4, 6, 3)
    assert PronounCounts().to_dict()["p"] == 0.0


def test_oracle_replacements_on_ontogum_score_100(shared_data: Path) -> None:
    """Replacing every resolvable pronoun by its first eligible gold antecedent."""
    total = PronounCounts()
    for path in sorted((shared_data / "gum" / "ontogum" / "dev").glob("*.conll"))[:8]:
        (doc,) = read_conll(path)
        reps = []
        for a, b in resolvable_pronouns(doc):
            cluster = next(c for c in doc.clusters if any(m.span == (a, b) for m in c.mentions))
            src = next(
                m
                for m in cluster.mentions
                if pronoun(m.text) is None and not (m.start <= a and b <= m.end)
            )
            reps.append(Replacement(a, b, doc.text[a:b], src.text, 0, src.start, src.end, a, b))
        total += pronoun_counts(doc, reps)
    assert total.resolvable > 100
    assert total.precision == 100.0 and total.recall == 100.0


def test_a_pronoun_replaced_at_the_core_of_a_longer_gold_mention_is_judged() -> None:
    """The rewriter replaces "him" of the gold mention "him, a sailor": that is a link."""
    text = "Tom came home. We fed him, a sailor, fish."
    doc = make_document(text, "t")
    doc.clusters = [
        Cluster(0, [doc.mention(*at(text, "Tom")), doc.mention(*at(text, "him, a sailor"))])
    ]
    start, end = at(text, "him")
    tom = at(text, "Tom")
    r = Replacement(start, end, "him", "Tom", 0, *tom, start, start + 3)
    assert pronoun_counts(doc, [r]).correct == 1
    wrong = Replacement(start, end, "him", "We", 0, *at(text, "We"), start, start + 2)
    assert pronoun_counts(doc, [wrong]).correct == 0


def test_a_source_at_the_core_of_a_longer_gold_mention_is_credited() -> None:
    """The rewriter copies cores: a model mention "Norton I" stands for the gold mention
    "Norton I, Emperor of the United States" trimmed of its apposition (2 of its 8 tokens,
    under the IoU floor), while a source that is only part of a name still is not."""
    text = 'He proclaimed himself "Norton I, Emperor of the United States". He ruled.'
    doc = make_document(text, "t")
    title = doc.mention(*at(text, "Norton I, Emperor of the United States"))
    doc.clusters = [
        Cluster(0, [doc.mention(*at(text, "He")), title, doc.mention(*at(text, "He", 1))]),
    ]
    start, end = at(text, "He", 1)
    norton = at(text, "Norton I")
    r = Replacement(start, end, "He", "Norton I", 0, *norton, start, start + 8)
    assert pronoun_counts(doc, [r]).correct == 1
    emperor = at(text, "Emperor")
    part = Replacement(start, end, "He", "Emperor", 0, *emperor, start, start + 7)
    assert pronoun_counts(doc, [part]).correct == 0


def test_a_longer_source_whose_copied_core_is_a_gold_mention_is_credited() -> None:
    """The reverse of the case above: the model's mention "Byron, who was nineteen" is
    longer than the gold "Byron" (1 of 5 tokens, under the IoU floor), but the rewriter
    copies its core, "Byron", the entity a reader is shown. A longer source whose core is
    another entity is still wrong."""
    text = "Byron, who was nineteen, met Ann, who was older. He left."
    doc = make_document(text, "t")
    doc.clusters = [
        Cluster(0, [doc.mention(*at(text, "Byron")), doc.mention(*at(text, "He"))]),
        Cluster(1, [doc.mention(*at(text, "Ann"))]),
    ]
    start, end = at(text, "He")
    longer = at(text, "Byron, who was nineteen")
    r = Replacement(start, end, "He", "Byron", 0, *longer, start, start + 5)
    assert pronoun_counts(doc, [r]).correct == 1
    other = at(text, "Ann, who was older")
    wrong = Replacement(start, end, "He", "Ann", 0, *other, start, start + 3)
    assert pronoun_counts(doc, [wrong]).correct == 0
