"""Segmentation: a :class:`~pipeline.values.Document` -> a tree of :class:`Section` units.

>>> from pipeline.ingest import document_from_text  # doctest: +SKIP
>>> root = segment_sections(document)                # doctest: +SKIP
>>> [unit.id for unit in iter_units(root)][:3]       # doctest: +SKIP
['52-571k', '52-571k(a)', '52-571k(a)(1)']
>>> section_id_at(root, offset)                      # doctest: +SKIP
'52-571k(d)(1)'

The tree: the ``document`` root, its ``section`` units (with any divisions such as TITLE or
PART as ``section`` units above them), ``subsection`` units (the first enumerated level) and
``paragraph`` units (deeper levels), and ``sentence`` units as leaves. Every unit's
``document.text[start:end]`` is exactly its words; children nest inside their parent, in
order, without overlap. See ``docs/segment.md`` for the numbering styles handled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.segment.builder import build_tree
from pipeline.segment.model import KINDS, Section, find_section, iter_sentences, iter_units, section_id_at

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.values import Document

__all__ = [
    "KINDS",
    "Section",
    "segment_sections",
    "segment_text",
    "iter_units",
    "iter_sentences",
    "section_id_at",
    "find_section",
    "check_tree",
]


def segment_text(text: str, *, root_id: str = "document", sentences: bool = True, nlp=None, doc=None,
                 find_line_numbers: bool = True) -> Section:
    """Segment a raw (already normalised) text; offsets index ``text``.

    ``find_line_numbers=False`` when ingestion has already removed printed line numbers.
    """
    root = build_tree(text, root_id, find_line_numbers=find_line_numbers)
    if sentences:
        from pipeline.segment.sentences import add_sentences

        add_sentences(text, root, nlp, doc=doc)
    return root


def segment_sections(document: Document, *, sentences: bool = True, nlp=None, doc=None) -> Section:
    """The section tree of ``document`` (root of kind ``document``, id = the bill id).

    ``sentences=False`` skips the spaCy pass (structure only, several times faster).
    ``nlp`` may be any pipeline whose components set sentence starts (default: a blank
    English pipeline with :mod:`pipeline.tokenizer`'s legal exceptions and sentencizer).
    ``doc``, a spaCy ``Doc`` of ``document.text`` already made (the flagging pipeline's, see
    :func:`pipeline.run.analyze`), is reused for the sentences instead of tokenizing again.
    """
    # ingestion records the printed line numbers it removed (PDF margins, plain-text repair)
    already_removed = any(span.line is not None for span in document.lines)
    return segment_text(document.text, root_id=document.bill_id, sentences=sentences, nlp=nlp, doc=doc,
                        find_line_numbers=not already_removed)


def check_tree(text: str, root: Section) -> list[str]:
    """Violations of the tree invariants (empty when the tree is sound). Used by the tests.

    For every unit: bounds inside the text, no surrounding whitespace, non-empty; children
    inside the parent, ordered, not overlapping; ids unique.
    """
    problems: list[str] = []
    seen: set[str] = set()
    for unit in root.walk():
        if unit.id in seen:
            problems.append(f"duplicate id {unit.id!r}")
        seen.add(unit.id)
        if not 0 <= unit.start <= unit.end <= len(text):
            problems.append(f"{unit.id}: bounds {unit.start}-{unit.end} outside text")
            continue
        span = text[unit.start : unit.end]
        if unit.kind != "document" and (not span or span != span.strip()):
            problems.append(f"{unit.id}: empty or not stripped {span[:20]!r}...{span[-20:]!r}")
        previous_end = unit.start
        for child in unit.children:
            if child.start < previous_end:
                problems.append(f"{child.id}: starts at {child.start} before {previous_end} (overlap/order)")
            if child.end > unit.end:
                problems.append(f"{child.id}: ends at {child.end} after parent {unit.id} ({unit.end})")
            previous_end = child.end
    return problems
