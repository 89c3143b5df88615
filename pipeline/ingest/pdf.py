"""PDF bills: printed lines back to clean text, with the page and margin line number of each.

The normal path is pypdfium2 only (the speed floor): the characters with their boxes and
baselines give the printed lines; from those we

* take off the margin line numbers (a column of small numbers left of the text, well clear of
  it) and keep them as :class:`~pipeline.document.LineSpan` ``line`` values,
* drop page furniture: rotated text (side tabs), lines in the top/bottom band that repeat on
  other pages once digits are ignored (running heads, "VerDate ... Jkt ..." slugs), and bare
  page numbers in those bands,
* rejoin words hyphenated across lines.

Only pages whose drawing contains thin horizontal strokes (found cheaply from pypdfium2's page
objects) are opened with pdfplumber, to read that geometry and drop struck-through characters
(see :mod:`pipeline.ingest.redline`).
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Document, DroppedSpan, LineSpan, Source
from pipeline.errors import CorruptFileError, EncryptedPDFError, NoTextLayerError
from pipeline.ingest import redline
from pipeline.ingest.limits import current_deadline
from pipeline.ingest.normalize import normalize_text

#: A character: (text, x0, x1, bottom, top, baseline, origin_x). PDF coordinates (y up).
Char = tuple

_SOFT_HYPHENS = {"\ufffe", "\x02", "\u00ad"}
_LINE_BREAKS = {"\r", "\n"}
#: Spacing accents that some bill fonts print as a separate glyph over the letter.
_SPACING_ACCENTS = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c6": "\u0302", "\u02dc": "\u0303",
                    "\u00b8": "\u0327", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02da": "\u030a"}
_PAGE_NUMBER = re.compile(r"^(page\s+)?[-\u2013\u2014]?\s*[0-9]+\s*[-\u2013\u2014]?(\s+of\s+\d+)?$", re.I)
_MARGIN_NUMBER = re.compile(r"^\d{1,3}$")
#: Fraction of the page height treated as the head and foot bands for furniture.
_BAND = 0.1


@dataclass
class _Line:
    """One printed line on a page."""

    chars: list  # list[Char]
    baseline: float
    page: int  # 1-based
    number: int | None = None
    furniture: bool = False
    rotated: bool = False
    text: str = ""
    # filled when strike-through is removed: (index into kept text, struck text)
    struck: list = field(default_factory=list)
    _height: float | None = None

    @property
    def x0(self) -> float:
        return self.chars[0][1]

    @property
    def height(self) -> float:
        """Median height of the characters above the baseline (about the cap height)."""
        if self._height is None:
            tops = [c[4] - c[5] for c in self.chars if c[0] != " " and c[4] > c[5]]
            self._height = statistics.median(tops) if tops else 8.0
        return self._height


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
        raise NoTextLayerError(f"{name}: PDF contains no text", path=path)
    if strike_pages:
        redline.remove_struck_text(raw, pages, strike_pages)
    _mark_line_numbers(pages)
    _mark_furniture(pages)
    text, page_spans, lines, dropped = _assemble(pages)
    source = Source(path=path, sha256=sha256, format="pdf", pages=n_pages, bytes=len(raw))
    return Document(text=text, source=source, page_spans=page_spans, lines=lines, dropped=dropped)


# -- reading ---------------------------------------------------------------------------------


def _read_pages(pdf, name: str) -> tuple[list[list[_Line]], set[int], set[int]]:
    """Printed lines of every page, pages where strokes may strike text out, pages with images."""
    import pypdfium2.raw as pdfium_c

    deadline = current_deadline()
    pages: list[list[_Line]] = []
    strike_pages: set[int] = set()
    image_pages: set[int] = set()
    for index in range(len(pdf)):
        deadline.check()
        try:
            page = pdf[index]
            textpage = page.get_textpage()
        except Exception as exc:  # pdfium raises its own error type for broken page trees
            raise CorruptFileError(f"{name}: page {index + 1} cannot be read ({exc})", path=name) from None
        lines = _group_lines(_page_runs(textpage, pdfium_c), index + 1)
        pages.append(lines)
        has_text = any(not line.rotated for line in lines)
        strokes, tall_paths, images = _page_drawing(page, pdfium_c)
        if has_text and (strokes or tall_paths) and _may_strike_text(lines, strokes, tall_paths):
            strike_pages.add(index)
        if images and not has_text:
            image_pages.add(index)
        textpage.close()
        page.close()
    return pages, strike_pages, image_pages


def _page_drawing(page, pdfium_c) -> tuple[list[redline.Stroke], list[tuple], bool]:
    """From pypdfium2's page objects only (cheap): thin horizontal paths as strokes, the bounds
    of taller paths that contain a horizontal segment (one path can hold many strike lines),
    and whether the page has images."""
    strokes: list[redline.Stroke] = []
    tall: list[tuple] = []
    images = False
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE)):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images = True
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left < 1.5:
            continue
        if top - bottom <= redline.MAX_STROKE + 1.0:
            strokes.append(redline.Stroke(left, right, (top + bottom) / 2))
        elif _path_has_horizontal_segment(obj, pdfium_c):
            tall.append((left, bottom, right, top))
    return strokes, tall, images


def _may_strike_text(lines: list[_Line], strokes: list, tall_paths: list) -> bool:
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
    count = pdfium_c.FPDFPath_CountSegments(obj.raw)
    if count <= 1 or count > 5000:
        return count > 5000  # too many to inspect cheaply: let pdfplumber look
    x, y = ctypes.c_float(), ctypes.c_float()
    previous = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (x.value, y.value)
        if previous is not None and abs(point[1] - previous[1]) < 0.5 and abs(point[0] - previous[0]) >= 2.0:
            return True
        previous = point
    return False


def _page_runs(textpage, pdfium_c) -> list[tuple[list[Char], bool]]:
    """Characters in pdfium's order, cut into runs at its line breaks and baseline changes.

    Returns ``[(chars, rotated)]``. Generated line breaks are dropped; generated spaces kept.
    This loop is the hot path of PDF reading: two pdfium calls per character, nothing else.
    """
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs: fall back to one code point per char index
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_box, get_origin, get_angle = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetCharAngle
    runs: list[tuple[list[Char], bool]] = []
    current: list[Char] = []
    first_index = -1  # pdfium index of the run's first visible character
    last_baseline = last_x1 = None

    def close() -> None:
        nonlocal current, first_index
        if first_index >= 0:
            angle = get_angle(handle, first_index)
            rotated = 0.02 < angle < 6.26  # radians; anything but upright
            if not rotated:
                while current[-1][0] == " ":
                    current.pop()
            if rotated and runs and runs[-1][1]:
                runs[-1][0].extend(current)  # rotated text changes "baseline" every glyph
            else:
                runs.append((current, rotated))
        current = []
        first_index = -1

    for i, ch in enumerate(text):
        if ch == "\r" or ch == "\n":
            close()
            last_baseline = None
            continue
        get_origin(handle, i, ox, oy)
        if ch == " " or ch == "\x00":
            x, y = ox.value, oy.value
            if current:
                current.append((" ", x, x, y, y, y, x))
            elif runs and runs[-1][1]:
                runs[-1][0].append((" ", x, x, y, y, y, x))  # word gaps of rotated text
            continue
        get_box(handle, i, left, right, bottom, top)
        baseline = oy.value
        # a new run at a baseline change, a jump back, or a wide jump forward (pdfium sometimes
        # chains a margin number to text far along the same baseline, past other runs)
        if last_baseline is not None and (abs(baseline - last_baseline) > 1.5 or not last_x1 - 20 <= left.value <= last_x1 + 24):
            close()
        if first_index < 0:
            first_index = i
        last_x1 = right.value
        current.append((ch, left.value, last_x1, bottom.value, top.value, baseline, ox.value))
        last_baseline = baseline
    close()
    return runs


def _group_lines(runs: list[tuple[list[Char], bool]], page: int) -> list[_Line]:
    """Runs on the same baseline become one printed line, ordered top to bottom, left to right."""
    lines: list[_Line] = []
    upright = [chars for chars, rotated in runs if not rotated]
    for chars, rotated in runs:
        if rotated:
            lines.append(_Line(chars=chars, baseline=chars[0][5], page=page, rotated=True, furniture=True))
    upright.sort(key=lambda chars: (-chars[0][5], chars[0][1]))
    groups: list[list[list[Char]]] = []
    for chars in upright:
        if groups and abs(groups[-1][0][0][5] - chars[0][5]) <= 2.0:
            groups[-1].append(chars)
        else:
            groups.append([chars])
    groups = _attach_raised(groups)
    for group in groups:
        group.sort(key=lambda chars: chars[0][1])
        merged: list[Char] = list(group[0])
        for chars in group[1:]:
            gap = chars[0][1] - merged[-1][2]
            if gap > 1.0 and merged[-1][0] != " " and chars[0][0] != " ":
                merged.append((" ", merged[-1][2], chars[0][1], chars[0][5], chars[0][5], chars[0][5], merged[-1][2]))
            merged.extend(chars)
        lines.append(_Line(chars=merged, baseline=group[0][0][5], page=page))
    return lines


def _attach_raised(groups: list[list[list[Char]]]) -> list[list[list[Char]]]:
    """Fold superscripts and stacked-fraction numerators (a few characters just above or below
    a line, within its horizontal extent) into that line."""
    if len(groups) < 2:
        return groups
    out: list[list[list[Char]]] = []
    small = []
    for index, group in enumerate(groups):
        visible = sum(1 for chars in group for c in chars if c[0] != " ")
        small.append(visible <= 3)
    for index, group in enumerate(groups):
        if not small[index]:
            continue
        baseline = group[0][0][5]
        x0 = min(chars[0][1] for chars in group)
        best = None
        for other in (index - 1, index + 1):
            if 0 <= other < len(groups) and not small[other]:
                target = groups[other]
                distance = abs(target[0][0][5] - baseline)
                left = min(chars[0][1] for chars in target)
                right = max(chars[-1][2] for chars in target)
                if distance <= 6.0 and left < x0 < right and (best is None or distance < best[0]):
                    best = (distance, other)
        if best is not None:
            groups[best[1]].extend(group)
            small[index] = None  # merged
    return [group for group, flag in zip(groups, small) if flag is not None]


# -- margin line numbers and furniture --------------------------------------------------------


def _leading_number(line: _Line) -> tuple[int, float, float, int] | None:
    """``(number, x0, x1, index after it)`` when the line starts with a number set well apart."""
    chars = line.chars
    i = 0
    while i < len(chars) and chars[i][0].isdigit():
        i += 1
    if i == 0 or i > 3:
        return None
    j = i
    while j < len(chars) and chars[j][0] == " ":
        j += 1
    if j == i and j < len(chars):  # no space: "2010," is text, not a margin number
        return None
    x1 = chars[i - 1][2]
    if j < len(chars):
        gap = chars[j][1] - x1
        if gap < 0.6 * line.height:  # an ordinary word space: the number is part of the text
            return None
    return int("".join(c[0] for c in chars[:i])), chars[0][1], x1, j


def _mark_line_numbers(pages: list[list[_Line]]) -> None:
    """Find the margin column of line numbers (aligned edges, document-wide) and strip it."""
    candidates = []
    for page in pages:
        for line in page:
            if line.furniture:
                continue
            found = _leading_number(line)
            if found:
                candidates.append((line, found))
    if len(candidates) < 3:
        return
    # Numbers are right- or left-aligned in a column; keep the alignment most candidates share.
    right = Counter(round(found[2]) for _, found in candidates)
    left = Counter(round(found[1]) for _, found in candidates)
    edge_index, (edge, votes) = max(((2, right.most_common(1)[0]), (1, left.most_common(1)[0])), key=lambda t: t[1][1])
    if votes < 3:
        return
    for line, (number, x0, x1, after) in candidates:
        position = x1 if edge_index == 2 else x0
        if abs(position - edge) <= 3.0 and after < len(line.chars):
            line.number = number
            line.chars = line.chars[after:]
            line.struck = [(max(index - after, 0), text) for index, text in line.struck]


def _line_key(line: _Line) -> str:
    text = "".join(c[0] for c in line.chars)
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def _mark_furniture(pages: list[list[_Line]]) -> None:
    """Running heads/footers (repeat across pages, digits ignored) and page numbers in the bands."""
    heights = [max((c[4] for line in page for c in line.chars), default=0.0) for page in pages]
    page_height = max(heights) if heights else 792.0
    low, high = _BAND * page_height, (1 - _BAND) * page_height
    in_band = []
    for page in pages:
        for line in page:
            if line.furniture or line.number is not None:
                continue
            if line.baseline <= low or line.baseline >= high:
                in_band.append(line)
    pages_with_key: dict[str, set[int]] = {}
    for line in in_band:
        pages_with_key.setdefault(_line_key(line), set()).add(line.page)
    min_pages = max(2, int(0.3 * len(pages)))
    for line in in_band:
        key = _line_key(line)
        if len(pages_with_key[key]) >= min_pages or _PAGE_NUMBER.match(key.replace("#", "1")):
            line.furniture = True


# -- assembly ------------------------------------------------------------------------------


def _line_text(line: _Line) -> str:
    """The characters as a string: accents composed, GPO's doubled quotes made double quotes."""
    out: list[str] = []
    chars = line.chars
    for k, c in enumerate(chars):
        ch = c[0]
        if ch in _SPACING_ACCENTS and out:
            combining = _SPACING_ACCENTS[ch]
            # The accent glyph is drawn over the previous letter (or the next one).
            prev, nxt = chars[k - 1], chars[k + 1] if k + 1 < len(chars) else None
            if prev[0].isalpha() and prev[2] >= c[1] - 0.5:
                out.append(combining)
                continue
            if nxt is not None and nxt[0].isalpha() and nxt[1] <= c[2] + 0.5:
                out.append("\x01" + combining)  # attach after the next letter below
                continue
        out.append(ch)
    text = "".join(out)
    text = re.sub("\x01(.)(.)", lambda m: m.group(2) + m.group(1), text)
    text = text.replace("\x01", "")
    text = text.replace("\u2018\u2018", "\u201c").replace("\u2019\u2019", "\u201d")
    text = text.replace("\u2044", "/")  # stacked fractions: 1\u20445 -> 1/5, as the XML writes them
    for mark in _SOFT_HYPHENS:
        text = text.replace(mark, "-")
    return normalize_text(text).strip().replace("\n", " ")


_HYPHENATED_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"^([A-Za-z][A-Za-z']*)([^\s]*)\s?")


def _rejoin_hyphenated(lines: list[_Line]) -> None:
    """Move the second half of a word hyphenated at a line end up to the first half.

    The hyphen is kept only when the document elsewhere writes that compound with a hyphen
    (and never as one word), e.g. ``self-executing``; otherwise it was a typesetting break.
    """
    vocabulary = Counter()
    after_break = False
    for line in lines:
        found = [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line.text)]
        broken = bool(_HYPHENATED_END.search(line.text))
        # the pieces of words broken at line ends are not words of the document
        vocabulary.update(found[1 if after_break else 0: -1 if broken else None])
        after_break = broken
    for current, following in zip(lines, lines[1:]):
        end = _HYPHENATED_END.search(current.text)
        if not end or not following.text:
            continue
        start = _WORD_START.match(following.text)
        if not start:
            continue
        first, second = end.group(1), start.group(1)
        if second[0].isupper() and not (first.isupper() and second.isupper()):
            continue  # "Dodd-" + "Frank": a real hyphen before a capital; keep the line break
        hyphenated = f"{first}-{second}".lower()
        joined_seen = vocabulary[(first + second).lower()] > 0
        keep_hyphen = not joined_seen and (
            vocabulary[hyphenated] > 0
            # both halves are words of this document ("long-term", "well-suited"), not syllables
            or (len(first) >= 3 and len(second) >= 3 and vocabulary[first.lower()] > 0 and vocabulary[second.lower()] > 0)
        )
        joined = first + ("-" if keep_hyphen else "") + second + start.group(2)
        current.text = current.text[: end.start()] + joined
        following.text = following.text[start.end():]


def _assemble(pages: list[list[_Line]]):
    """Join kept lines with newlines; record page spans, line spans and dropped text."""
    body: list[_Line] = []
    furniture: list[_Line] = []
    for page in pages:
        for line in page:
            line.text = _line_text(line)
            (furniture if line.furniture else body).append(line)
    _rejoin_hyphenated(body)

    parts: list[str] = []
    lines: list[LineSpan] = []
    dropped: list[DroppedSpan] = []
    page_spans: list[tuple[int, int]] = []
    offset = 0
    by_page: dict[int, list[_Line]] = {}
    for line in body:
        by_page.setdefault(line.page, []).append(line)
    furniture_by_page: dict[int, list[_Line]] = {}
    for line in furniture:
        furniture_by_page.setdefault(line.page, []).append(line)
    for page_number in range(1, len(pages) + 1):
        page_start = offset + (1 if parts else 0) if by_page.get(page_number) else offset
        for line in furniture_by_page.get(page_number, []):
            if line.text:
                dropped.append(DroppedSpan(text=line.text, offset=page_start, reason="furniture", page=page_number))
        for line in by_page.get(page_number, []):
            for index, struck in line.struck:
                where = offset + (1 if parts else 0) + _kept_offset(line, index)
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


def _kept_offset(line: _Line, index: int) -> int:
    """Map an offset in the line's raw kept characters to its normalised text (approximate)."""
    return min(index, len(line.text))
