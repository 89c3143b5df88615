"""The word-by-word PDF reader (pipeline/ingest/wordruns.py) gives the same documents as the
per-character reader it replaces on most pages: same text, page spans, line spans (page and
margin line) and dropped spans, on corpus bills and on generated pages."""

from __future__ import annotations

import pytest

from pipeline.ingest import load_document, wordruns


def _per_character(monkeypatch, path):
    """The document as the per-character reader gives it (the word reader switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(wordruns, "page_runs_by_word", lambda *args, **kwargs: None)
        return load_document(path)


def _same(a, b):
    assert a.text == b.text
    assert a.page_spans == b.page_spans
    assert a.lines == b.lines
    assert a.dropped == b.dropped


@pytest.mark.parametrize("name", ["us-hr6972-2018-ih.pdf", "us-hr100-2021-ih.pdf"])
def test_corpus_bill_reads_the_same_word_by_word(corpus, monkeypatch, name):
    path = corpus / "pdfs" / name
    _same(load_document(path), _per_character(monkeypatch, path))


def test_words_are_read_as_words(corpus):
    """The comparison above is not empty: the corpus pages are read word by word, margin
    numbers and words each one entry."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(corpus / "pdfs" / "us-hr6972-2018-ih.pdf")
    try:
        page = pdf[1]
        textpage = page.get_textpage()
        runs = wordruns.page_runs_by_word(textpage, pdfium_c, *page.get_size())
        entries = [entry for chars, _ in runs for entry in chars]
        words = [entry for entry in entries if len(entry) == 8]
        assert len(words) > 0.5 * sum(1 for entry in entries if entry[0] != " ")
        assert all(" " not in entry[0] for entry in words)
        textpage.close()
        page.close()
    finally:
        pdf.close()


def test_generated_pages_read_the_same(tmp_path, monkeypatch, draw_redline):
    """Numbered lines with a running head, an unnumbered page, and a glued number ("2010,")."""
    pages = [
        [[("Section 1. In 2010, the legislature found that a person may bring an action", None)],
         [("for the deprivation of any right secured by the constitution.", None)],
         [("12 apples and 3 pears are not margin numbers here.", None)]],
        [[("Sec. 2. Qualified immunity is not a defense to an action under this section.", None)]],
    ]
    for numbered in (True, False):
        path = draw_redline(tmp_path / f"g{numbered}.pdf", pages, numbered=numbered)
        _same(load_document(path), _per_character(monkeypatch, path))
