"""Rule flags: the signal spans of a processed spaCy ``Doc`` as :class:`~pipeline.values.Flag` values.

The spaCy pipeline of :mod:`pipeline.nlp` (run once per document by :mod:`pipeline.run`) puts
signal spans in ``doc.spans["qi_flags"]``; :func:`flags_from_doc` turns them into flags whose
clause is the enclosing sentence unit of the section tree and whose section is the deepest unit
around them. Offsets of spaCy spans are offsets into ``Document.text`` because the tokenizer never
alters text, so ``document.text[flag.start:flag.end] == flag.text`` always holds.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from pipeline.segment import section_id_at
from pipeline.values import Flag, Section

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["FLAGS_KEY", "flags_from_doc"]

FLAGS_KEY = "qi_flags"


def _section_rows(root) -> list[tuple[int, int, str, str]]:
    """``(start, end, id, kind)`` of every node of a section tree, in pre-order."""
    rows, stack = [], [root]
    while stack:
        node = stack.pop()
        rows.append((node.start, node.end, node.id, node.kind))
        stack.extend(reversed(list(getattr(node, "children", ()) or ())))
    rows.sort(key=lambda row: (row[0], -(row[1] - row[0])))
    return rows


class _Sections:
    """Section ids and sentence clauses of one section tree (``None``: no tree)."""

    def __init__(self, root: Section | None):
        self.root = root
        rows = _section_rows(root) if root is not None else []
        self.index = [(s, e, i) for s, e, i, kind in rows if kind not in ("sentence", "document")]
        self.sentences = [(s, e) for s, e, _, kind in rows if kind == "sentence"]
        self._sentence_starts = [s for s, _ in self.sentences]

    def sentence_at(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect_right(self._sentence_starts, start) - 1
        while i >= 0:
            s, e = self.sentences[i]
            if s <= start and end <= e:
                return s, e
            if e <= start:
                break
            i -= 1
        return None


def _strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def flags_from_doc(doc: "Doc", sections: Section | None) -> list[Flag]:
    """``Flag`` objects for the signal spans of a processed ``Doc``, placed in the ``sections`` tree.

    ``sections`` is the tree of the same text (``segment_sections(document, doc=doc)``), or ``None``
    when there is none: the clause is then spaCy's sentence and the section unknown.
    """
    from pipeline.components.context import forget_sentence_starts, sentence_at
    from pipeline.components.extensions import doc_text
    from pipeline.vocab import signal_criteria

    criteria = signal_criteria()
    text = doc_text(doc)
    sections_info = _Sections(sections)
    doc.user_data["qi_section_index"] = sections_info.index
    flags = []
    for span in doc.spans[FLAGS_KEY] if FLAGS_KEY in doc.spans else ():
        start, end = span.start_char, span.end_char
        clause = sections_info.sentence_at(start, end)
        if clause is None:
            sent = sentence_at(doc, span.start)
            clause = (sent.start_char, max(sent.end_char, end))
        clause_start, clause_end = _strip_range(text, *clause)
        flags.append(Flag(
            signal=span.label_,
            criterion=criteria[span.label_],
            start=start,
            end=end,
            text=text[start:end],
            clause_start=clause_start,
            clause_end=clause_end,
            clause_text=text[clause_start:clause_end],
            section=section_id_at(sections_info.root, start),
            source=span._.signal_source or f"rule:{span.label_}",
        ))
    forget_sentence_starts(doc)
    return flags
