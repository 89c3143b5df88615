"""PDF bills: printed lines back to clean text, with the page and margin line number of each.

The normal path is pypdfium2 only (the speed floor): the characters with their boxes and
baselines give the printed lines (:mod:`.layout`); from those we

* take off the margin line numbers and keep them as :class:`~pipeline.values.LineSpan`
  ``line`` values, and drop page furniture: text in another direction (side tabs), running
  heads/footers and page numbers (:mod:`.furniture`),
* rejoin words hyphenated across lines (:mod:`.hyphenation`),
* assemble the text with page spans, line spans and dropped spans (here).

Struck-through characters are dropped where a horizontal stroke from the page's own drawing
(:mod:`.drawing`, read from pypdfium2's page objects) crosses them at mid-height
(:mod:`.redline`). pdfplumber is opened only for pages whose paths that walk cannot resolve
(or for every stroked page when ``STRIKE_GEOMETRY = "pdfplumber"``, the cross-check).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.values import Document, DroppedSpan, LineSpan, Source
from pipeline.errors import CorruptFileError, EmptyDocumentError, EncryptedPDFError, NoTextLayerError
from pipeline.ingest import drawing, layout, redline, wordruns
from pipeline.ingest.furniture import leading_number, mark_furniture, mark_line_numbers
from pipeline.ingest.hyphenation import rejoin_hyphenated
from pipeline.ingest.layout import PrintedLine, chars_text
from pipeline.ingest.limits import current_deadline

#: Where strike-through geometry comes from: ``"pdfium"`` (the page objects pypdfium2 already
#: has open; exact and ~0.1 ms per page) or ``"pdfplumber"`` (parses the page again, ~0.2 s per
#: page; kept as a cross-check and as the fallback for pages whose paths pdfium's walk skips).
STRIKE_GEOMETRY = "pdfium"



def open_pdf(raw: bytes, name: str):
    """Open with pypdfium2, turning its failures into typed one-line errors."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4:  # FPDF_ERR_PASSWORD
            raise EncryptedPDFError(f"{name}: encrypted PDF (password required); cannot read it", path=name) from None
        if code == 5:  # FPDF_ERR_SECURITY
            raise EncryptedPDFError(f"{name}: PDF uses an unsupported security handler", path=name) from None
        raise CorruptFileError(f"{name}: corrupt or truncated PDF ({_pdfium_reason(exc)})", path=name) from None


def _pdfium_reason(exc: Exception) -> str:
    match = re.search(r"PDFium: ([^)]*)", str(exc))
    return match.group(1).lower() if match else "cannot be parsed"


def load_pdf(raw: bytes, path: str, *, sha256: str) -> Document:
    """Read a PDF's text layer into a :class:`Document` (see the module docstring)."""
    name = Path(path).name
    pdf = open_pdf(raw, name)
    try:
        pages, strike_pages, image_pages = _read_pages(pdf, name)
        n_pages = len(pdf)
    finally:
        pdf.close()
    if strike_pages:
        redline.remove_struck_text(raw, pages, strike_pages)
        for index in strike_pages:
            for line in pages[index]:
                layout.compact(line, leading_number)
    n_chars = sum(line.n_chars for page in pages for line in page)
    if n_chars == 0:
        if image_pages:
            raise NoTextLayerError(f"{name}: PDF has no text layer (scanned); OCR is not supported", path=path)
        raise EmptyDocumentError(f"{name}: PDF contains no text (blank pages)", path=path)
    unmapped = sum(line.n_unmapped for page in pages for line in page)
    if unmapped > 0.3 * n_chars:
        raise NoTextLayerError(
            f"{name}: PDF text layer is unreadable ({unmapped} of {n_chars} characters have no Unicode mapping); "
            "OCR is not supported", path=path)
    mark_line_numbers(pages)
    mark_furniture(pages)
    text, page_spans, lines, dropped = _assemble(pages)
    for index in sorted(image_pages):  # a scanned page inside a text PDF: say so, do not guess
        offset = page_spans[index][0]
        dropped.append(DroppedSpan(text=f"[page {index + 1}: image only, no text layer]", offset=offset,
                                   reason="image_only_page", page=index + 1))
    dropped.sort(key=lambda span: (span.offset, span.page or 0))
    source = Source(path=path, sha256=sha256, format="pdf", pages=n_pages, bytes=len(raw))
    return Document(text=text, source=source, page_spans=page_spans, lines=lines, dropped=dropped)


# -- reading ---------------------------------------------------------------------------------


def _read_pages(pdf, name: str) -> tuple[list[list[PrintedLine]], set[int], set[int]]:
    """Printed lines of every page, pages where strokes may strike text out, pages with images."""
    import pypdfium2.raw as pdfium_c

    deadline = current_deadline()
    pages: list[list[PrintedLine]] = []
    strike_pages: set[int] = set()
    image_pages: set[int] = set()
    for index in range(len(pdf)):
        deadline.check()
        try:
            page = pdf[index]
            textpage = page.get_textpage()
        except Exception as exc:  # pdfium raises its own error type for broken page trees
            raise CorruptFileError(f"{name}: page {index + 1} cannot be read ({exc})", path=name) from None
        width, height = page.get_size()
        # Word by word when that gives the same lines (upright text, no stroke that could strike
        # a character out: strike-through is decided per character); else per character.
        drawn = drawing.page_drawing(page, pdfium_c, None)  # (strokes as an upright page has them)
        lines = None
        if not (drawn.strokes or drawn.unresolved):
            runs = wordruns.page_runs_by_word(textpage, pdfium_c, width, height)
            if runs is not None:
                lines = layout.group_lines(runs, index + 1, width, height)
                if any(line.turns for line in lines if not line.rotated):
                    lines = None  # a landscape page: its main text is read per character
        by_word = lines is not None
        if not by_word:
            lines = layout.group_lines(layout.page_runs(textpage, pdfium_c, width, height), index + 1, width, height)
        if by_word:
            exact = wordruns.exact_chars(textpage, pdfium_c)
            for line in lines:
                line.exact_chars = exact
        pages.append(lines)
        has_text = any(not line.rotated for line in lines)
        turns = next((line.turns for line in lines if not line.rotated), 0)
        # strokes are read in the frame where this page's text runs left to right
        turn = layout.upright_transform(turns, width, height)
        if drawn is None or turn is not None:
            drawn = drawing.page_drawing(page, pdfium_c, turn)
        if has_text and drawn.strokes and _may_strike_text(lines, drawn.strokes):
            if STRIKE_GEOMETRY == "pdfium" or turns:
                redline.strike_lines(lines, drawn.strokes)
            else:
                strike_pages.add(index)
        if has_text and drawn.unresolved and not turns:
            strike_pages.add(index)  # paths pdfium's walk skipped: let pdfplumber read them
        if drawn.images and not has_text:
            image_pages.add(index)
        if index not in strike_pages:  # (those are compacted after pdfplumber has read them)
            for line in lines:
                layout.compact(line, leading_number)
        textpage.close()
        page.close()
    return pages, strike_pages, image_pages


def _may_strike_text(lines: list[PrintedLine], strokes: list) -> bool:
    """Whether any stroke crosses a line's characters at strike-through height."""
    for line in lines:
        if line.rotated or not line.chars:
            continue
        cap = line.height
        low, high = line.baseline + redline.STRIKE_LOW * cap, line.baseline + redline.STRIKE_HIGH * cap
        x0, x1 = line.chars[0][1], line.chars[-1][2]
        for stroke in strokes:
            if low <= stroke.y <= high and stroke.x0 < x1 and stroke.x1 > x0:
                return True
    return False


def _assemble(pages: list[list[PrintedLine]]):
    """Join kept lines with newlines; record page spans, line spans and dropped text."""
    body: list[PrintedLine] = []
    furniture: list[PrintedLine] = []
    for page in pages:
        for line in page:
            line.text = line.full_text
            (furniture if line.furniture else body).append(line)
    rejoin_hyphenated(body)

    parts: list[str] = []
    lines: list[LineSpan] = []
    dropped: list[DroppedSpan] = []
    page_spans: list[tuple[int, int]] = []
    offset = 0
    by_page: dict[int, list[PrintedLine]] = {}
    for line in body:
        by_page.setdefault(line.page, []).append(line)
    furniture_by_page: dict[int, list[PrintedLine]] = {}
    for line in furniture:
        furniture_by_page.setdefault(line.page, []).append(line)
    for page_number in range(1, len(pages) + 1):
        page_start = offset + (1 if parts else 0) if by_page.get(page_number) else offset
        for line in furniture_by_page.get(page_number, []):
            if line.text:
                dropped.append(DroppedSpan(text=line.text, offset=page_start, reason="furniture", page=page_number))
        for line in by_page.get(page_number, []):
            for index, struck in line.struck:
                where = offset + (1 if parts else 0) + _kept_offset(line, index) if line.text else offset
                dropped.append(DroppedSpan(text=struck, offset=where, reason="strikethrough", page=page_number, line=line.number))
            if not line.text:
                continue
            if parts:
                parts.append("\n")
                offset += 1
            lines.append(LineSpan(start=offset, end=offset + len(line.text), page=page_number, line=line.number))
            parts.append(line.text)
            offset += len(line.text)
        page_spans.append((min(page_start, offset), offset))
    text = "".join(parts)
    return text, page_spans, lines, dropped


def _kept_offset(line: PrintedLine, index: int) -> int:
    """Map an index into the line's kept characters to an offset in its final text.

    The prefix is normalised the same way as the line (quotes, accents, spaces); a struck word
    that followed a space is placed after that space, where it stood.
    """
    index = min(index, len(line.chars))
    prefix = chars_text(line.chars[:index])
    position = len(prefix) + (1 if prefix and index and line.chars[index - 1][0] == " " else 0)
    return max(0, min(position - line.moved, len(line.text)))
