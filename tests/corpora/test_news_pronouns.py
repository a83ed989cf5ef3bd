"""The news pronoun gold set, its variants and the replacement score."""

from __future__ import annotations

from pathlib import Path

import pytest

from corefine.corpora.news_pronouns import (
    PronounLabel,
    load_articles,
    read_labels,
    target_pronouns,
)
from corefine.eval.messy import Aligned, lowercase_unquoted
from corefine.eval.replacements import ReplacementScore, score_article
from corefine.lexicon import pronoun
from corefine.rewriter.replacement import Replacement

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "data" / "news_pronouns"
NEWS = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"


@pytest.fixture(scope="module")
def gold() -> tuple[dict[str, str], dict[str, str], list[PronounLabel]]:
    articles = load_articles(GOLD / "articles.json", NEWS)
    texts = {a.id: a.text for a in articles}
    splits = {a.id: a.split for a in articles}
    return texts, splits, read_labels(GOLD / "gold.jsonl")


def test_gold_set_is_complete_and_consistent(
    gold: tuple[dict[str, str], dict[str, str], list[PronounLabel]],
) -> None:
    texts, splits, labels = gold
    assert len(texts) >= 60 and len(labels) >= 1000
    assert {"FAKE", "REAL"} <= {a.label for a in load_articles(GOLD / "articles.json", NEWS)}
    assert set(splits.values()) == {"dev", "test"}
    # Every target pronoun of every article has exactly one label, and nothing else does.
    labelled = {x.key for x in labels}
    assert len(labelled) == len(labels)
    expected = {(a, t.start, t.end) for a, text in texts.items() for t in target_pronouns(text)}
    assert labelled == expected
    for x in labels:
        text = texts[x.article]
        assert pronoun(text[x.start : x.end]) is not None
        if x.category != "entity":
            assert x.antecedent is None and x.name is None
            continue
        assert x.antecedent and x.name
        antecedent = text[x.antecedent[0] : x.antecedent[1]]
        assert pronoun(antecedent) is None, antecedent  # an explicit mention, not a pronoun
        if x.cataphoric:
            assert x.antecedent[0] >= x.end
        else:
            assert x.antecedent[1] <= x.start


def test_a_changed_article_text_is_refused(tmp_path: Path) -> None:
    csv_text = NEWS.read_text(encoding="utf-8")
    first = load_articles(GOLD / "articles.json", NEWS)[0]
    changed = tmp_path / "news.csv"
    changed.write_text(csv_text.replace(first.text[:40], first.text[:40].upper(), 1), "utf-8")
    with pytest.raises(Exception, match=f"article {first.id} is not the text"):
        load_articles(GOLD / "articles.json", changed)


TEXT = "Acme Corp. hired Ann Lee. She said it would grow. They’re happy, and its staff is too."
#       0         1         2         3         4         5         6         7         8


def span(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def label(sub: str, category: str, antecedent: str | None = None, name: str | None = None,
          nth: int = 0) -> PronounLabel:  # fmt: skip
    s, e = span(sub, nth)
    return PronounLabel(
        "1", s, e, category,  # type: ignore[arg-type]
        span(antecedent) if antecedent else None, span(name) if name else None,
    )  # fmt: skip


LABELS = [
    label("She", "entity", "Ann Lee", "Ann Lee"),
    label("it", "entity", "Acme Corp.", "Acme Corp.", nth=1),
    label("They", "unnamed"),
    label("its", "entity", "Acme Corp.", "Acme Corp."),
]


def replacement(sub: str, text: str, source: str | None, nth: int = 0) -> Replacement:
    s, e = span(sub, nth)
    ss, se = span(source) if source else (-1, -1)
    return Replacement(s, e, sub, text, 0, ss, se, 0, 0, 0.8)


def judge(*replacements: Replacement) -> ReplacementScore:
    return score_article(TEXT, LABELS, replacements)


def test_a_replacement_is_right_when_it_names_the_entity_grammatically() -> None:
    s = judge(replacement("She", "Ann Lee", "Ann Lee"), replacement("its", "Acme's", "Acme Corp."))
    assert [j.right for j in s.judged] == [True, True]
    assert s.precision == 100.0 and s.recall == pytest.approx(100 * 2 / 3)


def test_another_entity_a_non_referring_pronoun_or_a_missing_possessive_is_wrong() -> None:
    s = judge(
        replacement("She", "Acme Corp.", "Acme Corp."),  # another entity
        replacement("it", "Ann Lee", "Ann Lee", nth=1),  # another entity
        replacement("its", "Acme Corp.", "Acme Corp."),  # its -> not a possessive
    )
    assert [j.right for j in s.judged] == [False, False, False]
    assert [j.grammatical for j in s.judged] == [True, True, False]
    unnamed = judge(replacement("They", "Acme Corp.", "Acme Corp."))
    assert unnamed.judged[0].category == "unnamed" and not unnamed.judged[0].right_entity


def test_a_pronoun_glued_to_a_contraction_other_than_s_is_not_replaced_rightly() -> None:
    labels = [*LABELS[:2], label("They", "entity", "Acme Corp.", "Acme Corp."), LABELS[3]]
    s = score_article(TEXT, labels, [replacement("They", "Acme Corp.", "Acme Corp.")])
    assert not s.judged[0].grammatical and not s.judged[0].right  # "Acme Corp.’re happy"


def test_without_a_source_the_head_word_decides() -> None:
    s = judge(replacement("She", "Ms. Lee", None), replacement("She", "Ms. Corp", None))
    assert [j.right for j in s.judged] == [True, False]


def test_confidence_bands_and_threshold() -> None:
    s = judge(replacement("She", "Ann Lee", "Ann Lee"), replacement("its", "Acme", "Acme Corp."))
    assert s.at(0.9).replaced == 0 and s.at(0.5).replaced == 2
    assert sum(n for _, _, n, _ in s.bands()) == 2
    assert s.ece == pytest.approx(100 * abs(0.5 - 0.8))


def test_lowercase_unquoted_keeps_offsets_and_maps_back() -> None:
    text = "“He’s here,” Ann said. İSTANBUL’s mayor"
    a = lowercase_unquoted(Aligned.clean(text))
    assert len(a.text) == len(text)
    assert a.text.startswith(" he s here   ann said.")
    assert "İstanbul s mayor" in a.text  # İ lower-cases to two characters: kept
    he = a.text.index("he")
    assert a.span_to_clean(he, he + 2) == (1, 3)
    assert text[slice(*a.span_to_clean(he, he + 2))] == "He"


def test_a_variant_replacement_is_scored_in_clean_offsets() -> None:
    a = lowercase_unquoted(Aligned.clean(TEXT))
    s, e = span("She")
    r = Replacement(s, e, "she", "ann lee", 0, *span("Ann Lee"), 0, 0, 0.9)
    score = score_article(TEXT, LABELS, [r], a)
    assert score.judged and score.judged[0].right


def test_a_source_that_a_known_mention_starts_or_the_same_words_name_the_entity() -> None:
    text = "Eight people from Ohio met Ann Lee. They liked Ann Lee, and she liked them."
    they, she = text.index("They"), text.index("she")
    labels = [
        PronounLabel("1", they, they + 4, "entity", (0, 12), (0, 12)),
        PronounLabel("1", she, she + 3, "entity", (27, 34), (27, 34)),
    ]
    long_source = Replacement(they, they + 4, "They", "Eight people from Ohio", 0, 0, 22, 0, 0, 0.9)
    other_ann = text.index("Ann Lee,")  # an occurrence the gold set does not list
    same_words = Replacement(she, she + 3, "she", "Ann Lee", 1, other_ann, other_ann + 7, 0, 0, 0.9)
    s = score_article(text, labels, [long_source, same_words])
    assert [j.right for j in s.judged] == [True, True]
