"""Logical lines: the document's lines with printed line numbers and page heads stepped over.

Bills are often printed with line numbers in the margin, and text extracted from them keeps
those numbers in several shapes:

* on their own, before the line: ``"4    Section 1. Short title."``
* glued to the line text: ``"2Sec. 1.  4 MRSA ..."``, ``"212.  Exception"`` (line 21, item 2.)
* after a running page head: ``"Page 2, Line 3 13-21-131. Civil ..."``,
  ``"Page 1 - 130LR0468(01)1Be it enacted"``
* run together on one long line: ``"... 12 BE IT ENACTED ... 13 SECTION 1. SHORT TITLE.--..."``

Line numbers are recognised by their *sequence* (1, 2, 3, ... restarting at 1 on a new page),
never by position alone, so that a "2." that is really an enumerator survives. Nothing is
removed from the text: a :class:`Line` just starts after the number, so the segmenter sees
``"Sec. 1."`` at the line start and unit offsets still index ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Line", "logical_lines"]

#: A running page head before the line text ("Page 2, Line 3", "Page 1 - 130LR0468(01)").
_PAGE_HEAD = re.compile(r"Page \d+(?:, Line | - [^\s()]+\(\d+\))")
_LEADING_DIGITS = re.compile(r" *(\d{1,3})")
#: Candidate line numbers inside a long run-together line.
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2}) (?=\S)")

_MIN_NUMBERED_LINES = 3
_LONG_NUMBERED_RUN = 6
_RUN_TOGETHER_MIN_CHARS = 400
_RUN_TOGETHER_MIN_NUMBERS = 8
#: Printed lines of a bill are roughly 20 to 100 characters; a candidate number closer to or
#: farther from the previous one is taken for a word.
_MIN_LINE_GAP = 2
_MAX_LINE_GAP = 140


@dataclass(frozen=True, slots=True)
class Line:
    """``text[start:end]`` is the line's content (no margin number, no surrounding spaces).

    ``indent`` is the leading indentation in characters (0 when a number was stripped).
    ``numbered`` is true when a printed line number was stepped over.
    """

    start: int
    end: int
    indent: int
    numbered: bool = False


def _physical_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for raw in text.split("\n"):
        spans.append((position, position + len(raw)))
        position += len(raw) + 1
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int, int]:
    """Content bounds without surrounding whitespace, and the indentation width."""
    content = start
    while content < end and text[content] in " \t":
        content += 1
    stop = end
    while stop > content and text[stop - 1] in " \t\r":
        stop -= 1
    return content, stop, content - start


def _prefixed_numbers(text: str, spans: list[tuple[int, int]]) -> dict[int, int] | None:
    """Map line index -> content start after a leading line number, if the document has them.

    Scans the lines once, expecting 1, 2, 3, ... and accepting a restart at 1 (a new page).
    When the sequence breaks (extraction lost a line, a page continued the count), a number
    is still accepted if the next line carries its successor. A number followed by "." or ")"
    is an enumerator, never a line number. The document counts as line-numbered with a run of
    ``_LONG_NUMBERED_RUN`` accepted lines, or ``_MIN_NUMBERED_LINES`` with a page head or
    making up half the non-blank lines.
    """
    # line index, digits start, line stop, digits, after a page head, after a "Page n, Line" head
    rows: list[tuple[int, int, int, str, bool, bool]] = []
    nonblank = 0
    for index, (start, end) in enumerate(spans):
        content, stop, _ = _strip_span(text, start, end)
        if content >= stop:
            continue
        nonblank += 1
        head = _PAGE_HEAD.match(text, content, stop)
        position = head.end() if head else content
        match = _LEADING_DIGITS.match(text, position, stop)
        if match:
            rows.append((index, match.start(1), stop, match.group(1), head is not None,
                         head.group().endswith("Line ") if head else False))
    stripped: dict[int, int] = {}
    expected = 1
    for row, (index, number_start, stop, digits, head, line_head) in enumerate(rows):
        after = text[number_start + len(digits)] if number_start + len(digits) < stop else " "
        if line_head and not (after.isdigit() or after in ".-"):
            # "Page 1, Line 101Concerning": the head says a line number follows; take all of it
            stripped[index] = _skip_spaces(text, number_start + len(digits), stop)
            expected = int(digits) + 1
            continue
        label = str(expected)
        # A lone "1" opening a line may be the first line of a page, but "102ND" or "12-3-4." is
        # not: without a page head, the number must stand alone.
        clean_one = head or len(digits) == 1
        taken = 0
        if digits.startswith(label) and (expected > 1 or clean_one):
            taken = len(label)
        elif digits.startswith("1") and clean_one and (head or expected > 1):
            taken = 1
        elif row + 1 < len(rows):
            following = rows[row + 1][3]
            for width in range(1, len(digits) + 1):
                if following.startswith(str(int(digits[:width]) + 1)):
                    taken = width
                    break
        if taken and text[number_start + taken : number_start + taken + 1] in (".", ")", ",", ":"):
            taken = 0  # "1. That the Code ...", "2) ...": an enumerator, not a margin number
        if taken:
            stripped[index] = _skip_spaces(text, number_start + taken, stop)
            expected = int(digits[:taken]) + 1
    # a long run of numbered lines (front matter of a short bill may outnumber it), or most lines
    # (a page head "Page 1 - 131LR0235(01)1Be it ..." is evidence enough)
    heads = sum(1 for row in rows if row[4])
    if len(stripped) >= _LONG_NUMBERED_RUN or (
        len(stripped) >= _MIN_NUMBERED_LINES and (heads or len(stripped) * 2 >= nonblank)
    ):
        return stripped
    return None


def _skip_spaces(text: str, position: int, stop: int) -> int:
    while position < stop and text[position] in " \t":
        position += 1
    return position


def _run_together_numbers(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """(number start, content start) of each printed line number inside one long line."""
    candidates = [(m.start(1), m.end(), int(m.group(1))) for m in _INLINE_NUMBER.finditer(text, start, end)]
    accepted: list[tuple[int, int]] = []
    expected = 1
    last = None
    index = 0
    while index < len(candidates):
        number_start, content_start, value = candidates[index]
        gap_ok = last is None or _MIN_LINE_GAP <= number_start - last <= _MAX_LINE_GAP
        if value in (expected, expected + 1) and gap_ok:  # tolerate one missed number
            accepted.append((number_start, content_start))
            expected, last = value + 1, number_start
        elif value == 1 and last is not None and number_start - last >= 12:
            # a new page: of several "1"s close together (a "Page 1" foot, then line 1) the
            # last one is the line number
            while (
                index + 1 < len(candidates)
                and candidates[index + 1][2] == 1
                and candidates[index + 1][0] - number_start < 20
            ):
                index += 1
                number_start, content_start, value = candidates[index]
            accepted.append((number_start, content_start))
            expected, last = 2, number_start
        index += 1
    return accepted if len(accepted) >= _RUN_TOGETHER_MIN_NUMBERS else None


def logical_lines(text: str, *, find_line_numbers: bool = True) -> list[Line]:
    """The document's lines as content spans, line numbers and page heads stepped over.

    ``find_line_numbers=False`` when ingestion already took the printed line numbers off (they
    are in ``Document.lines``): looking again would strip numbers that belong to the text, such
    as "1-B. Additional exemption".
    """
    spans = _physical_lines(text)
    numbered = _prefixed_numbers(text, spans) if find_line_numbers else None
    lines: list[Line] = []
    for index, (start, end) in enumerate(spans):
        content, stop, indent = _strip_span(text, start, end)
        if content >= stop:
            continue
        head = _PAGE_HEAD.match(text, content, stop)
        if head and not text[head.end() : stop].strip():
            continue  # a running page head alone on its line is furniture, not content
        if numbered is not None and index in numbered:
            body = numbered[index]
            if body < stop:
                lines.append(Line(body, stop, 0, True))
            continue
        if stop - content >= _RUN_TOGETHER_MIN_CHARS:
            numbers = _run_together_numbers(text, content, stop)
            if numbers:
                if numbers[0][0] > content:
                    head_end = _rstrip(text, content, numbers[0][0])
                    if head_end > content:
                        lines.append(Line(content, head_end, indent))
                for position, (_, body) in enumerate(numbers):
                    limit = numbers[position + 1][0] if position + 1 < len(numbers) else stop
                    body_end = _rstrip(text, body, limit)
                    if body_end > body:
                        lines.append(Line(body, body_end, 0, True))
                continue
        lines.append(Line(content, stop, indent))
    return lines


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
