"""The frozen out-of-sample gold split stays out of sample: no rule data, label or test names it."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.config import project_corpus_dir

GOLD_DIR = project_corpus_dir() / "gold"
REPO = Path(__file__).resolve().parents[2]
#: the first frozen split; later ones (corpus/README.md) are any split whose name starts with "frozen"
FROZEN = "frozen-test-2026-12-03"


def _frozen_cards() -> dict[str, dict]:
    cards = {}
    for path in GOLD_DIR.glob("*.yaml"):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(raw.get("split") or "").startswith("frozen"):
            cards[raw["doc_id"]] = raw
    return cards


def _frozen_ids() -> set[str]:
    return set(_frozen_cards())


def test_frozen_split_is_present_and_mixes_relevant_and_look_alikes():
    cards = _frozen_cards()
    assert sum(card["split"] == FROZEN for card in cards.values()) >= 15
    for split in {card["split"] for card in cards.values()}:
        relevant = [card["relevant"] for card in cards.values() if card["split"] == split]
        assert len(relevant) >= 10, split
        assert 0 < sum(relevant) < len(relevant), split


def test_no_annotation_rule_or_test_names_a_frozen_document():
    ids = _frozen_ids()
    places = [REPO / "pipeline", REPO / "corpus" / "annotations", REPO / "tests", REPO / "benchmarks"]
    for folder in places:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix not in {".py", ".yaml", ".yml", ".json", ".jsonl", ".csv", ".txt", ".md"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            named = sorted(i for i in ids if i in text)
            assert not named, f"{path.relative_to(REPO)} names frozen test documents {named}"
