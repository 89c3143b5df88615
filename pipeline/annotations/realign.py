"""Repairing record offsets after an ingestion change moved the text (never guessing)."""

from __future__ import annotations

import re

from pipeline.annotations.documents import load_source_document
from pipeline.annotations.records import AnnotatedClause, clause_id


def realign(records: list[AnnotatedClause]) -> tuple[list[AnnotatedClause], list[str]]:
    """Move records whose text shifted to where it now stands.

    The nearest exact occurrence wins; failing that, the nearest occurrence of the same words with
    different whitespace. Records whose words are gone are returned in ``lost`` (never guessed).
    """
    fixed: list[AnnotatedClause] = []
    lost: list[str] = []
    for record in records:
        if record.is_paraphrase:
            fixed.append(record)
            continue
        text = load_source_document(record.doc_id, record.source).text
        if text[record.start : record.end] == record.text:
            fixed.append(record)
            continue
        hits = [(m.start(), m.end()) for m in re.finditer(re.escape(record.text), text)]
        if not hits:
            # Same words, different whitespace (a PDF reader that now joins or breaks lines
            # differently): accept it, since the words and therefore the labels are unchanged.
            words = record.text.split()
            pattern = r"\s+".join(re.escape(word) for word in words)
            hits = [(m.start(), m.end()) for m in re.finditer(pattern, text)] if words else []
        if not hits:
            lost.append(record.id)
            continue
        start, end = min(hits, key=lambda h: abs(h[0] - record.start))
        fixed.append(
            AnnotatedClause(
                **{**record.to_dict(), "start": start, "end": end, "text": text[start:end],
                   "id": clause_id(record.doc_id, start, end)}
            )
        )
    return fixed, lost
