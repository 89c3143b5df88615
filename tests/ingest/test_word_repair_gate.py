"""The run path skips the word repair only where triage rejects the bill with or without it.

``may_pass_prefilter`` looks for the prefilter's stems in the text with its spaces taken out;
the word repair only takes out or puts in spaces, so a text it rejects is rejected by the
prefilter however its words are spaced. Checked on damaged copies (``damage.py``: split and
run-together words, glued line numbers, page slugs) of the clean corpus texts and of bulk bills,
at the damage rate of the repair tests and at five times it.
"""

from __future__ import annotations

import random

import pytest

from pipeline.config import corpus_dir
from pipeline.ingest import document_from_text
from pipeline.relevance import may_pass_prefilter, prefilter, relevance
from pipeline.run import score_text

from damage import damage  # test helper registered by conftest.py

CORPUS = corpus_dir()
TEXTS = sorted((CORPUS / "texts").glob("*.txt")) if CORPUS else []
BULK = sorted((CORPUS / "bulk" / "texts").glob("*.txt")) if CORPUS else []
needs_corpus = pytest.mark.skipif(not TEXTS or not BULK, reason="shared corpus not available")


def test_a_cue_split_by_damage_is_found_and_repaired_before_triage():
    # every liability stem of this sentence is broken by a space; the prefilter on the damaged
    # text sees none of them, the word repair rejoins some ("co lor", "depri vation"; a short text
    # gives it little evidence for the others), and triage then lets the bill through
    damaged = ("Sec. 2. Civil remedy.\nA law enforcement officer who, under co lor of law, subjects a person to "
               "the depri vation of a right is personally lia ble to the person inj ured, and qualif ied imm unity "
               "is not a defen se to an action under this section.\n")
    unrepaired = document_from_text(damaged, repair_words=False).text
    assert prefilter(unrepaired) is not None  # the damage hides every cue
    assert may_pass_prefilter(unrepaired)
    gated = document_from_text(damaged, repair_words=may_pass_prefilter)
    assert "under color of law" in gated.text and "deprivation" in gated.text
    assert gated.text == document_from_text(damaged).text
    assert prefilter(gated.text) is None
    assert score_text(damaged, "damaged").scorecard.relevant


def test_a_bill_without_any_stem_skips_the_word_repair():
    text = ("Sec. 1. The commissioner shall designate the first Saturday in June as Lighthouse Day. "
            "The commis sioner may accept gifts for the observance.\n")
    assert not may_pass_prefilter(document_from_text(text, repair_words=False).text)
    assert "commis sioner" in document_from_text(text, repair_words=may_pass_prefilter).text
    assert "The commissioner may" in document_from_text(text).text  # the full repair rejoins it


def _copies(paths, seeds, rates):
    for path in paths:
        clean = path.read_text(encoding="utf-8", errors="replace")
        for seed in seeds:
            for rate in rates:
                damaged, _ = damage(clean, random.Random(f"{path.name}-{seed}"), split_rate=rate, join_rate=rate / 2)
                yield path.name, damaged


@needs_corpus
def test_skipping_the_word_repair_never_changes_triage_on_damaged_copies():
    bulk = random.Random(20261203).sample(BULK, 60)
    checked = passed = skipped = 0
    for name, damaged in _copies(TEXTS + bulk, seeds=(1, 2), rates=(0.01, 0.05)):
        full = document_from_text(damaged, name)
        unrepaired = document_from_text(damaged, name, repair_words=False)
        gate = may_pass_prefilter(unrepaired.text)
        if prefilter(full.text) is None:
            passed += 1
            assert gate, name  # the gate never hides a bill the prefilter would let through
        skipped += not gate
        gated = document_from_text(damaged, name, repair_words=may_pass_prefilter)
        assert relevance(gated) == relevance(full), name
        checked += 1
    # the measure can fail: both kinds occur (liability texts pass, most bulk bills are skipped)
    assert passed >= len(TEXTS) * 4 * 0.8 and skipped >= 60 * 4 * 0.5, (checked, passed, skipped)
