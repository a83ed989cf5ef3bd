"""Choosing the text that stands for a cluster: its representative mention.

Rules (``policy.representative == "auto"``):

1. Candidates are the cluster's names, definite or bare noun phrases and
   a/an noun phrases, trimmed to their core (see :mod:`mentions`), that the
   policy's confidence threshold accepts and that have at most
   ``max_representative_words`` words. Pronouns never represent, nor do
   quantified phrases ("every senator", "some voters"): copying one changes
   what the sentence says.
2. A name wins over a description. Names are grouped by their words: two
   names whose word sets (case-folded, determiners aside) are a subset of
   one another are one group ("Byron", "Lord Byron", "George Gordon Byron").
   A mention is represented by the group of the **nearest name before it** in its
   cluster that the threshold accepts (the first one after it when none
   precedes), in that group's longest form ("Lord Byron" over "Byron"), except a
   pronoun whose nearest name before it is of another group, or of a group no sure
   name vouches for: the model links it through that nearer name, so the older sure
   one may be another entity the cluster merged, and the pronoun stays ("Trump" at
   0.98, "Bush" at 0.86, *his*: not "Trump's" at threshold 0.9; news-dev at 0.9, 75 %
   → 86 % of replacements right; OntoGUM and LitBank dev also gain precision); the
   mention it is copied from is that form's nearest occurrence before the name
   (the first one when none precedes); where the group has several longest forms,
   a shorter name takes the one the cluster uses most ("Clinton" between "Hillary
   Clinton" and "Chelsea Clinton"). A pronoun whose name has no longer form before it
   takes that name as written when the cluster also writes it out as another person
   ("Mateen" where the model merged "her husband, Omar Mateen", below the threshold, with
   his father "Seddique Mateen", named at the end: 22 news replacements were the
   father's name), unless the later form's first name tells the pronoun's gender
   ("Loretta Lynch" for *she* beside "Lorenzo A. Lynch"). For a pronoun, the longest
   form that agrees with it in number and gender (:mod:`agreement`): "Loretta Lynch" for *she*
   where "Lynch" also groups her father "Lorenzo A. Lynch"; a group whose names
   tell only the other gender gives the pronoun none of its forms, not even one
   whose own words tell nothing (*his* is not "Secretary Clinton" beside "Hillary
   Clinton"). Where its names tell no gender, the he/she pronouns the group
   stands for may: at least three, three times as many as the other gender's
   ("Clinton ... she ... she ... she": a *he* near "Clinton" is someone else, and
   is left alone). A *he* or *she* takes a form that tells its gender where the
   group has one ("Donald Trump", not the longer "Trump University" of a cluster
   that merged the two). A form below the threshold counts when every accepted
   name of its group nests with it ("Donald Trump" at 0.53 beside "Trump" at
   0.98, but not "the President of Mexico" beside "President Obama"): a cluster's
   first mention, most often the full name, carries the confidence of a single
   link. A list of names ("Cruz, Kasich", "Trump and Clinton") is a name only in
   a cluster without another one, and so is a name led by a possessor ("Obama's
   EPA", "Iraq's Mount Sinjar"): the possessor is the writer's framing, and "the
   EPA" is not "Obama's EPA".
   Why nearest and not one name for the whole cluster: when a model merges
   two people into one cluster ("Byron" and his friend "John Edleston"),
   the cluster's longest name is often the wrong one, while the antecedent
   links a pronoun sits on mostly lead back to the name last mentioned
   before it (measured on OntoGUM dev: most wrong replacements of a model
   had a correct nearest link). For a cluster that is one entity, every
   group names it, so the choice only moves between its names.
3. Otherwise a description, never one that contains a third-person pronoun
   ("his wife", "its organisers": the pronoun would be moved away from what it
   refers to); a definite one ("the officials") before a bare one ("Officials",
   "Californians") before an a/an one, whose article becomes "the" ("a
   Russian woman" → "the Russian woman"); then the shortest ("the company"
   over "the Texas-based company"); then the earliest. A demonstrative one ("those
   people", "that young man") points within its own context: it represents only
   mentions after it in the same or the next sentence. Measured at the default
   threshold: LitBank dev pronouns 71.0 → 76.0 % precision for one right replacement
   fewer (a convict's *he* was "that young man", a man he invents, for two pages);
   OntoGUM dev 81.3 / 31.3 → 82.6 / 30.9.
4. Only when no such description exists, one with a first- or second-person
   word ("my mother", "our ancestors", "your shoes"), and only for a mention in
   the same voice: no line break and no quotation mark in between. "My" means
   whoever speaks, so it can travel only where the speaker stays the same: in
   'Smith said: "My mother was ill." She died in May.' "She" must not become
   "my mother". Measured on OntoGUM dev with the shipped model at threshold
   0.75 (``benchmarks/pronoun_curve.py`` without and with this rule): 61 more
   pronoun replacements, 43 of them correct, most in first-person fiction,
   vlogs and speeches ("my father", "our members").
5. No candidate, no replacement: an unreadable substitution is worse than none.

Surface form: whitespace runs become one space; a leading capitalised
determiner is lower-cased ("The company" → "the company"; :mod:`grammar`
restores the capital at sentence starts) unless the representative is a name
and some mention of the cluster starts with it mid-sentence, the evidence that
"The" belongs to the name ("in The Hague"). A leading "the" is never dropped:
"the United States", "the FBI". A description that is not a name and starts a
sentence ("Officials said...") is lower-cased too when the text writes its
first word in lower case elsewhere ("officials"); otherwise its capital may
belong to a proper noun ("Californians") and is kept. A person's full name is
written without the titles and descriptions before it and the place after it
("Republican FBI Director James Comey" → "James Comey", "Senator Sanders of
Vermont" → "Senator Sanders": :func:`~corefine.rewriter.mentions.person_name`);
the mention it is copied from stays the longer one.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from corefine.lexicon import (
    DEMONSTRATIVES,
    DETERMINERS,
    EDGE_PUNCTUATION,
    GENERAL_NOUNS,
    INDEFINITE_ARTICLES,
    LEGAL_FORMS,
    PERSON_TITLES,
    TITLES,
    Pronoun,
    pronoun,
)
from corefine.reading import PADDING
from corefine.rewriter.agreement import agrees, head_words, person_gender
from corefine.rewriter.grammar import sentence_ends, starts_sentence
from corefine.rewriter.mentions import Kind, MentionInfo, person_name
from corefine.rewriter.names import NameEvidence, first_names
from corefine.rewriter.policy import RewritePolicy
from corefine.spans import Mention

_CANDIDATE_KINDS = (Kind.NAME, Kind.NOMINAL, Kind.INDEFINITE)


@dataclass(frozen=True, slots=True)
class Representative:
    """The text that replaces a cluster's mentions, the mention it was copied from, and
    how sure the model is of it: the source's own confidence, or, for a longer name form
    admitted below the threshold (rule 2), that of the surest name of its group."""

    text: str
    source: Mention
    confidence: float | None


class Representatives:
    """The representatives of one cluster's mentions under ``policy``.

    Built once per cluster (candidates and name groups), then asked per
    mention, so a cluster of thousands of mentions costs a sort, not a
    quadratic scan.
    """

    def __init__(
        self, infos: Sequence[MentionInfo], evidence: NameEvidence, policy: RewritePolicy
    ) -> None:
        text = evidence.text
        fitting = [i for i in infos if _fits(i, text, policy)]
        self._names: list[MentionInfo] = []
        self._anchors: list[int] = []
        self._best_of_name: list[Representative] = []
        self._own_form: dict[int, Representative] = {}  # names a pronoun takes as written
        self._default: Representative | None = None
        self._voiced: list[MentionInfo] = []
        self._infos, self._evidence, self._policy = infos, evidence, policy
        self._name_index: dict[tuple[int, int], int] | None = None
        self._longer: list[Representative | None] | None = None
        names = _representing_names(fitting, text, policy)
        if policy.representative == "first" or not names:
            candidates = [i for i in fitting if policy.accepts(i.mention.confidence)]
            best = _pick(candidates, text, policy)
            if best is not None:
                self._default = self._rep(best)
            else:
                self._voiced = [
                    i
                    for i in infos
                    if _fits(i, text, policy, voiced=True) and policy.accepts(i.mention.confidence)
                ]
            return
        names.sort(key=lambda n: (n[0].start, n[0].end))
        self._names = [name for name, _ in names]
        self._roots = [root for _, root in names]
        # anchors: the names a mention may take its group from, each sure on its own
        self._anchors = [
            k for k, n in enumerate(self._names) if policy.accepts(n.mention.confidence)
        ]
        self._starts = [self._names[k].start for k in self._anchors]
        # every name that could represent, sure or not: a pronoun whose nearest one is of
        # a group no sure name vouches for is not given an older group's name (rule 2b)
        represented = {n.mention.span for n in self._names}
        unvouched = sorted(
            (i.start, i.end)
            for i in fitting
            if i.kind is Kind.NAME
            and i.mention.span not in represented
            and not _lists_names(i, text)
            and not _possessed(i, text)
        )
        self._unvouched_ends = [end for _, end in unvouched]
        self._by_end = sorted(range(len(self._names)), key=lambda k: self._names[k].end)
        self._name_ends = [self._names[k].end for k in self._by_end]
        self._members: dict[int, list[int]] = {}
        self._genders: dict[int, set[str]] = {}
        self._votes: dict[int, list[str]] | None = None
        self._surest: dict[int, float | None] = {}
        longest: dict[int, tuple[int, int]] = {}
        for k, (name, root) in enumerate(names):
            self._members.setdefault(root, []).append(k)
            longest[root] = max(longest.get(root, (0, 0)), _size(name, text))
            if policy.accepts(name.mention.confidence):
                self._surest[root] = _surer(self._surest.get(root, 0.0), name.mention.confidence)

        # each name → the group's longest form; the mention copied is that form's
        # nearest occurrence at or before this name (the first one when none precedes).
        # A longest form stands for itself; a shorter name whose group has several
        # ("Clinton" beside "Hillary Clinton" and "Chelsea Clinton") takes the one the
        # cluster names most often, not the one named last.
        tops = [_size(name, text) == longest[root] for name, root in names]
        form = [" ".join(text[n.start : n.end].split()) for n, _ in names]
        first: dict[int, Representative] = {}
        uses: dict[tuple[int, str], int] = {}
        for k, ((name, root), top) in enumerate(zip(names, tops, strict=True)):
            if top:
                if root not in first:
                    first[root] = self._rep(name, root)
                uses[root, form[k]] = uses.get((root, form[k]), 0) + 1
        latest: dict[int, dict[str, tuple[int, Representative]]] = {}
        written: list[tuple[frozenset[str], str]] | None = None  # the cluster's names, once
        shared: dict[tuple[str, int], bool] = {}  # (name, group) → written out as another?
        for k, ((name, root), top) in enumerate(zip(names, tops, strict=True)):
            seen = latest.setdefault(root, {})
            if top:
                seen[form[k]] = (k, self._rep(name, root))
                self._best_of_name.append(seen[form[k]][1])
            elif seen:
                pick = max(seen, key=lambda f: (uses[root, f], seen[f][0]))
                self._best_of_name.append(seen[pick][1])
            else:
                self._best_of_name.append(first[root])
                if (form[k], root) not in shared:
                    if written is None:
                        written = _written_names(fitting, text)
                    shared[form[k], root] = _another_person(form[k], first[root].text, written)
                if shared[form[k], root]:
                    self._own_form[k] = self._rep(name, root)

    def _rep(self, info: MentionInfo, root: int | None = None) -> Representative:
        """``info`` as a representative. A name below the threshold, admitted for the sure
        names of its group ``root``, carries the confidence of the surest of them."""
        confidence = info.mention.confidence
        if root is not None and not self._policy.accepts(confidence):
            confidence = self._surest[root]
        return Representative(_surface(info, self._infos, self._evidence), info.mention, confidence)

    def __bool__(self) -> bool:
        return self._default is not None or bool(self._anchors) or bool(self._voiced)

    def for_mention(self, info: MentionInfo) -> Representative | None:
        """The representative that replaces ``info``: see the module docstring, rules 2-4.

        A name is replaced only by a form of its own group ("Bush" → "Jeb Bush", never the
        "Obama" of a cluster that merged them), and a description only by a name: "the
        Republican side" → "the Democratic side" would be a model's merge written out,
        and one description for another tells the reader nothing new."""
        if self._policy.representative == "auto" and info.kind is not Kind.PRONOUN:
            if info.kind is Kind.NAME:
                k = self._own_name().get(info.mention.span)
                return None if k is None else self._longer_form(k)
            if not self._anchors:
                return None
        if not self._anchors:
            if self._default is not None or not self._voiced:
                return self._near_enough(self._default, info)
            text = self._evidence.text
            heard = [v for v in self._voiced if _same_voice(text, v, info)]
            voiced = _pick(heard, text, self._policy)
            return None if voiced is None else self._rep(voiced)
        k = self._anchor(info)
        if info.pronoun is not None and self._skips_a_name(info, k):
            return None
        best = self._best_of_name[k]
        pron = info.pronoun
        if pron is None:
            return best
        if self._gender_clash(k, pron):
            return None
        if agrees(pron, best.text, Kind.NAME) and not self._person_elsewhere(k, pron, best):
            chosen = best
        else:
            chosen = self._agreeing_form(k, info) or best
        own = self._own_form.get(k)
        if own is None or person_gender(chosen.text, Kind.NAME) == pron.gender:
            return chosen  # a first name that tells the pronoun's gender picks the person
        return own if agrees(pron, own.text, Kind.NAME) else None

    def _near_enough(self, rep: Representative | None, info: MentionInfo) -> Representative | None:
        """``rep``, unless it is a demonstrative description ("that young man", "these
        voters") and ``info`` is not after it in the same or the next sentence (rule 3)."""
        if rep is None:
            return None
        source, text = rep.source, self._evidence.text
        if not _demonstrative(text[source.start : source.end]):
            return rep
        if info.start < source.end or sentence_ends(text, source.end, info.start) > 1:
            return None
        return rep

    def _own_name(self) -> dict[tuple[int, int], int]:
        """Each name's index in ``self._names``, by its mention's span."""
        if self._name_index is None:
            self._name_index = {n.mention.span: k for k, n in enumerate(self._names)}
        return self._name_index

    def _longer_form(self, k: int) -> Representative | None:
        """The nearest name before name ``k`` of its group whose words include all of
        ``k``'s and more ("Lynch" after "Loretta Lynch" is her, though the group's longest
        form is her father "Lorenzo A. Lynch"), else the first such name after it; None
        where there is none (a list's first name is no form of the list). A longer form
        keeps the name's head, its last word: "Jeb Bush" is a form of "Bush", "Trump
        University" and "America First" are other things named after theirs; a first
        name alone may be followed ("Hillary Clinton" for "Hillary")."""
        if self._longer is None:
            text, roots = self._evidence.text, self._roots
            words = [_name_words(n, text) for n in self._names]
            forms = [text[n.start : n.end] for n in self._names]
            self._longer = [None] * len(self._names)
            for order in (range(len(words)), range(len(words) - 1, -1, -1)):
                last: dict[int, dict[frozenset[str], int]] = {}  # group → form → latest
                for j in order:
                    seen = last.setdefault(roots[j], {})
                    if self._longer[j] is None:
                        longer = [
                            i
                            for w, i in seen.items()
                            if w > words[j] and keeps_head(forms[j], forms[i])
                        ]
                        if longer:
                            near = max(longer) if order.step > 0 else min(longer)
                            self._longer[j] = self._rep(self._names[near], roots[j])
                    seen[words[j]] = j
        return self._longer[k]

    def _person_elsewhere(self, k: int, pron: Pronoun, best: Representative) -> bool:
        """Is *pron* a he/she whose gender other forms of the group tell but ``best``, which
        no title marks as a person's, does not? Then a form that tells it names the person:
        *his* of a group holding "Donald Trump" and "Trump University" is "Donald Trump's",
        not the longer name's ("Secretary Clinton" stays)."""
        words = best.text.casefold().split()
        titled = bool(words) and words[words[0] == "the" and len(words) > 1] in PERSON_TITLES
        return (
            pron.gender in ("m", "f")
            and not titled
            and pron.gender in self._group_genders(self._roots[k])
            and person_gender(best.text, Kind.NAME) is None
        )

    def _skips_a_name(self, info: MentionInfo, k: int) -> bool:
        """Does anchor ``k`` (the nearest sure name before ``info``) pass over a nearer name
        of another group, or one that no sure name vouches for? Then the model's link runs
        through that nearer name, and the sure one may be another entity the cluster
        merged: after "Trump" (0.98) and "Bush" (0.86), at threshold 0.9, *his* is not
        "Trump's". (The nearer name's own group, when sure, was already the anchor.)"""
        u = bisect.bisect_right(self._unvouched_ends, info.start) - 1
        n = bisect.bisect_right(self._name_ends, info.start) - 1
        if u >= 0 and (n < 0 or self._unvouched_ends[u] > self._name_ends[n]):
            return True
        return n >= 0 and self._roots[self._by_end[n]] != self._roots[k]

    def _anchor(self, info: MentionInfo) -> int:
        """The name ``info`` takes its group from: the nearest accepted one before it."""
        a = bisect.bisect_right(self._starts, info.start) - 1
        # a name starting at or before the mention that encloses it is not "before" it
        while a >= 0 and self._names[self._anchors[a]].end > info.start:
            a -= 1
        return self._anchors[max(a, 0)]

    def _gender_clash(self, k: int, pron: Pronoun) -> bool:
        """Does name ``k``'s group have a gender, and not *pron*'s? Then no form of it is
        *pron*'s, even one whose own words say nothing: *his* is not "Secretary Clinton" of
        a group that also reads "Hillary Clinton". The gender is its names', else the one
        its pronouns vote for (:meth:`_voted_gender`)."""
        if pron.gender not in ("m", "f"):
            return False
        root = self._roots[k]
        genders = self._group_genders(root) or self._voted_gender(root)
        return bool(genders) and pron.gender not in genders

    def _voted_gender(self, root: int) -> set[str]:
        """The gender most of the he/she pronouns this group stands for agree on (at least
        three, and three times the other gender's), for a group whose names tell none."""
        if self._votes is None:
            self._votes = {}
            for info in self._infos:
                pron = info.pronoun
                if pron is not None and pron.gender in ("m", "f") and info.kind is Kind.PRONOUN:
                    r = self._roots[self._anchor(info)]
                    self._votes.setdefault(r, []).append(pron.gender)
        votes = self._votes.get(root, [])
        m, f = votes.count("m"), votes.count("f")
        if max(m, f) >= 3 and max(m, f) >= 3 * min(m, f):
            return {"m" if m > f else "f"}
        return set()

    def _group_genders(self, root: int) -> set[str]:
        if root not in self._genders:
            text = self._evidence.text
            names = (self._names[j] for j in self._members[root])
            forms = {" ".join(text[n.start : n.end].split()) for n in names}
            self._genders[root] = {g for f in forms if (g := person_gender(f, Kind.NAME))}
        return self._genders[root]

    def _agreeing_form(self, k: int, info: MentionInfo) -> Representative | None:
        """The longest form of name ``k``'s group that agrees with ``info``'s pronoun, copied
        from its nearest occurrence before name ``k`` (else its first): "Loretta Lynch" for
        *she* where the group also holds her father "Lorenzo A. Lynch". Where some form has
        a gender, only a form of the pronoun's gender will do: *he* is not given "Clinton"
        of a group that reads "Hillary Clinton"."""
        assert info.pronoun is not None
        text, anchor, root = self._evidence.text, self._names[k].start, self._roots[k]
        forms: dict[str, MentionInfo] = {}
        for j in self._members[root]:  # text order: the last one at or before the anchor wins
            name = self._names[j]
            form = " ".join(text[name.start : name.end].split())
            if form not in forms or name.start <= anchor:
                forms[form] = name
        genders = {form: person_gender(form, Kind.NAME) for form in forms}
        # a group whose names tell a gender is that gender: its bare surname is not a way out
        gendered = info.pronoun.gender in ("m", "f") and any(genders.values())
        for form, name in sorted(forms.items(), key=lambda f: _size(f[1], text), reverse=True):
            if agrees(info.pronoun, form, Kind.NAME) and (genders[form] or not gendered):
                return self._rep(name, root)
        return None

    def sources(self) -> set[tuple[int, int]]:
        """Spans of every mention some representative is copied from."""
        reps = self._best_of_name or ([self._default] if self._default else [])
        return {r.source.span for r in reps} | {v.mention.span for v in self._voiced}


def keeps_head(short: str, long: str) -> bool:
    """Is ``long`` a longer form of the name ``short`` by its head (see ``_longer_form``)?"""
    a, b = _head_words(short), _head_words(long)
    if not a or not b:
        return False
    if a[-1] == b[-1]:
        return True
    # a first name followed by a surname, not by a number ("Satan 2") or ordinal
    return len(a) == 1 and a[0] in first_names() and not _ORDINAL.fullmatch(b[-1])


_ORDINAL = regex.compile(r"\d.*|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")


def _head_words(name: str) -> list[str]:
    """The name's words up to its head (:func:`~corefine.rewriter.agreement.head_words`:
    "the Islamic State *of Iraq*"), a company's legal form aside ("Acme Corp." is
    "Acme")."""
    words = head_words(name)
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return words


def _name_words(info: MentionInfo, text: str) -> frozenset[str]:
    return content_words(text[info.start : info.end])


def content_words(phrase: str) -> frozenset[str]:
    """The phrase's words, case-folded, without edge punctuation and determiners."""
    words = (w.strip(".,;:!?\"'“”‘’()").casefold() for w in phrase.split())
    return frozenset(w for w in words if w and w not in DETERMINERS)


def nests(a: frozenset[str], b: frozenset[str]) -> bool:
    """Is one word set part of the other: two forms of one name ("Trump", "Donald Trump")?"""
    return a <= b or b <= a


def _group_roots(words: Sequence[frozenset[str]]) -> list[int]:
    """Union-find over names whose word sets nest; each name's group root index."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_words: dict[frozenset[str], int] = {}
    for i, w in enumerate(words):
        by_words.setdefault(w, i)
    distinct = list(by_words.items())
    for mine, i in distinct:
        for other, j in distinct:
            if i < j and mine and other and nests(mine, other):
                parent[find(j)] = find(i)
    return [find(by_words[w]) for w in words]


def _fits(info: MentionInfo, text: str, policy: RewritePolicy, voiced: bool = False) -> bool:
    """May ``info`` represent its cluster, confidence aside? ``voiced``: the candidates of
    rule 4 instead, descriptions whose only pronouns are first- or second-person."""
    phrase = text[info.start : info.end]
    persons = _pronoun_persons(phrase)
    if voiced:
        fits = info.kind is not Kind.NAME and bool(persons) and 3 not in persons
    else:
        fits = info.kind is Kind.NAME or not persons
    return (
        info.kind in _CANDIDATE_KINDS
        and fits
        and _word_count(phrase) <= policy.max_representative_words
        and _names_someone(phrase)
    )


_CLITIC = regex.compile(r"(?i)^(?:['’](?:s|re|ve|m|d|ll)|n['’]t)$")


def _names_someone(phrase: str) -> bool:
    """Does ``phrase`` say who or what it is? Not when its words, less clitics
    ("’s" taken for a mention), determiners and demonstratives, are none or only
    :data:`~corefine.lexicon.GENERAL_NOUNS` ("the guy", "this person")."""
    words = [w.casefold() for w in phrase.split() if not _CLITIC.match(w)]
    words = [w.strip(EDGE_PUNCTUATION) for w in words]
    words = [w for w in words if any(c.isalnum() for c in w)]
    rest = [w for w in words if w not in DETERMINERS and w not in DEMONSTRATIVES]
    return bool(rest) and not all(w in GENERAL_NOUNS for w in rest)


def _representing_names(
    fitting: list[MentionInfo], text: str, policy: RewritePolicy
) -> list[tuple[MentionInfo, int]]:
    """The names that may represent (rule 2), each with its name group's root.

    A name represents when the policy accepts its confidence, or, below the threshold,
    when every accepted name of its group nests with it (its words are a subset or a
    superset of theirs): it is then a longer form of the same name. Why: a cluster's
    first mention carries the confidence of one link, so "Donald Trump" at 0.53 beside
    "Trump" at 0.98 would hand every replacement to "Trump", and the choice would flip
    with small changes to the input (seen on hyphen-stripped news,
    ``tests/eval/test_messy.py``); "the President of Mexico" at 0.3 is still kept out of
    a group that holds "President Obama". Lists of names ("Cruz, Kasich", "Trump and
    Clinton") count only where the cluster has no other name: a list is a plural entity,
    and its words would join the groups of the single names it lists.
    """
    names = [c for c in fitting if c.kind is Kind.NAME]
    names = [n for n in names if not _lists_names(n, text) and not _possessed(n, text)] or names
    words = [_name_words(n, text) for n in names]
    roots = _group_roots(words)
    sure: dict[int, set[frozenset[str]]] = {}
    for name, w, root in zip(names, words, roots, strict=True):
        if policy.accepts(name.mention.confidence):
            sure.setdefault(root, set()).add(w)
    return [
        (name, root)
        for name, w, root in zip(names, words, roots, strict=True)
        if root in sure
        and (policy.accepts(name.mention.confidence) or all(nests(w, s) for s in sure[root]))
    ]


_CONJOINED = regex.compile(r"\s(?:and|or|nor|&)\s+\p{Lu}")


def _written_names(fitting: Sequence[MentionInfo], text: str) -> list[tuple[frozenset[str], str]]:
    """Each distinct name of a cluster (below the threshold too): its words without titles,
    and its text."""
    found = {" ".join(text[i.start : i.end].split()) for i in fitting if i.kind is Kind.NAME}
    return [(content_words(f) - TITLES, f) for f in sorted(found)]


def _another_person(name: str, later: str, written: list[tuple[frozenset[str], str]]) -> bool:
    """Does the cluster also write ``name`` out as another person than ``later``, its
    group's longest form, named after it? Then a pronoun takes ``name`` as written:
    "Mateen" is not "Seddique Mateen", his father named at the end, where the cluster also
    holds "her husband, Omar Mateen" (below the threshold, so not in the group)."""
    own = content_words(name) - TITLES
    chosen = content_words(later) - TITLES
    return any(
        own < words and not nests(words, chosen) and keeps_head(name, form)
        for words, form in written
    )


def _lists_names(info: MentionInfo, text: str) -> bool:
    """Is the name a list: a conjunction before a capitalised word, or commas each followed
    by capitalised words only ("Cruz, Kasich", "Tata Group, Cyrus Mistry")? "Norton I,
    Emperor of the United States" is not one; "Austin, Texas" and "Bosnia and Herzegovina"
    are, and still represent a cluster without another name (elsewhere a shorter name
    does)."""
    phrase = text[info.start : info.end]
    if _CONJOINED.search(phrase):
        return True
    parts = phrase.split(",")[1:]
    return bool(parts) and all(
        part.split() and all(w[:1].isupper() or w[:1].isdigit() for w in part.split())
        for part in parts
    )


_POSSESSOR = regex.compile(r"\w['’]s\s+\S")


def _possessed(info: MentionInfo, text: str) -> bool:
    """Does the name hold a possessor ("Obama's EPA", "Iraq's Mount Sinjar")? (rule 2)"""
    return bool(_POSSESSOR.search(text[info.start : info.end]))


def _pick(candidates: list[MentionInfo], text: str, policy: RewritePolicy) -> MentionInfo | None:
    """The representative among ``candidates`` when none is a name, or the policy is "first"."""
    if not candidates:
        return None
    if policy.representative == "first":
        return candidates[0]
    if policy.representative == "longest_name":  # names are handled by Representatives
        return None
    return min(
        candidates,
        key=lambda c: (
            _definiteness(c, text),
            *_size(c, text),
            c.start,
        ),
    )


def _definiteness(candidate: MentionInfo, text: str) -> int:
    """0 for a definite phrase, 1 for a bare one, 2 for an a/an one."""
    if candidate.kind is Kind.INDEFINITE:
        return 2
    first = text[candidate.start : candidate.end].split(maxsplit=1)[0].lower()
    return 0 if first in DETERMINERS else 1


def _size(candidate: MentionInfo, text: str) -> tuple[int, int]:
    """Words, then characters with whitespace runs counted once: the spacing of the
    input must not decide between "Louis Marinelli" and "Louis   Marinelli"."""
    phrase = text[candidate.start : candidate.end]
    return _word_count(phrase), len(" ".join(phrase.split()))


def _demonstrative(phrase: str) -> bool:
    words = phrase.split(maxsplit=1)
    return bool(words) and words[0].strip(EDGE_PUNCTUATION).lower() in DEMONSTRATIVES


def _word_count(phrase: str) -> int:
    """Words that carry letters or digits ("U. S." is two, a dash none)."""
    return sum(any(ch.isalnum() for ch in w) for w in phrase.split())


def _pronoun_persons(phrase: str) -> set[int]:
    """The persons (1, 2, 3) of the personal and possessive pronouns among ``phrase``'s words."""
    found = (pronoun(w.strip(".,;:!?\"'“”‘’()")) for w in phrase.split())
    return {p.person for p in found if p is not None and not p.relative}


_VOICE_BREAKS = frozenset('\n"“”„«»‹›')


def _same_voice(text: str, a: MentionInfo, b: MentionInfo) -> bool:
    """Are ``a`` and ``b`` said by the same speaker, as far as the text shows: no line
    break and no quotation mark between them."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    between = text[min(first.end, second.start) : second.start]
    return not any(ch in _VOICE_BREAKS for ch in between)


def _surface(best: MentionInfo, infos: Sequence[MentionInfo], evidence: NameEvidence) -> str:
    # as read, less the padding of mojibake runs ("Hillaryâ€™s" → "Hillary’s"), soft
    # hyphens (invisible where they are, a stray "-" where a copy lands) and symbols at
    # the edges ("Donald Trump 🇺🇸": an emoji is the writer's comment, not the name)
    phrase = evidence.text[best.start : best.end].translate(_NO_PADDING)
    phrase = _EDGE_SYMBOLS.sub("", phrase) or phrase
    start, end = person_name(phrase)
    if (start, end) != (0, len(phrase)):
        return " ".join(phrase[start:end].split())
    first, *rest = phrase.split()
    if best.kind is Kind.NAME and rest and first.lower() in DEMONSTRATIVES:
        return " ".join(rest)
    return " ".join([_first_word(first, best, infos, evidence), *rest])


_NO_PADDING = str.maketrans(dict.fromkeys(PADDING + "\u00ad"))
# A run of symbols (emoji, flags, with their modifiers, selectors and joiners) at either edge.
_SYMBOL_RUN = r"(?:[\p{So}\p{Sk}][\p{So}\p{Sk}\p{Mn}\p{Cf}]*\s*)+"
_EDGE_SYMBOLS = regex.compile(rf"^\s*{_SYMBOL_RUN}|\s*{_SYMBOL_RUN}$")


def _first_word(
    first: str, best: MentionInfo, infos: Sequence[MentionInfo], evidence: NameEvidence
) -> str:
    """The representative's first word as it reads mid-sentence (see the module docstring)."""
    lower = first.lower()
    if lower in INDEFINITE_ARTICLES:
        return "the"
    if best.kind is Kind.NAME:
        in_name = _capital_belongs_to_name(first, infos, evidence.text)
        return lower if lower in DETERMINERS and not in_name else first
    if lower in DETERMINERS:
        return lower
    positional = starts_sentence(evidence.text, best.start) and evidence.written_lowercase(first)
    return lower if positional else first


def _capital_belongs_to_name(first: str, infos: Sequence[MentionInfo], text: str) -> bool:
    """Does some mention start with this capitalised word where position does not explain it?"""
    return first[:1].isupper() and any(
        text[i.start : i.end].split(maxsplit=1)[:1] == [first]
        and not starts_sentence(text, i.start)
        for i in infos
    )


def _surer(a: float | None, b: float | None) -> float | None:
    """The higher of two confidences; ``None`` (gold or rule output) counts as certain."""
    return None if a is None or b is None else max(a, b)
