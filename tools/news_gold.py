"""Build the news pronoun gold set (``data/news_pronouns/``) from annotators' worksheets.

    python tools/news_gold.py select                      # choose the articles, write the manifest
    python tools/news_gold.py worksheets OUT_DIR          # one worksheet per article to annotate
    python tools/news_gold.py compile DIR --annotator a   # filled worksheets -> annotator_a.jsonl
    python tools/news_gold.py agree                       # agreement of annotator_a and _b
    python tools/news_gold.py adjudicate                  # gold.jsonl: a, b, adjudication.tsv
    python tools/news_gold.py judge-check                 # automatic judge against a reader

Worksheets hold the articles' text, so they are written outside the repository (OUT_DIR);
what is committed is offsets only. See ``data/news_pronouns/GUIDELINES.md``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

import regex

from corefine.corpora.news_pronouns import (
    CATEGORIES,
    Article,
    PronounLabel,
    load_articles,
    read_labels,
    target_pronouns,
    text_sha256,
    write_labels,
    write_manifest,
)
from corefine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "data" / "news_pronouns"
MANIFEST = GOLD_DIR / "articles.json"
NEWS_CSV = ROOT.parent / "shared" / "data" / "news" / "fake_or_real_news_256.csv"

SEED = 27
PER_LABEL = 32
MESSY_PER_LABEL = 6
MIN_PRONOUNS, MAX_PRONOUNS = 3, 45


def is_messy(text: str) -> bool:
    """Runs of spaces, mojibake, tweets or URLs: the formatting scraped news carries."""
    return bool(re.search(r" {3,}|â€|Ã|https?://|pic\.twitter|@\w", text))


def select(news_csv: Path) -> None:
    """64 articles, 32 per label, each with 3-45 target pronouns, 6 messy ones per label;
    dev and test halves drawn once, balanced by label."""
    import csv

    with news_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    pool = [r for r in rows if MIN_PRONOUNS <= len(target_pronouns(r["text"])) <= MAX_PRONOUNS]
    rng = random.Random(SEED)
    rng.shuffle(pool)
    chosen: list[dict[str, str]] = []
    for label in ("FAKE", "REAL"):
        mine = [r for r in pool if r["label"] == label]
        messy = [r for r in mine if is_messy(r["text"])][:MESSY_PER_LABEL]
        rest = [r for r in mine if r not in messy][: PER_LABEL - len(messy)]
        picked = messy + rest
        rng.shuffle(picked)
        chosen += picked
    articles = []
    for label in ("FAKE", "REAL"):
        mine = [r for r in chosen if r["label"] == label]
        for i, r in enumerate(mine):
            split = "dev" if i < len(mine) // 2 else "test"
            articles.append(Article(r["id"], label, split, text_sha256(r["text"])))  # type: ignore[arg-type]
    write_manifest(
        MANIFEST,
        articles,
        f"tools/news_gold.py select (seed {SEED}): {PER_LABEL} articles per label of "
        f"fake_or_real_news_256.csv with {MIN_PRONOUNS}-{MAX_PRONOUNS} target pronouns, "
        f"{MESSY_PER_LABEL} messy ones each; half of each label dev, half test, drawn once",
    )
    n = sum(len(target_pronouns(r["text"])) for r in chosen)
    print(f"{len(articles)} articles, {n} pronouns -> {MANIFEST}")


def worksheets(out: Path, ids: list[str] | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for a in load_articles(MANIFEST, NEWS_CSV):
        if ids and a.id not in ids:
            continue
        pronouns = target_pronouns(a.text)
        parts, done = [], 0
        for i, t in enumerate(pronouns, 1):
            parts += [a.text[done : t.start], f"[P{i} {t.text}]"]
            done = t.end
        parts.append(a.text[done:])
        (out / f"{a.id}.txt").write_text("".join(parts), encoding="utf-8")
        lines = [f"P{i}\t{t.text}\t\t\t\t" for i, t in enumerate(pronouns, 1)]
        header = "# ID\tpronoun\tcategory\tantecedent\tname\tnote\n"
        (out / f"{a.id}.tsv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"worksheets in {out}")


_QUOTES = {"'": "['’‘`]", "’": "['’‘`]", "‘": "['’‘`]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}


def phrase_pattern(phrase: str) -> regex.Pattern[str]:
    """``phrase`` as written up to whitespace and straight/curly quotes, on word edges."""
    out = []
    for ch in phrase.strip():
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        else:
            out.append(_QUOTES.get(ch, regex.escape(ch)))
    return regex.compile(r"(?<![\p{L}\p{N}])" + "".join(out) + r"(?![\p{L}\p{N}])")


def find_phrase(text: str, phrase: str, at: int, where: str) -> tuple[int, int]:
    """The occurrence of ``phrase`` nearest to ``at``: ending by it (``before``), starting
    at or after it (``after``) or either (``nearest``)."""
    hits = [(m.start(), m.end()) for m in phrase_pattern(phrase).finditer(text)]
    if where == "before":
        hits = [h for h in hits if h[1] <= at]
        return max(hits, key=lambda h: h[1]) if hits else (-1, -1)
    if where == "after":
        hits = [h for h in hits if h[0] >= at]
        return min(hits, key=lambda h: h[0]) if hits else (-1, -1)
    return min(hits, key=lambda h: min(abs(h[0] - at), abs(h[1] - at))) if hits else (-1, -1)


def compile_sheets(sheet_dir: Path, annotator: str, ids: list[str] | None = None) -> None:
    """Filled worksheets -> ``annotator_<annotator>.jsonl``; with ``ids``, only check those
    articles and write nothing (an annotator's check of their own sheets)."""
    labels, errors = [], []
    articles = load_articles(MANIFEST, NEWS_CSV)
    for a in articles:
        if ids and a.id not in ids:
            continue
        path = sheet_dir / f"{a.id}.tsv"
        if not path.exists():
            errors.append(f"{path}: missing")
            continue
        pronouns = target_pronouns(a.text)
        seen = set()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = (line.split("\t") + [""] * 6)[:6]
            pid, _form, category, antecedent, name, note = (c.strip() for c in cells)
            where = f"{path.name}:{n} {pid}"
            if not re.fullmatch(r"P\d+", pid) or not 1 <= int(pid[1:]) <= len(pronouns):
                errors.append(f"{where}: no such pronoun id")
                continue
            t = pronouns[int(pid[1:]) - 1]
            seen.add(pid)
            category = category.lower()
            if category not in CATEGORIES:
                errors.append(f"{where}: category {category!r} is not one of {CATEGORIES}")
                continue
            if category != "entity":
                labels.append(PronounLabel(a.id, t.start, t.end, category, note=note))  # type: ignore[arg-type]
                continue
            cataphoric = antecedent.startswith(">")
            antecedent = antecedent.lstrip(">").strip()
            if not antecedent or not name:
                errors.append(f"{where}: an entity needs an antecedent and a name")
                continue
            ant = find_phrase(
                a.text,
                antecedent,
                t.end if cataphoric else t.start,
                "after" if cataphoric else "before",
            )
            if ant[0] < 0:
                side = "after" if cataphoric else "before"
                errors.append(f"{where}: antecedent {antecedent!r} not found {side} the pronoun")
                continue
            nm = find_phrase(a.text, name, t.start, "nearest")
            if nm[0] < 0:
                errors.append(f"{where}: name {name!r} not found in the text")
                continue
            labels.append(PronounLabel(a.id, t.start, t.end, "entity", ant, nm, cataphoric, note))
        missing = [f"P{i}" for i in range(1, len(pronouns) + 1) if f"P{i}" not in seen]
        if missing:
            errors.append(f"{path.name}: not annotated: {' '.join(missing)}")
    for e in errors:
        print(e, file=sys.stderr)
    if ids:
        print(f"{len(labels)} labels; {len(errors)} problems")
        return
    out = GOLD_DIR / f"annotator_{annotator}.jsonl"
    write_labels(out, labels)
    print(f"{len(labels)} labels -> {out}; {len(errors)} problems")


def _words(text: str) -> list[str]:
    return [t.text.lower().strip("’'") for t in tokenize(text) if t.text[0].isalnum()]


def same_referent(x: PronounLabel, y: PronounLabel, text: str) -> bool:
    """Two labels of a pronoun agree: same category and, for an entity, overlapping
    antecedents, overlapping names or the same name up to case and punctuation."""
    if x.category != y.category:
        return False
    if x.category != "entity":
        return True
    assert x.antecedent and y.antecedent and x.name and y.name
    overlap = lambda p, q: p[0] < q[1] and q[0] < p[1]  # noqa: E731
    if overlap(x.antecedent, y.antecedent) or overlap(x.name, y.name):
        return True
    nx, ny = (" ".join(_words(text[s:e])) for s, e in (x.name, y.name))
    return nx == ny


def agree() -> None:
    texts = {a.id: a.text for a in load_articles(MANIFEST, NEWS_CSV)}
    a = {x.key: x for x in read_labels(GOLD_DIR / "annotator_a.jsonl")}
    b = {x.key: x for x in read_labels(GOLD_DIR / "annotator_b.jsonl")}
    both = sorted(set(a) & set(b))
    category = sum(a[k].category == b[k].category for k in both)
    referent = sum(same_referent(a[k], b[k], texts[k[0]]) for k in both)
    exact = sum(a[k].category == b[k].category and a[k].antecedent == b[k].antecedent for k in both)
    print(
        f"pronouns labelled by both: {len(both)} (a only {len(set(a) - set(b))}, "
        f"b only {len(set(b) - set(a))})"
    )
    print(f"same category: {category} ({100 * category / len(both):.1f} %)")
    print(f"same referent: {referent} ({100 * referent / len(both):.1f} %)")
    print(f"same category and antecedent span: {exact} ({100 * exact / len(both):.1f} %)")
    confusion = Counter(
        (a[k].category, b[k].category) for k in both if a[k].category != b[k].category
    )
    print("category disagreements (a, b):", dict(confusion.most_common()))


def adjudicate() -> None:
    """gold = the labels a and b agree on (a's spans), plus the adjudicated ones.

    ``adjudication.tsv``: ``article <TAB> start <TAB> choice`` with choice ``a``, ``b`` or
    a full label as JSON; every disagreement must have a line."""
    import json

    texts = {x.id: x.text for x in load_articles(MANIFEST, NEWS_CSV)}
    a = {x.key: x for x in read_labels(GOLD_DIR / "annotator_a.jsonl")}
    b = {x.key: x for x in read_labels(GOLD_DIR / "annotator_b.jsonl")}
    decisions: dict[tuple[str, int], str] = {}
    path = GOLD_DIR / "adjudication.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                art, start, choice = line.split("\t", 2)
                decisions[(art, int(start))] = choice.strip()
    gold, open_cases = [], []
    for k in sorted(set(a) | set(b)):
        x, y = a.get(k), b.get(k)
        choice = decisions.get((k[0], k[1]))
        if choice == "a" and x:
            gold.append(x)
        elif choice == "b" and y:
            gold.append(y)
        elif choice and choice.startswith("{"):
            gold.append(PronounLabel.from_json(json.loads(choice)))
        elif x and y and same_referent(x, y, texts[k[0]]):
            gold.append(x)
        else:
            open_cases.append(k)
    write_labels(GOLD_DIR / "gold.jsonl", gold)
    print(f"{len(gold)} gold labels; {len(open_cases)} disagreements without a decision")
    for k in open_cases:
        text = texts[k[0]]
        before = text[max(0, k[1] - 150) : k[1]]
        after = text[k[2] : k[2] + 60]
        ctx = " ".join(f"{before}[[{text[k[1] : k[2]]}]]{after}".split())
        shown = (_show(a.get(k), text), _show(b.get(k), text))
        print(f"{k[0]}\t{k[1]}\ta={shown[0]}\tb={shown[1]}\t…{ctx}…")


def _show(x: PronounLabel | None, text: str) -> str:
    if x is None:
        return "-"
    if x.category != "entity":
        return x.category
    assert x.antecedent and x.name
    return f"{text[slice(*x.antecedent)]!r} / {text[slice(*x.name)]!r}"


def judge_check() -> None:
    """How often the automatic judge (:mod:`corefine.eval.replacements`) agrees with a
    careful reader, on the replacements in ``reader_judgements.jsonl``."""
    import json

    from corefine.eval.replacements import score_article
    from corefine.rewriter.replacement import Replacement

    texts = {a.id: a.text for a in load_articles(MANIFEST, NEWS_CSV)}
    labels = read_labels(GOLD_DIR / "gold.jsonl")
    pairs = Counter()
    for line in (GOLD_DIR / "reader_judgements.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        text = texts[d["article"]]
        r = Replacement(
            d["start"], d["end"], text[d["start"] : d["end"]], d["replacement"], 0,
            *d["source"], 0, 0, d["confidence"],
        )  # fmt: skip
        mine = [x for x in labels if x.article == d["article"]]
        judged = score_article(text, mine, [r]).judged
        pairs[(bool(judged and judged[0].right), d["reader"] == "right")] += 1
    n = sum(pairs.values())
    agree = pairs[(True, True)] + pairs[(False, False)]
    auto = pairs[(True, True)] + pairs[(True, False)]
    reader = pairs[(True, True)] + pairs[(False, True)]
    print(f"{n} replacements: judge and reader agree on {agree} ({100 * agree / n:.1f} %)")
    print(
        f"right by the judge {auto} ({100 * auto / n:.1f} %), by the reader {reader} "
        f"({100 * reader / n:.1f} %); judge wrong/reader right {pairs[(False, True)]}, "
        f"judge right/reader wrong {pairs[(True, False)]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("select")
    w = sub.add_parser("worksheets")
    w.add_argument("out", type=Path)
    w.add_argument("--ids", nargs="*")
    c = sub.add_parser("compile")
    c.add_argument("dir", type=Path)
    c.add_argument("--annotator", required=True)
    c.add_argument("--check", nargs="*", metavar="ID", help="only check these articles")
    sub.add_parser("agree")
    sub.add_parser("adjudicate")
    sub.add_parser("judge-check")
    args = parser.parse_args()
    if args.command == "select":
        select(NEWS_CSV)
    elif args.command == "worksheets":
        worksheets(args.out, args.ids)
    elif args.command == "compile":
        compile_sheets(args.dir, args.annotator, args.check)
    elif args.command == "agree":
        agree()
    elif args.command == "adjudicate":
        adjudicate()
    else:
        judge_check()


if __name__ == "__main__":
    main()
