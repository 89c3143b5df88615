"""Words the source marks as deleted are shown struck in the reports, next to the evidence they
belong to, and in ``statute text --dropped``; they are never part of the scored text.

The bills here are written for these tests: a redline PDF drawn the way state legislatures print
amended bills (``tests/ingest/conftest.py``: struck deletions, underlined insertions, a numbered
margin), and plain texts in the New Jersey and New Mexico bracket conventions.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import document_from_text
from pipeline.report import DELETED_HERE, DELETED_ROW, escape_markdown, evidence_snippet, render_html, render_markdown
from pipeline.run import score_document, score_file
from pipeline.values import CriterionResult, Evidence, Scorecard
from pipeline.vocab import load_rubric
from tests.ingest.conftest import REDLINE_PAGES, STRUCK, draw_redline_pdf

runner = CliRunner()

#: A New Jersey committee amendment in the bracket convention (written for this test).
NJ_BILL = """ASSEMBLY, No. 4321
STATE OF NEW JERSEY
Section 3 of P.L.2021, c.12 (C.2A:62A-41) is amended to read as follows:
3. a. A person who is deprived of any right secured by the Constitution of this State by a law enforcement officer may bring a civil action for damages. Qualified immunity shall not be a defense to an action under this section.
b. In any action under this section, the court 1[may]1 shall award reasonable attorney fees [and costs] to a prevailing plaintiff.
"""


def markdown_to_html(text: str) -> str:
    """CommonMark + GFM tables and strikethrough; markdown-it writes ``<s>`` where GitHub writes ``<del>``."""
    rendered = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)
    return rendered.replace("<s>", "<del>").replace("</s>", "</del>")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def redline(tmp_path_factory):
    path = draw_redline_pdf(tmp_path_factory.mktemp("redline") / "hb2101.pdf", REDLINE_PAGES)
    result = score_file(path)
    return path, result.document, result.scorecard


def test_redline_count_is_on_the_scorecard_and_the_report(redline):
    _, document, card = redline
    struck_words = sum(len(phrase.split()) for phrase in STRUCK) + 2  # "may" is struck twice more (B., C.)
    assert document.deleted_word_count == struck_words == card.deleted_words == 18
    assert card.to_dict()["deleted_words"] == 18
    assert f"| {DELETED_ROW} | 18 " in render_markdown(card, document)
    soup = BeautifulSoup(render_html(card, document), "html.parser")
    row = next(tr for tr in soup.select("table.bill tr") if tr.th.get_text() == DELETED_ROW)
    assert row.td.get_text().startswith("18 ")


def test_struck_words_are_shown_struck_inside_the_evidence_they_belong_to(redline):
    _, document, card = redline
    fees = card.criteria["attorney_fees"]
    assert fees.verdict == "yes" and fees.evidence
    evidence = fees.evidence[0]
    # the scored quote is the law as amended: neither struck "may" nor "in its discretion" is in it
    assert _flat(evidence.text) == "C. The court shall award reasonable attorney fees to a prevailing plaintiff."
    # HTML: inside the marked quote the struck words stand where they were printed, in <del>
    soup = BeautifulSoup(render_html(card, document), "html.parser")
    section = soup.find("section", id="attorney_fees")
    mark = section.find("blockquote", class_="ctx").find("mark")
    assert [d.get_text() for d in mark.find_all("del")] == ["may", "in its discretion"]
    assert _flat(mark.get_text()) == "C. The court may shall award reasonable attorney fees to a prevailing plaintiff in its discretion."
    for struck in mark.find_all("del"):
        struck.decompose()
    assert _flat(mark.get_text()).replace(" .", ".") == _flat(evidence.text)  # the rest is exactly what was scored
    note = section.find("div", class_="deleted").get_text()
    assert note.startswith(DELETED_HERE)
    assert "may (struck through; page 2, line 1)" in note and "in its discretion (struck through; page 2, line 2)" in note
    # Markdown: the same, as GFM strikethrough inside the bold quote
    markdown = render_markdown(card, document)
    rendered = markdown_to_html(markdown)
    assert "<strong>C. The court <del>may</del> shall award reasonable attorney fees to a prevailing plaintiff " \
           "<del>in its discretion</del>.</strong>" in rendered
    assert "~~may~~ (struck through; page 2, line 1)" in markdown


def test_struck_words_outside_the_quote_are_struck_in_its_context_only(redline):
    _, document, card = redline
    indemnity = card.criteria["full_compensation"].evidence[0]
    snippet = evidence_snippet(indemnity, document)
    # "may raise" (line 3) stands before the quote: struck in the context, not listed under this evidence
    assert ("deleted", "may raise") in snippet.before_parts
    assert [span.text for span in snippet.deleted_in_span] == ["may", "only if the officer acted in good faith"]
    assert [(span.page, span.line) for span in snippet.deleted_in_span] == [(1, 6), (1, 7)]
    # the plain before/span/after stay the scored text (the review terminal uses them)
    assert "may raise" not in snippet.before and "only if" not in snippet.span


def test_end_of_report_lists_every_deletion_with_page_and_line(redline):
    _, document, card = redline
    markdown = render_markdown(card, document)
    listed = markdown.split("## Words treated as deleted", 1)[1].split("\n---", 1)[0]
    items = [line for line in listed.splitlines() if line.startswith("- ")]
    assert len(items) == 6
    assert items[0] == "- ~~may raise~~ (struck through; page 1, line 3; at char 167)"
    soup = BeautifulSoup(render_html(card, document), "html.parser")
    assert [li.find("del").get_text() for li in soup.select("ul.deletions li")] == [
        "may raise", "good-faith reliance or", "may", "only if the officer acted in good faith", "may", "in its discretion"]


def test_bracketed_deletions_in_a_new_jersey_amendment_are_struck_in_both_reports():
    document = document_from_text(NJ_BILL, name="nj-a4321")
    assert "[may]" not in document.text and "and costs" not in document.text
    card = score_document(document).scorecard
    assert card.deleted_words == 3  # "1[may]1", "[and costs]"
    fees = card.criteria["attorney_fees"]
    assert fees.verdict == "yes"
    markdown = render_markdown(card, document)
    quote = next(line for line in markdown.splitlines()
                 if line.lstrip().startswith(">") and "**b. In any action" in line)
    assert "the court ~~1\\[may\\]1~~ shall award reasonable attorney fees ~~\\[and costs\\]~~ to a prevailing plaintiff.**" in quote
    rendered = markdown_to_html(markdown)
    assert "the court <del>1[may]1</del> shall award reasonable attorney fees <del>[and costs]</del> to a prevailing" in rendered
    page = render_html(card, document)
    assert "the court <del>1[may]1</del> shall award reasonable attorney fees <del>[and costs]</del>" in page
    assert "1[may]1 (in brackets)" in BeautifulSoup(page, "html.parser").get_text()


def test_statute_report_command_writes_the_struck_words(report_bill):
    _, out = report_bill("nj-a4321.txt", NJ_BILL)
    assert "~~1\\[may\\]1~~ shall award" in (out / "nj-a4321.md").read_text(encoding="utf-8")
    assert "<del>1[may]1</del> shall award" in (out / "nj-a4321.html").read_text(encoding="utf-8")


def test_reports_without_deletions_have_no_strike_marks(ct_draft, ct_document):
    markdown = render_markdown(ct_draft, ct_document)
    assert "~~" not in markdown and DELETED_ROW not in markdown and "Words treated as deleted" not in markdown
    assert "<del>" not in render_html(ct_draft, ct_document)


def test_hostile_deleted_words_stay_inert():
    text = ("[bracketed material] = delete\nSECTION 1. The officer [<script>alert(1)</script> **may** ~~x~~ | `y`] "
            "shall not raise qualified immunity as a defense.\n")
    document = document_from_text(text, name="nm-hostile")
    hostile = next(span for span in document.dropped if span.reason == "bracketed")
    quote = "shall not raise qualified immunity as a defense."
    start = document.text.index(quote)
    criteria = {cid: CriterionResult("no", 0.5, False, "No.", []) for cid in load_rubric().ids}
    criteria["end_qi_law_enforcement"] = CriterionResult(
        "yes", 0.9, False, "Yes.", [Evidence(quote, start, start + len(quote), section="1")])
    card = Scorecard(bill_id=document.bill_id, source=document.source.to_dict(), pipeline={"version": "t"},
                     relevant=True, criteria=criteria, deleted_words=document.deleted_word_count)
    page = render_html(card, document)
    assert "<script>" not in page and "&lt;script&gt;" in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("del").get_text() == hostile.text.strip()
    markdown = render_markdown(card, document)
    rendered = markdown_to_html(markdown)
    assert "<script>" not in rendered and "<code>y" not in rendered and "<strong>may" not in rendered
    assert re.search(r"<del>\[&lt;script&gt;alert\(1\)&lt;/script&gt; \*\*may\*\* ~~x~~ \| `y`\]</del>", rendered)
    assert escape_markdown("`y`") in markdown


def test_statute_text_dropped_shows_deleted_words_struck_in_their_place(redline):
    path, _, _ = redline
    result = runner.invoke(app, ["text", str(path), "--dropped"])
    assert result.exit_code == 0, result.output
    assert "18 word(s) treated as deleted" in result.output
    line = next(l for l in result.output.splitlines() if l.startswith("[strikethrough p2:1 "))
    # piped output has no styles, so the struck words are marked ~~ ~~ and shown where they stood
    assert "~~may~~" in line and "The court ~~may~~ shall award" in line
    assert "[furniture p1 @0] HB 2101 - AMENDED" in result.output


def test_review_terminal_strikes_the_deleted_words_in_context(redline):
    from rich.console import Console

    from pipeline.cli.review import _criterion_panel

    _, document, card = redline
    panel = _criterion_panel(card, "attorney_fees", 7, document, None, 220)
    console = Console(record=True, width=200, force_terminal=True, color_system="truecolor")
    console.print(panel)
    plain = " ".join(console.export_text().split())
    assert "C. The court may shall award" in plain  # the struck "may" stands where it was printed
    struck = [segment.text for segment in console.render(panel) if segment.style and segment.style.strike]
    assert "may" in struck and "in its discretion" in [s.strip() for s in struck]
