"""Abbreviations whose period is no full stop, which the tokenizer and the rewriter
both ask about."""

from __future__ import annotations

import regex

# Abbreviations that stand before a name or a number ("Mr. Smith", "No. 5"): they keep
# their period, which never ends a sentence ("Mr. He" is no sentence).
NEVER_FINAL = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "assoc",
        "mt",
        "no",
        "nos",
        "vol",
        "vols",
        "fig",
        "figs",
        "pp",
        "cf",
        "vs",
        "ie",
        "eg",
        "ca",
        "viz",
    ]
)

# Every abbreviation that keeps its period: those, and these, which may also end a sentence
# ("Acme Inc.", "in Jan.") and do before a capitalised function word ("Inc. The company").
ABBREVIATIONS = NEVER_FINAL | frozenset(
    [
        "sr",
        "jr",
        "st",
        "ft",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "bros",
        "dept",
        "univ",
        "assn",
        "ed",
        "eds",
        "approx",
        "est",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "etc",
        "al",
        "ave",
        "blvd",
        "rd",
    ]
)

# Abbreviations only before a number ("No. 5", "vol. 2"); elsewhere the word ("the answer
# is no.") and a full stop.
_BEFORE_A_NUMBER = frozenset(["no", "nos", "vol", "vols", "fig", "figs", "pp"])
_NUMBER_NEXT = regex.compile(r"\s*[#\d]")


def keeps_period(word: str, text: str, after: int) -> bool:
    """Is ``word`` (without its period) an abbreviation whose period, ending at ``after``
    in ``text``, belongs to it rather than ending a sentence?"""
    low = word.lower()
    if low not in ABBREVIATIONS:
        return False
    return low not in _BEFORE_A_NUMBER or _NUMBER_NEXT.match(text, after) is not None
