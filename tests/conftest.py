"""Shared fixtures: a draft scorecard for the Connecticut statute built on its real text (report and review tests).

The verdicts follow the human scorecard of RUBRIC.md (worked example), and each piece of
evidence is located in the normalised text of ``corpus/texts/ct-cgs-52-571k.txt`` by its quote,
so the report tests exercise real offsets and real bill text. (Scoring itself is tested by the
scoring area; here the subject is the rendering.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import corpus_dir
from pipeline.ingest import load_document


def _shared_corpus_path(*parts: str) -> Path:
    path = corpus_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus file missing: {path}")
    return path


@pytest.fixture
def corpus_file():
    """``corpus_file("texts", "x.txt") -> Path`` in the shared corpus; skips the test when it is absent."""
    return _shared_corpus_path
from pipeline.values import CriterionResult, Evidence, Scorecard

CT_PATH = corpus_dir() / "texts" / "ct-cgs-52-571k.txt"

# criterion -> (verdict, needs_review, explanation, quote or None, signal)
CT_DRAFT = {
    "end_qi_law_enforcement": ("no", False, 'No. The law keeps a defense when "the police officer had an objectively good faith belief that such officer\'s conduct did not violate the law."',
                               "objectively good faith belief that such officer's conduct did not violate the law", "good_faith_defense_retained"),
    "end_qi_public_employees": ("no", False, "No. Only police officers are covered.", "No police officer, acting alone or in conspiracy with another", "covers_police_only"),
    "end_qi_state_constitution": ("yes", False, 'Yes. The action covers "the protections, privileges and immunities guaranteed under article first of the Constitution of the state."',
                                  "privileges and immunities guaranteed under article first of the Constitution of the state", "rights_all_state_constitution"),
    "no_liability_caps": ("yes", True, "Yes. The law has no monetary cap; existing caps of the state apply unless lifted.", None, None),
    "failure_to_intervene": ("no", False, "No. The statewide law has no mention of peace officers being civilly liable for failing to intervene.", None, None),
    "full_compensation": ("yes", False, 'Yes. "each municipality or law enforcement unit shall protect and save harmless any such police officer from financial loss and expense"',
                          "shall protect and save harmless any such police officer from financial loss and expense", "indemnify_mandatory"),
    "attorney_fees": ("no", False, 'No. The law includes attorney fees, however, "may" is not strong enough: "the plaintiff may be awarded costs and reasonable attorney\'s fees."',
                      "the plaintiff may be awarded costs and reasonable attorney's fees", "fees_discretionary"),
    "individual_accountability": ("no", True, "No. Nothing ensures the officer is held individually accountable.", None, None),
    "public_records": ("partial", True, "Partially meets standard. The bill is silent; the state FOI act decides (review).", None, None),
}


def build_ct_draft(document=None) -> Scorecard:
    document = document or load_document(CT_PATH)
    criteria = {}
    for cid, (verdict, review, explanation, quote, signal) in CT_DRAFT.items():
        evidence = []
        if quote:
            start = document.text.index(quote)
            evidence.append(Evidence(quote, start, start + len(quote), section="52-571k", signals=[f"rule:{signal}"]))
        criteria[cid] = CriterionResult(verdict, 0.8, review, explanation, evidence)
    return Scorecard(
        bill_id=document.bill_id,
        source=document.source.to_dict(),
        pipeline={"version": "0.1.0", "model": "clause-clf-test"},
        relevant=True,
        criteria=criteria,
    )


@pytest.fixture(scope="session")
def ct_document():
    return load_document(CT_PATH)


@pytest.fixture()
def ct_draft(ct_document) -> Scorecard:
    return build_ct_draft(ct_document)

@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus root (``pipeline.config.corpus_dir()``)."""
    root = corpus_dir()
    if not (root / "texts").is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root
