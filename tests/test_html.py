"""The HTML page renderer on hand-made clusters: escaping, nesting, colours, hover titles."""

from __future__ import annotations

from html.parser import HTMLParser

from corefine.document import Cluster, Mention
from corefine.html import cluster_colour, document_to_html, documents_to_html
from corefine.rewriter import rewrite
from corefine.tokenizer import make_document

TEXT = 'Ben & "Anna" <i>met</i>. His sister said <script>x()</script> he left & she stayed.'


class _Spans(HTMLParser):
    """Text inside the page's text boxes, mention spans, and nesting errors."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict[str, str | None]] = []
        self.errors: list[str] = []
        self.boxes: list[str] = []
        self.marked: list[tuple[str, str, str]] = []  # (cluster, title, text) per fragment

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            return
        values = dict(attrs)
        values["tag"] = tag
        values["text"] = ""
        self.stack.append(values)
        if tag == "div":
            self.boxes.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1]["tag"] != tag:
            self.errors.append(tag)
            return
        top = self.stack.pop()
        if tag == "span":
            self.marked.append((top["data-cluster"] or "", top["title"] or "", top["text"] or ""))

    def handle_data(self, data: str) -> None:
        if any(e["tag"] == "div" for e in self.stack):
            self.boxes[-1] += data
        for e in self.stack:
            if e["tag"] == "span":
                e["text"] = (e["text"] or "") + data


def render(clusters: list[Cluster]) -> tuple[str, _Spans]:
    doc = make_document(TEXT)
    doc.clusters = clusters
    result = rewrite(TEXT, clusters)
    page = document_to_html(doc, result)
    parsed = _Spans()
    parsed.feed(page)
    parsed.close()
    return page, parsed


def mention(start: int, end: int, confidence: float | None = None) -> Mention:
    return Mention(start, end, TEXT[start:end], confidence)


def span_of(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def test_text_is_escaped_and_comes_back_intact() -> None:
    ben, his, he = span_of("Ben"), span_of("His"), span_of("he", 1)
    his_sister = (his[0], span_of("sister")[1])
    clusters = [
        Cluster(0, [mention(*ben, 0.9), mention(*his, 0.8), mention(*he, 0.75)], 0.75),
        Cluster(1, [mention(*his_sister, 0.6), mention(*span_of("she"), 0.7)], 0.6),
    ]
    page, parsed = render(clusters)
    assert "<script>x()" not in page and "<i>met" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page and "Ben &amp; &quot;Anna&quot;" in page
    assert parsed.errors == [] and parsed.stack == []
    result = rewrite(TEXT, clusters)
    assert parsed.boxes == [TEXT, result.text]
    # nested mentions: "His" sits inside "His sister", each with its own cluster and title
    fragments = {(c, text) for c, _, text in parsed.marked}
    assert ("0", "His") in fragments and ("1", "His sister") in fragments
    first_ben = next(t for c, t, text in parsed.marked if text == "Ben")  # the original's
    assert first_ben == "cluster 0, mention confidence 0.90, cluster confidence 0.75"
    assert cluster_colour(0) in page and cluster_colour(1) in page
    assert cluster_colour(0) != cluster_colour(1)
    # the resolved text marks its replacements with their cluster
    assert any(c == "0" and "replaces" in t for c, t, _ in parsed.marked)


def test_crossing_mentions_stay_well_nested() -> None:
    a = (0, span_of("met")[1])
    b = (span_of("Anna")[0], span_of("His")[1])
    page, parsed = render([Cluster(0, [mention(*a)]), Cluster(1, [mention(*b)])])
    assert parsed.errors == [] and parsed.boxes[0] == TEXT
    by_cluster: dict[str, str] = {}
    for c, _, text in parsed.marked:
        if text in TEXT:
            by_cluster[c] = by_cluster.get(c, "") + text
    assert by_cluster["0"].startswith("Ben") and "Anna" in by_cluster["1"]
    assert "title" in page and "confidence" not in parsed.marked[0][1]  # no confidence: none shown


def test_several_documents_one_page() -> None:
    first, second = make_document("One & two."), make_document("<b>three</b>")
    first.name, second.name = "a.txt", "<b>.txt"
    page = documents_to_html([(first, rewrite(first.text, [])), (second, rewrite(second.text, []))])
    assert page.count("<!DOCTYPE html>") == 1 and page.count("<section>") == 2
    assert "<h2>&lt;b&gt;.txt</h2>" in page and "&lt;b&gt;three&lt;/b&gt;" in page
    assert "http" not in page and "src=" not in page  # standalone
