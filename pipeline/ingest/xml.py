"""Official XML (GPO BILLS XML, USLM, anything else) -> text with the block structure as lines.

Parsing is defusedxml over the standard library parser: entity declarations and external
references are refused (a billion-laughs file gets a one-line error), the DTD named in the
DOCTYPE is never fetched. GPO bill XML is rendered the way the printed bill reads, so the
segmenter sees the same shapes as in the PDF and the text: ``SEC. 2. HEADING.`` on its own
line, ``(a) Heading.-Text`` for lower levels, ``"quoted blocks"`` with their closing
punctuation, the table of contents one entry per line, the enacting clause (which the GPO
stylesheet prints but the XML only implies). Elements marked ``changed="deleted"`` (and USLM
``<del>``) go to the dropped spans, not the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from pipeline.values import Document
from pipeline.errors import CorruptFileError, UnsupportedFormatError
from pipeline.ingest.blocks import document_from_lines

#: Levels of a bill's hierarchy and other elements that start their own line.
_BLOCKS = {
    # GPO BILLS XML
    "distribution-code", "calendar", "congress", "session", "legis-num", "associated-doc",
    "current-chamber", "action-date", "action-desc", "action-instruction", "legis-type", "official-title",
    "legis-body", "resolution-body", "engrossed-amendment-body", "amendment-body", "preamble", "whereas",
    "division", "title", "subtitle", "part", "subpart", "chapter", "subchapter",
    "section", "subsection", "paragraph", "subparagraph", "clause", "subclause", "item", "subitem",
    "toc", "toc-entry", "quoted-block", "continuation-text", "endorsement", "attestation",
    "attestation-group", "resolving-clause", "enacting-clause", "table", "row", "tr",
    # USLM
    "level", "chapeau", "continuation", "p", "note", "notes", "heading-block", "docTitle",
    "officialTitle", "longTitle", "enactingFormula", "block", "list", "listItem",
}
#: Elements whose content is not part of the printed text.
_SKIP = {"metadata", "meta", "dublinCore", "pagebreak", "processing-instruction"}
_SECTION_LEVELS = {"section", "division", "title", "subtitle", "part", "subpart", "chapter", "subchapter"}
_LOWER_LEVELS = {"subsection", "paragraph", "subparagraph", "clause", "subclause", "item", "subitem"}
_SPACE = re.compile(r"\s+")
#: Number and heading elements that are followed by a space when the text runs on.
_LABELS = {"num", "enum", "heading", "header", "marker", "label"}


def parse_xml(raw: bytes, name: str) -> Element:
    """Parse safely: no entity expansion, no external resources. Typed errors on failure."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsupportedFormatError(f"{name}: XML declares entities or external references ({type(exc).__name__}); refused for safety", path=name) from None
    except ParseError as exc:
        raise CorruptFileError(f"{name}: malformed XML ({exc})", path=name) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Renderer:
    """Walks the tree, collecting lines; inline elements continue the current line."""

    def __init__(self, gpo: bool) -> None:
        self.gpo = gpo
        self.lines: list[str] = []
        self.current: list[str] = []
        self.deleted: list[tuple[int, str, str, str]] = []  # (line index, line so far, text, reason)
        self.prefix = ""

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def emit(self, text: str | None) -> None:
        if text:
            if self.prefix and text.strip():
                # an opening quotation mark waits for the first words of the quoted block
                self.current.append(self.prefix)
                self.prefix = ""
            self.current.append(text)

    def render(self, element: Element, quoted: int = 0) -> None:
        tag = _local(element.tag)
        if tag in _SKIP or element.get("display") == "no":
            self.emit_tail(element)
            return
        if element.get("changed") == "deleted" or (tag == "del" and not self.gpo):  # USLM <del>
            inner = _Renderer(self.gpo)
            if self.gpo:
                inner.render_gpo(element, tag, quoted)
            else:
                inner.emit(element.text)
                inner.render_children(element, quoted)
            inner.flush()
            self.deleted.append((len(self.lines), "".join(self.current), " ".join(inner.lines), "deleted"))
            self.emit_tail(element)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if self.gpo:
            self.render_gpo(element, tag, quoted)
        else:
            self.emit(element.text)
            self.render_children(element, quoted)
            if tag in _LABELS:
                self.emit(" ")  # "<num>§ 5.</num><heading>Remedies</heading>" -> "§ 5. Remedies"
        if block:
            self.flush()
        self.emit_tail(element)

    def emit_tail(self, element: Element) -> None:
        self.emit(element.tail)

    def render_children(self, element: Element, quoted: int) -> None:
        for child in element:
            self.render(child, quoted)

    def render_gpo(self, element: Element, tag: str, quoted: int) -> None:
        if tag in ("legis-body",) and element.get("display-enacting-clause") != "no-display-enacting-clause":
            self.lines.append("Be it enacted by the Senate and House of Representatives of the United States of America in Congress assembled,")
        if tag == "quote":
            self.emit("\u201c")
            self.emit(element.text)
            self.render_children(element, quoted)
            self.emit("\u201d")
            return
        if tag == "quoted-block":
            self.prefix = "\u201c"
            self.emit(element.text)
            for child in element:
                if _local(child.tag) == "after-quoted-block":
                    # the closing quote and punctuation end the block's last line
                    if not self.current and self.lines:
                        self.current = [self.lines.pop()]
                    self.emit("\u201d")
                    self.emit(child.text)
                    self.flush()
                    self.emit(child.tail)
                else:
                    self.render(child, quoted + 1)
            return
        if tag in _SECTION_LEVELS or tag in _LOWER_LEVELS:
            self.render_level(element, tag, quoted)
            return
        if tag == "attestation-date":
            # the stylesheet prints "Attest:" between the date and the clerk's name and role
            self.emit(element.text)
            self.render_children(element, quoted)
            self.flush()
            self.emit("Attest: ")
            return
        self.emit(element.text)
        self.render_children(element, quoted)
        if tag == "attestor":
            self.emit(" ")  # "Cheryl L. Johnson, Clerk"

    def render_level(self, element: Element, tag: str, quoted: int) -> None:
        """``SEC. 2. HEADING.`` / ``(a) Heading.-text`` as the GPO stylesheet prints them."""
        self.emit(element.text)
        children = list(element)
        heading_done = False
        for child in children:
            name = _local(child.tag)
            if name == "enum" and not heading_done:
                enum = "".join(child.itertext()).strip()
                if tag == "section":
                    prefix = "SECTION" if element.get("section-type") == "section-one" else "SEC."
                    self.emit(f"{prefix} {enum} ")
                elif tag in _SECTION_LEVELS:
                    self.emit(f"{tag.upper()} {enum} ")
                else:
                    self.emit(f"{enum} ")
                self.emit(child.tail)
            elif name == "header" and not heading_done:
                heading_done = True
                header = "".join(child.itertext()).strip()
                if tag in _SECTION_LEVELS:
                    self.emit(header.rstrip(".") + ".")
                    self.flush()
                else:
                    self.emit(header.rstrip(".") + ".\u2014")
                self.emit(child.tail)
            else:
                self.render(child, quoted)


def load_xml(raw: bytes, path: str, *, sha256: str) -> Document:
    """Render an XML bill or statute as text (see the module docstring)."""
    name = Path(path).name
    root = parse_xml(raw, name)
    root_tag = _local(root.tag)
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    gpo = root_tag in {"bill", "resolution", "amendment-doc"} and not namespace
    renderer = _Renderer(gpo=gpo)
    renderer.render(root)
    renderer.flush()
    title = None
    for element in root.iter():
        if _local(element.tag) in ("title", "dc:title") and element.tag.startswith("{http://purl.org/dc"):
            title = "".join(element.itertext()).strip() or None
            break
        if _local(element.tag) in ("official-title", "docTitle", "longTitle") and title is None:
            title = _SPACE.sub(" ", "".join(element.itertext())).strip() or None
    return document_from_lines(renderer.lines, renderer.deleted, path=path, sha256=sha256, raw=raw, fmt="xml", title=title)
