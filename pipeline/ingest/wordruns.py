"""Page runs read a word at a time: pdfium geometry for the ends of words, not every character.

:func:`~pipeline.ingest.layout.page_runs` asks pdfium for the box and origin of every character:
two calls per character, which alone cost about as much again as pdfium's whole text
extraction. Yet the layout only ever decides things at the *ends* of words: a run is cut where
a character's baseline or position jumps away from the previous one, and a word is drawn by one
text object on one baseline with its glyphs one after another. :func:`page_runs_by_word` gives
the same runs, reading exactly

* the box and origin of the first and last character of each word (the cut test compares those
  with the neighbouring words, as the per-character reader does), the origin of each space, the
  angle at the start of each pdfium line;
* the union box of the word (``FPDFText_CountRects``/``GetRect``, one rectangle per text
  object): it proves the word is one text object, and gives the greatest right edge and top of
  its characters, which is all the layout reads of the characters inside a word (the extent of
  a run; an upper bound of the line height, see :meth:`PrintedLine.height_at_most`).

The characters inside a word get the word's values (right edge and top of the union box, the
first character's left edge and baseline) and their pdfium index, so the exact height of a line
can be read on demand (:func:`exact_chars`). Anything that does not fit goes back to the
per-character reading, word by word or for the whole page: a word over several text objects,
first and last characters on different baselines, a union box that does not contain them,
non-printing or combining characters and spacing accents (read one by one); pdfium lines set in
another direction (side tabs) are read per character and turned upright as there; a code point
pdfium splits sends the whole page back (``None``), as does (in the caller) a page whose main
text is not upright. Pages where strokes could
strike text out are read per character by the caller (strike-through is decided per character).

The one thing taken on trust inside a word is what makes it a word: pdfium's text extraction
itself inserts a space where glyphs of one text object stand apart, so no cut (a jump of more
than 20 pt back or 24 pt forward, or a baseline change) falls between two characters of a word.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata

from pipeline.ingest.layout import _SPACING_ACCENTS, _UPRIGHT, quarter_turns

#: A pdfium line break, a space, a word (no whitespace), or any other single character.
_TOKENS = re.compile(r"[\r\n]|[ \x00]|[^\s\x00]+|.", re.S)

_FUNCTIONS: dict = {}


def _functions(pdfium_c) -> dict:
    """pdfium's functions called through prototypes without argument conversion (about 40 %
    cheaper per call than pypdfium2's declared signatures; the arguments are already C values)."""
    if not _FUNCTIONS:
        for name, restype in (("FPDFText_GetCharBox", ctypes.c_int), ("FPDFText_GetCharOrigin", ctypes.c_int),
                              ("FPDFText_GetCharAngle", ctypes.c_float), ("FPDFText_CountRects", ctypes.c_int),
                              ("FPDFText_GetRect", ctypes.c_int)):
            address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
            _FUNCTIONS[name] = ctypes.CFUNCTYPE(restype)(address)
    return _FUNCTIONS


def _plain(word: str) -> bool:
    """Printing characters that are not combining marks or spacing accents."""
    if word.isascii():
        return word.isprintable()
    return word.isprintable() and not any(
        ch in _SPACING_ACCENTS or unicodedata.category(ch)[0] == "M" for ch in word)


class _Reader:
    """Raw per-character geometry of one text page, into one reused buffer."""

    def __init__(self, textpage, pdfium_c):
        functions = _functions(pdfium_c)
        self.handle = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.buffer = (ctypes.c_double * 6)()
        base = ctypes.addressof(self.buffer)
        self.p = [ctypes.c_void_p(base + 8 * k) for k in range(6)]
        self.box, self.origin = functions["FPDFText_GetCharBox"], functions["FPDFText_GetCharOrigin"]
        self.angle, self.count_rects = functions["FPDFText_GetCharAngle"], functions["FPDFText_CountRects"]
        self.rect = functions["FPDFText_GetRect"]

    def char(self, ch: str, index: int) -> tuple:
        """``(text, x0, x1, bottom, top, baseline, x1)`` as :func:`layout.page_runs` builds it."""
        p, b = self.p, self.buffer
        self.box(self.handle, index, p[0], p[1], p[2], p[3])
        self.origin(self.handle, index, p[4], p[5])
        return (ch, b[0], b[1], b[2], b[3], b[5], b[1])


def page_runs_by_word(textpage, pdfium_c, width: float = 612.0, height: float = 792.0) -> list | None:
    """The runs :func:`layout.page_runs` gives, with words as single entries, or ``None`` when
    the page must be read per character (see the module docstring). Words are read as words on
    upright pdfium lines only; lines in another direction (side tabs) per character, turned
    upright as there."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        return None
    reader = _Reader(textpage, pdfium_c)
    handle, p, b = reader.handle, reader.p, reader.buffer
    p0, p1, p2, p3, p4, p5 = p
    get_box, get_origin, count_rects, get_rect = reader.box, reader.origin, reader.count_rects, reader.rect
    runs: list = []
    current: list = []
    turns = -1
    turn = None
    last_baseline = last_x1 = None
    position = 0

    def close() -> None:
        nonlocal current
        while current and current[-1][0] == " ":
            current.pop()
        if current:
            runs.append((current, turns))
        current = []

    for token in _TOKENS.findall(text):
        start = position
        length = len(token)
        position += length
        if token == "\r" or token == "\n":
            close()
            last_baseline = None
            turns = -1
            continue
        if token == " " or token == "\x00":
            if current:
                get_origin(handle, start, p4, p5)
                x, y = b[4], b[5]
                if turns:
                    x, y = turn(x, y, width, height)
                current.append((" ", x, x, y, y, y, x))
            continue
        if turns < 0:
            turns = quarter_turns(reader.angle(handle, start))
            turn = _UPRIGHT[turns][0]
        word = None
        if length > 1 and not turns and _plain(token) and count_rects(handle, start, length) == 1:
            get_rect(handle, 0, p0, p1, p2, p3)
            left, top, right, bottom = b[0], b[1], b[2], b[3]
            get_box(handle, start, p0, p1, p2, p3)
            get_origin(handle, start, p4, p5)
            x0, top_first, baseline = b[0], b[3], b[5]
            end = start + length - 1
            get_box(handle, end, p0, p1, p2, p3)
            get_origin(handle, end, p4, p5)
            x1 = b[1]
            # one text object, one baseline, both ends inside its box: read it as a word
            if baseline == b[5] and left <= x0 and x1 <= right and top_first <= top and b[3] <= top:
                word = (token, x0, x1, bottom, top, baseline, right, start)
        if word is None:  # one character at a time, as layout.page_runs does
            for index, ch in enumerate(token, start):
                get_box(handle, index, p0, p1, p2, p3)
                get_origin(handle, index, p4, p5)
                if turns:  # text in another direction (a side tab): turned upright
                    xa, ya = turn(b[0], b[2], width, height)
                    xb, yb = turn(b[1], b[3], width, height)
                    x0, x1 = min(xa, xb), max(xa, xb)
                    char = (ch, x0, x1, min(ya, yb), max(ya, yb), turn(b[4], b[5], width, height)[1], x1)
                else:
                    char = (ch, b[0], b[1], b[2], b[3], b[5], b[1])
                if last_baseline is not None and (abs(char[5] - last_baseline) > 1.5
                                                  or not last_x1 - 20 <= char[1] <= last_x1 + 24):
                    close()
                last_x1, last_baseline = char[2], char[5]
                current.append(char)
            continue
        if last_baseline is not None and (abs(word[5] - last_baseline) > 1.5
                                          or not last_x1 - 20 <= word[1] <= last_x1 + 24):
            close()
        current.append(word)
        last_x1, last_baseline = word[2], word[5]
    close()
    return runs


def exact_chars(textpage, pdfium_c):
    """``chars -> chars``: word entries replaced by their characters with exact geometry, read
    again from ``textpage`` (for the line height, which is a median over characters)."""
    reader = _Reader(textpage, pdfium_c)

    def exact(chars: list) -> list:
        out: list = []
        for c in chars:
            if len(c) > 7:
                out.extend(reader.char(ch, c[7] + k) for k, ch in enumerate(c[0]))
            else:
                out.append(c)
        return out

    return exact
