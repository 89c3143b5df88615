"""Strike-through detection on redline PDFs drawn the way state legislatures print them."""

from __future__ import annotations

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.redline import Stroke, classify


@pytest.mark.parametrize("strike_style", ["line", "rect", "path"])
def test_struck_words_are_dropped_and_underlined_kept(tmp_path, strike_style, draw_redline, redline_spec):
    STRUCK, UNDERLINED = redline_spec["struck"], redline_spec["underlined"]
    document = load_document(draw_redline(tmp_path / f"{strike_style}.pdf", redline_spec["pages"], strike_style=strike_style))
    text = document.text
    struck = [d for d in document.dropped if d.reason == "strikethrough"]
    assert [d.text for d in struck if d.text != "may"] == STRUCK
    for phrase in STRUCK:
        assert phrase not in text
    for phrase in UNDERLINED:
        assert phrase in " ".join(text.split())
    assert "qualified immunity in any action" in text
    assert "shall not raise the\ndefense of qualified immunity" in text
    assert "to a prevailing plaintiff." in text
    # the dropped span points where the words stood, with page and printed line
    first = struck[0]
    assert text[:first.offset].endswith("secured by the state constitution ")
    assert (first.page, first.line) == (1, 3)
    assert struck[-1].page == 2
    # margin numbers and the running head/footer are not in the text
    assert "HB 2101" not in text and "Page 1 of" not in text
    assert [span.line for span in document.lines if span.page == 1] == list(range(1, 8))


def test_underline_only_page_keeps_everything(tmp_path, draw_redline):
    pages = [[[("The officer", None), ("shall not", "underline"), ("be immune.", None)]] * 3]
    document = load_document(draw_redline(tmp_path / "u.pdf", pages, header=None))
    assert document.text.count("The officer shall not be immune.") == 3
    assert not [d for d in document.dropped if d.reason == "strikethrough"]


def test_unnumbered_redline(tmp_path, draw_redline):
    pages = [[[("Immunity", None), ("is", "strike"), ("is not", "underline"), ("a defense.", None)]]]
    document = load_document(draw_redline(tmp_path / "n.pdf", pages, numbered=False, header=None))
    assert document.text == "Immunity is not a defense."
    assert [d.text for d in document.dropped] == ["is"]


def test_classify_by_height_over_baseline():
    char = ("a", 10.0, 16.0, 100.0, 108.0, 100.0, 10.0)
    assert classify(char, 8.0, [Stroke(0, 50, 103.0)]) == "strike"
    assert classify(char, 8.0, [Stroke(0, 50, 98.5)]) == "underline"
    assert classify(char, 8.0, [Stroke(0, 50, 115.0)]) is None  # the line above's underline
    assert classify(char, 8.0, [Stroke(20, 50, 103.0)]) is None  # stroke does not reach the char
