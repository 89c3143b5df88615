"""The publishable scorecard page: reads like the campaign's pages, nothing of the machinery shows."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from pipeline.export import export_final, publishable_page
from pipeline.review import record_decision
from pipeline.values import Scorecard
from pipeline.vocab import load_rubric

OPENINGS = ("Yes.", "No.", "Partially Meets Standard.")
FOI = "Partially meets standard. Connecticut's FOI act opens records, some only once a complaint is sustained."


def _review_like_the_campaign(card, db):
    """The human scorecard of RUBRIC.md's worked example, decided in the review store."""
    for cid in load_rubric().ids:
        if cid == "public_records":
            record_decision(card, cid, "edit", explanation=FOI, reviewer="ann", db_path=db)
        else:
            record_decision(card, cid, "accept", reviewer="ann", db_path=db)


def _quotes(sentence):
    """Passages in double quotes long enough to be the law's words (not a quoted "may")."""
    return [q for q in re.findall(r'"([^"]*)"', sentence) if len(q) >= 12]


def _sentences(page):
    soup = BeautifulSoup(page, "html.parser")
    return soup, {div["id"]: div.find("p").get_text(" ", strip=True) for div in soup.select("div.criterion")}


def test_connecticut_page_reads_like_the_campaigns(tmp_path, drafts_of, ct_draft, ct_document):
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    _review_like_the_campaign(ct_draft, db)
    result = export_final(out, drafts, db_path=db)
    assert result.published == [ct_draft.bill_id]
    page = (out / f"{ct_draft.bill_id}.page.html").read_text()
    soup, sentences = _sentences(page)
    assert list(sentences) == list(load_rubric().ids)
    totals = [h.get_text(" ", strip=True) for h in soup.select("section.group h2")]
    assert totals == ["End Qualified Immunity 2/4 legislation passed", "Start Real Accountability 1.5/5"]
    assert "3.5/9" in soup.select_one(".overall").get_text()
    assert sentences["end_qi_law_enforcement"] == (
        'No. The statewide law keeps a defense when "the police officer had an objectively good faith '
        "belief that such officer's conduct did not violate the law.\""
    )
    assert sentences["public_records"].startswith("Partially Meets Standard. Connecticut's FOI act")
    for cid, sentence in sentences.items():
        assert sentence.startswith(OPENINGS), cid
        assert "The proposed legislation" not in sentence and "The bill" not in sentence
        assert len(_quotes(sentence)) <= 1, sentence  # one quote per criterion
    # the quotes are the law's own words
    text = " ".join(ct_document.text.split())
    for quote in (q for s in sentences.values() for q in _quotes(s)):
        assert quote.rstrip(".") in text
    # no confidences, offsets, signals or component names
    visible = soup.get_text(" ")
    for machinery in ("0.8", "confidence", "rule:", "chars ", "needs review", "signal", str(ct_draft.criteria["full_compensation"].evidence[0].start)):
        assert machinery not in visible, machinery
    link = soup.select_one("a.source")
    assert link is not None and (out / link["href"]).read_text() == ct_document.text


def test_page_only_for_signed_off_bills(tmp_path, drafts_of, ct_draft):
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    record_decision(ct_draft, "attorney_fees", "accept", reviewer="ann", db_path=db)
    result = export_final(out, drafts, db_path=db)
    assert result.bills == [ct_draft.bill_id] and result.published == []
    assert not (out / f"{ct_draft.bill_id}.page.html").exists()


def test_a_bill_is_the_proposed_legislation_and_the_reviewer_picks_the_quote(ct_draft, ct_document):
    data = ct_draft.to_dict() | {"bill_id": "nm-hb4-2021-introduced"}  # a bill in the corpus manifest
    chosen = "the plaintiff may be awarded costs and reasonable attorney's fees"
    data["criteria"]["attorney_fees"]["explanation"] = (
        f'No. The bill says the court may award fees: "{chosen}"'
    )
    data["criteria"]["end_qi_public_employees"]["explanation"] = (
        'No. The bill covers police officers only: "No police officer, acting alone or in conspiracy with another"'
    )
    card = Scorecard.from_dict(data)
    _, sentences = _sentences(publishable_page(card, ct_document))
    assert sentences["attorney_fees"] == f'No. The proposed legislation says the court may award fees: "{chosen}."'
    assert sentences["end_qi_public_employees"].startswith("No. The proposed legislation covers police officers only")
    assert not any("statewide law" in s for s in sentences.values())


def test_a_quote_that_is_not_the_laws_words_is_not_taken(ct_draft, ct_document):
    data = ct_draft.to_dict()
    data["criteria"]["full_compensation"]["explanation"] = 'Yes. The law says "the state pays every award in full"'
    _, sentences = _sentences(publishable_page(Scorecard.from_dict(data), ct_document))
    assert "shall protect and save harmless any such police officer" in sentences["full_compensation"]
    assert "pays every award" not in sentences["full_compensation"]


def test_hostile_text_is_inert(ct_draft):
    data = ct_draft.to_dict()
    data["title"] = "<script>alert(1)</script>"
    data["source"]["url"] = "javascript:alert(1)"
    data["criteria"]["attorney_fees"]["explanation"] = 'No. <img src=x onerror=alert(1)> "may"'
    page = publishable_page(Scorecard.from_dict(data))
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None
    assert "&lt;script&gt;" in page and "javascript:" not in page


def test_a_verdict_changed_without_explanation_claims_nothing(tmp_path, drafts_of, ct_draft):
    """The draft's claim argued the old verdict; the page then only quotes the law, and never
    names the reviewer or the draft."""
    db, drafts, out = tmp_path / "r.sqlite", drafts_of(ct_draft), tmp_path / "final"
    for cid in load_rubric().ids:
        if cid == "attorney_fees":
            record_decision(ct_draft, cid, "change", verdict="yes", reviewer="ann", db_path=db)
        else:
            record_decision(ct_draft, cid, "accept", reviewer="ann", db_path=db)
    export_final(out, drafts, db_path=db)
    _, sentences = _sentences((out / f"{ct_draft.bill_id}.page.html").read_text())
    assert sentences["attorney_fees"] == (
        'Yes. The statewide law provides: "the plaintiff may be awarded costs and reasonable attorney\'s fees."'
    )
    assert not any("reviewer" in s or "draft" in s for s in sentences.values())
