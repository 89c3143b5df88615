"""The repairs made on real texts are exactly those recorded in ``data/repairs_recorded.json``.

The fixture was recorded with the repair code as it stood before the speed-up of the word
pass (commit d72038a, see ``_provenance`` in the file): for each of the 39 shared corpus texts, a
fixed random sample of bulk texts, and damaged copies of the six long corpus texts (the damage
of ``test_repair.damage``, at its rates and at three times them), the word repairs in full and a SHA-256 of the whole repair record
(text, dropped, changed, line spans). A faster implementation must give the same record.
Re-record only when a repair is meant to change: ``python3 -m tests.ingest.test_repair_unchanged``.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from pipeline.config import corpus_dir
from pipeline.ingest import document_from_text, load_document

CORPUS = corpus_dir()
FIXTURE = Path(__file__).parent / "data" / "repairs_recorded.json"
BULK_SEED, BULK_SAMPLE = 20261203, 200
needs_corpus = pytest.mark.skipif(CORPUS is None or not (CORPUS / "texts").is_dir(), reason="shared corpus not available")


def _documents():
    """``(key, Document)`` for every recorded text, in a fixed order."""
    from tests.ingest.test_repair import DAMAGE_SOURCES, _head, damage

    texts = sorted((CORPUS / "texts").glob("*.txt"))
    bulk = sorted((CORPUS / "bulk" / "texts").glob("*.txt"))
    for path in texts:
        yield f"texts/{path.name}", load_document(path)
    for path in sorted(random.Random(BULK_SEED).sample(bulk, BULK_SAMPLE)):
        yield f"bulk/texts/{path.name}", load_document(path)
    for path in DAMAGE_SOURCES:
        damaged, _ = damage(_head(load_document(path).text), random.Random(path.name))
        yield f"damaged/{path.name}", document_from_text(damaged, name="damaged")
        # three times the damage, so that the fixture holds many word repairs of each kind
        damaged, _ = damage(_head(load_document(path).text), random.Random(path.name + "#heavy"),
                            split_rate=0.03, join_rate=0.015)
        yield f"damaged-heavy/{path.name}", document_from_text(damaged, name="damaged")


def _record(document) -> dict:
    whole = json.dumps([document.text,
                        [[s.text, s.offset, s.reason, s.page, s.line] for s in document.dropped],
                        [[s.start, s.end, s.original, s.reason] for s in document.changed],
                        [[s.start, s.end, s.page, s.line] for s in document.lines]])
    return {"sha256": hashlib.sha256(whole.encode("utf-8")).hexdigest(),
            "changed": [[s.start, s.end, s.original, s.reason] for s in document.changed]}


@needs_corpus
def test_repairs_are_those_recorded_before_the_speed_up():
    recorded = json.loads(FIXTURE.read_text())["documents"]
    now = {key: _record(document) for key, document in _documents()}
    assert sorted(now) == sorted(recorded)
    # word repairs first (readable diff), then the whole record
    assert {k: v["changed"] for k, v in now.items()} == {k: v["changed"] for k, v in recorded.items()}
    assert {k: v["sha256"] for k, v in now.items()} == {k: v["sha256"] for k, v in recorded.items()}
    # the fixture is not empty of word repairs: it can tell a missed repair
    assert sum(len(v["changed"]) for v in recorded.values()) >= 100


def test_compound_counts_by_lookup_equal_counts_by_sorted_index():
    """The word pass counts compounds by set look-ups for the first pieces of a process and by
    bisect on a sorted index after; both must give the same count for any piece."""
    from pipeline.ingest.words import _count_compounds

    pieces = ["sub", "over", "under", "follow", "following", "with", "apply", "back", "women", "holds",
              "ability", "ed", "tion", "court", "carry", "church", "zzzq", "a", "in", "ing"]
    for piece in pieces:
        for reverse in (False, True):
            lookup = _count_compounds(piece, reverse, method="lookup")
            assert lookup == _count_compounds(piece, reverse, method="bisect"), (piece, reverse)
    assert _count_compounds("sub", False, method="lookup") >= 10  # "sub-" begins many words: the count is real


if __name__ == "__main__":  # re-record (only when a repair is meant to change)
    import subprocess

    commit = subprocess.run(["git", "log", "-1", "--format=%h", "--", "pipeline/ingest"], capture_output=True, text=True).stdout.strip()
    documents = {key: _record(document) for key, document in _documents()}
    FIXTURE.write_text(json.dumps({
        "_provenance": (f"Recorded by tests/ingest/test_repair_unchanged.py from the repair code at commit {commit} "
                        "(before the word-pass speed-up), on the shared corpus texts, a random sample "
                        f"(seed {BULK_SEED}, {BULK_SAMPLE} files) of corpus/bulk/texts, and damaged copies of the "
                        "six corpus texts over 6 KB (tests/ingest/test_repair.damage, normal and 3x damage rates). Repair records only (hashes and the few words of each word repair); no corpus text is copied."),
        "documents": documents}, indent=1) + "\n")
    print(f"{len(documents)} documents, {sum(len(v['changed']) for v in documents.values())} word repairs")
