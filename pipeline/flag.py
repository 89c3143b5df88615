"""Flags: clauses the rubric turns on, found by rules (and later the classifier).

``Flag`` is the value handed from flagging to scoring. ``flag_clauses`` is implemented by the
matcher layer (issue 3); this module holds the dataclass so every stage shares one shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Flag:
    """One signal found in a document.

    ``start``/``end`` delimit the matched words and ``clause_start``/``clause_end`` the enclosing
    clause (sentence or enumerated item), all offsets into ``Document.text``. ``source`` names
    what fired: ``"rule:<pattern id>"``, ``"component:<name>"`` or ``"model"``. ``score`` is a
    probability for model flags and ``None`` for rules.
    """

    signal: str
    criterion: str
    start: int
    end: int
    text: str
    clause_start: int
    clause_end: int
    clause_text: str
    section: str | None
    source: str
    score: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# --- rule flagging (issue 3) -------------------------------------------------------------------
# Everything below runs the spaCy pipeline of ``pipeline.nlp`` over the whole document text in
# one pass; offsets of spaCy spans are offsets into ``Document.text`` because the tokenizer
# never alters text, so ``document.text[flag.start:flag.end] == flag.text`` always holds.

from bisect import bisect_right  # noqa: E402
from typing import TYPE_CHECKING, Iterable, Iterator  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from pipeline.document import Document

FLAGS_KEY = "qi_flags"


def _segment_module():
    try:
        from pipeline import segment
    except ImportError:
        return None
    return segment if hasattr(segment, "segment_sections") else None


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
    """Section ids and sentence clauses of one document, from the segmenter when present."""

    def __init__(self, document: "Document", sections=None):
        self.root = sections
        self.segment = _segment_module()
        if self.root is None and self.segment is not None:
            try:
                # Structure only: the flagging Doc already has the sentences (same legal
                # sentencizer), so the segmenter's own spaCy pass would be done twice.
                self.root = self.segment.segment_sections(document, sentences=False)
            except TypeError:  # an older segmenter without the keyword
                self.root = self.segment.segment_sections(document)
            except Exception:  # noqa: BLE001 - segmentation must never stop flagging
                self.root = None
        rows = _section_rows(self.root) if self.root is not None else []
        self.index = [(s, e, i) for s, e, i, kind in rows if kind not in ("sentence", "document")]
        self.sentences = [(s, e) for s, e, _, kind in rows if kind == "sentence"]
        self._sentence_starts = [s for s, _ in self.sentences]

    def section_id_at(self, offset: int) -> str | None:
        if self.root is None:
            return None
        if self.segment is not None and hasattr(self.segment, "section_id_at"):
            try:
                return self.segment.section_id_at(self.root, offset)
            except Exception:  # noqa: BLE001
                pass
        best = None
        for start, end, section_id in self.index:
            if start > offset:
                break
            if start <= offset < end:
                best = section_id
        return best

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


def run_pipeline(text: str, nlp=None) -> "Doc":
    """``nlp(text)`` for the flagging pipeline, with the text stored on the ``Doc`` first so
    that no component has to rebuild it from the tokens (see ``doc_text``)."""
    from pipeline.components.extensions import TEXT_KEY
    from pipeline.nlp import get_nlp

    nlp = nlp or get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def make_doc(document: "Document", sections=None, *, nlp=None) -> "Doc":
    """The spaCy ``Doc`` of ``document.text`` with signal spans in ``doc.spans["qi_flags"]``.

    ``doc.user_data["qi_section_index"]`` holds the section ranges (so ``doc._.section_of``
    works) when a segmentation is given or the segmenter is available.
    """
    doc = run_pipeline(document.text, nlp)
    sections_info = _Sections(document, sections)
    doc.user_data["qi_section_index"] = sections_info.index
    doc.user_data["qi_sections"] = sections_info
    return doc


def flags_from_doc(doc: "Doc", sections_info: "_Sections | None" = None) -> list[Flag]:
    """``Flag`` objects for the signal spans of a processed ``Doc``."""
    from pipeline.components.context import forget_sentence_starts, sentence_at
    from pipeline.components.extensions import signal_criteria

    from pipeline.components.extensions import doc_text

    criteria = signal_criteria()
    text = doc_text(doc)
    if sections_info is None:
        sections_info = doc.user_data.get("qi_sections")
    flags = []
    for span in doc.spans[FLAGS_KEY] if FLAGS_KEY in doc.spans else ():
        start, end = span.start_char, span.end_char
        clause = sections_info.sentence_at(start, end) if sections_info is not None else None
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
            section=sections_info.section_id_at(start) if sections_info is not None else None,
            source=span._.signal_source or f"rule:{span.label_}",
        ))
    forget_sentence_starts(doc)
    return flags


def flag_clauses(document: "Document", sections=None) -> list[Flag]:
    """Rule flags of one document: every clause-level signal the patterns and components find.

    ``sections`` is the root of ``pipeline.segment.segment_sections(document)`` when the caller
    already has it (it is computed here otherwise, when the segmenter is available); it gives
    each flag its section id and its clause (sentence or enumerated item).
    """
    doc = make_doc(document, sections)
    return flags_from_doc(doc)


def analyze(document: "Document", sections=None, *, nlp=None) -> tuple[object, "Doc", list[Flag]]:
    """Segment and flag ``document`` with one tokenizer pass: ``(sections, doc, flags)``.

    The flagging pipeline runs once over ``document.text``; the section tree (with sentence
    units) is built from that same ``Doc`` (``segment_sections(document, doc=doc)``) instead
    of a second spaCy pass of its own, and the flags take their clauses and section ids from
    the tree. The result is what ``flag_clauses(document, sections=segment_sections(document))``
    gives, for about one tokenizer pass less. ``sections`` may be passed when the caller already
    has the tree (then only the pipeline runs). ``sections`` is ``None`` when no segmenter is
    installed.
    """
    doc = run_pipeline(document.text, nlp)
    if sections is None:
        segment = _segment_module()
        if segment is not None:
            try:
                sections = segment.segment_sections(document, doc=doc)
            except Exception:  # noqa: BLE001 - segmentation must never stop flagging
                sections = None
    sections_info = _Sections(document, sections)
    doc.user_data["qi_section_index"] = sections_info.index
    doc.user_data["qi_sections"] = sections_info
    return sections, doc, flags_from_doc(doc, sections_info)


def iter_flag_clauses(documents: Iterable["Document"], *, batch_size: int = 16) -> Iterator[list[Flag]]:
    """``flag_clauses`` for many documents, streaming them through ``nlp.pipe``."""
    from pipeline.nlp import get_nlp

    nlp = get_nlp()
    documents = list(documents) if not isinstance(documents, list) else documents
    texts = (d.text for d in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=batch_size)):
        yield flags_from_doc(doc, _Sections(document))
