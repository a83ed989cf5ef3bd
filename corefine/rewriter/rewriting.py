"""``rewrite()``: replace mentions by their cluster's representative.

Why it works on character spans of the original string only: the text is
copied verbatim between replaced spans, so nothing outside them can change
(runs of spaces, tabs, NBSP, curly quotes, emoji), and no second tokenization
can disagree with the spans. The output is built as a list of pieces joined
once, and each step is linear in the text or in the number of mentions
(plus a sort), so 100,000-word documents are fine.

Which mentions are replaced (beyond the policy's ``replace`` mode):

- a mention is replaced only when it, its cluster and its representative
  pass ``min_confidence`` (a name's: see :mod:`~corefine.rewriter.representative`);
- never the representative's source mention, nor any mention of the same
  cluster nested inside it ("Marinelli, who says *he* ..." stays as it is);
- never a mention whose text already equals the representative, nor a name or
  description the representative would only shorten ("FBI Director James Comey" →
  "James Comey"); a name only by a longer form of itself, a description only by one of
  the same number;
- never a pronoun glued to a clitic only a pronoun carries ("they’re", "he’d": not "the
  parties’re", :func:`~corefine.rewriter.grammar.carries_pronoun_only_clitic`);
- never a pronoun whose number or gender disagrees with the representative's
  (:mod:`~corefine.rewriter.agreement`: "they" is not replaced by "Gloria",
  "his" not by "my mother");
- never an object pronoun whose own clause's subject is a mention of its cluster
  (:mod:`~corefine.rewriter.binding`: "Wilson shot *him*" is not "Wilson shot Wilson"),
  nor a sentence-opening subject pronoun by a name that the same sentence gives later
  ("*He* accused Comey" is not "James Comey accused Comey");
- where replaceable mentions overlap, the outermost (then the earliest) wins
  and the mentions inside it are not replaced;
- the replaced span is the mention's core (:func:`~corefine.rewriter.mentions.core_span`):
  without surrounding whitespace, so sloppy spans (" he ") do not eat the
  text's spacing, and for noun phrases without a trailing apposition or
  relative clause, which stays in the text ("The firm, which makes tools,"
  → "Acme Corp., which makes tools,"). Overlaps are judged on these spans.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from corefine.lexicon import DETERMINERS, EDGE_PUNCTUATION
from corefine.reading import reading
from corefine.rewriter.agreement import agrees, representative_number, same_number, same_type
from corefine.rewriter.binding import WINDOW, bound_by_subject, commands_own_name
from corefine.rewriter.decision import DocumentContext, ReplacementDecision, replacement_features
from corefine.rewriter.grammar import carries_pronoun_only_clitic, fit, is_possessive_slot
from corefine.rewriter.mentions import Kind, MentionInfo, describe
from corefine.rewriter.names import NameEvidence
from corefine.rewriter.offsets import OffsetMap
from corefine.rewriter.policy import RewriteError, RewritePolicy
from corefine.rewriter.replacement import Replacement
from corefine.rewriter.representative import (
    Representative,
    Representatives,
    content_words,
    keeps_head,
    nests,
)
from corefine.spans import Cluster, as_clusters


@dataclass(frozen=True, slots=True)
class RewriteResult:
    """The resolved text, what was replaced, and the position map between the two texts."""

    text: str
    replacements: list[Replacement]
    offsets: OffsetMap


@dataclass(frozen=True, slots=True)
class _Target:
    """A mention chosen for replacement, before overlaps are settled."""

    info: MentionInfo
    cluster: Cluster
    representative: Representative
    confidence: float | None = None  # the decision's score, when it decided


def rewrite(
    text: str, clusters: Iterable[Any], policy: RewritePolicy | None = None
) -> RewriteResult:
    """Replace the mentions of ``clusters`` in ``text`` by their representatives.

    ``clusters``: :class:`~corefine.document.Cluster` objects or plain lists of
    ``(start, end)`` character spans. Raises :class:`RewriteError` on a span
    outside the text or not matching it, or on a policy of the wrong type.
    """
    if not isinstance(text, str):
        raise RewriteError(f"text must be a str, got {type(text).__name__}")
    policy = RewritePolicy() if policy is None else policy
    if not isinstance(policy, RewritePolicy):
        raise RewriteError(f"policy must be a RewritePolicy, got {type(policy).__name__}")
    try:
        checked = as_clusters(text, clusters)
    except (ValueError, TypeError, IndexError) as err:
        raise RewriteError(f"bad clusters: {err}") from err
    # judged on the text as read (C1 controls as the punctuation they stand for: "Clinton\x92s"
    # is a possessive), spliced into the text as given
    evidence = NameEvidence(reading(text))
    if policy.decision is None:
        targets = [t for c in checked for t in _targets(c, evidence, policy)]
    else:
        targets = _decided(checked, evidence, policy, policy.decision)
    return _assemble(text, evidence.text, _outermost(targets), policy)


def _decided(
    clusters: list[Cluster],
    evidence: NameEvidence,
    policy: RewritePolicy,
    decision: ReplacementDecision,
) -> list[_Target]:
    """Pronouns the rules allow at any confidence, kept when ``decision`` scores them at
    ``min_confidence`` or more (their score becomes their confidence); other mentions as
    the policy alone decides."""
    anything = dataclasses.replace(policy, min_confidence=0.0, decision=None)
    context = DocumentContext.of(evidence.text, clusters)
    kept = []
    for c in clusters:
        for t in _targets(c, evidence, anything):
            if t.info.pronoun is None:
                continue
            new = _replacement_text(t, evidence.text, policy)
            span = (t.info.start, t.info.end)
            features = replacement_features(
                context, t.cluster, span, t.representative.source.span, new
            )
            p = decision.probability(features)
            if p >= policy.min_confidence:
                kept.append(dataclasses.replace(t, confidence=p))
    if policy.replace != "pronouns":
        kept += [
            t for c in clusters for t in _targets(c, evidence, policy) if t.info.pronoun is None
        ]
    return kept


def _targets(cluster: Cluster, evidence: NameEvidence, policy: RewritePolicy) -> Iterator[_Target]:
    """The mentions of ``cluster`` that the policy replaces, with their representative."""
    if not policy.accepts(cluster.confidence):
        return
    infos = [describe(m, evidence) for m in cluster.mentions]
    reps = Representatives(infos, evidence, policy)
    if not reps:
        return
    sources = reps.sources()
    kinds = {i.mention.span: i.kind for i in infos}
    by_end = sorted(cluster.spans, key=lambda span: span[1])
    ends = [end for _, end in by_end]
    names = sorted((i.start, i.end) for i in infos if i.kind is Kind.NAME)
    starts = [start for start, _ in names]
    for info in infos:
        rep = reps.for_mention(info)
        if rep is None or not _replaceable(info, rep, sources, evidence.text, policy):
            continue
        pron = info.pronoun
        if pron is None and not _adds_words(info, rep, evidence.text, kinds):
            continue
        if pron is not None:
            if carries_pronoun_only_clitic(evidence.text, info.end):
                continue
            if not agrees(pron, rep.text, kinds[rep.source.span]):
                continue
            near = by_end[bisect_left(ends, info.start - WINDOW) : bisect_left(ends, info.start)]
            slot = is_possessive_slot(pron, evidence.text, info.end)
            if bound_by_subject(evidence.text, pron, info.start, slot, near):
                continue
            later = names[bisect_left(starts, info.end) : bisect_left(starts, info.end + WINDOW)]
            forms = _forms_of(rep, later, evidence.text)
            if commands_own_name(evidence.text, pron, info.start, info.end, forms):
                continue
        yield _Target(info, cluster, rep)


def _forms_of(
    rep: Representative, names: list[tuple[int, int]], text: str
) -> list[tuple[int, int]]:
    """The ``names`` whose words nest with ``rep``'s: forms of the same name ("Comey" of
    "James Comey"), not another person a model merged into the cluster."""
    own = content_words(rep.text)
    forms = []
    for start, end in names:
        words = content_words(text[start:end])
        if own and words and nests(words, own):
            forms.append((start, end))
    return forms


def _adds_words(
    info: MentionInfo, rep: Representative, text: str, kinds: dict[tuple[int, int], Kind]
) -> bool:
    """Does ``rep`` say more than the name or description it would replace, and of the same
    number and kind? A replacement that only drops words ("FBI Director James Comey" →
    "James Comey", "Latino-media guru Lionel Sosa" → "Sosa") loses what the text said; a
    name must become a longer form of itself ("Bush" → "Jeb Bush", not "Ambassador Young"
    → "Andrew Young"), and so must a singular description without a determiner
    (:func:`_determined_or_plural`); "the parties" is not "the Tea Party", "the country"
    not "the Sunshine State" (:func:`~corefine.rewriter.agreement.same_type`)."""
    core = text[info.start : info.end]
    own, new = content_words(core), content_words(rep.text)
    if info.kind is Kind.NAME:
        return new > own
    return (
        ((own < new and keeps_head(core, rep.text)) or _determined_or_plural(core))
        and not new <= own
        and same_number(core, rep.text, kinds[rep.source.span])
        and (kinds[rep.source.span] is not Kind.NAME or same_type(core, rep.text))
    )


def _determined_or_plural(description: str) -> bool:
    """Is the description led by a determiner ("the company", "his party") or plural
    ("Californians")? Only such a one is replaced: a singular without a determiner is a
    mass noun or a stray span ("coy", "best Clinton"), or a name the capitalisation
    test could not tell from a sentence start ("Putin" opening two sentences), a
    coordination ("Trump or Clinton") or a name's possession ("Hillary Clinton's plan"),
    each of which already says what it is. (A shorter form of the representative itself,
    "Hillary" of "Hillary Clinton", is still replaced: see :func:`_adds_words`.)"""
    words = description.split()
    first = words[0].strip(EDGE_PUNCTUATION).casefold() if words else ""
    return first in DETERMINERS or representative_number(description, Kind.NOMINAL) == "pl"


def _replaceable(
    info: MentionInfo,
    rep: Representative,
    sources: set[tuple[int, int]],
    text: str,
    policy: RewritePolicy,
) -> bool:
    m = info.mention
    inside_source = any(start <= m.start and m.end <= end for start, end in sources)
    same_text = " ".join(text[info.start : info.end].split()).casefold() == rep.text.casefold()
    return (
        _kind_selected(info, policy)
        and policy.accepts(info.mention.confidence)
        and not inside_source
        and not same_text
    )


def _kind_selected(info: MentionInfo, policy: RewritePolicy) -> bool:
    if info.kind is Kind.PRONOUN:
        return info.pronoun is not None and (
            info.pronoun.person == 3 or policy.first_and_second_person
        )
    if info.kind is Kind.NOMINAL:
        return policy.replace in ("nominals", "all")
    return info.kind is Kind.NAME and policy.replace == "all"


def _outermost(targets: list[_Target]) -> list[_Target]:
    """Targets in text order without overlaps: a target overlapping an earlier-starting
    or enclosing one is dropped (the sort puts the outermost first)."""
    kept: list[_Target] = []
    for t in sorted(targets, key=lambda t: (t.info.start, -t.info.end)):
        if not kept or t.info.start >= kept[-1].info.end:
            kept.append(t)
    return kept


def _assemble(text: str, read: str, targets: list[_Target], policy: RewritePolicy) -> RewriteResult:
    pieces: list[str] = []
    replacements: list[Replacement] = []
    copied = 0  # end of the original text copied so far
    length = 0  # length of the resolved text so far
    for t in targets:
        pieces.append(text[copied : t.info.start])
        length += t.info.start - copied
        new = _replacement_text(t, read, policy)
        pieces.append(new)
        replacements.append(_record(t, text, new, length))
        length += len(new)
        copied = t.info.end
    pieces.append(text[copied:])
    return RewriteResult(
        "".join(pieces), replacements, OffsetMap.from_replacements(len(text), replacements)
    )


def _replacement_text(t: _Target, text: str, policy: RewritePolicy) -> str:
    start, end = t.info.start, t.info.end
    slot = t.info.pronoun is not None and is_possessive_slot(t.info.pronoun, text, end)
    return fit(t.representative.text, text, start, end, slot, policy.apostrophe)


def _record(t: _Target, text: str, new: str, resolved_start: int) -> Replacement:
    source = t.representative.source
    confidences = (t.info.mention.confidence, t.representative.confidence, t.cluster.confidence)
    # the decision's score when it decided, else the weakest link
    known = (
        [t.confidence] if t.confidence is not None else [c for c in confidences if c is not None]
    )
    return Replacement(
        start=t.info.start,
        end=t.info.end,
        original=text[t.info.start : t.info.end],
        replacement=new,
        cluster_id=t.cluster.id,
        source_start=source.start,
        source_end=source.end,
        resolved_start=resolved_start,
        resolved_end=resolved_start + len(new),
        confidence=min(known, default=None),
    )
