"""Gender-swapped copies of training documents (issue 28 item 3; torch-free).

Why: most wrong replacements of the shipped model come from clusters that merge two people,
often of one gender (docs/MODEL.md, "Known limits"), and GAP scores feminine pronouns
apart from masculine ones. A copy of a GUM or LitBank document in which every gendered
word has the other gender keeps its clusters and teaches the same links with the other
pronouns, names and nouns (counterfactual data augmentation, Lu et al. 2018; Zhao et al.
2018 swap names and pronouns the same way for coreference).

What is swapped, token by token (the token grid, so gold heads and clusters, stays the
same; only the text of a swapped token and the offsets after it change):

* pronouns: he ↔ she, him → her, himself ↔ herself, hers → his; *his* → *her* as a
  determiner ("his book") and *hers* standing alone ("the book is his"); *her* → *his* as a
  determiner ("her book") and *him* as an object ("saw her"). The part of speech decides
  where the corpus gives it (GUM's ``.conllu`` XPOS: ``PRP$`` a determiner, ``PRP`` a
  pronoun; ``training.data.conllu_xpos``); without it (LitBank) the next word does, as
  the rewriter decides it: *her* is an object before punctuation, the end of the text or a
  word of :data:`AFTER_OBJECT` (prepositions, particles, conjunctions, determiners,
  pronouns, some adverbs and bare verbs: "gave her the book", "told her that", "let her
  go"), and a determiner before anything else ("her own", "her mother"); *his* stands
  alone before punctuation, the end or a word of :data:`AFTER_STANDALONE`;
* gendered nouns and titles of :mod:`corefine.lexicon.gender` and
  :mod:`corefine.lexicon.titles` that have a counterpart in :data:`NOUN_PAIRS` /
  :data:`TITLE_PAIRS` (man ↔ woman, king ↔ queen, Mr. → Mrs., Mrs./Ms./Miss → Mr., …),
  titles only capitalised and before a capitalised word ("Miss Elliot", not "miss the
  bus"); words without a counterpart (fellow, guy, lad) stay;
* first names: a capitalised word that is a first name of one gender (the rewriter's
  ``corefine/rewriter/data/first_names.tsv``, its ``m`` and ``f`` names, and the lexicon's,
  less titles, calendar words, places and :data:`NOT_NAMES`: "June", "India", "French"), a
  proper noun (XPOS ``NNP``) or, without a part of speech, inside a gold mention, seen at
  least once where a first name sits (not after another capitalised word: "Kellynch Hall",
  "Lady Russell"; "Sir Walter Elliot" is one), never right after a first name (a surname:
  "John Smith" … "Smith said") and, unless it is one of the lexicon's common names, seen
  once before another capitalised word (the long list holds many surnames) becomes, at
  every capitalised proper-noun occurrence, a name of the other gender from the lexicon's
  common names (:mod:`corefine.lexicon.names`), drawn at random once per document and kept
  for every occurrence, and never a word the document already has (two people must not
  become one). On OntoGUM and LitBank train (2026-12-07): 408 distinct names, 254 of them
  the lexicon's.

Case follows the original word (He → She, HIS → HER). Offsets are rebuilt: every token,
sentence and mention points into the new text (mentions at token boundaries, as every
corpus here has them; a boundary inside a changed word moves to that word's edge).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources

from corefine.document import Document, Mention, Sentence, Token
from corefine.lexicon.closed_classes import AFTER_OBJECT_HER
from corefine.lexicon.gender import FEMININE_NOUNS, MASCULINE_NOUNS
from corefine.lexicon.names import CALENDAR_WORDS, FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, PLACES
from corefine.lexicon.titles import FEMININE_TITLES, MASCULINE_TITLES, TITLES
from corefine.lexicon.words import word_set

__all__ = [
    "AFTER_OBJECT",
    "AFTER_STANDALONE",
    "NOUN_PAIRS",
    "PRONOUNS",
    "TITLE_PAIRS",
    "gendered_first_names",
    "swap_genders",
]

PRONOUNS = {"he": "she", "she": "he", "him": "her", "himself": "herself", "herself": "himself"}
PRONOUNS |= {"hers": "his"}

# masculine → feminine; the reverse map is built from it (a feminine word listed twice maps
# back to the first masculine one)
NOUN_PAIRS = {
    **{"man": "woman", "men": "women", "boy": "girl", "boys": "girls"},
    **{"gentleman": "lady", "gentlemen": "ladies", "father": "mother", "fathers": "mothers"},
    **{"dad": "mom", "dads": "moms", "daddy": "mommy", "son": "daughter", "sons": "daughters"},
    **{"brother": "sister", "brothers": "sisters", "husband": "wife", "husbands": "wives"},
    **{"uncle": "aunt", "uncles": "aunts", "nephew": "niece", "nephews": "nieces"},
    **{"grandfather": "grandmother", "grandfathers": "grandmothers", "grandson": "granddaughter"},
    **{"grandsons": "granddaughters", "grandpa": "grandma", "grandpas": "grandmas"},
    **{"father-in-law": "mother-in-law", "son-in-law": "daughter-in-law"},
    **{"brother-in-law": "sister-in-law", "stepfather": "stepmother", "stepson": "stepdaughter"},
    **{"boyfriend": "girlfriend", "boyfriends": "girlfriends", "widower": "widow"},
    **{"widowers": "widows", "groom": "bride", "bridegroom": "bride", "grooms": "brides"},
    **{"king": "queen", "kings": "queens", "prince": "princess", "princes": "princesses"},
    **{"emperor": "empress", "emperors": "empresses", "duke": "duchess", "dukes": "duchesses"},
    **{"lord": "lady", "lords": "ladies", "earl": "countess", "earls": "countesses"},
    **{"baron": "baroness", "barons": "baronesses", "tsar": "tsarina", "czar": "tsarina"},
    **{"actor": "actress", "actors": "actresses", "waiter": "waitress", "waiters": "waitresses"},
    **{"monk": "nun", "monks": "nuns", "businessman": "businesswoman"},
    **{"businessmen": "businesswomen", "chairman": "chairwoman", "chairmen": "chairwomen"},
    **{"congressman": "congresswoman", "congressmen": "congresswomen"},
    **{"councilman": "councilwoman", "councilmen": "councilwomen", "spokesman": "spokeswoman"},
    **{"spokesmen": "spokeswomen", "policeman": "policewoman", "policemen": "policewomen"},
    **{"sir": "madam", "viscount": "viscountess", "marquis": "marchioness"},
}
# titles before a name: masculine → feminine, and feminine → masculine where not the reverse
TITLE_PAIRS = {
    **{"mr": "mrs", "mr.": "mrs.", "sir": "dame", "lord": "lady", "king": "queen"},
    **{"prince": "princess", "duke": "duchess", "earl": "countess", "count": "countess"},
    **{"baron": "baroness", "emperor": "empress", "monsieur": "madame", "herr": "frau"},
    **{"señor": "señora", "senor": "senora", "brother": "sister", "father": "mother"},
    **{"congressman": "congresswoman", "councilman": "councilwoman"},
    **{"assemblyman": "assemblywoman", "alderman": "alderwoman"},
}
TITLE_PAIRS_BACK = {
    **{"ms": "mr", "ms.": "mr.", "miss": "mr.", "mme": "m.", "mme.": "m.", "madam": "sir"},
    **{"mademoiselle": "monsieur", "dame": "sir", "chairwoman": "chairman"},
    **{"spokeswoman": "spokesman"},
}

# after *her* as an object rather than a determiner: the rewriter's list for the same
# question (corefine.rewriter.grammar), so both read "her" alike
AFTER_OBJECT = AFTER_OBJECT_HER
# after *his* standing alone ("it was his and not mine", "his is the best")
AFTER_STANDALONE = word_set(
    """
    and or but nor is was are were will would had has have to for with at in on of from by
    than as too also not that which who if when while because so yet
    """
)


# words the baby-name list holds that a text mostly uses otherwise: nationalities, places
# (beyond the lexicon's and the rewriter's lists of countries) and common words, seen
# swapped as names in OntoGUM and LitBank train
NOT_NAMES = word_set(
    """
    french german dutch english irish christian christ jesus west major star santa summer
    art author mister pa spirit secret treasure liberty genesis delta long green rock park
    cross case channel urban truly angelic chase hope york kong havana melbourne houston
    cleveland geneva brooklyn sydney orlando savannah mesa yale stanford cornell marine
    canon cannon eureka usher wellington columbus hamilton washington lafayette
    """
)


def _reverse(pairs: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    out = dict(pairs)
    for m, f in pairs.items():
        out.setdefault(f, m)
    out.update(extra)
    return out


_NOUNS = _reverse(NOUN_PAIRS, {})
_NOUNS.pop("sir", None)  # "sir" as a noun of address: below, with the titles' capital rule
_NOUNS.pop("madam", None)
_TITLES = _reverse(TITLE_PAIRS, TITLE_PAIRS_BACK)


@cache
def gendered_first_names() -> dict[str, str]:
    """Lower-case first names that tell a gender → ``"m"`` / ``"f"``: the rewriter's
    ``data/first_names.tsv`` (its ``m`` and ``f`` names, not titles nor calendar words:
    "May", "June") and the lexicon's."""
    table: dict[str, str] = {}
    text = resources.files("corefine.rewriter").joinpath("data/first_names.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, sex = line.split("\t")
            if sex in ("m", "f"):
                table[name] = sex
    table.update(dict.fromkeys(MALE_FIRST_NAMES, "m"))
    table.update(dict.fromkeys(FEMALE_FIRST_NAMES, "f"))
    places = resources.files("corefine.rewriter").joinpath("data/places.txt").read_text("utf-8")
    skip = TITLES | CALENDAR_WORDS | PLACES | NOT_NAMES
    skip |= {line.strip().lower() for line in places.splitlines() if not line.startswith("#")}
    return {n: sex for n, sex in table.items() if n not in skip}


_POOL = {
    "m": sorted(FEMALE_FIRST_NAMES - CALENDAR_WORDS),
    "f": sorted(MALE_FIRST_NAMES - CALENDAR_WORDS),
}  # gender → other's


def _cased(new: str, old: str) -> str:
    """``new`` in the case of ``old`` (UPPER, Title or lower)."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _is_word(text: str | None) -> bool:
    return text is not None and any(c.isalnum() for c in text)


def _capitalised(text: str | None) -> bool:
    return text is not None and text[:1].isupper()


def _first_name_position(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` sits where a first name does: not after another capitalised
    word ("Kellynch Hall"), except a title before a full name ("Sir Walter Elliot"; in
    "Lady Russell" the name is a surname)."""
    prev = words[i - 1] if i > 0 else None
    if not (_capitalised(prev) and _is_word(prev)):
        return True
    nxt = words[i + 1] if i + 1 < len(words) else None
    assert prev is not None
    return prev.lower() in TITLES | MASCULINE_TITLES | FEMININE_TITLES and (
        _capitalised(nxt) and _is_word(nxt)
    )


def _proper(i: int, xpos: Sequence[str] | None, in_mention: Sequence[bool]) -> bool:
    """Whether word ``i`` is a proper noun: its tag says so, or without tags, it is in a
    mention."""
    return xpos[i] in ("NNP", "NNPS") if xpos is not None else in_mention[i]


def _swapped_word(
    words: Sequence[str],
    i: int,
    xpos: Sequence[str] | None,
    in_mention: Sequence[bool],
    first: set[str],
    names: dict[str, str],
    taken: set[str],
    rng: random.Random,
) -> str | None:
    """The other gender's form of ``words[i]`` in its context, or ``None``."""
    word = words[i]
    low = word.lower()
    nxt = words[i + 1] if i + 1 < len(words) else None
    nxt_low = nxt.lower() if nxt is not None else None
    tag = xpos[i] if xpos is not None else None
    if low in PRONOUNS:
        return _cased(PRONOUNS[low], word)
    if low == "her":
        if tag is not None:
            determiner = tag == "PRP$"
        else:
            determiner = _is_word(nxt) and nxt_low not in AFTER_OBJECT
        return _cased("his" if determiner else "him", word)
    if low == "his":
        if tag is not None:
            alone = tag != "PRP$"
        else:
            alone = not _is_word(nxt) or nxt_low in AFTER_STANDALONE
        return _cased("hers" if alone else "her", word)
    if low in _TITLES and _capitalised(word) and _capitalised(nxt) and _is_word(nxt):
        return _cased(_TITLES[low], word)
    if low in ("sir", "madam"):  # address ("yes, sir"): sir ↔ madam
        return _cased("madam" if low == "sir" else "sir", word)
    if low in _NOUNS and (low in MASCULINE_NOUNS or low in FEMININE_NOUNS):
        return _cased(_NOUNS[low], word)
    sex = gendered_first_names().get(low)
    if sex is not None and low in first and _capitalised(word) and _proper(i, xpos, in_mention):
        if low not in names:
            pool = [n for n in _POOL[sex] if n not in taken]
            names[low] = rng.choice(pool or _POOL[sex])
            taken.add(names[low])
        return _cased(names[low], word)
    return None


def swap_genders(doc: Document, rng: random.Random, xpos: Sequence[str] | None = None) -> Document:
    """A copy of ``doc`` with its gendered words swapped (module docstring); ``xpos``: one
    part-of-speech tag per token (Penn tags), where the corpus has them.

    Tokens, sentences and clusters are the same in number and order; ``metadata`` gains
    ``"gender_swapped"``: the number of words changed, and ``"swapped_names"``.
    """
    if xpos is not None and len(xpos) != len(doc.tokens):
        xpos = None
    words = [t.text for t in doc.tokens]
    in_mention = [False] * len(words)
    for m in doc.mentions:
        first, stop = doc.token_range(m.start, m.end)
        for i in range(first, stop):
            in_mention[i] = True
    # the document's first names: those seen at least once where a first name sits; every
    # capitalised proper-noun occurrence of one is swapped, so a name stays one name
    table = gendered_first_names()
    first = {
        w.lower()
        for i, w in enumerate(words)
        if w.lower() in table
        and _capitalised(w)
        and _proper(i, xpos, in_mention)
        and _first_name_position(words, i)
    }
    # a name only the long baby-name list has (many surnames: Smith, Johnson) must be seen
    # once before another capitalised word ("Britney Spears"); the lexicon's common names
    # need not ("Emma said")
    common = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES
    before_a_name = {
        w.lower() for w, nxt in itertools.pairwise(words) if _capitalised(nxt) and _is_word(nxt)
    }
    first = {n for n in first if n in common or n in before_a_name}
    # less surnames: a name word that follows a first name somewhere ("John Smith" … "Smith
    # said") is the family's, not a person's own
    first -= {
        w.lower()
        for prev, w in itertools.pairwise(words)
        if _capitalised(w) and _capitalised(prev) and prev.lower() in table
    }
    names: dict[str, str] = {}
    taken = {w.lower() for w in words}
    parts: list[str] = []
    old_starts: list[int] = []
    new_tokens: list[Token] = []
    shift = 0  # new offset − old offset after the last token written
    pos = 0
    changed = 0
    for i, tok in enumerate(doc.tokens):
        parts.append(doc.text[pos : tok.start])
        new = _swapped_word(words, i, xpos, in_mention, first, names, taken, rng)
        text = tok.text if new is None or new == tok.text else new
        changed += text != tok.text
        start = tok.start + shift
        new_tokens.append(Token(start, start + len(text), text))
        old_starts.append(tok.start)
        parts.append(text)
        shift += len(text) - len(tok.text)
        pos = tok.end
    parts.append(doc.text[pos:])
    new_text = "".join(parts)

    def moved(char: int, end: bool) -> int:
        """``char`` of the old text in the new one (``end``: an exclusive end)."""
        i = bisect.bisect_right(old_starts, char - 1 if end else char) - 1
        if i < 0:
            return char
        old, new = doc.tokens[i], new_tokens[i]
        if char >= old.end:  # in the gap after token i
            return char - old.end + new.end
        if old.text == new.text:
            return char - old.start + new.start
        return new.end if end else new.start

    def mention(m: Mention) -> Mention:
        start, stop = moved(m.start, False), moved(m.end, True)
        return Mention(start, stop, new_text[start:stop], m.confidence)

    clusters = [replace(c, mentions=[mention(m) for m in c.mentions]) for c in doc.clusters]
    sentences = []
    for s in doc.sentences:
        start = moved(s.start, False)
        stop = max(start, moved(s.end, True))
        sentences.append(Sentence(start, stop, s.token_start, s.token_end))
    metadata = {**doc.metadata, "gender_swapped": changed, "swapped_names": dict(names)}
    return Document(new_text, new_tokens, sentences, clusters, doc.name, metadata)
