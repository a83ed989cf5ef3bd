"""CoNLL-2012 reader and writer: hand-made fixtures, the shared corpora, errors."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest

from corefine.corpora.conll2012 import (
    clusters_as_token_spans,
    conll_string,
    parse_conll,
    read_conll,
    write_conll,
)
from corefine.document import Cluster, Document, Mention
from corefine.errors import FormatError
from corefine.tokenizer import make_document

DATA = Path(__file__).parents[1] / "data" / "conll2012"


def spans(doc: Document) -> list[list[tuple[int, int]]]:
    """Clusters as sorted inclusive token spans, in cluster-id order."""
    return [sorted(c) for c in clusters_as_token_spans(doc)]


# -- fixtures -----------------------------------------------------------------------


def test_two_documents_in_one_file() -> None:
    onto, lit = read_conll(DATA / "two_docs.conll")
    assert onto.name == "news/doc1_0"
    assert (onto.metadata["conll_document"], onto.metadata["conll_part"]) == ("news/doc1", "000")
    assert lit.name == "lit_style_1"
    assert lit.metadata["conll_part"] == "1"


def test_ontonotes_style_rows_split_on_whitespace() -> None:
    doc = read_conll(DATA / "two_docs.conll")[0]
    doc.validate()
    assert doc.text == "Ann Smith said she would come .\nHer brother met the Smith family ."
    assert [t.text for t in doc.tokens[:3]] == ["Ann", "Smith", "said"]
    assert doc.tokens[7].start == doc.text.index("Her")
    assert [(s.token_start, s.token_end) for s in doc.sentences] == [(0, 7), (7, 14)]
    assert doc.text[doc.sentences[1].start : doc.sentences[1].end].startswith("Her brother")
    assert spans(doc) == [[(0, 1), (3, 3), (7, 7)], [(7, 8)], [(10, 12)], [(11, 11)]]
    assert [m.text for m in doc.clusters[0].mentions] == ["Ann Smith", "she", "Her"]
    assert doc.metadata["entity_labels"] == {0: "0", 1: "1", 2: "2", 3: "3"}


def test_litbank_style_rows_and_the_scorers_item_order() -> None:
    doc = read_conll(DATA / "two_docs.conll")[1]
    # "(9|(8)": the one-token mention is applied before the start, as in the
    # reference scorer, so entity 8 gets the first cluster id.
    assert doc.metadata["entity_labels"] == {0: "8", 1: "9", 2: "4"}
    assert spans(doc) == [[(0, 0)], [(0, 1), (3, 3), (9, 9)], [(3, 4), (6, 6)]]
    # rows without coreference end with "_" and a trailing tab: no mention there
    assert doc.tokens[2].text == "saw"


def test_drop_singletons_renumbers_clusters() -> None:
    doc = read_conll(DATA / "two_docs.conll", drop_singletons=True)[1]
    assert spans(doc) == [[(0, 1), (3, 3), (9, 9)], [(3, 4), (6, 6)]]
    assert [c.id for c in doc.clusters] == [0, 1]
    assert doc.metadata["entity_labels"] == {0: "9", 1: "4"}


def test_gum_labels_identify_entities_by_number() -> None:
    (doc,) = read_conll(DATA / "gum_style.conll")
    assert doc.name == "GUM_test_doc_0"
    assert doc.metadata["conll_header"] == "GUM_test_doc"
    assert doc.text == "Byron received his education at Aberdeen School ."
    assert doc.metadata["entity_labels"] == {
        0: "person-3-Lord_Byron",
        1: "abstract-1",
        2: "place-5-Aberdeen",
        3: "organization-4-Aberdeen_Grammar_School",
    }
    assert [[m.text for m in c.mentions] for c in doc.clusters] == [
        ["Byron", "his"],
        ["his education"],
        ["Aberdeen"],
        ["Aberdeen School"],
    ]


def test_gum_number_with_two_types_is_rejected() -> None:
    text = "# begin document X\n0\tA\t(person-1)\n1\tB\t(place-1)\n# end document\n"
    with pytest.raises(FormatError, match="two types") as err:
        parse_conll(text, path="x.conll")
    assert err.value.line == 3


def test_header_without_name_uses_the_file_stem() -> None:
    (doc,) = read_conll(DATA / "unnamed_doc.conll")
    assert doc.name == "unnamed_doc_0"
    assert [len(c.mentions) for c in doc.clusters] == [2]


def test_split_antecedents_are_discarded_as_by_the_scorer() -> None:
    text = "#begin document (d); part 0\nd 0 0 They (1+2)|(3)\nd 0 1 left -\n#end document\n"
    (doc,) = parse_conll(text)
    assert spans(doc) == [[(0, 0)]]
    assert doc.metadata["entity_labels"] == {0: "3"}


def test_a_row_closing_and_reopening_an_entity_is_read_as_the_scorer_reads_it() -> None:
    # The reference scorer pushes the row's start before popping for its end,
    # so "1)|(1" on w1 yields the one-token mention w1 and the mention w0..w2.
    text = (
        "#begin document (q); part 000\n"
        "q\t0\t0\tw0\t(1\nq\t0\t1\tw1\t1)|(1\nq\t0\t2\tw2\t1)\n"
        "#end document\n"
    )
    (doc,) = parse_conll(text)
    assert spans(doc) == [[(0, 2), (1, 1)]]


def test_repeated_mention_within_an_entity_is_kept_once_with_a_warning() -> None:
    text = "#begin document (d); part 0\nd 0 0 Ann (1)|(1)\nd 0 1 she (1)\n#end document\n"
    with pytest.warns(UserWarning, match="twice"):
        (doc,) = parse_conll(text)
    assert spans(doc) == [[(0, 0), (1, 1)]]


def test_empty_word_column_becomes_an_underscore() -> None:
    text = "# begin document d\n0\tA\t(1)\n1\t\t_\n2\tB\t(1)\n# end document\n"
    (doc,) = parse_conll(text)
    assert doc.text == "A _ B"
    doc.validate()


# -- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("#begin document (d); part 0\nd 0 0 A (1\n#end document\n", 3, "not closed"),
        ("#begin document (d); part 0\nd 0 0 A 1)\n#end document\n", 2, "never started"),
        ("#begin document (d); part 0\nd 0 0 A (1(\n#end document\n", 2, "malformed"),
        ("#begin document (d); part 0\nd 0 0 A 1)(\n#end document\n", 2, "malformed"),
        ("d 0 0 A (1)\n", 1, "outside a document"),
        ("#begin document (d); part 0\nd 0 0 A (1)\n", 2, "not closed by '#end document'"),
        ("#begin document (a); part 0\n#begin document (b); part 0\n", 2, "inside document"),
        ("#begin document (d); part 0\nA (1)\n#end document\n", 2, "at least 3 columns"),
    ],
)
def test_malformed_input_raises_format_error_with_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(FormatError, match=message) as err:
        parse_conll(text, path="bad.conll")
    assert err.value.line == line
    assert str(err.value).startswith(f"bad.conll:{line}: ")


def test_unclosed_mention_in_a_file() -> None:
    with pytest.raises(FormatError, match="is not closed") as err:
        read_conll(DATA / "unclosed.conll")
    assert err.value.path == str(DATA / "unclosed.conll")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file"):
        read_conll(tmp_path / "nope.conll")
    with pytest.raises(FormatError, match="directory"):
        read_conll(tmp_path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.conll"
    bad.write_bytes(
        "#begin document (d); part 0\nd 0 0 café (1)\n#end document\n".encode("latin-1")
    )
    with pytest.raises(FormatError, match="not valid utf-8") as err:
        read_conll(bad)
    assert err.value.line == 2
    (doc,) = read_conll(bad, encoding="latin-1")
    assert doc.tokens[0].text == "café"


# -- writer --------------------------------------------------------------------------


def test_writer_output_is_what_the_reference_scorer_reads() -> None:
    doc = read_conll(DATA / "two_docs.conll")[1]
    out = conll_string(doc)
    lines = out.splitlines()
    assert lines[0] == "#begin document (lit_style); part 1"
    assert lines[1] == "lit_style\t1\t0\tMary\t(1|(0)"
    assert lines[2] == "lit_style\t1\t1\tLennox\t1)"
    assert lines[4] == "lit_style\t1\t3\ther\t(2|(1)"
    assert lines[7] == ""  # sentence break
    assert lines[8] == "lit_style\t1\t0\tHe\t(2)"
    assert lines[-1] == "#end document"
    assert all(len(line.split("\t")) == 5 for line in lines[1:-1] if line)


def test_round_trip_of_the_fixtures() -> None:
    for name in ("two_docs.conll", "gum_style.conll", "unnamed_doc.conll"):
        docs = read_conll(DATA / name)
        again = parse_conll(conll_string(docs))
        assert [d.name for d in again] == [d.name for d in docs]
        assert [spans(d) for d in again] == [spans(d) for d in docs]
        assert [d.text for d in again] == [d.text for d in docs]


def test_character_spans_cover_the_tokens_they_overlap() -> None:
    doc = make_document("Mary Lennox saw her uncle.")
    # "ennox sa" cuts two tokens: it covers both; "her" is exact
    doc.clusters = [Cluster(0, [doc.mention(6, 14), doc.mention(16, 19)])]
    (back,) = parse_conll(conll_string(doc))
    assert [m.text for m in back.clusters[0].mentions] == ["Lennox saw", "her"]


def test_clusters_for_writes_a_response_and_whitespace_mentions_are_dropped() -> None:
    doc = make_document("Ann  met Bob.")
    doc.clusters = [Cluster(0, [doc.mention(0, 3)])]
    response = [[(0, 3), (9, 12)], [(3, 5)]]  # the second cluster is only spaces
    with pytest.warns(UserWarning, match="overlaps no token"):
        (back,) = parse_conll(conll_string(doc, clusters_for=lambda d: response))
    assert [[m.text for m in c.mentions] for c in back.clusters] == [["Ann", "Bob"]]


def test_document_without_tokens_is_tokenized_and_named() -> None:
    doc = Document("She left. He stayed.", name="plain")
    doc.clusters = [Cluster(0, [Mention(0, 3, "She"), Mention(10, 12, "He")])]
    buf = io.StringIO()
    write_conll(doc, buf)
    lines = buf.getvalue().splitlines()
    assert lines[0] == "#begin document (plain); part 000"
    assert "" in lines  # two sentences
    (back,) = parse_conll(buf.getvalue())
    assert back.name == "plain_0"
    assert [m.text for m in back.clusters[0].mentions] == ["She", "He"]


def test_nested_mentions_of_one_cluster_starting_on_one_token() -> None:
    doc = make_document("the old man and his dog")
    doc.clusters = [Cluster(0, [doc.token_mention(0, 2), doc.token_mention(0, 5)])]
    out = conll_string(doc)
    assert "\tthe\t(0|(0\n" in out
    (back,) = parse_conll(out)
    assert spans(back) == [[(0, 2), (0, 5)]]


def test_crossing_mentions_of_one_cluster_warn() -> None:
    doc = make_document("a b c d")
    doc.clusters = [Cluster(0, [doc.token_mention(0, 2), doc.token_mention(1, 3)])]
    with pytest.warns(UserWarning, match="crossing"):
        conll_string(doc)


def test_write_to_a_path(tmp_path: Path) -> None:
    docs = read_conll(DATA / "gum_style.conll")
    write_conll(docs, tmp_path / "out.conll")
    assert [spans(d) for d in read_conll(tmp_path / "out.conll")] == [spans(d) for d in docs]


# -- the shared corpora ----------------------------------------------------------------


def test_litbank_dev_file(shared_data: Path) -> None:
    path = shared_data / "litbank" / "dev" / "113_the_secret_garden_brat.conll"
    (doc,) = read_conll(path)
    rows = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    assert len(doc.tokens) == len(rows)
    assert doc.name == "113_the_secret_garden_brat_0"
    assert doc.text.startswith("CHAPTER I THERE IS NO ONE LEFT When Mary Lennox was sent")
    mary = next(c for c in doc.clusters if any(m.text == "Mary Lennox" for m in c.mentions))
    assert doc.metadata["entity_labels"][mary.id] == "2"
    assert len(mary.mentions) > 20  # the protagonist
    doc.validate()


def test_gum_full_scheme_file(shared_data: Path) -> None:
    (doc,) = read_conll(shared_data / "gum" / "gum" / "dev" / "GUM_bio_byron.conll")
    byron = next(
        c for c in doc.clusters if doc.metadata["entity_labels"][c.id] == "person-3-Lord_Byron"
    )
    texts = {m.text for m in byron.mentions}
    assert {"Byron", "his", "he"} <= texts
    # singletons are annotated in the full scheme
    assert any(len(c.mentions) == 1 for c in doc.clusters)


def test_every_dev_file_round_trips(shared_data: Path) -> None:
    files = sorted((shared_data / "gum").glob("*/dev/*.conll"))
    files += sorted((shared_data / "litbank" / "dev").glob("*.conll"))
    assert len(files) == 70
    for f in files:
        docs = read_conll(f)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no crossing mentions, nothing dropped
            text = conll_string(docs)
        again = parse_conll(text)
        assert [spans(d) for d in again] == [spans(d) for d in docs], f
        for d in docs:
            d.validate()
