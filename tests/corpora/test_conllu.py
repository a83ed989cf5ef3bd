"""CoNLL-U / CorefUD reader: exact text, gold tokens, coreference brackets, errors.

Expected corpus numbers are derived from the raw files (regexes over
``Entity=`` values, the ``# text`` comments, the parallel ``.conll`` files),
never from the reader's own output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from corefine.corpora.conllu import parse_conllu, read_conllu
from corefine.document import Document
from corefine.errors import FormatError

TokenSpan = tuple[int, int]  # inclusive token indices


@pytest.fixture(scope="module")
def dev_files(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "gum" / "ontogum" / "dev").glob("*.conllu"))


@pytest.fixture(scope="module")
def dev_docs(dev_files: list[Path]) -> dict[Path, Document]:
    docs = {}
    for f in dev_files:
        [doc] = read_conllu(f)
        docs[f] = doc
    return docs


def token_clusters(doc: Document) -> set[frozenset[TokenSpan]]:
    """Clusters as sets of inclusive token-index spans."""
    out = set()
    for c in doc.clusters:
        spans = set()
        for m in c.mentions:
            i, j = doc.token_range(m.start, m.end)
            spans.add((i, j - 1))
        out.add(frozenset(spans))
    return out


def read_minimal_conll(path: Path) -> tuple[list[str], set[frozenset[TokenSpan]]]:
    """Words and clusters of a 3-column ``.conll`` file, with its own tiny bracket parser."""
    words: list[str] = []
    open_at: dict[str, list[int]] = {}
    clusters: dict[str, set[TokenSpan]] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        i = len(words)
        _, word, coref = line.split("\t")
        words.append(word)
        for single, start, end in re.findall(r"\((\d+)\)|\((\d+)|(\d+)\)", coref):
            if single:
                clusters.setdefault(single, set()).add((i, i))
            elif start:
                open_at.setdefault(start, []).append(i)
            else:
                clusters.setdefault(end, set()).add((open_at[end].pop(), i))
    assert not any(open_at.values())
    return words, {frozenset(c) for c in clusters.values()}


def entity_values(path: Path) -> list[str]:
    return re.findall(r"Entity=([^|\t\n]*)", path.read_text(encoding="utf-8"))


# -- the shared OntoGUM dev set ----------------------------------------------------


def test_dev_counts_match_the_raw_brackets(dev_files: list[Path], dev_docs: dict) -> None:
    # every mention has exactly one opening bracket; a cluster is a distinct id per document
    mentions = sum(v.count("(") for f in dev_files for v in entity_values(f))
    clusters = sum(
        len({i for v in entity_values(f) for i in re.findall(r"\((\d+)", v)}) for f in dev_files
    )
    assert len(dev_docs) == 30
    assert (mentions, clusters) == (3818, 857)
    assert sum(len(d.mentions) for d in dev_docs.values()) == mentions
    assert sum(len(d.clusters) for d in dev_docs.values()) == clusters


def test_dev_clusters_and_words_equal_the_conll_files(dev_docs: dict) -> None:
    for path, doc in dev_docs.items():
        words, clusters = read_minimal_conll(path.with_suffix(".conll"))
        tokens = [t.text for t in doc.tokens]
        # the corpus' .conll export writes the token "|" as an empty word
        assert [w or "|" for w in words] == tokens, path.name
        assert token_clusters(doc) == clusters, path.name


def test_dev_sentence_text_equals_the_text_comment(dev_docs: dict) -> None:
    for path, doc in dev_docs.items():
        raw = path.read_text(encoding="utf-8").split("\n")
        expected = [line.removeprefix("# text = ") for line in raw if line.startswith("# text = ")]
        assert [doc.text[s.start : s.end] for s in doc.sentences] == expected, path.name


def test_dev_metadata_and_paragraphs(dev_docs: dict) -> None:
    for path, doc in dev_docs.items():
        raw = path.read_text(encoding="utf-8")
        title = re.search(r"^# meta::title = (.*)$", raw, re.M)
        assert title is not None
        assert doc.name == path.stem
        assert doc.metadata["genre"] == path.stem.split("_")[1]
        assert doc.metadata["title"] == title.group(1)
        assert doc.metadata["path"] == str(path)
        assert doc.text == doc.text.strip()
        # one paragraph break per sentence after the first that starts a paragraph
        later = raw.strip().split("\n\n")[1:]
        breaks = sum(bool(re.search(r"^# newpar$", block, re.M)) for block in later)
        assert doc.text.count("\n\n") == breaks, path.name
    exposure = next(d for p, d in dev_docs.items() if p.stem == "GUM_academic_exposure")
    assert exposure.text.startswith(
        "Introduction\n\nResearch on adult-learned second language (L2)"
    )


def test_all_ontogum_documents_validate(shared_data: Path) -> None:
    files = sorted((shared_data / "gum" / "ontogum").glob("*/*.conllu"))
    assert len(files) == 177 + 30
    for f in files:
        for doc in read_conllu(f):
            doc.validate()
            assert all(doc.text[m.start : m.end] == m.text for m in doc.mentions)
            labels = doc.metadata["entity_labels"]
            assert sorted(labels) == [c.id for c in doc.clusters] == list(range(len(labels)))


# -- hand-written CoNLL-U ----------------------------------------------------------


def conllu(*rows: Sequence[str], comments: Sequence[str] = ()) -> str:
    """A sentence from ``(id, form[, misc])`` rows; the other columns are ``_``."""
    lines = [f"# {c}" for c in comments]
    for row in rows:
        ident, form, misc = (*row, "_") if len(row) == 2 else row
        lines.append("\t".join([ident, form, *["_"] * 7, misc]))
    return "\n".join(lines) + "\n\n"


def words(text: str) -> list[tuple[str, str, str]]:
    """Rows for a space-separated sentence, Entity values after ``/``: ``'He/(1) ran'``."""
    rows = []
    for i, item in enumerate(text.split(), start=1):
        form, _, entity = item.partition("/")
        rows.append((str(i), form, f"Entity={entity}" if entity not in ("", "_") else "_"))
    return rows


def clusters_text(doc: Document) -> list[list[str]]:
    return [[m.text for m in c.mentions] for c in doc.clusters]


def parse_one(text: str) -> Document:
    [doc] = parse_conllu(text, name="t")
    doc.validate()
    return doc


def test_nested_crossing_and_concatenated_brackets() -> None:
    doc = parse_one(
        conllu(*words("A/(1 B/(2 C/1) D/2)(3 E/(4(5) F/3)4) G/(6)")),
    )
    assert doc.text == "A B C D E F G"
    assert clusters_text(doc) == [["A B C"], ["B C D"], ["D E F"], ["E F"], ["E"], ["G"]]
    assert doc.metadata["entity_labels"] == {0: "1", 1: "2", 2: "3", 3: "4", 4: "5", 5: "6"}


def test_closing_bracket_closes_the_most_recent_mention_of_its_entity() -> None:
    doc = parse_one(conllu(*words("A/(1 B/(1 C/1) D/1)")))
    assert clusters_text(doc) == [["A B C D", "B C"]]


def test_corefud_ids_with_attributes_and_first_appearance_order() -> None:
    doc = parse_one(
        conllu(
            *words(
                "Mary/(e7-person-1-new) saw/_ the/(e3-object-2-new cat/e3) ;/_ "
                "she/(e7-person-1-giv)(e3-object-1-giv) ./_"
            )
        )
    )
    assert clusters_text(doc) == [["Mary", "she"], ["the cat", "she"]]
    assert doc.metadata["entity_labels"] == {0: "e7", 1: "e3"}


def test_discontinuous_mention_spans_first_to_last_part() -> None:
    doc = parse_one(
        conllu(
            *words(
                "the/(e5[1/2]-person-1 man/e5[1/2]) ,/_ sadly/_ ,/_ "
                "there/(e5[2/2] again/e5[2/2]) he/(e5) left/_"
            )
        )
    )
    assert clusters_text(doc) == [["the man , sadly , there again", "he"]]


def test_discontinuous_mention_missing_a_part_is_an_error() -> None:
    with pytest.raises(FormatError) as err:
        parse_conllu(conllu(*words("a/(e5[1/2]) b/_ c/_")), path="x.conllu")
    assert err.value.line == 1
    assert "1 of 2 parts" in err.value.message


def test_spacing_misc_and_paragraphs() -> None:
    text = (
        conllu(
            ("1", "Hello", "SpaceAfter=No"),
            ("2", ","),
            ("3", "world", "SpacesAfter=\\s\\s"),
            ("4", "!", "SpaceAfter=No"),
            comments=["newdoc id = d1", "newpar"],
        )
        + conllu(
            ("1", "Next", "SpacesBefore=\\t"),
            ("2", "line", "SpacesAfter=\\n"),
            comments=["text = Next line"],
        )
        + conllu(("1", "10 000", "SpacesInToken=10\\s000"), comments=["newpar"])
    )
    doc = parse_one(text)
    assert doc.name == "d1"
    assert doc.text == "Hello, world  !\tNext line\n10 000"
    assert [t.text for t in doc.tokens] == ["Hello", ",", "world", "!", "Next", "line", "10 000"]
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "Hello, world  !",
        "Next line",
        "10 000",
    ]
    default = parse_one(
        conllu(*words("One ."), comments=["newpar"])
        + conllu(*words("Two ."))
        + conllu(*words("Three ."), comments=["newpar"])
    )
    assert default.text == "One . Two .\n\nThree ."


def test_multiword_tokens() -> None:
    doc = parse_one(
        conllu(
            ("1", "our", "Entity=(2(1)"),
            ("2-3", "country’s"),
            ("2", "country"),
            ("3", "’s", "Entity=2)"),
            ("4-5", "del", "SpaceAfter=No"),
            ("4", "de"),
            ("5", "el", "Entity=(3)"),
            ("6", "!"),
        )
    )
    # words that spell the surface are tokens; "de"+"el" is not "del", so one token
    assert [t.text for t in doc.tokens] == ["our", "country", "’s", "del", "!"]
    assert doc.text == "our country’s del!"
    assert clusters_text(doc) == [["our country’s"], ["our"], ["del"]]


def test_empty_nodes_give_no_text_and_zero_mentions_are_dropped() -> None:
    doc = parse_one(
        conllu(
            ("1", "Mary", "Entity=(1)"),
            ("2", "left"),
            ("2.1", "she", "Entity=(1)"),
            ("3", "and"),
            ("3.1", "_", "Entity=(2"),
            ("4", "sang", "Entity=2)"),
        )
    )
    assert doc.text == "Mary left and sang"
    assert clusters_text(doc) == [["Mary"], ["sang"]]


def test_several_documents_in_one_file() -> None:
    docs = parse_conllu(
        conllu(*words("A/(1)"), comments=["newdoc id = first", "meta::genre = news"])
        + conllu(*words("B/(1) b/(1)"), comments=["newdoc id = GUM_bio_x"])
        + conllu(*words("C"), comments=["newdoc"]),
        name="file",
        path="f.conllu",
    )
    assert [d.name for d in docs] == ["first", "GUM_bio_x", "file-2"]
    assert [d.text for d in docs] == ["A", "B b", "C"]
    assert [d.metadata.get("genre") for d in docs] == ["news", "bio", None]
    assert [len(d.clusters) for d in docs] == [1, 1, 0]
    assert all(d.metadata["path"] == "f.conllu" for d in docs)


# -- errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("1\tA\t_\t_\n", 1, "10 tab-separated columns"),
        ("# c\n" + conllu(("1", "A"), ("x", "B")), 3, "bad token id"),
        (conllu(("1", "A"), ("3", "B")), 2, "expected word id 2"),
        (conllu(("1-2", "AB"), ("1", "A")), 1, "not followed by its words"),
        (conllu(*words("A/(1 B")) + conllu(*words("C")), 1, "never closed"),
        (conllu(*words("A B/1)")), 2, "no open mention"),
        (conllu(*words("A/(1)x")), 1, "malformed Entity"),
        ("1\tA" + "\t_" * 8 + "\n# late comment\n", 2, "comment line inside a sentence"),
    ],
)
def test_malformed_input_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(FormatError) as err:
        parse_conllu(text, path="bad.conllu")
    assert (err.value.path, err.value.line) == ("bad.conllu", line)
    assert message in err.value.message


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as err:
        read_conllu(tmp_path / "missing.conllu")
    assert "no such file" in str(err.value)

    latin = tmp_path / "latin.conllu"
    latin.write_bytes(conllu(("1", "A"), ("2", "café")).encode("latin-1"))
    with pytest.raises(FormatError) as err:
        read_conllu(latin)
    assert err.value.line == 2
    assert "encoding" in err.value.message
    assert read_conllu(latin, encoding="latin-1")[0].text == "A café"

    empty = tmp_path / "empty.conllu"
    empty.write_text("")
    assert read_conllu(empty) == []
    comments = tmp_path / "comments.conllu"
    comments.write_text("# newdoc id = x\n\n\n")
    assert read_conllu(comments) == []
