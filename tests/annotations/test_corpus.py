"""The annotated clause corpus checked against the shared corpus it points into.

Every record must point at real text: its offsets must cut exactly its ``text`` out of
``load_document(path).text`` and its ``doc_sha256`` must be the raw file's sha256. These tests
read every record (several thousand) and every referenced document once.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict

import pytest

from pipeline.annotations import (
    METHODS,
    SOURCES,
    annotations_dir,
    default_paths,
    doc_groups,
    load_annotations,
    load_relevance,
    load_source_document,
    signal_labels,
    validate,
)
from pipeline.config import corpus_dir, project_corpus_dir


@pytest.fixture(scope="module")
def records():
    return load_annotations()


def test_annotation_files_exist_and_load(records):
    names = {path.name for path in default_paths()}
    assert {"qi.jsonl", "paraphrases.jsonl"} <= names
    assert len(records) > 1000
    assert all(record.source in SOURCES and record.method in METHODS for record in records)


def test_every_record_matches_the_shared_corpus(records):
    problems = validate(records)
    assert problems == [], "\n".join(problems[:20])


def test_labels_are_known_and_ids_unique(records):
    known = set(signal_labels())
    assert all(set(record.labels) <= known for record in records)
    ids = [record.id for record in records]
    assert len(ids) == len(set(ids))


def test_paraphrases_are_never_evaluation_data(records):
    paraphrases = [r for r in records if r.source == "paraphrase"]
    assert paraphrases, "the paraphrase file is part of the corpus"
    assert not any(r.eval for r in paraphrases)
    assert all(r.doc_sha256 is None and r.doc_id == "paraphrase" for r in paraphrases)
    assert all(r.method == "paraphrase (team-written)" for r in paraphrases)
    assert not any(r.eval for r in records if r.method == "paraphrase (team-written)")


def test_paraphrases_do_not_copy_corpus_clauses(records):
    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    corpus_texts = {norm(r.text) for r in records if r.source != "paraphrase"}
    copied = [r.id for r in records if r.source == "paraphrase" and norm(r.text) in corpus_texts]
    assert copied == []


def test_every_label_with_corpus_positives_has_them_in_the_shared_qi_texts_or_bulk(records):
    positives = defaultdict(int)
    for record in records:
        if record.source != "paraphrase":
            for label in record.labels:
                positives[label] += 1
    # indemnify_discretionary has no corpus positive (documented in DATACARD.md); all others do.
    missing = [label for label in signal_labels() if positives[label] == 0]
    assert missing == ["indemnify_discretionary"]


def test_fully_annotated_shared_texts_have_every_word_inside_a_clause(records):
    """'Every clause of every QI text': no letter of those texts is left outside an annotated span."""
    spans = defaultdict(list)
    for record in records:
        if record.source == "shared":
            spans[record.doc_id].append((record.start, record.end))
    texts = sorted(p.stem for p in (corpus_dir() / "texts").glob("*.txt"))
    assert set(texts) <= set(spans), f"shared texts without annotations: {set(texts) - set(spans)}"
    for doc_id in texts:
        text = load_source_document(doc_id, "shared").text
        covered = bytearray(len(text))
        for start, end in spans[doc_id]:
            covered[start:end] = b"\x01" * (end - start)
        outside = [m.start() for m in re.finditer(r"[A-Za-z]", text) if not covered[m.start()]]
        assert outside == [], f"{doc_id}: letters outside any clause at {outside[:5]}"


def test_relevance_sample_points_at_real_files_and_has_lookalikes():
    labels = load_relevance()
    assert len(labels) >= 250
    root = corpus_dir()
    for label in labels:
        path = root / label.path
        assert path.is_file(), label.path
        assert hashlib.sha256(path.read_bytes()).hexdigest() == label.sha256, label.doc_id
    assert sum(label.kind.startswith("lookalike") for label in labels) >= 40
    assert sum(label.relevant for label in labels) >= 30
    assert len({label.doc_id for label in labels}) == len(labels)


def test_doc_groups_name_real_documents(records):
    annotated = {r.doc_id for r in records}
    relevance = {label.doc_id for label in load_relevance()}
    groups = doc_groups()
    assert groups
    assert set(groups) <= annotated | relevance
    # the excerpt of S. 3912 sec. 102 duplicates the full bill: same group, and kept out of evaluation
    assert groups["us-s3912-2020-sec102"] == groups["us-s3912-2020"]
    assert not any(r.eval for r in records if r.doc_id == "us-s3912-2020-sec102")


def test_manifest_lists_every_file_under_corpus_annotations():
    manifest = annotations_dir() / "MANIFEST.csv"
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    listed = {row["file"] for row in rows}
    present = {str(p.relative_to(project_corpus_dir())) for p in annotations_dir().iterdir() if p.is_file()}
    present.add("ANNOTATION.md")
    assert present <= listed, f"files without a manifest row: {present - listed}"
    assert all(row["how_produced"].strip() and row["source"].strip() for row in rows)


def test_data_card_counts_are_current(records):
    from pipeline.annotations import card_markdown

    card = (annotations_dir() / "DATACARD.md").read_text(encoding="utf-8")
    assert card_markdown(records) in card, "run `statute annotations card`"


def test_manifest_names_the_source_documents_of_every_jsonl_file():
    with open(annotations_dir() / "MANIFEST.csv", encoding="utf-8", newline="") as handle:
        sources = {row["file"]: row["source"] for row in csv.DictReader(handle)}
    for path in default_paths():
        listed = sources[f"annotations/{path.name}"]
        for record in load_annotations([path]):
            if record.source != "paraphrase":
                assert f"{record.source}:{record.doc_id}@{record.doc_sha256}" in listed, (path.name, record.doc_id)
