"""PDF bills: printed lines back to clean text, with the page and margin line number of each.

The normal path is pypdfium2 only (the speed floor): the characters with their boxes and
baselines give the printed lines (:mod:`.layout`); from those we

* take off the margin line numbers and keep them as :class:`~pipeline.document.LineSpan`
  ``line`` values, and drop page furniture: text in another direction (side tabs), running
  heads/footers and page numbers (:mod:`.furniture`),
* rejoin words hyphenated across lines (:mod:`.hyphenation`),
* assemble the text with page spans, line spans and dropped spans (here).

Only pages whose drawing contains thin horizontal strokes (found cheaply from pypdfium2's page
objects) are opened with pdfplumber, to read that geometry and drop struck-through characters
(see :mod:`pipeline.ingest.redline`).
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

from pipeline.document import Document, DroppedSpan, LineSpan, Source
from pipeline.errors import CorruptFileError, EmptyDocumentError, EncryptedPDFError, NoTextLayerError
from pipeline.ingest import layout, redline
from pipeline.ingest.furniture import mark_furniture, mark_line_numbers
from pipeline.ingest.hyphenation import rejoin_hyphenated
from pipeline.ingest.layout import PrintedLine, chars_text, line_text
from pipeline.ingest.limits import current_deadline

#: Private-use code points and U+FFFD: glyphs whose font has no usable Unicode mapping.
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd]")


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
    n_chars = sum(len(line.chars) for page in pages for line in page)
    if n_chars == 0:
        if image_pages:
            raise NoTextLayerError(f"{name}: PDF has no text layer (scanned); OCR is not supported", path=path)
        raise EmptyDocumentError(f"{name}: PDF contains no text (blank pages)", path=path)
    unmapped = sum(1 for page in pages for line in page for c in line.chars if _UNMAPPED.match(c[0]))
    if unmapped > 0.3 * n_chars:
        raise NoTextLayerError(
            f"{name}: PDF text layer is unreadable ({unmapped} of {n_chars} characters have no Unicode mapping); "
            "OCR is not supported", path=path)
    if strike_pages:
        redline.remove_struck_text(raw, pages, strike_pages)
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
        lines = layout.group_lines(layout.page_runs(textpage, pdfium_c, width, height), index + 1, width, height)
        pages.append(lines)
        has_text = any(not line.rotated for line in lines)
        upright = has_text and all(line.turns == 0 for line in lines if not line.rotated)
        strokes, tall_paths, images = _page_drawing(page, pdfium_c)
        # (strike-through is read on upright pages only: see the README's limits)
        if upright and (strokes or tall_paths) and _may_strike_text(lines, strokes, tall_paths):
            strike_pages.add(index)
        if images and not has_text:
            image_pages.add(index)
        textpage.close()
        page.close()
    return pages, strike_pages, image_pages


def _page_drawing(page, pdfium_c) -> tuple[list[redline.Stroke], list[tuple], bool]:
    """From pypdfium2's page objects only (cheap): thin horizontal paths as strokes, the bounds
    of taller paths that contain a horizontal segment (one path can hold many strike lines),
    and whether the page has images. Form XObjects are searched too.

    Uses the raw pdfium calls: the object wrappers of ``get_objects`` cost more than the check.
    """
    strokes: list[redline.Stroke] = []
    tall: list[tuple] = []
    images = False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_type, get_bounds = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
    path_type, image_type, form_type = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    stack = [(pdfium_c.FPDFPage_CountObjects(page.raw), lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i), 0)]
    while stack:
        count, get, depth = stack.pop()
        for i in range(count):
            obj = get(i)
            kind = get_type(obj)
            if kind == image_type:
                images = True
            elif kind == form_type and depth < 8:
                stack.append((pdfium_c.FPDFFormObj_CountObjects(obj), lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j), depth + 1))
            elif kind == path_type and get_bounds(obj, left, bottom, right, top):
                if right.value - left.value < 1.5:
                    continue
                if top.value - bottom.value <= redline.MAX_STROKE + 1.0:
                    strokes.append(redline.Stroke(left.value, right.value, (top.value + bottom.value) / 2))
                elif _path_has_horizontal_segment(obj, pdfium_c):
                    tall.append((left.value, bottom.value, right.value, top.value))
    return strokes, tall, images


def _may_strike_text(lines: list[PrintedLine], strokes: list, tall_paths: list) -> bool:
    """Whether any stroke crosses a line's characters at strike-through height (or a many-stroke
    path overlaps text at all): only then is the page worth pdfplumber's exact geometry."""
    for line in lines:
        if line.rotated or not line.chars:
            continue
        cap = line.height
        low, high = line.baseline + redline.STRIKE_LOW * cap, line.baseline + redline.STRIKE_HIGH * cap
        x0, x1 = line.chars[0][1], line.chars[-1][2]
        for stroke in strokes:
            if low <= stroke.y <= high and stroke.x0 < x1 and stroke.x1 > x0:
                return True
        for left, bottom, right, top in tall_paths:
            if bottom <= high and top >= low and left < x1 and right > x0:
                return True
    return False


def _path_has_horizontal_segment(obj, pdfium_c) -> bool:
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 1 or count > 5000:
        return count > 5000  # too many to inspect cheaply: let pdfplumber look
    x, y = ctypes.c_float(), ctypes.c_float()
    previous = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (x.value, y.value)
        if previous is not None and abs(point[1] - previous[1]) < 0.5 and abs(point[0] - previous[0]) >= 2.0:
            return True
        previous = point
    return False


def _assemble(pages: list[list[PrintedLine]]):
    """Join kept lines with newlines; record page spans, line spans and dropped text."""
    body: list[PrintedLine] = []
    furniture: list[PrintedLine] = []
    for page in pages:
        for line in page:
            line.text = line_text(line)
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
    prefix = chars_text(line.chars[:index])
    position = len(prefix) + (1 if prefix and index and line.chars[index - 1][0] == " " else 0)
    return max(0, min(position - line.moved, len(line.text)))
