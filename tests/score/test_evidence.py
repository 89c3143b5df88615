"""Evidence at the provision level (issue 11): the deciding sentence first, then the provision an
analyst quotes with it (the cause of action for coverage, rights and intervention; the lead-in of
an enumerated item). Every span is a verbatim slice. Sentences written by the team."""

from __future__ import annotations

import pytest

import pipeline

BILL = (
    "Be it enacted by the General Assembly of the State of Colorado:\n"
    "SECTION 1. In Colorado Revised Statutes, add 13-21-150 as follows:\n"
    "13-21-150. Remedy for deprivation of rights. (1) A peace officer who, under color of law, subjects or causes "
    "to be subjected any person to the deprivation of any right secured by the bill of rights of the state "
    "constitution is liable to the injured party for legal or equitable relief.\n"
    "(2) It is not a defense or immunity to an action under this section that:\n"
    "(a) the right was not clearly established at the time of the deprivation; or\n"
    "(b) the peace officer believed in good faith that the conduct was lawful.\n"
    "(3) In any action under this section, the court shall award reasonable attorney fees and costs to a "
    "prevailing plaintiff."
)
CAUSE = BILL[BILL.index("(1) A peace officer"):BILL.index("(2) It is not")].strip()
LEAD_IN = "(2) It is not a defense or immunity to an action under this section that:"


@pytest.fixture(scope="module")
def card():
    return pipeline.score(BILL, name="evidence-bill")


def test_every_evidence_span_is_a_verbatim_slice(card):
    from pipeline.ingest import document_from_text

    text = document_from_text(BILL, "evidence-bill").text
    for result in card.criteria.values():
        for ev in result.evidence:
            assert text[ev.start:ev.end] == ev.text


@pytest.mark.parametrize("criterion", ["end_qi_public_employees", "end_qi_state_constitution",
                                       "failure_to_intervene"])
def test_coverage_rights_and_intervention_quote_the_cause_of_action(card, criterion):
    texts = [ev.text.strip() for ev in card.criteria[criterion].evidence]
    assert any(CAUSE in t for t in texts), texts


def test_the_deciding_clause_stays_first(card):
    fees = card.criteria["attorney_fees"].evidence
    assert fees and "shall award reasonable attorney fees" in fees[0].text
    assert not any(ev.signals == ["provision:cause_of_action"] for ev in fees)


def test_an_enumerated_element_comes_with_its_lead_in(card):
    qi = card.criteria["end_qi_law_enforcement"]
    assert qi.verdict == "yes"
    texts = [ev.text.strip() for ev in qi.evidence]
    assert LEAD_IN in texts
    assert any("not clearly established" in t for t in texts)


def test_findings_are_not_quoted_as_the_cause_of_action():
    bill = (
        "Be it enacted by the Senate and House of Representatives of the United States of America in Congress "
        "assembled,\nSECTION 1. FINDINGS.\nCongress finds that an officer who deprives a person of a right is "
        "liable to the party injured under current law only in theory.\n"
        "SEC. 2. DUTY TO INTERVENE.\nA law enforcement officer shall have a duty to intervene when another "
        "officer uses excessive force."
    )
    card = pipeline.score(bill, name="findings-bill")
    for ev in card.criteria["failure_to_intervene"].evidence:
        assert "Congress finds" not in ev.text


def test_the_definition_of_a_term_the_deciding_clause_uses_is_quoted_with_it():
    bill = (
        "Be it enacted by the Legislature of the State of Montana:\n"
        'Section 1. Definitions. (1) "Public actor" means an officer, employee, or agent of a governmental entity, '
        "including a peace officer and a detention officer.\n"
        "Section 2. A public actor who, under color of law, deprives a person of a right guaranteed by Article II "
        "of the Montana constitution is liable to the person injured.\n"
        "Section 3. Qualified immunity is not a defense to an action under section 2.\n"
        'Section 4. "Commission" means the board of crime control.'
    )
    card = pipeline.score(bill, name="evidence-definition")
    quoted = [e.text for e in card.criteria["end_qi_public_employees"].evidence]
    definitions = [q for q in quoted if '"Public actor" means' in q]
    assert definitions and all(q in bill for q in definitions)  # quoted, verbatim
    assert not any('"Commission" means' in q for q in quoted)  # a term the clauses never use is not quoted
