"""End to end: score every gold document with the real pipeline and compare (a regression floor).

The floor is deliberately below the measured figure (0.96 over all judged criteria on
2026-11-25, rules only; see docs/scoring.md): it catches a flagging or scoring change that
breaks many verdicts, not a single disagreement. Documents over 60,000 characters are left out
to keep the test fast; `statute evaluate --score` covers them.

Gold of the frozen out-of-sample test split (``split: frozen-test-...`` in the yaml, see
corpus/README.md) is left out of this floor on purpose: a regression floor is something rules
get changed to pass, and rules must never be tuned to the frozen split. Its agreement is reported
separately (out of sample), not asserted here.
"""

from __future__ import annotations

import pytest
import yaml

from pipeline.config import corpus_dir, project_corpus_dir
from pipeline.evaluate import evaluate, gold_source_path, load_gold
from pipeline.run import scorecard_for as score_file

pytestmark = pytest.mark.skipif(not (corpus_dir() / "texts").is_dir(), reason="shared corpus not available")

FLOOR_ALL = 0.85
MAX_CHARS = 60_000


def _in_frozen_split(card) -> bool:
    raw = yaml.safe_load(card.path.read_text(encoding="utf-8")) if card.path else {}
    return str(raw.get("split", "")).startswith("frozen-test")


@pytest.fixture(scope="module")
def evaluation():
    gold = {doc_id: card for doc_id, card in load_gold(project_corpus_dir() / "gold").items()
            if gold_source_path(card).stat().st_size <= MAX_CHARS and not _in_frozen_split(card)}
    preds = {}
    for card in gold.values():
        scorecard = score_file(gold_source_path(card))
        preds[scorecard.bill_id] = scorecard
    return evaluate(gold, preds), gold


def test_every_gold_document_was_scored(evaluation):
    result, gold = evaluation
    assert not result.missing
    assert len(gold) >= 25


def test_agreement_with_gold_stays_above_the_floor(evaluation):
    result, _ = evaluation
    per = {row["criterion"]: row for row in result.per_criterion()}
    disagreements = [(r["doc_id"], r["criterion"], r["gold"], r["pred"]) for r in result.disagreements()]
    assert per["all"]["agreement"] >= FLOOR_ALL, disagreements
    assert per["end_qi_law_enforcement"]["agreement"] >= 0.9, disagreements


def test_few_wrong_verdicts_escape_review(evaluation):
    """Wrong verdicts not sent to review (issue 11's "confident errors") stay rare.

    This used to assert that at least half of the disagreements are sent to review; once the
    rules read the 2026-12-03 rubric moves, most of the *reviewed* disagreements were fixed
    (16 disagreements, 8 unreviewed at 3e00d39; 7 and 4 after), so the share fell while the
    count that matters halved. The floor is on that count, relative to the verdicts judged.
    """
    result, _ = evaluation
    wrong = result.disagreements()
    confident = [r for r in wrong if not r["needs_review"]]
    judged = next(row["n"] for row in result.per_criterion() if row["criterion"] == "all")
    assert len(confident) <= 0.02 * judged, confident
