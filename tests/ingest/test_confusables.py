"""Invisible characters and look-alike letters (issue 11): removed or mapped before matching,
recorded so offsets stay exact, and flagged on the scorecard. Sentences written by the team."""

from __future__ import annotations

import pytest

from pipeline.ingest import document_from_text, load_document
from pipeline.ingest.confusables import map_confusables, normalise_document, strip_invisible
from pipeline.values import Document, LineSpan, Source

CLEAN = "In an action under this section, the court shall award reasonable attorney fees to the plaintiff."


@pytest.mark.parametrize("char", ["\u2063", "\u2064", "\u034f", "\u180e", "\u200b", "\u200c", "\u200d", "\u2060",
                                  "\u202a", "\u202e", "\u2066", "\u2069", "\u00ad", "\ufe0f"])
def test_an_invisible_character_inside_a_word_is_removed_and_recorded(char):
    tampered = CLEAN.replace("shall", f"sh{char}all").replace("award", f"aw{char}ard")
    document = document_from_text(tampered, "bill")
    assert document.text == CLEAN
    assert document.text_normalised == {"invisible": 2}
    removed = [span for span in document.dropped if span.reason.startswith("invisible")]
    assert [span.text for span in removed] == [char, char]
    # each removal is recorded where it stood in the normalised text: between "sh" and "all"
    assert document.text[removed[0].offset - 2:removed[0].offset + 3] == "shall"
    assert document.text[removed[1].offset - 2:removed[1].offset + 3] == "award"


def test_a_cyrillic_letter_inside_a_latin_word_becomes_latin_and_is_recorded():
    tampered = CLEAN.replace("shall award", "sh\u0430ll \u0430w\u0430rd").replace(" to ", " t\u043e ")
    document = document_from_text(tampered, "bill")
    assert document.text == CLEAN
    assert document.text_normalised == {"confusable": 4}
    assert [(c.original, document.text[c.start:c.end]) for c in document.changed] == [
        ("\u0430", "a"), ("\u0430", "a"), ("\u0430", "a"), ("\u043e", "o")]


def test_greek_look_alikes_inside_latin_words_are_mapped_too():
    text, changes = map_confusables("The d\u03bffendant is liable f\u03bfr damages.")
    assert text == "The dofendant is liable for damages." and len(changes) == 2


def test_genuine_cyrillic_and_greek_words_stay_as_written():
    text = "The act quotes \u0432\u043e\u0434\u0430 and \u0441\u043e\u0440 and \u03bb\u03cc\u03b3\u03bf\u03c2 verbatim."
    document = document_from_text(text, "bill")
    assert document.text == text
    assert document.text_normalised == {} and document.changed == []


def test_latin_letters_with_accents_are_not_confusables():
    text = "The r\u00e9gime of the pe\u00f1a code and the na\u00efve caf\u00e9 stay as written."
    assert document_from_text(text, "bill").text == text


def test_clean_text_is_not_flagged():
    document = document_from_text(CLEAN + " \u201cQuoted\u201d \u00a7 1983 \u2014 dash.", "bill")
    assert document.text_normalised == {} and document.changed == []
    assert not [span for span in document.dropped if span.reason.startswith("invisible")]


def test_a_leading_byte_order_mark_is_not_tampering(tmp_path):
    path = tmp_path / "bill.txt"
    path.write_bytes("\ufeff".encode("utf-8") + CLEAN.encode("utf-8"))
    assert load_document(path).text_normalised == {}


def test_offsets_a_reader_recorded_still_point_at_the_same_words():
    text = "Line one has sh\u2063all in it.\nLine two is plain."
    source = Source(path="x.pdf", sha256="0", format="pdf")
    second = text.index("Line two")
    document = Document(text=text, source=source, page_spans=[(0, len(text))],
                        lines=[LineSpan(0, second - 1, 1, 1), LineSpan(second, len(text), 1, 2)])
    cleaned = normalise_document(document)
    start, end = cleaned.lines[1].start, cleaned.lines[1].end
    assert cleaned.text[start:end] == "Line two is plain."
    assert cleaned.page_spans == [(0, len(cleaned.text))]
    assert cleaned.locate(start) == (1, 2)


def test_strip_invisible_reports_offsets_in_the_cleaned_text():
    text, removed = strip_invisible("a\u200bb\u200bc")
    assert text == "abc" and removed == [(1, "\u200b"), (2, "\u200b")]


FEES_BILL = ("Be it enacted by the General Assembly of the State of Colorado:\n"
             "SECTION 1. (1) A peace officer who, under color of law, deprives a person of a right secured by the "
             "state constitution is liable to the injured party for damages. (2) In any action under this section, "
             "the court {shall} award reasonable attorney fees and costs to a prevailing plaintiff. (3) A peace "
             "officer who is present and observes another peace officer depriving a person of a right, and who "
             "fails to intervene, is jointly and severally liable with that officer.")


@pytest.mark.parametrize("shall", ["sh\u0430ll", "sha\u2063ll", "sh\u034fall"])
def test_a_tampered_fee_clause_gets_the_clean_verdict_and_goes_to_review(shall):
    import pipeline

    clean = pipeline.score(FEES_BILL.format(shall="shall"), name="fees-bill")
    tampered = pipeline.score(FEES_BILL.format(shall=shall), name="fees-bill")
    assert tampered.criteria["attorney_fees"].verdict == clean.criteria["attorney_fees"].verdict == "yes"
    data, clean_data = tampered.to_dict(), clean.to_dict()
    assert sum(data["text_normalised"].values()) == 1 and clean_data["text_normalised"] == {}
    fees = tampered.criteria["attorney_fees"]
    assert fees.needs_review and "normalised" in fees.explanation
    assert not clean.criteria["attorney_fees"].needs_review
    # a criterion whose evidence did not touch the altered word is not sent to review for it
    assert "normalised" not in tampered.criteria["failure_to_intervene"].explanation
