"""Text → tokens and sentences with exact character offsets.

Why our own tokenizer: offsets must index the original string exactly, whatever
the input looks like (runs of spaces left by stripped hyphenated words, tabs,
non-breaking and zero-width spaces, curly quotes, ``U. S.``, emoji, mixed
scripts, Windows-1252 quotes decoded as Latin-1 control characters, UTF-8 decoded as
Latin-1 or Windows-1252: see :func:`reading`). Tokens are
found by matching, never by splitting and re-joining, so no normalisation can
shift an offset. Clitics are split the Penn Treebank way
(``Marinelli's`` → ``Marinelli`` ``'s``; ``don't`` → ``do`` ``n't``) because
both the corpora we train on and the possessive logic of the rewriter expect it.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from corefine.document import Document
from corefine.lexicon import (
    ABBREVIATIONS,
    ARTICLES,
    CONJUNCTIONS,
    NEVER_FINAL,
    PREPOSITIONS,
    keeps_period,
    pronoun,
)

# How text reads (mojibake, C1 controls) is corefine.reading's, the abbreviations that
# keep their period corefine.lexicon's: the rewriter needs both and sits below this
# module, which builds documents. Importable from here as before.
from corefine.reading import LETTER_PADDING, PADDING, PUNCTUATION_PADDING, reading
from corefine.spans import Sentence, Token

__all__ = [
    "ABBREVIATIONS",
    "APOSTROPHES",
    "LETTER_PADDING",
    "NEVER_FINAL",
    "PADDING",
    "PUNCTUATION_PADDING",
    "keeps_period",
    "make_document",
    "read_words",
    "reading",
    "split_sentences",
    "tokenize",
]


def read_words(text: str, tokens: Sequence[Token]) -> list[str]:
    """Each token of ``text`` as read (:func:`reading`): what the model and the sentence
    rules see of it, where ``token.text`` is what the input holds."""
    read = reading(text)
    return [read[t.start : t.end] for t in tokens]


APOSTROPHES = "'\u2019\u02bc"
_A = f"[{APOSTROPHES}]"

_TOKEN = regex.compile(
    rf"""
      (?P<url>(?:https?://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]}}'’])
    | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<handle>[@#][\p{{L}}\p{{N}}_]+)
    | (?P<acronym>(?:\p{{L}}\.){{2,}})               # U.S. e.g. a.m.
    | (?P<number>[+-]?\d+(?:[.,:/]\d+)*(?:%|[\p{{L}}\p{{M}}][\p{{L}}\p{{N}}\p{{M}}]*)?)  # 1990s 3rd
    | (?P<word>[\p{{L}}\p{{N}}\p{{M}}]+(?:(?:[-.&]|{_A})[\p{{L}}\p{{N}}\p{{M}}]+)*(?:\.(?!\.))?)
    | (?P<clitic>{_A}(?i:s|re|ll|ve|d|m|em)(?![\p{{L}}\p{{N}}\p{{M}}{APOSTROPHES}]))  # Trump 's
    | (?P<ellipsis>\.{{2,}}|…)
    | (?P<dashes>-{{2,}}|[—–])
    | (?P<emoji>\p{{Extended_Pictographic}}
        (?:[\p{{M}}\u200d\ufe0f\U0001F3FB-\U0001F3FF]+\p{{Extended_Pictographic}}?)*)
    | (?P<other>[^\s\u200b\u200c\u200d\u2060\ufeff])
    """,
    regex.VERBOSE,
)

_CLITIC = regex.compile(rf"(?i)(n{_A}t|{_A}(?:s|re|ll|ve|d|m))$")
_SENTENCE_END = {".", "!", "?", "…", "...", "?!", "!?"}
_CLOSERS = set("\"'”’»)]}")
_OPENERS_UPPER = regex.compile(r"^[\p{Lu}\p{N}\"“‘'(\[«¿¡]")


# A full stop with no space after it, between a word and a capitalised one: scraped
# news drops the space ("were tortured.The only way"); the period stays its own token.
_GLUED_STOP = regex.compile(r"(?<=\p{L}\p{L})\.(?=\p{Lu}(?:\p{Ll}|(?![\p{L}\p{N}.])))")


def _split_glued_stops(start: int, text: str) -> list[tuple[int, str]]:
    """``(start, text)`` pieces of a word token, cut before and after each glued full stop."""
    pieces: list[tuple[int, str]] = []
    last = 0
    for m in _GLUED_STOP.finditer(text):
        if text[last : m.start()].lower() in ABBREVIATIONS:  # St.Louis
            continue
        pieces += [(start + last, text[last : m.start()]), (start + m.start(), ".")]
        last = m.end()
    pieces.append((start + last, text[last:]))
    return pieces


def _split_word(start: int, text: str, read: str) -> list[tuple[int, int]]:
    """Split a word token of ``read`` into word / clitic / trailing period, by offsets."""
    end = start + len(text)
    pieces: list[tuple[int, int]] = []
    body = text
    trailing_period = False
    if body.endswith(".") and len(body) > 1:
        stem = body[:-1]
        letters = stem.replace("'", "").replace("\u2019", "")
        # keep the period when the word is a known abbreviation or an initial (U. S.)
        is_abbrev = keeps_period(stem, read, end) or (len(letters) == 1 and letters.isalpha())
        if not is_abbrev:
            body = stem
            trailing_period = True
    m = _CLITIC.search(body)
    if m and m.start() > 0:
        cut = start + m.start()
        pieces.append((start, cut))
        pieces.append((cut, start + len(body)))
    else:
        pieces.append((start, start + len(body)))
    if trailing_period:
        pieces.append((end - 1, end))
    return pieces


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with exact character offsets (whitespace is never a token)."""
    return _tokenize(text, reading(text))


def _tokenize(text: str, read: str) -> list[Token]:
    """Tokens found in ``read`` (``text`` as read), carrying ``text``'s characters."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(read):
        kind = m.lastgroup
        if kind == "word":
            for piece_start, piece in _split_glued_stops(m.start(), m.group()):
                for s, e in _split_word(piece_start, piece, read):
                    tokens.append(Token(s, e, text[s:e]))
        else:
            tokens.append(Token(m.start(), m.end(), text[m.start() : m.end()]))
    return tokens


def _is_boundary(text: str, tokens: list[Token], i: int) -> bool:
    """Does a sentence end after token ``i``?"""
    tok = tokens[i]
    nxt = tokens[i + 1]
    gap = text[tok.end : nxt.start]
    if gap.count("\n") >= 2 or ("\n" in gap and "\r\n\r\n" in gap):
        return True
    if gap and "\n" not in gap and _citation(tokens, i + 1):
        return False  # the sentence ends after its citation: "in 1805. [6] An"
    # find the sentence-final punctuation, allowing closing quotes, brackets and citations
    # after it (a quote that starts a line opens the next sentence: '.\n" Why')
    j = i
    while j > 0:
        if _citation(tokens, j - 2):
            j -= 3
        elif tokens[j].text in _CLOSERS and "\n" not in text[tokens[j - 1].end : tokens[j].start]:
            j -= 1
        else:
            break
    final = tokens[j].text
    ends = final in _SENTENCE_END or (len(final) > 1 and final[-1] in "!?")
    if not ends and gap and _abbreviation_may_end(final) and _opens_sentence(nxt.text):
        return True
    if not ends:
        # a line break before a capitalised line ends a heading or a paragraph
        return "\n" in gap and bool(_OPENERS_UPPER.match(nxt.text))
    if gap and "\n" not in gap and nxt.text in _QUOTE_MARKS and _closes(text, tokens, i + 1):
        return False  # a spaced quote that closes this sentence: 'come ? " she said'
    if not gap:  # punctuation glued to the next token ("3.5", "U.S.-led") is no boundary,
        # except a full stop cut out of a word ("tortured.The"): see _GLUED_STOP
        return tok.text == "." and _GLUED_STOP.match(text, tok.start) is not None
    return bool(_OPENERS_UPPER.match(nxt.text)) or "\n" in gap


def _citation(tokens: list[Token], k: int) -> bool:
    """Do ``tokens[k:k + 3]`` make a reference mark, "[6]" or "[…]"?"""
    if k < 0 or k + 2 >= len(tokens):
        return False
    first, mark, last = (t.text for t in tokens[k : k + 3])
    return first == "[" and last == "]" and (mark.isdigit() or mark in ("...", "…"))


_QUOTE_MARKS = frozenset("\"'”’»")


def _closes(text: str, tokens: list[Token], k: int) -> bool:
    """Does the spaced quotation mark ``tokens[k]`` close rather than open? It does when a
    line break, the end of the text or a lower-case word follows it."""
    if k + 1 >= len(tokens):
        return True
    after = tokens[k + 1]
    return "\n" in text[tokens[k].end : after.start] or after.text[:1].islower()


def _abbreviation_may_end(text: str) -> bool:
    """Can ``text`` (an abbreviation keeping its period) be the last word of a sentence?

    Why: an abbreviation's period doubles as the full stop ("secede from the
    U.S. Its organisers say"), and a sentence left unsplit there lets a mention
    span the two sentences ("the U.S. Its organisers").
    """
    if not text.endswith(".") or len(text) < 2:
        return False
    stem = text[:-1]
    if "." in stem or len(stem) == 1:  # an acronym (U.S., a.m.) or an initial (U. S., Plan B.)
        letters = stem.replace(".", "")
        return letters.isalpha() and letters.lower() not in NEVER_FINAL  # not e.g., i.e.
    return stem.lower() in ABBREVIATIONS and stem.lower() not in NEVER_FINAL


def _opens_sentence(text: str) -> bool:
    """Is ``text`` a capitalised function word? It opens sentences, never continues a name."""
    if not text[:1].isupper() or not (len(text) == 1 or text[1:].islower()):
        return False
    low = text.lower()
    return low in ARTICLES or low in PREPOSITIONS or low in CONJUNCTIONS or pronoun(low) is not None


def split_sentences(text: str, tokens: list[Token]) -> list[Sentence]:
    """Rule-based sentence boundaries over ``tokens``."""
    return _split_sentences(reading(text), tokens)


def _split_sentences(read: str, tokens: list[Token]) -> list[Sentence]:
    words = [Token(t.start, t.end, read[t.start : t.end]) for t in tokens]
    sentences: list[Sentence] = []
    first = 0
    for i in range(len(tokens) - 1):
        if _is_boundary(read, words, i):
            sentences.append(Sentence(tokens[first].start, tokens[i].end, first, i + 1))
            first = i + 1
    if tokens:
        sentences.append(Sentence(tokens[first].start, tokens[-1].end, first, len(tokens)))
    return sentences


def make_document(text: str, name: str = "") -> Document:
    """A document of raw text: tokens and sentences, no clusters yet."""
    if not isinstance(text, str):
        raise TypeError(f"expected text as str, got {type(text).__name__}")
    read = reading(text)  # once for both steps
    tokens = _tokenize(text, read)
    return Document(text=text, tokens=tokens, sentences=_split_sentences(read, tokens), name=name)
