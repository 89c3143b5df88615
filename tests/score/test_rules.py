"""Decision logic per criterion, on hand-built flags over sentences written for the tests."""

from __future__ import annotations

import pytest

from pipeline.jurisdiction import Jurisdiction, LawFact, load_jurisdiction
from pipeline.vocab import load_rubric
from pipeline.scoring import decide, score_flags

GRANT = "A person injured by a deprivation of rights by a public servant may sue for damages in circuit court."


def verdicts(card):
    return {cid: r.verdict for cid, r in card.criteria.items()}


# --- end_qi_law_enforcement ------------------------------------------------------------------

def test_retained_good_faith_defence_beats_general_bar(bill):
    bill.add("Qualified immunity shall not be available as a defense in an action under this chapter.", "qi_barred")
    bill.add("A deputy is not liable if the deputy reasonably and in good faith believed the search was lawful.",
             "good_faith_defense_retained")
    result = score_flags(bill.document(), bill.flags).criteria["end_qi_law_enforcement"]
    assert result.verdict == "no"
    assert result.needs_review  # the evidence conflicts
    assert "reasonably and in good faith" in result.explanation
    assert result.evidence[0].text.startswith("A deputy is not liable")


def test_express_bar_is_yes(bill):
    bill.add(GRANT).add("It is no defense to a claim under this section that the right was not clearly established "
                        "when the officer acted.", "qi_barred")
    result = score_flags(bill.document(), bill.flags).criteria["end_qi_law_enforcement"]
    assert result.verdict == "yes"
    assert result.explanation.startswith("Yes.")
    assert '"It is no defense to a claim' in result.explanation


def test_codified_qi_scores_zero_on_every_criterion(bill):
    bill.add("An officer sued in an individual capacity is immune from damages unless the right violated was "
             "clearly established by a prior decision of the supreme court.", "qi_codified")
    bill.add("The court shall award reasonable attorney fees to a prevailing party.", "fees_mandatory")
    card = score_flags(bill.document(), bill.flags)
    assert card.totals["overall"] == 0.0  # RUBRIC.md: bills that codify QI score zero
    assert all(r.verdict == "no" for r in card.criteria.values())
    assert "codifies qualified immunity" in card.criteria["attorney_fees"].explanation


def test_general_saving_clause_keeps_qi(bill):
    bill.add("Qualified immunity is not a defense under this act.", "qi_barred")
    bill.add("Nothing in this act waives or diminishes any immunity an employee has under existing law.",
             "immunity_saved")
    assert decide(bill.flags)["end_qi_law_enforcement"].verdict == "no"


def test_saving_clause_for_other_immunities_does_not_revive_qi(bill):
    bill.add("No public employee may assert qualified immunity as a defense to a claim under this act.", "qi_barred")
    bill.add("This act does not abrogate judicial immunity, legislative immunity or any other immunity.",
             "immunity_saved")
    decision = decide(bill.flags)["end_qi_law_enforcement"]
    assert decision.verdict == "yes"
    assert decision.against  # still shown to the reviewer


def test_silence_on_qi_is_no(bill):
    bill.add(GRANT)
    result = score_flags(bill.document(), bill.flags).criteria["end_qi_law_enforcement"]
    assert result.verdict == "no"
    assert result.explanation.startswith("No. The bill has no mention of")


# --- end_qi_public_employees -------------------------------------------------------------------

def test_bar_limited_to_police_is_no_for_public_employees(bill):
    bill.add("A sheriff, deputy or municipal police officer who violates a right secured by this act is liable.",
             "covers_police_only")
    bill.add("Qualified immunity is no defense to liability under this act.", "qi_barred")
    got = decide(bill.flags)
    assert got["end_qi_law_enforcement"].verdict == "yes"
    assert got["end_qi_public_employees"].verdict == "no"


def test_bar_reaching_everyone_under_color_of_law_is_yes(bill):
    bill.add("No governmental entity or individual acting under color of state law may claim qualified immunity "
             "in an action under this article.", "qi_barred", "covers_all_public_employees")
    bill.add("Notice of a claim against a certified peace officer goes to the officer's agency.", "covers_police_only")
    got = decide(bill.flags)
    assert got["end_qi_public_employees"].verdict == "yes"  # the coverage next to the bar decides


def test_public_employees_no_when_officers_keep_qi(bill):
    bill.add("Any state employee acting under color of law is liable for a deprivation of rights.",
             "covers_all_public_employees")
    assert decide(bill.flags)["end_qi_public_employees"].verdict == "no"


# --- end_qi_state_constitution -----------------------------------------------------------------

@pytest.mark.parametrize("signal, sentence, expected", [
    ("rights_all_state_constitution", "The action lies for deprivation of any right guaranteed by the declaration "
                                      "of rights of this state's constitution.", "yes"),
    ("rights_listed_only", "The action lies only for unlawful arrest, denial of counsel, or retaliation for "
                           "protected speech.", "partial"),
    ("force_only", "The action lies only where an officer used physical force that was unreasonable.", "no"),
])
def test_rights_scope(bill, signal, sentence, expected):
    bill.add(sentence, signal)
    assert decide(bill.flags)["end_qi_state_constitution"].verdict == expected


def test_force_only_beats_broad_rights_wording(bill):
    bill.add("Any right secured by the state constitution may be vindicated.", "rights_all_state_constitution")
    bill.add("This section applies only to claims of excessive force by a peace officer.", "force_only")
    assert decide(bill.flags)["end_qi_state_constitution"].verdict == "no"


# --- no_liability_caps -------------------------------------------------------------------------

def test_cap_present_is_no(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("Recovery against the county may not exceed five hundred thousand dollars for each claimant.",
             "cap_present")
    assert decide(bill.flags)["no_liability_caps"].verdict == "no"


def test_caps_lifted_is_yes(bill):
    bill.add("Damage limits in the tort claims act do not apply to an action under this section.", "caps_lifted")
    assert decide(bill.flags)["no_liability_caps"].verdict == "yes"


def test_silent_on_caps_uses_jurisdiction_facts_and_cites_them(bill):
    bill.add("A claim under the New Mexico Civil Rights Act may also be brought against a charter school.",
             "rights_all_state_constitution")
    card = score_flags(bill.document(), bill.flags, jurisdiction="nm")
    result = card.criteria["no_liability_caps"]
    assert result.verdict == "no"  # New Mexico's existing $2,000,000 cap (NMSA 41-4A-6)
    # a recorded, cited fact decides and is named; review is kept for law the project lacks
    assert not result.needs_review
    assert "41-4A-6" in result.explanation


def test_silent_on_caps_with_unknown_law_says_so(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    result = score_flags(bill.document(), bill.flags, jurisdiction="ia").criteria["no_liability_caps"]
    assert result.verdict == "no"  # "yes" needs lifted limits or a known absence of caps
    assert result.needs_review
    assert "not recorded" in result.explanation


def test_fact_recorded_for_one_statute_does_not_answer_for_another(bill):
    bill.add("A person injured by a state trooper may sue the department of public safety for damages.",
             "rights_all_state_constitution")
    result = score_flags(bill.document(), bill.flags, jurisdiction="nm").criteria["no_liability_caps"]
    assert result.needs_review
    assert "41-4A-6" not in result.explanation
    assert "recorded only for" in result.explanation


# --- failure_to_intervene ----------------------------------------------------------------------

@pytest.mark.parametrize("signal, sentence, expected", [
    ("fti_liability", "An officer who stands by and does not stop a fellow officer from depriving a person of any "
                      "right under this act is jointly liable for the deprivation.", "yes"),
    ("fti_duty_only", "Every officer has a duty to intervene when another officer acts unlawfully and shall report "
                      "the incident to a supervisor.", "partial"),
    ("fti_liability", "An officer who fails to intervene to prevent another officer's use of excessive physical "
                      "force is liable to the person injured.", "no"),
])
def test_failure_to_intervene(bill, signal, sentence, expected):
    bill.add(sentence, signal)
    assert decide(bill.flags)["failure_to_intervene"].verdict == expected


def test_no_intervention_clause_is_no_with_rubric_wording(bill):
    bill.add(GRANT)
    result = score_flags(bill.document(), bill.flags).criteria["failure_to_intervene"]
    assert result.verdict == "no"
    assert "failing to intervene" in result.explanation


# --- full_compensation -------------------------------------------------------------------------

def test_mandatory_indemnification_is_yes(bill):
    bill.add("The employing agency shall pay any judgment entered against its employee under this act.",
             "indemnify_mandatory")
    assert decide(bill.flags)["full_compensation"].verdict == "yes"


def test_wilful_act_carveout_is_no(bill):
    bill.add("The city shall indemnify its officers for judgments under this section.", "indemnify_mandatory")
    bill.add("No indemnification is owed for an act the officer committed wilfully or with actual malice.",
             "indemnify_carveout")
    card = score_flags(bill.document(), bill.flags)
    assert card.criteria["full_compensation"].verdict == "no"
    assert card.criteria["full_compensation"].needs_review


@pytest.mark.parametrize("signal, sentence", [
    ("indemnify_discretionary", "The board may, in its discretion, indemnify a teacher held liable under this act."),
    ("indemnify_removed", "A public employer shall not indemnify an employee found liable under this section."),
])
def test_discretionary_or_removed_indemnification_is_no(bill, signal, sentence):
    bill.add(sentence, signal)
    assert decide(bill.flags)["full_compensation"].verdict == "no"


# --- attorney_fees -----------------------------------------------------------------------------

def test_may_award_fees_is_no(bill):
    bill.add("The court may award the prevailing plaintiff costs and a reasonable attorney's fee.",
             "fees_discretionary")
    result = score_flags(bill.document(), bill.flags).criteria["attorney_fees"]
    assert result.verdict == "no"
    assert '"may" is not strong enough' in result.explanation


def test_shall_award_fees_is_yes_despite_defendant_fees_for_frivolous_claims(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("A court shall award reasonable attorney fees and costs to a plaintiff who prevails.", "fees_mandatory")
    bill.add("The court may award a prevailing defendant its fees if the claim was frivolous.", "fees_discretionary")
    result = score_flags(bill.document(), bill.flags).criteria["attorney_fees"]
    assert result.verdict == "yes"
    assert not result.needs_review


# --- individual_accountability -----------------------------------------------------------------

def test_personal_contribution_is_yes(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("If the agency finds the officer acted in bad faith, the officer shall personally pay ten percent of "
             "the judgment, up to fifteen thousand dollars.", "personal_contribution")
    result = score_flags(bill.document(), bill.flags).criteria["individual_accountability"]
    assert result.verdict == "yes"
    assert not result.needs_review  # explicit rule match


def test_individual_accountability_from_model_only_needs_review(bill):
    bill.add("The officer's standards board shall revoke certification after a final civil judgment.",
             "discipline_or_decertification", score=0.9)
    result = score_flags(bill.document(), bill.flags).criteria["individual_accountability"]
    assert result.verdict == "yes"
    assert result.needs_review


def test_individual_accountability_plain_silence_is_a_confident_no(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    result = score_flags(bill.document(), bill.flags).criteria["individual_accountability"]
    assert result.verdict == "no" and not result.needs_review


def test_individual_accountability_discipline_not_tied_to_liability_needs_review(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("The chief may suspend an officer who violates the department's body camera policy.",
             "discipline_or_decertification")
    result = score_flags(bill.document(), bill.flags).criteria["individual_accountability"]
    assert result.verdict == "no" and result.needs_review


# --- public_records ----------------------------------------------------------------------------

@pytest.mark.parametrize("signals, expected", [
    (("records_public",), "yes"),
    (("records_limited",), "partial"),
    (("records_public", "records_limited"), "partial"),
    (("records_confidential",), "no"),
])
def test_public_records(bill, signals, expected):
    sentences = {
        "records_public": "Settlements paid under this chapter and the underlying complaints are open to public "
                          "inspection.",
        "records_limited": "Only complaints that an internal review sustains are released, with names redacted.",
        "records_confidential": "Investigation files of the professional standards unit are confidential.",
    }
    for signal in signals:
        bill.add(sentences[signal], signal)
    assert decide(bill.flags)["public_records"].verdict == expected


def test_silent_on_records_uses_connecticut_foi_fact(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    result = score_flags(bill.document(), bill.flags, jurisdiction="ct").criteria["public_records"]
    assert result.verdict == "partial"
    assert result.needs_review
    assert "1-210" in result.explanation


def test_unknown_fact_gives_no_verdict_from_law():
    facts = Jurisdiction("xx", "Nowhere", {"public_records": LawFact("public_records", "unknown", "not recorded")})
    got = decide([], facts)
    assert got["public_records"].verdict == "no"


# --- confidence and review ---------------------------------------------------------------------

def test_rule_and_model_agreeing_raise_confidence(bill):
    sentence = "The municipality shall hold the officer harmless from any judgment under this act."
    bill.add(sentence, "indemnify_mandatory")
    alone = score_flags(bill.document(), bill.flags).criteria["full_compensation"].confidence
    bill.add("The officer's employer shall satisfy the judgment in full.", "indemnify_mandatory", score=0.9)
    both = score_flags(bill.document(), bill.flags).criteria["full_compensation"].confidence
    assert both > alone


def test_conflict_lowers_confidence(bill):
    bill.add("The court shall award attorney fees to a prevailing claimant.", "fees_mandatory")
    clean = score_flags(bill.document(), bill.flags).criteria["attorney_fees"].confidence
    bill.add("Fees may be awarded to the claimant in the court's discretion.", "fees_discretionary")
    mixed = score_flags(bill.document(), bill.flags).criteria["attorney_fees"]
    assert mixed.confidence < clean and mixed.needs_review


def test_every_scorecard_has_all_criteria_and_verbatim_evidence(bill):
    bill.add(GRANT, "rights_all_state_constitution", "covers_all_public_employees")
    bill.add("Qualified immunity is not a defense.", "qi_barred")
    bill.add("The court may award fees.", "fees_discretionary", score=0.71)
    document = bill.document()
    card = score_flags(document, bill.flags)
    assert set(card.criteria) == set(load_rubric().ids)
    for result in card.criteria.values():
        for ev in result.evidence:
            assert ev.text == document.text[ev.start:ev.end]
            assert ev.signals
    assert card.criteria["attorney_fees"].evidence[0].signals == ["model:0.71"]
    assert card.pipeline["version"]
    assert card.pipeline["model"]


def test_jurisdiction_inferred_from_bill_id():
    from pipeline.jurisdiction import infer_jurisdiction

    assert infer_jurisdiction("ct-hb-1234-2024") == "ct"
    assert infer_jurisdiction("us-hr42-2025") == "us"
    assert infer_jurisdiction("model-policy") is None
    assert load_jurisdiction("zz") is None


# --- saving clauses, amended causes of action, off-topic clauses -------------------------------

def test_saving_clause_naming_the_qi_bar_as_subject_keeps_only_other_immunities(bill):
    bill.add("No officer may raise qualified immunity against a claim under this chapter.", "qi_barred")
    bill.add("The ban on qualified immunity in this chapter does not waive legislative immunity or any other "
             "immunity recognised by statute.", "immunity_saved")
    assert decide(bill.flags)["end_qi_law_enforcement"].verdict == "yes"


def test_saving_clause_that_keeps_qualified_immunity_itself_is_no(bill):
    bill.add("Good faith is not a defense under this part.", "qi_barred")
    bill.add("This part shall not be construed to waive any other immunity, including qualified immunity.",
             "immunity_saved")
    assert decide(bill.flags)["end_qi_law_enforcement"].verdict == "no"


AMEND_1983 = ("Section 1979 of the Revised Statutes (42 U.S.C. 1983) is amended by adding at the end the "
              "following new sentence.")


def test_bar_added_to_section_1983_reaches_everyone_it_covers(make_bill):
    bill = make_bill("us-hr9999-2031")
    bill.add(AMEND_1983)
    bill.add("Neither good faith nor a reasonable belief in the lawfulness of the conduct is a defense to an "
             "action under this section.", "qi_barred")
    card = score_flags(bill.document(), bill.flags)  # jurisdiction "us" inferred from the id
    for cid in ("end_qi_law_enforcement", "end_qi_public_employees", "end_qi_state_constitution"):
        assert card.criteria[cid].verdict == "yes", cid
    # rests on § 1983's own scope, a recorded and cited fact: named, not sent to review
    assert "1983" in card.criteria["end_qi_public_employees"].explanation


def test_bar_added_to_section_1983_for_officers_only_is_no_for_public_employees(make_bill):
    bill = make_bill("us-hr9998-2031")
    bill.add(AMEND_1983)
    bill.add("It shall not be a defense in an action against a county police officer that the right was not "
             "clearly established.", "qi_barred")
    card = score_flags(bill.document(), bill.flags)
    assert card.criteria["end_qi_law_enforcement"].verdict == "yes"
    assert card.criteria["end_qi_public_employees"].verdict == "no"


def test_fee_clause_in_a_text_without_any_qi_or_rights_provision_needs_review(bill):
    bill.add("In a dispute between member states the prevailing state shall be awarded its reasonable "
             "attorney fees.", "fees_mandatory")
    result = score_flags(bill.document(), bill.flags).criteria["attorney_fees"]
    assert result.verdict == "yes"
    assert result.needs_review
    assert "no qualified-immunity or rights-violation provision" in result.explanation


def test_discipline_counts_only_when_liability_triggers_it(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("Each agency shall adopt written termination policies for misconduct.", "discipline_or_decertification")
    result = score_flags(bill.document(), bill.flags).criteria["individual_accountability"]
    assert result.verdict == "no" and result.needs_review
    bill.add("An officer against whom a final judgment is entered under this act shall be decertified by the "
             "training council.", "discipline_or_decertification")
    assert decide(bill.flags)["individual_accountability"].verdict == "yes"


def test_saving_clause_about_remedies_not_immunity_does_not_revive_qi(bill):
    bill.add("Qualified immunity is not a defense to a claim under this chapter.", "qi_barred")
    bill.add("The remedies of this chapter are cumulative and in addition to any other remedy at law.",
             "immunity_saved")
    assert decide(bill.flags)["end_qi_law_enforcement"].verdict == "yes"


def test_flags_in_findings_are_not_evidence(bill):
    from pipeline.segment import Section

    bill.add("Findings.")
    bill.add("Courts turned a narrow rule into a general good faith defense for officials.",
             "good_faith_defense_retained")
    start_operative = len(bill.text) + 1
    bill.add("Good faith is not a defense to an action under this section.", "qi_barred")
    document = bill.document()
    root = Section("doc", "document", None, None, 0, len(document.text), children=[
        Section("§ 2", "section", "§ 2.", "Findings", 0, start_operative - 1),
        Section("§ 3", "section", "§ 3.", "Removal of the defense", start_operative, len(document.text)),
    ])
    card = score_flags(document, bill.flags, sections=root)
    assert card.criteria["end_qi_law_enforcement"].verdict == "yes"
    assert score_flags(document, bill.flags).criteria["end_qi_law_enforcement"].verdict == "no"  # no tree


def test_borderline_irrelevant_triage_is_sent_to_review(bill):
    from pipeline.relevance import Relevance

    bill.add("A bill about police misconduct data and civil action settlements.")
    sure = score_flags(bill.document(), [], relevance=Relevance(False, 0.05, "no cue"))
    borderline = score_flags(bill.document(), [], relevance=Relevance(False, 0.5, "cues at threshold"))
    assert not sure.relevant and not any(r.needs_review for r in sure.criteria.values())
    assert all(r.needs_review for r in borderline.criteria.values())
    assert all(r.verdict == "no" for r in borderline.criteria.values())


@pytest.mark.parametrize("heading, code", [
    ("118th CONGRESS\n1st Session\nH.R. 123\nIN THE HOUSE OF REPRESENTATIVES", "us"),
    ("Be it enacted by the General Assembly of Virginia:", "va"),
    ("AN ACT\nBE IT ENACTED BY THE LEGISLATURE OF THE STATE OF NEW MEXICO:", "nm"),
    ("The Commonwealth of Massachusetts\nIn the One Hundred and Ninety-Third General Court", "ma"),
    ("Be it enacted by the People of the State of Illinois, represented in the General Assembly:", "il"),
    ("Section 1. Short title. This act may be cited as the Model Accountability Act.", None),
])
def test_jurisdiction_from_enacting_words(heading, code):
    from pipeline.jurisdiction import jurisdiction_from_text

    assert jurisdiction_from_text(heading + "\n\nSection 1. Definitions.") == code


def test_facts_found_from_the_text_when_the_file_name_says_nothing(make_bill):
    bill = make_bill("hb-5013-substitute")
    bill.add("Be it enacted by the Legislature of the State of New Mexico:")
    bill.add("A claim under the New Mexico Civil Rights Act may also be brought against a charter school.",
             "rights_all_state_constitution")
    result = score_flags(bill.document(), bill.flags).criteria["no_liability_caps"]
    assert result.verdict == "no" and "41-4A-6" in result.explanation


# --- rule matches outrank model-only clauses in precedence ----------------------------------------

def test_model_only_defence_does_not_overturn_a_rule_matched_bar(bill):
    bill.add("Qualified immunity shall not be a defense to any claim under this part.", "qi_barred")
    bill.add("Officers acting within policy are protected as before.", "good_faith_defense_retained", score=0.72)
    result = score_flags(bill.document(), bill.flags).criteria["end_qi_law_enforcement"]
    assert result.verdict == "yes"
    assert result.needs_review  # the model's clause is shown as conflicting evidence
    assert any(ev.signals == ["model:0.72"] for ev in result.evidence)


def test_rule_matched_defence_still_beats_a_model_only_bar(bill):
    bill.add("Immunity questions are for the court.", "qi_barred", score=0.66)
    bill.add("A deputy who reasonably believed the arrest lawful is not liable.", "good_faith_defense_retained")
    assert decide(bill.flags)["end_qi_law_enforcement"].verdict == "no"


def test_model_only_carveout_does_not_overturn_rule_matched_indemnification(bill):
    bill.add(GRANT, "rights_all_state_constitution")
    bill.add("The town shall pay every judgment entered against its employees under this act.", "indemnify_mandatory")
    bill.add("Payments follow the town's ordinary budget process.", "indemnify_carveout", score=0.61)
    result = score_flags(bill.document(), bill.flags).criteria["full_compensation"]
    assert result.verdict == "yes" and result.needs_review


def test_bracketed_deletions_are_not_scored_and_are_counted_on_the_scorecard():
    # New Mexico drafting convention (legend printed on the bill): bracketed words are deleted law.
    # The deleted "may" must not make the fee clause discretionary, and the scorecard says how many
    # words were treated as deleted. Team-written bill text.
    import pipeline

    text = ("underscored material = new\n[bracketed material] = delete\n"
            "SECTION 1. A person whose rights secured by the constitution of New Mexico are deprived by a "
            "public body may maintain an action for damages.\n"
            "SECTION 2. In an action under this act, the court [may] shall award reasonable attorney fees and "
            "costs to a prevailing plaintiff [in its discretion].\n")
    card = pipeline.score(text, name="nm-fee-amendment")
    assert card.criteria["attorney_fees"].verdict == "yes"
    assert card.deleted_words == 4  # "may", "in its discretion"
    assert card.to_dict()["deleted_words"] == 4


def test_a_whereas_recital_never_swallows_the_enacted_text_after_it():
    """A recital with no closing ";" before "Section 1." ends at the section (team-written, 2026-12-05)."""
    from pipeline.criteria import _WHEREAS

    text = ("WHEREAS, other states have ended the defense of qualified immunity\n"
            "Section 1. A peace officer who deprives a person of a right is liable to the person.\n")
    recitals = [m.group() for m in _WHEREAS.finditer(text)]
    assert recitals == ["WHEREAS, other states have ended the defense of qualified immunity"]


def test_an_amendments_title_part_enacts_nothing():
    """A floor amendment's title part rewrites the bill's title ("providing liability for failing to intervene"), so
    its words are no evidence (team-written, 2026-12-06)."""
    import pipeline

    text = ("Be it enacted by the Legislature of the State of Florida:\n\nSection 1. (1) A law enforcement officer who, "
            "under color of law, uses excessive force against a person is liable to the person.\n\n"
            "HOUSE AMENDMENT\nAmendment No. 1\n  Remove line 3 and insert:\n  (2) An officer who is present when another "
            "officer uses excessive physical force, who has a realistic opportunity to stop the force, and who fails to "
            "intervene is jointly and severally liable with that officer.\n  (3) A judgment under this section may not "
            "exceed the limits in s. 768.28(5)\n  20\n  -----------------------------------------------\n"
            "  T I T L E  A M E N D M E N T\n  Remove lines 1-2 and insert:\n  An act relating to civil rights; providing "
            "liability for failing to intervene in any deprivation of rights; providing an effective date.\n")
    card = pipeline.score(text, name="florida-amendment")
    assert card.criteria["failure_to_intervene"].verdict == "no"  # force only: the title's wider words enact nothing


def test_a_long_title_without_an_enacting_clause_enacts_nothing():
    """A conference report opens with the bill's long title and has no enacting clause of its own; the title's
    "use of force standards" is no limit on the action it describes (team-written, 2026-12-06)."""
    import pipeline

    text = ("A bill for an act relating to public safety; modifying peace officer training and use of force\n"
            "standards; amending Minnesota Statutes, section 626.8443.\n\n"
            "Delete everything after the enacting clause and insert:\n"
            "Section 1. A peace officer who, under color of law, subjects a person to the deprivation of any right "
            "secured by article I of the Minnesota Constitution is liable to the person injured.\n"
            "Sec. 2. Qualified immunity is not a defense to an action under section 1.\n")
    assert pipeline.score(text, name="conference-report").criteria["end_qi_state_constitution"].verdict == "yes"


def test_rights_a_bill_of_rights_secures_in_an_action_the_officer_must_answer():
    """"any individual right that the bill of rights ... secures", "must answer to the injured party" (team-written,
    2026-12-06)."""
    import pipeline

    text = ("Be it enacted by the General Assembly of the State of Colorado:\n\nSECTION 1. (1) A peace officer who acts "
            "under color of law to subject another person to the loss of any individual right that the bill of rights, "
            "article II of the state constitution, secures against government actors, must answer to the injured party "
            "for legal, equitable, or other fitting relief.\n(2) Qualified immunity is not a defense to an action under "
            "this section.\n")
    assert pipeline.score(text, name="answer-to-party").criteria["end_qi_state_constitution"].verdict == "yes"


def test_rights_of_a_prohibition_that_the_next_sentence_gives_an_action_for():
    """"A police officer shall not deny ... each right set forth in article first of the Constitution of the state.
    Any person aggrieved by such a denial may bring a civil action" (team-written, 2026-12-06)."""
    import pipeline

    head = "Be it enacted by the Senate and House of Representatives in General Assembly convened:\n\nSection 1. "
    text = (head + "(b) A police officer shall not deny to any person the privileges and immunities secured by the laws "
            "of this state, including each right set forth in article first of the Constitution of the state. Any person "
            "aggrieved by such a denial may bring a civil action for damages against the police officer.\n(c) Qualified "
            "immunity is not a defense to an action under this section.\n")
    assert pipeline.score(text, name="such-a-denial").criteria["end_qi_state_constitution"].verdict == "yes"
    training = text.replace("Any person aggrieved by such a denial may bring a civil action for damages against the "
                            "police officer.", "The council shall publish a curriculum on them.")
    assert pipeline.score(training, name="no-action").criteria["end_qi_state_constitution"].verdict == "no"


def test_exemptions_named_by_paragraph_that_do_not_apply_to_complaint_records():
    """"The exemptions in paragraphs (c) and (n) of subsection (1) of section 7 ... do not apply to: (A) a complaint
    ..." opens the records; "... apply to every complaint" keeps them closed (team-written, 2026-12-06)."""
    import pipeline

    head = ("Be it enacted by the Legislature of the State of Oregon:\n\nSECTION 1. (1) A peace officer who, under color of "
            "law, deprives a person of a right secured by the Constitution of this state is liable to the person injured.\n\n")
    opened = (head + "(2) The exemptions in paragraphs (c) and (n) of subsection (1) of section 7 of the Freedom of "
              "Information Act do not apply to: (A) a complaint alleging that a peace officer violated a right of any "
              "person; (B) the record of any investigation of such a complaint and of its disposition, whatever the "
              "disposition; or (C) a judgment or settlement in an action under this section.\n")
    assert pipeline.score(opened, name="exemptions-lifted").criteria["public_records"].verdict == "yes"
