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


# --- rights: unnamed constitutional rights, numbered provisions, lists of violations -----------

RIGHTS = [
    ("Section 1. (a) A deputy sheriff who infringes the constitutional rights of an inmate is liable to the "
     "inmate in a civil action. " + BAR, "yes"),
    ("Section 1. (a) Any public official who, under color of law, infringes upon an individual's constitutional "
     "rights shall be liable to that individual. " + BAR, "yes"),
    ("Section 1. (a) A trooper who deprives a person of the rights guaranteed by Articles 2, 5 and 9 of the "
     "Declaration of Rights of this state is liable to that person. " + BAR, "partial"),
    ("Section 1. (a) A trooper is liable to the injured person for any one of the following acts done under "
     "color of law: malicious prosecution, wrongful detention, or unlawful entry into a dwelling. " + BAR,
     "partial"),
    ("Section 1. (a) A trooper who violates a person's constitutional right to peaceably assemble is liable to "
     "that person. " + BAR, "partial"),
]


@pytest.mark.parametrize("text, expected", RIGHTS)
def test_rights_constructions(text, expected):
    assert verdict(text, "end_qi_state_constitution") == expected


# --- the QI bar written through the doctrine's elements ----------------------------------------

QI_BAR_ELEMENTS = [
    CAUSE + "(b) A defendant sued under this section may not claim as a defense or immunity that the law was not "
            "clearly established when the defendant acted.",
    CAUSE + "(b) In a suit under this section the defendant shall not raise, and no court shall accept, a defense "
            "that the conduct did not violate clearly established law.",
    CAUSE + "(b) It is not an immunity or defense to liability under this section that the defendant reasonably "
            "believed the conduct to be lawful.",
    CAUSE + "(b) That the unlawfulness of the conduct was not clearly established at the time does not bar relief "
            "under this section.",
    CAUSE + "(b) A trooper may not rely on a defense that the right in question was not clearly established.",
    CAUSE + "(b) No immunity from liability under this section may be premised on the ground that the right was "
            "not clearly established.",
]


@pytest.mark.parametrize("text", QI_BAR_ELEMENTS)
def test_qi_bar_through_elements(text):
    assert verdict(text, "end_qi_law_enforcement") == "yes"


def test_element_defence_kept_is_not_a_bar():
    text = CAUSE + ("(b) A trooper may assert as a defense that the trooper reasonably believed in good faith that "
                    "the conduct was lawful.")
    assert verdict(text, "end_qi_law_enforcement") == "no"


def test_good_faith_proviso_after_a_bar_keeps_the_defence():
    text = CAUSE + ("(b) Qualified immunity is not a defense under this section; provided that a trooper who "
                    "believed in good faith that the search was lawful shall not be individually liable.")
    assert verdict(text, "end_qi_law_enforcement") == "no"


def test_shield_bill_granting_qualified_immunity_is_not_a_bar():
    text = ("Section 1. (a) Qualified immunity shall be available as a defense to every county employee sued for "
            "acts within the scope of employment. (b) Nothing in this act shall be read to shield an employee "
            "who intentionally breaks the law.")
    assert verdict(text, "end_qi_law_enforcement") == "no"


# --- coverage read from the cause-of-action clause ---------------------------------------------

COVERAGE = [
    ("Section 1. (a) Any individual harmed by a police officer acting under color of law may maintain an action "
     "against the police officer for the deprivation of any right secured by the constitution. " + BAR, "no"),
    ("Section 1. (a) An officer or employee of a county who, under color of law, deprives a person of a right "
     "secured by the constitution of this state is liable to that person. " + BAR, "yes"),
    ("Section 1. (a) Every state or local government official who, under color of law, deprives a person of a right "
     "secured by the constitution of this state is liable to that person. " + BAR, "yes"),
]


@pytest.mark.parametrize("text, expected", COVERAGE)
def test_coverage_constructions(text, expected):
    assert verdict(text, "end_qi_public_employees") == expected


# --- money clauses read together ---------------------------------------------------------------

MONEY = [
    ("full_compensation", CAUSE + BAR + "(c) The county shall pay every judgment entered against a deputy under this "
     "section; a deputy who acted maliciously shall contribute two percent of the judgment or ten thousand dollars, "
     "whichever is smaller.", "yes"),
    ("no_liability_caps", CAUSE + BAR + "(c) The county shall pay every judgment entered against a deputy under this "
     "section; a deputy who acted maliciously shall contribute two percent of the judgment or ten thousand dollars, "
     "whichever is smaller. (d) Statutory limits on damages do not apply to claims under this section.", "yes"),
    ("no_liability_caps", CAUSE + BAR + "(c) The personal liability of a trooper under this section shall not exceed "
     "fifteen thousand dollars per claimant.", "no"),
    ("full_compensation", CAUSE + BAR + "(c) A judgment against a trooper under this section shall be paid in full by "
     "the trooper's employing agency, which may recoup the payment from a trooper who acted with malice.", "yes"),
    ("full_compensation", CAUSE + BAR + "(c) The department shall pay on behalf of each trooper any amount the trooper "
     "is ordered to pay under this section.", "yes"),
    ("full_compensation", CAUSE + BAR + "(c) A county is liable for any violation of this section committed by its "
     "deputies in the course of their duties.", "partial"),
    ("end_qi_law_enforcement", CAUSE + BAR + "(c) The employing agency is answerable in damages and is liable for the "
     "acts of its troopers irrespective of whether the trooper would be immune.", "yes"),
    ("full_compensation", CAUSE + BAR + "(c) The state may, at its option, indemnify a trooper against a judgment "
     "under this section.", "no"),
]


@pytest.mark.parametrize("criterion, text, expected", MONEY)
def test_money_constructions(criterion, text, expected):
    assert verdict(text, criterion) == expected


def test_a_study_of_intervention_liability_enacts_nothing():
    text = ("Section 1. The purpose of this act is to examine whether a deputy who fails to intervene in another "
            "deputy's violation of a person's rights should be liable to that person. Section 2. The commission "
            "shall report its findings to the legislature.")
    assert verdict(text, "failure_to_intervene") == "no"
