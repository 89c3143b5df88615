"""``Doc`` / ``Span`` extension attributes used by the flagging components.

Registered once, on import (``force=True`` keeps re-imports and reloads harmless). The cue
spans of the span ruler carry context (modality, negation, scope markers, money values) set
by the context components; the signal spans in ``doc.spans["qi_flags"]`` carry the criterion
they feed and the pattern or component that produced them.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

from pipeline.vocab import signal_criteria

CUES_KEY = "qi_cues"
FLAGS_KEY = "qi_flags"
#: ``doc.user_data`` key of the document text (see :func:`doc_text`).
TEXT_KEY = "qi_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built at most once per ``Doc``.

    ``Doc.text`` joins every token's text in Python on each access (about a third of a
    tokenizer pass on a bill); the components and ``flags_from_doc`` need it several times.
    ``pipeline.flag`` stores the source text here before running the pipeline, so usually it
    is never built at all.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is not None and len(doc):
        last = doc[-1]
        if last.idx + len(last.text_with_ws) != len(text):
            text = None  # not this doc's text (user_data copied from elsewhere)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text




def _criterion_of(span: Span) -> str | None:
    return signal_criteria().get(span.label_)


def _section_of(doc: Doc, where) -> str | None:
    """Section id at a character offset (or a span's start), from ``doc.user_data``.

    ``flag.make_doc`` stores a sorted list of ``(start, end, section_id)`` leaves under
    ``doc.user_data["qi_section_index"]`` when a segmentation is available.
    """
    index = doc.user_data.get("qi_section_index")
    if not index:
        return None
    offset = where if isinstance(where, int) else where.start_char
    starts = [row[0] for row in index]
    i = bisect_right(starts, offset) - 1
    while i >= 0:
        start, end, section_id = index[i]
        if start <= offset < end:
            return section_id
        i -= 1
    return None


def register_extensions() -> None:
    """Register all extension attributes (idempotent)."""
    # On cue spans (set by qi_modality / qi_scope / qi_money):
    Span.set_extension("modality", default=None, force=True)  # "mandatory" | "permissive" | None
    Span.set_extension("negated", default=False, force=True)
    Span.set_extension("scope", default=(), force=True)  # scope markers in the clause, e.g. ("unless",)
    Span.set_extension("exception_after", default=False, force=True)  # an except/unless/if follows the cue
    Span.set_extension("amount", default=None, force=True)  # money value in dollars
    Span.set_extension("per", default=None, force=True)  # "claimant", "occurrence", ...
    # On signal spans:
    Span.set_extension("signal_source", default=None, force=True)
    Span.set_extension("criterion", getter=_criterion_of, force=True)
    # On the doc:
    Doc.set_extension("section_of", method=_section_of, force=True)
    Doc.set_extension("nonoperative", default=(), force=True)  # (start_char, end_char) of findings etc.


register_extensions()
