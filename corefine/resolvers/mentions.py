"""Rule-based mention detection for the baseline: pronouns, proper names, simple NPs.

Why rules over tokens: the baseline must run on raw text with no tagger or
parser. It works on corefine's own tokens (so every span is an exact slice of
the original text) and uses only surface cues: the pronoun lexicon,
capitalisation (checked against how the same word is cased elsewhere in the
document, so that a sentence-initial "Research" is not taken for a name), and
small closed-class word lists to find where a noun phrase stops.

Mentions carry the grammatical features the linker needs (number, gender,
entity type) and the evidence behind them, because the linker's confidence
depends on whether agreement is *known* or merely *not contradicted*.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from corefine.document import Document, Token
from corefine.lexicon import (
    BE_FORMS,
    CALENDAR_WORDS,
    COMMON_VERBS,
    COPULAS,
    DEFINITE_DETERMINERS,
    EXPLETIVE_COMPLEMENT_STARTS,
    EXPLETIVE_VERBS,
    FUNCTION_WORDS,
    GENERIC_HEADS,
    GROUP_NOUNS,
    INDEFINITE_ARTICLES,
    LY_NOUNS,
    NAME_JOINERS,
    NAME_SUFFIXES,
    NP_DETERMINERS,
    OF_TITLES,
    OPENERS,
    ORG_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PLACES,
    PLURAL_DETERMINERS,
    PRE_TITLES,
    PREPOSITIONS,
    PRONOUN_ACRONYMS,
    RAISING_VERBS,
    TIME_AND_WEATHER_WORDS,
    TITLES,
    VERB_OBJECT_STARTS,
    WEAK_TITLES,
    Pronoun,
    pronoun,
)
from corefine.resolvers import names as lex

MentionKind = Literal["pronoun", "name", "np"]
EntityType = Literal["person", "org", "place", "group", "thing", "unknown"]
Number = Literal["sg", "pl"]
Gender = Literal["m", "f", "n"]


@dataclass(slots=True)
class RuleMention:
    """A candidate mention over tokens ``first..last`` (inclusive) with its features.

    ``gender`` is set only from evidence (a first name, a title, a gendered
    noun, the pronoun itself; "n" for organisations, places and non-person
    nouns); ``None`` means unknown, which the linker treats as weaker agreement.
    ``key`` is what names and repeated NPs are matched on (a name without its
    titles, "the" + words for a definite NP); ``head`` is the head word;
    ``subject`` marks the approximate subject of its sentence; ``predicative``
    an NP right after a copula ("was *a poet*"), which is never an antecedent.
    """

    first: int
    last: int
    sentence: int
    kind: MentionKind
    etype: EntityType = "unknown"
    number: Number | None = None
    gender: Gender | None = None
    key: str = ""
    head: str = ""
    pron: Pronoun | None = None
    subject: bool = False
    predicative: bool = False
    name_tokens: list[str] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        """Token span ``(first, last)``, inclusive."""
        return (self.first, self.last)


def normalize(word: str) -> str:
    """Lowercase with straight apostrophes, for lookups and name keys."""
    return word.replace("\u2019", "'").replace("\u02bc", "'").lower()


# -- document-level casing evidence --------------------------------------------------------------


@dataclass(slots=True)
class _Casing:
    """Which words the document writes in lowercase, and which it capitalises mid-sentence.

    Why: a capitalised word at the start of a sentence is only a name if the
    document treats it as one elsewhere; "Research shows..." is not a name when
    "research" occurs in lowercase later.
    """

    lower: set[str]
    capitalised_inside: set[str]


def _initial_positions(doc: Document) -> set[int]:
    """Token indices in a sentence-initial-like position (capitalised by convention)."""
    initial: set[int] = set()
    text = doc.text
    for sent in doc.sentences:
        expect = True
        for i in range(sent.token_start, sent.token_end):
            tok = doc.tokens[i]
            if i > sent.token_start and "\n" in text[doc.tokens[i - 1].end : tok.start]:
                expect = True
            if tok.text in OPENERS or not any(c.isalnum() for c in tok.text):
                expect = expect or tok.text in OPENERS
                continue
            if expect:
                initial.add(i)
            expect = False
    return initial


def _casing(doc: Document, initial: set[int]) -> _Casing:
    lower: set[str] = set()
    inside: set[str] = set()
    for i, tok in enumerate(doc.tokens):
        t = tok.text
        if t.islower():
            lower.add(normalize(t))
        elif t[:1].isupper() and i not in initial:
            inside.add(normalize(t))
    return _Casing(lower, inside)


# -- pronouns -------------------------------------------------------------------------------------


def third_person_pronoun(tok: Token) -> Pronoun | None:
    """The lexicon entry of a third-person personal pronoun token, else ``None``."""
    if tok.text in PRONOUN_ACRONYMS:
        return None
    p = pronoun(tok.text)
    if p is None or not p.third_person or p.form == "themself":
        return None
    return p


def is_expletive_it(tokens: list[Token], i: int, end: int) -> bool:
    """Is ``tokens[i]`` (an "it") non-referential? ("it is clear that", "it seems", "it rains").

    Deliberately eager: a referential "it" taken for an expletive only costs
    recall, while a resolved expletive costs precision.
    """
    nxt = [normalize(t.text) for t in tokens[i + 1 : min(end, i + 8)]]
    prev = normalize(tokens[i - 1].text) if i > 0 else ""
    if not nxt:
        return False
    if nxt[0] in EXPLETIVE_VERBS or nxt[:2] in (["turns", "out"], ["turned", "out"]):
        return True
    if prev in RAISING_VERBS:
        return _complement_follows(nxt, 0)
    if nxt[0] not in BE_FORMS:
        return False
    j = 1
    while j < len(nxt) and nxt[j] in BE_FORMS | {"n't", "not", "been", "be", "also"}:
        j += 1
    if j < len(nxt) and nxt[j] in TIME_AND_WEATHER_WORDS:
        return True
    return _complement_follows(nxt, j)


def _complement_follows(words: list[str], j: int) -> bool:
    """A "to"/"that"... within four plain words from ``j`` ("[it is] quite clear that")."""
    for w in words[j : j + 5]:
        if w in EXPLETIVE_COMPLEMENT_STARTS:
            return True
        if not w.isalpha():
            return False
    return False


# -- proper names ---------------------------------------------------------------------------------


def _is_name_word(text: str) -> bool:
    """A capitalised token that could be part of a proper name."""
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    w = normalize(text)
    if text in PRONOUN_ACRONYMS:
        return True
    if pronoun(text) is not None or w in CALENDAR_WORDS:
        return False
    return len(text) > 1 and w not in FUNCTION_WORDS


# A sentence-initial "Following", "Given", "Finally" is a verb form or adverb, not a name,
# unless the document also capitalises it mid-sentence.
_VERB_OR_ADVERB_ENDINGS = ("ing", "ed", "en", "ly")


def _is_title(text: str) -> bool:
    return normalize(text) in TITLES


def _can_start_name(doc: Document, i: int, end: int, initial: set[int], casing: _Casing) -> bool:
    """May a name run start at token ``i``? Sentence-initial words need evidence."""
    text = doc.tokens[i].text
    if not _is_name_word(text):
        return False
    w = normalize(text)
    nxt_is_name = i + 1 < end and _is_name_word(doc.tokens[i + 1].text)
    if w in WEAK_TITLES or w in PRE_TITLES:
        return nxt_is_name
    if i not in initial or _is_title(text) or lex.first_name_gender(w) is not None:
        return True
    if w in FUNCTION_WORDS or w in casing.lower:
        return False
    if w.endswith(_VERB_OR_ADVERB_ENDINGS) and w not in casing.capitalised_inside:
        return False
    return w in casing.capitalised_inside or nxt_is_name


def _run_end(doc: Document, i: int, end: int) -> int:
    """Last token index of the proper-name run starting at ``i``."""
    tokens = doc.tokens
    j = i
    person_led = lex.first_name_gender(tokens[i].text) is not None
    k = i + 1
    while k < end:
        w = normalize(tokens[k].text)
        if _is_name_word(tokens[k].text):
            j = k
            k += 1
            continue
        joiner = w in NAME_JOINERS or (w == "the" and normalize(tokens[k - 1].text) == "of")
        allowed_of = w != "of" or not person_led or normalize(tokens[i].text) in OF_TITLES
        joins_and = w in ("and", "&")
        if (joiner and allowed_of) or joins_and:
            k += 1
            continue
        break
    return _split_and(doc, i, j)


def _split_and(doc: Document, i: int, j: int) -> int:
    """Cut a run at "and" unless it names an organisation ("Department of Health and Human
    Services"); "Bill and Hillary" is two names."""
    words = [normalize(t.text) for t in doc.tokens[i : j + 1]]
    joins = [n for n, w in enumerate(words) if w in ("and", "&")]
    if not joins or words[-1] in ORG_WORDS:
        return j
    cut = i + joins[0] - 1
    while cut > i and not _is_name_word(doc.tokens[cut].text):
        cut -= 1
    return cut


def _strip_titles(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading titles (and "Former"...) from the name proper; keep at least one word."""
    k = 0
    while k < len(words) - 1 and (words[k] in TITLES or words[k] in PRE_TITLES):
        k += 1
    core = [w for w in words[k:] if w not in NAME_SUFFIXES] or words[k:]
    return words[:k], core


def _name_features(words: list[str], raw: list[str]) -> tuple[EntityType, Gender | None]:
    """Entity type and gender of a name from its titles, first name and keywords."""
    titles, core = _strip_titles(words)
    for t in titles:
        g = lex.title_gender(t)
        if g is not None:
            return "person", g
    if any(w in ORG_WORDS for w in core):
        return "org", "n"
    full = " ".join(core)
    if full in PLACES or core[-1] in PLACE_WORDS:
        return "place", "n"
    if len(core) == 1 and raw[-1].isupper() and len(raw[-1]) >= 2:
        return "org", "n"
    if titles:
        return "person", None
    if len(core) > 1:
        g = lex.first_name_gender(core[0])
        if g is not None:
            return "person", g
    elif lex.first_name_gender(core[0]) is not None:
        return "person", lex.first_name_gender(core[0])
    return "unknown", None


def _name_mention(doc: Document, i: int, j: int, sentence: int) -> RuleMention:
    raw = [t.text for t in doc.tokens[i : j + 1]]
    words = [normalize(w) for w in raw]
    etype, gender = _name_features(words, raw)
    _, core = _strip_titles(words)
    return RuleMention(
        first=i,
        last=j,
        sentence=sentence,
        kind="name",
        etype=etype,
        number="sg",
        gender=gender,
        key=" ".join(core),
        head=core[-1],
        name_tokens=core,
    )


def _name_runs(
    doc: Document, sent_index: int, initial: set[int], casing: _Casing
) -> dict[int, RuleMention]:
    """Proper-name runs of one sentence, keyed by their first token."""
    sent = doc.sentences[sent_index]
    runs: dict[int, RuleMention] = {}
    i = sent.token_start
    while i < sent.token_end:
        if _can_start_name(doc, i, sent.token_end, initial, casing):
            j = _run_end(doc, i, sent.token_end)
            run = _name_mention(doc, i, j, sent_index)
            run.last = _place_qualifier_end(doc, run, sent.token_end)
            runs[i] = run
            i = run.last + 1
        else:
            i += 1
    return runs


def _place_qualifier_end(doc: Document, run: RuleMention, end: int) -> int:
    """Extend "Tulsa" over ", Oklahoma": a known place after a comma qualifies the name.

    Why: otherwise "Oklahoma" becomes the nearest antecedent of a following "it".
    """
    k = run.last + 2
    if run.etype == "person" or k >= end or doc.tokens[run.last + 1].text != ",":
        return run.last
    if not _is_name_word(doc.tokens[k].text):
        return run.last
    j = _run_end(doc, k, end)
    words = [normalize(t.text) for t in doc.tokens[k : j + 1]]
    if " ".join(words) not in PLACES:
        return run.last
    run.etype, run.gender = "place", "n"
    return j


# -- noun phrases ---------------------------------------------------------------------------------


def _np_word(text: str, position: int) -> bool:
    """Can this token continue a simple noun phrase at ``position`` words after the determiner?"""
    w = normalize(text)
    if not any(c.isalpha() for c in w) and not w.isdigit():
        return False
    if w in FUNCTION_WORDS or w in COMMON_VERBS or pronoun(text) is not None:
        return False
    if w.endswith("ly") and w not in LY_NOUNS:
        return False
    return not (position > 0 and w.endswith("ed") and len(w) > 4)


def _looks_like_verb(doc: Document, k: int, end: int) -> bool:
    """An -s word before an object ("this item fulfils a need"): a verb, not a noun."""
    w = normalize(doc.tokens[k].text)
    if not w.endswith("s") or w.endswith("ss") or k + 1 >= end:
        return False
    return normalize(doc.tokens[k + 1].text) in VERB_OBJECT_STARTS


def _np_words_end(doc: Document, k: int, end: int, limit: int) -> int:
    """Index of the last of up to ``limit`` NP words from ``k`` (``k - 1`` if none)."""
    last = k - 1
    count = 0
    while k < end and count < limit:
        text = doc.tokens[k].text
        if not _np_word(text, count) or text[:1].isupper():
            break
        if count > 0 and _looks_like_verb(doc, k, end):
            break
        last = k
        k += 1
        count += 1
    return last


def _noun_phrase(
    doc: Document, d: int, end: int, sentence: int, runs: dict[int, RuleMention]
) -> RuleMention | None:
    """The NP opened by the determiner at ``d``: up to four words to a boundary, then "of X".

    A name right after the determiner is taken whole: "the Bank of America" is a
    name mention with the determiner in its span.
    """
    det = normalize(doc.tokens[d].text)
    if d + 1 in runs:
        run = runs[d + 1]
        if run.last + 1 >= end or not _np_word(doc.tokens[run.last + 1].text, 1):
            return replace(run, first=d)
        head = _np_words_end(doc, run.last + 1, end, 3)
    else:
        head = _np_words_end(doc, d + 1, end, 4)
    if head <= d:
        return None
    last = _of_extension(doc, head, end, runs)
    return _common_np(doc, d, head, last, sentence, det)


def _of_extension(doc: Document, head: int, end: int, runs: dict[int, RuleMention]) -> int:
    """Extend "the X" over "of (det) Y" ("the speed of the air"); return the new last token.

    Why: OntoNotes-style spans include such post-modifiers, and an antecedent
    is only scored right when its span matches exactly.
    """
    k = head + 1
    if k + 1 >= end or normalize(doc.tokens[k].text) != "of":
        return head
    k += 1
    if normalize(doc.tokens[k].text) in NP_DETERMINERS and k + 1 < end:
        k += 1
    if k in runs:
        return runs[k].last
    last = _np_words_end(doc, k, end, 3)
    return last if last >= k else head


def _common_np(
    doc: Document, d: int, head_index: int, last: int, sentence: int, det: str
) -> RuleMention | None:
    """A common-noun NP with number, gender and type read off its determiner and head."""
    head = normalize(doc.tokens[head_index].text)
    if head in GENERIC_HEADS or head.isdigit():
        return None
    plural = det in PLURAL_DETERMINERS or (
        det not in INDEFINITE_ARTICLES and lex.is_plural_noun(head)
    )
    if det in ("this", "a", "an"):
        plural = False
    g = lex.noun_gender(head)
    etype: EntityType
    if g is not None or _singular(head) in PERSON_NOUNS:
        etype = "person"
    elif _singular(head) in GROUP_NOUNS:
        etype = "group"
    else:
        etype = "thing"
    words = [normalize(t.text) for t in doc.tokens[d : head_index + 1]]
    return RuleMention(
        first=d,
        last=last,
        sentence=sentence,
        kind="np",
        etype=etype,
        number="pl" if plural else "sg",
        gender=g if g is not None else ("n" if etype == "thing" else None),
        key=" ".join(["the", *words[1:]]) if det in DEFINITE_DETERMINERS else " ".join(words),
        head=head,
        predicative=d > 0 and normalize(doc.tokens[d - 1].text) in COPULAS,
    )


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


# -- the whole document ---------------------------------------------------------------------------


def detect_mentions(doc: Document) -> list[RuleMention]:
    """All candidate mentions of ``doc``, in text order (outer before nested at a start)."""
    initial = _initial_positions(doc)
    casing = _casing(doc, initial)
    mentions: list[RuleMention] = []
    for s, sent in enumerate(doc.sentences):
        runs = _name_runs(doc, s, initial, casing)
        mentions.extend(_sentence_mentions(doc, s, sent.token_start, sent.token_end, runs))
    mentions.sort(key=lambda m: (m.first, -m.last))
    _mark_subjects(doc, mentions)
    return mentions


def _sentence_mentions(
    doc: Document, s: int, start: int, end: int, runs: dict[int, RuleMention]
) -> list[RuleMention]:
    """Pronouns, NPs and names of one sentence (names inside a name-NP only once)."""
    out: list[RuleMention] = []
    absorbed: set[int] = set()
    for i in range(start, end):
        tok = doc.tokens[i]
        p = third_person_pronoun(tok)
        if p is not None and not (p.form == "it" and is_expletive_it(doc.tokens, i, end)):
            out.append(_pronoun_mention(p, i, s))
        w = normalize(tok.text)
        if w in NP_DETERMINERS and not (w == "her" and not _followed_by_np(doc, i, end, runs)):
            np = _noun_phrase(doc, i, end, s, runs)
            if np is not None:
                out.append(np)
                if np.kind == "name":
                    absorbed.add(np.last)
    for r in runs.values():
        if r.last not in absorbed and not _premodifier_or_citation(doc, r, end):
            out.append(r)
    for m in out:
        if m.kind != "pronoun":
            m.last = _possessive_end(doc, m.last, end)
    return out


def _possessive_end(doc: Document, last: int, end: int) -> int:
    """Include a possessive clitic in the span ("Clinton 's"), as OntoNotes-style corpora do."""
    k = last + 1
    if k >= end:
        return last
    t = doc.tokens[k].text
    if t in ("'s", "’s"):
        return k
    if t not in ("'", "’"):
        return last
    # the plural possessive ("the Clintons' home")
    glued = doc.tokens[k].start == doc.tokens[last].end
    return k if glued and doc.tokens[last].text.endswith("s") else last


def _premodifier_or_citation(doc: Document, run: RuleMention, end: int) -> bool:
    """Is a bare name a noun modifier ("Spanish art") or a citation ("Smith et al.", "Li, 2010")?

    Neither refers to an entity a later pronoun or name could pick up, and
    OntoNotes-style corpora do not annotate them.
    """
    k = run.last + 1
    if k >= end or run.etype == "person":
        return False
    nxt = doc.tokens[k].text
    w = normalize(nxt)
    if w in ("et", "et al.") or (w == "," and k + 1 < end and _is_year(doc.tokens[k + 1].text)):
        return True
    # a lowercase noun-like word follows; -s/-ed/-ing words are more likely verbs
    return nxt.islower() and _np_word(nxt, 0) and not w.endswith(("s", "ed", "ing"))


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[0] in "12"


def _followed_by_np(doc: Document, i: int, end: int, runs: dict[int, RuleMention]) -> bool:
    """Is "her" at ``i`` a possessive determiner ("her campaign"), not an object ("saw her")?"""
    return i + 1 < end and (i + 1 in runs or _np_word(doc.tokens[i + 1].text, 0))


def _pronoun_mention(p: Pronoun, i: int, s: int) -> RuleMention:
    gender: Gender | None = None if p.gender == "any" else p.gender
    etype: EntityType = "person" if p.gender in ("m", "f") else "unknown"
    if p.gender == "n":
        etype = "thing"
    return RuleMention(
        first=i,
        last=i,
        sentence=s,
        kind="pronoun",
        etype=etype,
        number="pl" if p.number == "pl" else "sg",
        gender=gender,
        key=p.form,
        head=p.form,
        pron=p,
    )


def _mark_subjects(doc: Document, mentions: list[RuleMention]) -> None:
    """Mark the first mention of each sentence not governed by a preposition.

    Why: without a parser, "first mention not after a preposition" is the
    cheapest approximation of the grammatical subject, which pronouns prefer.
    """
    seen: set[int] = set()
    for m in mentions:
        if m.sentence in seen:
            continue
        prev = normalize(doc.tokens[m.first - 1].text) if m.first > 0 else ""
        if prev in PREPOSITIONS and m.first > doc.sentences[m.sentence].token_start:
            continue
        m.subject = True
        seen.add(m.sentence)
