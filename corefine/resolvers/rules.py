"""The rule-based baseline resolver (``--resolver baseline``).

Why a baseline: until the trained model exists, ``corefine resolve`` needs
something honest to run, and the benchmarks need a floor to compare against.
It sees raw text only, uses no third-party NLP and no downloads, and runs in
time linear in the text (each pronoun looks back over a window of a few
sentences; names are matched through dictionaries).

How it works, in text order over the mentions of
:func:`~corefine.resolvers.mentions.detect_mentions`:

* **Names** link to the latest earlier name with the same key (the name
  without titles, so "Mr. Trump" ~ "Trump"), else by surname ("Clinton" → the
  latest "Hillary Clinton"), by a known first name used alone ("Mary" → "Mary
  Chaworth", only if unambiguous), as an acronym ("DNC" → "Democratic National
  Committee"), or a full person name back to a bare surname used first.
  Genders known from titles and first names must not clash.
* **Definite noun phrases** repeated verbatim ("the company" ... "the
  company") link within a few sentences.
* **Third-person pronouns**: a reflexive takes the nearest compatible mention of
  its sentence; a pronoun right after a reporting verb takes that verb's
  subject ("Acme Corp. said it", "Clinton said that she"); any other takes
  the best compatible entity mentioned in the current and previous few
  sentences. Compatible means agreeing in number, gender and animacy (he/she:
  a person or an unknown name, never an organisation or thing; it: a thing,
  organisation or place; they: a plural NP or a group noun) and not violating
  a crude binding rule ("John saw him": *him* ≠ John). Ranking prefers recent
  sentences, subjects (first mention of a sentence not after a preposition),
  explicit agreement, an entity already referred to by the same pronoun, and
  frequent entities.

Confidence (``Mention.confidence``, used by the rewriter's threshold) estimates
how often such a link is right. The constants were set from link precision on
OntoGUM *train* (never dev or test) and rounded; they are stated here:

* name links: 0.9 exact multi-word match, 0.8 exact one-word match, 0.75
  unique surname, 0.7 acronym, 0.5 unique first name, a full name expanding an
  earlier surname, or a surname shared by several entities (latest taken);
  repeated definite NP 0.6.
* reflexive 0.9 (itself 0.5); reporting-verb subject 0.85 (he/she) or 0.75 (it/they).
* other pronoun links: ``base × distance × competition``. ``base`` depends on
  the pronoun and what the antecedent is (see ``_BASE``): he/she to an earlier
  pronoun 0.92, to a name of known gender 0.8, of unknown gender 0.4; it to an
  earlier it 0.6, to a name or NP 0.3 / 0.25; they to an earlier they 0.75, to
  a plural NP 0.45. ``distance`` decays with the sentences back, slowly for
  he/she and fast for it/they (``_DECAY``). ``competition`` is 1.0 when the
  winner is the only compatible entity in the window, else
  ``clamp(0.6 + 0.25 × margin, 0.6, 0.95)`` with ``margin`` the ranking-score
  gap to the runner-up.
* links under ``min_confidence`` (default 0.3) are not made at all: on train,
  "it" → nearest noun phrase is right about one time in five, which would do
  more harm than good to both the scores and the rewritten text.
* a mention's confidence is that of its link to its antecedent; the first
  mention of a cluster takes the best link pointing at it; a cluster's
  confidence is the mean of its links'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from corefine.document import Cluster, Document, Mention
from corefine.lexicon import ACRONYM_SKIPPED_WORDS, CLAUSE_BREAKS, REPORTING_VERBS
from corefine.resolvers.mentions import (
    FUNCTION_WORDS,
    EntityType,
    Gender,
    Number,
    RuleMention,
    detect_mentions,
    normalize,
)
from corefine.tokenizer import make_document

# Ranking weights of the pronoun resolver (see the module docstring).
_W_DISTANCE = 1.0
_W_SUBJECT = 0.7
_W_STRONG = 0.5
_W_CHAIN = 0.3
_W_SIZE = 0.1

# base confidence by (pronoun group, antecedent kind): (strong agreement, weak agreement)
_BASE: dict[tuple[str, str], tuple[float, float]] = {
    ("mf", "pronoun"): (0.92, 0.92),
    ("mf", "name"): (0.8, 0.4),
    ("mf", "np"): (0.55, 0.35),
    ("n", "pronoun"): (0.6, 0.6),
    ("n", "name"): (0.3, 0.3),
    ("n", "np"): (0.25, 0.25),
    ("pl", "pronoun"): (0.75, 0.4),
    ("pl", "name"): (0.2, 0.2),
    ("pl", "np"): (0.45, 0.3),
}
# confidence factor by sentences back (the last value repeats)
_DECAY: dict[str, tuple[float, ...]] = {
    "mf": (1.0, 1.0, 0.9, 0.7),
    "n": (1.0, 0.8),
    "pl": (1.0, 0.75, 0.4),
}


@dataclass(frozen=True, slots=True)
class Link:
    """An anaphor → antecedent decision and the rule that made it.

    ``competitors`` is how many other compatible entities a pronoun had in its
    window; ``agreement`` is ``"strong"`` (features known to match) or
    ``"weak"`` (merely not contradicted) for pronoun links, empty otherwise.
    """

    anaphor: Mention
    antecedent: Mention
    rule: str
    confidence: float
    competitors: int = 0
    agreement: str = ""


@dataclass(slots=True)
class Analysis:
    """Everything the baseline decided: the document with clusters, mentions and links.

    Why expose more than the document: the links (which antecedent each
    pronoun took, and why) are what pronoun-resolution scores and error
    analysis need; clusters alone lose them.
    """

    document: Document
    mentions: list[RuleMention]
    links: list[Link]


@dataclass(slots=True)
class _Entity:
    """Features of a growing cluster, kept on its union-find root."""

    gender: Gender | None
    gender_known: bool
    number: Number | None
    etype: EntityType
    pronouns: set[str] = field(default_factory=set)
    size: int = 1


@dataclass(slots=True)
class _Candidate:
    index: int
    distance: int
    subject: bool
    strong: bool
    chain: bool
    size: int
    score: float = 0.0


def _pronoun_class(m: RuleMention) -> str:
    """m / f / n / pl: which agreement class a pronoun mention is in."""
    assert m.pron is not None
    if m.pron.number == "pl":
        return "pl"
    return str(m.pron.gender)


def _group(pclass: str) -> str:
    return "mf" if pclass in ("m", "f") else pclass


def _entity_of(m: RuleMention) -> _Entity:
    pronouns = {_pronoun_class(m)} if m.kind == "pronoun" else set()
    known = m.gender is not None and (m.kind != "np" or m.gender != "n")
    return _Entity(m.gender, known, m.number, m.etype, pronouns)


def _merge(a: _Entity, b: _Entity) -> _Entity:
    """Features of the union; explicit evidence wins over defaults, the older side over a clash."""
    gender, known = a.gender, a.gender_known
    if not known and (b.gender_known or gender is None):
        gender, known = b.gender, b.gender_known
    etype = a.etype if a.etype not in ("unknown", "thing") else b.etype
    if a.etype == "thing" and b.etype == "unknown":
        etype = "thing"
    number = a.number if a.number == "pl" or b.number is None else b.number
    return _Entity(gender, known, number, etype, a.pronouns | b.pronouns, a.size + b.size)


def agreement(pclass: str, e: _Entity) -> str | None:
    """``"strong"``, ``"weak"`` or ``None``: may a pronoun of class ``pclass`` refer to ``e``?

    Strong when the entity's features are known to match, weak when they are
    merely not contradicted (an unknown name for "he"). "they" never takes an
    organisation name: on train that was almost always wrong (the "they" was
    its people, or someone else).
    """
    if pclass in ("m", "f"):
        if e.number == "pl" or e.gender == "n" or e.etype in ("org", "place", "thing", "group"):
            return None
        if e.gender == pclass:
            return "strong" if e.gender_known else "weak"
        return None if e.gender is not None else "weak"
    if pclass == "n":
        if e.gender in ("m", "f") or e.etype in ("person", "unknown") or e.number == "pl":
            return None
        return "strong"
    if e.number == "pl":
        return "strong"
    return "weak" if e.etype == "group" else None


class RuleResolver:
    """Rule-based coreference: names, repeated definite NPs and third-person pronouns.

    ``window`` is how many sentences back he/she look; "it" and "they" look
    less far back because they are far more often generic or non-referential.
    ``min_confidence``: pronoun links estimated below it are not made.
    """

    name = "baseline"

    def __init__(
        self,
        *,
        window: int = 3,
        it_window: int = 1,
        they_window: int = 2,
        np_window: int = 5,
        link_nps: bool = True,
        min_confidence: float = 0.3,
    ) -> None:
        self.windows = {"m": window, "f": window, "n": it_window, "pl": they_window}
        self.np_window = np_window
        self.link_nps = link_nps
        self.min_confidence = min_confidence

    def __call__(self, text: str) -> Document:
        """Raw text → document whose clusters have at least two mentions each."""
        return self.analyse(text).document

    def analyse(self, text: str) -> Analysis:
        """Resolve ``text`` and return the document together with mentions and links."""
        doc = make_document(text)
        mentions = detect_mentions(doc)
        state = _State(doc, mentions)
        for k, m in enumerate(mentions):
            if m.kind == "name":
                self._link_name(state, k)
            elif m.kind == "np":
                self._link_np(state, k)
            else:
                self._link_pronoun(state, k)
        doc.clusters = state.clusters()
        doc.validate()
        return Analysis(doc, mentions, state.links)

    # -- names -------------------------------------------------------------------------------

    def _link_name(self, st: _State, k: int) -> None:
        target = self._name_antecedent(st, k)
        if target is not None:
            j, conf, rule = target
            st.link(k, j, conf, rule)
        st.index_name(k)

    def _name_antecedent(self, st: _State, k: int) -> tuple[int, float, str] | None:
        """The earlier name this one repeats, with the confidence of the matching rule."""
        m = st.mentions[k]
        core = m.name_tokens
        j = st.by_key.get(m.key)
        if j is not None and st.gender_ok(k, j):
            return j, (0.9 if len(core) > 1 else 0.8), "name-exact"
        if len(core) == 1 and m.etype in ("person", "unknown"):
            found = self._surname(st, k) or self._first_name(st, k)
            if found is not None:
                return found
        if len(core) == 1 and core[0].isalpha() and st.raw_core(m).isupper():
            j = st.by_initials.get(m.key.upper())
            if j is not None:
                return j, 0.7, "name-acronym"
        if len(core) > 1 and m.etype == "person":
            j = st.by_key.get(core[-1])
            if j is not None and len(st.mentions[j].name_tokens) == 1 and st.gender_ok(k, j):
                return j, 0.5, "name-expanded"
        return None

    def _surname(self, st: _State, k: int) -> tuple[int, float, str] | None:
        options = [j for j in st.by_head.get(st.mentions[k].key, []) if st.gender_ok(k, j)]
        roots = {st.find(j) for j in options}
        if not roots:
            return None
        return options[-1], (0.75 if len(roots) == 1 else 0.5), "name-surname"

    def _first_name(self, st: _State, k: int) -> tuple[int, float, str] | None:
        options = [j for j in st.by_first.get(st.mentions[k].key, []) if st.gender_ok(k, j)]
        if len({st.find(j) for j in options}) != 1:
            return None
        return options[-1], 0.5, "name-first"

    # -- noun phrases ------------------------------------------------------------------------

    def _link_np(self, st: _State, k: int) -> None:
        """Repeated "the X" within ``np_window`` sentences (predicative NPs excluded)."""
        m = st.mentions[k]
        if not self.link_nps or m.predicative or normalize(st.raw_first(m)) != "the":
            return
        j = st.by_np.get(m.key)
        st.by_np[m.key] = k
        if j is None or m.sentence - st.mentions[j].sentence > self.np_window:
            return
        st.link(k, j, 0.6, "np-exact")

    # -- pronouns ----------------------------------------------------------------------------

    def _link_pronoun(self, st: _State, k: int) -> None:
        m = st.mentions[k]
        assert m.pron is not None
        if m.pron.reflexive and st.emphatic(m):
            return
        pclass = _pronoun_class(m)
        reported = self._reported_subject(st, k, pclass)
        if reported is not None:
            conf = 0.85 if pclass in ("m", "f") else 0.75
            st.link(k, reported, conf, "pronoun-reported", 0, "strong")
            return
        window = 0 if m.pron.reflexive else self.windows[pclass]
        cands = self._candidates(st, k, pclass, window)
        if not cands:
            return
        if m.pron.reflexive:
            # binding: the closest compatible mention of the clause, not the most salient one
            ranked = sorted(cands, key=lambda c: c.index, reverse=True)
            rule, conf = "pronoun-reflexive", (0.5 if pclass == "n" else 0.9)
        else:
            ranked = sorted(cands, key=lambda c: (c.score, c.index), reverse=True)
            rule, conf = "pronoun", self._confidence(st, pclass, ranked)
        best = ranked[0]
        if conf < self.min_confidence:
            return
        agreement = "strong" if best.strong else "weak"
        st.link(k, best.index, conf, rule, len(ranked) - 1, agreement)

    def _reported_subject(self, st: _State, k: int, pclass: str) -> int | None:
        """The subject of "X said (that) <pronoun>", if the pronoun agrees with it."""
        m = st.mentions[k]
        tokens = st.doc.tokens
        v = m.first - 1
        if v > 0 and normalize(tokens[v].text) == "that":
            v -= 1
        if v <= 0 or normalize(tokens[v].text) not in REPORTING_VERBS:
            return None
        j = k - 1
        while j >= 0 and st.mentions[j].first >= v:
            j -= 1
        # the outermost mention ending right before the verb (the list puts it first)
        ending = [i for i in range(max(0, j - 8), j + 1) if st.mentions[i].last == v - 1]
        if not ending:
            return None
        s = ending[0]
        c = st.mentions[s]
        if c.sentence != m.sentence or c.predicative:
            return None
        strength = agreement(pclass, st.entities[st.find(s)])
        return s if strength == "strong" or (strength and pclass in ("m", "f")) else None

    def _candidates(self, st: _State, k: int, pclass: str, window: int) -> list[_Candidate]:
        """The most recent compatible mention of each entity within the window, scored."""
        m = st.mentions[k]
        by_root: dict[int, _Candidate] = {}
        for j in range(k - 1, -1, -1):
            c = st.mentions[j]
            if c.sentence < m.sentence - window:
                break
            if c.last >= m.first or c.predicative:
                continue
            if c.sentence == m.sentence and not st.may_bind(c, m):
                continue
            root = st.find(j)
            seen = by_root.get(root)
            if seen is not None:
                same_sentence = c.sentence == m.sentence - seen.distance
                seen.subject = seen.subject or (c.subject and same_sentence)
                continue
            e = st.entities[root]
            strength = agreement(pclass, e)
            if strength is None:
                continue
            by_root[root] = _Candidate(
                index=j,
                distance=m.sentence - c.sentence,
                subject=c.subject,
                strong=strength == "strong",
                chain=pclass in e.pronouns,
                size=e.size,
            )
        for cand in by_root.values():
            cand.score = (
                -_W_DISTANCE * cand.distance
                + _W_SUBJECT * cand.subject
                + _W_STRONG * cand.strong
                + _W_CHAIN * cand.chain
                + _W_SIZE * min(3, cand.size - 1)
            )
        return list(by_root.values())

    @staticmethod
    def _confidence(st: _State, pclass: str, ranked: list[_Candidate]) -> float:
        """``base × distance × competition`` (see the module docstring)."""
        best = ranked[0]
        group = _group(pclass)
        strong, weak = _BASE[(group, st.mentions[best.index].kind)]
        decay = _DECAY[group]
        distance = decay[min(best.distance, len(decay) - 1)]
        competition = 1.0
        if len(ranked) > 1:
            margin = best.score - ranked[1].score
            competition = max(0.6, min(0.95, 0.6 + 0.25 * margin))
        return round((strong if best.strong else weak) * distance * competition, 3)


class _State:
    """Mentions, the union-find over them, entity features, name indexes and links."""

    def __init__(self, doc: Document, mentions: list[RuleMention]) -> None:
        self.doc = doc
        self.mentions = mentions
        self.parent = list(range(len(mentions)))
        self.entities = [_entity_of(m) for m in mentions]
        self.by_key: dict[str, int] = {}
        self.by_head: dict[str, list[int]] = defaultdict(list)
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_initials: dict[str, int] = {}
        self.by_np: dict[str, int] = {}
        self.mention_ends = {m.last for m in mentions}
        self.links: list[Link] = []
        self._link_conf: dict[int, float] = {}
        self._incoming: dict[int, float] = {}

    def find(self, i: int) -> int:
        """Union-find root of mention ``i`` (with path compression)."""
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def link(
        self,
        k: int,
        j: int,
        confidence: float,
        rule: str,
        competitors: int = 0,
        agreement: str = "",
    ) -> None:
        """Record anaphor ``k`` → antecedent ``j`` and merge their entities."""
        rk, rj = self.find(k), self.find(j)
        link = Link(self.mention(k), self.mention(j), rule, confidence, competitors, agreement)
        self.links.append(link)
        self._link_conf[k] = confidence
        self._incoming[j] = max(self._incoming.get(j, 0.0), confidence)
        if rk != rj:
            self.entities[rj] = _merge(self.entities[rj], self.entities[rk])
            self.parent[rk] = rj

    def mention(self, k: int) -> Mention:
        m = self.mentions[k]
        return self.doc.token_mention(m.first, m.last)

    def raw_core(self, m: RuleMention) -> str:
        """The original text of a one-word name (its last token that is not a clitic)."""
        for t in range(m.last, m.first - 1, -1):
            if normalize(self.doc.tokens[t].text) == m.name_tokens[-1]:
                return self.doc.tokens[t].text
        return ""

    def raw_first(self, m: RuleMention) -> str:
        return self.doc.tokens[m.first].text

    def gender_ok(self, k: int, j: int) -> bool:
        """Do two names not clash in type or known gender ("Mrs. Clinton" vs "Bill Clinton")?"""
        a, b = self.entities[self.find(k)], self.entities[self.find(j)]
        people = {a.etype, b.etype} & {"person"}
        if people and {a.etype, b.etype} & {"org", "place"}:
            return False
        return not (a.gender_known and b.gender_known and a.gender != b.gender)

    def may_bind(self, c: RuleMention, m: RuleMention) -> bool:
        """Crude binding: a plain object/subject pronoun needs a clause break after ``c``.

        Possessives ("John and his") and reflexives ("John hurt himself") need none.
        """
        assert m.pron is not None
        if m.pron.possessive or m.pron.reflexive or self._her_possessive(m):
            return True
        tokens = self.doc.tokens
        return any(normalize(tokens[t].text) in CLAUSE_BREAKS for t in range(c.last + 1, m.first))

    def emphatic(self, m: RuleMention) -> bool:
        """An emphatic reflexive right after a noun or pronoun ("the state itself", "he himself").

        It belongs to the phrase before it rather than referring on its own.
        """
        return m.first - 1 in self.mention_ends

    def _her_possessive(self, m: RuleMention) -> bool:
        if m.key != "her" or m.last + 1 >= len(self.doc.tokens):
            return False
        nxt = normalize(self.doc.tokens[m.last + 1].text)
        return nxt.isalpha() and nxt not in FUNCTION_WORDS

    def index_name(self, k: int) -> None:
        """Make name ``k`` findable by later names: by key, surname, first name, initials."""
        m = self.mentions[k]
        core = m.name_tokens
        self.by_key[m.key] = k
        if len(core) > 1 and m.etype in ("person", "unknown"):
            self.by_head[core[-1]].append(k)
            if m.etype == "person":
                self.by_first[core[0]].append(k)
        initials = "".join(w[0] for w in core if w not in ACRONYM_SKIPPED_WORDS and w[:1].isalpha())
        if len(initials) >= 2 and len(core) > 1:
            self.by_initials[initials.upper()] = k

    def clusters(self) -> list[Cluster]:
        """Clusters of two or more distinct spans, with confidences (see module docstring)."""
        groups: dict[int, list[int]] = defaultdict(list)
        for k in range(len(self.mentions)):
            groups[self.find(k)].append(k)
        out: list[Cluster] = []
        for members in groups.values():
            spans: dict[tuple[int, int], Mention] = {}
            confs: list[float] = []
            for k in members:
                conf = self._link_conf.get(k, self._incoming.get(k))
                if k in self._link_conf:
                    confs.append(self._link_conf[k])
                m = self.mention(k)
                spans.setdefault(m.span, Mention(m.start, m.end, m.text, conf))
            if len(spans) < 2:
                continue
            mean = round(sum(confs) / len(confs), 3) if confs else None
            out.append(Cluster(len(out), list(spans.values()), mean))
        out.sort(key=lambda c: c.mentions[0].span)
        for i, c in enumerate(out):
            c.id = i
        return out
