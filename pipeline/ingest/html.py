"""HTML pages (legislature websites, law-library pages) -> text with block structure as lines.

BeautifulSoup over lxml's HTML parser (falls back to the standard library's). Scripts, styles,
navigation, page header/footer, forms and hidden elements are removed before the text is
taken (a ``<header>``/``<footer>`` inside ``<article>``, ``<main>`` or ``<section>`` belongs
to the document and is kept). Block elements (headings, paragraphs, list items, table rows,
``<br>``) end lines so the segmenter can find sections; ``<pre>`` keeps its own line breaks;
the cells of a table row share a line. Struck-through text (``<del>``, ``<s>``, ``<strike>``,
inline ``line-through``: how legislatures' HTML redlines mark deletions) goes to the dropped
spans.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.values import Document
from pipeline.ingest.text import decode_bytes

_REMOVE = ["script", "style", "noscript", "template", "nav", "aside", "form",
           "button", "select", "iframe", "svg", "canvas", "object", "embed", "head"]
#: Page chrome unless it sits inside the document's own content.
_CHROME = ["header", "footer"]
_CONTENT = {"article", "main", "section"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
          "tr", "table", "ul", "ol", "dl", "blockquote", "pre", "hr", "br", "address", "figure",
          "figcaption", "center", "body"}


def load_html(raw: bytes, path: str, *, sha256: str) -> Document:
    """Render an HTML page's visible main text (see the module docstring)."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    from pipeline.ingest.blocks import document_from_lines

    text, encoding = decode_bytes(raw, name=Path(path).name)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception:  # pragma: no cover - lxml missing or refusing: the stdlib parser
        soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for element in soup.find_all(_REMOVE):
        element.decompose()
    for element in soup.find_all(_CHROME):
        if not any(parent.name in _CONTENT for parent in element.parents):
            element.decompose()
    for element in soup.find_all(attrs={"hidden": True}):
        element.decompose()
    for element in soup.find_all(style=lambda value: value and "display:none" in value.replace(" ", "").lower()):
        element.decompose()
    for element in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo", "search"]}):
        element.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()

    lines: list[str] = []
    current: list[str] = []
    struck: list[tuple[int, str, str, str]] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower() if child.name else ""
                if name == "br":
                    flush()
                    continue
                if name == "pre":  # preformatted bill text keeps its own line breaks
                    flush()
                    lines.extend(child.get_text().splitlines())
                    continue
                if _is_struck(name, child):
                    # a redline's deleted words: out of the text, into the dropped spans
                    struck.append((len(lines), "".join(current), child.get_text(" "), "strikethrough"))
                    continue
                block = name in _BLOCK
                if block:
                    flush()
                elif name in ("td", "th"):
                    current.append(" ")
                walk(child)
                if block:
                    flush()

    walk(soup.body or soup)
    flush()
    return document_from_lines(lines, struck, path=path, sha256=sha256, raw=raw, fmt="html", title=title, encoding=encoding)


def _is_struck(name: str, tag) -> bool:
    """``<del>``, ``<s>``, ``<strike>`` or an inline ``text-decoration: line-through``."""
    if name in ("del", "s", "strike"):
        return True
    style = (tag.get("style") or "").replace(" ", "").lower()
    return "line-through" in style
