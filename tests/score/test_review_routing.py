"""Review routing: a "no" that rests on silence next to an unresolved move is sent to review.

Every sentence below was written by the team for these tests (2026-12-03); none is taken from a
corpus bill, the gold, or the paraphrase suite.
"""

from __future__ import annotations

import pytest

from pipeline.unresolved import match_phrase

CAUSE = ("Section 1. A public employee who, under color of law, deprives a person of a right secured by the "
         "constitution of this state is liable to the injured party in a civil action. ")


def _score(text: str, name: str):
    from pipeline.run import score_text

    return score_text(text, name, ).scorecard


def _score_at_triage(text: str, name: str, score: float):
    """The scorecard of ``text`` as if triage had kept it with relevance ``score``."""
    from pipeline.ingest import document_from_text
    from pipeline.relevance import Relevance
    from pipeline.run import analyze
    from pipeline.scoring import score_flags

    document = document_from_text(text, name)
    analysis = analyze(document)
    return score_flags(document, analysis.flags, sections=analysis.sections, doc=analysis.doc,
                       relevance=Relevance(relevant=True, score=score, reason="test"))


def _words(text: str):
    import re

    return tuple((m.group().lower(), m.group().lower(), m.start(), m.end()) for m in re.finditer(r"[A-Za-z0-9]+", text))


def test_phrase_matching_allows_a_bounded_gap_and_prefixes():
    words = _words("the officer shall be held wholly harmless and indemnified")
    assert match_phrase(words, ("held", "harmless"), 2) is not None
    assert match_phrase(words, ("indemnif*",), 2) is not None
    assert match_phrase(words, ("officer", "harmless"), 2) is None  # four words apart


def test_unrecognised_intervention_wording_sends_the_silent_no_to_review():
    text = CAUSE + ("(b) An officer present at the scene who has a realistic chance to stop a colleague from "
                    "committing such a deprivation, and does not intercede, shall answer for it as if the officer "
                    "had committed it.")
    result = _score(text, "routing-intercede").criteria["failure_to_intervene"]
    assert result.verdict != "no" or (result.needs_review and result.confidence <= 0.45
                                      and "no rule resolved: review" in result.explanation)


def test_with_no_flag_at_all_every_move_word_is_a_cue_and_its_no_goes_to_review():
    """The mechanism itself, independent of what the rules resolve: score with no flags."""
    from pipeline.ingest import document_from_text
    from pipeline.run import analyze
    from pipeline.scoring import score_flags

    text = CAUSE + ("(b) An officer who does not intercede to stop a colleague's deprivation shares the "
                    "colleague's liability. (c) The county shall hold the officer harmless against any judgment.")
    document = document_from_text(text, "routing-no-flags")
    analysis = analyze(document)
    card = score_flags(document, [], sections=analysis.sections, doc=analysis.doc)
    fti, money, fees = (card.criteria[c] for c in ("failure_to_intervene", "full_compensation", "attorney_fees"))
    assert fti.verdict == "no" and fti.needs_review and fti.confidence <= 0.45
    assert '"intercede"' in fti.explanation and "which no rule resolved: review" in fti.explanation
    assert money.needs_review and '"hold the officer harmless"' in money.explanation
    assert not fees.needs_review  # no fee words: the silence stands


def test_unrecognised_fee_wording_is_not_a_confident_no():
    text = CAUSE + ("(c) A claimant who obtains relief under this section is entitled to recover the reasonable "
                    "attorney's fees incurred, to be fixed by the court.")
    result = _score(text, "routing-fees").criteria["attorney_fees"]
    assert result.verdict != "no" or result.needs_review


def test_silence_without_the_vocabulary_stays_confident():
    result = _score(CAUSE, "routing-plain").criteria["attorney_fees"]
    assert result.verdict == "no"
    assert not result.needs_review
    assert "no rule resolved" not in result.explanation


def test_the_vocabulary_outside_a_cause_of_action_is_not_routed():
    from pipeline.ingest import document_from_text
    from pipeline.run import analyze
    from pipeline.unresolved import unresolved_cues

    text = ("Section 1. The department shall publish an annual report on training. (b) The report shall include "
            "the attorney fees the department paid to outside counsel for contract work.")
    document = document_from_text(text, "routing-no-cause")
    analysis = analyze(document)
    assert unresolved_cues(document, analysis.sections, analysis.flags, analysis.doc) == {}


def test_discipline_and_records_words_are_routed_in_a_bill_with_no_cause_of_action():
    from pipeline.ingest import document_from_text
    from pipeline.run import analyze
    from pipeline.unresolved import unresolved_cues

    # an accountability-only bill: no cause of action, a sanction and a records clause no rule reads
    text = ("Section 1. A deputy who turns off a body camera during an arrest shall be terminated from employment. "
            "Sec. 2. The sheriff shall give any person who asks a copy of the open records of the matter. "
            "Sec. 3. Every deputy shall receive training in de-escalation and in the use of force.")
    document = document_from_text(text, "routing-accountability-only")
    analysis = analyze(document)
    cues = unresolved_cues(document, analysis.sections, analysis.flags, analysis.doc)
    assert set(cues) <= {"individual_accountability", "public_records"}
    assert "individual_accountability" in cues


def test_a_rule_resolved_clause_is_not_a_cue():
    from pipeline.ingest import document_from_text
    from pipeline.run import analyze
    from pipeline.unresolved import unresolved_cues

    text = CAUSE + "(b) The court shall award reasonable attorney fees and costs to a prevailing plaintiff."
    document = document_from_text(text, "routing-resolved")
    analysis = analyze(document)
    cues = unresolved_cues(document, analysis.sections, analysis.flags, analysis.doc)
    assert "attorney_fees" not in cues


def test_a_contradicting_clause_questions_a_yes():
    text = CAUSE + ("(b) The court shall award reasonable attorney fees and costs to a prevailing plaintiff. "
                    "(c) In an action against a county, the attorney fees of the claimant may be reduced at the "
                    "discretion of the court.")
    result = _score(text, "routing-contradicted").criteria["attorney_fees"]
    assert result.verdict != "yes" or result.needs_review


def test_similarity_signal_loads_offline_and_ranks_related_clauses_higher():
    pytest.importorskip("wordllama")
    from pipeline.similarity import embed

    vectors = embed(["Qualified immunity shall not be a defense to liability under this section.",
                     "It is no defence that the officer reasonably believed the conduct was lawful.",
                     "The department shall purchase new vehicles for the highway patrol."])
    assert vectors.shape == (3, 256)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


# A relevant bill whose remedy no rule recognises: the money criteria must not claim "the bill creates
# no cause of action" with confidence when an operative clause plainly gives one.
REMEDY_ONLY = ("SEC. 4. ENFORCEMENT.\n(a) Any individual aggrieved by a violation of section 3 may bring a civil "
               "action in an appropriate district court against the person who committed the violation.\n"
               "(b) The court may grant such relief as it considers appropriate, including monetary damages.\n")


@pytest.mark.parametrize("criterion", ["no_liability_caps", "full_compensation"])
def test_an_unrecognised_remedy_makes_the_no_remedy_verdict_uncertain(criterion):
    from pipeline.run import score_text

    result = score_text(REMEDY_ONLY, "routing-remedy", options=_no_triage()).scorecard.criteria[criterion]
    assert result.needs_review  # silent on caps and payment, with a remedy no rule read
    assert "civil action" in result.explanation  # names the clause that gives the remedy


def test_a_bill_with_no_remedy_words_keeps_its_no_remedy_verdict_confident():
    from pipeline.run import score_text

    text = ("SEC. 2. REPORT.\nThe Attorney General shall publish an annual report on the number of complaints of "
            "misconduct received by each agency. Qualified immunity is discussed in the report.\n")
    result = score_text(text, "routing-report", options=_no_triage()).scorecard.criteria["no_liability_caps"]
    assert result.verdict == "no"
    assert not result.needs_review


def _no_triage():
    from pipeline.run import ScoreOptions

    return ScoreOptions(triage=False)


def test_stored_exemplar_embeddings_match_fresh_ones_and_stale_ones_are_ignored(tmp_path):
    # models/similarity_exemplars.npz spares every process embedding the exemplars at start-up; it is
    # keyed by the exemplars file's hash, so an edited exemplar file is embedded afresh.
    import shutil

    import numpy as np

    from pipeline.config import models_dir
    from pipeline.similarity import EMBEDDINGS_FILE, EXEMPLARS_FILE, _exemplars, embed, write_embeddings

    source = models_dir(None)
    for name in (EXEMPLARS_FILE, "similarity.json", EMBEDDINGS_FILE):
        shutil.copy2(source / name, tmp_path / name)
    _, stored, _ = _exemplars(str(tmp_path))
    lines = (tmp_path / EXEMPLARS_FILE).read_text(encoding="utf-8").splitlines()
    import json

    fresh = embed([json.loads(line)["text"] for line in lines[:20]])
    assert np.allclose(stored[:20], fresh, atol=1e-6)

    edited = tmp_path / "edited"
    edited.mkdir()
    shutil.copy2(tmp_path / "similarity.json", edited / "similarity.json")
    shutil.copy2(tmp_path / EMBEDDINGS_FILE, edited / EMBEDDINGS_FILE)  # stale for the edited file
    (edited / EXEMPLARS_FILE).write_text("\n".join(lines[:5]) + "\n", encoding="utf-8")
    _, matrix, _ = _exemplars(str(edited))
    assert matrix.shape[0] == 5
    write_embeddings(edited)
    _exemplars.cache_clear()
    _, again, _ = _exemplars(str(edited))
    assert np.allclose(again, matrix, atol=1e-6)


SHIELD = ("Section 1. Qualified immunity. (a) A peace officer sued in an individual capacity for conduct within the "
          "scope of employment shall be immune from civil liability unless the officer violated a clearly established "
          "statutory or constitutional right of which a reasonable officer would have known. (b) This section codifies "
          "the doctrine of qualified immunity as a defense in every civil action against a peace officer.")


def test_a_bill_that_codifies_qualified_immunity_says_no_on_accountability_without_review():
    """A codified shield is explicit: the officer is shielded, so "no individual accountability" needs no
    second look (RUBRIC.md asks review for this criterion unless the text is explicit)."""
    card = _score(SHIELD, "routing-shield")
    ending = card.criteria["end_qi_law_enforcement"]
    assert ending.verdict == "no" and "codif" in ending.explanation
    accountability = card.criteria["individual_accountability"]
    assert accountability.verdict == "no" and not accountability.needs_review


def test_discipline_not_tied_to_liability_still_sends_its_no_to_review():
    text = CAUSE + ("Qualified immunity is not a defense to an action under this section. (b) The chief of police may "
                    "take disciplinary action against an officer who violates department policy.")
    accountability = _score(text, "routing-discipline").criteria["individual_accountability"]
    assert accountability.verdict == "no" and accountability.needs_review


FEDERAL = ("Be it enacted by the Senate and House of Representatives of the United States of America in Congress "
           "assembled,\nSECTION 1. LIABILITY OF OFFICERS.\nSection 1979 of the Revised Statutes of the United States "
           "(42 U.S.C. 1983) is amended by adding at the end the following: \"It shall not be a defense or immunity "
           "in any action brought under this section that the defendant acted in good faith.\".\n")


def test_a_federal_bill_silent_on_payment_and_records_rests_on_cited_federal_law_without_review():
    """Federal law requires no employer to pay a judgment against its officer and opens no police
    records (corpus/jurisdictions/us.yaml cites it): a silent federal bill is a "no" that names the law."""
    card = _score(FEDERAL, "routing-federal")
    for criterion, citation in (("full_compensation", "28 C.F.R."), ("public_records", "5 U.S.C.")):
        result = card.criteria[criterion]
        assert result.verdict == "no" and not result.needs_review, criterion
        assert citation in result.explanation, criterion


def test_a_federal_bill_with_unread_payment_words_still_goes_to_review():
    text = FEDERAL + ("SEC. 2. PAYMENT.\nA unit of local government whose officer is found liable under section 1979 of "
                      "the Revised Statutes shall hold that officer wholly harmless as to the amount of the judgment.\n")
    result = _score(text, "routing-federal-payment").criteria["full_compensation"]
    assert result.verdict == "yes" or result.needs_review


def test_good_faith_in_an_indemnification_clause_does_not_question_the_qi_bar():
    """A clause an indemnification rule read uses "good faith" about who pays, not about a defence;
    the same words in a clause no rule read still question the bar."""
    bar = "(b) Qualified immunity is not a defense to an action under this section. "
    paid = "(c) The county shall indemnify the employee for any judgment under this section if the employee acted in good faith."
    loose = "(c) The employee's good faith shall be considered by the court in fixing the amount of punitive damages."
    read = _score(CAUSE + bar + paid, "routing-indemnity-good-faith").criteria["end_qi_law_enforcement"]
    assert read.verdict == "yes" and "good faith" not in read.explanation
    unread = _score(CAUSE + bar + loose, "routing-loose-good-faith").criteria["end_qi_law_enforcement"]
    assert unread.verdict == "yes" and unread.needs_review and '"good faith"' in unread.explanation


@pytest.mark.parametrize("score,verdict", [(0.25, "no"), (0.8, "yes")])
def test_a_fee_clause_in_a_barely_relevant_bill_about_no_officials_is_a_reviewed_no(score, verdict):
    """No QI, rights or intervention provision and a low triage score: the fee clause is most
    likely about private claims (RUBRIC.md: irrelevant bills score zero); a bill triage trusts
    keeps its reading. Both are sent to review."""
    text = ("Section 1. A tenant who prevails in an action to recover a security deposit shall be awarded "
            "reasonable attorney fees and costs by the court.")
    fees = _score_at_triage(text, "routing-offtopic-fees", score).criteria["attorney_fees"]
    assert fees.verdict == verdict and fees.needs_review


def test_the_saving_clause_of_a_shield_bill_bars_no_defence():
    text = ("Section 1. (a) A deputy who acts in compliance with a detainer shall not be liable for the detention. "
            "(b) Nothing in this section may be construed to provide immunity to any person who knowingly violates "
            "the constitutional rights of an individual.")
    result = _score(text, "routing-shield-saving").criteria["end_qi_law_enforcement"]
    assert result.verdict == "no"


BAR = "(b) Qualified immunity is not a defense to an action under this section. "


def test_a_payment_sentence_after_a_read_payment_clause_is_read_with_it():
    # "good faith" in a sentence that only conditions a payment the previous sentence ordered is
    # not an unread defence: the QI verdict keeps its confidence.
    text = CAUSE + BAR + ("(c) The county shall indemnify the employee for the full amount of any judgment under "
                          "this section. Such indemnification shall not depend on any finding about the good faith "
                          "of the employee.")
    card = _score(text, "routing-payment-followup")
    assert card.criteria["full_compensation"].verdict == "yes"
    qi = card.criteria["end_qi_law_enforcement"]
    assert qi.verdict == "yes" and not qi.needs_review and "no rule resolved" not in qi.explanation


def test_a_good_faith_sentence_with_no_payment_words_after_a_payment_clause_stays_unresolved():
    # the same neighbour does not excuse a sentence about the defence itself
    text = CAUSE + ("(c) The county shall indemnify the employee for the full amount of any judgment under this "
                    "section. The employee may raise good faith as an answer to the claim.")
    qi = _score(text, "routing-defence-after-payment").criteria["end_qi_law_enforcement"]
    assert qi.verdict != "yes" and qi.needs_review


@pytest.mark.parametrize("score,reviewed", [(0.32, True), (0.8, False)])
def test_a_yes_in_a_bill_triage_barely_kept_goes_to_review(score, reviewed):
    """Most bills triage keeps with a score just above its threshold are look-alikes (a private
    right of action with mandatory fees): what such a bill grants is checked before it is published."""
    text = ("Section 1. (a) A person injured by a licensed security guard may bring a civil action against the guard. "
            "It is not a defense that the guard acted in good faith. (b) The court shall award a prevailing plaintiff "
            "reasonable attorney fees and costs.")
    fees = _score_at_triage(text, "routing-barely-kept", score).criteria["attorney_fees"]
    assert fees.verdict == "yes"
    assert fees.needs_review is reviewed
    assert ("Triage barely kept" in fees.explanation) is reviewed


def test_a_fee_the_rule_set_aside_is_named_and_reviewed_not_called_silence():
    text = CAUSE + ("(b) If the court finds the action frivolous, the court shall order the plaintiff to pay the "
                    "reasonable attorney fees of the defendant.")
    fees = _score(text, "routing-defendant-fees").criteria["attorney_fees"]
    assert fees.verdict == "no"
    assert "no mention" not in fees.explanation and "defendant" in fees.explanation


def test_an_unread_sanction_tied_to_a_judgment_sends_the_silent_accountability_no_to_review():
    """Ineligibility for police employment after a judgment: no rule grades it, its words are a cue."""
    text = CAUSE + ("(b) A deputy against whom a judgment is entered under this section is ineligible for employment "
                    "as a peace officer in this state.")
    result = _score(text, "routing-ineligible").criteria["individual_accountability"]
    assert result.verdict == "yes" or (result.needs_review and "ineligible for employment" in result.explanation)


def test_a_judgment_and_a_credential_in_one_unread_clause_send_the_accountability_no_to_review():
    """Words common alone ("judgment", "certificate") make the move together: a silent "no" beside
    them is uncertain, and the explanation names the clause."""
    text = CAUSE + ("(b) A judgment under this section for the use of deadly force shall cost the deputy the deputy's "
                    "detention officer certificate.")
    result = _score(text, "routing-together").criteria["individual_accountability"]
    assert result.verdict == "no" and result.needs_review
    assert "judgment" in result.explanation and "certificate" in result.explanation


def test_a_judgment_without_a_consequence_for_the_officer_leaves_the_silent_no_confident():
    text = CAUSE + "(b) A certified copy of any judgment under this section shall be sent to the attorney general."
    result = _score(text, "routing-together-quiet").criteria["individual_accountability"]
    assert result.verdict == "no" and not result.needs_review


@pytest.mark.parametrize("limit", [
    "The court shall award attorney fees to a prevailing plaintiff, not to exceed twenty-five percent of the damages awarded.",
    "Attorney fees shall be awarded to a prevailing plaintiff only in an action for injunctive relief under this section.",
    "The court shall award reasonable attorney fees to a plaintiff who prevails, but no fee award shall exceed $50,000.",
    "In an action under this section, attorney fees shall be awarded as provided in 42 U.S.C. 1988.",
])
def test_a_fee_duty_with_a_limit_or_borrowed_terms_goes_to_review(limit):
    """A duty to award fees that a cap, a kind of action or another law's terms limit is a yes a person
    checks: the rubric asks whether the plaintiff must receive the fees, and the limit decides how far."""
    result = _score(CAUSE + "(b) " + limit, "routing-fee-limit").criteria["attorney_fees"]
    assert result.verdict == "yes" and result.needs_review


def test_a_plain_fee_duty_stays_confident():
    result = _score(CAUSE + "(b) The court shall award reasonable attorney fees to a prevailing plaintiff.",
                    "routing-fee-plain").criteria["attorney_fees"]
    assert result.verdict == "yes" and not result.needs_review


@pytest.mark.parametrize("consequence", [
    "(b) A deputy found liable under this section shall not be promoted for three years after the judgment.",
    "(b) A deputy found liable under this section shall be placed on a statewide list of persons not eligible for hire as peace officers.",
])
def test_a_finding_and_a_career_consequence_no_rule_grades_go_to_review(consequence):
    result = _score(CAUSE + consequence, "routing-career").criteria["individual_accountability"]
    assert result.verdict == "yes" or result.needs_review
