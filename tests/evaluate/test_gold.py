"""The gold scorecards and jurisdiction facts: well-formed, verbatim, provenance recorded."""

from __future__ import annotations

import csv
import hashlib
import re

import pytest

from pipeline.config import corpus_dir, project_corpus_dir
from pipeline.evaluate import GOLD_MARK, gold_source_path, load_gold
from pipeline.ingest import load_document
from pipeline.jurisdiction import available_jurisdictions, load_jurisdiction
from pipeline.vocab import load_rubric

GOLD_DIR = project_corpus_dir() / "gold"
JURISDICTIONS_DIR = project_corpus_dir() / "jurisdictions"
TEXTS = corpus_dir() / "texts"

needs_corpus = pytest.mark.skipif(not TEXTS.is_dir(), reason="shared corpus not available")


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD_DIR)


def test_gold_is_marked_as_team_judgement(gold):
    assert len(gold) >= 20
    for card in gold.values():
        assert card.judged_by == GOLD_MARK
        assert set(card.criteria) == set(load_rubric().ids)
        assert card.judged, card.doc_id


@needs_corpus
def test_gold_quotes_are_verbatim_in_the_normalised_text(gold):
    for card in gold.values():
        path = gold_source_path(card)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == card.doc_sha256, card.doc_id
        text = load_document(path).text
        for cid, criterion in card.criteria.items():
            for quote in criterion.quotes:
                assert quote in text, (card.doc_id, cid, quote)


def _worked_example() -> dict[str, str]:
    """The human Connecticut scorecard, read from the table in shared/RUBRIC.md."""
    rubric_md = (corpus_dir().parent / "RUBRIC.md").read_text(encoding="utf-8")
    section = rubric_md.split("## Worked example", 1)[1]
    rows = re.findall(r"^\| (\w+) \| (yes|no|partial) \|", section, flags=re.MULTILINE)
    return dict(rows)


@pytest.mark.skipif(not (corpus_dir().parent / "RUBRIC.md").is_file(), reason="RUBRIC.md not available")
def test_connecticut_gold_is_the_worked_example(gold):
    example = _worked_example()
    assert set(example) == set(load_rubric().ids)
    ct = gold["ct-cgs-52-571k"]
    assert {cid: c.verdict for cid, c in ct.criteria.items()} == example
    assert ct.criteria["public_records"].rests_on_law


def test_every_gold_file_has_a_manifest_row():
    with (GOLD_DIR / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    listed = {row["file"] for row in rows if row["status"] == "judged"}
    assert listed == {p.name for p in GOLD_DIR.glob("*.yaml")}
    for row in rows:
        if row["status"] == "skipped":
            assert row["reason"], row["doc_id"]


def test_every_jurisdiction_file_has_a_manifest_row_and_parses():
    with (JURISDICTIONS_DIR / "MANIFEST.csv").open(encoding="utf-8") as fh:
        listed = {row["file"] for row in csv.DictReader(fh)}
    assert listed == {p.name for p in JURISDICTIONS_DIR.glob("*.yaml")}
    for code in available_jurisdictions():
        assert load_jurisdiction(code) is not None


@needs_corpus
def test_jurisdiction_quotes_are_verbatim_in_their_corpus_source():
    checked = 0
    for code in available_jurisdictions():
        for topic, fact in load_jurisdiction(code).facts.items():
            if not fact.known:
                assert fact.verdict_if_silent is None
                continue
            assert fact.citation and fact.source, (code, topic)
            if fact.quote:
                sources = [part.strip().split(" ")[0] for part in fact.source.split(";")]
                texts = [load_document(TEXTS / f"{s}.txt").text for s in sources if (TEXTS / f"{s}.txt").is_file()]
                assert any(fact.quote in t for t in texts), (code, topic)
                checked += 1
    assert checked >= 5
