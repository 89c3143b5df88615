"""Strike-through detection on redline PDFs drawn the way state legislatures print them."""

from __future__ import annotations

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.redline import Stroke, classify


@pytest.fixture(params=["pdfium", "pdfplumber"])
def geometry(request, monkeypatch):
    """Run a test with strike geometry from pypdfium2's page objects and from pdfplumber."""
    import pipeline.ingest.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "STRIKE_GEOMETRY", request.param)
    return request.param


@pytest.mark.parametrize("strike_style", ["line", "rect", "path"])
def test_struck_words_are_dropped_and_underlined_kept(tmp_path, strike_style, draw_redline, redline_spec, geometry):
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


def test_landscape_and_rotated_pages_are_read(tmp_path):
    """A page turned by /Rotate and one drawn with a rotation matrix both give their text;
    a short side tab in another direction is dropped as furniture."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path))
    c.setPageRotation(90)
    for i in range(3):
        c.drawString(72, 700 - 20 * i, f"Sec. {i + 1}. Viewer-rotated line {i + 1}.")
    c.showPage()
    c.translate(612, 0)
    c.rotate(90)
    for i in range(3):
        c.drawString(72, 500 - 20 * i, f"Sec. {i + 4}. Matrix-rotated line {i + 4}.")
    c.rotate(-90)  # a side tab upright on the turned page
    c.drawString(-200, 300, "tab")
    c.showPage()
    c.save()
    document = load_document(path)
    lines = document.text.splitlines()
    assert lines == [f"Sec. {i}. Viewer-rotated line {i}." for i in (1, 2, 3)] + [
        f"Sec. {i}. Matrix-rotated line {i}." for i in (4, 5, 6)]
    assert [d.text for d in document.dropped if d.reason == "furniture"] == ["tab"]


@pytest.mark.parametrize("strike_style", ["line", "path"])
def test_two_strikes_on_one_line_keep_the_word_between(tmp_path, draw_redline, strike_style, geometry):
    pages = [[[("Officers", None), ("may", "strike"), ("shall", "underline"), ("not", None),
               ("ever", "strike"), ("claim immunity.", None)]] * 3]
    document = load_document(draw_redline(tmp_path / "two.pdf", pages, header=None, strike_style=strike_style))
    assert document.text.splitlines() == ["Officers shall not claim immunity."] * 3
    assert [d.text for d in document.dropped] == ["may", "ever"] * 3


def test_curve_pieces_do_not_bridge_subpaths():
    from pipeline.ingest.redline import strokes_from_objects

    curve = {"path": [("m", (0, 10)), ("l", (50, 10)), ("m", (100, 10)), ("l", (150, 10))]}
    strokes = strokes_from_objects({"curve": [curve]}, page_height=100)
    assert [(s.x0, s.x1, s.y) for s in strokes] == [(0, 50, 90), (100, 150, 90)]


def test_struck_offsets_after_hyphen_rejoin(tmp_path, draw_redline):
    pages = [[
        [("The officer shall be liable for dam-", None)],
        [("ages", None), ("and costs", "strike"), ("in any action for \u2018\u2018relief\u2019\u2019", None), ("only", "strike"), (".", None)],
        [("A second line.", None)],
    ]]
    document = load_document(draw_redline(tmp_path / "h.pdf", pages, header=None))
    assert document.text.splitlines() == ["The officer shall be liable for damages", 'in any action for "relief".', "A second line."]
    first, second = [d for d in document.dropped if d.reason == "strikethrough"]
    assert first.text == "and costs" and document.text[:first.offset].endswith("damages\n")
    assert second.text == "only" and document.text[:second.offset].endswith('"relief"')


def test_struck_last_word_of_a_line(tmp_path, draw_redline):
    pages = [[[("the defense of qualified immunity in any", None), ("action", "strike")],
              [("brought under this section.", None)], [("Sec. 2. Next.", None)]]]
    document = load_document(draw_redline(tmp_path / "end.pdf", pages, header=None))
    assert document.text.splitlines()[0] == "the defense of qualified immunity in any"
    struck = [d for d in document.dropped if d.reason == "strikethrough"]
    assert [(d.text, d.line) for d in struck] == [("action", 1)]
    assert document.text[:struck[0].offset].endswith("in any")


def test_strokes_inside_form_xobjects_and_boxes(tmp_path, geometry):
    """A strike drawn inside a form XObject (placed with a translation) is found; a box drawn
    around a word (a table cell) and an invisible path are not strikes."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Times-Roman", 12)
    for line in range(3):
        c.drawString(90, 700 - 24 * line, "Immunity shall apply to officers.")
    c.beginForm("strike")
    c.setLineWidth(0.8)
    c.line(0, 0, 22.6, 0)  # in form space
    c.endForm()
    c.saveState()
    c.translate(140.4, 703.6)  # over "shall" on the first line
    c.doForm("strike")
    c.restoreState()
    c.rect(88, 672, 60, 14, stroke=1, fill=0)  # a box around "Immunity" on line 2
    c.setStrokeColorRGB(1, 1, 1)
    c.showPage()
    c.save()
    document = load_document(path)
    assert document.text.splitlines() == ["Immunity apply to officers."] + ["Immunity shall apply to officers."] * 2
    assert [d.text for d in document.dropped] == ["shall"]


def test_redline_on_a_landscape_page(tmp_path):
    """Text and strike lines drawn with a rotation matrix: the strikes are read in the text's frame."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    path = tmp_path / "landscape.pdf"
    c = canvas.Canvas(str(path))
    c.translate(612, 0)
    c.rotate(90)
    c.setFont("Times-Roman", 12)
    for line in range(3):
        y = 500 - 24 * line
        c.drawString(72, y, "Officers may claim immunity.")
        x = 72 + stringWidth("Officers ", "Times-Roman", 12)
        c.line(x, y + 3.6, x + stringWidth("may", "Times-Roman", 12), y + 3.6)
    c.showPage()
    c.save()
    document = load_document(path)
    assert document.text.splitlines() == ["Officers claim immunity."] * 3
    assert [d.text for d in document.dropped] == ["may"] * 3


def test_a_table_of_numbers_is_not_a_margin(tmp_path):
    """Small numbers aligned in a table's first column are content, not printed line numbers."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "table.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Times-Roman", 12)
    c.drawString(72, 720, "Sec. 3. The fines are as follows:")
    for row, (number, fine) in enumerate([("1", "$100 for a first violation;"), ("2", "$250 for a second violation;"),
                                          ("3", "$500 for a third violation; and"), ("4", "$1,000 after that.")]):
        c.drawString(72, 696 - 24 * row, number)
        c.drawString(120, 696 - 24 * row, fine)
    c.showPage()
    c.save()
    document = load_document(path)
    assert document.text.splitlines()[1:] == ["1 $100 for a first violation;", "2 $250 for a second violation;",
                                              "3 $500 for a third violation; and", "4 $1,000 after that."]
    assert all(span.line is None for span in document.lines)


def _two_column_pdf(path, left_lines, right_lines, *, title=None, left_x=72, right_x=320):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Times-Roman", 11)
    if title:
        c.drawString(72, 740, title)
    for row, text in enumerate(left_lines):
        c.drawString(left_x, 700 - 14 * row, text)
    for row, text in enumerate(right_lines):
        c.drawString(right_x, 700 - 14 * row, text)
    c.showPage()
    c.save()
    return path


def test_two_column_page_is_read_column_by_column(tmp_path):
    """Session laws and registers are set in two columns: left column first, then right."""
    left = [f"Left column line {i} of the first section text" for i in range(1, 9)]
    right = [f"Right column line {i} of the next section text" for i in range(1, 9)]
    path = _two_column_pdf(tmp_path / "columns.pdf", left, right,
                           title="CHAPTER 12 - AN ACT CONCERNING CIVIL ACTIONS AGAINST PEACE OFFICERS AND THE STATE")
    lines = load_document(path).text.splitlines()
    assert lines == ["CHAPTER 12 - AN ACT CONCERNING CIVIL ACTIONS AGAINST PEACE OFFICERS AND THE STATE"] + left + right


def test_a_two_column_table_is_read_row_by_row(tmp_path):
    """A table's short label column does not run up to the gap: rows stay together."""
    labels = ["Class A", "Class B", "Class C", "Class D", "Class E", "Class F"]
    fines = [f"a fine of not more than ${n},000 and costs of the action" for n in range(1, 7)]
    path = _two_column_pdf(tmp_path / "table.pdf", labels, fines)
    assert load_document(path).text.splitlines() == [f"{a} {b}" for a, b in zip(labels, fines)]
