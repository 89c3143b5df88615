"""Margin line numbers and page furniture of printed bills.

* :func:`mark_line_numbers`: a column of small numbers left of the text, well clear of it and
  aligned on one edge across the document, is the printed line numbering: it is taken off the
  lines and kept as ``PrintedLine.number``.
* :func:`mark_furniture`: lines in the top or bottom tenth of the page that recur on other
  pages once digits are ignored (running heads, "VerDate ... Jkt ..." slugs) and bare page
  numbers there. No list of phrases: repetition and position decide.
"""

from __future__ import annotations

import re

from pipeline.ingest.layout import PrintedLine

_PAGE_NUMBER = re.compile(r"^(page\s+)?[-\u2013\u2014]?\s*[0-9]+\s*[-\u2013\u2014]?(\s+of\s+\d+)?$", re.I)
#: Fraction of the page height treated as the head and foot bands for furniture.
_BAND = 0.1


def leading_number(line: PrintedLine) -> tuple[int, float, float, int] | None:
    """``(number, x0, x1, index after it)`` when the line starts with a number set well apart.

    ``line.chars`` may hold words (:mod:`.wordruns`): the index is that of an entry, and a word
    that starts with digits and goes on with other characters is a number glued to text.
    """
    chars = line.chars
    i = k = 0  # digits, entries holding them
    while k < len(chars) and chars[k][0].isdigit():
        i += len(chars[k][0])
        k += 1
    if k < len(chars) and chars[k][0][0].isdigit():
        return None  # digits then letters in one word ("2010,"): text, not a margin number
    if i == 0 or i > 3:
        return None
    j = k
    while j < len(chars) and chars[j][0] == " ":
        j += 1
    if j == k and j < len(chars):  # no space: "2010," is text, not a margin number
        return None
    x1 = chars[k - 1][2]
    if j < len(chars):
        gap = chars[j][1] - x1
        # an ordinary word space: the number is part of the text (the cheap bound decides
        # most margin numbers; the exact height only when it cannot)
        if gap < 0.6 * line.height_at_most() and gap < 0.6 * line.height:
            return None
    return int("".join(c[0] for c in chars[:k])), chars[0][1], x1, j


def mark_line_numbers(pages: list[list[PrintedLine]]) -> None:
    """Find the margin column of line numbers (aligned edges, document-wide) and strip it.

    Works on compacted lines (:func:`~pipeline.ingest.layout.compact`): ``line.lead`` holds the
    candidate number found while the character boxes were still there.
    """
    candidates = [(line, line.lead) for page in pages for line in page
                  if not line.furniture and line.lead and line.after_x is not None]
    if len(candidates) < 3:
        return
    # Margin numbers stand left of where the text of every line around them begins; a table
    # whose first column holds small numbers starts at the text's left edge and is left alone.
    by_page: dict[int, list] = {}
    for line, found in candidates:
        by_page.setdefault(line.page, []).append((line, found))
    kept = []
    for page in pages:
        numbered = by_page.get(page[0].page, []) if page else []
        if not numbered:
            continue
        # the numbered stretch of the page and a line and a half around it (a table's heading)
        baselines = sorted(line.baseline for line, _ in numbered)
        gaps = sorted(b - a for a, b in zip(baselines, baselines[1:]) if b - a > 1.0)
        pitch = gaps[len(gaps) // 2] if gaps else 24.0
        low, high = baselines[0] - 1.5 * pitch, baselines[-1] + 1.5 * pitch
        ids = {id(line) for line, _ in numbered}
        starts = [line.after_x for line, _ in numbered]
        starts += [line.start_x for line in page
                   if id(line) not in ids and not line.furniture and line.n_chars and low <= line.baseline <= high]
        body_left = min(starts)
        kept += [(line, found) for line, found in numbered if found[2] < body_left - 2.0]
    candidates = kept
    if len(candidates) < 3:
        return
    # Numbers are right- or left-aligned in a column; keep the edge most candidates share
    # (within 3 pt: glyph ink boxes of "1" and "8" differ a little).
    best = (0, 2, 0.0)  # (votes, edge index, edge position)
    for edge_index in (2, 1):
        positions = sorted(found[edge_index] for _, found in candidates)
        start = 0
        for end, position in enumerate(positions):
            while position - positions[start] > 3.0:
                start += 1
            if end - start + 1 > best[0]:
                best = (end - start + 1, edge_index, (positions[start] + position) / 2)
    votes, edge_index, edge = best
    if votes < 3:
        return
    for line, (number, x0, x1, after) in candidates:
        position = x1 if edge_index == 2 else x0
        if abs(position - edge) <= 3.0:
            line.number = number
            line.full_text = line.rest_text
            if line.chars:  # kept for struck text: index from the new line start
                line.chars = line.chars[after:]
                line.struck = [(max(index - after, 0), text) for index, text in line.struck]


def _line_key(line: PrintedLine) -> str:
    text = line.full_text
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def mark_furniture(pages: list[list[PrintedLine]]) -> None:
    """Running heads/footers (repeat across pages, digits ignored) and page numbers in the bands."""
    in_band = []
    for page in pages:
        for line in page:
            if line.furniture or line.number is not None:
                continue
            if line.baseline <= _BAND * line.frame_height or line.baseline >= (1 - _BAND) * line.frame_height:
                in_band.append(line)
    pages_with_key: dict[str, set[int]] = {}
    for line in in_band:
        pages_with_key.setdefault(_line_key(line), set()).add(line.page)
    min_pages = max(2, int(0.3 * len(pages)))
    for line in in_band:
        key = _line_key(line)
        if len(pages_with_key[key]) >= min_pages or _PAGE_NUMBER.match(key.replace("#", "1")):
            line.furniture = True
