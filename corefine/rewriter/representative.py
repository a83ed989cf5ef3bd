"""Choosing the text that stands for a cluster: its representative mention.

Rules (``policy.representative == "auto"``):

1. Candidates are the cluster's names, definite or bare noun phrases and
   a/an noun phrases, trimmed to their core (see :mod:`mentions`), that the
   policy's confidence threshold accepts and that have at most
   ``max_representative_words`` words. Pronouns never represent, nor do
   quantified phrases ("every senator", "some voters"): copying one changes
   what the sentence says.
2. A name wins over a description: the longest one ("Lord Byron" over
   "Byron"), the earliest on a tie.
3. Otherwise a description, never one that contains a pronoun ("his wife",
   "its organisers": the pronoun would be moved away from what it refers to);
   a definite one ("the officials") before a bare one ("Officials",
   "Californians") before an a/an one, whose article becomes "the" ("a
   Russian woman" → "the Russian woman"); then the shortest ("the company"
   over "the Texas-based company"); then the earliest.
4. No candidate, no replacement: an unreadable substitution is worse than none.

Surface form: whitespace runs become one space; a leading capitalised
determiner is lower-cased ("The company" → "the company"; :mod:`grammar`
restores the capital at sentence starts) unless the representative is a name
and some mention of the cluster starts with it mid-sentence, the evidence that
"The" belongs to the name ("in The Hague"). A leading "the" is never dropped:
"the United States", "the FBI". A description that is not a name and starts a
sentence ("Officials said...") is lower-cased too when the text writes its
first word in lower case elsewhere ("officials"); otherwise its capital may
belong to a proper noun ("Californians") and is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corefine.document import Mention
from corefine.lexicon import pronoun
from corefine.rewriter.grammar import starts_sentence
from corefine.rewriter.mentions import Kind, MentionInfo
from corefine.rewriter.names import NameEvidence
from corefine.rewriter.policy import RewritePolicy
from corefine.rewriter.words import DETERMINERS, INDEFINITE_ARTICLES

_CANDIDATE_KINDS = (Kind.NAME, Kind.NOMINAL, Kind.INDEFINITE)


@dataclass(frozen=True, slots=True)
class Representative:
    """The text that replaces a cluster's mentions, and the mention it was copied from."""

    text: str
    source: Mention


def choose_representative(
    infos: Sequence[MentionInfo], evidence: NameEvidence, policy: RewritePolicy
) -> Representative | None:
    """The cluster's representative under ``policy``, or ``None`` when no mention fits."""
    candidates = [i for i in infos if _eligible(i, evidence.text, policy)]
    best = _pick(candidates, evidence.text, policy)
    if best is None:
        return None
    return Representative(_surface(best, infos, evidence), best.mention)


def _eligible(info: MentionInfo, text: str, policy: RewritePolicy) -> bool:
    return (
        info.kind in _CANDIDATE_KINDS
        and (info.kind is Kind.NAME or not _contains_pronoun(text[info.start : info.end]))
        and policy.accepts(info.mention.confidence)
        and _word_count(text[info.start : info.end]) <= policy.max_representative_words
    )


def _pick(candidates: list[MentionInfo], text: str, policy: RewritePolicy) -> MentionInfo | None:
    if not candidates:
        return None
    if policy.representative == "first":
        return candidates[0]
    names = [c for c in candidates if c.kind is Kind.NAME]
    if names:
        return max(names, key=lambda c: (*_size(c, text), -c.start))
    if policy.representative == "longest_name":
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


def _word_count(phrase: str) -> int:
    """Words that carry letters or digits ("U. S." is two, a dash none)."""
    return sum(any(ch.isalnum() for ch in w) for w in phrase.split())


def _contains_pronoun(phrase: str) -> bool:
    found = (pronoun(w.strip(".,;:!?\"'“”‘’()")) for w in phrase.split())
    return any(p is not None and not p.relative for p in found)


def _surface(best: MentionInfo, infos: Sequence[MentionInfo], evidence: NameEvidence) -> str:
    first, *rest = evidence.text[best.start : best.end].split()
    return " ".join([_first_word(first, best, infos, evidence), *rest])


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
