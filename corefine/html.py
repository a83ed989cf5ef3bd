"""One standalone HTML page showing clusters and resolved text (``corefine resolve --format html``).

Why a page and not a terminal view: coreference is read by eye, mention by
mention; colours per cluster and a hover that lights up the whole cluster make
a document's links checkable at a glance, and a self-contained file (inline
CSS and JS, no external resources) can be mailed or attached to a bug report.

Mentions nest ("[his] wife" inside "[his wife]") and, from a model, may even
cross; the text is cut at every mention boundary and each piece is wrapped in
the ``<span>`` elements of the mentions covering it, re-opening a mention's
element where an inner one forces it closed, so the markup is always well
nested. Every piece of user text goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from corefine.document import Cluster, Document, Mention
from corefine.rewriter import RewriteResult

GOLDEN_ANGLE = 137.508  # degrees: successive hues stay far apart for any number of clusters

_CSS = """
body { font: 16px/1.6 system-ui, sans-serif; margin: 2em auto; max-width: 50em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; } h3 { font-size: 1em; }
.text { white-space: pre-wrap; border: 1px solid #ddd; border-radius: 4px; padding: 0.8em; }
.m { border-radius: 3px; padding: 0 1px; box-shadow: inset 0 -2px 0 rgba(0, 0, 0, 0.25); }
.r { border-radius: 3px; padding: 0 1px; text-decoration: underline dotted; }
.on { outline: 2px solid #000; }
.legend span { margin-right: 1em; }
"""

# Hovering a mention outlines every mention (and replacement) of its cluster.
_JS = """
document.addEventListener("mouseover", function (e) {
  var t = e.target.closest("[data-cluster]");
  document.querySelectorAll(".on").forEach(function (x) { x.classList.remove("on"); });
  if (!t) return;
  var sel = '[data-cluster="' + t.dataset.cluster + '"]';
  var scope = t.closest("section") || document;
  scope.querySelectorAll(sel).forEach(function (x) { x.classList.add("on"); });
});
"""


@dataclass(frozen=True, slots=True)
class _Mark:
    """A highlighted span of the shown text, with what its hover says."""

    start: int
    end: int
    cluster: int
    title: str
    css_class: str


def cluster_colour(cluster_id: int) -> str:
    """A light background colour for a cluster, distinct from its neighbours' by hue."""
    return f"hsl({cluster_id * GOLDEN_ANGLE % 360:.0f}, 75%, 82%)"


def document_to_html(doc: Document, result: RewriteResult) -> str:
    """A standalone page for one resolved document."""
    return documents_to_html([(doc, result)])


def documents_to_html(
    items: Sequence[tuple[Document, RewriteResult]], title: str = "corefine"
) -> str:
    """A standalone page with one section per document."""
    sections = "\n".join(_section(doc, result) for doc, result in items)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{sections}\n<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _section(doc: Document, result: RewriteResult) -> str:
    heading = f"<h2>{escape(doc.name)}</h2>\n" if doc.name else ""
    n_mentions = sum(len(c.mentions) for c in doc.clusters)
    summary = (
        f"<p>{len(doc.clusters)} clusters, {n_mentions} mentions, "
        f"{len(result.replacements)} replacements. Hover a mention to see its cluster.</p>\n"
    )
    marks = [m for c in doc.clusters for m in _mention_marks(c)]
    replaced = [
        _Mark(
            r.resolved_start,
            r.resolved_end,
            r.cluster_id,
            f"cluster {r.cluster_id}: replaces {r.original!r}{_confidence(r.confidence)}",
            "r",
        )
        for r in result.replacements
    ]
    return (
        f"<section>\n{heading}{summary}"
        f'<h3>Text</h3>\n<div class="text">{_highlight(doc.text, marks)}</div>\n'
        f'<h3>Resolved text</h3>\n<div class="text">{_highlight(result.text, replaced)}</div>\n'
        "</section>"
    )


def _mention_marks(cluster: Cluster) -> Iterable[_Mark]:
    for m in cluster.mentions:
        yield _Mark(m.start, m.end, cluster.id, _mention_title(cluster, m), "m")


def _mention_title(cluster: Cluster, mention: Mention) -> str:
    parts = [f"cluster {cluster.id}"]
    if mention.confidence is not None:
        parts.append(f"mention confidence {mention.confidence:.2f}")
    if cluster.confidence is not None:
        parts.append(f"cluster confidence {cluster.confidence:.2f}")
    return ", ".join(parts)


def _confidence(value: float | None) -> str:
    return "" if value is None else f", confidence {value:.2f}"


def _highlight(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, with each mark wrapped in well-nested ``<span>`` elements."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    # Outer marks first, so that nesting follows containment wherever it exists.
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    out: list[str] = []
    open_marks: list[_Mark] = []
    for a, b in pairwise(cuts):
        covering = [m for m in ordered if m.start <= a and b <= m.end]
        keep = 0  # how many open marks are still wanted, counted from the outside in
        while (
            keep < len(open_marks) and keep < len(covering) and open_marks[keep] is covering[keep]
        ):
            keep += 1
        out.extend("</span>" for _ in open_marks[keep:])
        out.extend(_open(m) for m in covering[keep:])
        open_marks = covering
        out.append(escape(text[a:b]))
    out.extend("</span>" for _ in open_marks)
    return "".join(out)


def _open(mark: _Mark) -> str:
    return (
        f'<span class="{mark.css_class}" data-cluster="{mark.cluster}" '
        f'style="background: {cluster_colour(mark.cluster)}" title="{escape(mark.title)}">'
    )
