"""Page runs read a word at a time: pdfium geometry for the ends of words, not every character.

:func:`~pipeline.ingest.layout.page_runs` asks pdfium for the box and origin of every character:
two calls per character, which alone cost several times pdfium's whole text extraction. Yet the
layout only decides things at the *ends* of words: a run is cut where a character's baseline or
position jumps away from the previous one, and a word of one text object is drawn on one
baseline with its glyphs one after another. :func:`page_runs_by_word` gives the same runs,
reading

* per pdfium line, its text objects (``FPDFText_CountRects``: one rectangle per object; the
  whole line first, else by bisection, a lone first word such as a margin number asked first),
  and per object its union box (``GetRect``) and the origin of its first and last character
  (one baseline, else the line is read per character); the angle at the line's start;
* per word the box of its first and last character (the cut test compares those with the
  neighbouring words exactly as the per-character reader does); per space its origin.

A word is one entry of its run: ``(text, x0, x1, bottom, top, baseline, right, index)`` with the
left edge of its first character, the right edge of its last, the object's box (``right`` is the
greatest right edge, all the column test reads; ``top`` bounds the line height, see
:meth:`PrintedLine.height_at_most`) and the pdfium index of its first character, so the exact
characters can be read again on demand (:func:`exact_chars`). Anything that does not fit is read
per character as before: a word over several objects, non-printing, combining and
spacing-accent characters, a run cut inside an object, lines set in another direction (side
tabs, turned upright as there); a code point pdfium splits sends the whole page back (``None``),
as do (in the caller) a page whose main text is not upright and a page whose drawing has strokes
(strike-through is decided per character).

The one thing taken on trust inside a word is what makes it a word: pdfium's text extraction
itself inserts a space where glyphs of one text object stand apart, so no cut (a jump of more
than 20 pt back or 24 pt forward, or a baseline change) falls between two characters of a word
of one object.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata

from pipeline.ingest import compiled
from pipeline.ingest.layout import _SPACING_ACCENTS, _UPRIGHT, quarter_turns

_ASCII = re.compile(r"[\x00-\x7f]+")
#: A pdfium line (between its line breaks).
_LINE = re.compile(r"[^\r\n]+")
#: In a line: a space, a word (no whitespace), or any other single character.
_TOKENS = re.compile(r"[ \x00]|[^\s\x00]+|.", re.S)

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
    """Printing characters that are not combining marks or spacing accents (pdfium's
    U+FFFE, the hyphen it prints at a soft line break, counts as printing)."""
    if word.isascii():
        return word.isprintable()
    if "\ufffe" in word:
        word = word.replace("\ufffe", "-")
    return word.isprintable() and not any(
        ch in _SPACING_ACCENTS or unicodedata.category(ch)[0] == "M" for ch in _ASCII.sub("", word))


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

    def union(self, start: int, count: int) -> tuple[float, float, float, float]:
        """``(left, top, right, bottom)`` of the first pdfium rectangle of a character range."""
        p, b = self.p, self.buffer
        self.count_rects(self.handle, start, count)
        self.rect(self.handle, 0, p[0], p[1], p[2], p[3])
        return b[0], b[1], b[2], b[3]

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
    lines = [(match.group(), match.start()) for match in _LINE.finditer(text)]  # a break always ends a run
    plain = [_plain(line) for line, _ in lines]
    library = compiled.library()  # None: every line read here, in Python
    codes = None if library is None else text.encode("utf-32-le", "surrogatepass")
    read = None if library is None else _compiled_plain_lines(library, reader, text, codes, lines, plain)
    runs: list = []
    for k, (line, position) in enumerate(lines):
        if plain[k]:
            if read is not None:
                if read[k] is not None:
                    runs.extend(read[k])
                    continue
            elif _plain_line_runs(reader, line, position, runs):
                continue
        if library is not None and _turns_at_start(reader, line, position):
            # a line in another direction (a side tab) has no words to read: every character
            # read on its own, which is what layout.page_runs does (in C) for this stretch
            runs.extend(library.page_runs(compiled.pdfium_table(), reader.handle, text, codes,
                                          position, position + len(line), width, height))
            continue
        _general_line_runs(reader, line, position, width, height, runs)
    return runs


def _turns_at_start(reader: _Reader, line: str, position: int) -> int:
    """The direction of a line's first visible character (0 for a line of spaces)."""
    blank = len(line) - len(line.lstrip(" \x00"))
    return 0 if blank == len(line) else quarter_turns(reader.angle(reader.handle, position + blank))


def _compiled_plain_lines(library, reader: _Reader, text: str, codes: bytes, lines: list, plain: list) -> list:
    """Per line, the runs :func:`_plain_line_runs` gives it, read by the compiled reader
    (``plainlines.c``, every plain line of the page in one call; ``codes``: the text as
    UTF-32): ``None`` for a line that is not plain or does not check out, ``[]`` for one of
    spaces only."""
    read: list = [None] * len(lines)
    spans: list[int] = []  # (start, end) of each line given to the compiled reader, stripped
    asked: list[int] = []  # those lines, in order
    for k, (line, position) in enumerate(lines):
        if plain[k]:
            stripped = line.lstrip(" ")
            if not stripped:
                read[k] = []  # spaces only
                continue
            start = position + len(line) - len(stripped)
            spans += (start, start + len(stripped.rstrip(" ")))
            asked.append(k)
    if not asked:
        return read
    runs = library.plain_lines(compiled.pdfium_table(), reader.handle, text, codes, len(text),
                               (ctypes.c_int * len(spans))(*spans), len(asked))
    for k, line_runs in zip(asked, runs):
        read[k] = line_runs  # (None: read in general)
    return read


def _general_line_runs(reader: _Reader, line: str, position: int, width: float, height: float, runs: list) -> None:
    """A line that is not plain (or did not check out as plain): words where they are one text
    object, anything else per character."""
    handle, b = reader.handle, reader.buffer
    p0, p1, p2, p3, p4, p5 = reader.p
    get_box, get_origin = reader.box, reader.origin
    tokens = _TOKENS.findall(line)
    starts = []
    for token in tokens:
        starts.append(position)
        position += len(token)
    visible = [k for k, token in enumerate(tokens) if token != " " and token != "\x00"]
    if not visible:
        return
    first_visible, last_visible = visible[0], visible[-1]
    turns = quarter_turns(reader.angle(handle, starts[first_visible]))
    entries: list = [None] * len(tokens)  # one entry, or a list of character entries per token
    # leading spaces are dropped and trailing ones stripped, as layout.page_runs does
    for k in range(first_visible + 1, last_visible):
        if tokens[k] == " " or tokens[k] == "\x00":
            get_origin(handle, starts[k], p4, p5)
            x, y = b[4], b[5]
            if turns:
                x, y = _UPRIGHT[turns][0](x, y, width, height)
            entries[k] = (" ", x, x, y, y, y, x)
    words = [] if turns else [k for k in visible if _plain(tokens[k])]
    groups = _groups(reader, tokens, starts, words)
    for group in groups:
        _read_group(reader, tokens, starts, group, entries)
    for k in visible:
        if entries[k] is None:
            entries[k] = _chars(reader, tokens[k], starts[k], turns, width, height)
    # cut into runs where layout.page_runs cuts (words are cut around, never inside)
    cuts = _cuts(entries, first_visible, last_visible)
    dirty = [group for group in groups if any(cuts.get(k) for k in group[1:])]
    if dirty:  # a run ends inside a text object: each word gets its own box after all
        for group in dirty:
            for k in group:
                entry = entries[k]
                if len(entry) == 8:
                    left, top, right, bottom = reader.union(starts[k], len(tokens[k]))
                    entries[k] = entry[:3] + (bottom, top) + entry[5:6] + (right, entry[7])
    current: list = []
    for k in range(first_visible, last_visible + 1):
        entry = entries[k]
        if entry is None:
            continue
        if isinstance(entry, list):
            for index, char in enumerate(entry):
                if cuts.get((k, index)):
                    _close(current, runs, turns)
                    current = []
                current.append(char)
            continue
        if cuts.get(k):
            _close(current, runs, turns)
            current = []
        current.append(entry)
    _close(current, runs, turns)


def _plain_line_runs(reader: _Reader, line: str, position: int, runs: list) -> bool:
    """The common case in one pass: an upright line of printing words and spaces, its text
    objects found by bisection (one object, or a margin number then the line, or two printed
    lines that pdfium chained at a soft hyphen...). ``False`` (nothing appended) when the line
    does not check out; :func:`_general_line_runs` then reads it."""
    stripped = line.lstrip(" ")
    if not stripped:
        return True
    handle, b = reader.handle, reader.buffer
    p0, p1, p2, p3, p4, p5 = reader.p
    get_box, get_origin, count = reader.box, reader.origin, reader.count_rects
    start = position + len(line) - len(stripped)
    stripped = stripped.rstrip(" ")
    end = start + len(stripped)  # one past the last visible character
    if quarter_turns(reader.angle(handle, start)):
        return False
    words = stripped.split(" ")
    starts = []  # pdfium index of each word ("" for the second of two spaces)
    index = start
    for word in words:
        starts.append(index)
        index += len(word) + 1
    present = [k for k, word in enumerate(words) if word]
    # the text objects: longest stretches of words that are one pdfium rectangle
    boxes = []  # per object: left, top, right, bottom, baseline
    object_of: dict[int, int] = {}  # word -> its object (absent: read per character)
    i = 0
    while i < len(present):
        first = starts[present[i]]
        counted = None  # the range pdfium's rectangles were last computed for
        if count(handle, first, end - first) == 1:
            last = len(present) - 1
            counted = end
        else:
            if count(handle, first, len(words[present[i]])) != 1:
                i += 1  # a word over several objects ("Representa-2" chained by pdfium)
                continue
            counted = first + len(words[present[i]])
            low, high = i, len(present) - 2
            # a word alone (a margin number before its line) is the common case: ask that first
            if low < high:
                k = present[low + 1]
                if count(handle, first, starts[k] + len(words[k]) - first) == 1:
                    low = low + 1
                    counted = starts[k] + len(words[k])
                else:
                    high = low
                    counted = None
            while low < high:
                middle = (low + high + 1) // 2
                k = present[middle]
                if count(handle, first, starts[k] + len(words[k]) - first) == 1:
                    low = middle
                    counted = starts[k] + len(words[k])
                else:
                    high = middle - 1
                    counted = None
            last = low
        k = present[last]
        stop = starts[k] + len(words[k])
        if counted != stop:
            count(handle, first, stop - first)
        reader.rect(handle, 0, p0, p1, p2, p3)
        box = (b[0], b[1], b[2], b[3])
        get_origin(handle, first, p4, p5)
        baseline = b[5]
        get_origin(handle, stop - 1, p4, p5)
        if b[5] != baseline:
            return False
        for j in range(i, last + 1):
            object_of[present[j]] = len(boxes)
        boxes.append(box + (baseline,))
        i = last + 1
    entries: list = []
    cut_inside = False
    cuts: list = []
    current_object = -1
    last_x1 = last_baseline = None
    for k, word in enumerate(words):
        index = starts[k]
        if not word:  # a second space in a row
            get_origin(handle, index, p4, p5)
            x, y = b[4], b[5]
            entries.append((" ", x, x, y, y, y, x))
            continue
        length = len(word)
        object_index = object_of.get(k, -1)
        if object_index < 0:  # per character, as layout.page_runs reads it
            for char in _chars(reader, word, index, 0, 0.0, 0.0):
                if last_x1 is not None and (abs(char[5] - last_baseline) > 1.5 or not last_x1 - 20 <= char[1] <= last_x1 + 24):
                    cuts.append(len(entries))
                entries.append(char)
                last_x1, last_baseline = char[2], char[5]
            current_object = -1
        else:
            switched = object_index != current_object
            if switched:
                left, top, right, bottom, baseline = boxes[object_index]
                current_object = object_index
            get_box(handle, index, p0, p1, p2, p3)
            x0, x1, top_first = b[0], b[1], b[3]
            if length > 1:
                get_box(handle, index + length - 1, p0, p1, p2, p3)
                x1 = b[1]
            if not (left <= x0 and x1 <= right and top_first <= top and b[3] <= top):
                return False
            if last_x1 is not None and (abs(baseline - last_baseline) > 1.5 or not last_x1 - 20 <= x0 <= last_x1 + 24):
                cuts.append(len(entries))
                cut_inside = cut_inside or not switched
            entries.append((word, x0, x1, bottom, top, baseline, right, index))
            last_x1, last_baseline = x1, baseline
        if k + 1 < len(words):  # the space after the word
            get_origin(handle, index + length, p4, p5)
            x, y = b[4], b[5]
            entries.append((" ", x, x, y, y, y, x))
    if cut_inside:
        return False  # a run ends inside a text object: words need boxes of their own
    previous = 0
    for cut in cuts + [len(entries)]:
        _close(entries[previous:cut], runs, 0)
        previous = cut
    return True


def _close(current: list, runs: list, turns: int) -> None:
    while current and current[-1][0] == " ":
        current.pop()
    if current:
        runs.append((current, turns))


def _cuts(entries: list, first: int, last: int) -> dict:
    """Where a new run starts: ``{token: True}`` before a word, ``{(token, i): True}`` before a
    character read on its own (the test of :func:`layout.page_runs`)."""
    cuts: dict = {}
    last_x1 = last_baseline = None
    for k in range(first, last + 1):
        entry = entries[k]
        if entry is None or (not isinstance(entry, list) and entry[0] == " "):
            continue
        if isinstance(entry, list):
            for index, char in enumerate(entry):
                if last_baseline is not None and (abs(char[5] - last_baseline) > 1.5
                                                  or not last_x1 - 20 <= char[1] <= last_x1 + 24):
                    cuts[(k, index)] = True
                last_x1, last_baseline = char[2], char[5]
            continue
        if last_baseline is not None and (abs(entry[5] - last_baseline) > 1.5
                                          or not last_x1 - 20 <= entry[1] <= last_x1 + 24):
            cuts[k] = True
        last_x1, last_baseline = entry[2], entry[5]
    return cuts


def _groups(reader: _Reader, tokens: list, starts: list, words: list) -> list[list[int]]:
    """Words that are one text object together (one pdfium rectangle), in order: the rest of
    the line when it is one object, else the word alone (a margin number before its line)."""
    groups: list[list[int]] = []
    count = reader.count_rects
    handle = reader.handle
    i = 0
    while i < len(words):
        # a run of consecutive plain words (no other token between them but spaces)
        j = i + 1
        while j < len(words) and all(tokens[k] == " " or tokens[k] == "\x00" for k in range(words[j - 1] + 1, words[j])):
            j += 1
        stretch = words[i:j]
        while stretch:
            first, last = stretch[0], stretch[-1]
            span = starts[last] + len(tokens[last]) - starts[first]
            if len(stretch) > 1 and count(handle, starts[first], span) == 1:
                groups.append(stretch)
                break
            if count(handle, starts[first], len(tokens[first])) == 1:
                groups.append([first])
            stretch = stretch[1:]
        i = j
    return groups


def _read_group(reader: _Reader, tokens: list, starts: list, group: list[int], entries: list) -> None:
    """Word entries for the words of one text object; words that do not check out are left
    for the per-character reading."""
    handle, b = reader.handle, reader.buffer
    p0, p1, p2, p3, p4, p5 = reader.p
    get_box, get_origin = reader.box, reader.origin
    first, last = group[0], group[-1]
    start, end = starts[first], starts[last] + len(tokens[last]) - 1
    reader.count_rects(handle, start, end + 1 - start)
    reader.rect(handle, 0, p0, p1, p2, p3)
    left, top, right, bottom = b[0], b[1], b[2], b[3]
    get_origin(handle, start, p4, p5)
    baseline = b[5]
    if end != start:
        get_origin(handle, end, p4, p5)
        if b[5] != baseline:
            return  # not one baseline: per character
    for k in group:
        token, index = tokens[k], starts[k]
        get_box(handle, index, p0, p1, p2, p3)
        x0, x1, top_first = b[0], b[1], b[3]
        if len(token) > 1:
            get_box(handle, index + len(token) - 1, p0, p1, p2, p3)
            x1 = b[1]
        # both ends inside the object's box (they always are; a check, not a decision)
        if left <= x0 and x1 <= right and top_first <= top and b[3] <= top:
            entries[k] = (token, x0, x1, bottom, top, baseline, right, index)


def _chars(reader: _Reader, token: str, start: int, turns: int, width: float, height: float) -> list:
    """Character entries of one token, as layout.page_runs reads them (turned upright if need be)."""
    library = compiled.library()
    if library is not None:  # the same entries, read in C (plainlines.c)
        return library.chars(compiled.pdfium_table(), reader.handle, token, start, len(token), turns, width, height)
    handle, b = reader.handle, reader.buffer
    p0, p1, p2, p3, p4, p5 = reader.p
    get_box, get_origin = reader.box, reader.origin
    turn = _UPRIGHT[turns][0]
    out = []
    for index, ch in enumerate(token, start):
        get_box(handle, index, p0, p1, p2, p3)
        get_origin(handle, index, p4, p5)
        if turns:
            xa, ya = turn(b[0], b[2], width, height)
            xb, yb = turn(b[1], b[3], width, height)
            x0, x1 = min(xa, xb), max(xa, xb)
            out.append((ch, x0, x1, min(ya, yb), max(ya, yb), turn(b[4], b[5], width, height)[1], x1))
        else:
            out.append((ch, b[0], b[1], b[2], b[3], b[5], b[1]))
    return out


def exact_chars(textpage, pdfium_c):
    """``chars -> chars``: word entries replaced by their characters with exact geometry, read
    again from ``textpage`` (for the line height, which is a median over characters)."""
    readers: list = []  # (made on first use: most pages never need it)

    def exact(chars: list) -> list:
        if not readers:
            readers.append(_Reader(textpage, pdfium_c))
        reader = readers[0]
        out: list = []
        for c in chars:
            if len(c) > 7:
                out.extend(reader.char(ch, c[7] + k) for k, ch in enumerate(c[0]))
            else:
                out.append(c)
        return out

    return exact
