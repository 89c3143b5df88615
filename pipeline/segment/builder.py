"""Build the section tree from a document's logical lines.

One pass over the lines keeps a stack of open units. A line that starts with numbering
(see :mod:`pipeline.segment.numbering`) closes the units it ranks with or above and opens a
new one; every other line extends the open units. Enumerators find their level by class
(``(a)`` vs ``(1)`` vs ``(A)`` vs ``(i)``): a label continues the deepest open list it is the
next label of, or opens a new list one level down.

Quoted inserted matter ("is amended by adding at the end the following: ...") is a *block*
opened under the amending unit: units inside it are numbered under that unit (``SEC. 102(1)``,
``SECTION 1/41-4A-2(A)``) and marked ``quoted``. A block ends at its closing quote, when the
indentation returns to the amending unit's level, or at the next section of the enclosing
kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.segment.lines import Line, logical_lines
from pipeline.segment.model import Section
from pipeline.segment.numbering import (
    INLINE_ENUMERATOR,
    Header,
    candidate_classes,
    division_rank,
    find_heading,
    is_first,
    is_successor,
    match_header,
)

__all__ = ["build_tree"]

#: The amending unit's text ends by announcing the new matter ("... the following:",
#: "... is amended to read:", "... enacted in its place:").
_TRIGGER = re.compile(
    r"(?:following|as follows|to read|in its place|thereof)\b(?:[^.;]{0,80}?(?::-?|-))?\s*$", re.IGNORECASE
)
#: ... and it is an amendment: announcing findings or a list ("Congress finds the following:")
#: does not start inserted matter.
_AMENDING_VERB = re.compile(r"\b(?:amend|insert|add|strik|enact|substitut|redesignat|read)", re.IGNORECASE)
#: ... or the new matter starts on the same line ("... the following: ``It shall ...").
_TRIGGER_INLINE = re.compile(r"(?:following|as follows|to read)[^.;]{0,60}?:-?\s*(?:``|\")", re.IGNORECASE)
#: The end of quoted matter: ``''.``, ``''; and``, ``."``.
_CLOSE_QUOTE = re.compile(r"(?:(?:''|\")[.;,]+|[.;,:](?:''|\"))(?:\s*(?:and|or))?\s*$")
_OPENING_QUOTE = ("``", '"', "'(")

_TOC_MIN_RUN = 3
#: Words after which a line-initial "(1)" is a wrapped cross-reference.
_REFERENCE_WORDS = frozenset(
    "paragraph paragraphs subparagraph subparagraphs subsection subsections section sections clause "
    "clauses subclause subclauses item items title division part subpart chapter".split()
)
#: ... and after which a line-initial code number ("850-C") continues a list of citations.
_CITATION_JOINERS = _REFERENCE_WORDS | {"and", "or", "to", "through", "of", "in", "under"}
_PREFIX_TEXT = {"SECTION": "SECTION", "Section": "Section", "SEC": "SEC.", "Sec": "Sec.", "§": "§"}
_TOC_MAX_GAP_LINES = 2


@dataclass
class _Frame:
    unit: Section
    kind: str  # "root" | "division" | "section" | "enum"
    style: tuple  # enum: (form, class); section: (style,); division: (rank,)
    indent: int
    prefix: str  # what children's ids are built on
    key: str = ""  # enumerator label ("d" for "(d)"), for the order checks


@dataclass
class _Block:
    base: int  # stack length when the block opened: frames at and above it are inside it
    mode: str  # "quote" | "indent" | "header"
    indent: int
    section_style: str | None
    section_number: str = ""  # the enclosing section's number: its successor ends the block
    opened_at: int = -1  # offset of the block's first line (not yet known: -1)


class _Builder:
    def __init__(self, text: str, root_id: str) -> None:
        self.text = text
        end = len(text.rstrip())
        start = len(text) - len(text.lstrip())
        self.root = Section(root_id, "document", None, None, min(start, end), end, [])
        self.stack: list[_Frame] = [_Frame(self.root, "root", (), -1, "")]
        self.blocks: list[_Block] = []
        self.used: set[str] = set()
        self.pending: tuple[int, int] | None = None  # (amending frame index, its indent)
        self.last_stop = 0  # end of the previous line's content

    # ------------------------------------------------------------------ ids and units
    def _unique(self, unit_id: str) -> str:
        if unit_id not in self.used:
            self.used.add(unit_id)
            return unit_id
        n = 2
        while f"{unit_id}~{n}" in self.used:
            n += 1
        unit_id = f"{unit_id}~{n}"
        self.used.add(unit_id)
        return unit_id

    def _open(self, frame_kind: str, unit_kind: str, unit_id: str, label: str, start: int, end: int,
              style: tuple, indent: int, prefix: str | None = None) -> _Frame:
        for frame in self.stack[1:]:  # ancestors always cover their descendants
            frame.unit.end = max(frame.unit.end, end)
        parent = self.stack[-1].unit
        unit = Section(self._unique(unit_id), unit_kind, label, None, start, end, [], quoted=bool(self.blocks))
        parent.children.append(unit)
        frame = _Frame(unit, frame_kind, style, indent, unit.id if prefix is None else prefix)
        self.stack.append(frame)
        return frame

    def _pop_to(self, length: int) -> None:
        del self.stack[max(length, 1):]

    def _scope_base(self) -> int:
        return self.blocks[-1].base if self.blocks else 1

    def _close_block(self) -> None:
        block = self.blocks.pop()
        self._pop_to(block.base)

    # ------------------------------------------------------------------ headers
    def _section_prefix_frame(self) -> _Frame:
        """The frame whose id section ids inside the current block hang from."""
        return self.stack[self.blocks[-1].base - 1]

    def _enclosing_section_style(self) -> str | None:
        for frame in reversed(self.stack):
            if frame.kind == "section":
                return frame.style[0]
        return None

    def _new_block(self, base: int, mode: str, indent: int) -> _Block:
        number = ""
        for frame in reversed(self.stack[:base]):
            if frame.kind == "section":
                number = frame.key
                break
        return _Block(base, mode, indent, self._enclosing_section_style(), number)

    def _open_section(self, header: Header, line: Line) -> _Frame:
        number = header.number
        if header.style == "code" or re.search(r"\d[-.:]\w", number):
            own = number  # a code citation is its own id: "52-571k", "41-4A-3", "8.01-42.6"
        else:
            own = f"{_PREFIX_TEXT[header.style]} {number}"
        if self.blocks:
            self._pop_to_division_in_block()
            unit_id = f"{self._section_prefix_frame().prefix}/{own}" if self._section_prefix_frame().kind != "root" else own
        else:
            while self.stack[-1].kind not in ("root", "division"):
                self.stack.pop()
            unit_id = own
        frame = self._open("section", "section", unit_id, header.printed, line.start, header.end,
                           (header.style,), line.indent)
        frame.key = number
        return frame

    def _pop_to_division_in_block(self, rank: int | None = None) -> None:
        """Inside a block, close units down to the innermost inserted division (of a higher
        rank than ``rank``, if given) or to the block's base."""
        base = self.blocks[-1].base
        while len(self.stack) > base and not (
            self.stack[-1].kind == "division" and (rank is None or self.stack[-1].style[0] < rank)
        ):
            self.stack.pop()

    def _open_division(self, header: Header, line: Line) -> _Frame:
        rank = division_rank(header.style)
        if self.blocks:
            self._pop_to_division_in_block(rank)
        else:
            while self.stack[-1].kind != "root" and not (
                self.stack[-1].kind == "division" and self.stack[-1].style[0] < rank
            ):
                self.stack.pop()
        parent = self.stack[-1]
        unit_id = f"{parent.prefix} {header.printed}".strip() if parent.kind == "division" else header.printed
        if self.blocks and parent.kind != "root":
            unit_id = f"{parent.prefix}/{header.printed}"
        return self._open("division", "section", unit_id, header.printed, line.start, header.end,
                          (rank,), line.indent)

    def _place_enum(self, form: str, label: str, base: int, indent: int = -1) -> tuple[int, str] | None:
        """Where a label goes: ``(stack index to become sibling of, or -1 to push), class``."""
        classes = candidate_classes(label)
        if not classes:
            return None
        top = len(self.stack) - 1
        open_styles = {
            frame.style for frame in self.stack[base:] if frame.kind == "enum"
        }
        if len(classes) > 1 and self._after_list_intro():
            # "(B) Activities ... shall study-\n(i) the effects": after a lead-in, an "(i)" opens
            # a list rather than continuing an (h) further up
            for cls in classes:
                if is_first(label, cls) and (form, cls) not in open_styles:
                    return -1, cls
        # 1. the next label of an open list (deepest first)
        for index in range(top, base - 1, -1):
            frame = self.stack[index]
            if frame.kind == "enum" and frame.style[0] == form:
                for cls in classes:
                    if frame.style[1] == cls and is_successor(frame.key, label, cls):
                        if len(classes) > 1 and frame.indent >= 0 and indent > frame.indent + 1:
                            continue  # indented deeper than that list: not its next item
                        return index, cls
        # 2. the first label of a list not open yet: one level down
        for cls in classes:
            if is_first(label, cls) and (form, cls) not in open_styles:
                return -1, cls
        # 3. a label of an open list (numbering skipped or repeated)
        for index in range(top, base - 1, -1):
            frame = self.stack[index]
            if frame.kind == "enum" and frame.style[0] == form and frame.style[1] in classes:
                return index, frame.style[1]
        return -1, classes[0]

    def _open_enum(self, form: str, label: str, start: int, label_end: int, indent: int,
                   chained: bool = False) -> _Frame | None:
        if chained:  # "(4)(A)": the second label is always a child of the first
            classes = candidate_classes(label)
            index, cls = -1, next((c for c in classes if is_first(label, c)), classes[0])
        else:
            placement = self._place_enum(form, label, self._scope_base(), indent)
            if placement is None:
                return None
            index, cls = placement
        placement_is_guess = not chained and not (
            (index >= 0 and is_successor(self.stack[index].key, label, cls)) or (index < 0 and is_first(label, cls))
        )
        parent = self.stack[-1] if index < 0 else self.stack[index - 1]
        if not chained and placement_is_guess and f"{parent.prefix}({label})" in self.used:
            # neither the next label of an open list nor the first of a new one, and its id is
            # taken: a cross-reference wrapped to the line start, not a unit
            return None
        if index >= 0:
            self._pop_to(index)
        parent = self.stack[-1]
        kind = "paragraph" if parent.kind == "enum" else "subsection"
        frame = self._open("enum", kind, f"{parent.prefix}({label})", self.text[start:label_end].lstrip("`\"'"),
                           start, label_end, (form, cls), indent)
        frame.key = label
        return frame

    def _outer_successor(self, header: Header) -> bool:
        """The line's first enumerator continues a list *outside* the innermost block."""
        form, label = header.labels[0][0], header.labels[0][1]
        classes = candidate_classes(label)
        for frame in self.stack[1 : self._scope_base()]:
            if frame.kind == "enum" and frame.style[0] == form and frame.style[1] in classes:
                if is_successor(frame.key, label, frame.style[1]):
                    return True
        return False

    # ------------------------------------------------------------------ lines
    def _close_blocks_for(self, header: Header | None, line: Line) -> None:
        while self.blocks:
            block = self.blocks[-1]
            close = False
            if block.mode == "indent" and line.indent <= block.indent and not line.numbered:
                close = True
            elif header is not None and not header.quoted:
                if header.kind == "section" and header.style == block.section_style:
                    # "Sec. 2." after "Sec. 1. ... enacted to read:" ends the inserted matter, but
                    # "§ 420." right after "§ 3(a) ... the following new section:" is inside it
                    close = _section_follows(block.section_number, header.number)
                elif header.kind == "division":
                    # a division ends inserted matter, unless it is what was announced
                    # ("... c. 110, sub-c. 1-G is enacted to read:\nSUBCHAPTER 1-G")
                    close = block.opened_at != line.start
                elif (
                    header.kind == "enum"
                    and block.mode == "header"
                    and block.opened_at != line.start  # the first line is what was announced
                    and self._place_inner_is_new(header)
                    and self._outer_successor(header)
                ):
                    close = True  # "(3)" continuing the amending list after the inserted matter
            if not close:
                return
            self._close_block()

    def _place_inner_is_new(self, header: Header) -> bool:
        """The first label does not continue a list already open inside the block."""
        placement = self._place_enum(header.labels[0][0], header.labels[0][1], self._scope_base())
        if placement is None:
            return True
        index, cls = placement
        return index < 0 or not is_successor(self.stack[index].key, header.labels[0][1], cls)

    def _start_pending_block(self, line: Line) -> None:
        if self.pending is None:
            return
        index, indent = self.pending
        self.pending = None
        if index >= len(self.stack) or index == 0:
            return
        content = self.text[line.start : line.end]
        if content.startswith(_OPENING_QUOTE):
            mode = "quote"
        elif line.indent > indent and not line.numbered:
            mode = "indent"
        else:
            mode = "header"
        if self.blocks and self.blocks[-1].base == index + 1:  # announced again on a wrapped line
            if mode == "quote":
                self.blocks[-1].mode = "quote"
            return
        self._pop_to(index + 1)
        self.blocks.append(self._new_block(index + 1, mode, indent))
        self.blocks[-1].opened_at = line.start

    def _after_list_intro(self) -> bool:
        """The previous line ends by introducing a list (":", "-", "--")."""
        position = self.last_stop
        return position > 0 and self.text[position - 1] in ":-—"

    def _continues_reference(self, words: frozenset[str]) -> bool:
        """The previous line ends with one of ``words`` ("paragraph", "subsection" ...): a
        wrapped citation ("... under paragraph\n(1) shall submit ..."), not a new unit."""
        start = max(0, self.last_stop - 16)
        tail = self.text[start : self.last_stop].rsplit(None, 1)
        return bool(tail) and tail[-1].lower() in words

    def process(self, line: Line, header: Header | None) -> None:
        """Process one logical line (and the inline units it may hold)."""
        rest: tuple[Line, Header | None] | None = (line, header)
        while rest is not None:  # a loop, not recursion: a run-on line may hold thousands of items
            rest = self._process_segment(*rest)

    def _process_segment(self, line: Line, header: Header | None) -> tuple[Line, Header | None] | None:
        if (
            header is not None
            and not header.quoted
            and (
                (header.kind == "enum" and self._continues_reference(_REFERENCE_WORDS))
                or (
                    header.kind == "section"
                    and (header.style == "code" or not header.printed.endswith((".", ":", "-")))
                    and self._continues_reference(_CITATION_JOINERS)
                )
            )
        ):
            header = None  # "... under paragraph\n(1) shall ...", "... sections 850-B and\n850-C ..."
        self._start_pending_block(line)
        self._close_blocks_for(header, line)  # also on the block's first line: nothing inserted
        opened: _Frame | None = None
        heading_from = line.start
        if header is not None:
            if header.kind == "section":
                opened = self._open_section(header, line)
            elif header.kind == "division":
                opened = self._open_division(header, line)
            else:
                for position, (form, label, start, end) in enumerate(header.labels):
                    frame = self._open_enum(form, label, header.start if position == 0 else start, end,
                                            line.indent, chained=position > 0 and opened is not None)
                    if frame is not None:
                        opened = frame
            if opened is not None:
                heading, heading_from = find_heading(
                    self.text, header.end, line.end, whole_line=header.kind != "enum"
                )
                opened.unit.heading = heading
                heading_from = max(heading_from, header.end)
                if heading is not None:
                    # "(f) Limitations on Transfers.--(1) The Secretary ...": a list starts
                    # right after the caption
                    first = _skip_spaces(self.text, heading_from, line.end)
                    inner = match_header(self.text, first, line.end) if first < line.end else None
                    if inner is not None and inner.kind == "enum" and not inner.quoted:
                        for form, label, start, end in inner.labels:
                            frame = self._open_enum(form, label, start, end, line.indent, chained=True)
                            if frame is not None:
                                opened = frame
                        heading_from = inner.end
        # an enumerator later in the line that continues an open list starts a new unit there
        split = self._inline_split(heading_from, line.end)
        segment_end = split if split is not None else line.end
        stop = segment_end
        while stop > line.start and self.text[stop - 1].isspace():
            stop -= 1
        for frame in self.stack[1:]:
            frame.unit.end = max(frame.unit.end, stop)
        self._after_segment(line.start, stop)
        self.last_stop = stop
        if split is None:
            return None
        return Line(split, line.end, line.indent, line.numbered), match_header(self.text, split, line.end)

    def _inline_split(self, start: int, end: int) -> int | None:
        if end - start < 8:
            return None
        for match in INLINE_ENUMERATOR.finditer(self.text, start, end):
            token = match.group("enum")
            if token.startswith("("):
                form, label = "paren", token[1:-1]
            else:
                form, label = "dot", token[:-1]
            if not candidate_classes(label):
                continue
            for frame in reversed(self.stack[self._scope_base():]):
                if frame.kind == "enum" and frame.style[0] == form and frame.style[1] in candidate_classes(label):
                    if is_successor(frame.key, label, frame.style[1]):
                        return match.start("enum")
        return None

    def _after_segment(self, start: int, stop: int) -> None:
        """Open or close quoted-matter blocks according to how the line ends."""
        inline = _TRIGGER_INLINE.search(self.text, start, stop)
        closing = _CLOSE_QUOTE.search(self.text, max(start, stop - 12), stop)
        if self.blocks and self.blocks[-1].mode == "quote" and closing and not inline:
            self._close_block()  # "... was lawful.''."
            return
        if len(self.stack) == 1:
            return  # amendments announced outside any unit have nothing to nest under
        if inline:
            # the new matter starts on this line ("... the following: ``It shall ..."), unless it
            # also ends here
            if not (closing and closing.start() > inline.end()):
                self.blocks.append(self._new_block(len(self.stack), "quote", self.stack[-1].indent))
                self.blocks[-1].opened_at = start
            return
        if _TRIGGER.search(self.text, max(start, stop - 120), stop) and _AMENDING_VERB.search(
            self.text, max(self.stack[-1].unit.start, stop - 250), stop
        ):
            self.pending = (len(self.stack) - 1, self.stack[-1].indent)

    def finish(self) -> Section:
        return self.root


_LAST_NUMBER = re.compile(r"(\d+)\D*$")


def _section_follows(previous: str, number: str) -> bool:
    """``number`` can be the section after ``previous`` ("3" -> "4", "A-1" -> "A-2", "101" ->
    "103"); unnumbered styles always can."""
    a, b = _LAST_NUMBER.search(previous), _LAST_NUMBER.search(number)
    if not a or not b:
        return True
    if previous[: a.start()] != number[: b.start()]:
        return True  # "A-9" -> "B-1": a new part
    return int(a.group(1)) < int(b.group(1)) <= int(a.group(1)) + 3


def _skip_spaces(text: str, position: int, end: int) -> int:
    while position < end and text[position] == " ":
        position += 1
    return position


def _toc_lines(lines: list[Line], headers: list[Header | None]) -> set[int]:
    """Indices of lines that form a table of contents (runs of body-less section headers
    whose numbers are used again as real section headers)."""
    section_lines = [i for i, header in enumerate(headers) if header is not None and header.kind == "section"]
    if len(section_lines) < _TOC_MIN_RUN * 2:
        return set()
    runs: list[list[int]] = []
    run: list[int] = []
    for i in section_lines:
        if (
            run
            and i - run[-1] - 1 <= _TOC_MAX_GAP_LINES
            and headers[i].style == headers[run[-1]].style  # "Sec. 2." entries, then "SEC. 2."
            and all(headers[i].number != headers[j].number for j in run)
            and not any(headers[j] is not None and headers[j].kind == "enum" for j in range(run[-1] + 1, i))
        ):
            run.append(i)
        else:
            if len(run) >= _TOC_MIN_RUN:
                runs.append(run)
            run = [i]
    if len(run) >= _TOC_MIN_RUN:
        runs.append(run)
    toc: set[int] = set()
    for run in runs:
        # a table of contents comes before the sections it lists
        later = {headers[i].number for i in section_lines if i > run[-1]}
        repeated = sum(1 for i in run if headers[i].number in later)
        if repeated * 3 >= len(run) * 2:
            toc.update(range(run[0], run[-1] + 1))
    return toc


def build_tree(text: str, root_id: str, *, find_line_numbers: bool = True) -> Section:
    """The structural tree (no sentences) of ``text``."""
    lines = logical_lines(text, find_line_numbers=find_line_numbers)
    headers = [match_header(text, line.start, line.end) for line in lines]
    for index in _toc_lines(lines, headers):
        if headers[index] is not None and headers[index].kind in ("section", "division"):
            headers[index] = None
    builder = _Builder(text, root_id)
    for line, header in zip(lines, headers):
        builder.process(line, header)
    return builder.finish()
