"""The annotated clause corpus: load, validate, realign, split, suggest, describe.

One job per module:

* :mod:`~pipeline.annotations.records` -- the clause record (:class:`AnnotatedClause`), relevance
  labels, cross-validation groups, reading and writing ``corpus/annotations/*.jsonl``;
* :mod:`~pipeline.annotations.documents` -- the shared-corpus document a record points into;
* :mod:`~pipeline.annotations.validate` -- every record checked against labels, rules and corpus;
* :mod:`~pipeline.annotations.realign` -- offsets repaired after ingestion moved text;
* :mod:`~pipeline.annotations.clauses` -- the annotation clause unit (:func:`split_clauses`);
* :mod:`~pipeline.annotations.suggest` -- label proposals (rules + keyword cues) for review;
* :mod:`~pipeline.annotations.card` -- the generated counts of ``DATACARD.md``;
* :mod:`~pipeline.annotations.manifest` -- ``MANIFEST.csv``.

The command line is ``statute annotations suggest|validate|card|manifest|realign``
(:mod:`pipeline.cli.annotate`).
"""

from __future__ import annotations

from pipeline.annotations.card import card_markdown, counts, update_card
from pipeline.annotations.clauses import split_clauses
from pipeline.annotations.documents import document_path, load_source_document
from pipeline.annotations.manifest import write_manifest
from pipeline.annotations.realign import realign
from pipeline.annotations.records import (
    METHODS,
    PARAPHRASE_DOC_ID,
    RECORD_KEYS,
    SOURCES,
    AnnotatedClause,
    RelevanceLabel,
    annotations_dir,
    clause_id,
    default_paths,
    doc_groups,
    group_of,
    load_annotations,
    load_relevance,
    write_jsonl,
)
from pipeline.annotations.suggest import Suggestion, cue_labels, method_for, suggest
from pipeline.annotations.validate import validate
from pipeline.vocab import signal_criteria, signal_labels

__all__ = [
    "METHODS", "PARAPHRASE_DOC_ID", "RECORD_KEYS", "SOURCES", "AnnotatedClause", "RelevanceLabel",
    "Suggestion", "annotations_dir", "card_markdown", "clause_id", "counts", "cue_labels", "default_paths",
    "doc_groups", "document_path", "group_of", "load_annotations", "load_relevance", "load_source_document",
    "method_for", "realign", "signal_criteria", "signal_labels", "split_clauses", "suggest", "update_card",
    "validate", "write_jsonl", "write_manifest",
]
