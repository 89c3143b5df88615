"""Fixtures for ingestion tests: redline PDFs drawn with reportlab the way state legislatures
print amended bills (numbered margin, struck-through deletions, underlined insertions), and
broken inputs. Everything is generated into ``tmp_path``; no binaries are committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import corpus_dir

CORPUS = corpus_dir()


def _register_helper(name: str) -> None:
    """Make the test-only module ``name``.py next to this file importable as ``name`` (tests are
    not a package: ``--import-mode=importlib``); conftest runs before the test modules here."""
    import importlib.util
    import sys

    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)


_register_helper("word_agreement")  # word-level agreement of two texts (PDF vs XML, repaired vs clean)
_register_helper("damage")  # damaged copies of clean texts


def draw_redline_pdf(path: Path, pages: list[list[list[tuple[str, str | None]]]], *, font: str = "Times-Roman",
                     size: float = 12, header: str | None = "HB 2101 - AMENDED", strike_style: str = "line",
                     numbered: bool = True, encrypt: str | None = None) -> Path:
    """Draw a bill page by page. Each line is a list of ``(words, style)`` pieces, style one of
    ``None``, ``"strike"`` or ``"underline"``. ``strike_style``: ``"line"`` (a stroked line, as
    word processors export), ``"rect"`` (a thin filled rectangle) or ``"path"`` (one path for all
    strikes of a page, as some layout programs do)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    kwargs = {}
    if encrypt:
        from reportlab.lib import pdfencrypt

        kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner" + encrypt, canPrint=0)
    c = canvas.Canvas(str(path), pagesize=letter, **kwargs)
    width, height = letter
    for page_number, lines in enumerate(pages, start=1):
        if header:
            c.setFont("Helvetica", 9)
            c.drawString(72, height - 40, header)
            c.drawRightString(width - 72, 30, f"Page {page_number} of {len(pages)}")
        path_strikes = []
        y = height - 90
        for line_number, pieces in enumerate(lines, start=1):
            if numbered:
                c.setFont("Helvetica", 9)
                c.drawRightString(62, y, str(line_number))
            x = 90.0
            c.setFont(font, size)
            for k, (words, style) in enumerate(pieces):
                last = k == len(pieces) - 1
                text = words if last or pieces[k + 1][0][:1] in ".,;:" else words + " "
                c.drawString(x, y, text)
                w = stringWidth(words, font, size)
                if style == "strike":
                    mid = y + 0.3 * size
                    if strike_style == "line":
                        c.setLineWidth(0.8)
                        c.line(x, mid, x + w, mid)
                    elif strike_style == "rect":
                        c.rect(x, mid - 0.35, w, 0.7, stroke=0, fill=1)
                    else:
                        path_strikes.append((x, mid, x + w))
                elif style == "underline":
                    c.setLineWidth(0.6)
                    c.line(x, y - 1.8, x + w, y - 1.8)
                x += stringWidth(text, font, size)
            y -= 2 * size
        if path_strikes:
            p = c.beginPath()
            for x0, yy, x1 in path_strikes:
                p.moveTo(x0, yy)
                p.lineTo(x1, yy)
            c.setLineWidth(0.8)
            c.drawPath(p, stroke=1, fill=0)
        c.showPage()
    c.save()
    return path


#: A redlined amendment written for these tests (not taken from any corpus document).
REDLINE_PAGES = [
    [
        [("Section 1. Section 41-7-12 of the Revised Statutes is amended to read:", None)],
        [("A. A law enforcement officer who deprives a person of a right", None)],
        [("secured by the state constitution", None), ("may raise", "strike"), ("shall not raise", "underline"), ("the", None)],
        [("defense of", None), ("good-faith reliance or", "strike"), ("qualified immunity in any action", None)],
        [("brought under this section.", None)],
        [("B. A public body", None), ("may", "strike"), ("shall", "underline"), ("indemnify its officers", None)],
        [("for any judgment", None), ("only if the officer acted in good faith", "strike"), ("entered against them.", None)],
    ],
    [
        [("C. The court", None), ("may", "strike"), ("shall award reasonable attorney fees", None)],
        [("to a prevailing plaintiff", None), ("in its discretion", "strike"), (".", None)],
        [("Section 2. EFFECTIVE DATE. This act takes effect July 1.", None)],
    ],
]
STRUCK = ["may raise", "good-faith reliance or", "only if the officer acted in good faith", "in its discretion"]
UNDERLINED = ["shall not raise", "shall indemnify", "shall award"]


@pytest.fixture
def draw_redline():
    """The PDF drawing function (tests import nothing from conftest: --import-mode=importlib)."""
    return draw_redline_pdf


@pytest.fixture
def redline_spec():
    return {"pages": REDLINE_PAGES, "struck": STRUCK, "underlined": UNDERLINED}


@pytest.fixture(scope="session")
def corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
