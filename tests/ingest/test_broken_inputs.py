"""Broken inputs: one typed, one-line error each; good files in the same folder still come through."""

from __future__ import annotations

import random

import pytest
from typer.testing import CliRunner

from pipeline.errors import (CorruptFileError, EmptyDocumentError, EncryptedPDFError, FileTooLargeError,
                             IngestError, NoTextLayerError, StatuteError, UnsupportedFormatError)
from pipeline.ingest import load_document


def _image_only_pdf(path):
    """A 'scanned' page: an image of text, no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((10, 10), "SECTION 1. No qualified immunity.", fill=0)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(image), 72, 500, width=450, height=150)
    c.showPage()
    c.save()


@pytest.fixture
def broken_folder(tmp_path, draw_redline):
    """A folder of inputs made here: ``{file name: expected error class or None for good}``."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    rng = random.Random(8)
    good_pdf = draw_redline(folder / "good.pdf", [[[("Sec. 1. Immunity is not a defense.", None)]] * 3])
    (folder / "good.txt").write_text("Sec. 1. A peace officer is liable.\n", encoding="utf-8")
    (folder / "good.html").write_text("<html><body><nav>Home</nav><p>Sec. 1. Liability.</p></body></html>")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "whitespace.txt").write_bytes(b" \n\t\n")
    (folder / "junk.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (folder / "junk.pdf").write_bytes(b"\x00\x01" + bytes(rng.randrange(256) for _ in range(4000)))
    (folder / "archive.htm").write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(500)))
    (folder / "truncated.pdf").write_bytes(good_pdf.read_bytes()[:300])
    draw_redline(folder / "encrypted.pdf", [[[("Sec. 1. Secret.", None)]]], encrypt="s3cret")
    _image_only_pdf(folder / "scanned.pdf")
    (folder / "oversized.txt").write_text("Sec. 1. Words. " * 20000)
    (folder / "entities.xml").write_text('<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><bill>&b;</bill>')
    (folder / "malformed.xml").write_text('<?xml version="1.0"?><bill><section>never closed</bill>')
    (folder / "notes.csv").write_text("not,a,bill\n")  # not an input extension: skipped
    return folder, {
        "good.pdf": None, "good.txt": None, "good.html": None,
        "empty.txt": EmptyDocumentError, "whitespace.txt": EmptyDocumentError,
        "junk.txt": UnsupportedFormatError, "junk.pdf": UnsupportedFormatError, "archive.htm": UnsupportedFormatError,
        "truncated.pdf": CorruptFileError, "encrypted.pdf": EncryptedPDFError, "scanned.pdf": NoTextLayerError,
        "oversized.txt": FileTooLargeError, "entities.xml": UnsupportedFormatError, "malformed.xml": CorruptFileError,
    }


def test_each_broken_file_gets_its_typed_one_line_error(broken_folder):
    folder, expected = broken_folder
    for name, error in expected.items():
        if error is None:
            assert load_document(folder / name, max_bytes=100_000).text
            continue
        with pytest.raises(StatuteError) as caught:
            load_document(folder / name, max_bytes=100_000)
        assert type(caught.value) is error, (name, caught.value)
        message = str(caught.value)
        assert "\n" not in message and message.startswith(name), message
        assert "Traceback" not in message


def test_scanned_pdf_says_ocr_not_supported(broken_folder):
    folder, _ = broken_folder
    with pytest.raises(NoTextLayerError, match="OCR is not supported"):
        load_document(folder / "scanned.pdf")


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        load_document(tmp_path / "nope.txt")


def test_format_is_sniffed_not_taken_from_the_extension(tmp_path, draw_redline):
    pdf = draw_redline(tmp_path / "bill.pdf", [[[("Sec. 1. Words.", None)]]], header=None)
    disguised = tmp_path / "bill.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert load_document(disguised).source.format == "pdf"
    html_named_xml = tmp_path / "page.xml"
    html_named_xml.write_text("<!DOCTYPE html><html><body><p>Sec. 1. Text.</p></body></html>")
    assert load_document(html_named_xml).source.format == "html"


def test_cli_folder_reports_each_error_on_one_line_and_prints_good_files(broken_folder):
    from pipeline.cli import app

    folder, expected = broken_folder
    result = CliRunner().invoke(app, ["text", str(folder), "--max-bytes", "100000"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    stdout, stderr = result.stdout, result.stderr
    assert "Traceback" not in stdout + stderr
    for name, error in expected.items():
        if error is None:
            assert f"===== {folder / name}" in stdout
        else:
            lines = [line for line in stderr.splitlines() if line.startswith(f"error: {folder / name}:")]
            assert len(lines) == 1, (name, stderr)
            assert f"[{error.reason}]" in lines[0]
    assert "notes.csv" not in stdout + stderr
    assert "Sec. 1. A peace officer is liable." in stdout
    assert "Home" not in stdout  # navigation dropped from the HTML


def test_cli_single_good_file_exit_zero_no_header(tmp_path):
    from pipeline.cli import app

    path = tmp_path / "one.txt"
    path.write_text("Sec. 1. Text \u201cquoted\u201d.\n")
    result = CliRunner().invoke(app, ["text", str(path)])
    assert result.exit_code == 0
    assert result.stdout == 'Sec. 1. Text "quoted".\n'


def test_cli_missing_path(tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["text", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_blank_pdf_is_empty(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path))
    c.showPage()
    c.showPage()
    c.save()
    with pytest.raises(EmptyDocumentError, match="no text"):
        load_document(path)


def test_scanned_page_inside_a_text_pdf_is_reported_not_guessed(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from PIL import Image

    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "Sec. 1. Text on the first page.")
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (100, 100), 128)), 72, 500, width=200, height=200)
    c.showPage()
    c.drawString(72, 700, "Sec. 2. Text on the third page.")
    c.showPage()
    c.save()
    document = load_document(path)
    assert document.text == "Sec. 1. Text on the first page.\nSec. 2. Text on the third page."
    notes = [d for d in document.dropped if d.reason == "image_only_page"]
    end_of_page_one = len("Sec. 1. Text on the first page.")
    assert document.page_spans[1] == (end_of_page_one, end_of_page_one)  # an empty page
    assert [(d.page, d.offset) for d in notes] == [(2, end_of_page_one)]


def test_text_layer_without_unicode_mapping_is_refused(tmp_path, draw_redline, monkeypatch):
    """Fonts without a Unicode map give private-use code points: that text is not readable."""
    from pipeline.ingest import layout, wordruns

    def unmapped(real):
        def runs(*args, **kwargs):  # entries are characters or whole words (wordruns)
            found = real(*args, **kwargs)
            return None if found is None else [
                ([("\ue041" * len(c[0]),) + c[1:] if c[0] != " " else c for c in chars], turns) for chars, turns in found]
        return runs

    monkeypatch.setattr(layout, "page_runs", unmapped(layout.page_runs))
    monkeypatch.setattr(wordruns, "page_runs_by_word", unmapped(wordruns.page_runs_by_word))
    path = draw_redline(tmp_path / "glyphs.pdf", [[[("Sec. 1. Some words.", None)]]], header=None)
    with pytest.raises(NoTextLayerError, match="no Unicode mapping"):
        load_document(path)


def test_cli_json_lines(tmp_path, draw_redline):
    import json

    from pipeline.cli import app

    draw_redline(tmp_path / "a.pdf", [[[("Sec. 1. Immunity", None), ("is", "strike"), ("is not a defense.", None)]] * 3], header=None)
    (tmp_path / "b.txt").write_text("Sec. 2. Text.\n")
    result = CliRunner().invoke(app, ["text", str(tmp_path), "--json"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["bill_id"] for r in records] == ["a", "b"]
    assert records[0]["text"].splitlines()[0] == "Sec. 1. Immunity is not a defense."
    assert records[0]["lines"][0]["line"] == 1 and records[0]["source"]["pages"] == 1
    assert [d["text"] for d in records[0]["dropped"]] == ["is"] * 3


def test_text_files_that_look_a_little_like_markup_stay_text(tmp_path):
    path = tmp_path / "bill.txt"
    path.write_text("<<Deleted: Sec. 1.>>\n<b>Sec. 2.</b> Text; see the %PDF-1.4 note.\n")
    document = load_document(path)
    assert document.source.format == "txt"
    assert document.text.startswith("<<Deleted: Sec. 1.>>")
    xml_named_txt = tmp_path / "bill2.txt"
    xml_named_txt.write_text('<?xml version="1.0"?><bill><section>Sec. 1. Words.</section></bill>')
    assert load_document(xml_named_txt).source.format == "xml"
