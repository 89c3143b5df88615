"""Checking records against the label set, their own rules and the shared corpus."""

from __future__ import annotations

from typing import Iterable

from pipeline.annotations.documents import load_source_document
from pipeline.annotations.records import METHODS, PARAPHRASE_DOC_ID, SOURCES, AnnotatedClause
from pipeline.vocab import signal_labels


def validate(records: Iterable[AnnotatedClause]) -> list[str]:
    """Problems found, one line each (empty list: all good).

    Checks: known source, method and labels; unique ids; paraphrases never evaluation data;
    for corpus records, the raw file's sha256 and ``text == document.text[start:end]``.
    """
    known = set(signal_labels())
    problems: list[str] = []
    seen: set[str] = set()
    for record in records:
        where = record.id
        if record.id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(record.id)
        if record.source not in SOURCES:
            problems.append(f"{where}: unknown source {record.source!r}")
        if record.method not in METHODS:
            problems.append(f"{where}: unknown method {record.method!r}")
        unknown = [label for label in record.labels if label not in known]
        if unknown:
            problems.append(f"{where}: unknown labels {unknown}")
        if len(set(record.labels)) != len(record.labels):
            problems.append(f"{where}: repeated label")
        if not record.text.strip():
            problems.append(f"{where}: empty text")
        if record.is_paraphrase:
            if record.eval:
                problems.append(f"{where}: paraphrase marked eval")
            if record.method != "paraphrase (team-written)" or record.doc_id != PARAPHRASE_DOC_ID:
                problems.append(f"{where}: paraphrase must have doc_id 'paraphrase' and its method")
            if (record.start, record.end) != (0, len(record.text)):
                problems.append(f"{where}: paraphrase offsets must be 0..len(text)")
            continue
        if record.method == "paraphrase (team-written)":
            problems.append(f"{where}: corpus record with paraphrase method")
        try:
            document = load_source_document(record.doc_id, record.source)
        except Exception as error:  # a missing or unreadable file is a problem to report
            problems.append(f"{where}: cannot load document: {error}")
            continue
        if document.source.sha256 != record.doc_sha256:
            problems.append(f"{where}: sha256 differs from the shared file")
        if document.text[record.start : record.end] != record.text:
            problems.append(f"{where}: text does not match document.text[{record.start}:{record.end}]")
    return problems
