"""The compiled plain-line reader (pipeline/ingest/plainlines.c) gives exactly the runs of the
pure-Python reader it stands in for (wordruns._plain_line_runs), which stays the fallback where
no C compiler is available: same entries, same floats, same runs, on every corpus PDF page and
on generated pages; and whole documents read the same either way."""

from __future__ import annotations

import pytest

from pipeline.ingest import compiled, load_document


@pytest.fixture
def library():
    lib = compiled.library()
    if lib is None:
        pytest.skip("no compiled reader here (no C compiler, or STATUTE_PURE_PYTHON set)")
    return lib


def _pdfs(corpus):
    return sorted((corpus / "pdfs").glob("*.pdf")) + sorted((corpus / "bulk" / "pdfs").glob("*.pdf"))


def _runs_both_ways(monkeypatch, path, reader):
    """Per page: (runs read with the compiled reader, runs read in pure Python)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            textpage = page.get_textpage()
            fast = reader(textpage, pdfium_c, *page.get_size())
            with monkeypatch.context() as patch:
                patch.setattr(compiled, "library", lambda: None)
                slow = reader(textpage, pdfium_c, *page.get_size())
            yield fast, slow
            textpage.close()
            page.close()
    finally:
        pdf.close()


def test_same_runs_on_every_corpus_page(corpus, monkeypatch, library):
    """The word reader (plain lines, and characters of other lines, side tabs turned upright)."""
    from pipeline.ingest import wordruns

    pages = words = turned = 0
    for path in _pdfs(corpus):
        for fast, slow in _runs_both_ways(monkeypatch, path, wordruns.page_runs_by_word):
            assert fast == slow, path.name
            pages += 1
            words += sum(1 for chars, _ in fast for entry in chars if len(entry) == 8)
            turned += sum(len(chars) for chars, turns in fast if turns)
    assert pages > 300 and words > 50_000 and turned > 5_000  # the comparison is not empty


def test_same_per_character_runs_on_every_corpus_page(corpus, monkeypatch, library):
    """The per-character reader (pages whose drawing has strokes), on every page."""
    from pipeline.ingest import layout

    pages = turned = 0
    for path in _pdfs(corpus):
        for fast, slow in _runs_both_ways(monkeypatch, path, layout.page_runs):
            assert fast == slow, path.name
            pages += 1
            turned += sum(len(chars) for chars, turns in fast if turns)
    assert pages > 300 and turned > 5_000


def test_same_documents_both_ways(corpus, tmp_path, monkeypatch, library, draw_redline):
    """Whole documents: corpus bills, and generated pages (numbered and not, a running head,
    a glued number) read with and without the compiled reader."""
    pages = [
        [[("Section 1. In 2010, the legislature found that a person may bring an action", None)],
         [("for the deprivation of any right  secured by the constitution.", None)],
         [("12 apples and 3 pears are not margin numbers here.", None)]],
        [[("Sec. 2. Qualified immunity is not a defense to an action under this section.", None)]],
    ]
    paths = [corpus / "pdfs" / "us-hr6972-2018-ih.pdf", corpus / "pdfs" / "us-hr100-2021-ih.pdf"]
    paths += [draw_redline(tmp_path / f"g{numbered}.pdf", pages, numbered=numbered) for numbered in (True, False)]
    for path in paths:
        fast = load_document(path)
        monkeypatch.setenv(compiled.PURE_PYTHON_ENV, "1")
        slow = load_document(path)
        monkeypatch.delenv(compiled.PURE_PYTHON_ENV)
        assert (fast.text, fast.page_spans, fast.lines, fast.dropped) == \
               (slow.text, slow.page_spans, slow.lines, slow.dropped), path.name


def test_no_compiler_falls_back_to_python(tmp_path, monkeypatch):
    """No compiler and nothing built yet: no library, and PDFs are still read (in Python)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("CC", str(tmp_path / "no-such-compiler"))
    monkeypatch.setattr(compiled, "_loaded", {})
    monkeypatch.setattr(compiled.shutil, "which", lambda name: None)
    assert compiled.library() is None
    assert not list((tmp_path / "cache").rglob("*.so"))


def test_built_into_the_cache_dir(tmp_path, monkeypatch):
    """With a compiler, the library is built under the user cache dir (nowhere else) once."""
    import shutil

    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CC", raising=False)
    monkeypatch.delenv(compiled.PURE_PYTHON_ENV, raising=False)
    monkeypatch.setattr(compiled, "_loaded", {})
    assert compiled.library() is not None
    built = list((tmp_path / "cache" / "statute-pipeline").iterdir())
    assert len(built) == 1 and built[0].suffix == ".so"


def test_same_drawing_both_ways(corpus, tmp_path, monkeypatch, library, draw_redline, redline_spec):
    """The page walk for strokes and images (object types read in C, or one by one in Python):
    the same strokes, images and unresolved flag on every corpus page and on a drawn redline
    (struck and underlined words: strokes to find)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from pipeline.ingest import drawing

    redline = draw_redline(tmp_path / "redline.pdf", redline_spec["pages"])
    strokes = 0
    for path in _pdfs(corpus) + [redline]:
        pdf = pdfium.PdfDocument(path)
        try:
            for page in pdf:
                fast = drawing.page_drawing(page, pdfium_c)
                with monkeypatch.context() as patch:
                    patch.setattr(compiled, "library", lambda: None)
                    slow = drawing.page_drawing(page, pdfium_c)
                assert fast == slow, path.name
                strokes += len(fast.strokes)
                page.close()
        finally:
            pdf.close()
    assert strokes > 10
