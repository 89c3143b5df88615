"""Repair of damaged plain-text layers, with every repair kept as a dropped or changed span.

Plain-text bills often come from someone else's PDF extraction. What they leave, and what this
stage undoes:

* **page furniture** in the text: the Law Library cover note, "Printed on recycled paper",
  page slugs "Page 2 - 130LR0198(01)" (also in mid-sentence), "Page n of N" running lines;
* **printed line numbers glued to the line** ("10deprivation", "12the court shall"): found as
  a running count 1, 2, 3... that restarts on each page; taken off and kept as
  :class:`~pipeline.values.LineSpan` ``line`` (as the PDF reader does with margin numbers);
* **bracketed deletions** where the text itself says that brackets mean deleted matter
  (New Mexico "[bracketed material] = delete", New Jersey "Matter enclosed in bold-faced
  brackets [thus] ... is not enacted"), see :mod:`.conventions`;
* **split words** ("defens e", "gove rnment") and **run-together words** ("followingapply",
  "subsection1"), and **words hyphenated at line ends** ("consti-" / "tution"), see :mod:`.words`.

Offsets: the repairs are edits on the normalised text. Removed text becomes a
:class:`~pipeline.values.DroppedSpan` at the offset where it stood in the repaired text;
rewritten text becomes a :class:`~pipeline.values.ChangedSpan` (``start``/``end`` in the
repaired text plus the ``original``). So ``Document.text`` stays the single source of
offsets and a reviewer can see each change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.values import ChangedSpan, DroppedSpan, LineSpan


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of the input by ``replacement`` (``""``: drop it)."""

    start: int
    end: int
    replacement: str
    reason: str
    page: int | None = None
    line: int | None = None


@dataclass
class Repaired:
    """The repaired text and what the repairs left behind."""

    text: str
    dropped: list[DroppedSpan] = field(default_factory=list)
    changed: list[ChangedSpan] = field(default_factory=list)
    lines: list[LineSpan] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Page furniture. Patterns as data: what extraction tools and legislatures put on every page.

#: The Maine Law and Legislative Reference Library's cover note on digitised documents.
_COVER_NOTES = (
    re.compile(r"\A\s*MAINE STATE LEGISLATURE\s+The following document is provided by the\s+LAW AND LEGISLATIVE"
               r" DIGITAL LIBRARY\b.{0,400}?printed original\)[ \t]*\n*", re.S),
)
#: Furniture that may stand anywhere, even inside a sentence.
_INLINE_FURNITURE = (
    re.compile(r"Printed on recycled paper"),
    # Maine page slug: "Page 2 - 130LR0198(01)" (legislature, LR number, draft)
    re.compile(r"Page \d{1,4} - \d{2,3}LR\d{4}\(\d{2}\)"),
)
#: Whole lines that are furniture when they recur in the document (running heads and feet).
_RUNNING_LINE = re.compile(r"^[ \t]*(?=[^\n]*\bPage \d+\b)([^\n]{1,80})$", re.M | re.I)
_PAGE_NUMBER = re.compile(r"\bPage (\d+)\b", re.I)
#: A line that is only a page count, with at most a document number before it: "LC001872 - Page 2 of 3".
_PAGE_COUNT_LINE = re.compile(r"(?:[A-Z]{0,4}[ .]?[0-9][0-9A-Z.()-]{0,14}\s*[-–—|]?\s*)?Page \d{1,4} of \d{1,4}$", re.I)
_DIGITS = re.compile(r"\d+")


def _furniture_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for pattern in _COVER_NOTES:
        match = pattern.search(text)
        if match:
            edits.append(Edit(match.start(), match.end(), "", "furniture"))
    for pattern in _INLINE_FURNITURE:
        for match in pattern.finditer(text):
            end = match.end()
            # a slug in mid-sentence ("the court Page 2 - ... shall"): drop one space with it
            if end < len(text) and text[end] == " " and match.start() > 0 and text[match.start() - 1] in " \n":
                end += 1
            page = _PAGE_NUMBER.search(match.group())
            edits.append(Edit(match.start(), end, "", "furniture", page=int(page.group(1)) if page else None))
    # Running lines ("HB 2101 - Page 3 of 9"): the same short line, digits aside, three times or more.
    shapes: dict[str, list[re.Match]] = {}
    # (a plain substring test first: the case-insensitive search is a slow scan of the whole text)
    has_page = "page " in text.lower() and _PAGE_NUMBER.search(text)
    for match in (_RUNNING_LINE.finditer(text) if has_page else ()):
        shapes.setdefault(_DIGITS.sub("#", match.group(1).strip()), []).append(match)
    for matches in shapes.values():
        # ("LC001872 - Page 2 of 3" on a three-page bill recurs only twice; a short line that is a page count
        # with at most a document number before it is furniture wherever it stands)
        if len(matches) >= 3 or all(_PAGE_COUNT_LINE.match(match.group(1).strip()) for match in matches):
            for match in matches:
                end = match.end() + 1 if match.end() < len(text) and text[match.end()] == "\n" else match.end()
                edits.append(Edit(match.start(), end, "", "furniture"))
    return _without_overlaps(edits)


# ---------------------------------------------------------------------------------------------
# Printed line numbers glued to the line ("2Sec. 1.", "10 other committee").

_LEADING_DIGITS = re.compile(r"[ \t]*(\d{1,3})")
#: A line beginning with a digit (after spaces or tabs): only such a line can carry a glued number.
_DIGIT_LINE = re.compile(r"\n[ \t]*\d")
_FIRST_DIGIT_LINE = re.compile(r"[ \t]*\d")
#: Fewest numbered lines for a document to count as line-numbered: with a page slug, or anywhere.
_MIN_WITH_PAGES = 3
_MIN_WITHOUT_PAGES = 20


def _line_number_edits(text: str, furniture: list[Edit]) -> tuple[list[Edit], list[tuple[int, int, int, int]]]:
    """Edits taking off glued line numbers, and ``(line start, line end, page, number)`` rows.

    Expects 1, 2, 3, ... down the document, restarting at 1 after a page slug (or anywhere the
    next line carries 2). A number is taken only when it continues the count, and never when it
    would leave an enumerator's full stop behind ("1. Definitions" at expected line 1 is kept
    as is: a numbered line always has text after its number).
    """
    slug_ends = {}
    for edit in furniture:
        match = _PAGE_NUMBER.search(text, edit.start, edit.end)
        if match:
            slug_ends[edit.end] = int(match.group(1))
    rows: list[tuple[int, int, int, str, int | None]] = []  # line start, digits start, line end, digits, page
    by_start = {edit.start: edit for edit in furniture}
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        content, page = start, None
        # furniture opening the line (a page slug) is skipped; it gives the page number
        while content in by_start and content < end:
            edit = by_start[content]
            page = slug_ends.get(edit.end, page)
            content = edit.end
        match = _LEADING_DIGITS.match(text, content, end) if content < end else None
        if match:
            rows.append((start, match.start(1), end, match.group(1), page))
        else:
            rows.append((start, -1, end, "", page))
    edits: list[Edit] = []
    spans: list[tuple[int, int, int, int]] = []
    expected = None
    current_page = None
    for index, (line_start, digits_start, line_end, digits, slug_page) in enumerate(rows):
        if slug_page is not None:
            current_page = slug_page
        if not digits:
            continue
        taken = 0
        following = rows[index + 1][3] if index + 1 < len(rows) else ""
        if expected is not None and digits.startswith(str(expected)):
            taken = len(str(expected))
        else:
            # the count broke (a table without numbers, a lost line): the next line carries the
            # successor; the longest such number wins ("39Sec. 6" before "40 become")
            for width in range(len(digits), 0, -1):
                if following.startswith(str(int(digits[:width]) + 1)):
                    taken = width
                    break
            if not taken and slug_page is not None and digits.startswith("1"):
                taken = 1  # first line of a page under its slug
        after = digits_start + taken
        if taken and taken == len(digits) and text[after : after + 1] in (".", ")", ",", ":"):
            taken = 0  # "2. Findings" with nothing glued: an enumerator, not a margin number
        if not taken:
            continue
        number = int(digits[:taken])
        expected = number + 1
        stop = after
        while stop < line_end and text[stop] in " \t":
            stop += 1
        if stop >= line_end:
            # a numbered blank line (the number alone): the whole line goes, newline included
            if text[line_start:digits_start].strip() == "":
                edits.append(Edit(line_start, min(line_end + 1, len(text)), "", "line_number", page=current_page, line=number))
            continue
        edits.append(Edit(digits_start, stop, "", "line_number", page=current_page, line=number))
        spans.append((stop, line_end, current_page or 1, number))
    return edits, spans


#: Minnesota's margin numbers, "page.line" ("2.11"), at the start of a line of a plain text.
_PAGE_DOT_LINE = re.compile(r"^([ \t]*)(\d{1,3})\.(\d{1,2})(?:[ \t]+|$)", re.M)


def _page_dot_line_edits(text: str) -> tuple[list[Edit], list[tuple[int, int, int, int]]]:
    """Edits taking off "page.line" margin numbers, and ``(line start, line end, page, number)`` rows; none unless
    they count up in order (line 1, 2, ... restarting at each page) on most of the document's lines."""
    edits: list[Edit] = []
    spans: list[tuple[int, int, int, int]] = []
    last = (0, 0)
    for match in _PAGE_DOT_LINE.finditer(text):
        page, line = int(match.group(2)), int(match.group(3))
        if not ((page == last[0] and line == last[1] + 1) or (page > last[0] and line == 1)):
            continue  # out of the count: a section number such as "3.4 Definitions", kept
        last = (page, line)
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        if match.end() >= line_end:
            edits.append(Edit(match.start(), min(line_end + 1, len(text)), "", "line_number", page=page, line=line))
            continue
        edits.append(Edit(match.start(2), match.end(), "", "line_number", page=page, line=line))
        spans.append((match.end(), line_end, page, line))
    if len(edits) < _MIN_WITHOUT_PAGES:
        return [], []
    nonblank = sum(1 for line in text.split("\n") if line.strip())
    if len(edits) * 2 < nonblank:
        return [], []
    return edits, spans


#: A floor or committee amendment printed after the bill that replaces numbered lines of it (Florida): "Remove lines
#: 30-44 and insert:", "Remove line 12 and insert:". The inserted text is the amendment's own, already in the document.
_LINE_AMENDMENT = re.compile(r"\b(?:Remove|Delete|Strike)\s+lines?\s+(\d{1,4})(?:\s*(?:-|\u2013|through|to)\s*(\d{1,4}))?"
                             r"\s+and\s+insert\b", re.IGNORECASE)


def _line_amendment_edits(text: str, spans: list[tuple[int, int, int, int]]) -> list[Edit]:
    """Edits dropping the bill's lines that an amendment after it removes. The amendment numbers its own lines from 1,
    so the bill is what stands before the last line 1 ahead of the first directive; its numbers must run on without
    repeating (a page-by-page count would make "line 30" ambiguous, and then nothing is removed)."""
    directives = list(_LINE_AMENDMENT.finditer(text))
    if not directives:
        return []
    first = directives[0].start()
    ones = [start for start, _, _, number in spans if number == 1 and start < first]
    if len(ones) < 2:
        return []  # the bill and its amendment each number from 1
    bill = [span for span in spans if span[0] < ones[-1]]
    numbers = [number for _, _, _, number in bill]
    if len(set(numbers)) != len(numbers):
        return []
    by_number = {number: (start, end, page) for start, end, page, number in bill}
    edits = []
    for directive in directives:
        low = int(directive.group(1))
        high = int(directive.group(2) or low)
        for number in range(low, min(high, low + 400) + 1):
            if number not in by_number:
                continue
            start, end, page = by_number[number]
            line_start = text.rfind("\n", 0, start) + 1
            edits.append(Edit(line_start, min(end + 1, len(text)), "", "deleted", page=page, line=number))
    return edits


def _line_numbered(edits: list[Edit], text: str, has_slugs: bool) -> bool:
    """Enough numbered lines, in a document that has page slugs or is mostly numbered lines."""
    if has_slugs and len(edits) >= _MIN_WITH_PAGES:
        return True
    if len(edits) < _MIN_WITHOUT_PAGES:
        return False
    nonblank = sum(1 for line in text.split("\n") if line.strip())
    return len(edits) * 2 >= nonblank


def _may_be_line_numbered(text: str, furniture: list[Edit]) -> bool:
    """Cheap test that :func:`_line_numbered` cannot hold: without furniture (no page slug to
    open a line) a line-numbered text has at least ``_MIN_WITHOUT_PAGES`` lines starting
    with a digit; most bills have far fewer, and skip the line-by-line pass."""
    if furniture:
        return True
    digit_lines = len(_DIGIT_LINE.findall(text)) + (1 if _FIRST_DIGIT_LINE.match(text) else 0)
    return digit_lines >= _MIN_WITHOUT_PAGES


# ---------------------------------------------------------------------------------------------


def repair_text(text: str, *, words: bool | Callable[[str], bool] = True) -> Repaired:
    """Repair a normalised plain text. ``words=False`` skips the split/run-together word pass;
    a callable decides, given the text after the structural repairs (the run path passes the
    relevance triage's :func:`~pipeline.relevance.may_pass_prefilter`: the word pass, the
    costly one, only runs where triage can let the bill through)."""
    from pipeline.ingest.conventions import bracket_deletion_edits

    furniture = _furniture_edits(text)
    number_edits, number_spans = _line_number_edits(text, furniture) if _may_be_line_numbered(text, furniture) else ([], [])
    has_slugs = any(_PAGE_NUMBER.search(text, e.start, e.end) for e in furniture)
    if not _line_numbered(number_edits, text, has_slugs):
        number_edits, number_spans = _page_dot_line_edits(text) if "." in text[:4000] else ([], [])
    amended_out = _line_amendment_edits(text, number_spans) if number_spans else []
    if amended_out:
        number_spans = [span for span in number_spans if not any(e.start <= span[0] < e.end for e in amended_out)]
    structural = _without_overlaps(amended_out + furniture + number_edits)
    structural = _without_overlaps(structural + bracket_deletion_edits(text, _locator(number_edits)))
    first = _apply(text, structural)
    shift = _shifter(structural)
    lines = [LineSpan(shift(start), shift(end), page, number) for start, end, page, number in number_spans]
    if not (words(first.text) if callable(words) else words):
        return Repaired(first.text, first.dropped, first.changed, lines)
    from pipeline.ingest.words import hyphen_break_edits, word_edits

    word_fixes = _without_overlaps(hyphen_break_edits(first.text) + word_edits(first.text))
    if not word_fixes:
        return Repaired(first.text, first.dropped, first.changed, lines)
    second = _apply(first.text, word_fixes)
    shift2 = _shifter(word_fixes)
    dropped = sorted(
        [DroppedSpan(s.text, shift2(s.offset), s.reason, s.page, s.line) for s in first.dropped] + second.dropped,
        key=lambda s: s.offset,
    )
    changed = sorted(second.changed, key=lambda s: s.start)
    lines = [LineSpan(shift2(s.start), shift2(s.end), s.page, s.line) for s in lines]
    return Repaired(second.text, dropped, changed, lines)


def _locator(number_edits: list[Edit]):
    """``offset -> (page, line)`` of the input text, from the line-number edits (``None`` without)."""
    starts = [edit.start for edit in number_edits]

    def locate(offset: int) -> tuple[int | None, int | None]:
        index = bisect_right(starts, offset) - 1
        if index < 0:
            return None, None
        return number_edits[index].page, number_edits[index].line

    return locate


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """Sorted edits, dropping any that overlaps one already kept (the earlier, longer wins)."""
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def _apply(text: str, edits: list[Edit]) -> Repaired:
    """Apply sorted, non-overlapping edits; removed text to ``dropped``, rewritten to ``changed``."""
    pieces: list[str] = []
    dropped: list[DroppedSpan] = []
    changed: list[ChangedSpan] = []
    position = 0
    length = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        length += edit.start - position
        original = text[edit.start : edit.end]
        if edit.replacement:
            changed.append(ChangedSpan(length, length + len(edit.replacement), original, edit.reason))
        else:
            dropped.append(DroppedSpan(original, length, edit.reason, edit.page, edit.line))
        pieces.append(edit.replacement)
        length += len(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return Repaired("".join(pieces), dropped, changed)


def _shifter(edits: list[Edit]):
    """``offset in the input -> offset in the output`` for offsets outside the edited stretches."""
    ends = [edit.end for edit in edits]
    deltas = []
    total = 0
    for edit in edits:
        total += len(edit.replacement) - (edit.end - edit.start)
        deltas.append(total)

    def shift(offset: int) -> int:
        index = bisect_right(ends, offset) - 1
        return offset + (deltas[index] if index >= 0 else 0)

    return shift


def unrepaired_text(text: str, dropped: list[DroppedSpan], changed: list[ChangedSpan]) -> str:
    """The text before repair, rebuilt from the repaired text and its dropped and changed spans.

    For a plain-text Document this is exactly the normalised input: the proof that every
    repair was recorded. (For PDFs, ``dropped`` holds only what was left out, not layout.)
    """
    events = sorted([(span.offset, 0, index) for index, span in enumerate(dropped)]
                    + [(span.start, 1, index) for index, span in enumerate(changed)])
    pieces = []
    cursor = 0
    for position, kind, index in events:
        if position < cursor:
            position = cursor  # dropped inside a rewritten stretch: put it after the rewrite
        pieces.append(text[cursor:position])
        if kind == 0:
            pieces.append(dropped[index].text)
            cursor = position
        else:
            pieces.append(changed[index].original)
            cursor = max(changed[index].end, position)
    pieces.append(text[cursor:])
    return "".join(pieces)


def offset_mapper(text: str, dropped: list[DroppedSpan], changed: list[ChangedSpan]):
    """``offset in the text before repair -> offset in the repaired text`` (re-anchoring old offsets).

    Text that was dropped maps to the place it was dropped from; text inside a rewritten
    stretch maps into it proportionally (clamped to the stretch).
    """
    from bisect import bisect_right as _bisect

    events = sorted([(span.offset, 0, index) for index, span in enumerate(dropped)]
                    + [(span.start, 1, index) for index, span in enumerate(changed)])
    # pieces of the old text: (old start, old end, new start, new end, copied)
    old_starts: list[int] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    old = new = 0
    for position, kind, index in events:
        position = max(position, new)
        if position > new:
            pieces.append((old, old + position - new, new, position, True))
            old_starts.append(old)
            old += position - new
            new = position
        if kind == 0:
            length = len(dropped[index].text)
            pieces.append((old, old + length, new, new, False))
            old_starts.append(old)
            old += length
        else:
            span = changed[index]
            pieces.append((old, old + len(span.original), span.start, span.end, False))
            old_starts.append(old)
            old += len(span.original)
            new = max(span.end, new)
    pieces.append((old, old + len(text) - new, new, len(text), True))
    old_starts.append(old)

    def to_new(offset: int) -> int:
        index = max(_bisect(old_starts, offset) - 1, 0)
        old_start, old_end, new_start, new_end, copied = pieces[index]
        if copied:
            return min(new_start + offset - old_start, new_end)
        if old_end == old_start:
            return new_start
        return new_start + round((offset - old_start) * (new_end - new_start) / (old_end - old_start))

    def kept(offset: int) -> bool:
        """Whether the old character at ``offset`` is in the repaired text unchanged."""
        return pieces[max(_bisect(old_starts, offset) - 1, 0)][4]

    to_new.kept = kept
    return to_new
