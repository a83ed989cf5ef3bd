"""Tokenization must be exact on messy input: offsets index the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corefine.document import Cluster, Document, Mention, as_clusters
from corefine.tokenizer import make_document, reading, tokenize

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a   former    marriage opponent", ["a", "former", "marriage", "opponent"]),
        ("tabs\tand\nnewlines\r\nhere", ["tabs", "and", "newlines", "here"]),
        (
            "non\u00a0breaking\u2009thin\u3000ideographic",
            ["non", "breaking", "thin", "ideographic"],
        ),
        ("zero\u200bwidth", ["zero", "width"]),
        ("“Hello,” she said.", ["“", "Hello", ",", "”", "she", "said", "."]),
        ("Marinelli's and Marinelli’s", ["Marinelli", "'s", "and", "Marinelli", "’s"]),
        ("don't won’t", ["do", "n't", "wo", "n’t"]),
        # a clitic set apart by spacing is still one token, as in "Marinelli's"; quotes are not
        ("Trump ’s plan , we 'll see 'em", ["Trump", "’s", "plan", ",", "we", "'ll", "see", "'em"]),
        (
            "the 'd' key, students' books",
            ["the", "'", "d", "'", "key", ",", "students", "'", "books"],
        ),
        ("to the U. S. and the U.S. too", ["to", "the", "U.", "S.", "and", "the", "U.S.", "too"]),
        (
            "Mr. Smith met Dr. Jones Jr. today.",
            ["Mr.", "Smith", "met", "Dr.", "Jones", "Jr.", "today", "."],
        ),
        ("at 3.5% on 11/08/2016", ["at", "3.5%", "on", "11/08/2016"]),
        ("Turkey.They’re in St.Louis", ["Turkey", ".", "They", "’re", "in", "St.Louis"]),
        # Windows-1252 punctuation decoded as Latin-1 (C1 controls) is read as punctuation
        (
            "They\x92re \x93moderate\x94 \x96 so",
            ["They", "\x92re", "\x93", "moderate", "\x94", "\x96", "so"],
        ),
        # UTF-8 decoded as Latin-1 or Windows-1252 is read as the characters it encodes:
        # "’s" stays a clitic, "cafÃ©" one word; the extra characters are in no token
        (
            "Hillary\u00e2\u0080\u0099s plan \u00e2\u20ac\u201c "
            "caf\u00c3\u00a9 \u00e2\u20ac\u0153ok",
            ["Hillary", "\x99s", "plan", "“", "cafÃ©", "œ", "ok"],
        ),
        # a number run into letters is one word, as in the corpora the model learned from
        (
            "the 1990s. Its 3rd 4G phone at 12:30pm",
            ["the", "1990s", ".", "Its", "3rd", "4G", "phone", "at", "12:30pm"],
        ),
        ("well... yes", ["well", "...", "yes"]),
        ("wow 😀👍🏽 ok", ["wow", "😀", "👍🏽", "ok"]),
        ("family: 👨\u200d👩\u200d👧 ok", ["family", ":", "👨\u200d👩\u200d👧", "ok"]),
        ("हिन्दी and 中文 and Ελληνικά", ["हिन्दी", "and", "中文", "and", "Ελληνικά"]),
        ("café naïve", ["café", "naïve"]),
        ("see https://example.com/a?b=1. Then", ["see", "https://example.com/a?b=1", ".", "Then"]),
        ("@realDonaldTrump #MAGA", ["@realDonaldTrump", "#MAGA"]),
        ("state-of-the-art AT&T", ["state-of-the-art", "AT&T"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an abbreviation's period is also the full stop before a capitalised function word
        (
            "The campaign wants to secede from the U. S. Its organisers say so.",
            ["The campaign wants to secede from the U. S.", "Its organisers say so."],
        ),
        ("He left the U.S. The end.", ["He left the U.S.", "The end."]),
        ("She works for Acme Inc. She likes it.", ["She works for Acme Inc.", "She likes it."]),
        (
            "It ended in the 1990s. In 2001 it began.",
            ["It ended in the 1990s.", "In 2001 it began."],
        ),
        ("Plan B. It failed.", ["Plan B.", "It failed."]),
        # spaced quotation marks, as tokenized corpora print them: one that starts a line
        # opens, one before a line break or a lower-case word closes
        (
            'It was her Ayah .\n" Why did you come ? " she said .\n" Go away . "\nShe left .',
            [
                "It was her Ayah .",
                '" Why did you come ? " she said .',
                '" Go away . "',
                "She left .",
            ],
        ),
        # a reference mark belongs to the sentence it follows; e.g. ends none
        (
            "He left in 1805. [6] An undistinguished student, e.g. The Times said. [...]",
            ["He left in 1805. [6]", "An undistinguished student, e.g. The Times said. [...]"],
        ),
        # "no." is the abbreviation only before a number
        ("The answer is no. He left.", ["The answer is no.", "He left."]),
        ("It was No. 5 on the list, see vol. 2.", None),
        ("He said \x93Yes.\x94 Then he left.", ["He said \x93Yes.\x94", "Then he left."]),
        # scraped news drops the space after a full stop
        (
            "They were tortured.The only way out.I know.",
            ["They were tortured.", "The only way out.", "I know."],
        ),
        ("It lies in St.Louis and sells on Amazon.com today.", None),
        # but not before a name, nor after a title, which stands before its name
        ("Sen. Warren met the U.S. Army today.", ["Sen. Warren met the U.S. Army today."]),
        ("Harry S. Truman met Gov. The Rock.", ["Harry S. Truman met Gov. The Rock."]),
    ],
)
def test_sentence_ends(text: str, expected: list[str] | None) -> None:
    doc = make_document(text)
    assert [text[s.start : s.end] for s in doc.sentences] == (expected or [text])


def test_sentences_on_news_text() -> None:
    text = (
        "Mr. Marinelli left the U.S. on Monday. He said:  “I am done.”\n"
        "Headline Without Period\n\nNew paragraph here? Yes! it is"
    )
    doc = make_document(text)
    got = [text[s.start : s.end] for s in doc.sentences]
    assert got == [
        "Mr. Marinelli left the U.S. on Monday.",
        "He said:  “I am done.”",
        "Headline Without Period",
        "New paragraph here?",
        "Yes! it is",
    ]
    # sentences partition the tokens
    assert [s.token_start for s in doc.sentences[1:]] == [s.token_end for s in doc.sentences[:-1]]
    assert doc.sentences[-1].token_end == len(doc.tokens)


_messy_chars = st.sampled_from(
    [
        *list("abcXYZ019 .,;:!?'\"-’“”‘—…\t\n\xa0\u2009"),
        "é",
        "ß",
        "中",
        "😀",
        "👍🏽",
        "\u200b",
        "  ",
        "\x92",
        "\x93",
        "\x96",
        "Ã©",  # é, "â€™" ’ and "â\x80\x9d" ”: UTF-8 decoded as Windows-1252 or Latin-1
        "â€™",
        "â\x80\x9d",
        "Ä",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_messy_chars, max_size=60).map("".join))
def test_tokens_are_exact_and_cover_all_visible_characters(text: str) -> None:
    tokens = tokenize(text)
    covered = [False] * len(text)
    prev_end = 0
    for t in tokens:
        assert text[t.start : t.end] == t.text
        assert prev_end <= t.start < t.end
        assert not t.text[0].isspace() and not t.text[-1].isspace()
        for i in range(t.start, t.end):
            covered[i] = True
        prev_end = t.end
    read = reading(text)
    for i, ch in enumerate(read):  # all but the extra characters of a mojibake
        if not ch.isspace() and ch not in ZERO_WIDTH:
            assert covered[i], f"character {text[i]!r} at {i} is in no token"
    make_document(text).validate()


@pytest.mark.parametrize("decoded_as", ["latin-1", "cp1252"])
def test_utf8_decoded_as_a_single_byte_encoding_reads_as_the_text_it_was(decoded_as: str) -> None:
    clean = "“Hillary’s” 5 € – café, Zürich, señor… 😀\u00a0ok"
    data = clean.encode("utf-8")
    # the five bytes Windows-1252 leaves undefined (” ends in 0x9d) stay C1 characters
    garbled = "".join(bytes([b]).decode(decoded_as, errors="ignore") or chr(b) for b in data)
    read = reading(garbled)
    assert len(read) == len(garbled)  # offsets hold
    assert read.replace("\u200b", "").replace("\u034f", "") == clean
    assert words(garbled) == [garbled[t.start : t.end] for t in tokenize(garbled)]
    assert len(words(garbled)) == len(words(clean))


@pytest.mark.parametrize("text", ["“café”…", "GRÄ ok", "GRÄ\u00a0ok", "naïve Ãx", "Â"])
def test_real_text_is_read_as_written(text: str) -> None:
    """Runs that decode to no likely character are real text: "é”…" would be a CJK one."""
    assert reading(text) == text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["He", "said", "Marinelli", "'s", "wife", ".", ",", "U.", "S."]),
        max_size=30,
    )
)
def test_widening_whitespace_keeps_the_same_tokens(pieces: list[str]) -> None:
    narrow = " ".join(pieces)
    wide = "   \t ".join(pieces)
    assert words(narrow) == words(wide)


def test_document_validate_catches_a_bad_mention() -> None:
    doc = make_document("Marinelli said he left.")
    doc.clusters = [Cluster(0, [doc.mention(0, 9), Mention(15, 17, "XX")])]
    with pytest.raises(ValueError, match="does not match"):
        doc.validate()


def test_document_lookups() -> None:
    text = "Marinelli  said   he left. Then he came back."
    doc = make_document(text)
    he = text.index("he")
    assert doc.tokens[doc.token_index(he)].text == "he"
    assert doc.token_range(0, len("Marinelli")) == (0, 1)
    assert doc.token_range(text.index("said"), text.index("left") + 4) == (1, 4)
    assert doc.sentence_index(text.index("Then")) == 1
    with pytest.raises(ValueError):
        doc.mention(5, 100)


def test_as_clusters_accepts_spans_and_rejects_bad_ones() -> None:
    text = "Marinelli said he left."
    clusters = as_clusters(text, [[(0, 9), (15, 17)]])
    assert [m.text for m in clusters[0].mentions] == ["Marinelli", "he"]
    with pytest.raises(ValueError):
        as_clusters(text, [[(0, 99)]])
    doc = Document(text, clusters=clusters)
    assert doc.to_dict()["clusters"][0]["mentions"][1] == {
        "start": 15,
        "end": 17,
        "text": "he",
        "confidence": None,
    }
