"""Rubric moves read as constructions (issue 11): team-written bills, one move each.

Every sentence here was written by the team for this test (2026-12-03), in wording that
differs from the paraphrase suite and from corpus bills; none is quoted from a bill. Each test
scores a whole short bill and checks the verdict on one criterion, so it exercises patterns,
context components, resolvers and the criterion rule together.
"""

from __future__ import annotations

import pytest

CAUSE = ("Section 1. (a) A state trooper who, under color of law, deprives an individual of any right "
         "secured by the constitution of this state is liable to that individual in an action at law. ")
BAR = "(b) Qualified immunity shall not be a defense to an action brought under this section. "


def verdict(text: str, criterion: str) -> str:
    from pipeline.run import ScoreOptions, score_text

    result = score_text(text, name="constructions-test", options=ScoreOptions(triage=False))
    return result.scorecard.criteria[criterion].verdict


# --- failure to intervene ---------------------------------------------------------------------

FTI = [
    # folded into the cause of action: partial (RUBRIC.md change of 2026-12-03)
    ("Section 1. (a) A sheriff's deputy who, under color of law, violates or permits another deputy to violate a "
     "right secured by the constitution of this state shall be liable to the person harmed. " + BAR, "partial"),
    ("Section 1. (a) Any corrections officer who deprives a prisoner of a constitutional right, or who knowingly "
     "allows a fellow officer to commit such a deprivation, is liable for damages. " + BAR, "partial"),
    ("Section 1. (a) A deputy who, under color of law, deprives a person of a state constitutional right, "
     "including by failing to intervene, is liable to the person. " + BAR, "partial"),
    ("Section 1. (a) A person whose constitutional rights are infringed by a deputy sheriff may sue that deputy and "
     "any other deputy who stood by and failed to stop the infringement. " + BAR, "partial"),
    # a provision of its own: yes
    (CAUSE + "(c) A state trooper who sees a fellow trooper infringe any right of a person, and who does not "
     "intercede although able to do so, is liable for the infringement together with that trooper. " + BAR, "yes"),
    (CAUSE + "(c) A trooper who had a realistic chance to prevent another trooper's deprivation of a person's "
     "rights and did nothing is jointly and severally liable for the injury. " + BAR, "yes"),
    # duty or report only: partial
    (CAUSE + "(c) Every trooper shall intercede when a fellow trooper is violating the rights of any person. " + BAR,
     "partial"),
    (CAUSE + "(c) A trooper who observes another trooper infringing a person's rights shall report the incident "
     "in writing to the colonel within forty-eight hours. " + BAR, "partial"),
    # force only: no
    (CAUSE + "(c) A trooper who fails to intercede when a fellow trooper applies a chokehold is liable to the "
     "injured person. " + BAR, "no"),
    (CAUSE + BAR, "no"),
]


@pytest.mark.parametrize("text, expected", FTI)
def test_failure_to_intervene_constructions(text, expected):
    assert verdict(text, "failure_to_intervene") == expected


# --- attorney fees: negation and discretion in an exception -----------------------------------

FEES = [
    (CAUSE + "(c) No award of counsel fees shall be made to either party in an action under this section.", "no"),
    (CAUSE + "(c) A claimant shall not be entitled to an award of attorney's fees under this section.", "no"),
    (CAUSE + "(c) The court shall award reasonable attorney fees to a prevailing claimant, unless the court finds "
     "in its discretion that special circumstances make an award unjust.", "no"),
    (CAUSE + "(c) The court shall award reasonable attorney fees and costs to a claimant who prevails.", "yes"),
]


@pytest.mark.parametrize("text, expected", FEES)
def test_attorney_fees_constructions(text, expected):
    assert verdict(text, "attorney_fees") == expected


# --- scope: a provision withdrawn by another clause --------------------------------------------

SCOPE = [
    ("end_qi_law_enforcement",
     CAUSE + BAR + "(c) Subsection (b) shall not apply to any claim against a deputy sheriff of a county.", "no"),
    ("end_qi_law_enforcement",
     CAUSE + "(b) Qualified immunity is not available as a defense under this section, except that this subsection "
     "does not apply to an action against a campus police officer.", "no"),
    ("attorney_fees",
     CAUSE + BAR + "(c) The court shall award reasonable attorney fees to a prevailing plaintiff. (d) Subsection (c) "
     "does not apply if the defendant is a municipal employee.", "no"),
    ("full_compensation",
     CAUSE + BAR + "(c) The state shall indemnify each trooper against any judgment under this section. "
     "(d) Subsection (c) does not apply to a judgment against a trooper on probation.", "no"),
    # a reference that withdraws nothing from any defendant leaves the provision whole
    ("end_qi_law_enforcement",
     CAUSE + BAR + "(c) Subsection (a) does not apply to conduct before the effective date of this act.", "yes"),
]


@pytest.mark.parametrize("criterion, text, expected", SCOPE)
def test_withdrawn_provision_constructions(criterion, text, expected):
    assert verdict(text, criterion) == expected


CAPS = [
    (CAUSE + BAR + "(c) Statutory caps on damages shall not apply to claims under this section, except that the "
     "limit in section 12-301 applies to a claim against a county.", "no"),
    (CAUSE + BAR + "(c) Statutory caps on damages shall not apply to claims under this section.", "yes"),
]


@pytest.mark.parametrize("text, expected", CAPS)
def test_caps_exception_constructions(text, expected):
    assert verdict(text, "no_liability_caps") == expected
