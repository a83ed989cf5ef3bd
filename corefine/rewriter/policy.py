"""What the rewriter may replace, and by what: :class:`RewritePolicy`.

Why a frozen, validated dataclass: one policy object is shared by the CLI, the
batch tools and the service, is hashed into caches and logged with results; a
typo such as ``replace="pronoun"`` must fail at construction, not silently
replace nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from corefine.errors import CorefineError
from corefine.rewriter.decision import ReplacementDecision

ReplaceMode = Literal["pronouns", "nominals", "all"]
RepresentativeMode = Literal["auto", "first", "longest_name"]

APOSTROPHES = ("'", "\u2019")


class RewriteError(CorefineError, ValueError):
    """Bad input to :func:`corefine.rewriter.rewrite`: a policy value or a cluster span.

    Also a ``ValueError`` so that library callers can catch it the Python way,
    while the CLI reports it like every other :class:`CorefineError`.
    """


@dataclass(frozen=True, slots=True)
class RewritePolicy:
    """Which mentions are replaced and how the replacement text is chosen.

    ``replace``
        ``"pronouns"``: third-person personal and possessive pronouns (he, him,
        his, she, her, hers, it, its, they, them, their, theirs).
        ``"nominals"``: also noun phrases led by a determiner, and bare plurals, that
        are not the representative ("the company" → "Acme Corp."); with
        ``representative="auto"``, only by a name, never by another description, and
        not by a name of another kind ("the country" is not "the Sunshine State", "the
        group" not "Cyrus Mistry"). A singular without a determiner ("Putin" opening a
        sentence, "Trump or Clinton", "Hillary Clinton's plan") is replaced only by a
        longer form of itself.
        ``"all"``: also names ("Byron" → "Lord Byron"); with ``representative="auto"``,
        only by a longer form of the same name that keeps its head, never by another
        name of a merged cluster ("Bush" is not "Obama") nor by a thing named after it
        ("Trump" is not "Trump University"). In every mode a mention
        whose text already equals the representative, or holds all of its words ("FBI
        Director James Comey" for "James Comey"), is left as it is, and
        relative, reflexive and demonstrative pronouns and indefinite or
        quantified noun phrases ("a company", "every senator") are never replaced.
    ``first_and_second_person``
        Also replace I/me/my/mine/we/us/our/ours/you/your/yours. Off by default:
        in news these are nearly always inside quotations.
    ``representative``
        ``"auto"``: a name when the cluster has one, in its longest form ("Lord
        Byron" for "Byron"), from the group of names last mentioned before the
        replaced mention (see :mod:`~corefine.rewriter.representative`), else its shortest definite
        or bare noun phrase, else its shortest indefinite one with "a/an" made
        "the". ``"first"``: the first mention that can represent the entity.
        ``"longest_name"``: the longest name; clusters without one are left alone.
    ``max_representative_words``
        Upper bound on the representative's words after trimming appositions,
        parentheticals and relative clauses. Longer candidates are skipped; a
        cluster without a candidate that fits is not rewritten at all.
    ``min_confidence``
        A mention is replaced only when its own confidence, its cluster's and
        that of the representative's source mention all reach this threshold;
        ``None`` (gold or rule output) counts as confident. A mention below the
        threshold is also never chosen as representative, with one exception: a
        longer form of a name the threshold accepts ("Donald Trump" for "Trump"),
        which is then as sure as that name (a cluster's first mention, most often
        the full name, carries the confidence of a single link).
    ``apostrophe``
        The apostrophe of generated possessives: ``'`` or ``’``.
    ``decision``
        A :class:`~corefine.rewriter.decision.ReplacementDecision` (a model may ship one in
        its ``config.json``; the shipped model does not): when set, every pronoun the rules
        allow at any confidence is scored by it, and ``min_confidence`` is compared with
        that score, the probability that the replacement is right, which is also the
        replacement's ``confidence``. Other
        mentions (``replace="nominals"`` or ``"all"``) keep the rule above.
        :meth:`~corefine.document.Document.resolve` fills it in from the document's
        resolver when the policy has none.
    """

    replace: ReplaceMode = "pronouns"
    first_and_second_person: bool = False
    representative: RepresentativeMode = "auto"
    max_representative_words: int = 8
    min_confidence: float = 0.0
    apostrophe: str = "'"
    decision: ReplacementDecision | None = None

    def __post_init__(self) -> None:
        _check_choice("replace", self.replace, get_args(ReplaceMode))
        _check_choice("representative", self.representative, get_args(RepresentativeMode))
        _check_choice("apostrophe", self.apostrophe, APOSTROPHES)
        if not isinstance(self.first_and_second_person, bool):
            raise RewriteError("first_and_second_person must be True or False")
        words = self.max_representative_words
        if isinstance(words, bool) or not isinstance(words, int) or words < 1:
            raise RewriteError(f"max_representative_words must be an int >= 1, got {words!r}")
        conf = self.min_confidence
        valid_number = isinstance(conf, (int, float)) and not isinstance(conf, bool)
        if not valid_number or math.isnan(conf) or not 0.0 <= conf <= 1.0:
            raise RewriteError(f"min_confidence must be a number in [0, 1], got {conf!r}")
        if self.decision is not None and not isinstance(self.decision, ReplacementDecision):
            raise RewriteError("decision must be a ReplacementDecision or None")

    def accepts(self, confidence: float | None) -> bool:
        """Is a mention or cluster with this confidence confident enough to act on?"""
        return confidence is None or confidence >= self.min_confidence


def _check_choice(field: str, value: object, choices: tuple[object, ...]) -> None:
    if value not in choices:
        raise RewriteError(f"{field} must be one of {', '.join(map(repr, choices))}; got {value!r}")
