"""Every shared-corpus text and PDF segments, and every unit's offsets give back its exact words."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.config import corpus_dir
from pipeline.segment import check_tree, iter_sentences, iter_units, section_id_at

MARGIN = re.compile(r"^(?:\s|\d|Page \d+(?:, Line| - \S+\(\d+\))|(?<=\n)[ \t]*[-*] )*$")
TEXTS = sorted((corpus_dir() / "texts").glob("*.txt"))
PDFS = sorted((corpus_dir() / "pdfs").glob("*.pdf"))
BULK = sorted((corpus_dir() / "bulk" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS + PDFS, ids=lambda p: p.name)
def test_corpus_file_segments_with_exact_offsets(load, path):
    document, root = load(path.parent.name, path.name)
    assert check_tree(document.text, root) == []
    units = list(iter_units(root))
    sentences = list(iter_sentences(root))
    assert sentences, "every document has sentences"
    # sentences cover the words of the document: only whitespace and margin (printed line
    # numbers, page heads) fall between them
    covered = sorted((s.start, s.end) for s in sentences)
    cursor = covered[0][0]
    assert not document.text[: cursor].strip()
    for start, end in covered:
        assert MARGIN.match(document.text[cursor:start]), document.text[cursor:start][:80]
        cursor = end
    assert not document.text[cursor:].strip()
    # each unit's id is where its first character lies
    for unit in units:
        assert section_id_at(root, unit.start) == unit.id


def test_corpus_has_structure_where_documents_are_numbered(load):
    """Files that print section numbers get sections, not one flat blob."""
    flat = []
    for path in TEXTS:
        document, root = load("texts", path.name, sentences=False)
        if "\nSEC" in document.text or "\n§" in document.text or "\n(a)" in document.text:
            if not any(unit.kind == "section" for unit in iter_units(root)) and not root.children:
                flat.append(path.name)
    assert flat == []


@pytest.mark.skipif(not BULK, reason="bulk corpus missing")
def test_bulk_sample_segments_with_exact_offsets(load):
    """A fixed random sample of the 16,000 bulk bills (federal and Maine) keeps the invariants."""
    sample = random.Random(8).sample(BULK, 60)
    with_sections = 0
    for path in sample:
        document, root = load("bulk", "texts", path.name, sentences=False)
        assert check_tree(document.text, root) == [], path.name
        with_sections += any(unit.kind == "section" for unit in iter_units(root))
    assert with_sections >= 50  # nearly every bill has numbered sections
