"""The team-written blind test set stays blind: no rule data, label, test or benchmark names it, and its
gold is well formed (parses, quotes are exact substrings of its own text, relevant bills and look-alikes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from pipeline.vocab import CRITERIA_IDS

REPO = Path(__file__).resolve().parents[2]
BLIND_DIR = REPO / "corpus" / "blind"
#: blind batches (corpus/blind/README.md); a batch opened for error analysis is renamed dev-blind-<date>
BLIND = {"blind-test-2026-12-03", "blind-test-2026-12-04", "blind-test-2026-12-04b", "blind-test-2026-12-04c", "blind-test-2026-12-04d", "blind-test-2026-12-04e", "blind-test-2026-12-04f", "blind-test-2026-12-05", "blind-test-2026-12-05b", "blind-test-2026-12-05c", "blind-test-2026-12-05d", "blind-test-2026-12-05e", "blind-test-2026-12-05f", "blind-test-2026-12-05g", "blind-test-2026-12-05i", "blind-test-2026-12-05k", "blind-test-2026-12-06", "blind-test-2026-12-06e", "blind-test-2026-12-06f", "blind-test-2026-12-06g", "blind-test-2026-12-06h", "blind-test-2026-12-06i"}
DEV = {"dev-blind-2026-12-03", "dev-blind-2026-12-04", "dev-blind-2026-12-04b", "dev-blind-2026-12-04c", "dev-blind-2026-12-04d", "dev-blind-2026-12-04e", "dev-blind-2026-12-05b", "dev-blind-2026-12-05d", "dev-blind-2026-12-05e", "dev-blind-2026-12-05f", "dev-blind-2026-12-05g", "dev-blind-2026-12-05h", "dev-blind-2026-12-06", "dev-blind-2026-12-06b", "dev-blind-2026-12-06c", "dev-blind-2026-12-06f", "dev-blind-2026-12-06g"}
CRITERIA = set(CRITERIA_IDS)  # the rubric's ids, from the one place that lists them
VERDICTS = {"yes", "partial", "no", None}


def _gold() -> dict[str, dict]:
    cards = {}
    for path in sorted((BLIND_DIR / "gold").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert raw["doc_id"] == path.stem, path.name
        cards[raw["doc_id"]] = raw
    return cards


def test_blind_set_is_present_and_mixes_relevant_and_look_alikes():
    cards = _gold()
    assert len(cards) >= 15
    assert all(card["split"] in BLIND | DEV for card in cards.values())
    assert sum(card["split"] in BLIND for card in cards.values()) >= 15  # a blind batch stays blind
    relevant = [card["relevant"] for card in cards.values()]
    assert 0 < sum(relevant) < len(relevant)
    assert len({card["jurisdiction"] for card in cards.values()}) >= 10


def test_blind_gold_quotes_are_exact_substrings_of_its_text():
    for doc_id, card in _gold().items():
        text_path = BLIND_DIR / card["source"]
        raw = text_path.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == card["doc_sha256"], doc_id
        text = raw.decode("utf-8")
        assert set(card["criteria"]) == CRITERIA, doc_id
        for criterion, verdict in card["criteria"].items():
            assert verdict["verdict"] in VERDICTS, (doc_id, criterion)
            if verdict["verdict"] is None:
                assert verdict.get("judgeable") is False, (doc_id, criterion)
            for quote in verdict["quotes"]:
                assert quote in text, f"{doc_id} {criterion}: quote not in text: {quote[:60]}"


def test_blind_manifest_lists_every_gold_file_and_text():
    manifest = (BLIND_DIR / "MANIFEST.csv").read_text(encoding="utf-8")
    for doc_id in _gold():
        assert f"gold/{doc_id}.yaml" in manifest
        assert f"texts/{doc_id}.txt" in manifest
    texts = {p.stem for p in (BLIND_DIR / "texts").glob("*.txt")}
    assert texts == set(_gold())


def test_no_annotation_rule_test_or_benchmark_names_a_blind_document():
    ids = set(_gold())
    this_file = Path(__file__).resolve()
    places = [REPO / "pipeline", REPO / "corpus" / "annotations", REPO / "corpus" / "gold", REPO / "tests", REPO / "benchmarks"]
    for folder in places:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if not path.is_file() or path.resolve() == this_file:
                continue
            if path.suffix not in {".py", ".yaml", ".yml", ".json", ".jsonl", ".csv", ".txt", ".md"}:
                continue
            # measured results of the blind set (benchmarks/results/blind-*) may name its documents
            if "results" in path.parts and path.name.startswith("blind-"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            named = sorted(i for i in ids if i in text)
            assert not named, f"{path.relative_to(REPO)} names blind test documents {named}"
