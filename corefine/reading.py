"""Text as it is meant to be read: mojibake and C1 controls read as what they stand for.

Why a module of its own: the tokenizer reads words out of this string, and so does
the rewriter (a pronoun spelt "they\x92re" is "they’re"); the rewriter sits below
:mod:`corefine.tokenizer`, which builds documents, so both import this. Reading
never changes a length: offsets into the read string are offsets into the text.
"""

from __future__ import annotations

import re

# C1 control characters stand for Windows-1252 punctuation in text decoded as Latin-1
# (scraped news: "They\x92re", "\x93moderate rebels\x94"). Tokens, sentences and the
# encoder read them as that punctuation; one character for one, so offsets hold, and the
# text itself is never changed.
_CP1252_C1 = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_C1[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        continue
_READING = str.maketrans(_CP1252_C1)

# UTF-8 decoded as Latin-1 or Windows-1252 ("mojibake"): one character's two to four
# bytes become as many characters ("Hillary\u00e2\u0080\u0099s", "Hillary\u00e2\u20ac\u2122s"
# for "Hillary’s"; "caf\u00c3\u00a9" for "café"). Such a run is read as the character it
# encodes, padded to its length so that offsets hold: punctuation after zero-width spaces
# (which no token holds, so "’s" is the clitic it is), a letter before combining grapheme
# joiners (which keep a word whole and which the encoder's normaliser drops). Only runs
# that decode to Latin letters, general punctuation, currency or emoji are taken: any
# other decoding ("é”…" would be a CJK character) is a coincidence of real text.
# What a mojibake run is padded with as read (no text of its own): before punctuation,
# after a letter.
PUNCTUATION_PADDING, LETTER_PADDING = "\u200b", "\u034f"
PADDING = PUNCTUATION_PADDING + LETTER_PADDING
_BYTE_OF = {chr(b): b for b in range(0x80, 0x100)}
_BYTE_OF.update({c: b for b, c in _CP1252_C1.items()})
_CONTINUATION = "".join(sorted(c for c, b in _BYTE_OF.items() if b < 0xC0))
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00c9][{_CONTINUATION}]|[\u00e2][{_CONTINUATION}]{{2}}|"
    f"[\u00f0][{_CONTINUATION}]{{3}}"
)


def _is_mojibake_of(char: str) -> bool:
    code = ord(char)
    return (
        0xA0 <= code <= 0x24F  # Latin-1 supplement and Latin extended: "é", "ñ", NBSP
        or 0x2000 <= code <= 0x206F  # general punctuation: ’ “ ” – — …
        or 0x20A0 <= code <= 0x20CF  # currency: €
        or code == 0x2122  # ™
        or 0x1F000 <= code <= 0x1FAFF  # emoji
    )


def _read_mojibake(m: re.Match[str]) -> str:
    run = m.group()
    try:
        char = bytes(_BYTE_OF[c] for c in run).decode("utf-8")
    except UnicodeDecodeError:
        return run
    if len(char) != 1 or not _is_mojibake_of(char):
        return run
    if not char.isspace() and any(c.isspace() for c in run):
        return run  # "Ä" before a no-break space: a token never ends in a space
    if char.isalnum():
        return char + LETTER_PADDING * (len(run) - 1)
    return PUNCTUATION_PADDING * (len(run) - 1) + char


def reading(text: str) -> str:
    """``text`` as it is meant to be read, of the same length: UTF-8 decoded as Latin-1 or
    Windows-1252 read as the characters it encodes, C1 controls as their punctuation.

    Why a whole-text step: how a character reads depends on its neighbours ("\\x99" is
    "™" alone and part of "’" after "\u00e2\\x80"), so words are read out of this string, not
    one by one.
    """
    if _MOJIBAKE.search(text):
        text = _MOJIBAKE.sub(_read_mojibake, text)
    return text.translate(_READING)
