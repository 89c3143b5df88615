"""Files that are not what their name says, end to end through ``statute score DIR --out``.

Issue 12: a Word document in a bill folder was never picked up, one passed by name was read as
plain text, an HTML error page saved as ``.pdf`` was scored without a word, a broken symlink was
skipped with no ``errors.csv`` row. Here one batch meets all of them (and binary, empty and
encrypted files): every input is either scored, read as what its bytes are, or has exactly one
``errors.csv`` row with a one-line message, and the batch goes on.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ingest.conftest import draw_redline_pdf

pytestmark = pytest.mark.timeout(300)

#: Sentences written for this test in the style of a state bill.
BILL = [
    "AN ACT relating to civil actions against peace officers.",
    "Section 1. A peace officer who, under color of law, deprives a person of a right secured by the "
    "constitution of this state is liable to the injured party in an action at law.",
    "Section 2. Qualified immunity shall not be a defense to liability in an action brought under this act.",
    "Section 3. The court shall award reasonable attorney fees and costs to a prevailing plaintiff.",
]
NOT_FOUND = (b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
             b"<p>The requested URL was not found on this server.</p></body></html>\n")


def _word_document(path: Path, paragraphs: list[str], *, struck: str | None = None) -> Path:
    """A .docx made with python-docx; ``struck`` adds a run formatted struck through to paragraph 3."""
    import docx

    document = docx.Document()
    document.core_properties.title = "HB 77"
    for text in paragraphs:
        document.add_paragraph(text)
    if struck:
        paragraph = document.paragraphs[3]
        paragraph.text = "Section 3. The court "
        run = paragraph.add_run(struck)
        run.font.strike = True
        paragraph.add_run(" shall award reasonable attorney fees and costs to a prevailing plaintiff.")
    document.save(path)
    return path


@pytest.fixture(scope="module")
def mismatched_batch(tmp_path_factory):
    from tests.batch.conftest import _read_csv, _run_cli, _scorecards

    root = tmp_path_factory.mktemp("mismatch")
    inputs = root / "bills"
    (inputs / "sub").mkdir(parents=True)
    _word_document(inputs / "sub" / "hb77.docx", BILL, struck="may")          # found by the walk
    _word_document(inputs / "sb5-saved-as.txt", BILL)                          # a Word file under .txt
    (inputs / "~$hb77.docx").write_bytes(b"\x05drafter" + b"\x00" * 150)       # Word's lock file: not a bill
    (inputs / "hb12.pdf").write_bytes(NOT_FOUND)                               # an HTML error page as .pdf
    os.symlink(inputs / "gone.txt", inputs / "dangling.txt")                   # a broken symlink
    os.symlink(inputs / "gone.docx", inputs / "dangling-word.docx")
    (inputs / "junk.docx").write_bytes(bytes(range(256)) * 16)                 # binary, not a ZIP
    (inputs / "blank.docx").write_bytes(b"")                                   # empty
    (inputs / "blank.pdf").write_bytes(b"   \n")
    draw_redline_pdf(inputs / "sealed.pdf", [[[("Section 1. Secret.", None)]]], encrypt="s3cret")
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    explicit = _word_document(elsewhere / "hb78.docx", BILL)                   # a .docx passed by name
    out = root / "out"
    proc = _run_cli("score", str(inputs), str(explicit), "--out", str(out), "--workers", "2", timeout=280)
    errors = {row["bill_id"]: row for row in _read_csv(out / "errors.csv")}
    return {"proc": proc, "out": out, "errors": errors, "cards": _scorecards(out), "inputs": inputs}


def test_word_documents_are_scored_whether_found_named_or_misnamed(mismatched_batch):
    cards = mismatched_batch["cards"]
    for bill_id in ("hb77", "hb78", "sb5-saved-as"):
        card = cards[bill_id]
        assert card.source["format"] == "docx", bill_id
        assert card.relevant, bill_id
        assert card.criteria["end_qi_law_enforcement"].verdict == "yes", bill_id
        assert card.criteria["attorney_fees"].verdict == "yes", bill_id
    # the struck "may" in hb77 is a deletion: counted, and not part of the scored evidence
    assert cards["hb77"].deleted_words == 1 and cards["hb78"].deleted_words == 0
    fees = cards["hb77"].criteria["attorney_fees"].evidence
    assert fees and all("may" not in evidence.text.split() for evidence in fees)
    assert "~$hb77" not in {*cards, *mismatched_batch["errors"]}  # the lock file is not an input


def test_html_error_page_saved_as_pdf_is_read_as_html(mismatched_batch):
    card = mismatched_batch["cards"]["hb12"]
    assert card.source["format"] == "html" and card.source["path"].endswith("hb12.pdf")
    assert card.title == "404 Not Found"  # the reviewer sees what the file really is
    assert not card.relevant
    from tests.batch.conftest import _read_csv

    row = next(r for r in _read_csv(mismatched_batch["out"] / "summary.csv") if r["bill_id"] == "hb12")
    assert row["title"] == "404 Not Found"  # ... also in the batch's summary, next to "not relevant"


def test_every_bad_input_has_one_errors_row_with_a_one_line_message(mismatched_batch):
    errors = mismatched_batch["errors"]
    expected = {
        "dangling": ("unreadable", "a broken symbolic link"),
        "dangling-word": ("unreadable", "a broken symbolic link"),
        "junk": ("unsupported_format", "binary data"),
        "sealed": ("encrypted_pdf", "password"),
    }
    for bill_id, (reason, words) in expected.items():
        row = errors[bill_id]
        assert row["reason"] == reason, row
        assert words in row["message"].lower(), row
    empties = [row for row in errors.values() if row["path"].endswith(("blank.docx", "blank.pdf"))]
    assert len(empties) == 2 and all(row["reason"] == "empty" for row in empties)
    assert len(errors) == len(expected) + 2
    for row in errors.values():
        assert row["message"] and "\n" not in row["message"] and "Traceback" not in row["message"]
    proc = mismatched_batch["proc"]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_nothing_is_dropped_in_silence(mismatched_batch):
    """Every input the walk finds is either a scorecard or an errors.csv row."""
    inputs = mismatched_batch["inputs"]
    seen = {Path(card.source["path"]).name for card in mismatched_batch["cards"].values()}
    seen |= {Path(row["path"]).name for row in mismatched_batch["errors"].values()}
    walked = {p.name for p in inputs.rglob("*") if not p.is_dir() and not p.name.startswith("~$")}
    assert walked <= seen
