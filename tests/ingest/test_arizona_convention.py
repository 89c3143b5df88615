"""Arizona prints new law in CAPITALS and deleted law struck through. In a plain text the struck
words survive as ordinary lower-case words, so inside an amended section a lower-case word may be
law the bill deletes. Nothing here guesses which: the document records where the convention
applies, and a draft whose evidence rests on such words goes to review with a one-line reason.

The bills are written for these tests in the style of Arizona bills (not taken from any bill).
"""

from __future__ import annotations

from pipeline.ingest import document_from_text
from pipeline.ingest.conventions import CAPITALS_NEW_LAW, capitals_convention_spans, unseen_strike_words

#: An amended section: "may" and "acted in good faith and" would be struck in print; new law in CAPITALS.
AZ_AMENDED = """Be it enacted by the Legislature of the State of Arizona:
Section 1. Section 12-820.09, Arizona Revised Statutes, is amended to read:
12-820.09. Peace officers; civil actions
A. A peace officer who deprives a person of a right secured by the constitution of this state is liable to the person injured.
B. The officer may assert the defense of qualified immunity if the officer acted in good faith and QUALIFIED IMMUNITY IS NOT A DEFENSE IN AN ACTION BROUGHT UNDER THIS SECTION.
C. THE COURT SHALL AWARD REASONABLE ATTORNEY FEES AND COSTS TO A PREVAILING PLAINTIFF.
Sec. 2. Effective date
This act is effective from and after December 31, 2027.
"""

#: The same words with no CAPITALS: nothing shows the convention (e.g. a text lower-cased by a scraper).
AZ_NO_CAPITALS = AZ_AMENDED.replace(
    "QUALIFIED IMMUNITY IS NOT A DEFENSE IN AN ACTION BROUGHT UNDER THIS SECTION", "qualified immunity is not a defense"
).replace("THE COURT SHALL AWARD REASONABLE ATTORNEY FEES AND COSTS TO A PREVAILING PLAINTIFF", "the court may award fees")

#: Another state's amended section that happens to use capitals: not Arizona, no convention.
OTHER_STATE = AZ_AMENDED.replace("Legislature of the State of Arizona", "General Assembly of the State of Colorado").replace(
    "Arizona Revised Statutes", "Colorado Revised Statutes")


def test_arizona_amended_section_is_recorded_on_the_document():
    document = document_from_text(AZ_AMENDED, name="az-hb2001")
    assert [span.convention for span in document.conventions] == [CAPITALS_NEW_LAW]
    span = document.conventions[0]
    covered = document.text[span.start:span.end]
    assert covered.startswith("A. A peace officer") and covered.rstrip().endswith("PREVAILING PLAINTIFF.")
    # only the amended law: not the enacting clause, the section's caption or the next section
    assert "Sec. 2." not in covered and "Be it enacted" not in covered and "Peace officers; civil" not in covered
    assert document.to_dict()["conventions"] == [{"start": span.start, "end": span.end, "convention": CAPITALS_NEW_LAW}]
    # nothing is guessed away: every word stays in the text, nothing is counted as deleted
    assert "acted in good faith and" in document.text and document.deleted_word_count == 0


def test_no_convention_without_arizona_or_without_capitals():
    assert capitals_convention_spans(document_from_text(AZ_NO_CAPITALS).text) == []
    assert capitals_convention_spans(document_from_text(OTHER_STATE).text) == []
    added_only = AZ_AMENDED.replace("is amended to read:", "is added to read:")
    assert capitals_convention_spans(document_from_text(added_only).text) == []


def test_lower_case_words_in_the_amended_section_cannot_be_told_from_struck_ones():
    document = document_from_text(AZ_AMENDED, name="az-hb2001")
    text = document.text
    old = text.index("The officer may assert the defense")
    assert "may" in unseen_strike_words(document, old, old + 40)
    new = text.index("THE COURT SHALL AWARD")
    assert unseen_strike_words(document, new, new + len("THE COURT SHALL AWARD REASONABLE ATTORNEY FEES")) == []
    after = text.index("This act is effective")  # outside the amended section: plain law
    assert unseen_strike_words(document, after, after + 20) == []


def test_drafts_resting_on_words_that_may_be_struck_go_to_review():
    from pipeline.run import score_document

    document = document_from_text(AZ_AMENDED, name="az-hb2001")
    card = score_document(document).scorecard
    fees = card.criteria["attorney_fees"]
    qi = card.criteria["end_qi_law_enforcement"]
    assert fees.verdict == "yes" and qi.evidence
    # the QI evidence quotes "The officer may assert the defense ... in good faith and", which may be struck
    assert qi.needs_review and '"may"' in qi.explanation
    for result in card.criteria.values():
        inside = [document.text[max(e.start, span.start):min(e.end, span.end)]
                  for e in result.evidence for span in document.conventions]
        if any(any(c.islower() for c in part) for part in inside):
            assert result.needs_review and "Arizona prints new law in CAPITALS" in result.explanation
            assert "\n" not in result.explanation
        else:
            assert "Arizona prints new law" not in result.explanation
    assert not fees.needs_review  # its quote is new law in CAPITALS (and the caption outside the amended law)
    # evidence wholly in CAPITALS (new law) is not sent to review for this reason
    capital_only = [r for r in card.criteria.values() if r.evidence and all(
        not any(c.islower() for c in evidence.text) for evidence in r.evidence)]
    for result in capital_only:
        assert "Arizona prints new law" not in result.explanation


def test_the_same_bill_without_the_convention_gets_no_such_note():
    from pipeline.run import score_document

    for text in (AZ_NO_CAPITALS, OTHER_STATE):
        card = score_document(document_from_text(text, name="x-hb1")).scorecard
        assert all("Arizona prints new law" not in r.explanation for r in card.criteria.values())


def test_statute_text_dropped_names_the_stretches(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    bill = tmp_path / "az-hb2001.txt"
    bill.write_text(AZ_AMENDED, encoding="utf-8")
    result = CliRunner().invoke(app, ["text", str(bill), "--dropped"])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("[capitals_new_law @"))
    assert "lower-case words may be struck law" in line
    assert "0 word(s) treated as deleted" in result.output
