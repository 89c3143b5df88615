"""The :class:`Section` tree and the helpers that walk it.

A ``Section`` is one unit of a document (the document itself, a section, subsection,
paragraph or sentence) with ``start``/``end`` character offsets into ``Document.text``:
``document.text[start:end]`` is exactly the unit's words, with no surrounding whitespace.
Children lie inside their parent, in order, without overlapping.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.document import Document

__all__ = ["KINDS", "Section", "iter_sentences", "iter_units", "section_id_at", "find_section"]

#: Unit kinds, outermost first.
KINDS = ("document", "section", "subsection", "paragraph", "sentence")


@dataclass
class Section:
    """One unit of a document's structure.

    ``id`` is built from the document's own numbering (``52-571k(d)(1)``, ``SEC. 2(a)``,
    ``41-4A-3(B)``) and is unique within the document; sentences are ``<unit id>#s<n>``.
    ``label`` is the enumerator as printed (``"(d)"``, ``"SEC. 2."``); ``heading`` the unit's
    caption when it has one. ``quoted`` marks units inside quoted inserted matter ("is amended
    by adding at the end the following: ..."), whose ids continue the amending unit's id.
    """

    id: str
    kind: str
    label: str | None
    heading: str | None
    start: int
    end: int
    children: list[Section] = field(default_factory=list)
    quoted: bool = False
    _lookup: tuple[list[int], list[str | None]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def text(self, document: Document | str) -> str:
        """The unit's exact words: ``document.text[start:end]``."""
        source = document if isinstance(document, str) else document.text
        return source[self.start : self.end]

    def to_dict(self, *, sentences: bool = True) -> dict:
        """Plain JSON-able form; ``sentences=False`` leaves sentence units out."""
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "heading": self.heading,
            "start": self.start,
            "end": self.end,
            "quoted": self.quoted,
            "children": [
                child.to_dict(sentences=sentences)
                for child in self.children
                if sentences or child.kind != "sentence"
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Section:
        return cls(
            id=data["id"],
            kind=data["kind"],
            label=data.get("label"),
            heading=data.get("heading"),
            start=data["start"],
            end=data["end"],
            children=[cls.from_dict(child) for child in data.get("children", [])],
            quoted=data.get("quoted", False),
        )

    def walk(self) -> Iterator[Section]:
        """This unit and every descendant, in document order (pre-order)."""
        stack = [self]
        while stack:
            unit = stack.pop()
            yield unit
            stack.extend(reversed(unit.children))


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


def section_id_at(root: Section, offset: int) -> str | None:
    """Id of the deepest non-sentence unit containing ``offset`` (``None`` outside any unit).

    The root document is not a unit: text before the first section (titles, enacting
    clauses) gives ``None``. The lookup table is built once per tree and cached on the root,
    so each call is one bisection.
    """
    if root._lookup is None:
        root._lookup = _build_lookup(root)
    starts, ids = root._lookup
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    return ids[index]
