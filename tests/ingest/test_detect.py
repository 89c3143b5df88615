"""Content sniffing: the bytes decide the format, not the name; DOCX is read; adversarial heads are quick."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.errors import StatuteError, UnsupportedFormatError
from pipeline.ingest import load_document
from pipeline.ingest.detect import sniff_format

NOT_FOUND = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>" \
            b"<p>The requested URL was not found on this server.</p></body></html>\n"


def _docx(path, paragraphs, *, tracked_delete=None, struck=None):
    """A Word document made with python-docx; optional tracked deletion and struck run in paragraph 0."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.core_properties.title = "HB 2101"
    for text in paragraphs:
        document.add_paragraph(text)
    first = document.paragraphs[0]
    if struck:
        run = first.add_run(" " + struck)
        run.font.strike = True
        first.add_run(" shall")
    if tracked_delete:
        first._p.append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="drafter" w:date="2026-01-01T00:00:00Z">'
            f'<w:r><w:delText xml:space="preserve"> {tracked_delete}</w:delText></w:r></w:del>'))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Fund"
    table.rows[0].cells[1].text = "$1,000"
    document.save(path)
    return path


def test_html_saved_as_pdf_is_read_as_html(tmp_path):
    path = tmp_path / "hb2101.pdf"
    path.write_bytes(NOT_FOUND)
    document = load_document(path)
    assert document.source.format == "html"
    assert document.title == "404 Not Found" and "not found on this server" in document.text


def test_pdf_named_txt_and_text_named_pdf(tmp_path):
    assert sniff_format(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", name="bill.txt") == "pdf"
    assert sniff_format(b"SECTION 1. Short title.\nThis Act may be cited", name="bill.pdf") == "txt"
    assert sniff_format(b"<?xml version='1.0'?><bill><section/></bill>", name="bill.txt") == "xml"


def test_docx_is_read_with_paragraphs_tables_and_deletions(tmp_path):
    path = _docx(tmp_path / "hb2101.docx", ["SECTION 1. The officer", "SECTION 2. Qualified immunity is not a defense."],
                 tracked_delete="in good faith", struck="may")
    document = load_document(path)
    assert document.source.format == "docx" and document.title == "HB 2101"
    lines = document.text.split("\n")
    assert lines[0] == "SECTION 1. The officer shall"
    assert "SECTION 2. Qualified immunity is not a defense." in lines and "Fund $1,000" in lines
    dropped = {(span.text, span.reason) for span in document.dropped}
    assert dropped == {("may", "strikethrough"), ("in good faith", "deleted")}
    assert document.deleted_word_count == 4
    where = {span.reason: document.text[: span.offset] for span in document.dropped}
    assert where["strikethrough"] == "SECTION 1. The officer"  # "The officer [may] shall"
    assert where["deleted"] == "SECTION 1. The officer shall"  # the tracked deletion closes the paragraph


def test_docx_under_another_name_is_still_docx(tmp_path):
    path = _docx(tmp_path / "x.docx", ["SECTION 1. Text."])
    renamed = tmp_path / "bill.txt"
    renamed.write_bytes(path.read_bytes())
    assert load_document(renamed).source.format == "docx"


def test_zip_that_is_not_word_and_broken_docx_are_refused_in_one_line(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n1,2\n")
    zipped = tmp_path / "bill.docx"
    zipped.write_bytes(buffer.getvalue())
    with pytest.raises(UnsupportedFormatError) as error:
        load_document(zipped)
    assert "not a Word .docx" in str(error.value) and "\n" not in str(error.value)
    truncated = tmp_path / "cut.docx"
    truncated.write_bytes(_docx(tmp_path / "full.docx", ["SECTION 1. Text."]).read_bytes()[:700])
    with pytest.raises(StatuteError) as error:
        load_document(truncated)
    assert str(error.value).startswith("cut.docx: ") and "\n" not in str(error.value)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("head", [
    b"<!--a-->" * 40 + b"x",            # many comments, then no tag: was exponential backtracking
    b"<!--a-->" * 1000 + b"<html><body>Bill</body></html>",
    b"<!--" * 5000,                       # unclosed comments
    b"<!--a--" * 3000 + b">",
    b" \n" * 4000 + b"<!-- -->" * 500 + b"<p>",
])
def test_adversarial_markup_heads_are_sniffed_quickly(head):
    assert sniff_format(head[:8192], name="bill.html") in ("html", "txt", "xml")


def test_comments_before_html_still_say_html():
    assert sniff_format(b"<!-- saved from url -->\n<!-- x --><html><body>Bill</body></html>", name="bill.pdf") == "html"
    assert sniff_format(b"<!--a-->" * 40 + b"SECTION 1.", name="bill.txt") == "txt"
