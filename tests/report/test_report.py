"""Draft evaluation reports: layout, evidence in context, and inert output for hostile bills."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from pipeline.ingest import load_document
from pipeline.report import (
    DRAFT_BANNER,
    escape_markdown,
    evidence_snippet,
    render_html,
    render_markdown,
)
from pipeline.values import CriterionResult, Evidence, Scorecard

GOOD_FAITH = "objectively good faith belief that such officer's conduct did not violate the law"


def markdown_to_html(text: str) -> str:
    """Render as a permissive renderer would: CommonMark with raw HTML allowed, plus tables."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)


# --------------------------------------------------------------------------- real bill


def test_markdown_report_of_connecticut_statute(ct_draft, ct_document):
    report = render_markdown(ct_draft, ct_document)
    # group headings with the rubric's totals (RUBRIC.md worked example: end 2/4, start 1.5/5)
    assert "## End Qualified Immunity (2/4 criteria met)" in report
    assert "## Start Real Accountability (1.5/5 criteria met)" in report
    assert "**Overall: 3.5/9**" in report
    # title and status come from the corpus manifest
    assert "Connecticut" in report and "enacted" in report
    # a banner on exactly the criteria that need review (3 here), in the table and in the details
    flagged = [cid for cid, r in ct_draft.criteria.items() if r.needs_review]
    assert len(flagged) == 3
    assert report.count(f"**\u26a0 {DRAFT_BANNER}.**") == len(flagged)
    assert report.count(f"**{DRAFT_BANNER}**") == len(flagged)
    # the evidence is in bold inside the surrounding statute text (context from the document)
    assert f"**{escape_markdown(GOOD_FAITH)}**" in report
    line = next(l for l in report.splitlines() if escape_markdown(GOOD_FAITH) in l and l.lstrip().startswith(">"))
    assert "at the time of the conduct complained of, the police officer had an" in line
    assert "interlocutory appeal" in line  # text after the span
    # the pipeline and model versions are printed
    assert "statute-pipeline 0.1.0; model clause-clf-test" in report
    # and Markdown renders the span as emphasis
    rendered = markdown_to_html(report)
    assert f"<strong>{html.escape(GOOD_FAITH, quote=False)}</strong>" in rendered.replace("&#x27;", "'")


def test_html_report_of_connecticut_statute(ct_draft, ct_document):
    page = render_html(ct_draft, ct_document)
    soup = BeautifulSoup(page, "html.parser")
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings == ["End Qualified Immunity (2/4 criteria met)", "Start Real Accountability (1.5/5 criteria met)"]
    marks = [m.get_text() for m in soup.find_all("mark")]
    assert GOOD_FAITH in marks
    context = soup.find("mark", string=GOOD_FAITH).parent.get_text()
    assert "the police officer had an " + GOOD_FAITH + ". There shall be no interlocutory" in context
    sections = soup.find_all("section", class_="criterion")
    assert len(sections) == 9
    flagged = {s["id"] for s in sections if s.find("div", class_="banner")}
    assert flagged == {cid for cid, r in ct_draft.criteria.items() if r.needs_review}
    verdicts = {s["id"]: s.find("span", class_="verdict").get_text() for s in sections}
    assert "Partial" in verdicts["public_records"] and "Yes" in verdicts["full_compensation"]
    assert "clause-clf-test" in soup.find("footer").get_text()
    # self-contained: inline style only, nothing fetched, nothing executed
    assert soup.find("style") is not None
    assert not soup.find_all(["script", "link", "img", "iframe", "object", "embed"])
    assert all(a["href"].startswith("#") for a in soup.find_all("a"))
    assert "src=" not in page and "@import" not in page and "url(" not in page


def test_without_document_the_span_is_shown_alone(ct_draft):
    report = render_markdown(ct_draft)  # no document: no context, still the quote
    assert f"**{escape_markdown(GOOD_FAITH)}**" in report
    assert "interlocutory appeal" not in report


def test_snippet_relocates_evidence_when_offsets_drift(ct_document):
    start = ct_document.text.index(GOOD_FAITH)
    drifted = Evidence(GOOD_FAITH, start + 7, start + 7 + len(GOOD_FAITH))
    snippet = evidence_snippet(drifted, ct_document.text, 40)
    assert snippet.in_context and snippet.span == GOOD_FAITH
    assert snippet.before.startswith("\u2026") and snippet.after.endswith("\u2026")
    missing = evidence_snippet(Evidence("not in the statute", 0, 18), ct_document.text)
    assert not missing.in_context and missing.span == "not in the statute"


# --------------------------------------------------------------------------- hostile bill text

HOSTILE = """An Act concerning <script>alert('x')</script> officers

# SECTION 1. Not a heading

* not a list item *bold* _em_ ~~strike~~
1. not an ordered list
| col | umn |
|---|---|
Visit [click me](javascript:alert(1)) or ![img](http://evil.example/x.png) now.
Code `rm -rf /` and ```fenced``` and <img src=x onerror=alert(2)> and &amp; entity.
<a href="javascript:alert(3)">link</a> \\[escaped\\] {{template}} $x$

Qualified immunity is not a defense <b onmouseover=alert(4)>to</b> an action under this section.
"""

PAYLOADS = [
    "<script>alert('x')</script>",
    "[click me](javascript:alert(1))",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">link</a>',
    "Qualified immunity is not a defense <b onmouseover=alert(4)>to</b> an action",
]


def hostile_scorecard(tmp_path):
    path = tmp_path / "hostile-bill.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    document = load_document(path)
    criteria = {}
    for cid in ct_ids():
        criteria[cid] = CriterionResult("no", 0.5, True, "No. The bill has no mention of it `x` | y.", [])
    evidence = []
    for payload in PAYLOADS:
        start = document.text.index(payload)
        evidence.append(Evidence(payload, start, start + len(payload), section="1 <i>x</i>", signals=["rule:qi_barred"]))
    criteria["end_qi_law_enforcement"] = CriterionResult(
        "yes", 0.9, True, 'Yes. "Qualified immunity is not a defense <b onmouseover=alert(4)>to</b>" [x](javascript:1)', evidence
    )
    card = Scorecard(
        bill_id=document.bill_id,
        source=document.source.to_dict(),
        pipeline={"version": "0.1.0", "model": "<script>m</script>"},
        relevant=True,
        criteria=criteria,
        title="# Title <script>alert('t')</script> | *x*",
    )
    return card, document


def ct_ids():
    from pipeline.vocab import load_rubric

    return load_rubric().ids


def _assert_inert_html(page: str) -> BeautifulSoup:
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "object", "embed", "link", "b", "i"])
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), (tag.name, attr)
            assert "javascript:" not in str(value).lower(), (tag.name, attr, value)
    assert all(a.get("href", "").startswith("#") for a in soup.find_all("a"))
    return soup


def test_html_report_of_hostile_bill_is_inert(tmp_path):
    card, document = hostile_scorecard(tmp_path)
    page = render_html(card, document)
    soup = _assert_inert_html(page)
    visible = soup.get_text()
    for payload in PAYLOADS:  # every payload is shown, literally, as text
        assert payload in visible
    assert "<script>alert('t')</script>" in soup.find("h1").get_text()


def test_markdown_report_of_hostile_bill_is_inert(tmp_path):
    card, document = hostile_scorecard(tmp_path)
    report = render_markdown(card, document)
    rendered = markdown_to_html(report)
    soup = _assert_inert_html(rendered)
    assert not soup.find_all(["pre", "del", "s", "em"]), "bill text made markup"
    assert sorted(c.get_text() for c in soup.find_all("code")) == sorted(ct_ids())  # ours: the criterion ids
    evidence_list = soup.find_all("ol")
    assert len(evidence_list) == 1 and len(evidence_list[0].find_all("li", recursive=False)) == len(PAYLOADS)
    # only our own headings: the title, two groups, nine criteria
    assert len(soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])) == 1 + 2 + 9
    # tables: our metadata table and one per group, each row with the expected cell count
    tables = soup.find_all("table")
    assert len(tables) == 3
    for row in tables[1].find_all("tr") + tables[2].find_all("tr"):
        assert len(row.find_all(["td", "th"])) == 4
    visible = soup.get_text()
    for payload in PAYLOADS:
        assert payload in visible
    # the only emphasis is ours: the marked evidence spans, the review banners, labels
    strong = [s.get_text() for s in soup.find_all("strong")]
    assert "<script>alert('x')</script>" in strong


def test_escape_markdown_neutralises_line_start_syntax():
    for raw in ("# heading", "- item", "+ item", "1. item", "2) item", "> quote", "=== ", "    code"):
        rendered = markdown_to_html(escape_markdown(raw))
        assert rendered.startswith("<p>") and rendered.count("<") == 2, (raw, rendered)
    assert re.fullmatch(r"<p>a \| b</p>\n", markdown_to_html(escape_markdown("a | b")))


def test_evidence_location_names_section_page_and_line():
    from pipeline.report import evidence_location

    located = Evidence("text", 10, 14, section="\u00a7 4(b)", page=3, line=12)
    assert evidence_location(located) == "\u00a7 4(b), page 3, line 12, chars 10\u201314"
    assert evidence_location(Evidence("text", 0, 4, section="52-571k(d)(1)")) == "\u00a7 52-571k(d)(1), chars 0\u20134"
