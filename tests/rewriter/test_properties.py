"""Properties of ``rewrite`` on generated news-like texts and on messier variants of them.

Texts come from a small grammar of sentences about four entities (three named,
one only ever "the company"), with names, subject/object/possessive pronouns,
quotations and apostrophes; the grammar knows every mention's cluster and the
replacement the specification demands. A variant of each text then widens its
whitespace (spaces, tabs, NBSP and other Unicode spaces), swaps quote styles
(" ↔ “ ”, ' ↔ ’) and inserts accented words, CJK and emoji between sentences,
mapping every mention span through those edits. The rewrite must not notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from corefine.document import resolved_sentences
from corefine.rewriter import RewritePolicy, RewriteResult, rewrite
from corefine.tokenizer import make_document

# --- the grammar ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    full: str
    short: str
    subject: str
    object: str
    possessive: str
    representative: str  # as it should appear mid-sentence


ENTITIES = (
    Entity("Louis Marinelli", "Marinelli", "he", "him", "his", "Louis Marinelli"),
    Entity("Maria Butina", "Butina", "she", "her", "her", "Maria Butina"),
    Entity("Acme Corp.", "Acme", "it", "it", "its", "Acme Corp."),
    Entity("the company", "the company", "it", "it", "its", "the company"),
)
FORMS = ("full", "short", "pronoun", "possessive")
VERBS = ("met", "praised", "called", "told", "didn't call")
NOUNS = ("sister", "plan", "lawyer")
TAILS = (".", " in Paris.", " on Monday.")


@dataclass(frozen=True)
class Ref:
    """A mention to generate: which entity, in which form."""

    entity: int
    form: str


@dataclass
class Doc:
    """A generated text with its mentions and what the specification expects of them."""

    text: str
    clusters: list[list[tuple[int, int]]]
    expected: dict[tuple[int, int], str]  # pronoun span → replacement (policy "pronouns")
    expected_all: dict[tuple[int, int], str]  # extra name spans → replacement (policy "all")
    sentence_starts: list[int]


class _Writer:
    """Renders sentences left to right, recording spans as it goes."""

    def __init__(self, curly: bool) -> None:
        self.open_quote, self.close_quote, self.apostrophe = "“”’" if curly else '""\''
        self.parts: list[str] = []
        self.length = 0
        self.clusters: list[list[tuple[int, int]]] = [[] for _ in ENTITIES]
        self.pronouns: list[tuple[tuple[int, int], Entity, bool]] = []  # span, entity, possessive
        self.short_names: list[tuple[tuple[int, int], Entity]] = []
        self.introduced: set[int] = set()
        self.sentence_starts: list[int] = []

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def mention(self, ref: Ref, role: str, initial: bool) -> None:
        entity = ENTITIES[ref.entity]
        form = ref.form if ref.entity in self.introduced else "full"
        self.introduced.add(ref.entity)
        if form in ("full", "short"):
            word = entity.full if form == "full" else entity.short
            if initial:
                word = word[0].upper() + word[1:]
        else:
            word = entity.possessive if form == "possessive" else getattr(entity, role)
            if initial:
                word = word.capitalize()
        start = self.length
        self.write(word)
        span = (start, self.length)
        self.clusters[ref.entity].append(span)
        if form in ("pronoun", "possessive"):
            self.pronouns.append((span, entity, form == "possessive"))
        elif form == "short" and entity.short != entity.full:
            self.short_names.append((span, entity))
        if form == "possessive":
            self.write(" " + NOUNS[ref.entity % len(NOUNS)])

    def clause(self, subject: Ref, verb: str, obj: Ref, initial: bool) -> None:
        self.mention(subject, "subject", initial)
        self.write(" " + verb.replace("'", self.apostrophe) + " ")
        self.mention(obj, "object", False)

    def end_with(self, tail: str) -> None:
        if tail == "." and self.parts[-1].endswith("."):
            return  # "met Acme Corp." already ends the sentence
        self.write(tail)


@st.composite
def docs(draw: st.DrawFn) -> Doc:
    refs = st.builds(Ref, st.integers(0, len(ENTITIES) - 1), st.sampled_from(FORMS))
    speakers = st.builds(Ref, st.integers(0, len(ENTITIES) - 1), st.sampled_from(FORMS[:3]))
    w = _Writer(curly=draw(st.booleans()))
    for n in range(draw(st.integers(1, 6))):
        if n:
            w.write(" ")
        w.sentence_starts.append(w.length)
        subject, obj = draw(refs), draw(refs)
        if obj.entity == subject.entity and obj.form == "pronoun":
            # "Louis Marinelli met him" cannot mean himself (binding: the rewriter leaves
            # such a pronoun alone); "met his sister" can
            obj = Ref(obj.entity, "possessive")
        if obj.entity == subject.entity and subject.form == "pronoun" and obj.form != "possessive":
            # nor "He met Marinelli" him (binding, principle C: the rewriter leaves the
            # sentence-opening pronoun alone)
            obj = Ref(obj.entity, "possessive")
        verb, tail = draw(st.sampled_from(VERBS)), draw(st.sampled_from(TAILS))
        if draw(st.booleans()):
            w.clause(subject, verb, obj, initial=True)
            w.end_with(tail)
        else:
            w.write(w.open_quote)
            w.clause(subject, verb, obj, initial=True)
            w.write("," + w.close_quote + " ")
            w.mention(draw(speakers), "subject", False)
            w.write(" said.")
    text = "".join(w.parts)
    return Doc(
        text,
        [c for c in w.clusters if c],
        {span: _expected(text, span, e.representative, poss) for span, e, poss in w.pronouns},
        {span: _expected(text, span, e.full, False) for span, e in w.short_names},
        w.sentence_starts,
    )


def _expected(text: str, span: tuple[int, int], representative: str, possessive: bool) -> str:
    """The specification's replacement for a mention, written out for this grammar."""
    out = representative + ("'s" if possessive else "")
    if text[span[0]].isupper():
        out = out[0].upper() + out[1:]
    if out.endswith(".") and text[span[1] : span[1] + 1] == ".":
        out = out[:-1]
    return out


# --- messier variants ----------------------------------------------------------------------------

SPACES = " \t\u00a0\u2003\u3000"
FILLER = ("café", "naïve", "北京", "東京", "🙂", "🇺🇸", "👩‍👩‍👧", "ωμέγα")
SWAP = {'"': "“", "“": '"', "”": '"', "'": "’", "’": "'"}

Edit = tuple[int, int, str]  # replace text[start:end] by the string


@st.composite
def messier(draw: st.DrawFn, doc: Doc) -> tuple[str, list[Edit]]:
    """Edits outside mentions (whitespace runs may also fall between a name's words)."""
    text, edits = doc.text, []
    for i, ch in enumerate(text):
        if ch == " " and draw(st.booleans()):
            edits.append((i, i + 1, draw(st.text(SPACES, min_size=1, max_size=4))))
        elif ch in SWAP and draw(st.booleans()):
            edits.append((i, i + 1, _swapped(text, i)))
    for start in [*doc.sentence_starts, len(text)]:
        if draw(st.booleans()):
            words = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3))
            filler = " ".join(words)
            edits.append((start, start, f" {filler}." if start == len(text) else f"{filler}. "))
    edits.sort(key=lambda e: (e[0], e[1]))
    return _apply(text, edits), edits


def _swapped(text: str, i: int) -> str:
    ch = text[i]
    if ch == '"':
        return "“" if i + 1 < len(text) and text[i + 1].isalpha() else "”"
    return SWAP[ch]


def _apply(text: str, edits: list[Edit]) -> str:
    parts, copied = [], 0
    for start, end, new in edits:
        parts += [text[copied:start], new]
        copied = end
    parts.append(text[copied:])
    return "".join(parts)


def _map_span(span: tuple[int, int], edits: list[Edit]) -> tuple[int, int]:
    """Where a mention span lands: insertions at its start go before it, at its end after it."""
    start, end = span
    shift_start = sum(len(new) - (e - s) for s, e, new in edits if e <= start)
    shift_end = sum(len(new) - (e - s) for s, e, new in edits if e <= end and s < end)
    return start + shift_start, end + shift_end


def _by_span(result: RewriteResult) -> dict[tuple[int, int], tuple[str, int, tuple[int, int]]]:
    return {
        (r.start, r.end): (r.replacement, r.cluster_id, (r.source_start, r.source_end))
        for r in result.replacements
    }


# --- properties ----------------------------------------------------------------------------------


@given(docs())
def test_pronouns_get_the_specified_replacement(doc: Doc) -> None:
    result = rewrite(doc.text, doc.clusters)
    assert {span: r[0] for span, r in _by_span(result).items()} == doc.expected


@given(docs())
def test_all_mode_also_expands_short_names(doc: Doc) -> None:
    result = rewrite(doc.text, doc.clusters, RewritePolicy(replace="all"))
    got = {span: r[0] for span, r in _by_span(result).items()}
    assert got == {**doc.expected, **doc.expected_all}


@given(st.data(), st.sampled_from(["pronouns", "all"]))
def test_messier_text_gets_the_same_replacements(data: st.DataObject, mode: str) -> None:
    doc = data.draw(docs())
    messy, edits = data.draw(messier(doc))
    policy = RewritePolicy(replace=mode)  # type: ignore[arg-type]
    clusters = [[_map_span(s, edits) for s in c] for c in doc.clusters]
    for cluster, original in zip(clusters, doc.clusters, strict=True):
        for (s, e), (s0, e0) in zip(cluster, original, strict=True):
            assert messy[s:e].split() == doc.text[s0:e0].split()
    base = _by_span(rewrite(doc.text, doc.clusters, policy))
    mapped = {
        _map_span(span, edits): (new, cid, _map_span(source, edits))
        for span, (new, cid, source) in base.items()
    }
    result = rewrite(messy, clusters, policy)
    assert _by_span(result) == mapped
    assert_faithful(messy, result)


@given(st.data())
def test_rewrite_is_faithful_outside_replacements(data: st.DataObject) -> None:
    doc = data.draw(docs())
    messy, edits = data.draw(messier(doc))
    clusters = [[_map_span(s, edits) for s in c] for c in doc.clusters]
    assert_faithful(messy, rewrite(messy, clusters))
    assert_faithful(doc.text, rewrite(doc.text, doc.clusters))


@given(st.data())
def test_no_clusters_changes_nothing(data: st.DataObject) -> None:
    doc = data.draw(docs())
    messy, _ = data.draw(messier(doc))
    result = rewrite(messy, [])
    assert result.text == messy
    assert result.replacements == []
    assert all(result.offsets.to_resolved(i) == i for i in range(len(messy) + 1))


@given(st.data())
def test_resolved_sentences_are_the_original_sentences_rewritten(data: st.DataObject) -> None:
    doc = data.draw(docs())
    messy, edits = data.draw(messier(doc))
    clusters = [[_map_span(s, edits) for s in c] for c in doc.clusters]
    document = make_document(messy)
    result = rewrite(messy, clusters)
    sentences = resolved_sentences(document.sentences, result)
    assert [(s.start, s.end) for s in sentences] == [(s.start, s.end) for s in document.sentences]
    previous_end = 0
    for s in sentences:
        assert previous_end <= s.resolved_start <= s.resolved_end
        previous_end = s.resolved_end
        assert s.text == result.text[s.resolved_start : s.resolved_end]
        touching = [r for r in result.replacements if r.start < s.end and s.start < r.end]
        undone, copied = [], s.resolved_start
        for r in touching:
            assert (
                s.start <= r.start and r.end <= s.end
            )  # the grammar's mentions sit in one sentence
            undone += [result.text[copied : r.resolved_start], r.original]
            copied = r.resolved_end
        undone.append(result.text[copied : s.resolved_end])
        assert "".join(undone) == messy[s.start : s.end]


def assert_faithful(text: str, result: RewriteResult) -> None:
    """Substituting the originals back gives the input; lengths add up; offsets round-trip."""
    parts, copied = [], 0
    for r in result.replacements:
        parts += [result.text[copied : r.resolved_start], r.original]
        copied = r.resolved_end
    parts.append(result.text[copied:])
    assert "".join(parts) == text
    delta = sum(len(r.replacement) - (r.end - r.start) for r in result.replacements)
    assert len(result.text) == len(text) + delta
    omap = result.offsets
    inside = {i for r in result.replacements for i in range(r.start + 1, r.end)}
    for i in range(len(text) + 1):
        if i not in inside:
            assert omap.to_original(omap.to_resolved(i)) == i
    for r in result.replacements:
        assert omap.span_to_original(r.resolved_start, r.resolved_end) == (r.start, r.end)
        assert omap.to_original(r.resolved_start + 1) == r.start


# --- scale ---------------------------------------------------------------------------------------


def test_hundred_thousand_words() -> None:
    """Users run whole documents: 100,000 words rewrite correctly in one call (its time is
    measured by ``benchmarks/speed.py``, column "rewriting s", not asserted here)."""
    paragraph = (
        "Louis Marinelli met Maria Butina in Paris. He praised her plan, and she thanked him."
    )
    entities = [("Louis Marinelli", "He", "him"), ("Maria Butina", "her", "she")]
    local = [[_find(paragraph, m) for m in mentions] for mentions in entities]
    copies = 100_000 // len(paragraph.split()) + 1
    text = "\n\n".join([paragraph] * copies)
    step = len(paragraph) + 2
    clusters = [[(s + k * step, e + k * step) for s, e in c] for k in range(copies) for c in local]
    result = rewrite(text, clusters)
    assert len(result.replacements) == 4 * copies
    assert result.text.count("Louis Marinelli praised Maria Butina's plan") == copies


def _find(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


# --- a person's name inside a longer phrase ------------------------------------------------

PHRASE_WORDS = (
    "Republican",
    "FBI",
    "Director",
    "James",
    "Comey",
    "of",
    "Vermont",
    "Senator",
    "Sanders",
    "campaign",
    "manager",
    "Trump's",
    "New",
    "York",
    "City",
    "Jeff",
    "Weaver",
    "the",
    "for",
    "Martin",
    "Luther",
    "King",
    "Jr.",
    "F.",
    "Scott",
    "and",
    ",",
)
GAPS = st.sampled_from([" ", "  ", "\t", "\u00a0", " \n "])


@given(st.lists(st.tuples(st.sampled_from(PHRASE_WORDS), GAPS), min_size=1, max_size=7))
def test_person_name_is_a_span_of_the_phrase_whatever_its_spacing(
    parts: list[tuple[str, str]],
) -> None:
    from corefine.rewriter.mentions import person_name

    words = [w for w, _ in parts]
    spaced = "".join(w + s for w, s in parts[:-1]) + words[-1]
    plain = " ".join(words)
    start, end = person_name(spaced)
    assert 0 <= start < end <= len(spaced)
    a, b = person_name(plain)
    # the same words are kept, however the phrase is spaced
    assert spaced[start:end].split() == plain[a:b].split()
