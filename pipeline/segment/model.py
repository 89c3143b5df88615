"""Helpers that walk the :class:`~pipeline.values.Section` tree.

A ``Section`` is one unit of a document (the document itself, a section, subsection,
paragraph or sentence) with ``start``/``end`` character offsets into ``Document.text``:
``document.text[start:end]`` is exactly the unit's words, with no surrounding whitespace.
Children lie inside their parent, in order, without overlapping.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from pipeline.values import Section

__all__ = ["KINDS", "Section", "iter_sentences", "iter_units", "section_id_at", "find_section", "within_unit"]

#: Unit kinds, outermost first.
KINDS = ("document", "section", "subsection", "paragraph", "sentence")


def iter_units(root: Section) -> Iterator[Section]:
    """Every structural unit below ``root`` (sections, subsections, paragraphs), in order.

    The root itself and sentences are not included.
    """
    for unit in root.walk():
        if unit is not root and unit.kind != "sentence":
            yield unit


def iter_sentences(root: Section) -> Iterator[Section]:
    """Every sentence unit below ``root``, in document order."""
    for unit in root.walk():
        if unit.kind == "sentence":
            yield unit


def find_section(root: Section, unit_id: str) -> Section | None:
    """The unit with id ``unit_id`` (any kind), or ``None``."""
    for unit in root.walk():
        if unit.id == unit_id:
            return unit
    return None


def within_unit(unit_id: str | None, outer_id: str | None) -> bool:
    """Whether the unit ``unit_id`` is ``outer_id`` or lies inside it, read from the ids alone: a
    child's id extends its parent's with "/<number>" or "(<label>)" ("Sec. 2" holds "Sec. 2(3)" and
    "Sec. 2/41.035", not "Sec. 20"). An empty ``outer_id`` (text outside any unit) holds everything."""
    if not outer_id:
        return True
    if not unit_id or not unit_id.startswith(outer_id):
        return False
    return len(unit_id) == len(outer_id) or unit_id[len(outer_id)] in "(/"


def _build_lookup(root: Section) -> tuple[list[int], list[str | None]]:
    """Boundary offsets and, for each elementary interval, the deepest unit id covering it.

    Walking the tree once, each unit contributes "from my start, the answer is me" and, after
    each child, "from the child's end, the answer is me again"; a final boundary at the root's
    end maps to ``None``. Adjacent equal boundaries keep the last (deepest) write.
    """
    starts: list[int] = []
    ids: list[str | None] = []

    def emit(offset: int, unit_id: str | None) -> None:
        if starts and starts[-1] == offset:
            ids[-1] = unit_id
        else:
            starts.append(offset)
            ids.append(unit_id)

    def visit(unit: Section, unit_id: str | None) -> None:
        emit(unit.start, unit_id)
        for child in unit.children:
            if child.kind == "sentence":
                continue
            visit(child, child.id)
            emit(child.end, unit_id)

    visit(root, None)
    emit(root.end, None)
    return starts, ids


def section_id_at(root: Section | None, offset: int) -> str | None:
    """Id of the deepest non-sentence unit containing ``offset`` (``None`` outside any unit).

    The root document is not a unit: text before the first section (titles, enacting
    clauses) gives ``None``, as does a document without a tree (``root`` is ``None``). The
    lookup table is built once per tree and cached on the root, so each call is one bisection.
    This is the one section-at-offset lookup; flagging and scoring call it.
    """
    if root is None:
        return None
    if root._lookup is None:
        root._lookup = _build_lookup(root)
    starts, ids = root._lookup
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    return ids[index]
