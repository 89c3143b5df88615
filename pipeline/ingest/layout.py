"""PDF characters -> printed lines (the layout half of the PDF reader).

pypdfium2 gives each character's box, origin (baseline) and angle. :func:`page_runs` cuts the
page's characters into runs on one baseline, turning text set in another direction upright
first; :func:`group_lines` joins the runs on the same baseline into :class:`PrintedLine`
objects, top to bottom, and folds superscripts and stacked-fraction numerators into their line.
:func:`chars_text` turns characters into text (GPO's doubled quotes, separate accent glyphs
and fraction slashes undone); :func:`compact` keeps a line's text and the few positions the
document-level passes need, and lets the character boxes go.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from operator import itemgetter, sub
from dataclasses import dataclass, field

from pipeline.ingest import compiled
from pipeline.ingest.normalize import normalize_text

#: A character: ``(text, x0, x1, bottom, top, baseline, right)``, upright coordinates (y up);
#: ``right`` is the greatest right edge of the entry (``x1`` for one character, the origin for a
#: space). Pages read word by word (:mod:`.wordruns`) also have *word* entries: ``text`` is the
#: word, ``x0`` the left edge of its first character, ``x1`` the right edge of its last,
#: ``baseline`` that of its first, ``bottom``/``top``/``right`` its union box, and an eighth
#: value, the pdfium index of its first character. Code that counts characters uses
#: :func:`char_count`; code that needs every character's box calls ``PrintedLine.exact_chars``.
Char = tuple
_TEXT = itemgetter(0)
_RIGHT, _TOP, _BASELINE = itemgetter(6), itemgetter(4), itemgetter(5)


def char_count(chars: list) -> int:
    """Characters in a list of entries (characters or words)."""
    return sum(map(len, map(_TEXT, chars)))


def _visible_at_least(runs: list, n: int) -> bool:
    """Whether the runs hold at least ``n`` characters other than spaces (counting stops as
    soon as it is reached: most runs start with a word)."""
    seen = 0
    for chars in runs:
        for c in chars:
            if c[0] != " ":
                seen += len(c[0])
                if seen >= n:
                    return True
    return False

_SOFT_HYPHENS = {"\ufffe", "\x02", "\u00ad"}
#: Spacing accents that some bill fonts print as a separate glyph over the letter.
_SPACING_ACCENTS = {"\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c6": "\u0302", "\u02dc": "\u0303",
                    "\u00b8": "\u0327", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02da": "\u030a"}
_ACCENT = re.compile("[" + "".join(_SPACING_ACCENTS) + "]")


@dataclass
class PrintedLine:
    """One printed line on a page."""

    chars: list  # list[Char]
    baseline: float
    page: int  # 1-based
    number: int | None = None
    furniture: bool = False
    rotated: bool = False  # set in another direction than the page's main text
    turns: int = 0  # the page's main text direction (clockwise quarter turns)
    frame_height: float = 792.0  # page height in the upright frame of the text
    text: str = ""
    # filled when strike-through is removed: (index into kept text, struck text)
    struck: list = field(default_factory=list)
    _height: float | None = None
    moved: int = 0  # characters moved up to the previous line by hyphen rejoining
    # Filled by :func:`compact` once the page's geometry work is done, so that a long PDF does
    # not keep every character's box in memory until the document-level passes:
    lead: tuple | None = None  # margin-number candidate: (number, x0, x1, index after it)
    start_x: float = 0.0  # where the line's first character starts
    after_x: float | None = None  # where the text after the leading number starts
    # text of the whole line and after the leading number: joined by :func:`compact`, finished
    # (normalised) only when asked for (a numbered line never needs its whole text)
    _full_raw: str = ""
    _full_text: str | None = None
    _rest_raw: str = ""
    _rest_text: str | None = None
    n_chars: int = 0
    n_unmapped: int = 0
    # Lines read word by word (:mod:`.wordruns`): ``chars -> chars`` with exact geometry inside
    # words, while the page is open; ``None`` once compacted or when every char is exact.
    exact_chars: object = None

    @property
    def full_text(self) -> str:
        if self._full_text is None:
            self._full_text = _finish_line_text(self._full_raw)
        return self._full_text

    @full_text.setter
    def full_text(self, text: str) -> None:
        self._full_text = text

    @property
    def rest_text(self) -> str:
        if self._rest_text is None:
            self._rest_text = _finish_line_text(self._rest_raw)
        return self._rest_text

    @property
    def height(self) -> float:
        """Median height of the characters above the baseline (about the cap height)."""
        if self._height is None:
            chars = self.chars if self.exact_chars is None else self.exact_chars(self.chars)
            tops = sorted(c[4] - c[5] for c in chars if c[0] != " " and c[4] > c[5])
            self._height = tops[len(tops) // 2] if tops else 8.0  # median (upper)
        return self._height

    def height_at_most(self) -> float:
        """:attr:`height`, or for a line read word by word a bound it cannot exceed, without
        reading the characters inside words: their tops are the top of their word's box."""
        if self._height is not None or self.exact_chars is None:
            return self.height
        # (a space's top is its baseline: 0.0, which cannot change the result with 8.0 in it)
        return max(8.0, max(map(sub, map(_TOP, self.chars), map(_BASELINE, self.chars)), default=8.0))


#: Quarter turns (clockwise, as pdfium reports character angles) -> the map from page
#: coordinates to an upright frame ``(x, y) -> (x', y')`` given page width W and height H,
#: and the frame's height. Turning the text back lets one line builder serve every direction.
_UPRIGHT = {
    0: (lambda x, y, w, h: (x, y), lambda w, h: h),
    1: (lambda x, y, w, h: (h - y, x), lambda w, h: w),
    2: (lambda x, y, w, h: (w - x, h - y), lambda w, h: h),
    3: (lambda x, y, w, h: (y, w - x), lambda w, h: w),
}


def upright_transform(turns: int, width: float, height: float):
    """``(x, y) -> (x', y')`` into the upright frame of text set ``turns`` quarter turns
    clockwise, or ``None`` for upright pages."""
    if not turns:
        return None
    turn = _UPRIGHT[turns][0]
    return lambda x, y: turn(x, y, width, height)


def quarter_turns(angle: float) -> int:
    """pdfium's clockwise character angle (radians) rounded to quarter turns 0-3."""
    return round(angle / (math.pi / 2)) % 4


def page_runs(textpage, pdfium_c, width: float = 612.0, height: float = 792.0) -> list[tuple[list[Char], int]]:
    """Characters in pdfium's order, cut into runs at its line breaks and baseline changes.

    Returns ``[(chars, turns)]``: ``turns`` is the text direction in clockwise quarter turns,
    and the coordinates of the chars are already turned upright. Generated line breaks are
    dropped; generated spaces kept. This loop is the hot path of PDF reading: two pdfium calls
    per character for upright text.
    """
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # surrogate pairs: fall back to one code point per char index
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
    handle = textpage.raw
    library = compiled.library()
    if library is not None:  # the same runs, read in C (plainlines.c)
        return library.page_runs(compiled.pdfium_table(), ctypes.cast(handle, ctypes.c_void_p), text,
                                 text.encode("utf-32-le", "surrogatepass"), 0, n, width, height)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_box, get_origin, get_angle = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetCharAngle
    runs: list[tuple[list[Char], int]] = []
    current: list[Char] = []
    turns = -1  # direction of the current pdfium line, read at its first visible character
    turn = None
    last_baseline = last_x1 = None

    def close() -> None:
        nonlocal current
        while current and current[-1][0] == " ":
            current.pop()
        if current:
            runs.append((current, turns))
        current = []

    for i, ch in enumerate(text):
        if ch == "\r" or ch == "\n":
            close()
            last_baseline = None
            turns = -1
            continue
        get_origin(handle, i, ox, oy)
        if ch == " " or ch == "\x00":
            if current:
                x, y = (ox.value, oy.value) if not turns else turn(ox.value, oy.value, width, height)
                current.append((" ", x, x, y, y, y, x))
            continue
        get_box(handle, i, left, right, bottom, top)
        if turns < 0:
            turns = quarter_turns(get_angle(handle, i))
            turn = _UPRIGHT[turns][0]
        if turns:  # rare: turn the box and origin upright
            xa, ya = turn(left.value, bottom.value, width, height)
            xb, yb = turn(right.value, top.value, width, height)
            x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
            _, baseline = turn(ox.value, oy.value, width, height)
        else:
            x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
            baseline = oy.value
        # a new run at a baseline change, a jump back, or a wide jump forward (pdfium sometimes
        # chains a margin number to text far along the same baseline, past other runs)
        if last_baseline is not None and (abs(baseline - last_baseline) > 1.5 or not last_x1 - 20 <= x0 <= last_x1 + 24):
            close()
        last_x1 = x1
        current.append((ch, x0, x1, y0, y1, baseline, x1))
        last_baseline = baseline
    close()
    return runs


def group_lines(runs: list[tuple[list[Char], int]], page: int, width: float = 612.0, height: float = 792.0) -> list[PrintedLine]:
    """Runs on the same baseline become one printed line, ordered top to bottom, left to right.

    The page's main direction is the one most characters are set in (upright on all but
    landscape pages); text in other directions (side tabs) is furniture.
    """
    main = _main_direction(runs)
    frame_height = _UPRIGHT[main][1](width, height)
    lines: list[PrintedLine] = []
    for chars, turns in runs:
        if turns != main:
            lines.append(PrintedLine(chars=chars, baseline=chars[0][5], page=page, rotated=True, furniture=True))
    upright = [chars for chars, turns in runs if turns == main]
    page_width = _UPRIGHT[main][1](height, width)  # the frame's width
    groups: list[list[list[Char]]] = []
    for block in reading_blocks(upright, page_width):
        groups.extend(_attach_raised(_baseline_groups(block)))
    for group in groups:
        group.sort(key=lambda chars: chars[0][1])
        merged: list[Char] = list(group[0])
        for chars in group[1:]:
            gap = chars[0][1] - merged[-1][2]
            if gap > 1.0 and merged[-1][0] != " " and chars[0][0] != " ":
                merged.append((" ", merged[-1][2], chars[0][1], chars[0][5], chars[0][5], chars[0][5], chars[0][1]))
            merged.extend(chars)
        lines.append(PrintedLine(chars=merged, baseline=group[0][0][5], page=page, turns=main, frame_height=frame_height))
    return lines


def _main_direction(runs: list[tuple[list[Char], int]]) -> int:
    """The direction most characters are set in (the first seen of equal counts). Counted
    upright text stops as soon as it outnumbers the other directions: those are a few side
    tabs on most pages, the upright text thousands of characters."""
    others = Counter()
    for chars, turns in runs:
        if turns:
            others[turns] += char_count(chars)
    most_other = max(others.values(), default=0)
    upright = 0
    for chars, turns in runs:
        if not turns:
            upright += char_count(chars)
            if upright > most_other:
                return 0
    counts = Counter()  # (upright text does not outnumber the rest: counted in full)
    for chars, turns in runs:
        counts[turns] += char_count(chars)
    return counts.most_common(1)[0][0] if counts else 0


def _baseline_groups(runs: list[list[Char]]) -> list[list[list[Char]]]:
    """Runs on (almost) the same baseline, top to bottom."""
    runs = sorted(runs, key=lambda chars: (-chars[0][5], chars[0][1]))
    groups: list[list[list[Char]]] = []
    for chars in runs:
        if groups and abs(groups[-1][0][0][5] - chars[0][5]) <= 2.0:
            groups[-1].append(chars)
        else:
            groups.append([chars])
    return groups


def _extent(chars: list[Char]) -> tuple[float, float]:
    return chars[0][1], max(map(_RIGHT, chars))


def reading_blocks(runs: list[list[Char]], page_width: float) -> list[list[list[Char]]]:
    """Runs in reading order: the whole page as one block, or, on a page set in two columns,
    each stretch between full-width lines as its left column followed by its right column.

    Two columns are recognised conservatively: a gutter (an x band at least 8 pt wide in the
    middle 30-70 % of the page that no column-width run crosses) with at least a quarter of
    the characters and five lines on each side, at most 40 % of the characters in full-width
    lines, and most left-column lines running up to the gutter (text set in a column fills it;
    a table's label column does not).
    """
    if len(runs) < 10:
        return [runs]
    gutter = _find_gutter(runs, page_width)
    if gutter is None:
        return [runs]
    left_edge, right_edge = gutter
    blocks: list[list[list[Char]]] = []
    left: list[list[Char]] = []
    right: list[list[Char]] = []
    for chars in sorted(runs, key=lambda chars: -chars[0][5]):
        x0, x1 = _extent(chars)
        if x1 <= left_edge:
            left.append(chars)
        elif x0 >= right_edge:
            right.append(chars)
        else:  # a full-width line (title, heading) closes the columns above it
            if left or right:
                blocks.extend(block for block in (left, right) if block)
                left, right = [], []
            blocks.append([chars])
    blocks.extend(block for block in (left, right) if block)
    return blocks


def _find_gutter(runs: list[list[Char]], page_width: float) -> tuple[float, float] | None:
    extents = [(*_extent(chars), chars) for chars in runs if _visible_at_least((chars,), 2)]
    if len(extents) < 10:
        return None
    low, high = 0.3 * page_width, 0.7 * page_width
    # free x positions in the middle of the page, at 1 pt resolution
    covered = bytearray(int(high - low) + 1)
    for x0, x1, _ in extents:
        if x1 - x0 > 0.5 * page_width:
            continue  # a full-width title or heading: it may cross the gutter
        a, b = max(int(x0 - low), 0), min(int(x1 - low) + 1, len(covered))
        if a < b:
            covered[a:b] = b"\x01" * (b - a)
    best = None
    start = None
    for i, flag in enumerate(bytes(covered) + b"\x01"):
        if not flag and start is None:
            start = i
        elif flag and start is not None:
            if i - start >= 8 and (best is None or i - start > best[1] - best[0]):
                best = (start, i)
            start = None
    if best is None:
        return None
    left_edge, right_edge = low + best[0], low + best[1]
    left = [extent for extent in extents if extent[1] <= left_edge]
    right = [extent for extent in extents if extent[0] >= right_edge]
    if len(left) < 5 or len(right) < 5:
        return None
    total = sum(char_count(chars) for chars in runs)
    crossing = sum(char_count(chars) for x0, x1, chars in extents if x0 < right_edge and x1 > left_edge)
    if crossing > 0.4 * total:
        return None  # mostly full-width text: one column with a few short lines
    if sum(char_count(c) for *_, c in left) < 0.25 * total or sum(char_count(c) for *_, c in right) < 0.25 * total:
        return None
    column = left_edge - min(x0 for x0, _, _ in left)
    filled = sum(1 for _, x1, _ in left if x1 >= left_edge - 0.15 * column)
    if filled < 0.5 * len(left):
        return None
    return left_edge, right_edge


def _attach_raised(groups: list[list[list[Char]]]) -> list[list[list[Char]]]:
    """Fold superscripts and stacked-fraction numerators (a few characters just above or below
    a line, within its horizontal extent) into that line."""
    if len(groups) < 2:
        return groups
    small = []
    for index, group in enumerate(groups):
        small.append(not _visible_at_least(group, 4))
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


def chars_text(chars: list) -> str:
    """The characters as a string: accents composed, GPO's doubled quotes made double quotes."""
    return _finish_line_text(_joined_text(chars))


def _joined_text(chars: list, text: str | None = None) -> str:
    """The characters joined, spacing accents composed onto their letter (not yet finished);
    ``text``: the characters already joined."""
    if text is None:
        text = "".join([c[0] for c in chars])
    if not _ACCENT.search(text):
        return text
    out: list[str] = []
    for k, c in enumerate(chars):
        ch = c[0]
        if ch in _SPACING_ACCENTS and out:
            combining = _SPACING_ACCENTS[ch]
            # The accent glyph is drawn over the previous letter (or the next one).
            # (neighbours may be words: their last / first character is the neighbour)
            prev, nxt = chars[k - 1], chars[k + 1] if k + 1 < len(chars) else None
            if prev[0][-1].isalpha() and prev[2] >= c[1] - 0.5:
                out.append(combining)
                continue
            if nxt is not None and nxt[0][0].isalpha() and nxt[1] <= c[2] + 0.5:
                out.append("\x01" + combining)  # attach after the next letter below
                continue
        out.append(ch)
    text = "".join(out)
    text = re.sub("\x01(.)(.)", lambda m: m.group(2) + m.group(1), text)
    return text.replace("\x01", "")


def _finish_line_text(text: str) -> str:
    if text.isascii() and text.isprintable() and "  " not in text:
        # (most lines: no quote, dash, soft hyphen, control or double space to normalise, so
        # everything below would only strip the ends)
        return text.strip()
    return _normalised_line_text(text)


def _normalised_line_text(text: str) -> str:
    text = text.replace("\u2018\u2018", "\u201c").replace("\u2019\u2019", "\u201d")
    text = text.replace("\u2044", "/")  # stacked fractions: 1\u20445 -> 1/5, as the XML writes them
    for mark in _SOFT_HYPHENS:
        text = text.replace(mark, "-")
    return normalize_text(text).strip().replace("\n", " ")


#: Private-use code points and U+FFFD: glyphs whose font has no usable Unicode mapping.
_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd]")


def compact(line: PrintedLine, leading_number) -> None:
    """Keep what the document-level passes need and let go of the character boxes.

    ``leading_number(line)`` finds a margin-number candidate (see :mod:`.furniture`). Lines
    with struck text keep their characters: the dropped spans' offsets are computed from them.
    """
    chars = line.chars
    if line.exact_chars is None:
        line.height  # computed and cached while the boxes are here
    joined = "".join([c[0] for c in chars])
    line.n_chars = len(joined)
    line.n_unmapped = 0 if joined.isascii() else len(_UNMAPPED.findall(joined))
    line.start_x = chars[0][1] if chars else 0.0
    line._full_raw = _joined_text(chars, joined)
    line.lead = leading_number(line) if chars else None
    if line.lead:
        after = line.lead[3]
        line.after_x = chars[after][1] if after < len(chars) else None
        if line._full_raw is joined:  # (no spacing accent to compose: the rest is a slice)
            line._rest_raw = joined[sum(len(c[0]) for c in chars[:after]):]
        else:
            line._rest_raw = _joined_text(chars[after:])
    line.exact_chars = None  # (the text page is closed after this)
    if not line.struck:
        line.chars = []
