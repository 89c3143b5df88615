"""Every shared-corpus text and PDF ingests into a well-formed Document."""

from __future__ import annotations

import re

import pytest

from pipeline.config import corpus_dir
from pipeline.ingest.repair import unrepaired_text
from pipeline.ingest import load_document, normalize_text

CORPUS = corpus_dir()
TEXTS = sorted((CORPUS / "texts").glob("*.txt")) if CORPUS.is_dir() else []
PDFS = sorted((CORPUS / "pdfs").glob("*.pdf")) + sorted((CORPUS / "bulk" / "pdfs").glob("*.pdf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")


def check_document_invariants(document) -> None:
    text = document.text
    assert text.strip()
    assert normalize_text(text) == text, "the text must already be in normal form"
    previous_end = -1
    for span in document.lines:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start > previous_end, "line spans are ordered and disjoint"
        assert "\n" not in text[span.start:span.end]
        previous_end = span.end
    previous = 0
    for start, end in document.page_spans:
        assert previous <= start <= end <= len(text)
        previous = end
    for dropped in document.dropped:
        assert 0 <= dropped.offset <= len(text)


@needs_corpus
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_corpus_text_ingests(path):
    document = load_document(path)
    assert document.source.format == "txt"
    assert document.source.encoding == "utf-8"
    check_document_invariants(document)
    # plain text is decoded, normalised and repaired, and every repair is recorded: the text with
    # its dropped and changed spans put back is the normalised file, character for character
    raw = path.read_bytes().decode("utf-8-sig")
    assert unrepaired_text(document.text, document.dropped, document.changed) == normalize_text(raw)


@needs_corpus
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_every_corpus_pdf_ingests_without_furniture(path):
    document = load_document(path)
    assert document.source.format == "pdf"
    assert document.source.pages == len(document.page_spans) > 1
    check_document_invariants(document)
    text = document.text
    # running heads/footers and the GPO slug line are gone ...
    assert "VerDate" not in text and "Jkt" not in text and "Sfmt" not in text
    assert not re.search(r"\u2022\s*H\.?\s?R\.?\s*\d+", text), "running head '\u2022HR n' survived"
    assert "DSK" not in text and "PROD with BILLS" not in text, "side tab survived"
    # ... but they are kept as dropped furniture: a running head on every numbered text page
    furniture_pages = {d.page for d in document.dropped if d.reason == "furniture"}
    assert furniture_pages >= {span.page for span in document.lines if span.line is not None} - {1}
    # no bare page numbers as lines
    assert not any(re.fullmatch(r"\d{1,3}", line) for line in text.splitlines())
    # margin line numbers were recognised and taken off their lines
    numbered = [span for span in document.lines if span.line is not None]
    assert len(numbered) > 0.6 * len(document.lines)
    for span in numbered:
        line = text[span.start:span.end]
        assert not re.match(rf"{span.line}\s", line) or re.match(r"\d+\s+(U\.S\.C|Stat|percent|days|years|months)", line), line
    # numbering restarts on each page and increases down the page
    by_page: dict[int, list[int]] = {}
    for span in numbered:
        by_page.setdefault(span.page, []).append(span.line)
    for numbers in by_page.values():
        assert numbers == sorted(numbers)
    # hyphenation at line ends is undone: no line ends in a letter-hyphen followed by a lowercase start
    lines = text.splitlines()
    broken = [(a, b) for a, b in zip(lines, lines[1:]) if re.search(r"[a-z]-$", a) and re.match(r"[a-z]", b)]
    assert not broken, broken[:3]


@needs_corpus
def test_pdf_locate_maps_offsets_to_page_and_printed_line():
    document = load_document(CORPUS / "pdfs" / "us-hr1500-2019-ih.pdf")
    offset = document.text.index("Be it enacted")
    page, line = document.locate(offset)
    assert page >= 1 and line == 1
    # the enacting clause is followed by SECTION 1 within the first few printed lines
    page2, line2 = document.locate(document.text.index("SECTION 1."))
    assert page2 == page and 1 < line2 <= 5
