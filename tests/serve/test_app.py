"""Every route of the review workspace, through Flask's test client."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from pipeline.review import history, latest_decisions, record_decision, signed_off
from pipeline.serve.text import text_segments
from pipeline.values import DroppedSpan, Evidence
from pipeline.vocab import load_rubric

BILL = "ct-cgs-52-571k"


def _soup(response):
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def _form(client, bill=BILL):
    token = _soup(client.get(f"/bill/{bill}")).find("input", attrs={"name": "token"})["value"]
    return token


def test_segments_mark_evidence_in_place_and_keep_dropped_text():
    text = "The court may award fees. Immunity is no defense."
    evidence = {"attorney_fees": [Evidence("may award fees", 10, 24)],
                "end_qi_law_enforcement": [Evidence("fees. Immunity", 20, 34)]}
    segments = text_segments(text, evidence, [DroppedSpan("shall ", 10, "strikethrough")])
    assert "".join(s.text for s in segments if s.kind == "text") == text
    assert [s.text for s in segments if s.kind == "dropped"] == ["shall "]
    assert [s.criteria for s in segments if s.text == "fees"] == [["attorney_fees", "end_qi_law_enforcement"]]
    # an evidence span whose offsets no longer match is found by its words
    moved = text_segments("xx " + text, {"attorney_fees": [Evidence("may award fees", 10, 24)]})
    assert [s.text for s in moved if s.criteria] == ["may award fees"]


def test_queue_lists_every_draft_needs_review_first_and_filters(client, drafts, ct_draft):
    calm = ct_draft.to_dict() | {"bill_id": "calm-bill"}
    for result in calm["criteria"].values():
        result["needs_review"] = False
    (drafts / "calm-bill.json").write_text(json.dumps(calm))
    (drafts / "summary.json").write_text("[]")  # not a scorecard: ignored
    soup = _soup(client.get("/"))
    assert [a.get_text() for a in soup.select("a.bill-link")] == [BILL, "calm-bill"]
    # filter by jurisdiction (from the manifest; else the bill id's prefix)
    soup = _soup(client.get("/?jurisdiction=Connecticut"))
    assert [a.get_text() for a in soup.select("a.bill-link")] == [BILL]
    # by criterion and verdict: bills whose verdict on that criterion is that verdict
    soup = _soup(client.get("/?criterion=public_records&verdict=partial"))
    assert len(soup.select("a.bill-link")) == 2
    soup = _soup(client.get("/?criterion=public_records&verdict=yes"))
    assert soup.select("a.bill-link") == []
    assert client.get("/?criterion=nonsense").status_code == 400
    assert client.get("/?verdict=maybe").status_code == 400


def test_criterion_filter_drops_bills_signed_off_on_it(client, app, ct_draft):
    record_decision(ct_draft, "public_records", "accept", reviewer="bob", db_path=app.config["DB"])
    assert _soup(client.get("/?criterion=public_records")).select("a.bill-link") == []
    assert len(_soup(client.get("/?criterion=attorney_fees")).select("a.bill-link")) == 1


def test_bill_page_shows_text_evidence_and_criteria(client, ct_draft, ct_document):
    soup = _soup(client.get(f"/bill/{BILL}"))
    text = soup.select_one("#bill-text pre").get_text()
    assert text == ct_document.text
    marks = {m.get_text() for m in soup.select("mark.ev")}
    for result in ct_draft.criteria.values():
        for e in result.evidence:
            assert e.text in marks
    sections = soup.select("section.criterion")
    assert [s["data-criterion"] for s in sections] == list(load_rubric().ids)
    fees = soup.select_one("#c-attorney_fees")
    assert "confidence 0.80" in fees.get_text() and fees.select_one(".verdict").get_text() == "No"
    assert "may be awarded" in fees.select_one(".explanation").get_text()
    assert "needs-review" in soup.select_one("#c-public_records")["class"]
    assert soup.select_one('script[src="/static/workspace.js"]') is not None
    assert not soup.select('script[src^="http"], link[href^="http"]')  # no external assets
    assert client.get("/bill/no-such-bill").status_code == 404


def test_decisions_go_to_the_review_store(client, app, ct_draft):
    token = _form(client)
    db = app.config["DB"]
    post = lambda **form: client.post(f"/bill/{BILL}/decide", data={"token": token, **form})  # noqa: E731
    shown = ct_draft.criteria["attorney_fees"].explanation
    response = post(criterion="attorney_fees", action="accept", explanation=shown, shown_explanation=shown)
    assert response.status_code == 303 and response.headers["Location"].endswith("#c-attorney_fees")
    new = "Partially meets standard. The FOI act opens records once a complaint is sustained."
    shown = ct_draft.criteria["public_records"].explanation
    assert post(criterion="public_records", action="change", verdict="no", explanation=shown,
                shown_explanation=shown).status_code == 303
    assert post(criterion="public_records", action="edit", explanation=new, shown_explanation=shown).status_code == 303
    assert post(criterion="failure_to_intervene", action="note", note="no mention").status_code == 303
    latest = latest_decisions(BILL, db_path=db)
    assert latest["attorney_fees"].action == "accept" and latest["attorney_fees"].explanation is None
    assert latest["attorney_fees"].reviewer == "ann"
    assert (latest["public_records"].final_verdict, latest["public_records"].explanation) == ("no", new)
    assert [d.action for d in history(BILL, "public_records", db_path=db)] == ["change", "edit"]
    assert set(signed_off(BILL, db_path=db)) == {"attorney_fees", "public_records"}
    # the bill page shows the state after review
    soup = _soup(client.get(f"/bill/{BILL}"))
    records = soup.select_one("#c-public_records")
    assert "signed" in records["class"] and records.select_one(".explanation").get_text() == new
    assert "7 of 9 criteria pending" in soup.get_text()
    # bad requests: wrong token, missing verdict, unknown criterion
    assert client.post(f"/bill/{BILL}/decide", data={"token": "x", "criterion": "attorney_fees",
                                                     "action": "accept"}).status_code == 403
    assert post(criterion="attorney_fees", action="note", note="").status_code == 400
    assert post(criterion="nonsense", action="accept").status_code == 400
    assert len(history(BILL, db_path=db)) == 4


def test_cli_decisions_show_in_the_browser(client, app, ct_draft):
    record_decision(ct_draft, "attorney_fees", "change", verdict="yes", explanation="Yes. Shown.",
                    reviewer="cli-user", db_path=app.config["DB"])
    fees = _soup(client.get(f"/bill/{BILL}")).select_one("#c-attorney_fees")
    assert fees.select_one(".verdict").get_text() == "Yes" and "cli-user" in fees.select_one(".history").get_text()


def test_sign_off_accepts_what_is_pending_and_the_page_publishes(client, app, ct_draft):
    token = _form(client)
    db = app.config["DB"]
    record_decision(ct_draft, "public_records", "change", verdict="yes", explanation="Yes. Open records.",
                    reviewer="bob", db_path=db)
    response = client.post(f"/bill/{BILL}/signoff", data={"token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/bill/{BILL}/page")
    signed = signed_off(BILL, db_path=db)
    assert set(signed) == set(load_rubric().ids)
    assert signed["public_records"].reviewer == "bob" and signed["attorney_fees"].reviewer == "ann"
    page = _soup(client.get(f"/bill/{BILL}/page"))
    totals = [h.get_text(" ", strip=True) for h in page.select("section.group h2")]
    assert totals == ["End Qualified Immunity 2/4 legislation passed", "Start Real Accountability 2/5"]
    assert page.select_one("#public_records p").get_text(" ", strip=True) == "Yes. Open records."
    link = page.select_one("a.source")["href"]
    source = client.get(link)
    assert source.status_code == 200 and source.mimetype == "text/plain" and b"52-571k" in source.data
    assert client.post(f"/bill/{BILL}/signoff", data={}).status_code == 403


def test_compare_route(client, drafts, ct_draft):
    newer = ct_draft.to_dict() | {"bill_id": "ct-newer"}
    newer["criteria"]["attorney_fees"]["verdict"] = "yes"
    (drafts / "ct-newer.json").write_text(json.dumps(newer))
    soup = _soup(client.get(f"/compare?old={BILL}&new=ct-newer"))
    change = soup.select_one("#change-attorney_fees")
    assert change is not None and "No" in change.h2.get_text() and "Yes" in change.h2.get_text()
    assert len(soup.select("section.change")) == 1
    assert client.get(f"/compare?old={BILL}&new=missing").status_code == 404


def test_hostile_bill_text_is_escaped(client, drafts, ct_draft):
    hostile = ct_draft.to_dict() | {"bill_id": "hostile", "title": "<script>alert('t')</script>"}
    hostile["criteria"]["attorney_fees"]["explanation"] = "No. <img src=x onerror=alert(1)>"
    hostile["criteria"]["attorney_fees"]["evidence"][0]["text"] = '"><script>alert(2)</script>'
    hostile["source"]["path"] = "/nonexistent/hostile.txt"
    (drafts / "hostile.json").write_text(json.dumps(hostile))
    for url in ("/", "/bill/hostile", "/bill/hostile/page"):
        response = client.get(url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.data, "html.parser")
        assert all(s.get("src") == "/static/workspace.js" for s in soup.find_all("script")), url
        assert soup.find("img") is None
    body = client.get("/bill/hostile").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "source file of this draft is not available" in body
    assert client.get("/bill/hostile/source").status_code == 404


def test_static_assets_are_served_from_the_package(client):
    script = client.get("/static/workspace.js")
    assert script.status_code == 200 and b"keydown" in script.data
    assert not re.search(rb"https?://", script.data)
    assert client.get("/static/workspace.css").status_code == 200


def test_serve_cli_binds_localhost_by_default(monkeypatch, drafts, tmp_path):
    from flask import Flask
    from typer.testing import CliRunner

    from pipeline.cli import app as cli

    seen = {}
    monkeypatch.setattr(Flask, "run", lambda self, **kw: seen.update(kw))
    result = CliRunner().invoke(cli, ["serve", "--drafts", str(drafts), "--db", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8765
    assert CliRunner().invoke(cli, ["serve", "--drafts", str(tmp_path / "none")]).exit_code == 2


def test_a_changed_verdict_does_not_show_the_drafts_argument(client, app, ct_draft):
    record_decision(ct_draft, "attorney_fees", "change", verdict="yes", reviewer="ann", db_path=app.config["DB"])
    fees = _soup(client.get(f"/bill/{BILL}")).select_one("#c-attorney_fees")
    assert "no explanation yet" in fees.select_one(".explanation").get_text()
    assert fees.select_one("textarea").get_text() == ""


def test_pages_come_from_the_shared_template_environment(client, drafts, ct_draft):
    """The workspace renders with pipeline.templating's environment: its ``reveal`` filter shows a
    bidi control in a bill's title as a visible mark instead of letting it reorder the page."""
    card = ct_draft.to_dict() | {"bill_id": "bidi", "title": "Act \u202eTHGIR\u202c on remedies"}
    card["source"]["path"] = "/nonexistent/bidi.txt"
    (drafts / "bidi.json").write_text(json.dumps(card))
    for url in ("/", "/bill/bidi"):
        body = client.get(url).get_data(as_text=True)
        assert "\u202e" not in body and "⟨U+202E⟩" in body, url
