"""The context the second-wave QI constructions rest on (issue 11, helper rulesqi, 2026-12-03).

Sentences written by the team for these tests; none is quoted from a bill. The paraphrase suite
(``tests/score/paraphrases/qi_elements_2.yaml``, ``coverage_2.yaml``, ``federal_remedies.yaml``,
``heldout_2.yaml``) checks the verdicts; these tests pin the pieces that make them possible.
"""

from __future__ import annotations

import pytest


def _nlp():
    from pipeline.nlp import get_nlp

    return get_nlp()


def _score(text: str, criterion: str):
    from pipeline.run import ScoreOptions, score_text

    result = score_text(text, name="qi-elements-test", options=ScoreOptions(triage=False))
    return result.scorecard.criteria[criterion]


@pytest.mark.parametrize("text, word", [
    ("(a) IN GENERAL.—Any person who acts", "Any"),
    ("(b) IMMUNITY.--Qualified immunity is not a defense.", "Qualified"),
    ("(b) IMMUNITY.-Qualified immunity is not a defense.", "Qualified"),  # ingest turns the dash into "-"
])
def test_a_run_in_heading_is_split_from_the_first_word(text, word):
    assert word in [t.text for t in _nlp().make_doc(text)]


def test_abbreviations_and_hyphenated_words_are_not_split_by_the_heading_rule():
    words = [t.text for t in _nlp().make_doc("See 42 U.S.C. 1983 and a well-known rule.")]
    assert "U.S.C." in words and "known" in words and "well" in words


@pytest.mark.parametrize("text", [
    "Section 1. (2) None of the following is a defense to a claim under this section: (a) that the right was "
    "not clearly established; or (b) that the officer acted in good faith.",
    "Section 1. (2) Neither a defense nor an immunity from suit is available to a defendant on the basis that "
    "the right was not clearly established.",
    "Section 1. (2) In any action under this section, the officer's good faith shall be no defense.",
])
def test_a_negative_subject_or_determiner_negates_a_defence_without_a_modal(text):
    cause = ("Section 1. (1) A peace officer who, under color of law, deprives a person of a right secured by "
             "the state constitution is liable to the person injured. ")
    assert _score(cause + text.split("Section 1. ", 1)[1], "end_qi_law_enforcement").verdict == "yes"


def test_a_negative_object_does_not_negate_liability():
    """"... and did nothing is jointly and severally liable": "nothing" is no subject of "liable"."""
    text = ("Section 1. (a) A state trooper who, under color of law, deprives an individual of any right secured "
            "by the constitution of this state is liable to that individual. (c) A trooper who had a chance to "
            "prevent another trooper's deprivation of a person's rights and did nothing is jointly and severally "
            "liable for the injury. (b) Qualified immunity shall not be a defense to an action under this section.")
    assert _score(text, "failure_to_intervene").verdict == "yes"


def test_items_numbered_one_dot_complete_their_lead_in():
    text = ("Section 1. A. A peace officer who, under color of law, deprives a person of a right secured by the "
            "state constitution is liable to the person injured.\nB. In an action under subsection A, the "
            "following are not defenses:\n1. That the defendant acted in good faith.\n2. That the right had not "
            "been clearly established.")
    result = _score(text, "end_qi_law_enforcement")
    assert result.verdict == "yes" and not result.needs_review


def test_a_bar_whose_cause_of_action_names_no_recognised_subject_is_sent_to_review():
    text = ("Section 1. (1) A harbor commissioner who, under color of law, deprives a person of a right secured "
            "by the state constitution is liable to the person injured. (2) Qualified immunity is not a defense "
            "to an action under this section.")
    result = _score(text, "end_qi_public_employees")
    assert result.verdict == "no" and result.needs_review


def test_a_bar_whose_rights_no_rule_read_is_sent_to_review():
    text = ("Section 1. (1) A peace officer who, under color of law, tramples the liberties of a person is liable "
            "to the person injured. (2) Qualified immunity is not a defense to an action under this section.")
    result = _score(text, "end_qi_state_constitution")
    assert result.verdict == "no" and result.needs_review
