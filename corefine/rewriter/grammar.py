"""Making a representative fit the slot of the mention it replaces.

Why rules on the surrounding characters and no tagger: the decisions needed
(is this position the start of a sentence, is *her* a determiner, how is the
possessive spelled) are local, and reading them off the original string keeps
them independent of how the text was tokenized, which is what broke
other pipelines on texts with runs of spaces.

Rules, in the order :func:`fit` applies them:

- Possessive slots (his, its, their, hers, theirs, my..., and *her* used as a
  determiner) take the possessive of the representative. AP style, as news is
  written: a word ending in s takes a bare apostrophe ("the Californians'",
  "James'", "the United States'"), except acronyms and singular common nouns in
  -ss/-us/-is ("the NHS's", "the boss's"); a representative that already ends in
  's stays as it is ("McDonald's"). Quotes that close at the end of the representative
  are dropped first (Athenian “leaders” → "Athenian leaders'"): neither "“leaders”'s"
  nor "“leaders'”" reads as a possessive.
- The replacement starts with a capital letter when the mention it replaces did
  so positionally (a capitalised pronoun or determiner: "He", "The company") or
  when the position starts a sentence: start of text, after a blank line, after
  ``.`` ``!`` ``?`` that ends a sentence (not an abbreviation or initial such as
  "Corp." or "U. S.", not an ellipsis), or after an opening quote that follows
  such a position, a comma or a colon (``said, "it`` → ``said, "The plan``).
  A first word with capitals inside ("eBay") is never changed.
- A representative ending in "." before a "." of the text drops its own
  ("bought Acme Corp." not "bought Acme Corp.."), also where spaces come between
  (text distributed with punctuation spaced out: "bought Acme Corp ." not "Corp. ."),
  so that spacing never changes the words of a replacement.
"""

from __future__ import annotations

import re

from corefine.lexicon import AFTER_OBJECT_HER, DETERMINERS, Pronoun, keeps_period, pronoun

_QUOTES_AND_BRACKETS = "\"'“”‘’«»‹›„()[]{}"
_OPENING_QUOTES = "\"'“‘«‹„"
_TERMINATORS = "!?"


def starts_sentence(text: str, pos: int) -> bool:
    """Does a sentence, or a quotation that opens one, start at ``text[pos]``?"""
    i, newlines, opened_quote = pos, 0, False
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in _QUOTES_AND_BRACKETS):
        newlines += text[i - 1] == "\n"
        opened_quote = opened_quote or _is_opening_quote(text, i - 1)
        i -= 1
    if i == 0 or newlines >= 2:
        return True
    before = text[i - 1]
    if before in _TERMINATORS or (before == "." and _ends_sentence(text, i - 1)):
        return True
    return opened_quote and before in ",:"


def sentence_ends(text: str, start: int, end: int) -> int:
    """How many sentences end in ``text[start:end]``?"""
    return sum(
        c in _TERMINATORS or (c == "." and _ends_sentence(text, i))
        for i, c in enumerate(text[start:end], start)
    )


def _is_opening_quote(text: str, i: int) -> bool:
    """A quote that opens: curly openers always, straight ones after space or start."""
    ch = text[i]
    if ch not in _OPENING_QUOTES:
        return False
    return ch in "“‘«‹„" or i == 0 or text[i - 1].isspace() or text[i - 1] in "([{"


def _ends_sentence(text: str, dot: int) -> bool:
    """Is the period at ``text[dot]`` sentence-final (not an abbreviation, initial, ellipsis)?"""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
        start -= 1
    word = text[start:dot].lstrip("'’")  # with its clitic: "Geller's." is not the initial "s."
    if len(word) == 1 or keeps_period(word, text, dot + 1):
        return False
    return not (start == dot and dot > 0 and text[dot - 1] == ".")


# Contracted auxiliaries that attach to a pronoun but not to a noun phrase in writing: "they’re",
# "we’ve", "I’m", "he’d", "she’ll". A replacement would leave "the parties’re", "Tom’d";
# "’s" attaches to any noun phrase ("Tom’s tired") and stays replaceable. Scraped corpora
# that strip apostrophes leave the clitic as a word of its own ("they re not", "he d go"):
# none of these is an English word after a pronoun, so it is the same contraction.
_PRONOUN_ONLY_CLITIC = re.compile(r"(?:['’]|[^\S\n]+)(?:re|ve|m|d|ll)(?![^\W_'’])", re.IGNORECASE)


def carries_pronoun_only_clitic(text: str, end: int) -> bool:
    """Is the pronoun ending at ``end`` glued to a clitic only a pronoun can carry?"""
    return _PRONOUN_ONLY_CLITIC.match(text, end) is not None


def is_possessive_slot(pron: Pronoun, text: str, end: int) -> bool:
    """Does the pronoun ending at ``end`` stand for a possessor (his car, hers, her job)?"""
    if pron.possessive:
        return True
    return pron.ambiguous_possessive and _determines_next_word(text, end)


def _determines_next_word(text: str, end: int) -> bool:
    """Is *her* at ``end`` followed by a word it determines, rather than by a boundary?"""
    word, after = _next_word(text, end)
    if word is None or word in AFTER_OBJECT_HER:
        return False
    # "rated her favorably.", "welcomed her enthusiastically in": an adverb, where "her
    # recently released album" has the adverb inside the noun phrase her determines
    if len(word) > 5 and word.endswith(_ADVERB_ENDINGS):
        following, _ = _next_word(text, after)
        return following is not None and following not in AFTER_OBJECT_HER
    return True


def _next_word(text: str, end: int) -> tuple[str | None, int]:
    """The lower-cased word after ``end`` (None at punctuation or the end) and where it ends."""
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text) or not text[i].isalnum():
        return None, i
    j = i
    while j < len(text) and (text[j].isalpha() or text[j] in "-'’"):
        j += 1
    return text[i:j].lower(), j


# Endings of -ly adverbs that are no nouns or adjectives ("family", "early", "elderly" are)
_ADVERB_ENDINGS = (
    "ally",
    "ably",
    "ibly",
    "edly",
    "ously",
    "ively",
    "ently",
    "antly",
    "fully",
    "ately",
    "ingly",
    "ctly",
    "icly",
    "ssly",
    "efly",
)


_CLOSING_TO_OPENING = {"”": "“", "’": "‘", '"': '"', "»": "«"}


def _unquote_end(noun_phrase: str) -> str:
    """``noun_phrase`` without a quoted ending's quotes ("Athenian “leaders”")."""
    opening = _CLOSING_TO_OPENING.get(noun_phrase[-1:])
    if opening is None:
        return noun_phrase
    at = noun_phrase.rfind(opening, 0, len(noun_phrase) - 1)
    if at < 0:
        return noun_phrase
    # the quotes' inner spacing goes with them ("“ leaders ”" in spaced-out text)
    return noun_phrase[:at] + noun_phrase[at + 1 : -1].strip()


def possessive(noun_phrase: str, apostrophe: str) -> str:
    """The possessive of ``noun_phrase`` in AP style (see the module docstring)."""
    noun_phrase = _unquote_end(noun_phrase)
    if noun_phrase[-2:].lower() in ("'s", "’s", "ʼs"):
        return noun_phrase
    if noun_phrase[-1:] not in ("s", "S"):
        return noun_phrase + apostrophe + "s"
    last = noun_phrase.split()[-1]
    singular_s = last.isupper() or (last.islower() and last.endswith(("ss", "us", "is")))
    return noun_phrase + apostrophe + ("s" if singular_s else "")


def _capitalised_by_position(mention_text: str) -> bool:
    """Is the mention's capital letter positional ("He", "The company"), as only
    a sentence start gives closed-class words one? ("I" is capitalised anywhere.)"""
    first = mention_text.split(maxsplit=1)[0]
    if not first[:1].isupper() or first == "I":
        return False
    return first.lower() in DETERMINERS or pronoun(first) is not None


def _capitalise(phrase: str) -> str:
    """Upper-case the first letter, unless the first word has capitals inside ("eBay")."""
    first = phrase.split(maxsplit=1)[0]
    if first != first.lower():
        return phrase
    return phrase[:1].upper() + phrase[1:]


def fit(
    representative: str, text: str, start: int, end: int, possessive_slot: bool, apostrophe: str
) -> str:
    """The replacement for ``text[start:end]``: possessive, capital and final period fitted."""
    out = possessive(representative, apostrophe) if possessive_slot else representative
    if _capitalised_by_position(text[start:end]) or starts_sentence(text, start):
        out = _capitalise(out)
    if out.endswith(".") and text[end:].lstrip(" \t")[:1] == ".":
        out = out[:-1]
    return out
