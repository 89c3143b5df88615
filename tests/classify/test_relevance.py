"""Relevance triage: the keyword prefilter and (when trained) the document model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import corpus_dir
from pipeline.relevance import Relevance, cue_hits, prefilter, relevance

BULK = corpus_dir() / "bulk" / "texts"
TEXTS = corpus_dir() / "texts"

needs_corpus = pytest.mark.skipif(not TEXTS.is_dir(), reason="shared corpus not available")


def _read(path: Path) -> str:
    from pipeline.ingest import load_document

    return load_document(path).text


@needs_corpus
@pytest.mark.parametrize("name", ["me-131-ld0100.txt", "us-118-s100-is.txt"])
def test_prefilter_rejects_unrelated_bulk_bill(name):
    # A private-school audit bill and a Medicaid home-care bill: nothing about liability.
    path = BULK / name
    if not path.exists():
        pytest.skip(f"{name} not in this corpus snapshot")
    verdict = relevance(_read(path))
    assert verdict == prefilter(_read(path))
    assert verdict.relevant is False and verdict.score == 0.0
    assert verdict.reason.startswith("prefilter:")


@needs_corpus
@pytest.mark.parametrize("name", ["nm-nmsa-41-4a-2021.txt", "us-hr7085-2020.txt", "ct-cgs-52-571k.txt"])
def test_qi_bill_passes_prefilter_and_is_relevant(name):
    text = _read(TEXTS / name)
    assert prefilter(text) is None
    verdict = relevance(text)
    assert isinstance(verdict, Relevance)
    assert verdict.relevant is True and verdict.score >= 0.5


def test_team_written_sentences():
    qi = ("A peace officer who, under color of law, deprives a person of a right secured by the state "
          "constitution is liable to that person; qualified immunity is not a defense to the action.")
    assert prefilter(qi) is None
    assert relevance(qi, use_model=False).relevant
    unrelated = ("The Commissioner of Agriculture shall publish an annual report on the blueberry harvest "
                 "and the number of hives licensed in each county.")
    assert relevance(unrelated).relevant is False


def test_cues_survive_line_breaks_and_case():
    text = "No Qualified\nImmunity shall apply. A civil\n  ACTION may be brought UNDER COLOR OF law."
    hits = cue_hits(text)
    assert {"qualified immunity", "civil action", "under color of"} <= set(hits)


def test_names_qualified_immunity_across_line_breaks():
    from pipeline.relevance import names_qualified_immunity

    assert names_qualified_immunity("the defense of Qualified\n   Immunity is abolished")
    assert not names_qualified_immunity("sovereign immunity of the State is waived")


@pytest.mark.skipif(not (corpus_dir() / "texts").is_dir(), reason="shared corpus not available")
def test_relevance_model_decides_for_a_qi_statute():
    from pipeline.relevance import load_relevance_model

    if load_relevance_model() is None:
        pytest.skip("no trained relevance model")
    # past the prefilter, the trained model (not the cue score) gives the verdict
    assert relevance(_read(TEXTS / "nm-nmsa-41-4a-2021.txt")).reason.startswith("relevance model")
    assert relevance(_read(TEXTS / "nm-nmsa-41-4a-2021.txt")).relevant


# RUBRIC.md "Which bills are relevant" (changed 2026-12-03): a bill that creates or amends a cause of
# action against officials, grants or widens immunity, or imposes a duty to intervene is relevant even
# when it never says "qualified immunity". Team-written sentences; each is kept whatever the model says.
@pytest.mark.parametrize("text", [
    "SEC. 3. Section 1979 of the Revised Statutes of the United States (42 U.S.C. 1983) is amended by "
    "inserting 'or the Help Voters Act' after 'laws'.",
    "Sec. 2. An employee of the department acting within the scope of employment is immune from civil "
    "liability for any act or omission in carrying out this chapter.",
    "Any person who, under color of state law, deprives another of a right secured by this article is "
    "liable to the person injured in a civil action for damages.",
    "A peace officer who observes another officer using excessive force has a duty to intervene.",
    # accountability of officials without any cause of action (2026-12-05)
    "Sec. 4. A deputy sheriff who fails to activate the body camera during an arrest shall be subject to "
    "disciplinary action, up to and including termination.",
    "Sec. 5. The training council shall revoke the certificate of any correctional officer convicted of "
    "assaulting an inmate.",
    "Sec. 6. Records of complaints against a police officer, and of the discipline imposed, are public records.",
])
def test_rubric_relevance_moves_are_always_kept(text):
    from pipeline.relevance import relevance, rubric_relevance_move

    assert rubric_relevance_move(text) is not None
    assert relevance(text).relevant


@pytest.mark.parametrize("text", [
    "The commission may accept gifts and grants for the purposes of this act.",
    "A volunteer fire company shall keep records of its training hours.",
    "Section 1983 of the tax code is amended by striking the second sentence.",
    # discipline and records of people who are not public officers
    "A member of the homeowners association who fails to pay dues shall be suspended from voting.",
    "A licensed barber who violates this chapter shall be subject to disciplinary action by the board.",
    "Records of complaints against a licensed contractor are public records.",
    # an officer's own active verb, not a sanction
    "A police officer shall terminate the recording when the encounter ends.",
])
def test_look_alikes_are_not_forced_relevant(text):
    from pipeline.relevance import rubric_relevance_move

    assert rubric_relevance_move(text) is None


@pytest.mark.parametrize("text,public", [
    ("A referee of a youth league is immune from civil liability for a call made in good faith.", False),
    ("A director of a homeowners' association shall not be personally liable for a decision made in good faith.", False),
    ("A deputy sheriff is immune from civil liability for a call made in good faith.", True),
    ("An employee of a state agency who violates this section is civilly liable to the injured person.", True),
    ("Any person who, under color of law, deprives another of a right is liable to the injured person.", True),
])
def test_names_public_actor_tells_officials_from_private_persons(text, public):
    from pipeline.relevance import flat_text, names_public_actor

    assert names_public_actor(flat_text(text)) is public


def test_a_triage_whose_signals_disagree_sends_the_not_relevant_scorecard_to_review():
    from pipeline.ingest import document_from_text
    from pipeline.scoring import irrelevant_scorecard

    document = document_from_text("A referee is immune from civil liability for good-faith calls.", "gate-test")
    sure = irrelevant_scorecard(document, "no cue", 0.05)
    disputed = irrelevant_scorecard(document, "names no public official", 0.05, uncertain=True)
    assert not any(c.needs_review for c in sure.criteria.values())
    assert all(c.needs_review and c.verdict == "no" for c in disputed.criteria.values())
